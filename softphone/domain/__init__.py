"""Qt-free domain rules shared by the client, the local store and the reference CRM server.

``phones`` (the one E.164 normaliser), ``masking`` (the one policy for personal data in logs) and
``orders`` (order totals, status transitions, edit and compensation limits). Pure functions and
small dataclasses: no SQLAlchemy, no pydantic, no I/O, so any CRM adapter can reuse them.
"""
