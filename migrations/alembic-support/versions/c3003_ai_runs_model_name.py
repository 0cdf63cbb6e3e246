"""ai_runs: model becomes model_name, longer

Revision ID: c3003
Revises: c3002
Create Date: 2026-02-09 10:00:00.000000

Why: provider model names (`provider/model-version`) outgrew 50 characters; the tool name is
now recorded. SQLite cannot ALTER a column: batch mode rebuilds the table there.
"""
from alembic import op
import sqlalchemy as sa

revision = "c3003"
down_revision = "c3002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ai_runs") as batch_op:
        batch_op.alter_column(
            "model",
            new_column_name="model_name",
            existing_type=sa.String(50),
            type_=sa.String(120),
            existing_nullable=False,
        )
        batch_op.alter_column(
            "cost_usd",
            existing_type=sa.Numeric(10, 6),
            nullable=False,
            server_default="0",
            comment="Provider price at the time of the run",
        )
        batch_op.add_column(sa.Column("tool_calls", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("ai_runs") as batch_op:
        batch_op.drop_column("tool_calls")
        batch_op.alter_column(
            "cost_usd",
            existing_type=sa.Numeric(10, 6),
            nullable=True,
            server_default=None,
            comment=None,
            existing_comment="Provider price at the time of the run",
        )
        batch_op.alter_column(
            "model_name",
            new_column_name="model",
            existing_type=sa.String(120),
            type_=sa.String(50),
            existing_nullable=False,
        )
