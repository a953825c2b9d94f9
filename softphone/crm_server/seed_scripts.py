"""Call scripts of the seeded CRM: one for each of the seven call types, and shop-specific variants.

Texts are the Russian an operator says; steps marked ``required`` are what quality control listens
for (greeting, the customer's need, delivery and payment agreed, the closing). Variables are those of
``softphone.domain.scripts.VARIABLES``. Every script passes ``script_problems`` (a unit test checks
each one, every path reaching an end).
"""

from __future__ import annotations

from typing import Any

from softphone.crm_server import seed_scripts_inbound as inbound
from softphone.crm_server import seed_scripts_outbound as outbound
from softphone.crm_server.seed_script_parts import GARDEN_STORE, KIDS_STORE

SCRIPTS: list[dict[str, Any]] = [
    inbound.inbound("SCR-INBOUND", "Приём заказа по телефону", None, kids=False),
    inbound.inbound("SCR-INBOUND-KIDS", "Приём заказа — Детский Мир", [KIDS_STORE], kids=True),
    outbound.confirmation(),
    inbound.delivery_question(),
    inbound.complaint(),
    outbound.feedback("SCR-FEEDBACK", "Отзыв о доставке", None, garden=False),
    outbound.feedback("SCR-FEEDBACK-GARDEN", "Отзыв о доставке — Дом и Сад", [GARDEN_STORE], garden=True),
    outbound.abandoned_cart(),
    outbound.registration(),
]
