"""knowledge base articles

Revision ID: b2001
Revises: a1008
Create Date: 2026-02-02 09:00:00.000000

Why: the docs team starts a knowledge base that agents (and the AI) cite in answers.
Branch `kb` of the history, developed in parallel with the `ai` branch (c3001).
"""
from alembic import op
import sqlalchemy as sa

revision = "b2001"
down_revision = "a1008"
branch_labels = ("kb",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "knowledge_base",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(150), nullable=False),
        sa.Column("title", sa.Unicode(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("agents.id", ondelete="SET NULL"), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("views", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
    )
    op.create_index("ix_knowledge_base_slug", "knowledge_base", ["slug"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_knowledge_base_slug", table_name="knowledge_base")
    op.drop_table("knowledge_base")
