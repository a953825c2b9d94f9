"""Which addresses may send the client requests: the registrar and the outbound proxy only.

Anyone who can reach the client's SIP port could otherwise call it directly, past the proxy, with
any caller ID. With ``accept_only_from_servers`` on and a registrar or an outbound proxy configured,
an incoming INVITE is accepted only from their addresses (host names resolved when the account is
configured, again later if that failed). Over UDP the port must match too (a proxy sends from the
port it listens on); over TCP/TLS only the host does, since the proxy may open its own connection
from any port. Names are resolved with ``getaddrinfo`` (A/AAAA, no SRV). No pjsua2 here.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import time
from collections.abc import Callable

from softphone.sip.events import SipAccountSettings, Transport

log = logging.getLogger("softphone.sip.engine")  # one logger for all of the engine

_RESOLVE_AGAIN_S = 30.0  # after a failed lookup, try again at an INVITE at most this often
_HOST_PORT = re.compile(r"^(?:\[(?P<v6>[^\]]+)\]|(?P<host>[^:;>]+))(?::(?P<port>\d+))?")

Resolver = Callable[[str], set[str]]


def resolve(host: str) -> set[str]:
    """The host's IP addresses (an IP literal is itself); empty when the lookup fails."""
    try:
        return {str(ipaddress.ip_address(host))}
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_UDP)
    except OSError:
        return set()
    return {str(info[4][0]) for info in infos}


def server_of(uri: str, transport: Transport) -> tuple[str, int] | None:
    """Host and port of a SIP URI (``sip:proxy.example.com:5070;lr``); the default port when none."""
    scheme, sep, rest = uri.strip().strip("<>").partition(":")
    if not sep:
        rest, scheme = scheme, "sip"
    rest = rest.split("@", 1)[-1]
    match = _HOST_PORT.match(rest)
    if match is None:
        return None
    host = match.group("v6") or match.group("host")
    tls = scheme.lower() == "sips" or transport is Transport.TLS
    port = int(match.group("port")) if match.group("port") else (5061 if tls else 5060)
    return host, port


def split_address(address: str) -> tuple[str, int] | None:
    """pjsip's ``srcAddress`` (``127.0.0.1:5060``, ``[::1]:5060``) as (ip, port)."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        return None
    return host.strip("[]"), int(port)


class SourceFilter:
    """The allowed senders of the current account (owner thread of the SIP engine)."""

    def __init__(self, resolver: Resolver = resolve, clock: Callable[[], float] = time.monotonic) -> None:
        self._resolver = resolver
        self._clock = clock
        self._servers: list[tuple[str, int]] = []  # (host as configured, port)
        self._allowed: set[tuple[str, int]] = set()  # (ip, port)
        self._udp = True
        self._resolved_at: float | None = None

    @property
    def active(self) -> bool:
        return bool(self._servers)

    def configure(self, settings: SipAccountSettings | None) -> None:
        """Take the servers of ``settings``; off when the setting is off or there is no server."""
        self._servers, self._allowed, self._resolved_at = [], set(), None
        if settings is None or not settings.accept_only_from_servers:
            return
        uris: list[str] = []
        if settings.register:
            uris.append(settings.registrar or f"sip:{settings.domain}:{settings.port}")
        if settings.outbound_proxy:
            uris.append(settings.outbound_proxy)
        for uri in uris:
            server = server_of(uri, settings.transport)
            if server is not None:
                self._servers.append(server)
        self._udp = settings.transport is Transport.UDP
        self._resolve()

    def accepts(self, source: str) -> bool:
        """Whether a request from ``source`` (pjsip's ``ip:port``) may go on."""
        if not self._servers:
            return True
        address = split_address(source)
        if address is None:
            return False
        if not self._allowed and (
            self._resolved_at is None or self._clock() - self._resolved_at >= _RESOLVE_AGAIN_S
        ):
            self._resolve()
        ip, port = address
        if self._udp:
            return (ip, port) in self._allowed
        return any(ip == allowed_ip for allowed_ip, _ in self._allowed)

    def _resolve(self) -> None:
        self._resolved_at = self._clock()
        self._allowed = {(ip, port) for host, port in self._servers for ip in self._resolver(host)}
        if not self._allowed:
            log.warning("cannot resolve the SIP servers: incoming calls are refused until they resolve")
