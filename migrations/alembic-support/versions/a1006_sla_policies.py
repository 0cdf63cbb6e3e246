"""sla policies

Revision ID: a1006
Revises: a1005
Create Date: 2026-01-12 08:00:00.000000

Why: enterprise customers bought response-time guarantees.
"""
import datetime

from alembic import op
import sqlalchemy as sa

revision = "a1006"
down_revision = "a1005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sla = op.create_table(
        "sla_policies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("first_response", sa.Interval(), nullable=True, comment="NULL: best effort"),
        sa.Column("business_hours_start", sa.Time(), nullable=True),
        sa.Column("business_hours_end", sa.Time(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("breach_penalty", sa.Float(), nullable=True),
        sa.CheckConstraint("breach_penalty >= 0", name="ck_sla_penalty_positive"),
    )
    # No interval in the seed: `alembic upgrade --sql` cannot print a timedelta as a literal
    # where Interval is emulated with DATETIME (MariaDB, SQLite).
    op.bulk_insert(
        sla,
        [
            {
                "name": "best-effort",
                "effective_from": datetime.date(2026, 1, 1),
                "breach_penalty": 0.0,
            },
        ],
    )


def downgrade() -> None:
    op.drop_table("sla_policies")
