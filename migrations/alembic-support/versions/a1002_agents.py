"""agents, human and AI

Revision ID: a1002
Revises: a1001
Create Date: 2026-01-06 10:00:00.000000

Why: tickets are answered by people and by AI agents; both are rows of one table.
"""
from alembic import op
import sqlalchemy as sa

revision = "a1002"
down_revision = "a1001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("external_id", sa.Uuid(), nullable=False, unique=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("kind", sa.Enum("human", "ai", name="agent_kind"), nullable=False),
        sa.Column(
            "team_id",
            sa.Integer(),
            sa.ForeignKey("teams.id", ondelete="SET NULL", onupdate="CASCADE"),
            nullable=True,
        ),
        sa.Column("hourly_cost", sa.Numeric(8, 2), nullable=True),
        sa.Column("max_open_tickets", sa.SmallInteger(), nullable=False, server_default="20"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("true")),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
    )
    op.create_index("ix_agents_team_id", "agents", ["team_id"])


def downgrade() -> None:
    # The index goes with the table. Dropping it first fails on MariaDB: it replaced the index
    # the foreign key had, and InnoDB refuses to drop the last index a foreign key can use.
    op.drop_table("agents")
    # Dropping the table leaves PostgreSQL's enum type behind.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TYPE agent_kind")
