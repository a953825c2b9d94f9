"""Call recording and self-review: whether a shop allows its calls to be recorded
(``stores.record_calls``); an interaction's stored recording file (its upload state is the outbox
entry ``interaction.recording``) and the operator's own rating and notes.

Revision ID: 0008_recordings
Revises: 0007_agent_work
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_recordings"
down_revision: str | None = "0007_agent_work"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.add_column(sa.Column("record_calls", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recording_file", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("self_rating", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("self_review_note", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_column("self_review_note")
        batch_op.drop_column("self_rating")
        batch_op.drop_column("recording_file")
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.drop_column("record_calls")
