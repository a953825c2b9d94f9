"""Words of the order editor that several of its widgets use: sync states, field names, the draft's
problems (``DraftProblem.field``) in the operator's language."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

SYNC_STATES = {
    "synced": QT_TRANSLATE_NOOP("Orders", "In the CRM"),
    "pending": QT_TRANSLATE_NOOP("Orders", "Waiting to be sent"),
    "conflict": QT_TRANSLATE_NOOP("Orders", "Conflict: changed in the CRM"),
    "rejected": QT_TRANSLATE_NOOP("Orders", "Refused by the CRM"),
    "new": QT_TRANSLATE_NOOP("Orders", "Not saved yet"),
}
SYNC_COLOURS = {
    "synced": "#2e7d32",
    "pending": "#b26a00",
    "conflict": "#c62828",
    "rejected": "#c62828",
    "new": "#546e7a",
}
FIELDS = {
    "items": QT_TRANSLATE_NOOP("Orders", "Items"),
    "delivery": QT_TRANSLATE_NOOP("Orders", "Delivery"),
    "payment": QT_TRANSLATE_NOOP("Orders", "Payment"),
    "discount": QT_TRANSLATE_NOOP("Orders", "Discount"),
    "comment": QT_TRANSLATE_NOOP("Orders", "Comment"),
    "status": QT_TRANSLATE_NOOP("Orders", "Status"),
    "reason": QT_TRANSLATE_NOOP("Orders", "Cancel reason"),
    "cancel_reason": QT_TRANSLATE_NOOP("Orders", "Cancel reason"),
}
PROBLEMS = {
    "items": QT_TRANSLATE_NOOP("Orders", "Add at least one product."),
    "payment": QT_TRANSLATE_NOOP("Orders", "Choose how the customer pays."),
    "address": QT_TRANSLATE_NOOP("Orders", "Give the delivery address: city, street, house (and flat)."),
    "discount": QT_TRANSLATE_NOOP("Orders", "The discount cannot exceed the items total."),
    "store": QT_TRANSLATE_NOOP("Orders", "The shop of this order is not known yet: wait for the CRM sync."),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Orders", text)


def sync_text(state: str) -> str:
    return tr(SYNC_STATES[state]) if state in SYNC_STATES else state


def field_text(name: str) -> str:
    return tr(FIELDS[name]) if name in FIELDS else name


def problem_text(field: str, fallback: str) -> str:
    return tr(PROBLEMS[field]) if field in PROBLEMS else fallback
