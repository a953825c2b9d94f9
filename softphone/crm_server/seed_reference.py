"""Reference data of the seeded CRM: the operator, stores, delivery, payment, dispositions, scripts."""

from __future__ import annotations

from typing import Any

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
    },
    {"id": "S-SPB", "name": "Дом и Сад", "phone_numbers": ["+78123334455"], "colour": "#2e7d32"},
    {"id": "S-KIDS", "name": "Детский Мир Онлайн", "phone_numbers": ["+74957778899"], "colour": "#ef6c00"},
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
    {"code": "order_confirmed", "label": "Заказ подтверждён", "requires_note": False},
    {"code": "order_changed", "label": "Заказ изменён", "requires_note": False},
    {"code": "order_cancelled", "label": "Клиент отменил заказ", "requires_note": True},
    {"code": "new_order", "label": "Оформлен новый заказ", "requires_note": False},
    {"code": "consultation", "label": "Консультация", "requires_note": False},
    {"code": "complaint", "label": "Жалоба", "requires_note": True},
    {"code": "feedback_positive", "label": "Положительный отзыв", "requires_note": False},
    {"code": "feedback_negative", "label": "Отрицательный отзыв", "requires_note": True},
    {"code": "callback_requested", "label": "Просит перезвонить", "requires_note": False},
    {"code": "no_answer", "label": "Не дозвонились", "requires_note": False},
    {"code": "wrong_number", "label": "Ошибочный номер", "requires_note": False},
]


def _node(
    node_id: str,
    kind: str,
    text: str,
    *,
    next_: str | None = None,
    options: list[tuple[str, str]] | None = None,
    save_as: str | None = None,
) -> dict[str, Any]:
    return {
        "id": node_id,
        "kind": kind,
        "text": text,
        "next": next_,
        "save_as": save_as,
        "options": [{"label": label, "next": target} for label, target in options or []],
    }


def _script(script_id: str, call_type: str, title: str, nodes: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": script_id,
        "version": 1,
        "call_type": call_type,
        "title": title,
        "start_node": nodes[0]["id"],
        "nodes": {n["id"]: n for n in nodes},
    }


SCRIPTS: list[dict[str, Any]] = [
    _script(
        "SCR-CONFIRM",
        "order_confirmation",
        "Подтверждение заказа",
        [
            _node(
                "greet",
                "say",
                "Здравствуйте, {customer.name}! Меня зовут {operator.name}, магазин "
                "{store.name}. Звоню подтвердить ваш заказ № {order.id}.",
                next_="can_talk",
            ),
            _node(
                "can_talk",
                "choice",
                "Вам удобно сейчас говорить?",
                options=[("Да", "items"), ("Нет, перезвонить", "callback")],
            ),
            _node(
                "items", "say", "В заказе: {order.items}. Сумма к оплате {order.total} ₽.", next_="confirm"
            ),
            _node(
                "confirm",
                "choice",
                "Подтверждаете заказ?",
                options=[("Да", "delivery"), ("Нужно изменить", "change"), ("Отменить", "cancel")],
            ),
            _node(
                "delivery",
                "question",
                "Уточните удобный день и время доставки.",
                next_="end_ok",
                save_as="delivery_time",
            ),
            _node(
                "change", "question", "Что нужно изменить в заказе?", next_="end_ok", save_as="change_request"
            ),
            _node(
                "cancel",
                "question",
                "Подскажите, пожалуйста, причину отмены.",
                next_="end_cancel",
                save_as="cancel_reason",
            ),
            _node(
                "callback",
                "question",
                "Когда вам удобно перезвонить?",
                next_="end_callback",
                save_as="callback_time",
            ),
            _node("end_ok", "end", "Спасибо, {customer.name}! Заказ подтверждён. Хорошего дня!"),
            _node("end_cancel", "end", "Заказ отменён. Спасибо, что сообщили, будем рады видеть вас снова."),
            _node("end_callback", "end", "Хорошо, перезвоним в удобное время. До свидания!"),
        ],
    ),
    _script(
        "SCR-INBOUND",
        "inbound_order",
        "Приём заказа по телефону",
        [
            _node(
                "greet",
                "say",
                "Магазин {store.name}, меня зовут {operator.name}, здравствуйте!",
                next_="known",
            ),
            _node(
                "known",
                "choice",
                "Клиент найден в базе?",
                options=[("Да, {customer.name}", "what"), ("Нет, новый клиент", "name")],
            ),
            _node("name", "question", "Как к вам обращаться?", next_="what", save_as="customer_name"),
            _node(
                "what", "question", "Какой товар вас интересует?", next_="delivery", save_as="wanted_product"
            ),
            _node(
                "delivery",
                "choice",
                "Как удобнее получить заказ?",
                options=[("Курьер", "address"), ("Пункт выдачи", "payment"), ("Самовывоз", "payment")],
            ),
            _node("address", "question", "Назовите адрес доставки.", next_="payment", save_as="address"),
            _node(
                "payment",
                "choice",
                "Как будете оплачивать?",
                options=[("Наличными", "summary"), ("Картой курьеру", "summary"), ("Онлайн", "summary")],
            ),
            _node("summary", "say", "Повторю заказ и сумму. Всё верно?", next_="end"),
            _node("end", "end", "Спасибо за заказ! SMS с номером заказа придёт в течение минуты."),
        ],
    ),
    _script(
        "SCR-COMPLAINT",
        "complaint",
        "Жалоба клиента",
        [
            _node(
                "greet",
                "say",
                "{customer.name}, мне очень жаль, что так получилось. Расскажите, что случилось?",
                next_="what",
            ),
            _node(
                "what", "question", "Суть жалобы (своими словами клиента).", next_="kind", save_as="complaint"
            ),
            _node(
                "kind",
                "choice",
                "Тип проблемы",
                options=[
                    ("Брак товара", "offer"),
                    ("Опоздание доставки", "offer"),
                    ("Грубость курьера", "offer"),
                    ("Другое", "offer"),
                ],
            ),
            _node(
                "offer",
                "choice",
                "Предложите решение (компенсация в пределах вашего лимита).",
                options=[
                    ("Скидка на следующий заказ", "end"),
                    ("Возврат / обмен", "end"),
                    ("Передать старшему", "escalate"),
                ],
            ),
            _node(
                "escalate",
                "question",
                "Когда старшему смене перезвонить клиенту?",
                next_="end",
                save_as="escalation_time",
            ),
            _node("end", "end", "Спасибо, что сообщили. Мы всё исправим."),
        ],
    ),
    _script(
        "SCR-FEEDBACK",
        "delivery_feedback",
        "Отзыв о доставке",
        [
            _node(
                "greet",
                "say",
                "Здравствуйте, {customer.name}! Это {store.name}. Заказ доставлен?",
                next_="rate",
            ),
            _node(
                "rate",
                "choice",
                "Оцените доставку от 1 до 5",
                options=[("5", "end"), ("4", "end"), ("3 и ниже", "why")],
            ),
            _node("why", "question", "Что нам улучшить?", next_="end", save_as="improve"),
            _node("end", "end", "Спасибо за отзыв!"),
        ],
    ),
]

TASK_TITLES = {
    "order_confirmation": "Подтвердить заказ",
    "delivery_feedback": "Узнать отзыв о доставке",
    "abandoned_cart": "Брошенная корзина: предложить помощь",
    "new_registration": "Приветствие нового клиента",
    "callback": "Перезвонить клиенту",
}
