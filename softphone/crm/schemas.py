"""Pydantic v2 models of the central CRM API v1, shared by the reference server and the client.

These models are the single source of truth of the contract; ``resources/openapi/crm-v1.json`` is
generated from the server built on it. They live in topic modules - ``schemas_base`` (wire types,
bases, errors, pages), ``schemas_reference`` (operator, stores, reference data), ``schemas_customers``
(customers, interactions, recordings), ``schemas_orders`` (products, orders), ``schemas_work``
(scripts, tasks, agent state, escalations), ``schemas_feed`` (the changes feed) - and are all
re-exported here: callers write ``from softphone.crm import schemas as s`` and ``s.Customer``.

Conventions
-----------
* Base path ``/api/v1`` (:data:`API_PREFIX`), ``Authorization: Bearer <token>`` on every call.
* Money is a :class:`~decimal.Decimal` in roubles with two decimals, serialized as a JSON *string*
  (``"1290.00"``); send strings (a JSON number with at most two decimals is tolerated).
* Timestamps are timezone-aware and normalised to UTC, serialized ISO-8601 (``2026-01-02T10:00:00Z``).
* Phones are E.164 (``+74951234567``).
* Ids are strings. Creates accept an optional client-generated ``id`` (so an offline client can
  refer to the entity before it is delivered); the server generates one otherwise.
* Every write accepts ``Idempotency-Key``; a repeat returns the first stored response.
* ``PATCH`` of customers and orders requires ``If-Match: <version>`` (428 without it); a stale
  version gives 412 with a :class:`CustomerConflict` / :class:`OrderConflict` body carrying the
  current entity.
* Errors: ``{"error": {"code": ..., "message": ..., "fields": {field: message}}}`` (:class:`ErrorBody`).
  Field names in ``fields`` are dotted paths inside the body or the query (``items.0.qty``, ``phone``).
* ``GET /changes?since=&limit=`` is a compacted feed: every entity appears once, at the sequence
  number of its latest change; paging with ``since=next_cursor`` until ``has_more`` is false yields
  every entity changed after ``since`` exactly once, in increasing ``seq`` order.
"""

from __future__ import annotations

from softphone.crm.schemas_base import *  # noqa: F403
from softphone.crm.schemas_customers import *  # noqa: F403
from softphone.crm.schemas_feed import *  # noqa: F403
from softphone.crm.schemas_orders import *  # noqa: F403
from softphone.crm.schemas_reference import *  # noqa: F403
from softphone.crm.schemas_work import *  # noqa: F403
