"""rename block to block_document

Revision ID: p2
Revises: p1
Create Date: 2024-01-02 00:00:00
"""

from alembic import op

revision = "p2"
down_revision = "p1"
branch_labels = None
depends_on = None


def upgrade():
    op.rename_table("block", "block_document")
    with op.batch_alter_table("block_document", schema=None) as batch_op:
        batch_op.create_primary_key("pk_block_document", ["id"])


def downgrade():
    with op.batch_alter_table("block_document", schema=None) as batch_op:
        batch_op.create_primary_key("pk_block", ["id"])
    op.rename_table("block_document", "block")
