"""Alembic environment of the local store.

``softphone.store.db.open_store`` passes its open connection in ``config.attributes["connection"]``;
from the command line a database path is given with ``-x db=PATH``. SQLite cannot ALTER most things,
so migrations use batch mode (copy-and-move tables).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from softphone.store.models import Base

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    db_path = context.get_x_argument(as_dictionary=True).get("db")
    if not db_path:
        raise SystemExit("give the database file with: alembic -x db=PATH ...")
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        _configure_and_run(conn)
        conn.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported for the local store")
run_migrations_online()
