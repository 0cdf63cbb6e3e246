"""merge the kb and ai branches

Revision ID: d4001
Revises: b2003, c3003
Create Date: 2026-02-10 09:00:00.000000

Why: both branches shipped; feedback can now say which article the AI answer cited.
"""
from alembic import op
import sqlalchemy as sa

revision = "d4001"
down_revision = ("b2003", "c3003")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback") as batch_op:
        batch_op.add_column(sa.Column("kb_article_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_feedback_kb_article", "kb_articles", ["kb_article_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch_op:
        batch_op.drop_constraint("fk_feedback_kb_article", type_="foreignkey")
        batch_op.drop_column("kb_article_id")
