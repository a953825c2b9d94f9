"""SIP over a plain UDP socket, for far ends that misbehave on purpose (a pjsua2 peer cannot).

``RawUa`` runs a receive thread on a free loopback port. As a callee it answers an INVITE (180,
then 200 with an SDP), acknowledges BYE and other in-dialog requests, answers a REFER with 202 and
then sends the NOTIFYs its ``notify_mode`` says: ``"none"`` (never a NOTIFY), ``"trying"`` (only
``100 Trying``), ``"linphone"`` (100, then the final 200 with linphone's malformed
``Subscription-State: terminated;reason=reason=noresource`` that pjsip drops), or ``"answered"``
(sipfrag 200 while the subscription stays active). It can send an in-dialog INFO (``send_info``).
With ``refuse_reinvites = n`` the next n re-INVITEs get 491, as when its own re-INVITE crossed
them (glare); later ones are answered (``recvonly`` to a ``sendonly`` offer).
As a caller, ``invite`` sends an INVITE with any bytes in the From display name, ``cancel`` ends it.
Its SDP answers offer two codecs (PCMU, PCMA), as linphone's do. Every wait is bounded.
"""

from __future__ import annotations

import itertools
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field

_SDP = (
    "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio {port} RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=sendrecv\r\n"
)


def _header(msg: str, name: str) -> str:
    match = re.search(rf"^{name}\s*:\s*(.*)$", msg, re.IGNORECASE | re.MULTILINE)
    return match.group(1).strip() if match else ""


def _headers(msg: str, name: str) -> list[str]:
    return [m.strip() for m in re.findall(rf"^{name}\s*:\s*(.*)$", msg, re.IGNORECASE | re.MULTILINE)]


@dataclass
class Dialog:
    call_id: str
    local: str  # our From/To value with our tag
    remote: str  # theirs with their tag
    remote_target: str  # their Contact URI
    dest: tuple[str, int]
    cseq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


