"""Screen-pop: a shop's logo colour (``stores.colour``, ``#rrggbb``) and an index on customers'
e-mail for the customer search.

Revision ID: 0005_screen_pop
Revises: 0004_scripts
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_screen_pop"
down_revision: str | None = "0004_scripts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("colour", sa.String(length=7), nullable=False, server_default="#607d8b")
        )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customers_email"), ["email"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_email"))
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.drop_column("colour")
