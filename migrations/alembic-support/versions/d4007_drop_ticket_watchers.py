"""drop ticket_watchers

Revision ID: d4007
Revises: d4006
Create Date: 2026-02-23 10:00:00.000000

Why: followers are notified from ticket_messages now; nobody reads this table.
"""
from alembic import op
import sqlalchemy as sa

revision = "d4007"
down_revision = "d4006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("ticket_watchers")


def downgrade() -> None:
    op.create_table(
        "ticket_watchers",
        sa.Column("ticket_id", sa.BigInteger(), sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agent_id", sa.Integer(), sa.ForeignKey("agents.id"), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", "agent_id", name="pk_ticket_watchers"),
    )
