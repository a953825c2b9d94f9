"""Tests of the local SQLite store (real SQLite files in tmp_path)."""
