"""Embedded demo: local CRM and simulated callers over loopback."""
