"""The new-customer / edit-customer form, inside the workspace (never a modal over the call).

A new customer's form comes prefilled with the caller's number. ``submitted(CustomerForm)`` hands
what was typed to the panel, which checks it (``workspace.customer_form``) and writes it through the
outbox; ``show_problems`` marks the fields it refused, in the operator's language. ``is_changed``
says whether the operator typed anything since it was opened (an untouched form is no draft).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from softphone.ui.workspace.texts import PHONE_KINDS, kind_text
from softphone.ui.workspace.widgets import ShopBanner
from softphone.workspace.call_context import CallStore
from softphone.workspace.customer_form import AddressForm, CustomerForm

MAX_PHONE_ROWS = 10
ADDRESS_FIELDS = ("city", "street", "house", "flat", "postcode", "comment")


class _AddressRow:
    def __init__(
        self, parent: QWidget, grid: QGridLayout, row: int, index: int, texts: dict[str, str]
    ) -> None:
        self.edits: dict[str, QLineEdit] = {}
        for key in ADDRESS_FIELDS:
            edit = QLineEdit(parent)
            edit.setObjectName(f"address_{index}_{key}")
            edit.setPlaceholderText(texts[key])
            self.edits[key] = edit
        grid.addWidget(QLabel(texts["title"], parent), row, 0)
        line = QHBoxLayout()
        line.addWidget(self.edits["city"], 3)
        line.addWidget(self.edits["street"], 4)
        line.addWidget(self.edits["house"], 1)
        line.addWidget(self.edits["flat"], 1)
        grid.addLayout(line, row, 1)
        more = QHBoxLayout()
        more.addWidget(self.edits["postcode"], 1)
        more.addWidget(self.edits["comment"], 4)
        grid.addLayout(more, row + 1, 1)

    def value(self) -> AddressForm:
        return AddressForm(**{key: edit.text() for key, edit in self.edits.items()})

    def set_value(self, address: AddressForm) -> None:
        for key, edit in self.edits.items():
            edit.setText(getattr(address, key))


class CustomerFormView(QWidget):
    submitted = Signal(object)  # CustomerForm
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer_form")
        self.editing_id: int | None = None  # the customer being edited; None: a new one
        self.banner = ShopBanner(self)
        self.title = QLabel(self)
        self.title.setObjectName("form_title")
        self.title.setWordWrap(True)

        body = QWidget(self)
        self.grid = QGridLayout(body)
        self.grid.setContentsMargins(0, 0, 4, 0)
        self.grid.setVerticalSpacing(4)
        self.name_edit = QLineEdit(body)
        self.name_edit.setObjectName("name_edit")
        self.name_edit.setPlaceholderText(self.tr("Last name, first name, patronymic"))
        self.grid.addWidget(QLabel(self.tr("Name"), body), 0, 0)
        self.grid.addWidget(self.name_edit, 0, 1)
        self.phone_rows: list[tuple[QLineEdit, QComboBox]] = []
        self.phones_box = QVBoxLayout()
        self.phones_box.setSpacing(4)
        self.add_phone_button = QPushButton(self.tr("Add a phone"), body)
        self.add_phone_button.setObjectName("add_phone_button")
        self.add_phone_button.clicked.connect(lambda: self._add_phone_row("", "mobile"))
        self.grid.addWidget(QLabel(self.tr("Phones"), body), 1, 0)
        self.grid.addLayout(self.phones_box, 1, 1)
        self.email_edit = QLineEdit(body)
        self.email_edit.setObjectName("email_edit")
        self.email_edit.setPlaceholderText("name@example.ru")
        self.grid.addWidget(QLabel(self.tr("E-mail"), body), 2, 0)
        self.grid.addWidget(self.email_edit, 2, 1)
        self._address_texts = {
            "title": self.tr("Address"),
            "city": self.tr("City"),
            "street": self.tr("Street"),
            "house": self.tr("House"),
            "flat": self.tr("Flat"),
            "postcode": self.tr("Postcode"),
            "comment": self.tr("Comment for the courier"),
        }
        self.address_rows: list[_AddressRow] = []
        self.tags_edit = QLineEdit(body)
        self.tags_edit.setObjectName("tags_edit")
        self.tags_edit.setPlaceholderText(self.tr("Tags, separated by commas: VIP, wholesale…"))
        self.notes_edit = QPlainTextEdit(body)
        self.notes_edit.setObjectName("notes_edit")
        self.notes_edit.setFixedHeight(3 * self.fontMetrics().lineSpacing() + 14)
        self.grid.addWidget(QLabel(self.tr("Tags"), body), 10, 0)
        self.grid.addWidget(self.tags_edit, 10, 1)
        self.grid.addWidget(QLabel(self.tr("Notes"), body), 11, 0)
        self.grid.addWidget(self.notes_edit, 11, 1)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(12, 1)
        scroll = QScrollArea(self)
        scroll.setObjectName("form_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self._body = body

        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("form_problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setVisible(False)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("save_customer_button")
        self.save_button.setProperty("role", "accept")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.submitted.emit(self.value()))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel_customer_button")
        self.cancel_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_phone_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems_label)
        layout.addLayout(buttons)
        self.start(CustomerForm(), self.tr("New customer"))

    # ---- filling --------------------------------------------------------------------------------
    def start(
        self,
        form: CustomerForm,
        title: str,
        editing_id: int | None = None,
        shop: CallStore | None = None,
        started: CustomerForm | None = None,
    ) -> None:
        """Show ``form`` (a new customer prefilled with the caller's number, or one to edit); a draft
        reopened passes what it was ``started`` with, so it still counts as changed."""
        self.editing_id = editing_id
        self.title.setText(title)
        self.banner.set_shop(shop)
        self.name_edit.setText(form.name)
        for edit, _combo in self.phone_rows:
            container = edit.parentWidget()
            self.phones_box.removeWidget(container)
            container.deleteLater()
        self.phone_rows = []
        for number, kind in form.phones or (("", "mobile"),):
            self._add_phone_row(number, kind)
        self.email_edit.setText(form.email)
        addresses = form.addresses or (AddressForm(),)
        while len(self.address_rows) < len(addresses):
            index = len(self.address_rows)
            self.address_rows.append(
                _AddressRow(self._body, self.grid, 3 + 2 * index, index, self._address_texts)
            )
        for index, row in enumerate(self.address_rows):
            row.set_value(addresses[index] if index < len(addresses) else AddressForm())
        self.tags_edit.setText(", ".join(form.tags))
        self.notes_edit.setPlainText(form.notes)
        self.show_problems({})
        self.save_button.setEnabled(True)
        self._started = self.value() if started is None else started

    def is_changed(self) -> bool:
        """The operator typed something since the form was opened (nothing saved yet)."""
        return self.value() != self._started

    def started(self) -> CustomerForm:
        return self._started

    def mark_clean(self) -> None:
        """Saved or given up: what the form holds is no longer unsaved work."""
        self._started = self.value()

    def _add_phone_row(self, number: str, kind: str) -> None:
        if len(self.phone_rows) >= MAX_PHONE_ROWS:
            return
        container = QWidget(self._body)
        row = QHBoxLayout(container)
        row.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(container)
        edit.setObjectName(f"phone_edit_{len(self.phone_rows)}")
        edit.setPlaceholderText("+7 916 123-45-67")
        edit.setText(number)
        combo = QComboBox(container)
        for code in PHONE_KINDS:
            combo.addItem(kind_text(code), code)
        combo.setCurrentIndex(max(0, combo.findData(kind)))
        row.addWidget(edit, 1)
        row.addWidget(combo)
        self.phones_box.addWidget(container)
        self.phone_rows.append((edit, combo))
        self.add_phone_button.setEnabled(len(self.phone_rows) < MAX_PHONE_ROWS)

    def value(self) -> CustomerForm:
        return CustomerForm(
            name=self.name_edit.text(),
            phones=tuple((edit.text(), str(combo.currentData())) for edit, combo in self.phone_rows),
            email=self.email_edit.text(),
            addresses=tuple(row.value() for row in self.address_rows),
            tags=tuple(t for t in self.tags_edit.text().split(",")),
            notes=self.notes_edit.toPlainText(),
        )

    # ---- problems -------------------------------------------------------------------------------
    def _field(self, name: str) -> QWidget | None:
        parts = name.split(".")
        if parts[0] == "name":
            return self.name_edit
        if parts[0] == "email":
            return self.email_edit
        if parts[0] == "tags":
            return self.tags_edit
        if parts[0] == "notes":
            return self.notes_edit
        if (
            parts[0] == "phones"
            and len(parts) > 1
            and parts[1].isdigit()
            and int(parts[1]) < len(self.phone_rows)
        ):
            return self.phone_rows[int(parts[1])][0]
        if (
            parts[0] == "addresses"
            and len(parts) > 2
            and parts[1].isdigit()
            and int(parts[1]) < len(self.address_rows)
        ):
            return self.address_rows[int(parts[1])].edits.get(parts[2])
        return None

    def show_problems(self, problems: dict[str, str], message: str = "") -> None:
        """Mark the refused fields (``problems``: field -> code) and say why under the form."""
        for widget in [self.name_edit, self.email_edit, self.tags_edit, self.notes_edit]:
            widget.setProperty("problem", False)
        for edit, _combo in self.phone_rows:
            edit.setProperty("problem", False)
        for row in self.address_rows:
            for edit in row.edits.values():
                edit.setProperty("problem", False)
        lines = [message] if message else []
        for name, code in problems.items():
            field = self._field(name)
            if field is not None:
                field.setProperty("problem", True)
            lines.append(self._problem_text(name, code))
        for widget in self._body.findChildren(QWidget):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.problems_label.setText("\n".join(lines))
        self.problems_label.setVisible(bool(lines))

    def _problem_text(self, name: str, code: str) -> str:
        where = {
            "name": self.tr("Name"),
            "email": self.tr("E-mail"),
            "tags": self.tr("Tags"),
            "notes": self.tr("Notes"),
            "phones": self.tr("Phone"),
            "addresses": self.tr("Address"),
        }.get(name.split(".")[0], name)
        parts = name.split(".")
        if parts[0] == "addresses" and len(parts) > 2 and parts[2] in self._address_texts:
            where = f"{where}, {self._address_texts[parts[2]].lower()}"
        what = {
            "required": self.tr("is required"),
            "not_a_phone": self.tr("is not a phone number"),
            "bad_email": self.tr("is not an e-mail address"),
            "bad_postcode": self.tr("postcode must be 6 digits"),
            "too_long": self.tr("is too long"),
            "too_many": self.tr("too many entries"),
        }.get(code, self.tr("is not accepted"))
        return f"{where}: {what}"
