"""The script steps' actions (open the order, schedule a callback, escalate) run for a live call.

``ScriptActions.handlers()`` gives, for each action whose part exists, the function the script panel
calls with the call id: ``open_order`` opens the call's open order in the order editor (or starts
a new order for the call's customer when there is none); ``schedule_callback`` and ``escalate`` ask
the wrap-up service for them (``request_from_script``), for the call's customer and the step on
screen: they go with the call's wrap-up, their note the step's reason and the operator's answer.
An action whose part is missing gets no handler, so the panel shows its button disabled, saying
which part brings it. Without a customer on the call
the action says so through ``tell`` and does nothing. Qt-free; GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from softphone.workspace.call_context import CallCustomer
from softphone.workspace.outbound.seams import OrderOpener, WrapUpActions
from softphone.workspace.screen_pop import CallCard
from softphone.workspace.scripts.desk import CallScript
from softphone.workspace.sessions import CallSessions

CALLBACK_IN = dt.timedelta(hours=1)  # the callback a script step asks for; wrap-up can move it
ESCALATION_PRIORITY = "normal"  # one of workspace.wrap_up.PRIORITIES
NO_CUSTOMER = "no_customer"


class ScriptActions:
    def __init__(
        self,
        sessions: CallSessions,
        orders: OrderOpener | None,
        wrap_up: WrapUpActions | None,
        tell: Callable[[str], None],
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self._sessions, self._orders, self._wrap_up = sessions, orders, wrap_up
        self._tell, self._clock = tell, clock

    def handlers(self) -> dict[str, Callable[[int], None]]:
        found: dict[str, Callable[[int], None]] = {}
        if self._orders is not None:
            found["open_order"] = self.open_order
        if self._wrap_up is not None:
            found["schedule_callback"] = self.schedule_callback
            found["escalate"] = self.escalate
        return found

    def _customer(self, call_id: int) -> int | None:
        session = self._sessions.get(call_id)
        customer = session.attached(CallCustomer) if session is not None else None
        if customer is None or customer.customer_id is None:
            self._tell(NO_CUSTOMER)
            return None
        return customer.customer_id

    def open_order(self, call_id: int) -> None:
        customer_id = self._customer(call_id)
        if customer_id is None or self._orders is None:
            return
        session = self._sessions.get(call_id)
        card = session.attached(CallCard) if session is not None else None
        details = card.details if card is not None else None
        order = details.open_order if details is not None and details.card.id == customer_id else None
        if order is not None:
            self._orders.open_order(order.id)
        else:
            self._orders.new_order(customer_id)

    def schedule_callback(self, call_id: int) -> None:
        self._request(call_id, "callback")

    def escalate(self, call_id: int) -> None:
        self._request(call_id, "escalation")

    def _request(self, call_id: int, kind: str) -> None:
        customer_id = self._customer(call_id)
        session = self._sessions.get(call_id)
        if customer_id is None or session is None or self._wrap_up is None:
            return
        script = session.attached(CallScript)
        step_id = script.run.current.id if script is not None and script.run is not None else ""
        due = self._clock() + CALLBACK_IN if kind == "callback" else None
        self._wrap_up.request_from_script(session, kind, customer_id, step_id, due, ESCALATION_PRIORITY)
