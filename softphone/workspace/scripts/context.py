"""What a script's variables say on one call: ``ScriptContext``, loaded from the local store.

``load_context`` (run it on the store worker) reads the call's customer (``CallCustomer``, filled
by screen-pop), the shop (``CallStore``), the customer's open order (else the latest one; the call's
shop's orders first), the operator's name from the last sync, and formats each value the way an
operator says it (``12 990 ₽``, ``05.12.2026``, ``10:00–14:00``). A value that is not known is simply
absent: ``fill`` marks it ``missing`` and the panel shows a visible placeholder instead. ``gaps``
says why (no customer on the call yet, no shop, no order), for the panel's note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from softphone.crm.schemas import ORDER_STATUS_LABELS
from softphone.domain import scripts as rules
from softphone.store.db import Store
from softphone.store.models import Customer, Order, ReferenceData, StoreBranch, StoreNumber
from softphone.workspace.call_context import CallCustomer, CallStore

OPEN_STATUSES = ("new", "confirmed", "packed", "shipped")
ORDERS_LOOKED_AT = 50
ITEMS_SAID = 3
NO_CUSTOMER, NO_STORE, NO_ORDER = "no_customer", "no_store", "no_order"
_PATRONYMIC_ENDS = ("вич", "вна", "чна", "ична", "ич", "оглы", "кызы")
_SURNAME_ENDS = (
    "ов",
    "ова",
    "ев",
    "ева",
    "ёв",
    "ёва",
    "ин",
    "ина",
    "ын",
    "ына",
    "ский",
    "ская",
    "цкий",
    "цкая",
    "ко",
    "ук",
    "юк",
    "их",
    "ых",
    "ян",
    "дзе",
    "швили",
)


@dataclass(frozen=True, slots=True)
class Piece:
    """A part of a step's text: literal, or a variable (filled, or ``missing`` with no value)."""

    text: str
    variable: str | None = None
    missing: bool = False


@dataclass(frozen=True, slots=True)
class ScriptContext:
    values: Mapping[str, str] = field(default_factory=dict)
    gaps: tuple[str, ...] = (NO_CUSTOMER,)
    customer_id: int | None = None
    store_crm_id: str | None = None
    open_order_status: str | None = None
    latest_order_status: str | None = None

    def default_call_type(self, direction: str, task_kind: str | None = None) -> str:
        return rules.default_call_type(
            direction,
            self.latest_order_status,
            self.open_order_status,
            task_kind,
            known_customer=self.customer_id is not None,
        )


def fill(text: str, values: Mapping[str, str]) -> list[Piece]:
    """``text`` with its variables replaced by their values; unknown values are ``missing`` pieces."""
    pieces: list[Piece] = []
    for part, is_variable in rules.split_variables(text):
        if not is_variable:
            pieces.append(Piece(part))
        elif values.get(part):
            pieces.append(Piece(values[part], part))
        else:
            pieces.append(Piece("", part, missing=True))
    return pieces


def plain_text(text: str, values: Mapping[str, str], marker: str = "[{}]") -> str:
    """``fill`` as plain text, a missing value shown as ``marker`` around the variable's name."""
    return "".join(marker.format(p.variable) if p.missing else p.text for p in fill(text, values))


# ---- names and values ---------------------------------------------------------------------------
def given_names(full_name: str) -> tuple[str, str]:
    """(given name, given name + patronymic when known) of a name kept as the CRM writes it."""
    words = full_name.split()
    if not words:
        return "", ""
    if len(words) == 1:
        return words[0], words[0]

    def patronymic(word: str) -> bool:
        return word.lower().endswith(_PATRONYMIC_ENDS)

    if len(words) >= 3 and patronymic(words[2]):  # Фамилия Имя Отчество
        return words[1], f"{words[1]} {words[2]}"
    if patronymic(words[1]):  # Имя Отчество
        return words[0], f"{words[0]} {words[1]}"
    if patronymic(words[-1]) and len(words) >= 3:  # Имя Отчество Фамилия is rare; Имя ... Отчество
        return words[0], f"{words[0]} {words[-1]}"
    first_is_surname = words[0].lower().endswith(_SURNAME_ENDS) and not words[1].lower().endswith(
        _SURNAME_ENDS
    )
    given = words[1] if first_is_surname else words[0]
    return given, given


def roubles(amount: Decimal) -> str:
    whole = f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return (whole[:-3] if whole.endswith(",00") else whole) + "\u00a0₽"


