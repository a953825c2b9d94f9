"""SQLite storage of the reference CRM server: schema, transactions, versioned writes, changes feed.

Entities are stored as JSON documents (the API model's JSON form) next to the few indexed columns
the API searches on. Every write goes through :meth:`Database.put`, which stores the document and
moves the entity to a fresh sequence number in ``changes`` in the same transaction. ``changes`` holds
one row per entity (``UNIQUE(entity_type, entity_id)``), so the feed is compacted: keyset paging on
``seq`` returns every changed entity exactly once, at its latest state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refdata (kind TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS customers (
    id TEXT PRIMARY KEY, name_lc TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS customer_phones (
    e164 TEXT NOT NULL, customer_id TEXT NOT NULL, PRIMARY KEY (e164, customer_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS phones_by_customer ON customer_phones (customer_id);
CREATE TABLE IF NOT EXISTS orders (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, created_at TEXT NOT NULL,
    version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_id, created_at);
CREATE TABLE IF NOT EXISTS products (
    id TEXT PRIMARY KEY, name_lc TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS interactions (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, started_at TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS interactions_by_customer ON interactions (customer_id, started_at);
CREATE TABLE IF NOT EXISTS scripts (id TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, due_at TEXT NOT NULL,
    version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tasks_by_status ON tasks (status, due_at);
CREATE TABLE IF NOT EXISTS escalations (
    id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, created_at TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,
    op TEXT NOT NULL, UNIQUE (entity_type, entity_id));
CREATE TABLE IF NOT EXISTS reveals (
    customer_id TEXT NOT NULL, operator_id TEXT NOT NULL, revealed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS recordings (
    interaction_id TEXT PRIMARY KEY, media_type TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL,
    received_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,
    created_at TEXT NOT NULL);
"""

# entity type -> (table, extra indexed columns taken from the document)
ENTITY_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "customer": ("customers", ("name_lc", "version")),
    "order": ("orders", ("customer_id", "created_at", "version")),
    "product": ("products", ("name_lc", "version")),
    "script": ("scripts", ("version",)),
    "task": ("tasks", ("status", "due_at", "version")),
}

_FEED_SQL = (
    "SELECT c.seq, c.entity_type, c.entity_id, c.op, CASE c.entity_type "
    + " ".join(
        f"WHEN '{etype}' THEN (SELECT data FROM {table} WHERE id = c.entity_id)"
        for etype, (table, _cols) in ENTITY_TABLES.items()
    )
    + " END FROM changes c WHERE c.seq > ? ORDER BY c.seq LIMIT ?"
)


def to_json(data: Any) -> str:
    """Compact JSON as stored (and sent verbatim by the changes feed)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def index_columns(entity_type: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The indexed column values of an entity document."""
    _table, cols = ENTITY_TABLES[entity_type]
    values: dict[str, Any] = {}
    for col in cols:
        values[col] = str(doc.get("name", "")).lower() if col == "name_lc" else doc[col]
    return values


class Database:
    """One SQLite connection in WAL mode, serialised by a lock (the server's request threads share it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An immediate (write-locking) transaction, rolled back on any exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    # ------------------------------------------------------------ documents
    def get(self, entity_type: str, entity_id: str) -> dict[str, Any] | None:
        table, _cols = ENTITY_TABLES[entity_type]
        with self.reading() as conn:
            row = conn.execute(f"SELECT data FROM {table} WHERE id = ?", (entity_id,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def put(self, conn: sqlite3.Connection, entity_type: str, doc: dict[str, Any]) -> None:
        """Insert or replace an entity document and move it to the end of the changes feed."""
        table, _cols = ENTITY_TABLES[entity_type]
        cols = index_columns(entity_type, doc)
        names = ["id", *cols, "data"]
        values = [doc["id"], *cols.values(), to_json(doc)]
        conn.execute(
            f"INSERT OR REPLACE INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            values,
        )
        conn.execute(
            "INSERT OR REPLACE INTO changes (entity_type, entity_id, op) VALUES (?, ?, 'upsert')",
            (entity_type, doc["id"]),
        )
        if entity_type == "customer":
            conn.execute("DELETE FROM customer_phones WHERE customer_id = ?", (doc["id"],))
            conn.executemany(
                "INSERT OR IGNORE INTO customer_phones (e164, customer_id) VALUES (?, ?)",
                [(p["e164"], doc["id"]) for p in doc.get("phones", [])],
            )

    def changes(self, since: int, limit: int) -> list[tuple[int, str, str, str, str | None]]:
        with self.reading() as conn:
            return list(conn.execute(_FEED_SQL, (since, limit)))

    def last_seq(self) -> int:
        with self.reading() as conn:
            row = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()
        return int(row[0])

    # ------------------------------------------------------------ reference data
    def put_ref(self, conn: sqlite3.Connection, kind: str, data: Any) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO refdata (kind, data) VALUES (?, ?)",
            (kind, to_json(data)),
        )

    def get_ref(self, kind: str) -> Any:
        with self.reading() as conn:
            row = conn.execute("SELECT data FROM refdata WHERE kind = ?", (kind,)).fetchone()
        return None if row is None else json.loads(row[0])

    def query_docs(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        """Run a SELECT whose first column is a JSON document."""
        with self.reading() as conn:
            return [json.loads(row[0]) for row in conn.execute(sql, params)]

    def scalar(self, sql: str, params: Sequence[Any]) -> Any:
        with self.reading() as conn:
            row = conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    # ------------------------------------------------------------ idempotency
    def stored_response(self, conn: sqlite3.Connection, key: str) -> tuple[str, int, Any] | None:
        row = conn.execute(
            "SELECT fingerprint, status, body FROM idempotency WHERE key = ?", (key,)
        ).fetchone()
        return None if row is None else (str(row[0]), int(row[1]), json.loads(row[2]))

    def store_response(
        self, conn: sqlite3.Connection, key: str, fingerprint: str, status: int, body: Any, now: str
    ) -> None:
        conn.execute(
            "INSERT INTO idempotency (key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?)",
            (key, fingerprint, status, to_json(body), now),
        )
