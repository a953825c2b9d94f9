"""Agent work: dispositions say whether they resolve the customer's question (first-contact
resolution), and escalations to a technical specialist are kept until the CRM has them.

Revision ID: 0007_agent_work
Revises: 0006_outbound_tasks
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_agent_work"
down_revision: str | None = "0006_outbound_tasks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dispositions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolved", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "escalations",
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("order_crm_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crm_id", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("crm_id"),
    )


def downgrade() -> None:
    op.drop_table("escalations")
    with op.batch_alter_table("dispositions", schema=None) as batch_op:
        batch_op.drop_column("resolved")
