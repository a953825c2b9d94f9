"""Alembic revision files of the local store."""
