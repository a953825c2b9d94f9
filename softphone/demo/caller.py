"""Simulated customers for ``softphone --demo``: a separate process that calls the operator.

It uses the same ``SipEngine`` in its own process (a second UA on 127.0.0.1). Each call
comes from a customer phone of the embedded CRM (now and then an unknown number, which the
workspace should offer to register) to one of the stores' dialled numbers, rings until the
operator answers or gives up after ``--ring-timeout``, talks for a while, then hangs up.

    python -m softphone.demo.caller --target-port 5070 --crm-url http://127.0.0.1:PORT
    (token in the SOFTPHONE_DEMO_TOKEN environment variable; never on the command line)
"""

from __future__ import annotations

import argparse
import logging
import os
import queue
import random
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from softphone.parent_watch import exit_when_parent_dies, hard_exit
from softphone.sip.engine import SipEngine
from softphone.sip.events import CallState, CallStateChanged, SipAccountSettings, SipEvent

log = logging.getLogger("softphone.demo.caller")

UNKNOWN_CALLERS = ("+79990001122", "+79161112233", "+78123334455")
FALLBACK_STORES = ("+74950000001",)


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


def place_call(
    engine: SipEngine,
    events: queue.Queue[SipEvent],
    plan: CallPlan,
    target: tuple[str, int],
    should_stop: Callable[[], bool],
) -> str:
    """Make one call and follow it to the end; returns how it ended."""
    host, port = target
    engine.configure_account(
        SipAccountSettings(username=plan.caller, domain=host, register=False, display_name="Demo customer"),
        password="",
    )
    call_id = engine.make_call(f"sip:{plan.dialled}@{host}:{port}")
    ring_deadline = time.monotonic() + plan.ring_timeout_s
    talk_deadline: float | None = None
    hard_deadline = ring_deadline + plan.talk_s + 30
    while time.monotonic() < hard_deadline:
        try:
            event = events.get(timeout=0.2)
        except queue.Empty:
            event = None
        if isinstance(event, CallStateChanged) and event.call_id == call_id:
            if event.state is CallState.ENDED:
                return str(event.outcome)
            if event.state is CallState.ACTIVE and talk_deadline is None:
                talk_deadline = time.monotonic() + plan.talk_s
        now = time.monotonic()
        expired = now > (ring_deadline if talk_deadline is None else talk_deadline)
        if expired or should_stop():
            engine.hangup(call_id)
            ring_deadline = talk_deadline = hard_deadline  # wait for ENDED only
    engine.hangup(call_id)
    return "timeout"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Simulated customers calling the demo operator.")
    parser.add_argument("--target-host", default="127.0.0.1")
    parser.add_argument("--target-port", type=int, required=True)
    parser.add_argument("--crm-url", default="")
    parser.add_argument("--interval", type=float, default=45.0, help="mean seconds between calls")
    parser.add_argument("--first-call-after", type=float, default=8.0)
    parser.add_argument("--ring-timeout", type=float, default=40.0)
    parser.add_argument("--parent-pid", type=int, default=0, help="exit when this process is gone")
    parser.add_argument("--max-calls", type=int, default=500)
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
    engine = SipEngine(on_event=events.put, log_level=0)
    engine.start()
    rng = random.Random()
    try:
        next_call = time.monotonic() + args.first_call_after
        for number in range(args.max_calls):
            while not stopping and time.monotonic() < next_call:
                time.sleep(0.2)
            if stopping:
                break
            plan = CallPlan(
                caller=rng.choice(phones),
                dialled=rng.choice(stores),
                talk_s=rng.uniform(15, 45),
                ring_timeout_s=args.ring_timeout,
            )
            outcome = place_call(engine, events, plan, (args.target_host, args.target_port), lambda: stopping)
            log.info("demo call %d ended: %s", number + 1, outcome)
            next_call = time.monotonic() + rng.expovariate(1 / args.interval)
    finally:
        engine.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
