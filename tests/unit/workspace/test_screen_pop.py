"""Screen-pop on a real SQLite store: who rings (one, several, nobody), for which shop, and what the
operator settles by hand; the CRM is not reachable here (the card stays local, nothing fails)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from softphone.crm import schemas as s
from softphone.sip.events import CallDirection, CallState, CallStateChanged, IncomingCall
from softphone.store.db import Store, open_store
from softphone.store.jobs import StoreJobs
from softphone.store.local_writes import create_customer, update_customer
from softphone.workspace.call_context import CallCustomer, CallStore, CustomerMatch
from softphone.workspace.call_session import CallSession
from softphone.workspace.customer_form import CustomerForm, create_request
from softphone.workspace.customer_loader import CustomerLoader
from softphone.workspace.screen_pop import CallCard, CrmFreshness, ScreenPop
from softphone.workspace.sessions import CallSessions, ChangeKind
from tests.helpers.workspace_store import seed_workspace_store


class InlineJobs:
    """Runs each store job at once on the calling thread; its result is handed back at ``pump`` (as the
    app's worker hands it back to the GUI thread later)."""

    def __init__(self) -> None:
        self.results: list[Callable[[], Any]] = []

    def pump(self) -> None:
        for _ in range(100):  # a result may submit the next job
            if not self.results:
                return
            self.results.pop(0)()

    def submit(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], Any] | None = None,
        on_error: Callable[[BaseException], Any] | None = None,
        what: str = "",
    ) -> None:
        try:
            result = job()
        except Exception as exc:
            if on_error is not None:
                self.results.append(lambda failure=exc: on_error(failure))
            return
        if on_done is not None:
            self.results.append(lambda: on_done(result))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db")
    seed_workspace_store(opened)
    yield opened
    opened.close()


@pytest.fixture
def pop(store: Store) -> tuple[CallSessions, ScreenPop, list[tuple[ChangeKind, CallSession]]]:
    sessions = CallSessions()
    jobs = InlineJobs()
    loader = CustomerLoader(store, jobs, crm=lambda: None, keep_task=lambda coro, name: coro.close())
    screen_pop = ScreenPop(sessions, loader, jobs)
    sessions.subscribe(screen_pop.on_session_change)
    heard: list[tuple[ChangeKind, CallSession]] = []
    sessions.subscribe(lambda change: heard.append((change.kind, change.session)))
    sessions.jobs = jobs  # type: ignore[attr-defined]  # for ring() below
    return sessions, screen_pop, heard


def ring(sessions: CallSessions, call_id: int, caller: str, dialled: str = "74952223344") -> CallSession:
    sessions.apply(IncomingCall(call_id, f"sip:{caller}@pbx", caller, "", dialled))
    session = sessions.get(call_id)
    assert session is not None
    looking = session.attached(CallCustomer)
    assert looking is not None and looking.match == CustomerMatch.LOOKING  # at once, before the store answers
    sessions.jobs.pump()  # type: ignore[attr-defined]
    return session


def test_a_known_caller_gets_the_card_and_the_dialled_shop_while_ringing(pop: Any) -> None:
    sessions, _screen_pop, heard = pop
    session = ring(sessions, 1, "89161234567")  # as the PBX sends it: national format
    customer = session.attached(CallCustomer)
    assert customer is not None and customer.match == CustomerMatch.ONE
    assert (customer.phone_e164, customer.crm_id, customer.name) == (
        "+79161234567",
        "C-1",
        "Иванова Анна Сергеевна",
    )
    shop = session.attached(CallStore)
    assert shop is not None and (shop.crm_id, shop.name, shop.colour) == ("S-MSK", "ТехноДом", "#1565c0")
    card = session.attached(CallCard)
    assert card is not None and card.details is not None
    assert [o.crm_id for o in card.details.orders] == ["O-1", "O-2"]
    assert session.is_ringing_in  # all of this before anyone answered
    kinds = [kind for kind, s in heard if s is session]  # the card, then "the CRM cannot be asked"
    assert kinds == [ChangeKind.STARTED, ChangeKind.CHANGED, ChangeKind.CHANGED]
    assert card.crm == CrmFreshness.UNAVAILABLE  # no CRM link here: the local card stands


def test_a_shared_number_offers_the_chooser_and_the_choice_sticks(pop: Any) -> None:
    sessions, screen_pop, _heard = pop
    session = ring(sessions, 2, "+74957654321", dialled="+78123334455")
    customer = session.attached(CallCustomer)
    assert customer is not None and customer.match == CustomerMatch.SEVERAL
    card = session.attached(CallCard)
    assert card is not None and sorted(c.card.name for c in card.candidates) == [
        "Петров Сергей",
        "Петрова Елена",
    ]
    assert session.attached(CallStore).name == "Дом и Сад"  # type: ignore[union-attr]
    elena = next(c.card.id for c in card.candidates if c.card.name == "Петрова Елена")
    screen_pop.choose(2, elena)
    sessions.jobs.pump()
    chosen = session.attached(CallCustomer)
    assert chosen is not None and (chosen.match, chosen.customer_id) == (CustomerMatch.CHOSEN, elena)
    assert chosen.phone_e164 == "+74957654321"
    assert session.attached(CallCard).details.card.name == "Петрова Елена"  # type: ignore[union-attr]


