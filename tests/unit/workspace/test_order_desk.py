"""The order's call and the draft: a saved order hangs on the customer's call (live, or in its
after-call time), totals and requests by the shared rules, addresses parsed with clear problems."""

from __future__ import annotations

from decimal import Decimal

import pytest

from softphone.crm import schemas as s
from softphone.sip.events import CallDirection, CallOutcome, CallState, CallStateChanged, IncomingCall
from softphone.workspace.call_context import CallCustomer, CallOrder, CustomerMatch
from softphone.workspace.orders.desk import AFTER_CALL_S, OrderDesk
from softphone.workspace.orders.draft import DraftProblem, OrderDraft, OverCompensationLimit, parse_address
from softphone.workspace.sessions import CallSessions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _call_with(sessions: CallSessions, call_id: int, customer_id: int) -> None:
    sessions.apply(IncomingCall(call_id, "sip:79161234567@pbx", "79161234567", "", "74950000001"))
    session = sessions.get(call_id)
    assert session is not None
    session.attach(CallCustomer(CustomerMatch.ONE, "+79161234567", customer_id, "C-1", "Анна"))
    sessions.attachments_changed(session)


def _end(sessions: CallSessions, call_id: int) -> None:
    sessions.apply(
        CallStateChanged(
            call_id=call_id,
            state=CallState.ENDED,
            remote_number="79161234567",
            direction=CallDirection.INBOUND,
            outcome=CallOutcome.ANSWERED,
        )
    )


def test_a_saved_order_hangs_on_the_customers_live_call_and_confirming_adds_to_it() -> None:
    clock = Clock()
    sessions = CallSessions(clock=clock)
    desk = OrderDesk(sessions, lambda: None, clock=clock)
    sessions.subscribe(desk.on_session_change)
    told: list[object] = []
    sessions.subscribe(lambda change: told.append(change.session.attached(CallOrder)))
    _call_with(sessions, 1, customer_id=7)
    assert desk.link_to_call(8, CallOrder(3, None, True, False)) is None  # another customer's order
    session = desk.link_to_call(7, CallOrder(3, None, True, False))
    assert session is not None and session.call_id == 1
    desk.link_to_call(7, CallOrder(3, "O-3", False, True))
    assert session.attached(CallOrder) == CallOrder(3, "O-3", True, True)
    assert told[-1] == CallOrder(3, "O-3", True, True)  # the readers (wrap-up) heard it


def test_after_the_call_the_order_still_joins_it_within_the_after_call_time() -> None:
    clock = Clock()
    sessions = CallSessions(clock=clock)
    desk = OrderDesk(sessions, lambda: None, clock=clock)
    sessions.subscribe(desk.on_session_change)
    _call_with(sessions, 1, customer_id=7)
    _end(sessions, 1)
    clock.now += 60
    session = desk.link_to_call(7, CallOrder(3, None, True, False))
    assert session is not None and session.attached(CallOrder) is not None
    clock.now += AFTER_CALL_S
    assert desk.link_to_call(7, CallOrder(4, None, True, False)) is None


def test_totals_are_exact_and_the_limit_is_refused_with_its_own_problem() -> None:
    draft = OrderDraft(1, "S-MSK", payment_method="cash")
    draft = draft.with_product("P1", "A-1", "Чайник", Decimal("1290.10"), 3).with_product(
        "P2", "B-2", "Фен", Decimal("0.10")
    )
    delivery = s.DeliveryIn(service_id="DS-OWN", method="pickup", cost=Decimal("0.00"))
    draft = OrderDraft(1, "S-MSK", draft.lines, delivery, "cash", Decimal("100.05"))
    money = draft.totals()
    assert (money.items_total, money.total) == (Decimal("3870.40"), Decimal("3770.35"))
    draft.check(Decimal("1500"), needs_address=False)
    over = OrderDraft(1, "S-MSK", draft.lines, delivery, "cash", Decimal("1500.01"))
    with pytest.raises(OverCompensationLimit) as refused:
        over.check(Decimal("1500"), needs_address=False)
    assert refused.value.limit == Decimal("1500")
    with pytest.raises(DraftProblem, match="items total"):
        OrderDraft(1, "S-MSK", draft.lines, None, "cash", Decimal("5000")).check(None, needs_address=False)
    request = draft.create_request()
    assert request.items[0].qty == 3 and request.discount == Decimal("100.05")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Москва, ул. Ленина, д. 5, кв. 12, 101000", ("Москва", "ул. Ленина", "5", "12", "101000")),
        (
            "190000; Санкт-Петербург; Невский пр.; 28",
            ("Санкт-Петербург", "Невский пр.", "28", None, "190000"),
        ),
    ],
)
def test_a_typed_address_is_parsed(text: str, expected: tuple[object, ...]) -> None:
    a = parse_address(text)
    assert (a.city, a.street, a.house, a.flat, a.postcode) == expected


def test_an_address_missing_a_part_says_so() -> None:
    with pytest.raises(DraftProblem, match="city, a street and a house"):
        parse_address("Москва, Ленина")
