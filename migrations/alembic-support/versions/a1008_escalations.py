"""escalations

Revision ID: a1008
Revises: a1007
Create Date: 2026-01-15 16:00:00.000000

Why: an AI agent hands a ticket to a human team when it is out of its depth.
"""
from alembic import op
import sqlalchemy as sa

revision = "a1008"
down_revision = "a1007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.BigInteger(), sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("from_agent_id", sa.Integer(), sa.ForeignKey("agents.id"), nullable=True),
        sa.Column("to_team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False, server_default="1"),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column(
            "escalated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
    )
    # A constraint added after the fact: ALTER TABLE where the database can, a rebuild on SQLite.
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("escalations") as batch_op:
            batch_op.create_check_constraint("ck_escalations_level", "level BETWEEN 1 AND 3")
    else:
        op.create_check_constraint("ck_escalations_level", "escalations", "level BETWEEN 1 AND 3")


def downgrade() -> None:
    op.drop_table("escalations")
