"""Audio integration fixtures: the SIP fixtures (Kamailio, engine event log, pjsua2 peers) and a
private PipeWire (``tests.helpers.pipewire``)."""

from tests.helpers.pipewire import pipewire, pipewire_server  # noqa: F401 - re-exported fixtures
from tests.integration.sip.conftest import account, events, kamailio_fixture, peer_factory  # noqa: F401
