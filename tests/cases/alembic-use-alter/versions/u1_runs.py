"""runs and states point at each other

Revision ID: u1
Revises:
Create Date: 2024-01-01 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "u1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "flow_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("state_id", sa.Integer()),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("task_run.id", use_alter=True)),
        sa.ForeignKeyConstraint(
            ["state_id"], ["flow_run_state.id"], name="fk_flow_run__state_id", use_alter=True
        ),
    )
    op.create_table(
        "flow_run_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("flow_run_id", sa.Integer(), sa.ForeignKey("flow_run.id"), nullable=False),
    )
    op.create_table(
        "task_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("flow_run_id", sa.Integer(), sa.ForeignKey("flow_run.id")),
    )


def downgrade():
    op.drop_table("task_run")
    op.drop_table("flow_run_state")
    op.drop_table("flow_run")
