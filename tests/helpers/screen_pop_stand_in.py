"""A stand-in for screen-pop in the script tests, until the screen-pop branch lands.

On each new call it finds the caller in the local store (on the app's store worker: E.164 through
``domain.phones``, then ``store.customers.find_customer_by_phone``) and the shop by a given dialled
number, and hangs ``CallCustomer`` / ``CallStore`` on the session with ``CallSessions.attach``, as
screen-pop does. It leaves a session alone when something else (screen-pop itself) already put a
customer there, so the tests keep passing once both run.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from softphone.domain.phones import normalize_phone
from softphone.store.customers import find_customer_by_phone
from softphone.store.models import StoreBranch, StoreNumber
from softphone.workspace.call_context import CallCustomer, CallStore, CustomerMatch
from softphone.workspace.call_session import CallSession
from softphone.workspace.sessions import ChangeKind, SessionChange


class ScreenPopStandIn:
    def __init__(self, parts: Any, shop_number: str, region: str = "RU") -> None:
        self._parts = parts
        self._shop_number = shop_number
        self._region = region
        parts.sessions.subscribe(self.on_session_change)

    def on_session_change(self, change: SessionChange) -> None:
        if change.kind != ChangeKind.STARTED:
            return
        session = change.session
        number = session.remote_number
        self._parts.store_jobs.submit(
            lambda: self._look_up(number), on_done=lambda found: self._attach(session, *found)
        )

    def _look_up(self, number: str) -> tuple[CallCustomer | None, CallStore | None]:
        e164 = normalize_phone(number, self._region)
        with self._parts.store.read_session() as session:
            card = find_customer_by_phone(session, e164) if e164 else None
            customer = (
                CallCustomer(CustomerMatch.ONE, e164, card.id, card.crm_id, card.name)
                if card is not None
                else CallCustomer(CustomerMatch.UNKNOWN, e164)
            )
            branch = session.scalar(
                select(StoreBranch).join(StoreNumber).where(StoreNumber.e164 == self._shop_number)
            )
            shop = CallStore(branch.id, branch.crm_id, branch.name) if branch is not None else None
        return customer, shop

    def _attach(self, session: CallSession, customer: CallCustomer | None, shop: CallStore | None) -> None:
        sessions = self._parts.sessions
        if shop is not None and session.attached(CallStore) is None:
            sessions.attach(session, shop)
        present = session.attached(CallCustomer)
        if customer is not None and (present is None or present.match == CustomerMatch.LOOKING):
            sessions.attach(session, customer)
