"""accounts: project column types from myapp.db.types

Revision ID: s1001
Revises:
Create Date: 2024-03-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

import myapp
from myapp.db import GUID
from myapp.db.types import Name, Payload

revision = "s1001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", GUID(), primary_key=True),
        sa.Column("name", Name(40), nullable=False),
        sa.Column("slug", myapp.db.types.Slug(20), nullable=False),
        sa.Column("settings", myapp.db.types.Document()),
        sa.Column("profile", Payload(dict)),
        sa.Column("created", myapp.db.types.Timestamp(), nullable=True),
        sa.UniqueConstraint("slug", name="uq_accounts_slug"),
    )


def downgrade() -> None:
    op.drop_table("accounts")
