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
        "rating_1",
        sa.Column("label_3", sa.Numeric(11, 3), unique=True, nullable=False, server_default=sa.text("3")),
        sa.Column("event_5", sa.String(90), nullable=True),
        sa.UniqueConstraint("event_5", name="uq_account_8"),
    )


def downgrade() -> None:
    op.drop_table("rating_1")
