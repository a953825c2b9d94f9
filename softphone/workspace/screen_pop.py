"""Screen-pop: who is calling (or being called) and for which shop, on screen while it still rings.

``ScreenPop.on_session_change`` is subscribed to ``CallSessions`` by the composition root. When a
session starts (an incoming call ringing, or the operator dialling) it:

1. normalises the far end's number (``domain.phones``) and hangs ``CallCustomer(LOOKING)`` on the
   session (an incoming call's look-up already started on the engine's thread, ``prefetch``, while
   the event was on its way to the GUI thread: when it has answered, the customer and the shop are
   on the session before its readers hear that it started, and the call line and the card appear
   together);
2. has the store worker look the number up (``find_customers_by_phone``, one indexed read) and the
   shop (the dialled number of an incoming call; for an outgoing one the shop of the customer's
   newest order; else the operator's only shop) and read the card (``CustomerDetails``);
3. back on the GUI thread hangs ``CallCustomer`` (ONE / SEVERAL with ``candidates`` / UNKNOWN),
   ``CallStore`` and ``CallCard`` on the session and tells the session's readers
   (``CallSessions.attachments_changed``) - the call line, the card panel, the script;
4. then asks the CRM for the customer in the background (``CustomerLoader.refresh``); the fresh card
   replaces the local one when it answers. With the CRM offline the local card stays (``CallCard.crm``
   says so); no error box. An unknown number is also looked up in the CRM (a customer the feed has not
   brought yet).

The operator settles SEVERAL / UNKNOWN with ``choose`` (a candidate, a search hit, or the customer
just created from the form: ``CustomerMatch.CHOSEN``); an edit of a customer reloads every live card
showing it (``customer_changed``). Runs on one thread (the GUI thread in the app), except
``prefetch``, which the engine's thread calls. Qt-free.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace

from softphone.domain.masking import mask_phone
from softphone.domain.phones import DEFAULT_REGION, normalize_phone
from softphone.listeners import Listeners
from softphone.sip.events import CallDirection, IncomingCall, SipEvent
from softphone.store.customer_details import CustomerDetails, load_details
from softphone.store.customers import find_customers_by_phone
from softphone.store.jobs import JobRunner
from softphone.store.shops import Shop, operator_shop, shop_by_number, shop_of_customer
from softphone.workspace.call_context import CallCustomer, CallStore, CustomerMatch
from softphone.workspace.call_session import CallSession
from softphone.workspace.customer_loader import CustomerLoader
from softphone.workspace.sessions import CallSessions, ChangeKind, SessionChange

log = logging.getLogger(__name__)
MAX_CANDIDATES = 10
MAX_EARLY = 64  # look-ups started on the engine's thread and not yet picked up


class CrmFreshness(enum.StrEnum):
    LOCAL = "local"  # from the local store; the CRM has not been asked (yet)
    FRESH = "fresh"  # the CRM answered and the card shows its data
    UNAVAILABLE = "unavailable"  # the CRM could not be asked: the local card stands


@dataclass(frozen=True, slots=True)
class CallCard:
    """What the card panel shows for a call, hung on the session beside ``CallCustomer``."""

    details: CustomerDetails | None = None  # ONE / CHOSEN
    candidates: tuple[CustomerDetails, ...] = ()  # SEVERAL: for the chooser, newest updated first
    crm: CrmFreshness = CrmFreshness.LOCAL


@dataclass(frozen=True, slots=True)
class _Found:
    ids: tuple[int, ...]
    details: CustomerDetails | None
    candidates: tuple[CustomerDetails, ...]
    shop: Shop | None


class ScreenPop:
    def __init__(
        self,
        sessions: CallSessions,
        loader: CustomerLoader,
        jobs: JobRunner,
        region: str = DEFAULT_REGION,
    ) -> None:
        self._sessions = sessions
        self._loader = loader
        self._jobs = jobs
        self._region = region
        self._listeners: Listeners[CallSession] = Listeners(log, "screen-pop")
        self._lock = threading.Lock()
        self._early: dict[int, Future[_Found]] = {}

    def subscribe(self, listener: Callable[[CallSession], None]) -> Callable[[], None]:
        """Told with the session each time its card data changed (also after the call ended: the
        card stays on screen for the after-call work)."""
        return self._listeners.subscribe(listener)

    def _announce(self, session: CallSession) -> None:
        self._sessions.attachments_changed(session)
        self._listeners.tell(session)

    # ---- a call starts --------------------------------------------------------------------------
    def on_session_change(self, change: SessionChange) -> None:
        if change.kind == ChangeKind.STARTED:
            self.pop(change.session)

    def prefetch(self, event: SipEvent) -> None:
        """On the engine's thread (``SipBridge.on_engine_thread``): start a ringing call's look-up on
        the store worker at once; ``pop`` picks the answer up on the GUI thread."""
        if not isinstance(event, IncomingCall) or event.replaces_call_id is not None:
            return
        e164 = normalize_phone(event.remote_number, self._region)
        dialled = normalize_phone(event.dialled_number, self._region) if event.dialled_number else None
        future = self._jobs.submit(lambda: self._find(e164, dialled, True), what="screen-pop look-up")
        if isinstance(future, Future):
            with self._lock:
                self._early[event.call_id] = future
                while len(self._early) > MAX_EARLY:  # calls whose event never reached the GUI
                    self._early.pop(next(iter(self._early)))

    def pop(self, session: CallSession) -> None:
        e164 = normalize_phone(session.remote_number, self._region)
        session.attach(CallCustomer(CustomerMatch.LOOKING, e164))
        with self._lock:
            early = self._early.pop(session.call_id, None)
        if early is not None and early.done() and early.exception() is None:
            self._found(session, e164, early.result(), announce=False)  # its readers hear STARTED next
            return
        dialled = normalize_phone(session.dialled_number, self._region) if session.dialled_number else None
        inbound = session.direction == CallDirection.INBOUND
        self._jobs.submit(
            early.result if early is not None else lambda: self._find(e164, dialled, inbound),
            lambda found: self._found(session, e164, found),
            lambda _exc: self._found(session, e164, _Found((), None, (), None)),
            what="screen-pop",
        )

    def _find(self, e164: str | None, dialled: str | None, inbound: bool) -> _Found:
        """On the store worker: the customers with this number, the card or the candidates, the shop."""
        with self._loader.store.read_session() as session:
            ids = tuple(find_customers_by_phone(session, e164)) if e164 else ()
            details = load_details(session, ids[0]) if len(ids) == 1 else None
            candidates: list[CustomerDetails] = []
            for customer_id in ids[:MAX_CANDIDATES] if len(ids) > 1 else ():
                one = load_details(session, customer_id)
                if one is not None:
                    candidates.append(one)
            shop = shop_by_number(session, dialled) if inbound and dialled else None
            if shop is None and not inbound and len(ids) == 1:
                shop = shop_of_customer(session, ids[0])
            if shop is None:
                shop = operator_shop(session)
            return _Found(ids, details, tuple(candidates), shop)

    def _found(self, session: CallSession, e164: str | None, found: _Found, announce: bool = True) -> None:
        shop = found.shop
        session.attach(
            CallStore(shop.id, shop.crm_id, shop.name, shop.colour, shop.record_calls)
            if shop is not None
            else CallStore(None, None, "")
        )
        if found.details is not None:
            card = found.details.card
            customer = CallCustomer(CustomerMatch.ONE, e164, card.id, card.crm_id, card.name)
        elif len(found.ids) > 1:
            customer = CallCustomer(CustomerMatch.SEVERAL, e164, candidates=found.ids)
        else:
            customer = CallCustomer(CustomerMatch.UNKNOWN, e164)
        session.attach(customer)
        session.attach(CallCard(found.details, found.candidates))
        log.info(
            "call %d: screen-pop %s for %s", session.call_id, customer.match.value, mask_phone(e164 or "")
        )
        if announce:
            self._announce(session)
        if customer.crm_id:
            self._refresh(session, customer.crm_id)
        elif customer.match == CustomerMatch.UNKNOWN and e164:
            self._loader.find_in_crm(e164, lambda ids: self._found_in_crm(session, e164, ids))

    # ---- the CRM answers later ------------------------------------------------------------------
    def _refresh(self, session: CallSession, crm_id: str) -> None:
        def refreshed(details: CustomerDetails | None) -> None:
            customer = session.attached(CallCustomer)
            if customer is None or customer.crm_id != crm_id:
                return  # the operator chose someone else meanwhile
            card = session.attached(CallCard) or CallCard()
            if details is None:
                session.attach(replace(card, crm=CrmFreshness.UNAVAILABLE))
            else:
                session.attach(CallCard(details, card.candidates, CrmFreshness.FRESH))
                session.attach(replace(customer, name=details.card.name))
            self._announce(session)

        self._loader.refresh(crm_id, refreshed)

    def _found_in_crm(self, session: CallSession, e164: str, ids: list[int]) -> None:
        customer = session.attached(CallCustomer)
        if ids and customer is not None and customer.match == CustomerMatch.UNKNOWN:
            log.info("call %d: the caller was found in the CRM", session.call_id)
            if len(ids) == 1:
                self.choose(session.call_id, ids[0], match=CustomerMatch.ONE)
            else:
                self.pop(session)

    # ---- the operator decides -------------------------------------------------------------------
    def choose(self, call_id: int, customer_id: int, match: CustomerMatch = CustomerMatch.CHOSEN) -> None:
        """This call is with ``customer_id`` (picked in the chooser, found by search, or just created)."""
        session = self._sessions.get(call_id)
        if session is None:
            return
        previous = session.attached(CallCustomer)
        e164 = previous.phone_e164 if previous is not None else None

        def loaded(details: CustomerDetails | None) -> None:
            if details is None:
                return
            card = details.card
            session.attach(CallCustomer(match, e164, card.id, card.crm_id, card.name))
            session.attach(CallCard(details))
            self._announce(session)
            if card.crm_id:
                self._refresh(session, card.crm_id)

        self._loader.load(customer_id, loaded)

    def customer_changed(self, customer_id: int) -> None:
        """The operator edited this customer: every live call showing them reloads its card."""
        for session in self._sessions.live():
            customer = session.attached(CallCustomer)
            if customer is None or customer.customer_id != customer_id:
                continue

            def loaded(details: CustomerDetails | None, session: CallSession = session) -> None:
                card = session.attached(CallCard) or CallCard()
                current = session.attached(CallCustomer)
                if details is None or current is None or current.customer_id != customer_id:
                    return
                session.attach(replace(card, details=details))
                session.attach(replace(current, name=details.card.name, crm_id=details.card.crm_id))
                self._announce(session)

            self._loader.load(customer_id, loaded)
