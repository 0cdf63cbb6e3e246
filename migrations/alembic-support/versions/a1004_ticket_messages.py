"""ticket messages

Revision ID: a1004
Revises: a1003
Create Date: 2026-01-08 09:30:00.000000

Why: a ticket is a conversation between the customer and agents.
"""
from alembic import op
import sqlalchemy as sa

revision = "a1004"
down_revision = "a1003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "ticket_id",
            sa.BigInteger(),
            sa.ForeignKey("tickets.id", name="fk_messages_ticket", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("author_agent_id", sa.Integer(), sa.ForeignKey("agents.id"), nullable=True),
        sa.Column("from_customer", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachment", sa.LargeBinary(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=True, comment="Channel-specific headers"),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
    )


def downgrade() -> None:
    op.drop_table("ticket_messages")
