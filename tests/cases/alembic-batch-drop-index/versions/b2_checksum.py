"""replace version with checksum

Revision ID: b2
Revises: b1
Create Date: 2024-01-02 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b2"
down_revision = "b1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("block_schema") as batch_op:
        batch_op.drop_column("version")
        batch_op.add_column(sa.Column("checksum", sa.String(), nullable=True))
        batch_op.drop_index("uq_block_schema__name_version")
        batch_op.create_index("uq_block_schema__checksum", ["checksum"], unique=True)


def downgrade():
    with op.batch_alter_table("block_schema") as batch_op:
        batch_op.drop_index("uq_block_schema__checksum")
        batch_op.drop_column("checksum")
        batch_op.add_column(sa.Column("version", sa.String(), nullable=True))
        batch_op.create_index("uq_block_schema__name_version", ["name", "version"], unique=True)
