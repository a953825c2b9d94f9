"""Who may send the client requests (``source_filter``) and which remote transfers are allowed."""

from __future__ import annotations

import pytest

from softphone.sip.events import SipAccountSettings, Transport
from softphone.sip.source_filter import SourceFilter, server_of, split_address


def _filter(names: dict[str, set[str]], **settings: object) -> SourceFilter:
    source_filter = SourceFilter(resolver=lambda host: names.get(host, set()))
    base: dict[str, object] = {"username": "1001", "domain": "pbx.example.com"}
    source_filter.configure(SipAccountSettings(**{**base, **settings}))  # type: ignore[arg-type]
    return source_filter


def test_only_the_registrar_and_the_proxy_may_call_over_udp() -> None:
    names = {"pbx.example.com": {"10.0.0.5"}, "proxy.example.com": {"10.0.0.9"}}
    source_filter = _filter(names, outbound_proxy="sip:proxy.example.com:5070;lr")
    assert source_filter.accepts("10.0.0.5:5060")
    assert source_filter.accepts("10.0.0.9:5070")
    assert not source_filter.accepts("10.0.0.5:5099")  # same host, another port: not the proxy
    assert not source_filter.accepts("192.0.2.7:5060")
    assert not source_filter.accepts("garbage")


def test_over_tcp_and_tls_the_host_is_enough() -> None:
    source_filter = _filter({"pbx.example.com": {"10.0.0.5"}}, transport=Transport.TLS)
    assert source_filter.accepts("10.0.0.5:40111")
    assert not source_filter.accepts("10.0.0.6:5061")


@pytest.mark.parametrize(
    "settings",
    [{"accept_only_from_servers": False}, {"register": False}],
    ids=["setting-off", "no-registrar-no-proxy"],
)
def test_filter_is_off_without_servers_or_when_turned_off(settings: dict[str, object]) -> None:
    source_filter = _filter({"pbx.example.com": {"10.0.0.5"}}, **settings)
    assert not source_filter.active
    assert source_filter.accepts("192.0.2.7:5060")


def test_unresolvable_servers_refuse_everyone_and_are_looked_up_again() -> None:
    names: dict[str, set[str]] = {}
    source_filter = _filter(names)
    assert not source_filter.accepts("10.0.0.5:5060")
    names["pbx.example.com"] = {"10.0.0.5"}
    source_filter._resolved_at = -1000.0  # the next INVITE comes long after the failed lookup
    assert source_filter.accepts("10.0.0.5:5060")


def test_uri_and_address_forms() -> None:
    assert server_of("sip:127.0.0.1:5070;lr", Transport.UDP) == ("127.0.0.1", 5070)
    assert server_of("sips:pbx.example.com", Transport.UDP) == ("pbx.example.com", 5061)
    assert server_of("<sip:[::1]:5080;transport=tcp>", Transport.TCP) == ("::1", 5080)
    assert split_address("[::1]:5060") == ("::1", 5060)


@pytest.mark.parametrize(
    ("pattern", "number", "allowed"),
    [
        ("", "1003", False),  # the default: every remote transfer refused
        ("100[0-9]", "1003", True),
        ("100[0-9]", "10031", False),  # the whole number must match
        ("100[0-9]", "+79001003", False),
        ("(", "1003", False),  # a broken pattern allows nothing
        (".*", "", False),  # no number, no call
    ],
)
def test_remote_transfer_pattern(pattern: str, number: str, allowed: bool) -> None:
    from softphone.sip.transfers import remote_transfer_allowed

    assert remote_transfer_allowed(pattern, number) is allowed
