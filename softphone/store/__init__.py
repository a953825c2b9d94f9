"""Local SQLite store (SQLAlchemy 2, alembic migrations): customers, orders, history, outbox.

Modules: ``db`` (open_store, sessions, pragmas, migrations), ``models`` (tables), ``coltypes`` (UTC
datetimes, money), ``phones`` (E.164, masking), ``customers`` (screen-pop and search), ``crm_upserts``
(bulk upserts for the sync), ``outbox`` (durable CRM writes), ``local_writes`` (operator edits = local
change + outbox entry), ``call_history`` (one row per ended call from the SIP events).
"""
