"""step_3

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
        "rating_21",
        sa.Column("status_22", sa.SmallInteger(), nullable=True, server_default=sa.text("83")),
        sa.UniqueConstraint("status_22"),
    )


def downgrade() -> None:
    op.drop_table("rating_21")
