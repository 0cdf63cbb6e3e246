"""events: with_variant, and keys declared use_alter

`with_variant` picks a type per dialect name (`mysql` is the name SQLAlchemy reports for a
`mysql://` URL, MariaDB included, so the `mariadb` variant is not used there). A foreign key
declared `use_alter=True` is left out of CREATE TABLE on PostgreSQL and MySQL and never added by
`op.create_table`; SQLite keeps it inline.

Revision ID: s1002
Revises: s1001
Create Date: 2024-03-02 09:00:00
"""

import sqlalchemy as sa
from alembic import op

from myapp.db.types import GUID

revision = "s1002"
down_revision = "s1001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("account_id", GUID(), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("last_delivery_id", sa.Integer(), sa.ForeignKey("deliveries.id", use_alter=True)),
        sa.Column(
            "kind",
            sa.String(10).with_variant(sa.Text(), "postgresql").with_variant(sa.CHAR(8), "mysql"),
            nullable=False,
        ),
        sa.Column("note", sa.String(30).with_variant(sa.Text(), "mariadb")),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("retry_of_id", sa.Integer()),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_deliveries_event"),
        sa.ForeignKeyConstraint(
            ["retry_of_id"], ["deliveries.id"], name="fk_deliveries_retry", use_alter=True
        ),
    )


def downgrade() -> None:
    op.drop_table("deliveries")
    op.drop_table("events")
