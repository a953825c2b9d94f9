"""Outbound tasks: an abandoned cart's items (``outbound_tasks.cart_items``, JSON).

Revision ID: 0006_outbound_tasks
Revises: 0005_screen_pop
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_outbound_tasks"
down_revision: str | None = "0005_screen_pop"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbound_tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cart_items", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("outbound_tasks", schema=None) as batch_op:
        batch_op.drop_column("cart_items")
