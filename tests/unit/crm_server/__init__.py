"""Unit tests of the CRM contract and the reference CRM server internals."""
