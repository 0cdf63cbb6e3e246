"""customer ip, agent capabilities, partial index on unsolved tickets

Revision ID: d4006
Revises: d4005
Create Date: 2026-02-20 10:00:00.000000

Why: abuse detection wants the customer's last address; routing wants the AI agents' tool list.
PostgreSQL has native types for both; the other databases store text.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "d4006"
down_revision = "d4005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("customers", sa.Column("last_ip", postgresql.INET(), nullable=True))
        op.add_column(
            "agents",
            sa.Column(
                "capabilities",
                postgresql.ARRAY(sa.String(40)),
                nullable=False,
                server_default=sa.text("'{}'::varchar[]"),
            ),
        )
        op.create_index(
            "ix_tickets_unsolved",
            "tickets",
            ["assignee_id"],
            postgresql_where=sa.text("status IN ('open', 'pending')"),
        )
    else:
        op.add_column("customers", sa.Column("last_ip", sa.String(45), nullable=True))
        op.add_column("agents", sa.Column("capabilities", sa.Text(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_tickets_unsolved", table_name="tickets")
    with op.batch_alter_table("agents") as batch_op:
        batch_op.drop_column("capabilities")
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_column("last_ip")
