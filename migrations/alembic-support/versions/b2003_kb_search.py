"""kb keywords and search index

Revision ID: b2003
Revises: b2002
Create Date: 2026-02-06 15:00:00.000000

Why: article search. PostgreSQL gets a text[] column with a GIN index; the other databases keep
the keywords as JSON.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "b2003"
down_revision = "b2002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("kb_articles", sa.Column("keywords", postgresql.ARRAY(sa.Text()), nullable=True))
        op.create_index(
            "ix_kb_articles_keywords", "kb_articles", ["keywords"], postgresql_using="gin"
        )
    else:
        op.add_column("kb_articles", sa.Column("keywords", sa.JSON(), nullable=True))
    op.create_index(
        "ix_kb_articles_published",
        "kb_articles",
        ["updated_at"],
        postgresql_where=sa.text("published"),
    )


def downgrade() -> None:
    op.drop_index("ix_kb_articles_published", table_name="kb_articles")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_kb_articles_keywords", table_name="kb_articles")
    op.drop_column("kb_articles", "keywords")
