"""Simulated customers for ``softphone --demo``: a separate process that calls the operator
and answers the operator's calls.

It uses the same ``SipEngine`` in its own process (a second UA on 127.0.0.1, SIP on
``--listen-port``, RTP from port 24000 so it never meets the operator's RTP ports). Each call
comes from a customer phone of the embedded CRM (now and then an unknown number, which the
workspace should offer to register) to one of the stores' dialled numbers, rings until the
operator answers or gives up after ``--ring-timeout``, talks for a while, then hangs up.

Calls the operator places reach this process too (the demo account's server is
``127.0.0.1:<listen-port>``); the customer at the dialled number answers, is busy or does not
pick up by the number's last digit: 0 busy, 9 no answer, anything else answers after 3 s and
talks 20-60 s (``softphone.demo.customers``).

    python -m softphone.demo.caller --target-port 5070 --listen-port 5072 --crm-url http://127.0.0.1:PORT
    (token in the SOFTPHONE_DEMO_TOKEN environment variable; never on the command line)

``--calls-from +79161234567,+79990001122`` (or ``SOFTPHONE_DEMO_CALLS_FROM``, which reaches the caller
through ``softphone --demo``) makes the calls come from those numbers, in that order, to the stores'
lines in turn: screenshots and demonstrations show a known customer, an unknown number, a shared one.
"""

from __future__ import annotations

import argparse
import logging
import os
import queue
import random
import signal
import time
from dataclasses import dataclass
from typing import Any

import httpx

from softphone.demo.customers import ANSWER_AFTER_S, Callees
from softphone.parent_watch import exit_when_parent_dies, hard_exit
from softphone.sip.engine import SipEngine
from softphone.sip.events import CallState, CallStateChanged, SipAccountSettings, SipEvent

log = logging.getLogger("softphone.demo.caller")

UNKNOWN_CALLERS = ("+79990001122", "+79161112233", "+78123334455")
FALLBACK_STORES = ("+74950000001",)
# The operator's account keeps pjsua's default RTP ports (from 4000); the customers use their own
# range, so the two processes never try to bind the same port.
DEMO_CALLER_RTP_PORT = 24000
DEMO_CALLER_RTP_RANGE = 1000


@dataclass(frozen=True)
class CallPlan:
    caller: str  # E.164 of the simulated customer
    dialled: str  # E.164 of the store line
    talk_s: float
    ring_timeout_s: float


