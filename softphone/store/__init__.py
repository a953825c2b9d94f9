"""Local SQLite store (SQLAlchemy 2, alembic migrations): customers, orders, history, outbox.

Modules: ``db`` (open_store, sessions, pragmas, migrations), ``models`` (tables), ``coltypes`` (UTC
datetimes, money), ``customers`` (screen-pop and search), ``crm_upserts`` (bulk upserts for the sync),
``crm_target`` (the store as the CRM client's sync target and outbox queue), ``outbox`` (durable CRM
writes), ``local_writes`` (operator edits = local change + outbox entry), ``call_history`` (one row
per ended call from the SIP events). Phone numbers and order rules come from ``softphone.domain``.
"""
