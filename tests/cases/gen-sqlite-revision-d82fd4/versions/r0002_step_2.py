"""step_2

Revision ID: r0002
Revises: r0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r0002"
down_revision = "r0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.rename_table("rating_1", "amount_9")
    with op.batch_alter_table("amount_9") as batch_op:
        batch_op.create_unique_constraint("uq_account_10", ["event_5"])


def downgrade() -> None:
    with op.batch_alter_table("amount_9") as batch_op:
        batch_op.drop_constraint("uq_account_10", type_="unique")
    op.rename_table("amount_9", "rating_1")
