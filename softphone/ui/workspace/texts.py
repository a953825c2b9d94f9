"""How the workspace says things: order statuses, channels, money, dates, masked personal data.

Every word goes through ``QCoreApplication.translate`` (context ``Workspace``), so the card reads in
the operator's language; data from the CRM (names, notes, the CRM's own result labels) is shown as
the CRM wrote it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from softphone.domain.masking import mask_phone
from softphone.store.customer_details import OrderLine, TimelineEntry
from softphone.ui.calls.phone_input import DEFAULT_REGION, display_number
from softphone.ui.i18n import day_month, day_month_time, short_date, short_time

CONTEXT = "Workspace"
ORDER_STATUSES = {
    "new": QT_TRANSLATE_NOOP("Workspace", "New"),
    "confirmed": QT_TRANSLATE_NOOP("Workspace", "Confirmed"),
    "packed": QT_TRANSLATE_NOOP("Workspace", "Packed"),
    "shipped": QT_TRANSLATE_NOOP("Workspace", "Shipped"),
    "delivered": QT_TRANSLATE_NOOP("Workspace", "Delivered"),
    "returned": QT_TRANSLATE_NOOP("Workspace", "Returned"),
    "cancelled": QT_TRANSLATE_NOOP("Workspace", "Cancelled"),
}
PHONE_KINDS = {
    "mobile": QT_TRANSLATE_NOOP("Workspace", "mobile"),
    "home": QT_TRANSLATE_NOOP("Workspace", "home"),
    "work": QT_TRANSLATE_NOOP("Workspace", "work"),
    "other": QT_TRANSLATE_NOOP("Workspace", "other"),
}
# symbols common fonts have (DejaVu, Noto, Segoe UI Symbol): no colour emoji
CHANNEL_ICONS = {"call": "☎", "email": "✉", "chat": "⌨", "messenger": "✆", "note": "✎", "order": "▣"}


def tr(text: str) -> str:
    """A text marked with ``QT_TRANSLATE_NOOP("Workspace", ...)``, translated now."""
    return QCoreApplication.translate(CONTEXT, text)


def status_text(status: str) -> str:
    return tr(ORDER_STATUSES[status]) if status in ORDER_STATUSES else status


def kind_text(kind: str) -> str:
    return tr(PHONE_KINDS[kind]) if kind in PHONE_KINDS else kind


def money(amount: Decimal) -> str:
    return f"{QLocale().toString(float(amount), 'f', 2)} ₽"


def when(moment: dt.datetime) -> str:
    """A past moment in local time, in the UI's locale: ``14:05`` today, ``12.03 14:05`` this year,
    else the date with the year (``2:05 PM``, ``3/12 2:05 PM``, ``3/12/25`` in English)."""
    local = moment.astimezone()
    now = dt.datetime.now().astimezone()
    if local.date() == now.date():
        return short_time(local)
    if local.year == now.year:
        return day_month_time(local)
    return short_date(local.date())


def duration(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes}:{secs:02d}"


def phone_text(e164: str | None, region: str = DEFAULT_REGION, masked: bool = False) -> str:
    if not e164:
        return ""
    shown = display_number(e164, region)
    if not masked:
        return shown
    # the country code and the last two digits stay, as people read numbers: "+7 *** ***-**-67"
    code, space, rest = shown.partition(" ")
    if not space or not code.startswith("+"):
        return mask_phone(e164)
    total = sum(ch.isdigit() for ch in rest)
    seen = 0
    masked_rest = []
    for ch in rest:
        if ch.isdigit():
            seen += 1
            masked_rest.append(ch if seen > total - 2 else "*")
        else:
            masked_rest.append(ch)
    return f"{code} {''.join(masked_rest)}"


def masked_email(email: str) -> str:
    user, _, domain = email.partition("@")
    return f"{user[:1]}***@{domain}" if domain else "***"


def delivery_text(order: OrderLine) -> str:
    """``12.03 10:00–14:00 · СДЭК, Курьер`` (what the operator needs to say about the delivery)."""
    parts = []
    if order.delivery_date is not None:
        day = day_month(order.delivery_date)
        if order.delivery_from is not None and order.delivery_to is not None:
            day += f" {short_time(order.delivery_from)}–{short_time(order.delivery_to)}"
        parts.append(day)
    service = ", ".join(p for p in (order.delivery_service, order.delivery_method) if p)
    if service:
        parts.append(service)
    return " · ".join(parts)


def order_tooltip(order: OrderLine) -> str:
    lines = [f"{name} × {qty}" for name, qty in order.items]
    if order.delivery_address:
        lines.append(
            QCoreApplication.translate("Workspace", "Address: %1").replace("%1", order.delivery_address)
        )
    if order.payment_method:
        lines.append(
            QCoreApplication.translate("Workspace", "Payment: %1").replace("%1", order.payment_method)
        )
    return "\n".join(lines)


def timeline_what(entry: TimelineEntry) -> str:
    """The kind of event in words: ``☎ Incoming call 3:04``, ``🛒 Order O-1 placed``."""
    icon = CHANNEL_ICONS.get(entry.channel, "•")
    if entry.channel == "order":
        number = entry.order_crm_id or "?"
        if entry.order_event == "placed":
            return f"{icon} " + QCoreApplication.translate("Workspace", "Order %1 placed").replace(
                "%1", number
            )
        if entry.order_event == "return":
            return f"{icon} " + QCoreApplication.translate("Workspace", "Return of order %1").replace(
                "%1", number
            )
        return f"{icon} " + QCoreApplication.translate("Workspace", "Order %1: %2").replace(
            "%1", number
        ).replace("%2", status_text(entry.order_status or ""))
    inbound = entry.direction == "inbound"
    names = {
        "call": QCoreApplication.translate("Workspace", "Incoming call")
        if inbound
        else QCoreApplication.translate("Workspace", "Outgoing call"),
        "email": QCoreApplication.translate("Workspace", "E-mail from the customer")
        if inbound
        else QCoreApplication.translate("Workspace", "E-mail to the customer"),
        "chat": QCoreApplication.translate("Workspace", "Chat"),
        "messenger": QCoreApplication.translate("Workspace", "Messenger"),
        "note": QCoreApplication.translate("Workspace", "Note"),
    }
    text = f"{icon} {names.get(entry.channel, entry.channel)}"
    if entry.channel == "call" and entry.talk_s:
        text += f" {duration(entry.talk_s)}"
    return text


def timeline_details(entry: TimelineEntry) -> str:
    parts = []
    if entry.amount is not None:
        parts.append(money(entry.amount))
    if entry.result:
        parts.append(entry.result)
    if entry.notes:
        parts.append(entry.notes)
    if entry.pending:
        parts.append(QCoreApplication.translate("Workspace", "(not in the CRM yet)"))
    return " — ".join(parts)
