"""step_4

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
    with op.batch_alter_table("rating_21") as batch_op:
        batch_op.create_unique_constraint("uq_account_29", ["status_22"])


def downgrade() -> None:
    with op.batch_alter_table("rating_21") as batch_op:
        batch_op.drop_constraint("uq_account_29", type_="unique")
