"""Reference data of the seeded CRM: the operator, stores, delivery, payment, dispositions; the
scripts live in ``seed_scripts``."""

from __future__ import annotations

from typing import Any

from softphone.crm_server.seed_scripts import SCRIPTS as SCRIPTS  # one module per topic

OPERATOR_ID = "op-1"
OTHER_OPERATOR_ID = "op-2"

OPERATOR: dict[str, Any] = {
    "id": OPERATOR_ID,
    "name": "Мария Кузнецова",
    "sip_extension": "1001",
    "store_ids": ["S-MSK", "S-SPB", "S-KIDS"],
    "compensation_limit": "1500.00",
    "not_ready_reasons": [
        {"code": "lunch", "label": "Обед"},
        {"code": "break", "label": "Перерыв"},
        {"code": "training", "label": "Обучение"},
        {"code": "meeting", "label": "Совещание"},
        {"code": "tech", "label": "Технические проблемы"},
    ],
    "after_call_work": {"mode": "timed", "seconds": 30},
}

STORES: list[dict[str, Any]] = [
    {
        "id": "S-MSK",
        "name": "ТехноДом",
        "phone_numbers": ["+74952223344", "+78001002030"],
        "colour": "#1565c0",
        "record_calls": True,
    },
    {
        "id": "S-SPB",
        "name": "Дом и Сад",
        "phone_numbers": ["+78123334455"],
        "colour": "#2e7d32",
        "record_calls": True,
    },
    {
        "id": "S-KIDS",
        "name": "Детский Мир Онлайн",
        "phone_numbers": ["+74957778899"],
        "colour": "#ef6c00",
        "record_calls": False,
    },
]

DELIVERY_SERVICES: list[dict[str, Any]] = [
    {
        "id": "DS-CDEK",
        "name": "СДЭК",
        "methods": [
            {"code": "courier", "name": "Курьер СДЭК до двери", "cost": "390.00", "needs_address": True},
            {"code": "pickup_point", "name": "Пункт выдачи СДЭК", "cost": "250.00", "needs_address": False},
        ],
    },
    {
        "id": "DS-BOXBERRY",
        "name": "Boxberry",
        "methods": [
            {
                "code": "pickup_point",
                "name": "Пункт выдачи Boxberry",
                "cost": "220.00",
                "needs_address": False,
            },
            {"code": "courier", "name": "Курьер Boxberry", "cost": "350.00", "needs_address": True},
        ],
    },
    {
        "id": "DS-OWN",
        "name": "Курьер магазина",
        "methods": [
            {"code": "courier", "name": "Доставка нашим курьером", "cost": "300.00", "needs_address": True},
            {"code": "express", "name": "Экспресс за 3 часа", "cost": "600.00", "needs_address": True},
            {"code": "pickup", "name": "Самовывоз из магазина", "cost": "0.00", "needs_address": False},
        ],
    },
    {
        "id": "DS-POST",
        "name": "Почта России",
        "methods": [
            {"code": "post", "name": "Посылка Почтой России", "cost": "280.00", "needs_address": True},
        ],
    },
]

# Which services offer time slots, in which cities (None = everywhere), and the daily windows.
SLOT_RULES: dict[str, Any] = {
    "DS-OWN": {"cities": ["Москва", "Санкт-Петербург"], "windows": [[10, 14], [14, 18], [18, 22]]},
    "DS-CDEK": {"cities": None, "windows": [[9, 13], [13, 17], [17, 21]]},
    "DS-BOXBERRY": {"cities": None, "windows": [[10, 18]]},
}

PAYMENT_METHODS: list[dict[str, Any]] = [
    {"code": "cash", "name": "Наличными курьеру", "online": False},
    {"code": "card_courier", "name": "Картой курьеру", "online": False},
    {"code": "card_online", "name": "Картой онлайн", "online": True},
    {"code": "sbp", "name": "СБП", "online": True},
    {"code": "invoice", "name": "Счёт для юрлиц", "online": False},
]

DISPOSITIONS: list[dict[str, Any]] = [
    {"code": "order_confirmed", "label": "Заказ подтверждён", "requires_note": False, "resolved": True},
    {"code": "order_changed", "label": "Заказ изменён", "requires_note": False, "resolved": True},
    {"code": "order_cancelled", "label": "Клиент отменил заказ", "requires_note": True, "resolved": True},
    {"code": "new_order", "label": "Оформлен новый заказ", "requires_note": False, "resolved": True},
    {"code": "consultation", "label": "Консультация", "requires_note": False, "resolved": True},
    {"code": "complaint", "label": "Жалоба", "requires_note": True},
    {"code": "feedback_positive", "label": "Положительный отзыв", "requires_note": False, "resolved": True},
    {"code": "feedback_negative", "label": "Отрицательный отзыв", "requires_note": True, "resolved": True},
    {"code": "callback_requested", "label": "Просит перезвонить", "requires_note": False},
    {"code": "no_answer", "label": "Не дозвонились", "requires_note": False},
    {"code": "wrong_number", "label": "Ошибочный номер", "requires_note": False},
]


TASK_TITLES = {
    "order_confirmation": "Подтвердить заказ",
    "delivery_feedback": "Узнать отзыв о доставке",
    "abandoned_cart": "Брошенная корзина: предложить помощь",
    "new_registration": "Приветствие нового клиента",
    "callback": "Перезвонить клиенту",
}
