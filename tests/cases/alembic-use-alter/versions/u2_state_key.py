"""the key use_alter left out, added explicitly

Revision ID: u2
Revises: u1
Create Date: 2024-01-02 00:00:00
"""

from alembic import op

revision = "u2"
down_revision = "u1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_foreign_key(
        "fk_flow_run__state_id",
        "flow_run",
        "flow_run_state",
        ["state_id"],
        ["id"],
        ondelete="SET NULL",
        use_alter=True,
    )


def downgrade():
    op.drop_constraint("fk_flow_run__state_id", "flow_run", type_="foreignkey")
