"""rename knowledge_base to kb_articles

Revision ID: b2002
Revises: b2001
Create Date: 2026-02-04 09:00:00.000000

Why: the table holds articles; categories will live beside it. Names generated for the old
table (primary key, sequence) keep their old spelling.
"""
from alembic import op
import sqlalchemy as sa

revision = "b2002"
down_revision = "b2001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.rename_table("knowledge_base", "kb_articles")
    # SQLite keeps no comments.
    if op.get_bind().dialect.name != "sqlite":
        op.create_table_comment("kb_articles", "Knowledge base articles cited in answers")
    op.add_column(
        "kb_articles",
        sa.Column("summary", sa.String(300), nullable=True, comment="Shown in search results"),
    )


def downgrade() -> None:
    with op.batch_alter_table("kb_articles") as batch_op:
        batch_op.drop_column("summary")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_table_comment("kb_articles")
    op.rename_table("kb_articles", "knowledge_base")
