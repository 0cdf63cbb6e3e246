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
    op.alter_column("title_5", "team_9", new_column_name="item_14", existing_type=sa.JSON())


def downgrade() -> None:
    op.alter_column("title_5", "item_14", new_column_name="team_9", existing_type=sa.JSON())