def test_an_unknown_caller_becomes_the_customer_created_from_the_form(pop: Any, store: Store) -> None:
    sessions, screen_pop, _heard = pop
    session = ring(sessions, 3, "+79990001122", dialled="nonsense")
    customer = session.attached(CallCustomer)
    assert customer is not None and (customer.match, customer.phone_e164) == (
        CustomerMatch.UNKNOWN,
        "+79990001122",
    )
    # no shop owns that line, and of the operator's three shops none is guessed
    assert session.attached(CallStore) == CallStore(None, None, "")
    form = CustomerForm(name="Сидоров Иван", phones=(("+7 999 000-11-22", "mobile"),))
    new_id = create_customer(store, create_request(form))
    screen_pop.choose(3, new_id)
    sessions.jobs.pump()
    chosen = session.attached(CallCustomer)
    assert chosen is not None and (chosen.match, chosen.name) == (CustomerMatch.CHOSEN, "Сидоров Иван")
    card = session.attached(CallCard)
    assert card is not None and card.details is not None and card.details.unsent_edits  # waits in the outbox


def test_an_outgoing_call_takes_the_shop_of_the_customers_open_order(pop: Any) -> None:
    sessions, _screen_pop, _heard = pop
    sessions.apply(CallStateChanged(4, CallDirection.OUTBOUND, CallState.DIALING, "+79161234567"))
    sessions.jobs.pump()
    session = sessions.get(4)
    assert session is not None
    assert session.attached(CallCustomer).match == CustomerMatch.ONE  # type: ignore[union-attr]
    assert session.attached(CallStore).name == "Детский Мир Онлайн"  # type: ignore[union-attr]


def test_an_edit_reloads_the_card_of_the_live_call(pop: Any, store: Store) -> None:
    sessions, screen_pop, heard = pop
    session = ring(sessions, 5, "+79161234567")
    customer = session.attached(CallCustomer)
    assert customer is not None and customer.customer_id is not None
    update_customer(store, customer.customer_id, s.CustomerUpdate(name="Иванова Анна"))
    screen_pop.customer_changed(customer.customer_id)
    sessions.jobs.pump()
    assert session.attached(CallCustomer).name == "Иванова Анна"  # type: ignore[union-attr]
    assert session.attached(CallCard).details.unsent_edits  # type: ignore[union-attr]
    assert heard[-1] == (ChangeKind.CHANGED, session)


def test_a_number_that_is_no_phone_is_unknown_without_a_lookup(pop: Any) -> None:
    sessions, _screen_pop, _heard = pop
    session = ring(sessions, 6, "anonymous")
    customer = session.attached(CallCustomer)
    assert customer is not None and (customer.match, customer.phone_e164) == (CustomerMatch.UNKNOWN, None)


def test_a_look_up_started_on_the_engine_thread_is_on_the_session_before_its_readers_hear_of_it(
    store: Store,
) -> None:
    sessions = CallSessions()
    handed_back: list[Callable[[], Any]] = []
    jobs = StoreJobs(deliver=handed_back.append)  # the real worker thread; results wait for "the GUI"
    loader = CustomerLoader(store, jobs, crm=lambda: None, keep_task=lambda coro, name: coro.close())
    screen_pop = ScreenPop(sessions, loader, jobs)
    sessions.subscribe(screen_pop.on_session_change)
    seen: list[tuple[ChangeKind, CustomerMatch | None]] = []
    sessions.subscribe(
        lambda change: seen.append(
            (change.kind, getattr(change.session.attached(CallCustomer), "match", None))
        )
    )
    event = IncomingCall(7, "sip:+79161234567@pbx", "+79161234567", "", "+74957778899")
    try:
        screen_pop.prefetch(event)  # on the engine's thread, as the event leaves for the GUI
        future = jobs.submit(lambda: None)
        assert future is not None
        future.result(timeout=10)  # the worker runs jobs in order: the look-up is done
        sessions.apply(event)
        session = sessions.get(7)
        assert session is not None
        assert seen == [(ChangeKind.STARTED, CustomerMatch.ONE)]  # no "looking up" step at all
        assert session.attached(CallStore).name == "Детский Мир Онлайн"  # type: ignore[union-attr]
    finally:
        jobs.close()
