"""step_3

Revision ID: r0003
Revises: r0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r0003"
down_revision = "r0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project_8") as batch_op:
        batch_op.alter_column("kind_3", new_column_name="item_10", existing_type=sa.Date())


def downgrade() -> None:
    with op.batch_alter_table("project_8") as batch_op:
        batch_op.alter_column("item_10", new_column_name="kind_3", existing_type=sa.Date())
