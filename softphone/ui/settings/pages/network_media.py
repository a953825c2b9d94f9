"""Settings page: how SIP and media reach the network (proxy, ports, NAT, encryption, DTMF)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from softphone.settings.schema import Sip
from softphone.sip.events import DtmfMethod, SrtpMode
from softphone.ui.settings import checks
from softphone.ui.settings.page import SettingsPage


class NetworkMediaPage(SettingsPage):
    page_id = "network"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        restart = self.tr("Takes effect after a restart.")
        self.add_field(Sip.outbound_proxy, self.tr("Outbound proxy"), check=checks.sip_uri)
        self.add_field(Sip.local_port, self.tr("Local SIP port"), hint=self.tr("0: any free port."))
        self.add_field(
            Sip.accept_only_from_servers,
            self.tr("Accept calls only from the server and the proxy"),
            hint=self.tr(
                "Others calling this computer directly are refused (their caller ID may be forged)."
            ),
        )
        self.add_field(
            Sip.remote_transfer_allowed_pattern,
            self.tr("Numbers the other party may transfer calls to"),
            hint=self.tr(
                "A regular expression the whole number must match, e.g. 1[0-9]{3}. "
                "Empty: transfers requested by the other party are refused."
            ),
            check=checks.regular_expression,
        )
        self.add_field(
            Sip.stun_servers,
            self.tr("STUN servers"),
            hint=self.tr("host:port, separated by commas."),
            check=checks.host_ports,
        )
        self.add_field(Sip.ice, self.tr("Use ICE for media"))
        self.add_field(
            Sip.srtp,
            self.tr("Media encryption (SRTP)"),
            choice_labels={
                SrtpMode.OFF: self.tr("Off"),
                SrtpMode.OPTIONAL: self.tr("When the other side supports it"),
                SrtpMode.MANDATORY: self.tr("Always (calls fail without it)"),
            },
        )
        self.add_field(Sip.tls_verify_server, self.tr("Verify the server's TLS certificate"))
        self.add_field(
            Sip.tls_ca_file,
            self.tr("TLS CA certificate file"),
            hint=self.tr("Empty: the system's certificates."),
            check=checks.existing_file,
        )
        self.add_field(
            Sip.dtmf_method,
            self.tr("Send keypad tones (DTMF) as"),
            choice_labels={
                DtmfMethod.RFC2833: self.tr("RTP events (RFC 2833)"),
                DtmfMethod.SIP_INFO: "SIP INFO",
            },
        )
        self.add_field(Sip.watch_network, self.tr("Re-register when the network changes"), hint=restart)
        self.add_field(Sip.log_level, self.tr("SIP log detail (0-6)"), hint=restart)

    def title(self) -> str:
        return self.tr("Network and media")
