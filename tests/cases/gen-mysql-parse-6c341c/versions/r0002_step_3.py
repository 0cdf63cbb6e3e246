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
    with op.batch_alter_table("account_1") as batch_op:
        batch_op.alter_column("owner_2", nullable=False, existing_type=sa.JSON())


def downgrade() -> None:
    op.alter_column("account_1", "owner_2", nullable=True, existing_type=sa.JSON())
