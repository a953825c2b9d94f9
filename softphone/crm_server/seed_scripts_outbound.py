"""Seeded scripts for calls the operator makes: order confirmation, feedback after delivery (and the
garden shop's own), abandoned cart, new registration."""

from __future__ import annotations

from typing import Any

from softphone.crm_server.seed_script_parts import GREET_OUT, callback, end, greeting, node, script


def confirmation() -> dict[str, Any]:
    return script(
        "SCR-CONFIRM",
        "order_confirmation",
        "Подтверждение заказа",
        [
            greeting(GREET_OUT + " Звоню подтвердить ваш заказ № {order.number}.", "can_talk"),
            node(
                "can_talk",
                "choice",
                "Вам удобно сейчас говорить?",
                options=[("Да", "items"), ("Нет, перезвонить позже", "callback")],
                title="Удобно говорить",
            ),
            node(
                "items",
                "say",
                "В заказе: {order.items}. Сумма к оплате — {order.total}.",
                next_="confirm",
                required=True,
                title="Состав заказа",
            ),
            node(
                "confirm",
                "choice",
                "Подтверждаете заказ?",
                options=[
                    ("Да, подтверждаю", "delivery"),
                    ("Нужно изменить", "change"),
                    ("Отменить", "cancel"),
                ],
                save_as="decision",
                required=True,
                title="Подтверждение",
            ),
            node(
                "delivery",
                "choice",
                "Доставка: {delivery.method}, {delivery.date}, {delivery.time}, адрес: {delivery.address}. "
                "Всё верно?",
                options=[("Да", "payment"), ("Изменить дату или адрес", "delivery_change")],
                save_as="delivery_ok",
                required=True,
                title="Доставка",
            ),
            node(
                "delivery_change",
                "question",
                "Запишите новые дату, время или адрес и внесите их в заказ.",
                next_="payment",
                save_as="delivery_change",
                action="open_order",
                title="Изменение доставки",
            ),
            node(
                "payment",
                "say",
                "Оплата: {order.payment}. Курьер позвонит за час до приезда.",
                next_="end_ok",
                title="Оплата",
            ),
            node(
                "change",
                "question",
                "Что нужно изменить в заказе? Внесите изменения и вернитесь к подтверждению.",
                next_="confirm",
                save_as="change_request",
                action="open_order",
                title="Изменение заказа",
            ),
            node(
                "cancel",
                "question",
                "Подскажите, пожалуйста, причину отмены.",
                next_="cancel_offer",
                save_as="cancel_reason",
                title="Причина отмены",
            ),
            node(
                "cancel_offer",
                "choice",
                "Предложите альтернативу: другой товар, перенос доставки или скидку 5% на следующий заказ.",
                options=[("Клиент оставляет заказ", "confirm"), ("Отменить окончательно", "end_cancel")],
                save_as="cancel_offer",
                title="Удержание",
            ),
            callback("Когда вам удобно, чтобы мы перезвонили?", "end_callback"),
            end(
                "end_ok",
                "Спасибо, {customer.first_name}! Заказ подтверждён, ждите SMS о доставке. Хорошего дня!",
                title="Прощание: заказ подтверждён",
            ),
            end(
                "end_cancel",
                "Заказ № {order.number} отменён. Спасибо, что предупредили, будем рады видеть вас снова.",
                action="open_order",
                title="Отмена",
            ),
            end(
                "end_callback",
                "Хорошо, перезвоним в удобное время. До свидания!",
                title="Прощание: перезвоним",
            ),
        ],
        direction="outbound",
    )


def feedback(script_id: str, title: str, store_ids: list[str] | None, garden: bool) -> dict[str, Any]:
    garden_steps = (
        [
            node(
                "plants",
                "question",
                "Растения и рассада доехали в хорошем состоянии?",
                next_="recommend",
                save_as="plants_ok",
                answer="yes_no",
                title="Состояние растений",
            )
        ]
        if garden
        else []
    )
    return script(
        script_id,
        "delivery_feedback",
        title,
        [
            greeting(
                GREET_OUT + " Вы получили заказ № {order.number}. Уделите минуту на пару вопросов?", "agree"
            ),
            node(
                "agree",
                "choice",
                "Клиент согласен ответить?",
                options=[("Да", "rate"), ("Нет, неудобно", "end_busy")],
                title="Согласие",
            ),
            node(
                "rate",
                "question",
                "Оцените, пожалуйста, доставку от 1 до 5.",
                next_="on_time",
                save_as="delivery_rating",
                answer="rating",
                required=True,
                title="Оценка доставки",
            ),
            node(
                "on_time",
                "question",
                "Курьер приехал вовремя?",
                next_="quality",
                save_as="on_time",
                answer="yes_no",
                title="Вовремя",
            ),
            node(
                "quality",
                "question",
                "А как вам сам товар, от 1 до 5?",
                next_="plants" if garden else "recommend",
                save_as="product_rating",
                answer="rating",
                title="Оценка товара",
            ),
            *garden_steps,
            node(
                "recommend",
                "choice",
                "Порекомендуете нас друзьям?",
                options=[("Да", "end_ok"), ("Нет или не знаю", "improve")],
                save_as="recommend",
                title="Рекомендация",
            ),
            node(
                "improve",
                "question",
                "Что нам стоит улучшить?",
                next_="end_ok",
                save_as="improve",
                title="Что улучшить",
            ),
            end(
                "end_ok",
                "Спасибо за отзыв, {customer.first_name}! Дарим промокод на 5% — он придёт в SMS.",
                required=True,
                title="Прощание: спасибо за отзыв",
            ),
            end(
                "end_busy",
                "Извините за беспокойство. Хорошего дня!",
                title="Прощание: неудобно говорить",
            ),
        ],
        direction="outbound",
        store_ids=store_ids,
    )


