"""Loading a customer for the card: from the local store at once, then fresh from the CRM.

``CustomerLoader`` is what screen-pop and the card panel share (Qt-free):

- ``load(customer_id, on_done)``: ``CustomerDetails`` read by the store worker (``StoreJobs``);
  ``on_done`` runs where the worker hands results back (the GUI thread in the app).
- ``refresh(customer_crm_id, on_done)``: asks the CRM (``ASK_CRM_AFTER_S`` later: the local card is
  painted first) for the customer, its orders and its interactions (three GETs at once, bounded by
  ``REFRESH_TIMEOUT_S``), writes them to the store
  (``store.customer_refresh``: a local edit the CRM has not taken yet stays) and gives the fresh
  details, or ``None`` when the CRM could not be asked: the card keeps the local data, no error box.
- ``find_in_crm(e164, on_done)``: an unknown number may be a customer the feed has not brought yet;
  the CRM's phone search, stored, then the local ids with that number.
- ``reveal(customer_crm_id, on_done, on_error)``: the full personal data from the CRM
  (``POST /customers/{id}/reveal``), for an operator whose role sees it masked.

CRM calls run as asyncio tasks on the app's loop (``keep_task``); their replies are plain validated
models; log lines never carry personal data.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from softphone.crm import schemas as s
from softphone.crm.errors import CrmError, CrmNotFound
from softphone.domain.masking import mask_phone
from softphone.store.customer_details import CustomerDetails, load_details
from softphone.store.customer_refresh import store_customer_from_crm
from softphone.store.customers import find_customers_by_phone
from softphone.store.db import Store
from softphone.store.jobs import JobRunner

log = logging.getLogger(__name__)

REFRESH_TIMEOUT_S = 20.0  # the transport retries inside this bound
# The CRM is asked this long after the local card was handed over: building the requests runs on the
# GUI thread's loop and must not come before the card's first paint.
ASK_CRM_AFTER_S = 0.1
HISTORY_FETCHED = 50  # interactions and orders asked for per customer


class CrmSource(Protocol):
    """The part of ``crm.api.CrmApi`` the card needs."""

    async def get_customer(self, customer_id: str) -> s.Customer: ...
    async def customer_interactions(self, customer_id: str, limit: int = 50) -> list[s.Interaction]: ...
    async def list_orders(
        self, *, customer_id: str | None = None, limit: int = 50, offset: int = 0
    ) -> s.Page[s.Order]: ...
    async def search_customers(
        self, *, phone: str | None = None, q: str | None = None, limit: int = 50, offset: int = 0
    ) -> s.Page[s.Customer]: ...
    async def reveal_customer(self, customer_id: str) -> s.CustomerContacts: ...


KeepTask = Callable[[Awaitable[Any], str], Any]
Done = Callable[[Any], None]


class CustomerLoader:
    def __init__(
        self,
        store: Store,
        jobs: JobRunner,
        crm: Callable[[], CrmSource | None],
        keep_task: KeepTask,
        timeout_s: float = REFRESH_TIMEOUT_S,
        ask_after_s: float = ASK_CRM_AFTER_S,
    ) -> None:
        self.store = self._store = store
        self.jobs = self._jobs = jobs
        self._crm = crm
        self._keep_task = keep_task
        self._timeout_s = timeout_s
        self._ask_after_s = ask_after_s

    def read(self, customer_id: int) -> CustomerDetails | None:
        """The details now (on the calling thread: the store worker, or a test)."""
        with self._store.read_session() as session:
            return load_details(session, customer_id)

    def load(self, customer_id: int, on_done: Callable[[CustomerDetails | None], None]) -> None:
        self._jobs.submit(lambda: self.read(customer_id), on_done, what="customer card")

    def refresh(self, customer_crm_id: str, on_done: Callable[[CustomerDetails | None], None]) -> None:
        """Fresh details from the CRM (``None``: the CRM could not answer; the local card stands)."""
        crm = self._crm()
        if crm is None:  # answered later all the same: callers never hear back inside their own call
            self._jobs.submit(lambda: None, lambda _none: on_done(None), what="no CRM link")
            return
        self._keep_task(self._refresh(crm, customer_crm_id, on_done), "customer-refresh")

    async def _refresh(
        self, crm: CrmSource, crm_id: str, on_done: Callable[[CustomerDetails | None], None]
    ) -> None:
        await asyncio.sleep(self._ask_after_s)
        try:
            customer, orders, interactions = await asyncio.wait_for(
                asyncio.gather(
                    crm.get_customer(crm_id),
                    crm.list_orders(customer_id=crm_id, limit=HISTORY_FETCHED),
                    crm.customer_interactions(crm_id, limit=HISTORY_FETCHED),
                ),
                self._timeout_s,
            )
        except (CrmError, TimeoutError) as exc:
            log.info("customer card: CRM refresh not possible (%s); the local card stays", type(exc).__name__)
            on_done(None)
            return

        def write() -> CustomerDetails | None:
            local_id = store_customer_from_crm(self._store, customer, orders.items, interactions)
            return self.read(local_id) if local_id is not None else None

        self._jobs.submit(write, on_done, lambda _exc: on_done(None), what="customer refresh")

    def find_in_crm(self, e164: str, on_done: Callable[[list[int]], None]) -> None:
        """Customers the CRM has with this number, stored here; ``on_done`` gets their local ids."""
        crm = self._crm()
        if crm is None:
            return
        self._keep_task(self._find(crm, e164, on_done), "customer-find")

    async def _find(self, crm: CrmSource, e164: str, on_done: Callable[[list[int]], None]) -> None:
        await asyncio.sleep(self._ask_after_s)
        try:
            page = await asyncio.wait_for(crm.search_customers(phone=e164, limit=10), self._timeout_s)
        except (CrmError, TimeoutError) as exc:
            log.info("caller %s: CRM search not possible (%s)", mask_phone(e164), type(exc).__name__)
            return
        if not page.items:
            return

        def write() -> list[int]:
            for customer in page.items:
                store_customer_from_crm(self._store, customer)
            with self._store.read_session() as session:
                return find_customers_by_phone(session, e164)

        self._jobs.submit(write, on_done, what="customer found in the CRM")

    def reveal(
        self,
        customer_crm_id: str,
        on_done: Callable[[s.CustomerContacts], None],
        on_error: Callable[[str], None],
    ) -> None:
        crm = self._crm()
        if crm is None:
            on_error("no CRM link")
            return
        self._keep_task(self._reveal(crm, customer_crm_id, on_done, on_error), "customer-reveal")

    async def _reveal(
        self,
        crm: CrmSource,
        crm_id: str,
        on_done: Callable[[s.CustomerContacts], None],
        on_error: Callable[[str], None],
    ) -> None:
        try:
            contacts = await asyncio.wait_for(crm.reveal_customer(crm_id), self._timeout_s)
        except CrmNotFound:
            on_error("the CRM does not know this customer yet")
            return
        except (CrmError, TimeoutError) as exc:
            on_error(str(exc) or type(exc).__name__)
            return
        on_done(contacts)
