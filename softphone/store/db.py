"""Opening the local SQLite store: engine, pragmas, migrations, sessions.

Public API (stable, other parts code against it):

- ``open_store(path: Path) -> Store`` creates the parent folder if needed, opens (or creates) the
  SQLite file, switches it to WAL, turns foreign keys on and runs the alembic migrations up to
  ``head`` programmatically. Raises ``StoreError`` with a clear message if the file is not a usable
  SQLite database (nothing is overwritten in that case).
- ``Store.session()`` context manager yielding a SQLAlchemy 2 ``Session`` for WRITES (and reads that
  lead to writes). Its transactions start with ``BEGIN IMMEDIATE``, so the write lock is taken up
  front and a read-then-write never fails with ``SQLITE_BUSY_SNAPSHOT``. Use it as
  ``with store.session() as s, s.begin(): ...`` (commits on success, rolls back on error).
- ``Store.read_session()`` the same, with a plain deferred ``BEGIN``: for the GUI's lookups. In WAL
  mode readers never wait for a writer, so a screen-pop lookup is never stuck behind a sync batch.
- ``Store.close()``, ``Store.integrity_check() -> str`` (``"ok"`` when healthy).
- ``Store.write_problem() -> str | None``: why the store cannot be written (file or folder not
  writable, SQLite opened it read-only), found by trying a write that is rolled back; checked at
  start-up so the window says so before the operator's first edit fails.

Threads: a ``Session`` belongs to the thread that opened it (never share one); the ``Store`` itself
is thread-safe (each session checks a connection out of the engine's pool). Writers are serialised
by SQLite, with a busy timeout of ``BUSY_TIMEOUT_MS``. The GUI thread must never wait long on
SQLite: its own writes are tiny (one call-history row, one operator edit + its outbox entry), while
heavy writes - sync batches of thousands of rows - run in a worker thread via ``asyncio.to_thread``
and commit in chunks (a few thousand rows per transaction) so the write lock is held only briefly.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
ALEMBIC_INI = PACKAGE_DIR / "alembic.ini"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
BUSY_TIMEOUT_MS = 5000
_BEGIN_OPTION = "softphone_sqlite_begin"
# The newest revision in migrations/versions (tests/unit/store/test_db.py keeps the two equal). A store
# already there opens without importing alembic, which costs about 17 MB and 0.4 s at every start.
HEAD_REVISION = "0010_recording_recovery"


class StoreError(Exception):
    """The local store file cannot be opened or migrated."""


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook below emit BEGIN itself (pysqlite's implicit BEGIN only starts
    # a transaction at the first DML statement, which breaks read-then-write atomicity).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL, not NORMAL: in WAL mode NORMAL survives an application crash but may lose the last
        # committed transactions on power loss or an OS crash. The outbox holds operator edits that
        # the CRM has not seen yet; once the UI says "saved" they must survive a pulled plug. FULL
        # costs one WAL fsync per commit, which is cheap for our commit pattern (single operator
        # edits, and sync batches of thousands of rows per transaction).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_size=5,
        max_overflow=10,
        pool_pre_ping=False,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def alembic_config(connection: Connection | None = None) -> Config:
    """An alembic ``Config`` for the packaged migrations, optionally bound to an open connection."""
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


OUTBOX_WRITTEN = "softphone.outbox_written"  # session.info flag set by outbox.enqueue


class Store:
    """An open local store. Create with ``open_store``; close with ``close()``."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._writer = sessionmaker(
            bind=engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}), expire_on_commit=False
        )
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)
        self._outbox_listeners: list[Callable[[], None]] = []
        event.listen(self._writer, "after_commit", self._after_commit)

    def on_outbox_written(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (on the committing thread) after each commit that queued an outbox write."""
        self._outbox_listeners.append(listener)

    def _after_commit(self, session: Session) -> None:
        if not session.info.pop(OUTBOX_WRITTEN, False):
            return
        for listener in list(self._outbox_listeners):
            try:
                listener()
            except Exception:  # a listener must never undo or break a committed local write
                log.exception("outbox listener failed")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for writes; transactions begin with ``BEGIN IMMEDIATE``."""
        with self._writer() as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reads (deferred ``BEGIN``): never waits for a writer in WAL mode."""
        with self._reader() as session:
            yield session

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check``: ``"ok"`` or SQLite's list of problems, one per line."""
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
        return "\n".join(str(r) for r in rows)

    def write_problem(self) -> str | None:
        """None when the store can be written; else a plain sentence saying why not."""
        for where in (self.path, self.path.parent):
            if where.exists() and not os.access(where, os.W_OK):
                return f"the local store {where} is not writable for this user"
        try:
            with self.session() as session, session.begin():
                session.execute(text("UPDATE alembic_version SET version_num = version_num"))
                session.rollback()
        except DatabaseError as exc:
            return f"the local store {self.path} cannot be written: {exc.orig}"
        return None

    def close(self) -> None:
        """Checkpoint the WAL into the main file and release every pooled connection."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except DatabaseError:  # pragma: no cover - closing must not fail because of a busy reader
            log.warning("WAL checkpoint on close failed", exc_info=True)
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(path: Path) -> Store:
    """Open (creating if needed) the store at ``path`` and migrate it to the latest schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = _make_engine(path)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        with engine.connect() as conn:
            if _schema_revision(conn) != HEAD_REVISION:
                _migrate(conn, path)
    except DatabaseError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the local store {path}: {exc.orig}") from exc
    except StoreError:
        engine.dispose()
        raise
    log.info("local store opened at %s", path)
    return Store(path, engine)


def _schema_revision(conn: Connection) -> str | None:
    has_table = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).scalar()
    if not has_table:
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _migrate(conn: Connection, path: Path) -> None:
    from alembic import command
    from alembic.util import CommandError

    try:
        command.upgrade(alembic_config(conn), "head")
        conn.commit()
    except CommandError as exc:  # e.g. a schema revision this version does not know
        raise StoreError(
            f"cannot migrate the local store {path} (written by a newer softphone?): {exc}"
        ) from exc
