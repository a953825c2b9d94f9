"""Words of the script panel in the operator's language: call types, placeholders for values not
known, notes on what is missing, step actions, refused scripts, and a step's text as HTML."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication

from softphone.domain import scripts as rules
from softphone.workspace.scripts.context import NO_CUSTOMER, NO_ORDER, NO_STORE, Piece, fill
from softphone.workspace.scripts.graph import ScriptGraph, StepAction
from softphone.workspace.scripts.library import ScriptProblem
from softphone.workspace.scripts.run import Choice, ChoiceKind

MISSING_STYLE = "background:#fff3cd; color:#8a5a00; border-radius:3px;"
FILLED_STYLE = "font-weight:600;"


def call_type_label(call_type: str) -> str:
    labels = {
        rules.INBOUND_ORDER: QCoreApplication.translate("ScriptPanel", "New order (inbound)"),
        rules.ORDER_CONFIRMATION: QCoreApplication.translate("ScriptPanel", "Order confirmation"),
        rules.DELIVERY_QUESTION: QCoreApplication.translate("ScriptPanel", "Delivery question"),
        rules.COMPLAINT: QCoreApplication.translate("ScriptPanel", "Complaint or return"),
        rules.DELIVERY_FEEDBACK: QCoreApplication.translate("ScriptPanel", "Feedback after delivery"),
        rules.ABANDONED_CART: QCoreApplication.translate("ScriptPanel", "Abandoned cart"),
        rules.NEW_REGISTRATION: QCoreApplication.translate("ScriptPanel", "New registration"),
    }
    return labels.get(call_type, call_type)


def script_name(graph: ScriptGraph) -> str:
    """ "Call type — title" for the switcher (the title alone when it says the same)."""
    label = call_type_label(graph.call_type)
    return graph.title if graph.title.casefold() == label.casefold() else f"{label} — {graph.title}"


def placeholder(variable: str | None) -> str:
    """What stands where a value is not known, e.g. «[customer's name]»."""
    names = {
        "customer.name": QCoreApplication.translate("ScriptPanel", "customer's full name"),
        "customer.first_name": QCoreApplication.translate("ScriptPanel", "customer's name"),
        "customer.polite_name": QCoreApplication.translate("ScriptPanel", "customer's name and patronymic"),
        "customer.phone": QCoreApplication.translate("ScriptPanel", "customer's phone"),
        "order.number": QCoreApplication.translate("ScriptPanel", "order number"),
        "order.id": QCoreApplication.translate("ScriptPanel", "order number"),
        "order.total": QCoreApplication.translate("ScriptPanel", "order total"),
        "order.items": QCoreApplication.translate("ScriptPanel", "order items"),
        "order.status": QCoreApplication.translate("ScriptPanel", "order status"),
        "order.payment": QCoreApplication.translate("ScriptPanel", "payment method"),
        "delivery.date": QCoreApplication.translate("ScriptPanel", "delivery date"),
        "delivery.time": QCoreApplication.translate("ScriptPanel", "delivery time"),
        "delivery.address": QCoreApplication.translate("ScriptPanel", "delivery address"),
        "delivery.method": QCoreApplication.translate("ScriptPanel", "delivery method"),
        "store.name": QCoreApplication.translate("ScriptPanel", "shop name"),
        "store.phone": QCoreApplication.translate("ScriptPanel", "shop phone"),
        "operator.name": QCoreApplication.translate("ScriptPanel", "your name"),
    }
    return f"[{names.get(variable or '', variable or '?')}]"


def gap_note(gaps: Sequence[str]) -> str:
    notes = {
        NO_CUSTOMER: QCoreApplication.translate(
            "ScriptPanel", "Caller not identified: the answers will not be saved."
        ),
        NO_STORE: QCoreApplication.translate("ScriptPanel", "Shop not identified."),
        NO_ORDER: QCoreApplication.translate("ScriptPanel", "The customer has no orders."),
    }
    found = [notes[g] for g in gaps if g in notes]
    if not found:
        return ""
    return " ".join(found) + " " + QCoreApplication.translate("ScriptPanel", "Highlighted: no data for it.")


def action_label(action: StepAction) -> str:
    return {
        StepAction.OPEN_ORDER: QCoreApplication.translate("ScriptPanel", "Open the order"),
        StepAction.SCHEDULE_CALLBACK: QCoreApplication.translate("ScriptPanel", "Schedule a callback"),
        StepAction.ESCALATE: QCoreApplication.translate("ScriptPanel", "Escalate to the shift lead"),
    }[action]


def action_not_wired() -> str:
    return QCoreApplication.translate(
        "ScriptPanel", "Comes with the order editor and after-call work (Operator workspace II)."
    )


def problem_text(problem: ScriptProblem) -> str:
    where = (
        QCoreApplication.translate("ScriptPanel", "from the CRM")
        if problem.source == "crm"
        else QCoreApplication.translate("ScriptPanel", "in the local store")
    )
    version = f" v{problem.version}" if problem.version is not None else ""
    if problem.kept_version is not None:
        kept = QCoreApplication.translate("ScriptPanel", "version %1 stays in use").replace(
            "%1", str(problem.kept_version)
        )
    else:
        kept = QCoreApplication.translate("ScriptPanel", "the script is not offered")
    return (
        QCoreApplication.translate("ScriptPanel", "Script %1%2 %3 was refused: %4; %5.")
        .replace("%1", problem.crm_id)
        .replace("%2", version)
        .replace("%3", where)
        .replace("%4", problem.reason)
        .replace("%5", kept)
    )


def pieces_html(pieces: Sequence[Piece]) -> str:
    out = []
    for piece in pieces:
        if piece.missing:
            out.append(
                f"<span style='{MISSING_STYLE}'>&nbsp;{html.escape(placeholder(piece.variable))}&nbsp;</span>"
            )
        elif piece.variable is not None:
            out.append(f"<span style='{FILLED_STYLE}'>{html.escape(piece.text)}</span>")
        else:
            out.append(html.escape(piece.text))
    return "".join(out).replace("\n", "<br>")


def step_html(text: str, values: Mapping[str, str]) -> str:
    return pieces_html(fill(text, values))


def plain(text: str, values: Mapping[str, str]) -> str:
    return "".join(placeholder(p.variable) if p.missing else p.text for p in fill(text, values))


def choice_label(choice: Choice, values: Mapping[str, str]) -> str:
    if choice.kind == ChoiceKind.OPTION:
        return plain(choice.label, values)
    if choice.kind == ChoiceKind.NEXT:
        return QCoreApplication.translate("ScriptPanel", "Next")
    if choice.kind == ChoiceKind.YES:
        return QCoreApplication.translate("ScriptPanel", "Yes")
    if choice.kind == ChoiceKind.NO:
        return QCoreApplication.translate("ScriptPanel", "No")
    return choice.label
