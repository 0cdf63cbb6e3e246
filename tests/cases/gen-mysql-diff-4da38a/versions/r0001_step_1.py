"""step_1

Revision ID: r0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_8",
        sa.Column("event_1_id", sa.Integer(), nullable=False),
        sa.UniqueConstraint("event_1_id", name="uq_account_10"),
    )


def downgrade() -> None:
    op.drop_table("item_8")
