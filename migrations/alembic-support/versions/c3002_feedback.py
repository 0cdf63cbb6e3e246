"""feedback

Revision ID: c3002
Revises: c3001
Create Date: 2026-02-05 11:00:00.000000

Why: customers and supervising agents rate AI answers; ratings train the routing.
"""
from alembic import op
import sqlalchemy as sa

revision = "c3002"
down_revision = "c3001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ai_run_id", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        sa.ForeignKeyConstraint(["ai_run_id"], ["ai_runs.id"], name="fk_feedback_ai_run", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name="fk_feedback_customer"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="ck_feedback_rating"),
    )
    op.create_index("ix_feedback_ai_run_id", "feedback", ["ai_run_id"])


def downgrade() -> None:
    # The index goes with the table. Dropping it first fails on MariaDB: it replaced the index
    # the foreign key had, and InnoDB refuses to drop the last index a foreign key can use.
    op.drop_table("feedback")
