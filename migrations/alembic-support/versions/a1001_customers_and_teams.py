"""customers and teams

Revision ID: a1001
Revises:
Create Date: 2026-01-05 09:00:00.000000

Why: the first support desk needs to know who writes in and which team answers.
"""
from alembic import op
import sqlalchemy as sa

revision = "a1001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(255), nullable=False, unique=True),
        sa.Column("display_name", sa.Unicode(120), nullable=False, comment="Name shown to agents"),
        sa.Column("company", sa.String(200), nullable=True, index=True),
        sa.Column("is_vip", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("locale", sa.String(10), nullable=False, server_default="en"),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_teams"),
        sa.UniqueConstraint("name", name="uq_teams_name"),
    )


def downgrade() -> None:
    op.drop_table("teams")
    op.drop_table("customers")
