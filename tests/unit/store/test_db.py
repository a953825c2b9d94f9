"""Opening the store: migrations from empty, no drift against the models, pragmas, reopen, bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from softphone.store.db import HEAD_REVISION, Store, StoreError, alembic_config, open_store
from softphone.store.models import Base, CallHistory, Customer

from .conftest import T0, crm_customer


def test_migrations_create_every_table_from_empty(tmp_path: Path) -> None:
    store = open_store(tmp_path / "nested" / "dir" / "store.db")
    try:
        tables = set(inspect(store.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert "alembic_version" in tables
        with store.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        assert current == ScriptDirectory.from_config(alembic_config()).get_current_head()
    finally:
        store.close()


def test_the_revision_a_store_opens_at_without_alembic_is_the_newest_migration() -> None:
    # a new migration must move HEAD_REVISION too, or stores at the old head would skip it
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_migrated_schema_has_no_drift_from_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    with store.engine.connect() as conn:
        command.check(alembic_config(conn))  # what `alembic check` runs: raises on drift


def test_wal_foreign_keys_and_full_sync_on_every_connection(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_integrity_check_reports_ok(store: Store) -> None:
    assert store.integrity_check() == "ok"


def test_reopen_keeps_everything(tmp_path: Path) -> None:
    from softphone.store.customers import find_customer_by_phone, upsert_customers_from_crm

    path = tmp_path / "store.db"
    store = open_store(path)
    with store.session() as session, session.begin():
        upsert_customers_from_crm(session, [crm_customer("c1", "Анна Смирнова", ["+79161234567"])])
        session.add(
            CallHistory(
                direction="inbound", number="+79161234567", started_at=T0, ended_at=T0, outcome="missed"
            )
        )
    store.close()
    again = open_store(path)  # migrations at head: nothing to do, nothing lost
    try:
        with again.read_session() as session:
            card = find_customer_by_phone(session, "+79161234567")
            assert card is not None and card.name == "Анна Смирнова"
            assert session.scalar(select(CallHistory.outcome)) == "missed"
        assert again.integrity_check() == "ok"
    finally:
        again.close()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    junk = b"this is a text file, not SQLite\n" * 200
    path.write_bytes(junk)
    with pytest.raises(StoreError, match="cannot open the local store"):
        open_store(path)
    assert path.read_bytes() == junk


def test_failed_transaction_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as session, session.begin():
        session.add(Customer(name="X", name_key="x"))
        session.flush()
        raise RuntimeError("crash mid-transaction")
    with store.read_session() as session:
        assert session.scalar(select(Customer.id)) is None


def test_readers_do_not_wait_for_a_writer_and_writers_queue_behind_each_other(store: Store) -> None:
    import threading

    locked, release = threading.Event(), threading.Event()
    order: list[str] = []

    def long_writer() -> None:  # a sync batch holding the write lock
        with store.session() as session, session.begin():
            session.execute(select(Customer.id))  # only a read so far: BEGIN IMMEDIATE still locks
            locked.set()
            release.wait(10)
            session.add(Customer(name="Пакет", name_key="пакет"))
            order.append("batch committed")

    def second_writer() -> None:
        with store.session() as session, session.begin():
            session.add(Customer(name="Оператор", name_key="оператор"))
        order.append("operator edit committed")

    batch = threading.Thread(target=long_writer)
    batch.start()
    assert locked.wait(10)
    with store.read_session() as session:  # the GUI's screen-pop read goes through at once
        assert session.scalar(select(Customer.id)) is None
    assert not release.is_set()
    edit = threading.Thread(target=second_writer)
    edit.start()
    edit.join(0.3)
    assert edit.is_alive()  # waits for the write lock instead of failing with "database is locked"
    release.set()
    batch.join(10)
    edit.join(10)
    assert order == ["batch committed", "operator edit committed"]


def test_a_store_from_a_newer_version_is_refused_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    with pytest.raises(StoreError, match="newer softphone"):
        open_store(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999_future",)
    conn.close()
