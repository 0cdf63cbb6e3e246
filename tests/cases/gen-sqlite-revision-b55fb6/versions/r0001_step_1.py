"""step_1

Revision ID: r0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "owner_1",
        sa.Column("created_2", sa.BigInteger(), nullable=True, server_default=sa.text("27")),
        sa.UniqueConstraint("created_2", name="uq_account_5"),
    )
    with op.batch_alter_table("owner_1") as batch_op:
        batch_op.create_unique_constraint("uq_account_7", ["created_2"])


def downgrade() -> None:
    with op.batch_alter_table("owner_1") as batch_op:
        batch_op.drop_constraint("uq_account_7", type_="unique")
    op.drop_table("owner_1")
