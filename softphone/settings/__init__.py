"""Layered settings (defaults < machine-wide < user) and keyring-backed secrets."""
