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
        "ticket_1",
        sa.Column("team_4", sa.Text(), nullable=True),
        sa.Column("label_5", sa.Integer(), nullable=True),
        sa.CheckConstraint("label_5 > 0"),
    )


def downgrade() -> None:
    op.drop_table("ticket_1")
