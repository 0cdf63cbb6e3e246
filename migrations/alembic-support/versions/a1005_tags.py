"""tags and ticket_tags

Revision ID: a1005
Revises: a1004
Create Date: 2026-01-09 14:00:00.000000

Why: agents classify tickets; the first tags are seeded so the AI triage has a vocabulary.
"""
from alembic import op
import sqlalchemy as sa

revision = "a1005"
down_revision = "a1004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tags = op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(60), nullable=False),
        sa.Column("label", sa.Unicode(100), nullable=False),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "ticket_tags",
        sa.Column("ticket_id", sa.BigInteger(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("ticket_id", "tag_id"),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], ondelete="CASCADE", onupdate="CASCADE"),
    )
    op.bulk_insert(
        tags,
        [
            {"slug": "billing", "label": "Billing"},
            {"slug": "bug", "label": "Bug report"},
            {"slug": "how-to", "label": "How-to question"},
        ],
    )


def downgrade() -> None:
    op.drop_table("ticket_tags")
    op.drop_table("tags")
