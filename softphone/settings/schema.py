"""Every setting softphone knows, declared once: key, type, default and description.

Keys are dotted ``section.name`` and map to TOML tables (``[sip] domain = "..."``).
Secrets (SIP password, CRM token) are deliberately absent: they live in the keyring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    description: str
    choices: tuple[str, ...] = ()

    def coerce(self, value: Any) -> Any:
        """Convert a value read from a file to the declared type, or raise ValueError."""
        if self.type is bool:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in {"true", "yes", "1", "on"}:
                return True
            if isinstance(value, str) and value.lower() in {"false", "no", "0", "off"}:
                return False
            raise ValueError(f"{self.key}: expected true/false, got {value!r}")
        if self.type is tuple:
            if isinstance(value, str):
                value = [part.strip() for part in value.split(",") if part.strip()]
            if not isinstance(value, list | tuple):
                raise ValueError(f"{self.key}: expected a list, got {value!r}")
            return tuple(str(item) for item in value)
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if self.type is int and isinstance(value, bool):
            raise ValueError(f"{self.key}: expected an integer, got {value!r}")
        if not isinstance(value, self.type):
            try:
                value = self.type(value)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{self.key}: expected {self.type.__name__}, got {value!r}") from exc
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.key}: {value!r} is not one of {', '.join(self.choices)}")
        return value


SETTINGS: tuple[SettingSpec, ...] = (
    # --- SIP account -------------------------------------------------------
    SettingSpec("sip.username", str, "", "SIP user (the operator's extension)."),
    SettingSpec("sip.domain", str, "", "SIP domain / registrar host, e.g. pbx.example.com."),
    SettingSpec("sip.port", int, 5060, "Registrar port."),
    SettingSpec("sip.transport", str, "udp", "SIP transport.", ("udp", "tcp", "tls")),
    SettingSpec("sip.auth_username", str, "", "Digest auth user, if different from sip.username."),
    SettingSpec("sip.display_name", str, "", "Display name sent in From."),
    SettingSpec("sip.outbound_proxy", str, "", "Outbound proxy URI, e.g. sip:proxy.example.com;lr."),
    SettingSpec("sip.local_port", int, 0, "Local SIP port (0 = any free port)."),
    SettingSpec("sip.stun_servers", tuple, (), "STUN servers (host:port), comma separated."),
    SettingSpec("sip.ice", bool, False, "Use ICE for media."),
    SettingSpec("sip.srtp", str, "off", "SRTP media encryption.", ("off", "optional", "mandatory")),
    SettingSpec("sip.tls_verify_server", bool, True, "Verify the registrar's TLS certificate."),
    SettingSpec("sip.tls_ca_file", str, "", "CA bundle for TLS (empty = system default)."),
    SettingSpec("sip.dtmf_method", str, "rfc2833", "How DTMF is sent.", ("rfc2833", "sip_info")),
    SettingSpec("sip.register_expires_s", int, 300, "Registration lifetime in seconds."),
    SettingSpec("sip.retry_max_s", float, 60.0, "Longest wait between re-registration attempts."),
    SettingSpec("sip.auto_answer", bool, False, "Auto-answer dialer calls that ask for it."),
    SettingSpec("sip.register", bool, True, "Register with a registrar (off = direct-IP local account)."),
    SettingSpec("sip.log_level", int, 1, "pjsua2 log verbosity (0-6)."),
    SettingSpec("sip.watch_network", bool, True, "Re-register when the local addresses change."),
    # --- CRM ----------------------------------------------------------------
    SettingSpec("crm.base_url", str, "", "Central CRM API base URL (empty = embedded reference CRM)."),
    SettingSpec("crm.ca_file", str, "", "CA bundle for the CRM's TLS certificate (empty = system default)."),
    SettingSpec("crm.sync_interval_s", float, 30.0, "How often incremental sync runs."),
    SettingSpec("crm.timeout_s", float, 10.0, "HTTP timeout for CRM requests."),
    # --- UI -------------------------------------------------------------------
    SettingSpec("ui.language", str, "auto", "UI language.", ("auto", "ru", "en")),
    SettingSpec("ui.default_region", str, "RU", "Region for numbers dialled without a country code."),
    SettingSpec("ui.ringtone", bool, True, "Play a ringtone for incoming calls."),
    SettingSpec("ui.tray_notifications", bool, True, "Show a tray notification for incoming calls."),
    # --- Storage --------------------------------------------------------------
    SettingSpec("store.path", str, "", "Local database file (empty = per-user data directory)."),
)

SPECS_BY_KEY: dict[str, SettingSpec] = {spec.key: spec for spec in SETTINGS}
