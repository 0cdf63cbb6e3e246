"""step_4

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
    op.create_table(
        "kind_12",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False, nullable=False),
    )
    op.create_foreign_key("fk_account_22", "item_8", "kind_12", ["event_1_id"], ["id"], ondelete="RESTRICT")


def downgrade() -> None:
    op.drop_constraint("fk_account_22", "item_8", type_="foreignkey")
    op.drop_table("kind_12")
