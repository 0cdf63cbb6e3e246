"""jobs: one enum type shared by two tables

`sa.Enum(..., name="job_status")` in two `create_table` calls: SQLAlchemy remembers the PostgreSQL
type it created in the run and emits `CREATE TYPE job_status` only once. `sa.Enum(Priority)` of a
Python enum takes the member names and the type name `priority`.

Revision ID: s1003
Revises: s1002
Create Date: 2024-03-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

from myapp.db.types import GUID, Timestamp
from myapp.enums import Priority

revision = "s1003"
down_revision = "s1002"
branch_labels = None
depends_on = None

STATUS = ("queued", "running", "done")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("status", sa.Enum(*STATUS, name="job_status"), nullable=False),
        sa.Column("queued_at", Timestamp(), nullable=True),
        sa.Column("priority", sa.Enum(Priority), nullable=False),
    )
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("job_id", GUID(), sa.ForeignKey("jobs.id"), nullable=False),
        sa.Column("status", sa.Enum(*STATUS, name="job_status"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("job_runs")
    op.drop_table("jobs")
    if op.get_bind().dialect.name == "postgresql":
        sa.Enum(name="job_status").drop(op.get_bind())
        sa.Enum(name="priority").drop(op.get_bind())
