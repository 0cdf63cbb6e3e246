"""agents: unique name per team, customers: unique company domain, drop sla penalty check

Revision ID: d4009
Revises: d4008
Create Date: 2026-03-02 10:00:00.000000

Why: two agents of one team with the same name confused the routing UI; penalties can now be
credits (negative), so their check goes.
"""
from alembic import op
import sqlalchemy as sa

revision = "d4009"
down_revision = "d4008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("uq_agents_team_name", "agents", ["team_id", "name"], unique=True)
    op.add_column("customers", sa.Column("domain", sa.String(120), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("customers") as batch_op:
            batch_op.create_unique_constraint("uq_customers_domain", ["domain"])
        with op.batch_alter_table("sla_policies") as batch_op:
            batch_op.drop_constraint("ck_sla_penalty_positive", type_="check")
    else:
        op.create_unique_constraint("uq_customers_domain", "customers", ["domain"])
        op.drop_constraint("ck_sla_penalty_positive", "sla_policies", type_="check")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("sla_policies") as batch_op:
            batch_op.create_check_constraint("ck_sla_penalty_positive", "breach_penalty >= 0")
        with op.batch_alter_table("customers") as batch_op:
            batch_op.drop_constraint("uq_customers_domain", type_="unique")
            batch_op.drop_column("domain")
    else:
        op.create_check_constraint("ck_sla_penalty_positive", "sla_policies", "breach_penalty >= 0")
        op.drop_constraint("uq_customers_domain", "customers", type_="unique")
        op.drop_column("customers", "domain")
    op.drop_index("uq_agents_team_name", table_name="agents")
