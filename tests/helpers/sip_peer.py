"""A second SIP user agent in its own process, for tests that need a real far end.

Run as a script it is a small pjsua2 UA driven by JSON lines on stdin and reporting JSON lines
on stdout (``{"ev": ...}``). Imported, it offers ``SipPeer`` (spawns and talks to one such
process) and ``peer_factory`` (a pytest fixture that spawns N peers and stops them afterwards).

Commands (each answered with ``{"ev": "ack", "seq": n, "ok": bool, ...}``):
  register user registrar [transport] [srtp=off|optional|mandatory]
           [rtp_port=P rtp_ports=N]  (media on 127.0.0.1, ports P..P+N-1: behind tests/helpers/rtp_relay.py)
  codecs {"PCMU/8000": 255, "G722/16000": 0, ...}   (codec priorities; 0 disables)
  policy incoming=answer|ring|busy|decline [delay]
  call uri [headers]  -> {"id": n}          answer id [code]    hangup id [code]
  hold id    unhold id    dtmf id digits    xfer id uri         quit
  hold_after_resume id   (the next sendrecv re-INVITE received is followed at once by our hold
                          re-INVITE, retried until pjsua takes it, as linphone does)
  play id wav            (loop a WAV file into the call)    record id wav   (the call's audio to a WAV)
  play_record id wav out (both at once, on the same conference-bridge tick: round trips)
  echo id                (send the call's audio straight back: pjsua2's own loop)
  stop_media id          (stop playing and recording; the recording is complete once acked)
Events: ready, reg, incoming (with the whole INVITE, SDP offer included), state, media, offer (SDP
direction of a received re-INVITE), dtmf, info (an INFO request received in a call: its
Content-Type and body), refer, xfer_status, replaced, glare (our re-INVITE got 491), reinvite_sent
(the hold of hold_after_resume left).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from softphone.audio.wav_header import wav_complete
from tests.helpers.orphans import bound_to_test_process

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parents[2]


# --------------------------------------------------------------------------- client side
class PeerError(RuntimeError):
    pass


class SipPeer:
    """Client for one peer process; every wait is bounded."""

    def __init__(self, name: str, log_dir: Path | None = None, no_vad: bool = False) -> None:
        """``no_vad``: send RTP steadily, through silence too (the null device only captures silence)
        and between calls (its clock is never idled)."""
        self.name = name
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if no_vad:
            env["SIP_PEER_NO_VAD"] = "1"
        stderr = (log_dir / f"peer-{name}.log").open("wb") if log_dir else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            bound_to_test_process([sys.executable, str(SCRIPT)]),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
            text=True,
            bufsize=1,
        )
        self._events: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._seq = 0
        self._reader = threading.Thread(target=self._read, name=f"peer-{name}", daemon=True)
        self._reader.start()
        self.wait("ready", timeout=15)
        self.user = ""

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            with self._cond:
                self._events.append(event)
                self._cond.notify_all()
        with self._cond:
            self._events.append({"ev": "exit"})
            self._cond.notify_all()

    def cmd(self, cmd: str, timeout: float = 10, **args: Any) -> dict[str, Any]:
        self._seq += 1
        seq = self._seq
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"cmd": cmd, "seq": seq, **args}) + "\n")
        self.proc.stdin.flush()
        ack = self.wait("ack", timeout=timeout, seq=seq)
        if not ack["ok"]:
            raise PeerError(f"{self.name}: {cmd} failed: {ack.get('error')}")
        return ack

    def wait(self, ev: str, timeout: float = 10, **match: Any) -> dict[str, Any]:
        """Remove and return the first event of type ``ev`` whose fields equal ``match``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for index, event in enumerate(self._events):
                    if event.get("ev") == ev and all(event.get(k) == v for k, v in match.items()):
                        return self._events.pop(index)
                    if event.get("ev") == "exit":
                        raise PeerError(f"{self.name} exited while waiting for {ev} {match}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"{self.name}: no {ev} {match} within {timeout} s; have {self._events}"
                    )
                self._cond.wait(remaining)

    def events(self, ev: str, **match: Any) -> list[dict[str, Any]]:
        """All unconsumed events of a type (not removed)."""
        with self._cond:
            return [
                e for e in self._events if e.get("ev") == ev and all(e.get(k) == v for k, v in match.items())
            ]

    def register(
        self,
        user: str,
        registrar_port: int,
        transport: str = "udp",
        srtp: str | None = None,
        **media: Any,
    ) -> None:
        """``srtp`` ("off", "optional", "mandatory") sets the account's SRTP use; None keeps
        pjsua's default (off). ``media``: ``rtp_port`` and ``rtp_ports`` (see the module doc)."""
        self.user = user
        extra = {} if srtp is None else {"srtp": srtp}
        extra.update(media)
        self.cmd("register", user=user, port=registrar_port, transport=transport, **extra)
        reg = self.wait("reg", timeout=10)
        if reg["code"] != 200:
            raise PeerError(f"{self.name}: registration failed: {reg}")

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(Exception):
                assert self.proc.stdin is not None
                self.proc.stdin.write(json.dumps({"cmd": "quit", "seq": 0}) + "\n")
                self.proc.stdin.flush()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self._reader.join(timeout=2)


