"""``OrderDesk``: what the order editor needs beyond the store - the call an order belongs to, and
the delivery slots the CRM offers (asked over the API; never from the GUI thread).

- ``on_session_change`` (subscribed to ``CallSessions``) remembers, per customer, the latest call
  with them; ``link_to_call(customer_id, order)`` hangs a ``CallOrder`` on that call when the order
  is saved during it or within ``AFTER_CALL_S`` after it ended (the after-call work).
- ``delivery_slots(service_id, date, city)`` awaits the CRM; raises ``SlotsUnavailable`` with the
  reason when there is no CRM link or it does not answer.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Protocol

from softphone.crm import schemas as s
from softphone.crm.api import CrmApi
from softphone.crm.errors import CrmError
from softphone.workspace.call_context import CallCustomer, CallOrder
from softphone.workspace.call_session import CallSession
from softphone.workspace.sessions import CallSessions, SessionChange

AFTER_CALL_S = 15 * 60
MAX_REMEMBERED = 50


class SlotsUnavailable(Exception):
    """The CRM cannot be asked for delivery slots now (offline, refused, no link)."""


class Escalation(Protocol):
    """Hands a case to a specialist (the wrap-up's escalation; agent-work provides it)."""

    def escalate(self, customer_id: int, priority: str, note: str) -> None: ...  # low .. urgent


class OrderDesk:
    def __init__(
        self,
        sessions: CallSessions,
        api: Callable[[], CrmApi | None],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._sessions = sessions
        self._api = api
        self._clock = clock
        self._calls: dict[int, CallSession] = {}  # customer id -> their latest call

    def on_session_change(self, change: SessionChange) -> None:
        who = change.session.attached(CallCustomer)
        if who is None or who.customer_id is None:
            return
        self._calls.pop(who.customer_id, None)
        self._calls[who.customer_id] = change.session
        while len(self._calls) > MAX_REMEMBERED:
            del self._calls[next(iter(self._calls))]

    def call_of(self, customer_id: int) -> CallSession | None:
        """The customer's call that is live, or ended less than ``AFTER_CALL_S`` ago."""
        session = self._calls.get(customer_id)
        if session is None:
            return None
        who = session.attached(CallCustomer)
        if who is None or who.customer_id != customer_id:
            return None
        if session.is_live or session.ended_at is None:
            return session
        return session if self._clock() - session.ended_at <= AFTER_CALL_S else None

    def link_to_call(self, customer_id: int, order: CallOrder) -> CallSession | None:
        session = self.call_of(customer_id)
        if session is None:
            return None
        before = session.attached(CallOrder)
        if before is not None and before.order_id == order.order_id:
            order = CallOrder(
                order.order_id,
                order.crm_id or before.crm_id,
                before.created or order.created,
                before.confirmed or order.confirmed,
            )
        session.attach(order)
        self._sessions.attachments_changed(session)
        return session

    async def delivery_slots(self, service_id: str, day: dt.date, city: str | None) -> list[s.DeliverySlot]:
        api = self._api()
        if api is None:
            raise SlotsUnavailable("no CRM link")
        try:
            return await api.delivery_slots(service_id, day, city)
        except CrmError as exc:
            raise SlotsUnavailable(str(exc) or type(exc).__name__) from exc
