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
    op.alter_column("event_5", "item_7", new_column_name="team_16", existing_type=sa.DateTime())


def downgrade() -> None:
    op.alter_column("event_5", "team_16", new_column_name="item_7", existing_type=sa.DateTime())