@pytest.fixture
def peer_factory(tmp_path: Path) -> Iterator[Callable[[str], SipPeer]]:
    """``peer_factory("bob")`` spawns a peer (``no_vad=True`` passes on); all are stopped at teardown."""
    peers: list[SipPeer] = []

    def make(name: str, **options: Any) -> SipPeer:
        peer = SipPeer(name, tmp_path, **options)
        peers.append(peer)
        return peer

    yield make
    for peer in peers:
        peer.close()


# --------------------------------------------------------------------------- peer process
def _sdp_direction(sdp: str) -> str:
    from softphone.sip.headers import sdp_direction

    return sdp_direction(sdp)


def _info_request(msg: str) -> dict[str, str]:
    """Content-Type and body of a received SIP request (the INFO carrying DTMF)."""
    from softphone.sip.headers import parse_headers

    _, hdrs = parse_headers(msg)
    body = msg.replace("\r\n", "\n").partition("\n\n")[2]
    return {"content_type": (hdrs.get("content-type") or ("",))[0], "body": body}


def run_peer() -> None:
    import pjsua2 as pj

    out_lock = threading.Lock()

    def emit(**event: Any) -> None:
        with out_lock:
            sys.stdout.write(json.dumps(event) + "\n")
            sys.stdout.flush()

    calls: dict[int, Any] = {}
    ids = iter(range(1, 1_000_000))
    policy = {"incoming": "answer", "delay": 0.0}
    timers: list[tuple[float, Callable[[], None]]] = []
    state_names = {
        pj.PJSIP_INV_STATE_CALLING: "CALLING",
        pj.PJSIP_INV_STATE_INCOMING: "INCOMING",
        pj.PJSIP_INV_STATE_EARLY: "EARLY",
        pj.PJSIP_INV_STATE_CONNECTING: "CONNECTING",
        pj.PJSIP_INV_STATE_CONFIRMED: "CONFIRMED",
        pj.PJSIP_INV_STATE_DISCONNECTED: "DISCONNECTED",
    }
    srtp_modes = {
        "off": pj.PJMEDIA_SRTP_DISABLED,
        "optional": pj.PJMEDIA_SRTP_OPTIONAL,
        "mandatory": pj.PJMEDIA_SRTP_MANDATORY,
    }
    media_names = {
        pj.PJSUA_CALL_MEDIA_NONE: "none",
        pj.PJSUA_CALL_MEDIA_ACTIVE: "active",
        pj.PJSUA_CALL_MEDIA_LOCAL_HOLD: "local_hold",
        pj.PJSUA_CALL_MEDIA_REMOTE_HOLD: "remote_hold",
        pj.PJSUA_CALL_MEDIA_ERROR: "error",
    }

    class PeerCall(pj.Call):  # type: ignore[misc]
        def __init__(self, acc: Any, pj_id: int = -1) -> None:
            super().__init__(acc, pj_id)
            self.cid = next(ids)
            calls[self.cid] = self

        def onCallState(self, prm: Any) -> None:
            info = self.getInfo()
            emit(
                ev="state",
                id=self.cid,
                state=state_names.get(info.state, str(info.state)),
                code=info.lastStatusCode,
                remote=info.remoteUri,
            )
            if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
                calls.pop(self.cid, None)
                graveyard.append(self)

        def onCallMediaState(self, prm: Any) -> None:
            info = self.getInfo()
            for media in info.media:
                if media.type == pj.PJMEDIA_TYPE_AUDIO:
                    emit(ev="media", id=self.cid, status=media_names.get(media.status, "?"))

        def onCallRxOffer(self, prm: Any) -> None:
            direction = _sdp_direction(prm.offer.wholeSdp)
            emit(ev="offer", id=self.cid, dir=direction)
            if direction == "sendrecv" and self.cid in hold_after_resume:
                hold_after_resume.discard(self.cid)
                timers.append((time.monotonic(), lambda: hold_soon(self.cid, time.monotonic() + 3)))

        def onDtmfDigit(self, prm: Any) -> None:
            if prm.method != pj.PJSUA_DTMF_METHOD_SIP_INFO:
                emit(ev="dtmf", id=self.cid, digit=prm.digit, method="rfc2833")

        def onDtmfEvent(self, prm: Any) -> None:
            # SIP INFO digits reliably arrive here (onDtmfDigit alone missed them); RFC 2833 via onDtmfDigit
            if prm.method == pj.PJSUA_DTMF_METHOD_SIP_INFO:
                emit(ev="dtmf", id=self.cid, digit=prm.digit, method="info")

        def onCallTsxState(self, prm: Any) -> None:
            event = prm.e
            if event.type != pj.PJSIP_EVENT_TSX_STATE:
                return
            tsx_state = event.body.tsxState
            tsx = tsx_state.tsx
            if (tsx.method, tsx.role, tsx.statusCode, tsx.state) == (
                "INVITE",
                pj.PJSIP_ROLE_UAC,
                491,
                pj.PJSIP_TSX_STATE_COMPLETED,
            ):
                emit(ev="glare", id=self.cid)
            if (
                tsx.method == "INFO"
                and tsx.role == pj.PJSIP_ROLE_UAS
                and tsx_state.type == pj.PJSIP_EVENT_RX_MSG
            ):
                emit(ev="info", id=self.cid, **_info_request(tsx_state.src.rdata.wholeMsg))

        def onCallTransferRequest(self, prm: Any) -> None:
            new = PeerCall(acc_holder[0])
            prm.newCall = new
            emit(ev="refer", id=self.cid, dst=prm.dstUri, new_id=new.cid)

        def onCallTransferStatus(self, prm: Any) -> None:
            emit(ev="xfer_status", id=self.cid, code=prm.statusCode, final=bool(prm.finalNotify))

        def onCallReplaced(self, prm: Any) -> None:
            new = PeerCall(acc_holder[0], prm.newCallId)
            prm.newCall = new
            emit(ev="replaced", old=self.cid, new_id=new.cid)

    class PeerAccount(pj.Account):  # type: ignore[misc]
        def onRegState(self, prm: Any) -> None:
            emit(ev="reg", code=prm.code, expiration=prm.expiration)

        def onIncomingCall(self, prm: Any) -> None:
            call = PeerCall(self, prm.callId)
            emit(ev="incoming", id=call.cid, msg=prm.rdata.wholeMsg)
            mode = policy["incoming"]
            code = {"answer": 180, "ring": 180, "busy": 486, "decline": 603}[str(mode)]
            op = pj.CallOpParam()
            op.statusCode = code
            call.answer(op)
            if mode == "answer":
                delay = float(policy["delay"])
                timers.append((time.monotonic() + delay, lambda: answer(call.cid, 200)))

    def answer(cid: int, code: int) -> None:
        call = calls.get(cid)
        if call is not None:
            op = pj.CallOpParam()
            op.statusCode = code
            call.answer(op)

    def hold_soon(cid: int, give_up_at: float) -> None:
        """Hold as soon as pjsua takes a new re-INVITE (it refuses one while another is open)."""
        call = calls.get(cid)
        if call is None:
            return
        try:
            call.setHold(pj.CallOpParam(True))
        except pj.Error:
            if time.monotonic() < give_up_at:
                timers.append((time.monotonic() + 0.005, lambda: hold_soon(cid, give_up_at)))
            return
        emit(ev="reinvite_sent", id=cid)

    hold_after_resume: set[int] = set()
    call_media_items: dict[int, list[Any]] = {}  # call id -> its players and recorders, kept alive
    call_recordings: dict[int, list[str]] = {}  # call id -> the WAV files its recorders write
    graveyard: list[Any] = []
    acc_holder: list[Any] = []
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = False
    level = int(os.environ.get("SIP_PEER_LOG_LEVEL", "1"))  # pjsua logs go to stderr (peer-NAME.log)
    cfg.logConfig.level = level
    cfg.logConfig.consoleLevel = level

    class StderrWriter(pj.LogWriter):  # type: ignore[misc]
        def write(self, entry: Any) -> None:
            sys.stderr.write(entry.msg)

    writer = StderrWriter()
    cfg.logConfig.writer = writer
    if os.environ.get("SIP_PEER_NO_VAD") == "1":  # RTP all the time: quality measurements
        cfg.medConfig.noVad = True
        cfg.medConfig.sndAutoCloseTime = -1  # the null device is the media clock: never idle it
    ep.libInit(cfg)
    tp_ids = {}
    for kind, pj_kind in (("udp", pj.PJSIP_TRANSPORT_UDP), ("tcp", pj.PJSIP_TRANSPORT_TCP)):
        tcfg = pj.TransportConfig()
        tcfg.port = 0
        tp_ids[kind] = ep.transportCreate(pj_kind, tcfg)
    ep.libStart()
    ep.audDevManager().setNullDev()
    for name in ("G722/16000", "PCMA/8000", "PCMU/8000"):
        ep.codecSetPriority(name, 200)

    commands: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()

    def read_stdin() -> None:
        for line in sys.stdin:
            with contextlib.suppress(ValueError):
                commands.put(json.loads(line))
        commands.put(None)

    threading.Thread(target=read_stdin, daemon=True).start()
    emit(ev="ready", udp=ep.transportGetInfo(tp_ids["udp"]).localName)

    def handle(c: dict[str, Any]) -> dict[str, Any]:
        name = c["cmd"]
        if name == "register":
            acfg = pj.AccountConfig()
            host = f"127.0.0.1:{c['port']}"
            acfg.idUri = f"sip:{c['user']}@{host}"
            suffix = "" if c.get("transport", "udp") == "udp" else f";transport={c['transport']}"
            acfg.regConfig.registrarUri = f"sip:{host}{suffix}"
            acfg.regConfig.retryIntervalSec = 0
            acfg.sipConfig.transportId = tp_ids[c.get("transport", "udp")]
            acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", c["user"], 0, c["user"] + "pw"))
            if "rtp_port" in c:
                acfg.mediaConfig.transportConfig.port = int(c["rtp_port"])
                acfg.mediaConfig.transportConfig.portRange = int(c.get("rtp_ports", 16))
                acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
            if "srtp" in c:
                acfg.mediaConfig.srtpUse = srtp_modes[c["srtp"]]
                acfg.mediaConfig.srtpSecureSignaling = 0  # SDES over plain UDP/TCP, as the engine does
            acc = PeerAccount()
            acc.create(acfg, True)
            acc_holder[:] = [acc]
            return {}
        if name == "codecs":
            missing = []
            for codec, priority in c["priorities"].items():
                try:
                    ep.codecSetPriority(codec, int(priority))
                except pj.Error:  # a codec this pjsua2 build lacks (the wheel has no Opus)
                    missing.append(codec)
            return {"missing": missing}
        if name == "policy":
            policy["incoming"] = c["incoming"]
            policy["delay"] = float(c.get("delay", 0))
            return {}
        if name == "call":
            call = PeerCall(acc_holder[0])
            op = pj.CallOpParam(True)
            for hname, hvalue in (c.get("headers") or {}).items():
                hdr = pj.SipHeader()
                hdr.hName, hdr.hValue = hname, hvalue
                op.txOption.headers.append(hdr)
            sent_at = time.time()  # benchmarks: INVITE leaves this UA now (same machine clock)
            call.makeCall(c["uri"], op)
            return {"id": call.cid, "sent_at": sent_at}
        call = calls.get(int(c.get("id", 0)))
        if name == "hold_after_resume":
            hold_after_resume.add(int(c["id"]))
            return {}
        if name in ("play", "record", "stop_media", "play_record", "echo"):
            return media_command(name, int(c["id"]), call, c.get("wav", ""), c.get("out", ""))
        if name in ("answer", "hangup", "hold", "unhold", "dtmf", "xfer") and call is None:
            raise KeyError(f"no call {c.get('id')}")
        op = pj.CallOpParam(True)
        if name == "answer":
            op.statusCode = int(c.get("code", 200))
            call.answer(op)
        elif name == "hangup":
            op.statusCode = int(c.get("code", 0))
            call.hangup(op)
        elif name == "hold":
            call.setHold(op)
        elif name == "unhold":
            op.opt.flag = pj.PJSUA_CALL_UNHOLD
            call.reinvite(op)
        elif name == "dtmf":
            call.dialDtmf(c["digits"])
        elif name == "xfer":
            call.xfer(c["uri"], op)
        else:
            raise ValueError(f"unknown command {name}")
        return {}

    def wait_until_closed(path: str) -> None:
        """pjmedia's conference bridge removes a port on its clock's next turn, and only then does the
        WAV writer write its header's sizes (RIFF size 0 until then): stop_media is acked after it."""
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline and os.path.exists(path) and not wav_complete(path):
            ep.libHandleEvents(10)

    def media_command(name: str, cid: int, call: Any, wav: str, out: str) -> dict[str, Any]:
        if name == "stop_media":
            items = call_media_items.pop(cid, [])
            while items:  # pjsua2 removes each from the bridge and closes its WAV file
                items.pop()
            import gc

            gc.collect()  # SWIG proxies in a reference cycle would keep a recording open
            for path in call_recordings.pop(cid, []):
                wait_until_closed(path)
            return {}
        if call is None:
            raise KeyError(f"no call {cid}")
        audio = call.getAudioMedia(-1)
        if name == "echo":
            audio.startTransmit(audio)
            return {}
        if name == "play_record":
            recorder = pj.AudioMediaRecorder()
            recorder.createRecorder(out)
            player = pj.AudioMediaPlayer()
            player.createPlayer(wav, pj.PJMEDIA_FILE_NO_LOOP)
            audio.startTransmit(recorder)
            player.startTransmit(audio)
            call_media_items.setdefault(cid, []).extend([player, recorder])
            call_recordings.setdefault(cid, []).append(out)
            return {}
        if name == "play":
            player = pj.AudioMediaPlayer()
            player.createPlayer(wav)
            player.startTransmit(audio)
            call_media_items.setdefault(cid, []).append(player)
        else:
            recorder = pj.AudioMediaRecorder()
            recorder.createRecorder(wav)
            audio.startTransmit(recorder)
            call_media_items.setdefault(cid, []).append(recorder)
            call_recordings.setdefault(cid, []).append(wav)
        return {}

    running = True
    while running:
        for _ in range(50):
            try:
                c = commands.get_nowait()
            except queue.Empty:
                break
            if c is None or c.get("cmd") == "quit":
                running = False
                break
            try:
                result = handle(c)
                emit(ev="ack", seq=c.get("seq"), ok=True, **result)
            except Exception as exc:
                detail = exc.info() if isinstance(exc, pj.Error) else str(exc)  # pj.Error's str is empty
                emit(ev="ack", seq=c.get("seq"), ok=False, error=f"{type(exc).__name__}: {detail}")
        now = time.monotonic()
        due = [t for t in timers if t[0] <= now]
        for item in due:
            timers.remove(item)
            with contextlib.suppress(Exception):
                item[1]()
        ep.libHandleEvents(5)
        graveyard.clear()

    ep.hangupAllCalls()
    deadline = time.monotonic() + 1
    while calls and time.monotonic() < deadline:
        ep.libHandleEvents(10)
    ep.audDevManager().setNoDev()
    call_media_items.clear()
    calls.clear()
    graveyard.clear()
    import gc

    gc.collect()
    for acc in acc_holder:
        acc.shutdown()
    acc_holder.clear()
    ep.libDestroy(pj.PJSUA_DESTROY_NO_RX_MSG)
    os._exit(0)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    run_peer()
