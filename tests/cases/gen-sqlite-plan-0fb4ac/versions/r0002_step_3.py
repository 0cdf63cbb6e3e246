"""step_3

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
    with op.batch_alter_table("ticket_1") as batch_op:
        batch_op.alter_column("team_4", new_column_name="owner_25", existing_type=sa.Text())


def downgrade() -> None:
    with op.batch_alter_table("ticket_1") as batch_op:
        batch_op.alter_column("owner_25", new_column_name="team_4", existing_type=sa.Text())