class RawUa:
    def __init__(self, user: str = "raw", notify_mode: str = "none") -> None:
        self.user = user
        self.notify_mode = notify_mode
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.received: list[str] = []  # every message, decoded with replacement
        self.dialog: Dialog | None = None
        self.refuse_reinvites = 0
        self._cond = threading.Condition()
        self._running = True
        self._thread = threading.Thread(target=self._run, name="raw-sip", daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"sip:{self.user}@127.0.0.1:{self.port}"

    def close(self) -> None:
        self._running = False
        self._thread.join(timeout=2)
        self.sock.close()

    # ----- waiting -----
    def wait_for(self, pattern: str, timeout: float = 10) -> str:
        """The first received message whose first line matches ``pattern`` (a regex)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for msg in self.received:
                    if re.search(pattern, msg.split("\r\n", 1)[0]):
                        return msg
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    firsts = [m.split("\r\n", 1)[0] for m in self.received]
                    raise TimeoutError(f"no message matching {pattern!r} within {timeout} s: {firsts}")
                self._cond.wait(remaining)

    def count(self, pattern: str) -> int:
        with self._cond:
            return sum(1 for m in self.received if re.search(pattern, m.split("\r\n", 1)[0]))

    # ----- as caller -----
    def invite(self, dest: tuple[str, int], to_user: str, display_name: bytes) -> str:
        """Send an INVITE to ``to_user`` at ``dest`` whose From display name is ``display_name``
        (any bytes); returns its Call-ID."""
        call_id = uuid.uuid4().hex
        self._invite = (dest, to_user, call_id, display_name)
        self._send_bytes(self._invite_bytes("INVITE", 1), dest)
        return call_id

    def cancel(self) -> None:
        dest = self._invite[0]
        self._send_bytes(self._invite_bytes("CANCEL", 1), dest)

    def _invite_bytes(self, method: str, cseq: int) -> bytes:
        dest, to_user, call_id, display_name = self._invite
        ruri = f"sip:{to_user}@{dest[0]}:{dest[1]}"
        body = _SDP.format(port=self.port + 2) if method == "INVITE" else ""
        head = (
            f"{method} {ruri} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch=z9hG4bK{call_id[:12]};rport\r\n"
            "Max-Forwards: 70\r\n"
        ).encode()
        head += b'From: "' + display_name + f'" <sip:666@example.org>;tag={call_id[:8]}\r\n'.encode()
        head += (
            f"To: <sip:{to_user}@{dest[0]}>\r\nCall-ID: {call_id}\r\nCSeq: {cseq} {method}\r\n"
            f"Contact: <sip:666@127.0.0.1:{self.port}>\r\n"
            + ("Content-Type: application/sdp\r\n" if body else "")
            + f"Content-Length: {len(body)}\r\n\r\n{body}"
        ).encode()
        return head

    # ----- in a dialog we answered -----
    def send_info(self, body: str, content_type: str = "application/dtmf-relay") -> None:
        self._request("INFO", [f"Content-Type: {content_type}"], body)

    def _request(self, method: str, extra: list[str], body: str = "") -> None:
        dialog = self.dialog
        assert dialog is not None, "no dialog yet"
        lines = [
            f"{method} {dialog.remote_target} SIP/2.0",
            f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch=z9hG4bK{uuid.uuid4().hex[:16]};rport",
            "Max-Forwards: 70",
            f"From: {dialog.local}",
            f"To: {dialog.remote}",
            f"Call-ID: {dialog.call_id}",
            f"CSeq: {next(dialog.cseq) + 100} {method}",
            f"Contact: <{self.uri}>",
            *extra,
            f"Content-Length: {len(body.encode())}",
        ]
        self._send("\r\n".join(lines) + "\r\n\r\n" + body, dialog.dest)

    # ----- internals -----
    def _send(self, text: str, dest: tuple[str, int]) -> None:
        self._send_bytes(text.encode(), dest)

    def _send_bytes(self, data: bytes, dest: tuple[str, int]) -> None:
        self.sock.sendto(data, dest)

    def _run(self) -> None:
        while self._running:
            try:
                data, source = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            msg = data.decode("utf-8", "replace")
            with self._cond:
                self.received.append(msg)
                self._cond.notify_all()
            if not msg.startswith("SIP/2.0"):
                self._on_request(msg, source)
            elif " INVITE" in _header(msg, "CSeq") and msg.split(" ", 2)[1] >= "200":
                self._ack_final(msg)

    def _ack_final(self, response: str) -> None:
        """ACK a final response to our INVITE (a non-2xx one: same branch, hop by hop)."""
        if not hasattr(self, "_invite"):
            return
        dest, to_user, _, _ = self._invite
        call_id = _header(response, "Call-ID")
        via = _headers(response, "Via")[0]
        ack = (
            f"ACK sip:{to_user}@{dest[0]}:{dest[1]} SIP/2.0\r\nVia: {via}\r\nMax-Forwards: 70\r\n"
            f"From: {_header(response, 'From')}\r\nTo: {_header(response, 'To')}\r\n"
            f"Call-ID: {call_id}\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n"
        )
        self._send(ack, dest)

    def _reply(
        self, request: str, source: tuple[str, int], code: int, reason: str, extra: str = "", body: str = ""
    ) -> None:
        to = _header(request, "To")
        if ";tag=" not in to and self.dialog is not None:
            to = self.dialog.local
        elif ";tag=" not in to:
            to += ";tag=raw" + uuid.uuid4().hex[:6]
        vias = "".join(f"Via: {v}\r\n" for v in _headers(request, "Via"))
        rrs = "".join(f"Record-Route: {r}\r\n" for r in _headers(request, "Record-Route"))
        text = (
            f"SIP/2.0 {code} {reason}\r\n{vias}{rrs}From: {_header(request, 'From')}\r\nTo: {to}\r\n"
            f"Call-ID: {_header(request, 'Call-ID')}\r\nCSeq: {_header(request, 'CSeq')}\r\n"
            f"Contact: <{self.uri}>\r\n{extra}Content-Length: {len(body.encode())}\r\n\r\n{body}"
        )
        self._send(text, source)

    def _on_request(self, msg: str, source: tuple[str, int]) -> None:
        method = msg.split(" ", 1)[0]
        if method == "ACK":
            return
        if method == "INVITE" and self.dialog is None:
            local = _header(msg, "To") + ";tag=raw" + uuid.uuid4().hex[:6]
            contact = _header(msg, "Contact")
            target = re.search(r"<([^>]+)>", contact)
            self.dialog = Dialog(
                _header(msg, "Call-ID"),
                local,
                _header(msg, "From"),
                target.group(1) if target else contact,
                source,
            )
            self._reply(msg, source, 180, "Ringing")
            sdp = _SDP.format(port=self.port + 2)
            self._reply(msg, source, 200, "OK", "Content-Type: application/sdp\r\n", sdp)
            return
        if method == "INVITE":  # a re-INVITE
            if self.refuse_reinvites > 0:
                self.refuse_reinvites -= 1
                self._reply(msg, source, 491, "Request Pending")
                return
            held = "a=sendonly" in msg or "a=inactive" in msg
            sdp = _SDP.format(port=self.port + 2).replace("sendrecv", "recvonly" if held else "sendrecv")
            self._reply(msg, source, 200, "OK", "Content-Type: application/sdp\r\n", sdp)
            return
        if method == "REFER":
            self._reply(msg, source, 202, "Accepted")
            threading.Thread(target=self._notify, daemon=True).start()
            return
        self._reply(msg, source, 200, "OK")

    def _notify(self) -> None:
        time.sleep(0.05)
        mode = self.notify_mode
        if mode == "none":
            return
        event = ["Event: refer", "Content-Type: message/sipfrag;version=2.0"]
        self._request("NOTIFY", [*event, "Subscription-State: active;expires=60"], "SIP/2.0 100 Trying\r\n")
        if mode == "trying":
            return
        time.sleep(0.2)
        if mode == "linphone":
            state = "Subscription-State: terminated;reason=reason=noresource"
        else:
            state = "Subscription-State: active;expires=60"
        self._request("NOTIFY", [*event, state], "SIP/2.0 200 OK\r\n")
