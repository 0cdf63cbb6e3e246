"""block schemas

Revision ID: b1
Revises:
Create Date: 2024-01-01 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "block_schema",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("version", sa.String()),
    )
    op.create_index("uq_block_schema__name_version", "block_schema", ["name", "version"], unique=True)


def downgrade():
    op.drop_index("uq_block_schema__name_version", table_name="block_schema")
    op.drop_table("block_schema")
