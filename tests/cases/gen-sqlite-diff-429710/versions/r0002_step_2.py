"""step_2

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
    op.rename_table("amount_1", "project_8")


def downgrade() -> None:
    op.rename_table("project_8", "amount_1")
