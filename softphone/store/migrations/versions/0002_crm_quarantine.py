"""CRM feed records that did not validate are kept in ``crm_quarantine`` instead of blocking sync;
a customer phone keeps its extension and the CRM's text (``e164`` is NULL when no number was found).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crm_quarantine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crm_quarantine")),
    )
    with op.batch_alter_table("crm_quarantine", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_crm_quarantine_entity_type_entity_id"), ["entity_type", "entity_id"], unique=False
        )

    with op.batch_alter_table("customer_phones", schema=None) as batch_op:
        batch_op.alter_column("e164", existing_type=sa.String(length=16), nullable=True)
        batch_op.add_column(sa.Column("extension", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("as_written", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customer_phones", schema=None) as batch_op:
        batch_op.drop_column("as_written")
        batch_op.drop_column("extension")
    op.execute("DELETE FROM customer_phones WHERE e164 IS NULL")
    with op.batch_alter_table("customer_phones", schema=None) as batch_op:
        batch_op.alter_column("e164", existing_type=sa.String(length=16), nullable=False)
    with op.batch_alter_table("crm_quarantine", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crm_quarantine_entity_type_entity_id"))
    op.drop_table("crm_quarantine")
