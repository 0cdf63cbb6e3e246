"""agent skills

Revision ID: d4005
Revises: d4004
Create Date: 2026-02-18 10:00:00.000000

Why: routing matches tickets to agents by skill. The table was first created without a key by
a script; the primary key is added afterwards.
"""
from alembic import op
import sqlalchemy as sa

revision = "d4005"
down_revision = "d4004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_skills",
        sa.Column("agent_id", sa.Integer(), sa.ForeignKey("agents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("skill", sa.String(60), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False, server_default="1"),
    )
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("agent_skills") as batch_op:
            batch_op.create_primary_key("pk_agent_skills", ["agent_id", "skill"])
    else:
        op.create_primary_key("pk_agent_skills", "agent_skills", ["agent_id", "skill"])


def downgrade() -> None:
    op.drop_table("agent_skills")
