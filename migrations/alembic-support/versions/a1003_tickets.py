"""tickets

Revision ID: a1003
Revises: a1002
Create Date: 2026-01-07 11:00:00.000000

Why: the core of the desk. Table-level constraints are named so later revisions can drop them.
"""
from alembic import op
import sqlalchemy as sa

revision = "a1003"
down_revision = "a1002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.Unicode(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("open", "pending", "solved", "closed", name="ticket_status"),
            nullable=False,
            server_default="open",
        ),
        sa.Column("priority", sa.SmallInteger(), nullable=False, server_default="3"),
        sa.Column("channel", sa.String(20), nullable=False, server_default="email"),
        sa.Column("legacy_ref", sa.String(40), nullable=True),
        sa.Column(
            "opened_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tickets"),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_tickets_customer", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["agents.id"], name="fk_tickets_assignee", ondelete="SET NULL"
        ),
        sa.UniqueConstraint("legacy_ref", name="uq_tickets_legacy_ref"),
        sa.CheckConstraint("priority BETWEEN 1 AND 5", name="ck_tickets_priority"),
        sa.Index("ix_tickets_status_priority", "status", "priority"),
    )
    # Who follows a ticket; replaced by ticket_messages notifications in d4007.
    op.create_table(
        "ticket_watchers",
        sa.Column("ticket_id", sa.BigInteger(), sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agent_id", sa.Integer(), sa.ForeignKey("agents.id"), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", "agent_id", name="pk_ticket_watchers"),
    )


def downgrade() -> None:
    op.drop_table("ticket_watchers")
    op.drop_table("tickets")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TYPE ticket_status")
