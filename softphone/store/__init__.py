"""Local SQLite store (SQLAlchemy 2, alembic migrations): customers, orders, history, outbox."""