def abandoned_cart() -> dict[str, Any]:
    return script(
        "SCR-CART",
        "abandoned_cart",
        "Брошенная корзина",
        [
            greeting(
                GREET_OUT + " Вы добавили товары в корзину на сайте, но не оформили заказ. Могу помочь?",
                "reason",
            ),
            node(
                "reason",
                "choice",
                "Что помешало оформить заказ?",
                options=[
                    ("Передумал", "reason_text"),
                    ("Дорогая доставка", "offer_delivery"),
                    ("Не разобрался с оформлением", "help"),
                    ("Хочу оформить по телефону", "place"),
                ],
                save_as="cart_reason",
                required=True,
                title="Причина",
            ),
            node(
                "reason_text",
                "question",
                "Уточните, что не подошло.",
                next_="end_no",
                save_as="reason_details",
                title="Подробности",
            ),
            node(
                "offer_delivery",
                "choice",
                "Предложите бесплатный самовывоз или доставку в пункт выдачи от 220 ₽.",
                options=[("Клиент согласен", "place"), ("Не интересно", "end_no")],
                save_as="offer_taken",
                title="Предложение",
            ),
            node(
                "help",
                "say",
                "Подскажите по шагам: корзина → «Оформить» → адрес → оплата. Или оформим заказ сейчас.",
                next_="place_now",
                title="Помощь",
            ),
            node(
                "place_now",
                "choice",
                "Оформить заказ по телефону?",
                options=[("Да", "place"), ("Нет, оформлю на сайте", "end_site")],
                title="Оформить сейчас",
            ),
            node(
                "place",
                "say",
                "Откройте корзину клиента и оформите заказ, повторите состав и сумму.",
                next_="end_ok",
                action="open_order",
                title="Оформление",
            ),
            end(
                "end_ok",
                "Спасибо, {customer.first_name}! Заказ оформлен, SMS с номером придёт в течение минуты.",
                title="Прощание: заказ оформлен",
            ),
            end(
                "end_site",
                "Отлично, ждём ваш заказ! Если будут вопросы — звоните.",
                title="Прощание: оформит на сайте",
            ),
            end("end_no", "Спасибо за ответ! Хорошего дня.", title="Прощание: без заказа"),
        ],
        direction="outbound",
    )


def registration() -> dict[str, Any]:
    return script(
        "SCR-WELCOME",
        "new_registration",
        "Приветствие нового клиента",
        [
            greeting(GREET_OUT + " Спасибо за регистрацию! Звоню коротко рассказать о бонусах.", "can_talk"),
            node(
                "can_talk",
                "choice",
                "Вам удобно говорить?",
                options=[("Да", "bonus"), ("Нет", "callback")],
                title="Удобно говорить",
            ),
            node(
                "bonus",
                "say",
                "На ваш счёт начислено 500 приветственных бонусов — ими можно оплатить до 20% "
                "первого заказа.",
                next_="interests",
                required=True,
                title="Бонусы",
            ),
            node(
                "interests",
                "question",
                "Какие товары вам интересны? Подберём персональные предложения.",
                next_="consent",
                save_as="interests",
                title="Интересы",
            ),
            node(
                "consent",
                "question",
                "Можно присылать вам SMS и письма об акциях?",
                next_="end_ok",
                save_as="sms_consent",
                answer="yes_no",
                required=True,
                title="Согласие на рассылку",
            ),
            callback("Когда вам удобнее, чтобы мы перезвонили?", "end_later"),
            end(
                "end_ok",
                "Спасибо, {customer.first_name}! Будем рады вашему первому заказу.",
                title="Прощание: бонусы рассказаны",
            ),
            end("end_later", "Хорошо, перезвоним. До свидания!", title="Прощание: перезвоним"),
        ],
        direction="outbound",
    )
