"""two tables share one enum type

Revision ID: e1
Revises:
Create Date: 2024-01-01 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e1"
down_revision = None
branch_labels = None
depends_on = None

STATES = ("SCHEDULED", "RUNNING", "COMPLETED")


def upgrade():
    op.create_table(
        "flow_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("state_type", sa.Enum(*STATES, name="state_type")),
    )
    op.create_table(
        "task_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("state_type", sa.Enum(*STATES, name="state_type"), nullable=False),
    )


def downgrade():
    op.drop_table("task_run")
    op.drop_table("flow_run")
    sa.Enum(name="state_type").drop(op.get_bind())
