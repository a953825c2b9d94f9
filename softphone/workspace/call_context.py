"""Who a live call is with and for which shop: the screen-pop's result, hung on the ``CallSession``.

Screen-pop (``workspace/screen_pop.py``) fills these in while the call still rings and replaces them
when the operator picks another customer or a background CRM refresh answers; the script, the
interaction log at hang-up and the after-call work read them with
``session.attached(CallCustomer)`` / ``session.attached(CallStore)``. Frozen: a change is a new
value attached in the old one's place. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class CustomerMatch(Enum):
    """How the caller's number matched the local store."""

    LOOKING = "looking"  # the look-up has not answered yet
    ONE = "one"  # exactly one customer has this number
    SEVERAL = "several"  # a shared number: the operator chooses (``candidates``)
    UNKNOWN = "unknown"  # no customer: the new-customer form, prefilled with ``phone_e164``
    CHOSEN = "chosen"  # the operator chose or created the customer by hand


@dataclass(frozen=True, slots=True)
class CallCustomer:
    """The customer of one call. ``customer_id`` is the local store's id (``customers.id``)."""

    match: CustomerMatch
    phone_e164: str | None  # the caller's (or dialled) number as E.164; None when it is not a number
    customer_id: int | None = None
    crm_id: str | None = None
    name: str = ""
    candidates: tuple[int, ...] = ()  # local ids when ``match`` is SEVERAL


@dataclass(frozen=True, slots=True)
class CallStore:
    """The shop a call is for: picked by the number the caller dialled (or the operator's default)."""

    store_id: int | None  # local ``stores.id``; None when no store owns the dialled number
    crm_id: str | None
    name: str
    colour: str = "#607d8b"  # the shop's logo colour, ``#rrggbb``
    record_calls: bool = False  # the shop allows recording its calls (``workspace.call_recordings``)


@dataclass(frozen=True, slots=True)
class CallOrder:
    """The order saved or confirmed during (or right after) the call, put on it by the order editor:
    the interaction's ``order_id`` and the KPIs' conversion read it."""

    order_id: int  # local ``orders.id``
    crm_id: str | None
    created: bool
    confirmed: bool


@dataclass(frozen=True, slots=True)
class CallTask:
    """The outbound task a call was dialled for (``task_id`` is the local ``outbound_tasks.id``): the
    script starts with the task's call type; the interaction carries the task."""

    task_id: int
