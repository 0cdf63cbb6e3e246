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
        "amount_1",
        sa.Column("kind_3", sa.Date(), nullable=True, server_default="2024-01-01"),
        sa.Column("score_4", sa.String(160), nullable=True),
        sa.Column("title_5", sa.Text(), nullable=False, server_default="new"),
        sa.UniqueConstraint("title_5"),
        sa.UniqueConstraint("score_4", name="uq_account_7"),
    )


def downgrade() -> None:
    op.drop_table("amount_1")
