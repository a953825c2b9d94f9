"""The new-customer and edit-customer form as plain data, checked before anything is written.

``CustomerForm`` holds what the operator typed. ``create_request`` / ``update_request`` turn it into
the CRM request models that ``store.local_writes`` writes through the outbox, or raise
``FormProblems`` naming each bad field with a problem code (the UI says it in the operator's
language): ``required``, ``not_a_phone``, ``bad_email``, ``bad_postcode``, ``too_long``,
``too_many``. Phones are normalised by ``domain.phones`` only. Nothing is written when a field is bad.
``update_request`` sends only what changed (lists whole, as the contract replaces them).
``FormDraft`` is a form the operator left unsaved (a call took the panel): kept to come back to.
Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from softphone.crm import schemas as s
from softphone.domain.phones import DEFAULT_REGION, normalize_phone
from softphone.store.customers import AddressInfo, CustomerCard
from softphone.workspace.call_context import CallStore

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTCODE = re.compile(r"^[0-9]{6}$")
PHONE_KINDS = ("mobile", "home", "work", "other")
MAX_PHONES, MAX_ADDRESSES, MAX_TAGS = 10, 20, 50
_LIMITS = {"name": 200, "email": 200, "notes": 10_000, "city": 100, "street": 200, "house": 20,
           "flat": 20, "comment": 500, "tag": 50}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AddressForm:
    city: str = ""
    street: str = ""
    house: str = ""
    flat: str = ""
    postcode: str = ""
    comment: str = ""

    def is_empty(self) -> bool:
        return not any(v.strip() for v in (self.city, self.street, self.house, self.flat, self.postcode))


@dataclass(frozen=True, slots=True)
class CustomerForm:
    name: str = ""
    phones: tuple[tuple[str, str], ...] = ()  # (number as typed, kind)
    email: str = ""
    addresses: tuple[AddressForm, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True)
class FormDraft:
    """An unsaved form put aside (a call's screen-pop took the panel), to be reopened as it was."""

    form: CustomerForm  # what the operator typed
    started: CustomerForm  # what the form was opened with (still "changed" when reopened)
    title: str
    editing: CustomerCard | None = None  # the customer being edited; None: a new customer
    call_id: int | None = None  # the call the form was about (None: opened while idle)
    shop: CallStore | None = None  # the shop banner it showed

    def what(self) -> str:
        """The customer's name as typed (or as it was, when editing); "" for a new one not named yet."""
        return self.form.name.strip() or (self.editing.name if self.editing is not None else "")


class FormProblems(Exception):
    """Bad fields: ``problems`` maps a field (``name``, ``phones.0``, ``addresses.0.city``...) to a code."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass
class _Checked:
    problems: dict[str, str] = field(default_factory=dict)

    def text(self, name: str, value: str, limit_key: str, required: bool = False) -> str:
        value = value.strip()
        if required and not value:
            self.problems[name] = "required"
        elif len(value) > _LIMITS[limit_key]:
            self.problems[name] = "too_long"
        return value


def form_of(card: CustomerCard) -> CustomerForm:
    """The form filled with a customer's current data (for editing)."""
    return CustomerForm(
        name=card.name,
        phones=tuple((p.e164 or p.as_written or "", p.kind) for p in card.phones),
        email=card.email or "",
        addresses=tuple(_address_form(a) for a in card.addresses),
        tags=card.tags,
        notes=card.notes,
    )


def _address_form(a: AddressInfo) -> AddressForm:
    return AddressForm(a.city, a.street, a.house, a.flat or "", a.postcode or "", a.comment or "")


def _fields(form: CustomerForm, region: str) -> dict[str, object]:
    check = _Checked()
    name = check.text("name", form.name, "name", required=True)
    phones: list[s.CustomerPhone] = []
    for i, (typed, kind) in enumerate(form.phones):
        if not typed.strip():
            continue
        e164 = normalize_phone(typed, region)
        if e164 is None:
            check.problems[f"phones.{i}"] = "not_a_phone"
        else:
            phones.append(s.CustomerPhone(e164=e164, kind=kind if kind in PHONE_KINDS else "other"))  # type: ignore[arg-type]
    if len(phones) > MAX_PHONES:
        check.problems["phones"] = "too_many"
    email = check.text("email", form.email, "email")
    if email and "email" not in check.problems and not _EMAIL.match(email):
        check.problems["email"] = "bad_email"
    addresses = []
    for i, a in enumerate(form.addresses):
        if a.is_empty():
            continue
        where = f"addresses.{i}"
        parts = {
            "city": check.text(f"{where}.city", a.city, "city", required=True),
            "street": check.text(f"{where}.street", a.street, "street", required=True),
            "house": check.text(f"{where}.house", a.house, "house", required=True),
            "flat": check.text(f"{where}.flat", a.flat, "flat") or None,
            "postcode": a.postcode.strip() or None,
            "comment": check.text(f"{where}.comment", a.comment, "comment") or None,
        }
        if parts["postcode"] and not _POSTCODE.match(str(parts["postcode"])):
            check.problems[f"{where}.postcode"] = "bad_postcode"
        addresses.append(parts)
    if len(addresses) > MAX_ADDRESSES:
        check.problems["addresses"] = "too_many"
    tags = list(dict.fromkeys(t.strip() for t in form.tags if t.strip()))
    if any(len(t) > _LIMITS["tag"] for t in tags):
        check.problems["tags"] = "too_long"
    elif len(tags) > MAX_TAGS:
        check.problems["tags"] = "too_many"
    notes = check.text("notes", form.notes, "notes")
    if check.problems:
        raise FormProblems(check.problems)
    return {"name": name, "phones": phones, "email": email or None, "addresses": addresses, "tags": tags,
            "notes": notes}  # fmt: skip


def create_request(form: CustomerForm, region: str = DEFAULT_REGION) -> s.CustomerCreate:
    try:
        return s.CustomerCreate.model_validate(_fields(form, region))
    except ValidationError as exc:  # a rule of the contract the checks above do not know
        raise _as_problems(exc) from None


def update_request(
    form: CustomerForm, card: CustomerCard, region: str = DEFAULT_REGION
) -> s.CustomerUpdate | None:
    """The changed fields, or ``None`` when the form says what the card already holds."""
    wanted = _fields(form, region)
    before = _fields(form_of(card), region) if card.name.strip() else {}
    changes = {k: v for k, v in wanted.items() if before.get(k) != v}
    if not changes:
        return None
    try:
        return s.CustomerUpdate.model_validate(changes)
    except ValidationError as exc:
        raise _as_problems(exc) from None


def _as_problems(exc: ValidationError) -> FormProblems:
    problems = {}
    for error in exc.errors(include_input=False, include_url=False):
        problems[".".join(str(p) for p in error["loc"]) or "form"] = "invalid"
    return FormProblems(problems)