def _address(address: Mapping[str, Any] | None) -> str:
    if not address:
        return ""
    parts = [address.get("city"), address.get("street"), address.get("house")]
    if address.get("flat"):
        parts.append(f"кв. {address['flat']}")
    return ", ".join(str(p) for p in parts if p)


def _reference(session: Any, key: str) -> Any:
    row = session.get(ReferenceData, key)
    return row.body if row is not None else None


def _pick_order(orders: list[Order], store_crm_id: str | None) -> Order | None:
    def of_store(found: list[Order]) -> list[Order]:
        same = [o for o in found if store_crm_id and o.store_crm_id == store_crm_id]
        return same or found

    open_ones = of_store([o for o in orders if o.status in OPEN_STATUSES])
    if open_ones:
        return open_ones[0]
    return of_store(orders)[0] if orders else None


def _order_values(session: Any, order: Order) -> dict[str, str]:
    values = {
        "order.number": order.crm_id or "",
        "order.id": order.crm_id or "",
        "order.total": roubles(order.total),
        "order.status": ORDER_STATUS_LABELS.get(order.status, order.status),
    }
    names = [f"{i.name} × {i.qty}" for i in order.items[:ITEMS_SAID]]
    if len(order.items) > ITEMS_SAID:
        names.append(f"и ещё {len(order.items) - ITEMS_SAID}")
    values["order.items"] = ", ".join(names)
    payments = (_reference(session, "payment_methods") or {}).get("items", [])
    values["order.payment"] = next(
        (p["name"] for p in payments if p.get("code") == order.payment_method), order.payment_method or ""
    )
    if order.delivery_date is not None:
        values["delivery.date"] = order.delivery_date.strftime("%d.%m.%Y")
    if order.delivery_time_from is not None and order.delivery_time_to is not None:
        values["delivery.time"] = f"{order.delivery_time_from:%H:%M}–{order.delivery_time_to:%H:%M}"
    values["delivery.address"] = _address(order.delivery_address)
    services = (_reference(session, "delivery_services") or {}).get("items", [])
    service = next((d for d in services if d.get("id") == order.delivery_service_id), None)
    method = next(
        (m for m in (service or {}).get("methods", []) if m.get("code") == order.delivery_method), None
    )
    values["delivery.method"] = method["name"] if method else (order.delivery_method or "")
    return values


def load_context(store: Store, customer: CallCustomer | None, shop: CallStore | None) -> ScriptContext:
    """The variables' values for a call (a store read: run it on the store worker)."""
    values: dict[str, str] = {}
    gaps: list[str] = []
    open_status = latest_status = None
    customer_id = customer.customer_id if customer is not None else None
    store_crm_id = shop.crm_id if shop is not None else None
    with store.read_session() as session:
        operator = _reference(session, "operator") or {}
        values["operator.name"] = str(operator.get("name") or "")
        if shop is not None and shop.name:
            values["store.name"] = shop.name
            if shop.store_id is not None:
                number = session.scalar(
                    select(StoreNumber.e164).where(StoreNumber.store_id == shop.store_id).limit(1)
                )
                values["store.phone"] = number or ""
        elif shop is not None and shop.store_id is not None:
            branch = session.get(StoreBranch, shop.store_id)
            values["store.name"] = branch.name if branch is not None else ""
        else:
            gaps.append(NO_STORE)
        name = customer.name if customer is not None else ""
        if customer is not None and customer.phone_e164:
            values["customer.phone"] = customer.phone_e164
        row = session.get(Customer, customer_id) if customer_id is not None else None
        if row is not None:
            name = row.name or name
            orders = list(
                session.scalars(
                    select(Order)
                    .where(Order.customer_id == row.id)
                    .order_by(Order.created_at.desc(), Order.id.desc())
                    .limit(ORDERS_LOOKED_AT)
                )
            )
            order = _pick_order(orders, store_crm_id)
            if order is not None:
                values.update(_order_values(session, order))
                open_status = order.status if order.status in OPEN_STATUSES else None
                latest_status = orders[0].status
            else:
                gaps.append(NO_ORDER)
        if name:
            values["customer.name"] = name
            values["customer.first_name"], values["customer.polite_name"] = given_names(name)
        if customer is None or (customer_id is None and not name):
            gaps.insert(0, NO_CUSTOMER)
    return ScriptContext(
        values={k: v for k, v in values.items() if v},
        gaps=tuple(gaps),
        customer_id=customer_id,
        store_crm_id=store_crm_id,
        open_order_status=open_status,
        latest_order_status=latest_status,
    )
