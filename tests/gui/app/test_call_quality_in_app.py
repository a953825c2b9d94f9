"""Call quality in the assembled app: a real call through Kamailio shows its MOS on the call card
while it talks, and Recent calls keeps it once the call has ended."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from softphone.domain.emodel import POOR_MOS
from softphone.settings.secrets import SecretStore
from softphone.ui.calls.history_view import QUALITY_COLUMN
from tests.helpers.app_in_process import InProcessApp
from tests.helpers.kamailio import Kamailio
from tests.helpers.sip_peer import SipPeer

pytestmark = pytest.mark.sip


def test_a_talking_call_shows_its_quality_and_history_keeps_it(
    run_app: Callable[..., InProcessApp],
    kamailio: Kamailio,
    peer_factory: Callable[..., SipPeer],
) -> None:
    SecretStore().put(SecretStore.sip_key("1001", "127.0.0.1"), "1001pw")
    bob = peer_factory("bob", no_vad=True)
    settings = (
        f'[sip]\nusername = "1001"\ndomain = "127.0.0.1"\nport = {kamailio.port}\nwatch_network = false\n'
    )

    async def scenario(app: InProcessApp) -> None:
        window = app.parts.main_window
        await app.until(lambda: window.registration.label.text() == "Registered", what="registered")
        bob.register("1002", kamailio.port)
        bob.cmd("policy", incoming="answer")
        window.call_back("1002")
        await app.until(lambda: window.lines.connected_line() is not None, what="connected")
        line = window.lines.connected_line()
        card = window.calls.widgets[line.call_id]
        await app.until(
            lambda: card._quality_label is not None and card.quality_label.isVisible(), what="quality shown"
        )
        assert card.quality_label.text().startswith("MOS ")
        await app.until(
            lambda: "MOS 4." in card.quality_label.text(), what="a clean loopback call rates above 4"
        )
        window.actions_.run("hang_up", line.call_id)
        await app.until(lambda: window.lines.live_lines() == [], what="ended")
        await app.until(lambda: window.history.topLevelItemCount() == 1, what="recorded")
        item = window.history.topLevelItem(0)
        assert float(item.text(QUALITY_COLUMN)) > POOR_MOS
        assert "jitter" in item.toolTip(QUALITY_COLUMN)

    run_app(settings, scenario)
