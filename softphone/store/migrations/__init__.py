"""Alembic migrations of the local store (a package so that setuptools ships it)."""
