"""The order editor wired for widget tests: a real store (reference data, customers, products), the
store worker, and delivery slots asked from a real reference CRM server over HTTP (each question in
its own event loop on a thread, the answer handed to the GUI thread as the app's asyncio loop does)."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable

from softphone.crm import schemas as s
from softphone.crm.api import CrmApi
from softphone.crm.transport import CrmTransport, TransportConfig
from softphone.ui.gui_thread import GuiThread
from softphone.workspace.orders.desk import OrderDesk, SlotsUnavailable
from softphone.workspace.sessions import CallSessions


def http_slots(
    gui: GuiThread, base_url: str, token: str, sessions: CallSessions | None = None
) -> Callable[..., None]:
    """A ``SlotSource`` asking the CRM at ``base_url`` (through ``OrderDesk.delivery_slots``)."""

    def ask(
        service_id: str,
        day: dt.date,
        city: str | None,
        ok: Callable[[list[s.DeliverySlot]], None],
        failed: Callable[[str], None],
    ) -> None:
        async def question() -> list[s.DeliverySlot]:
            transport = CrmTransport(
                TransportConfig(base_url=base_url, max_attempts=1, connect_timeout_s=2.0, read_timeout_s=5.0),
                token,
            )
            try:
                desk = OrderDesk(sessions or CallSessions(), lambda: CrmApi(transport))
                return await desk.delivery_slots(service_id, day, city)
            finally:
                await transport.aclose()

        def run() -> None:
            try:
                slots = asyncio.run(question())
            except SlotsUnavailable as exc:
                reason = str(exc)
                gui.post(lambda: failed(reason))
                return
            gui.post(lambda: ok(slots))

        threading.Thread(target=run, name="slots-question", daemon=True).start()

    return ask
