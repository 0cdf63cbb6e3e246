"""tags: label becomes name

Revision ID: d4010
Revises: d4009
Create Date: 2026-03-04 10:00:00.000000

Why: the API calls it `name` everywhere else. A plain rename: every database (SQLite since 3.25)
renames a column in place; MariaDB's CHANGE COLUMN needs the full definition, hence existing_*.
"""
from alembic import op
import sqlalchemy as sa

revision = "d4010"
down_revision = "d4009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column(
        "tags",
        "label",
        new_column_name="name",
        existing_type=sa.Unicode(100),
        existing_nullable=False,
    )


def downgrade() -> None:
    op.alter_column(
        "tags",
        "name",
        new_column_name="label",
        existing_type=sa.Unicode(100),
        existing_nullable=False,
    )
