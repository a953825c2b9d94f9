"""A flood of INVITE+CANCEL pairs sent straight to a UA's SIP port over UDP (issue 10).

Each pair is an INVITE with an audio offer and, right behind it, its CANCEL: the burst is sent as fast as
one socket can write (150 pairs take about 10 ms). Afterwards the sender stays a well-behaved UAC for
a bounded time: it retransmits requests that got no answer, as UDP requires, and ACKs every final
error response to an INVITE (the 487 that a CANCEL causes, or a refusal of a UA at its call limit),
so the far end's transactions end as they would with a phone.
"""

from __future__ import annotations

import contextlib
import re
import socket
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

_INVITE = (
    "INVITE sip:1001@127.0.0.1:{port} SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:{src};branch=z9hG4bK{tag}\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:7{n:06d}@127.0.0.1>;tag=f{tag}\r\n"
    "To: <sip:1001@127.0.0.1:{port}>\r\n"
    "Call-ID: flood-{tag}\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:7{n:06d}@127.0.0.1:{src}>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: {length}\r\n\r\n{sdp}"
)
# An audio offer, as a phone sends: the far end opens its RTP and RTCP sockets for each call
_SDP = (
    "v=0\r\no=flood {n} 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 9 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n"
)


def _request(method: str, port: int, src: int, n: int, tag: str, to_tag: str = "") -> bytes:
    """The pair's INVITE, or its CANCEL / ACK (same branch, Call-ID, From tag and CSeq number)."""
    sdp = _SDP.format(n=n) if method == "INVITE" else ""
    text = _INVITE.format(port=port, src=src, n=n, tag=tag, sdp=sdp, length=len(sdp))
    if method != "INVITE":
        rest = text.partition(" ")[2]
        text = f"{method} {rest}".replace("CSeq: 1 INVITE", f"CSeq: 1 {method}")
        text = re.sub(r"(Contact|Content-Type): [^\r]*\r\n", "", text)
    if to_tag:
        to = f"To: <sip:1001@127.0.0.1:{port}>"
        text = text.replace(to, f"{to};tag={to_tag}")
    return text.encode()


@dataclass
class FloodResult:
    """What came back: final responses to the INVITEs by status code, and 200s to the CANCELs."""

    pairs: int
    invite_finals: Counter[int] = field(default_factory=Counter)
    cancel_ok: int = 0
    send_s: float = 0.0

    @property
    def answered_invites(self) -> int:
        return sum(self.invite_finals.values())


def flood(port: int, pairs: int, *, settle_s: float = 15.0, host: str = "127.0.0.1") -> FloodResult:
    """Send ``pairs`` INVITE+CANCEL pairs to ``host:port`` in one burst, then behave as a UAC on UDP:
    every 0.5 s retransmit what got no answer (the kernel drops datagrams of such a burst once the
    far end's receive buffer is full), and ACK final responses, until every INVITE has a final
    response or ``settle_s`` has passed."""
    run = uuid.uuid4().hex[:8]
    result = FloodResult(pairs)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        sock.bind((host, 0))
        src = sock.getsockname()[1]
        target = (host, port)
        tags = [f"{run}x{n}" for n in range(pairs)]
        started = time.perf_counter()
        for n, tag in enumerate(tags):
            sock.sendto(_request("INVITE", port, src, n, tag), target)
            sock.sendto(_request("CANCEL", port, src, n, tag), target)
        result.send_s = time.perf_counter() - started
        state = _Replies()
        deadline = time.monotonic() + settle_s
        resend_at = time.monotonic() + 0.5
        while len(state.final) < pairs and time.monotonic() < deadline:
            if time.monotonic() >= resend_at:
                resend_at = time.monotonic() + 0.5
                for n, tag in enumerate(tags):
                    if tag in state.final:
                        continue
                    if tag not in state.provisional:
                        sock.sendto(_request("INVITE", port, src, n, tag), target)
                    if tag not in state.cancelled:
                        sock.sendto(_request("CANCEL", port, src, n, tag), target)
            sock.settimeout(max(0.01, min(resend_at, deadline) - time.monotonic()))
            try:
                data = sock.recv(65535).decode("utf-8", "replace")
            except TimeoutError:
                continue
            _handle_reply(sock, target, port, src, data, state, result)
    return result


@dataclass
class _Replies:
    provisional: set[str] = field(default_factory=set)
    final: set[str] = field(default_factory=set)
    cancelled: set[str] = field(default_factory=set)  # the CANCEL got its 200


def _handle_reply(
    sock: socket.socket,
    target: tuple[str, int],
    port: int,
    src: int,
    data: str,
    state: _Replies,
    result: FloodResult,
) -> None:
    status = re.match(r"SIP/2\.0 (\d{3})", data)
    cseq = re.search(r"^CSeq:\s*1 (\w+)", data, re.M | re.I)
    call_id = re.search(r"^Call-ID:\s*flood-(\S+)", data, re.M | re.I)
    if not (status and cseq and call_id):
        return
    code, method, tag = int(status.group(1)), cseq.group(1).upper(), call_id.group(1)
    if method == "CANCEL":
        if code == 200 and tag not in state.cancelled:
            state.cancelled.add(tag)
            result.cancel_ok += 1
        return
    if method != "INVITE":
        return
    if code < 200:
        state.provisional.add(tag)
        return
    if tag not in state.final:
        state.final.add(tag)
        result.invite_finals[code] += 1
    if code >= 300:  # ACK it (again, for a retransmission), in the INVITE's transaction
        to_tag = re.search(r"^To:.*;tag=([^;\s>]+)", data, re.M | re.I)
        n = int(tag.rsplit("x", 1)[1])
        with contextlib.suppress(OSError):
            sock.sendto(_request("ACK", port, src, n, tag, to_tag.group(1) if to_tag else ""), target)
