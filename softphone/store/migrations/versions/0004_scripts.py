"""An interaction keeps the script compliance (share of required steps visited) and the steps visited.

Revision ID: 0004_scripts
Revises: 0003_call_quality
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_scripts"
down_revision: str | None = "0003_call_quality"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("script_compliance", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("script_steps", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_column("script_steps")
        batch_op.drop_column("script_compliance")
