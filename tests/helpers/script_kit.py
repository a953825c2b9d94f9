"""A local store holding what a scripted call needs: the seeded scripts, a customer with orders, the
operator and a shop, written through the CRM sync's own path (``parse_changes`` + ``StoreSyncTarget``).

Also a ``CallsOnStore`` kit: ``CallSessions`` + ``ScriptDesk`` + ``InteractionLog`` (and, with
``history=True``, the call-history recorder before them) on the real store worker, fed with SIP
events under a clock the test moves, as the composition root wires them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from softphone.crm.api import parse_changes
from softphone.crm_server.seed_scripts import SCRIPTS
from softphone.sip.events import CallDirection, CallOutcome, CallState, CallStateChanged, IncomingCall
from softphone.store.call_history import CallHistoryRepository
from softphone.store.crm_target import StoreSyncTarget
from softphone.store.db import Store
from softphone.store.jobs import StoreJobs
from softphone.store.models import Customer, ReferenceData, StoreBranch, StoreNumber
from softphone.workspace.call_context import CallCustomer, CallStore, CustomerMatch
from softphone.workspace.call_recorder import CallHistoryRecorder
from softphone.workspace.interaction_log import InteractionLog
from softphone.workspace.scripts.desk import CallScript, ScriptDesk
from softphone.workspace.sessions import CallSessions

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
CUSTOMER_ID, CUSTOMER_NAME, CUSTOMER_PHONE = "C-DEMO-1", "Иванова Анна Сергеевна", "+79161234567"
SHOP_ID, SHOP_NAME, SHOP_NUMBER = "S-MSK", "ТехноДом", "+74952223344"


def _customer() -> dict[str, Any]:
    stamp = NOW.isoformat()
    return {
        "id": CUSTOMER_ID,
        "name": CUSTOMER_NAME,
        "phones": [{"e164": CUSTOMER_PHONE, "kind": "mobile"}],
        "version": 1,
        "created_at": stamp,
        "updated_at": stamp,
    }


def _order(order_id: str, status: str, days_ago: int) -> dict[str, Any]:
    stamp = (NOW - dt.timedelta(days=days_ago)).isoformat()
    return {
        "id": order_id,
        "customer_id": CUSTOMER_ID,
        "store_id": SHOP_ID,
        "status": status,
        "items": [
            {"product_id": "P1", "sku": "KT-1", "name": "Чайник Bosch", "qty": 1, "price": "4990.00"},
            {"product_id": "P2", "sku": "TS-2", "name": "Тостер Philips", "qty": 2, "price": "2500.00"},
        ],
        "delivery": {
            "service_id": "DS-OWN",
            "method": "courier",
            "address": {"city": "Москва", "street": "ул. Тверская", "house": "7", "flat": "12"},
            "date": (NOW + dt.timedelta(days=2)).date().isoformat(),
            "time_from": "10:00:00",
            "time_to": "14:00:00",
            "cost": "300.00",
        },
        "payment": {"method": "card_courier", "status": "pending"},
        "totals": {
            "items_total": "9990.00",
            "delivery_cost": "300.00",
            "discount": "0.00",
            "total": "10290.00",
        },
        "version": 1,
        "created_at": stamp,
        "updated_at": stamp,
    }


def _feed(items: list[tuple[str, dict[str, Any]]]) -> bytes:
    body = [
        {"seq": n, "entity_type": kind, "entity_id": doc["id"], "op": "upsert", "data": doc}
        for n, (kind, doc) in enumerate(items, 1)
    ]
    return json.dumps({"items": body, "next_cursor": len(body), "has_more": False}).encode()


def fill_store(store: Store, open_order_status: str = "new") -> tuple[int, int]:
    """The scripts, the customer with a delivered and an open order, the operator and the shop.
    Returns (local customer id, local store id)."""
    scripts = [("script", {**doc, "updated_at": NOW.isoformat()}) for doc in SCRIPTS]
    orders = [
        ("order", _order("O-DEMO-2", "delivered", 30)),
        ("order", _order("O-DEMO-1", open_order_status, 1)),
    ]
    page = parse_changes(_feed([("customer", _customer()), *scripts, *orders]))
    assert not page.bad, page.bad
    StoreSyncTarget(store).apply_changes(page.items, page.next_cursor, NOW)
    with store.session() as session, session.begin():
        session.merge(ReferenceData(key="operator", body={"id": "op-1", "name": "Мария Кузнецова"}))
        payments = {"items": [{"code": "card_courier", "name": "Картой курьеру"}]}
        session.merge(ReferenceData(key="payment_methods", body=payments))
        services = {
            "items": [{"id": "DS-OWN", "methods": [{"code": "courier", "name": "Доставка нашим курьером"}]}]
        }
        session.merge(ReferenceData(key="delivery_services", body=services))
        shop = StoreBranch(crm_id=SHOP_ID, name=SHOP_NAME)
        session.add(shop)
        session.flush()
        session.add(StoreNumber(e164=SHOP_NUMBER, store_id=shop.id))
        customer_id = session.scalar(select(Customer.id).where(Customer.crm_id == CUSTOMER_ID))
        assert customer_id is not None
        return customer_id, shop.id


def known_customer(customer_id: int) -> CallCustomer:
    return CallCustomer(CustomerMatch.ONE, CUSTOMER_PHONE, customer_id, CUSTOMER_ID, CUSTOMER_NAME)


def shop(store_id: int) -> CallStore:
    return CallStore(store_id, SHOP_ID, SHOP_NAME, "#1e88e5")


class CallsOnStore:
    """Sessions, the script desk and the interaction log on a real store worker; a clock the test moves."""

    def __init__(self, store: Store, deliver: Any = None, history: bool = False) -> None:
        self.now = NOW.timestamp()
        self.jobs = StoreJobs(deliver=deliver or (lambda fn: fn()))
        self.sessions = CallSessions(clock=lambda: self.now)
        self.history = CallHistoryRepository(store)
        self.recorder = CallHistoryRecorder(self.history, self.jobs, region="RU")
        if history:  # subscribed first, as in the app
            self.sessions.subscribe(self.recorder.on_session_change)
        self.desk = ScriptDesk(store, self.jobs)
        self.logged: list[int] = []
        self.log = InteractionLog(store, self.jobs, on_logged=self.logged.extend)
        self.sessions.subscribe(self.desk.on_session_change)
        self.sessions.subscribe(self.log.on_session_change)

    def settle(self) -> None:
        """Wait until the store worker ran everything queued so far."""
        future = self.jobs.submit(lambda: None)
        assert future is not None
        future.result(timeout=10)

    def ring(self, call_id: int = 1) -> CallScript:
        self.sessions.apply(IncomingCall(call_id, f"sip:{CUSTOMER_PHONE}@x", CUSTOMER_PHONE, "", SHOP_NUMBER))
        session = self.sessions.get(call_id)
        assert session is not None
        script = session.attached(CallScript)
        assert script is not None
        return script

    def state(self, call_id: int, state: CallState, **kw: Any) -> None:
        self.sessions.apply(CallStateChanged(call_id, CallDirection.INBOUND, state, CUSTOMER_PHONE, **kw))

    def answer(self, call_id: int = 1) -> None:
        self.state(call_id, CallState.ACTIVE, connected_at=self.now)

    def hang_up(self, call_id: int = 1) -> None:
        self.state(call_id, CallState.ENDED, outcome=CallOutcome.ANSWERED)

    def close(self) -> None:
        self.jobs.close()
