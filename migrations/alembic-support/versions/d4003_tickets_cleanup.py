"""tickets: drop the legacy reference, reindex status

Revision ID: d4003
Revises: d4002
Create Date: 2026-02-13 10:00:00.000000

Why: the import from the old helpdesk is finished; the dashboard filters by status and opening
time, not priority.
"""
from alembic import op
import sqlalchemy as sa

revision = "d4003"
down_revision = "d4002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.drop_constraint("uq_tickets_legacy_ref", type_="unique")
        batch_op.drop_column("legacy_ref")
        batch_op.drop_index("ix_tickets_status_priority")
        batch_op.create_index("ix_tickets_status_opened", ["status", "opened_at"])


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.drop_index("ix_tickets_status_opened")
        batch_op.create_index("ix_tickets_status_priority", ["status", "priority"])
        batch_op.add_column(sa.Column("legacy_ref", sa.String(40), nullable=True))
        batch_op.create_unique_constraint("uq_tickets_legacy_ref", ["legacy_ref"])
