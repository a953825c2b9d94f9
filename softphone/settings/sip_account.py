"""Builds the SIP engine's account settings from the layered settings."""

from __future__ import annotations

from softphone.settings.layered import Settings
from softphone.sip.events import SipAccountSettings


def sip_account_from_settings(settings: Settings) -> SipAccountSettings | None:
    """The configured account, or None when no SIP user/domain is set yet."""
    sip = settings.sip
    if not sip.username or not sip.domain:
        return None
    return SipAccountSettings(
        username=sip.username,
        domain=sip.domain,
        port=sip.port,
        transport=sip.transport,
        auth_username=sip.auth_username,
        display_name=sip.display_name,
        outbound_proxy=sip.outbound_proxy,
        local_port=sip.local_port,
        stun_servers=sip.stun_servers,
        ice_enabled=sip.ice,
        srtp=sip.srtp,
        tls_verify_server=sip.tls_verify_server,
        tls_ca_file=sip.tls_ca_file,
        dtmf_method=sip.dtmf_method,
        register_expires_s=sip.register_expires_s,
        retry_max_s=sip.retry_max_s,
        auto_answer_enabled=sip.auto_answer,
        register=sip.register,
        remote_transfer_pattern=sip.remote_transfer_allowed_pattern,
        accept_only_from_servers=sip.accept_only_from_servers,
    )