def load_numbers(crm_url: str, token: str) -> tuple[list[str], list[str]]:
    """Customer phones and store numbers from the embedded CRM (bounded: one page each)."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{crm_url}/api/v1", headers=headers, timeout=10) as client:
        stores = client.get("/stores").json()
        customers = client.get("/customers", params={"limit": 50}).json()
    store_numbers = [n for s in _items(stores) for n in s.get("phone_numbers", [])]
    phones = [p["e164"] for c in _items(customers) for p in c.get("phones", [])[:1]]
    return phones, store_numbers or list(FALLBACK_STORES)


def _items(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, dict):
        items = body.get("items", [])
        return items if isinstance(items, list) else []
    return body if isinstance(body, list) else []


class OutgoingCall:
    """One call from a simulated customer to the operator, moved on by events and ``tick``."""

    def __init__(self, engine: SipEngine, plan: CallPlan, target: tuple[str, int]) -> None:
        self._engine = engine
        self.plan = plan
        host, port = target
        self.call_id = engine.make_call(f"sip:{plan.dialled}@{host}:{port}")
        now = time.monotonic()
        self._deadline = now + plan.ring_timeout_s  # ring timeout, then the end of the talk
        self._hard_deadline = self._deadline + plan.talk_s + 30
        self._talking = False
        self._hung_up = False
        self.outcome: str | None = None  # set when the call has ended

    def on_event(self, event: SipEvent) -> None:
        if not isinstance(event, CallStateChanged) or event.call_id != self.call_id:
            return
        if event.state is CallState.ENDED:
            self.outcome = str(event.outcome)
        elif event.state is CallState.ACTIVE and not self._talking:
            self._talking = True
            self._deadline = time.monotonic() + self.plan.talk_s

    def tick(self, stopping: bool) -> None:
        now = time.monotonic()
        if now > self._hard_deadline:
            self._engine.hangup(self.call_id)
            self.outcome = "timeout"
        elif not self._hung_up and (stopping or now > self._deadline):
            self._hung_up = True
            self._engine.hangup(self.call_id)


def caller_account(caller: str, target: tuple[str, int], listen_port: int) -> SipAccountSettings:
    """The account a simulated customer calls from: no registrar, its own SIP port and RTP range."""
    host, port = target
    return SipAccountSettings(
        username=caller,
        domain=host,
        port=port,
        register=False,
        local_port=listen_port,
        bind_address="127.0.0.1",
        rtp_port=DEMO_CALLER_RTP_PORT,
        rtp_port_range=DEMO_CALLER_RTP_RANGE,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Simulated customers calling the demo operator.")
    parser.add_argument("--target-host", default="127.0.0.1")
    parser.add_argument("--target-port", type=int, required=True)
    parser.add_argument("--listen-port", type=int, default=0, help="SIP port the operator's calls reach")
    parser.add_argument("--crm-url", default="")
    parser.add_argument(
        "--interval",
        type=float,
        default=float(os.environ.get("SOFTPHONE_DEMO_CALL_INTERVAL", "45")),
        help="mean seconds between calls (SOFTPHONE_DEMO_CALL_INTERVAL)",
    )
    parser.add_argument("--first-call-after", type=float, default=8.0)
    parser.add_argument("--ring-timeout", type=float, default=40.0)
    parser.add_argument("--parent-pid", type=int, default=0, help="exit when this process is gone")
    parser.add_argument("--max-calls", type=int, default=500)
    parser.add_argument(
        "--calls-from",
        default=os.environ.get("SOFTPHONE_DEMO_CALLS_FROM", ""),
        help="comma-separated numbers the calls come from, in order (then at random)",
    )
    parser.add_argument("--answer-after", type=float, default=ANSWER_AFTER_S, help="customers pick up after")
    parser.add_argument(
        "--talk", type=float, default=None, help="customers talk this long (default: by number)"
    )
    args = parser.parse_args(argv)
    if args.parent_pid:
        exit_when_parent_dies(args.parent_pid, hard_exit)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s demo-caller %(levelname)s %(message)s")
    if args.target_host not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("the demo caller only calls this machine")

    phones, stores = list(UNKNOWN_CALLERS), list(FALLBACK_STORES)
    token = os.environ.get("SOFTPHONE_DEMO_TOKEN", "")
    if args.crm_url:
        try:
            known, stores = load_numbers(args.crm_url, token)
            phones = known + phones
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            log.warning("CRM numbers unavailable (%s); calling from unknown numbers", exc)

    stopping = False

    def on_signal(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    events: queue.Queue[SipEvent] = queue.Queue()
    engine = SipEngine(on_event=events.put, log_level=1)
    engine.start()
    target = (args.target_host, args.target_port)
    engine.configure_account(caller_account(phones[0], target, args.listen_port), "")
    callees = Callees(engine, answer_after_s=args.answer_after, talk_s=args.talk)
    rng = random.Random()
    scripted = [n.strip() for n in args.calls_from.split(",") if n.strip()][: args.max_calls]
    try:
        placed = 0
        current: OutgoingCall | None = None
        next_call = time.monotonic() + args.first_call_after
        while not (stopping and current is None):
            try:
                event: SipEvent | None = events.get(timeout=0.2)
            except queue.Empty:
                event = None
            if event is not None:
                callees.on_event(event)
                if current is not None:
                    current.on_event(event)
            callees.tick()
            if current is not None:
                current.tick(stopping)
                if current.outcome is not None:
                    log.info("demo call %d ended: %s", placed, current.outcome)
                    current = None
                    next_call = time.monotonic() + rng.expovariate(1 / args.interval)
            elif not stopping and placed < args.max_calls and time.monotonic() >= next_call:
                if callees.live():  # the account changes caller ID per call: not under a live call
                    next_call = time.monotonic() + 5
                    continue
                if placed < len(scripted):
                    caller, dialled = scripted[placed], stores[placed % len(stores)]
                else:
                    caller, dialled = rng.choice(phones), rng.choice(stores)
                plan = CallPlan(caller, dialled, rng.uniform(15, 45), args.ring_timeout)
                engine.configure_account(caller_account(plan.caller, target, args.listen_port), "")
                current = OutgoingCall(engine, plan, target)
                placed += 1
    finally:
        engine.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
