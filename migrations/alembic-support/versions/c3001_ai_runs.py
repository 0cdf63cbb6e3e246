"""ai runs

Revision ID: c3001
Revises: a1008
Create Date: 2026-02-03 11:00:00.000000

Why: every answer drafted by an AI agent is logged with its model, cost and tokens.
Branch `ai` of the history, developed in parallel with the `kb` branch (b2001).
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "c3001"
down_revision = "a1008"
branch_labels = ("ai",)
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        payload_type = postgresql.JSONB()
        run_id_type = postgresql.UUID(as_uuid=True)
    else:
        payload_type = sa.JSON()
        run_id_type = sa.Uuid()
    op.create_table(
        "ai_runs",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("run_uuid", run_id_type, nullable=False, unique=True),
        sa.Column("agent_id", sa.Integer(), sa.ForeignKey("agents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ticket_id", sa.BigInteger(), sa.ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True),
        sa.Column("model", sa.String(50), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("completion_tokens", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("cost_usd", sa.Numeric(10, 6), nullable=True),
        sa.Column("latency", sa.Float(), nullable=True),
        sa.Column("request", payload_type, nullable=True),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_ai_runs_agent_started", "ai_runs", ["agent_id", "started_at"])


def downgrade() -> None:
    # The index goes with the table. Dropping it first fails on MariaDB: it replaced the index
    # the foreign key had, and InnoDB refuses to drop the last index a foreign key can use.
    op.drop_table("ai_runs")
