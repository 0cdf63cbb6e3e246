"""block

Revision ID: p1
Revises:
Create Date: 2024-01-01 00:00:00
"""

from alembic import op
import sqlalchemy as sa

revision = "p1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "block",
        sa.Column("id", sa.CHAR(36), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_block"),
    )


def downgrade():
    op.drop_table("block")
