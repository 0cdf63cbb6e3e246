"""customer plan, backfilled from is_vip

Revision ID: d4002
Revises: d4001
Create Date: 2026-02-12 09:00:00.000000

Why: pricing moved from a VIP flag to plans. The column is added nullable, backfilled, then made
NOT NULL (a data migration between two schema changes).
"""
from alembic import op
import sqlalchemy as sa

revision = "d4002"
down_revision = "d4001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("plan", sa.String(20), nullable=True))
    connection = op.get_bind()
    connection.execute(
        sa.text("UPDATE customers SET plan = CASE WHEN is_vip THEN 'enterprise' ELSE 'free' END")
    )
    with op.batch_alter_table("customers") as batch_op:
        batch_op.alter_column(
            "plan", existing_type=sa.String(20), nullable=False, server_default="free"
        )


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_column("plan")
