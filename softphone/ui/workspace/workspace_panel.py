"""The middle of the window: the customer of the call on screen, while it rings and after.

It follows the calls (``CallLines``) and screen-pop's results (``ScreenPop.subscribe``): a known
caller's card, the chooser for a shared number, the new-customer form (prefilled with the number)
for an unknown one. A ringing call takes the panel unless the operator is talking on another call;
the last call's card stays after it ends (for the after-call work) until the next call or a search.
A search hit opens that customer's card ("browsing"); during a call with an unknown or shared number
"This is the caller" links it to the call. Edits and new customers go through the outbox
(``store.local_writes`` on the store worker); nothing here is modal.

Typed work is never lost to a call: a form left unsaved is put aside and offered back above the
pages (``form_drafts.FormDrafts``, ``draft_bar.DraftBar``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget
from sqlalchemy.exc import SQLAlchemyError

from softphone.crm import schemas as s
from softphone.store.customer_details import CustomerDetails
from softphone.store.customers import CustomerCard
from softphone.store.local_writes import LocalWriteError, create_customer, update_customer
from softphone.ui.calls.call_lines import CallLines
from softphone.ui.calls.phone_input import DEFAULT_REGION
from softphone.ui.gui_thread import assert_gui_thread
from softphone.ui.workspace.chooser import CustomerChooser
from softphone.ui.workspace.customer_card import CustomerCardView
from softphone.ui.workspace.customer_form_view import CustomerFormView
from softphone.ui.workspace.draft_bar import DraftBar
from softphone.ui.workspace.form_drafts import FormDrafts
from softphone.ui.workspace.texts import phone_text
from softphone.ui.workspace.widgets import ShopBanner
from softphone.workspace.call_context import CallCustomer, CallStore, CustomerMatch
from softphone.workspace.call_session import CallSession
from softphone.workspace.customer_form import (
    CustomerForm,
    FormDraft,
    FormProblems,
    create_request,
    form_of,
    update_request,
)
from softphone.workspace.customer_loader import CustomerLoader
from softphone.workspace.screen_pop import CallCard, CrmFreshness, ScreenPop

log = logging.getLogger(__name__)
UNSETTLED = (CustomerMatch.UNKNOWN, CustomerMatch.SEVERAL)
LOOKING_DELAY_MS = 150
WARM_UP_MS = 500


class CustomerWorkspace(FormDrafts, QWidget):
    message = Signal(str)  # a short note for the status bar

    def __init__(
        self,
        lines: CallLines,
        screen_pop: ScreenPop | None,
        loader: CustomerLoader | None,
        dial: Callable[[str], None],
        region: str = DEFAULT_REGION,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer_workspace")
        self.lines, self.screen_pop, self.loader, self.dial, self.region = (
            lines,
            screen_pop,
            loader,
            dial,
            region,
        )
        self.call_id: int | None = None  # the call whose customer is shown
        self.browsing: CustomerDetails | None = None  # a customer opened by search
        self._dismissed: set[int] = set()  # calls whose new-customer form the operator closed
        self._form_call: int | None = None  # the call the open form is about
        self._editing_card: CustomerCard | None = None  # the customer the open form edits
        self._pinned = False  # the operator opened (or went back to) the form: calls of now leave it
        self.drafts: dict[str, FormDraft] = {}  # forms put aside unsaved, by their bar key
        self._draft_count = 0

        self._looking = QTimer(self)
        self._looking.setSingleShot(True)
        self._looking.setInterval(LOOKING_DELAY_MS)
        self._looking.timeout.connect(self._say_looking)
        self.pages = QStackedWidget(self)
        self.idle = self._message_page("idle_page")
        self.new_button = QPushButton(self.tr("New customer…"), self.idle)
        self.new_button.setObjectName("new_customer_button")
        self.new_button.clicked.connect(lambda: self.open_form(self._caller_form(), self.tr("New customer")))
        self.new_button.setEnabled(loader is not None)
        self.idle.layout().addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.idle.layout().addStretch(1)
        self.card = CustomerCardView(region, self)
        self.chooser = CustomerChooser(region, self)
        self.form = CustomerFormView(self)
        for page in (self.idle, self.card, self.chooser, self.form):
            self.pages.addWidget(page)
        self._last_page: QWidget = self.pages.currentWidget()
        self.pages.currentChanged.connect(self._page_changed)
        self.draft_bar = DraftBar(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.draft_bar)
        layout.addWidget(self.pages)

        self.card.dial_requested.connect(self.dial)
        self.card.edit_requested.connect(self._edit)
        self.card.reveal_requested.connect(self._reveal)
        self.card.use_for_call_requested.connect(self._use_browsed_for_call)
        self.chooser.chosen.connect(self._choose)
        self.chooser.new_requested.connect(
            lambda: self.open_form(self._caller_form(), self.tr("New customer"))
        )
        self.form.submitted.connect(self._save)
        self.form.cancelled.connect(self._form_cancelled)
        lines.line_added.connect(self._on_line_added)
        lines.line_changed.connect(lambda _cid: self.follow())
        lines.call_ended.connect(self._call_ended)
        if screen_pop is not None:
            screen_pop.subscribe(self._on_pop)
        self.show_idle()
        QTimer.singleShot(WARM_UP_MS, self, self._warm_up)

    def _warm_up(self) -> None:
        """Style and lay out the hidden pages now, while nothing rings: the first caller's card is
        then as quick to show as every later one."""
        for page in (self.card, self.chooser, self.form):
            page.ensurePolished()
            page.resize(self.pages.size())
            layout = page.layout()
            if layout is not None:
                layout.activate()

    def _message_page(self, name: str) -> QWidget:
        page = QWidget(self)
        page.setObjectName(name)
        box = QVBoxLayout(page)
        box.addStretch(1)
        banner = ShopBanner(page)
        box.addWidget(banner)
        text = QLabel(page)
        text.setObjectName("workspace_message")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(text)
        self.idle_banner, self.idle_text = banner, text
        return page

    # ---- which call -----------------------------------------------------------------------------
    def _on_line_added(self, _call_id: int) -> None:
        self.browsing = None  # a new call: back to following the calls
        self._pinned = False  # a form on screen is put aside (``_page_changed``), not lost
        self.follow()

    def _on_pop(self, session: CallSession) -> None:
        if session.call_id == self.call_id or self.call_id is None:
            self.follow(session)

    def target(self) -> CallSession | None:
        """The call to show: the one talked on, else the ringing one, else the current one; for a
        transfer's consultation call, the call being transferred (its customer is the one at stake)."""
        current = self.lines.current_line()
        if current is not None and current.consult_for is not None:
            current = self.lines.get(current.consult_for) or current
        if current is not None and current.is_connected:
            return current
        return self.lines.ringing_line() or current

    def follow(self, updated: CallSession | None = None) -> None:
        assert_gui_thread()
        if self.browsing is not None:
            self._update_use_button()
            return
        session = self.target()
        if session is None and self.call_id is not None:  # the last call ended: keep its card
            session = (
                updated
                if updated is not None and updated.call_id == self.call_id
                else self.lines.get(self.call_id)
            )
        if session is None:
            if self.call_id is None and self.pages.currentWidget() is not self.form:
                self.show_idle()
            return
        self.render(session)

    def render(self, session: CallSession) -> None:
        changed_call = session.call_id != self.call_id
        self.call_id = session.call_id
        customer = session.attached(CallCustomer)
        shop = session.attached(CallStore)
        card = session.attached(CallCard) or CallCard()
        on_form = self.pages.currentWidget() is self.form
        if on_form and self._form_call == session.call_id:
            self.form.banner.set_shop(shop)
            return  # the operator is typing about this call: the form stays
        if on_form and self._pinned:
            return  # the operator went back to a form during this call: it stays
        if customer is None or customer.match == CustomerMatch.LOOKING:
            if on_form:  # another call's (or no call's) form must not stand for this caller
                self._say_looking()
            # the store answers within milliseconds: say "looking up" only if it does not (no flash)
            elif changed_call or not self._looking.isActive():
                self._looking.start()
        elif card.details is not None:
            self._looking.stop()
            note = (
                self.tr("The CRM cannot be reached: the card shows the saved data.")
                if card.crm == CrmFreshness.UNAVAILABLE
                else ""
            )
            self.card.show_details(card.details, shop, note, trace_call_id=session.call_id)
            self.card.use_button.setVisible(False)
            self.card.edit_button.setEnabled(self.loader is not None)
            self.pages.setCurrentWidget(self.card)
        elif customer.match == CustomerMatch.SEVERAL:
            self.chooser.show_candidates(customer.phone_e164, card.candidates, shop)
            self.pages.setCurrentWidget(self.chooser)
        elif session.call_id in self._dismissed or self.loader is None or not customer.phone_e164:
            # an extension, a SIP address or a hidden number: no form pushed at the operator
            number = (
                phone_text(customer.phone_e164, self.region) if customer.phone_e164 else session.remote_number
            )
            self._show_message(self.tr("Unknown caller %1").replace("%1", number), shop)
        else:
            number = (
                phone_text(customer.phone_e164, self.region) if customer.phone_e164 else session.remote_number
            )
            title = self.tr("Unknown number %1: a new customer").replace("%1", number)
            self.open_form(self._caller_form(session), title, shop=shop)

    def _say_looking(self) -> None:
        session = self.lines.get(self.call_id) if self.call_id is not None else None
        customer = session.attached(CallCustomer) if session is not None else None
        if (
            session is None
            or self.browsing is not None
            or (customer and customer.match != CustomerMatch.LOOKING)
        ):
            return
        number = phone_text(customer.phone_e164, self.region) if customer and customer.phone_e164 else ""
        text = self.tr("Looking up %1…").replace("%1", number or session.remote_number)
        self._show_message(text, session.attached(CallStore))

    def show_idle(self) -> None:
        self.call_id = None
        self._show_message(self.tr("No call. Find a customer with Ctrl+F, or create one."), None)

    def _show_message(self, text: str, shop: CallStore | None) -> None:
        self.idle_text.setText(text)
        self.idle_banner.set_shop(shop)
        self.pages.setCurrentWidget(self.idle)

    # ---- browsing (search) ----------------------------------------------------------------------
    def browse(self, customer_id: int) -> None:
        """Open a customer found by search (then refreshed from the CRM)."""
        if self.loader is None:
            return
        loader = self.loader

        def loaded(details: CustomerDetails | None) -> None:
            if details is None:
                self.message.emit(self.tr("This customer is no longer in the local store"))
                return
            self._show_browsed(details)
            if details.card.crm_id:
                loader.refresh(details.card.crm_id, lambda fresh: self._browsed_refreshed(customer_id, fresh))

        loader.load(customer_id, loaded)

    def _show_browsed(self, details: CustomerDetails, note: str = "") -> None:
        self.browsing = details
        self.card.show_details(details, None, note)
        self.pages.setCurrentWidget(self.card)
        self._update_use_button()

    def _browsed_refreshed(self, customer_id: int, details: CustomerDetails | None) -> None:
        if self.browsing is None or self.browsing.card.id != customer_id:
            return
        if details is None:
            self._show_browsed(
                self.browsing, self.tr("The CRM cannot be reached: the card shows the saved data.")
            )
        else:
            self._show_browsed(details)

    def _unsettled_call(self) -> CallSession | None:
        session = self.lines.current_line() or self.lines.ringing_line()
        customer = session.attached(CallCustomer) if session is not None else None
        return session if customer is not None and customer.match in UNSETTLED and session.is_live else None

    def _update_use_button(self) -> None:
        self.card.use_button.setVisible(self.browsing is not None and self._unsettled_call() is not None)

    def _use_browsed_for_call(self) -> None:
        session = self._unsettled_call()
        if session is not None and self.browsing is not None and self.screen_pop is not None:
            self.screen_pop.choose(session.call_id, self.browsing.card.id)
            self.browsing = None

    def back_to_call(self) -> None:
        self.browsing = None
        self.follow()

    # ---- operator actions -----------------------------------------------------------------------
    def _choose(self, customer_id: int) -> None:
        if self.call_id is not None and self.screen_pop is not None:
            self.screen_pop.choose(self.call_id, customer_id)

    def _caller_form(self, session: CallSession | None = None) -> CustomerForm:
        session = session or (self.lines.get(self.call_id) if self.call_id is not None else None)
        customer = session.attached(CallCustomer) if session is not None else None
        phone = customer.phone_e164 if customer is not None else None
        return CustomerForm(phones=((phone_text(phone, self.region), "mobile"),) if phone else ())

    def open_form(
        self,
        form: CustomerForm,
        title: str,
        editing_id: int | None = None,
        shop: CallStore | None = None,
        editing: CustomerCard | None = None,
    ) -> None:
        if self.pages.currentWidget() is self.form:
            self._put_form_aside()  # another form replaces one being typed in: keep that one
        self.form.start(form, title, editing_id, shop)
        self._form_call = self.call_id if self.browsing is None else None
        self._editing_card = editing
        self._pinned = True
        self.pages.setCurrentWidget(self.form)

    def _edit(self) -> None:
        details = self.card.details
        if details is not None:
            title = self.tr("Edit %1").replace("%1", details.card.name)
            self.open_form(
                form_of(details.card),
                title,
                editing_id=details.card.id,
                shop=self.card.banner.shop,
                editing=details.card,
            )

    def _form_cancelled(self) -> None:
        self.form.mark_clean()  # given up on purpose: no draft
        self._pinned = False
        if self.form.editing_id is None and self._form_call is not None:
            self._dismissed.add(self._form_call)
        if self.browsing is not None:
            self._show_browsed(self.browsing)
            return
        self.pages.setCurrentWidget(self.card if self.card.details is not None else self.idle)
        if self.call_id is None:
            self.show_idle()
        self.follow()

    def _save(self, form: CustomerForm) -> None:
        if self.loader is None:
            return
        editing = self.form.editing_id
        card = self._editing_card
        try:
            if editing is not None and card is not None and card.id == editing:
                changes = update_request(form, card, self.region)
                if changes is None:
                    self._form_cancelled()
                    return
                request: s.CustomerCreate | s.CustomerUpdate = changes
            else:
                request = create_request(form, self.region)
        except FormProblems as problems:
            self.form.show_problems(problems.problems)
            return
        store = self.loader.store
        form_call = self._form_call
        self.form.save_button.setEnabled(False)

        def write() -> int:
            if isinstance(request, s.CustomerUpdate):
                assert editing is not None
                update_customer(store, editing, request)
                return editing
            return create_customer(store, request)

        self.loader.jobs.submit(
            write,
            lambda cid: self._saved(cid, editing is None, form_call),
            self._save_failed,
            "customer save",
        )

    def _saved(self, customer_id: int, created: bool, form_call: int | None = None) -> None:
        self.form.save_button.setEnabled(True)
        self.form.mark_clean()
        self._pinned = False
        self.message.emit(self.tr("Saved; the CRM gets it as soon as it is reachable"))
        call = self.lines.get(form_call) if form_call is not None else None
        customer = call.attached(CallCustomer) if call is not None else None
        shown = self.browsing is None and call is not None and customer is not None
        if self.screen_pop is None:
            self.browse(customer_id)
        elif shown and created and customer.match in UNSETTLED:  # type: ignore[union-attr]
            self._show_message(self.tr("Opening the card…"), call.attached(CallStore))  # type: ignore[union-attr]
            self.screen_pop.choose(call.call_id, customer_id)  # type: ignore[union-attr]
        elif shown and customer.customer_id == customer_id:  # type: ignore[union-attr]
            self.pages.setCurrentWidget(self.card)
            self.screen_pop.customer_changed(customer_id)  # the call's card reloads
        else:
            self.screen_pop.customer_changed(customer_id)
            self.browse(customer_id)

    def refresh_customer(self, customer_id: int) -> None:
        """The customer's data changed here (an order saved in the editor): the card shown reloads."""
        if self.screen_pop is not None:
            self.screen_pop.customer_changed(customer_id)
        if self.browsing is not None and self.browsing.card.id == customer_id and self.loader is not None:
            self.loader.load(customer_id, lambda details: self._show_browsed(details) if details else None)

    def _save_failed(self, exc: BaseException) -> None:
        self.form.save_button.setEnabled(True)
        if isinstance(exc, LocalWriteError | ValidationError):
            self.form.show_problems({}, self.tr("Not saved: %1").replace("%1", str(exc)))
        elif isinstance(exc, SQLAlchemyError):
            self.form.show_problems({}, self.tr("Not saved: the local store cannot be written"))
        else:
            self.form.show_problems({}, self.tr("Not saved: %1").replace("%1", type(exc).__name__))

    def _reveal(self) -> None:
        details = self.card.details
        if self.loader is None or details is None or not details.card.crm_id:
            return

        def failed(_why: str) -> None:
            self.message.emit(self.tr("The CRM did not give the full data; try again when it is reachable"))

        self.loader.reveal(details.card.crm_id, self.card.show_revealed, failed)
