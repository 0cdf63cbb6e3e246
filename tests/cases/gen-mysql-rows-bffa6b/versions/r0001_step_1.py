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
        "label_1",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("label_1")
