"""Integration tests of the reference CRM server over real HTTP on loopback."""
