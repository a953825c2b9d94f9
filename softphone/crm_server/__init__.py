"""Reference CRM server implementing the v1 contract, runnable as the embedded default."""
