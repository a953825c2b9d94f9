"""Call quality kept with each call in the history: mean estimated MOS, jitter and round-trip time
and the overall packet loss (NULL for calls that carried no audio, and for calls recorded before).

Revision ID: 0003_call_quality
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_call_quality"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("call_history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mos", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("jitter_ms", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("loss_pct", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("rtt_ms", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("call_history", schema=None) as batch_op:
        batch_op.drop_column("rtt_ms")
        batch_op.drop_column("loss_pct")
        batch_op.drop_column("jitter_ms")
        batch_op.drop_column("mos")
