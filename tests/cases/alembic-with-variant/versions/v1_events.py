"""events with per-dialect column types

Revision ID: v1
Revises:
Create Date: 2024-01-01 00:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision = "v1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column(
            "kind",
            sa.String(10).with_variant(sa.Text(), "postgresql").with_variant(sa.CHAR(8), "mysql"),
            nullable=False,
        ),
        sa.Column("note", sa.String(30).with_variant(sa.Text(), "mariadb")),
        sa.Column("flags", sa.Integer().with_variant(mysql.TINYINT(unsigned=False), "mysql")),
    )
    op.add_column(
        "events",
        sa.Column("size", sa.Integer().with_variant(sa.BigInteger(), "mysql", "mariadb")),
    )


def downgrade():
    op.drop_column("events", "size")
    op.drop_table("events")
