"""step_3

Revision ID: r0002
Revises: r0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r0002"
down_revision = "r0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_constraint("uq_account_10", "item_8", type_="unique")


def downgrade() -> None:
    op.create_unique_constraint("uq_account_10", "item_8", ["event_1_id"])
