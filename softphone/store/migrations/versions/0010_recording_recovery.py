"""A call's recording is known before it starts (``pending_recordings``: its WAV, the call's start,
customer and interaction once known), so a recording left by a killed app is filed at the next start.

Revision ID: 0010_recording_recovery
Revises: 0009_review_link
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_recording_recovery"
down_revision: str | None = "0009_review_link"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wav_path", sa.String(length=400), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_recordings")),
        sa.UniqueConstraint("wav_path", name=op.f("uq_pending_recordings_wav_path")),
    )


def downgrade() -> None:
    op.drop_table("pending_recordings")
