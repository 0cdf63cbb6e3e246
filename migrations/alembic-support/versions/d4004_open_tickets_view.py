"""open tickets view

Revision ID: d4004
Revises: d4003
Create Date: 2026-02-16 09:00:00.000000

Why: the dashboard lists open tickets. The view reads only tickets, which no later revision
rebuilds: SQLite cannot rename a rebuilt table (batch mode) that a view refers to.
"""
from alembic import op

revision = "d4004"
down_revision = "d4003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIEW open_tickets AS "
        "SELECT id, subject, priority, assignee_id FROM tickets WHERE status = 'open'"
    )


def downgrade() -> None:
    op.execute("DROP VIEW open_tickets")
