"""What outbound work needs from parts other engineers build, as small protocols (wave 2's seams).

- ``OrderOpener``: the order editor (``ui/orders/OrderEditorPanel``): open an order, or start a new
  one for a customer with draft items (an abandoned cart).
- ``WrapUpActions``: the wrap-up service (``workspace/wrap_up.WrapUp``): schedule a callback, escalate,
  or take a script step's request for either (it goes with the call's wrap-up, with a note).
- ``DraftItem`` (from ``domain.orders``): one line of a new order (product, quantity, price).

The composition root passes the real parts in; where a part does not exist, the action it brings is
shown disabled, saying so. Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from softphone.domain.orders import DraftItem
from softphone.workspace.call_session import CallSession


class OrderOpener(Protocol):
    def open_order(self, local_order_id: int) -> None: ...

    def new_order(self, customer_id: int, items: Sequence[DraftItem] = ()) -> None: ...


class WrapUpActions(Protocol):
    def schedule_callback(
        self, customer_id: int, due_at: dt.datetime, note: str, for_queue: bool
    ) -> None: ...

    def escalate(self, customer_id: int, priority: str, note: str) -> None: ...

    def request_from_script(
        self,
        session: CallSession,
        kind: str,
        customer_id: int,
        step_id: str,
        due_at: dt.datetime | None = None,
        priority: str = "normal",
    ) -> None: ...
