"""ticket_messages: index by time, channel column, body comment

Revision ID: d4008
Revises: d4007
Create Date: 2026-02-25 10:00:00.000000

Why: the timeline pages by creation time; the index was written by hand by the DBA and is kept
as SQL. PostgreSQL and MariaDB alter columns in place; SQLite rebuilds the table.
"""
from alembic import op
import sqlalchemy as sa

revision = "d4008"
down_revision = "d4007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("CREATE INDEX ix_ticket_messages_created_at ON ticket_messages (created_at)"))
    op.add_column("ticket_messages", sa.Column("channel", sa.String(10), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("ticket_messages") as batch_op:
            batch_op.alter_column("channel", existing_type=sa.String(10), type_=sa.String(20),
                                  nullable=False, server_default="email")
    else:
        op.alter_column(
            "ticket_messages",
            "channel",
            existing_type=sa.String(10),
            type_=sa.String(20),
            nullable=False,
            server_default="email",
        )
        op.alter_column(
            "ticket_messages",
            "body",
            existing_type=sa.Text(),
            existing_nullable=False,
            comment="Markdown as written by the author",
        )


def downgrade() -> None:
    with op.batch_alter_table("ticket_messages") as batch_op:
        batch_op.drop_column("channel")
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(
            "ticket_messages",
            "body",
            existing_type=sa.Text(),
            existing_nullable=False,
            comment=None,
            existing_comment="Markdown as written by the author",
        )
    op.drop_index("ix_ticket_messages_created_at", table_name="ticket_messages")
