"""tickets follow an sla policy

Revision ID: a1007
Revises: a1006
Create Date: 2026-01-13 10:00:00.000000

Why: the SLA clock starts when a ticket is opened under a policy.
SQLite cannot add a foreign key with ALTER TABLE: batch mode rebuilds the table there and emits
plain ALTER TABLE on the other databases.
"""
from alembic import op
import sqlalchemy as sa

revision = "a1007"
down_revision = "a1006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tickets", sa.Column("sla_policy_id", sa.Integer(), nullable=True))
    op.add_column("tickets", sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.create_foreign_key(
            "fk_tickets_sla_policy", "sla_policies", ["sla_policy_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index("ix_tickets_due_at", ["due_at"])


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.drop_index("ix_tickets_due_at")
        batch_op.drop_constraint("fk_tickets_sla_policy", type_="foreignkey")
        batch_op.drop_column("due_at")
        batch_op.drop_column("sla_policy_id")
