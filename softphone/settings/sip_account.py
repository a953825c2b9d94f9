"""Builds the SIP engine's account settings from the layered settings."""

from __future__ import annotations

from softphone.settings.layered import Settings
from softphone.sip.events import DtmfMethod, SipAccountSettings, SrtpMode, Transport


def sip_account_from_settings(settings: Settings) -> SipAccountSettings | None:
    """The configured account, or None when no SIP user/domain is set yet."""
    username, domain = settings["sip.username"], settings["sip.domain"]
    if not username or not domain:
        return None
    return SipAccountSettings(
        username=username,
        domain=domain,
        port=settings["sip.port"],
        transport=Transport(settings["sip.transport"]),
        auth_username=settings["sip.auth_username"],
        display_name=settings["sip.display_name"],
        outbound_proxy=settings["sip.outbound_proxy"],
        local_port=settings["sip.local_port"],
        stun_servers=settings["sip.stun_servers"],
        ice_enabled=settings["sip.ice"],
        srtp=SrtpMode(settings["sip.srtp"]),
        tls_verify_server=settings["sip.tls_verify_server"],
        tls_ca_file=settings["sip.tls_ca_file"],
        dtmf_method=DtmfMethod(settings["sip.dtmf_method"]),
        register_expires_s=settings["sip.register_expires_s"],
        retry_max_s=settings["sip.retry_max_s"],
        auto_answer_enabled=settings["sip.auto_answer"],
        register=settings["sip.register"],
    )
