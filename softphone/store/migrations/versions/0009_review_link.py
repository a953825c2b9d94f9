"""A call-history row's interaction is found from the row (the Recent calls list opens the call's
self-review): an index on ``interactions.call_history_id``.

Revision ID: 0009_review_link
Revises: 0008_recordings
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009_review_link"
down_revision: str | None = "0008_recordings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interactions_call_history_id"), ["call_history_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interactions_call_history_id"))
