"""Call scripts of the seeded CRM: one for each of the seven call types, and shop-specific variants.

Texts are the Russian an operator says; steps marked ``required`` are what quality control listens
for (greeting, the customer's need, delivery and payment agreed, the closing). Variables are those of
``softphone.domain.scripts.VARIABLES``. Every script passes ``script_problems`` (a unit test checks
each one, every path reaching an end).
"""

from __future__ import annotations

from typing import Any

KIDS_STORE = "S-KIDS"
GARDEN_STORE = "S-SPB"


def node(
    node_id: str,
    kind: str,
    text: str,
    *,
    next_: str | None = None,
    options: list[tuple[str, str]] | None = None,
    save_as: str | None = None,
    required: bool = False,
    answer: str | None = None,
    action: str | None = None,
    title: str = "",
) -> dict[str, Any]:
    return {
        "id": node_id,
        "kind": kind,
        "text": text,
        "next": next_,
        "save_as": save_as,
        "options": [{"label": label, "next": target} for label, target in options or []],
        "title": title,
        "required": required,
        "answer": answer if answer else ("text" if kind == "question" else None),
        "action": action,
    }


def script(
    script_id: str,
    call_type: str,
    title: str,
    nodes: list[dict[str, Any]],
    *,
    direction: str | None,
    store_ids: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": script_id,
        "version": 1,
        "call_type": call_type,
        "title": title,
        "start_node": nodes[0]["id"],
        "nodes": {n["id"]: n for n in nodes},
        "store_ids": store_ids or [],
        "direction": direction,
    }


GREET_IN = "Магазин «{store.name}», меня зовут {operator.name}. Здравствуйте! Чем могу помочь?"
GREET_OUT = "Здравствуйте, {customer.polite_name}! Меня зовут {operator.name}, магазин «{store.name}»."


def _delivery_and_payment(after: str) -> list[dict[str, Any]]:
    """The steps that agree delivery and payment of a new order, then go to ``after``."""
    return [
        node(
            "delivery",
            "choice",
            "Как вам удобнее получить заказ?",
            options=[("Курьером", "address"), ("В пункте выдачи", "pickup_point"), ("Самовывоз", "payment")],
            save_as="delivery_method",
            required=True,
            title="Способ получения",
        ),
        node(
            "address",
            "question",
            "Назовите адрес доставки: город, улица, дом, квартира, подъезд и этаж.",
            next_="payment",
            save_as="address",
            title="Адрес",
        ),
        node(
            "pickup_point",
            "question",
            "Какой пункт выдачи вам удобен? Назовите адрес или ближайшее метро.",
            next_="payment",
            save_as="pickup_point",
            title="Пункт выдачи",
        ),
        node(
            "payment",
            "choice",
            "Как будете оплачивать?",
            options=[
                ("Наличными курьеру", after),
                ("Картой при получении", after),
                ("Онлайн по ссылке из SMS", after),
                ("СБП", after),
            ],
            save_as="payment",
            required=True,
            title="Оплата",
        ),
    ]


def _inbound(script_id: str, title: str, store_ids: list[str] | None, kids: bool) -> dict[str, Any]:
    product_next = "age" if kids else "stock"
    extra = (
        [
            node(
                "age",
                "question",
                "Для ребёнка какого возраста подбираете? Уточните возраст и рост — подскажем размер "
                "и проверим возрастную маркировку.",
                next_="gift",
                save_as="child_age",
                title="Возраст ребёнка",
            ),
            node(
                "gift",
                "question",
                "Это подарок? Можем бесплатно упаковать и положить открытку.",
                next_="stock",
                save_as="gift_wrap",
                answer="yes_no",
                title="Подарочная упаковка",
            ),
        ]
        if kids
        else []
    )
    return script(
        script_id,
        "inbound_order",
        title,
        [
            node("greet", "say", GREET_IN, next_="known", required=True, title="Приветствие"),
            node(
                "known",
                "choice",
                "Клиент уже покупал у нас? Посмотрите карточку клиента.",
                options=[("Да, это {customer.polite_name}", "what"), ("Нет, новый клиент", "name")],
                title="Клиент",
            ),
            node(
                "name",
                "question",
                "Как к вам обращаться?",
                next_="what",
                save_as="customer_name",
                title="Имя",
            ),
            node(
                "what",
                "question",
                "Какой товар вас интересует? Уточните модель, цвет и количество.",
                next_=product_next,
                save_as="wanted_product",
                required=True,
                title="Товар",
            ),
            *extra,
            node(
                "stock",
                "choice",
                "Проверьте наличие товара на складе.",
                options=[
                    ("Есть в наличии", "delivery"),
                    ("Нет, предложить аналог", "analog"),
                    ("Нет, привезём под заказ", "preorder"),
                ],
                title="Наличие",
            ),
            node(
                "analog",
                "choice",
                "Предложите аналог: похожая модель в наличии, не дороже заказанной.",
                options=[("Клиент согласен на аналог", "delivery"), ("Клиент отказался", "lost_reason")],
                save_as="analog",
                title="Аналог",
            ),
            node(
                "preorder",
                "choice",
                "Товар привезём под заказ за 5–7 дней. Оформляем предзаказ?",
                options=[("Да, оформить предзаказ", "delivery"), ("Нет", "lost_reason")],
                save_as="preorder",
                title="Предзаказ",
            ),
            node(
                "lost_reason",
                "question",
                "Уточните, что не подошло, — передадим пожелание в отдел закупок.",
                next_="end_lost",
                save_as="lost_reason",
                title="Причина отказа",
            ),
            *_delivery_and_payment("summary"),
            node(
                "summary",
                "say",
                "Повторите заказ: товар, способ получения, оплату и сумму. Оформите его в карточке "
                "заказа. Всё верно?",
                next_="consent",
                required=True,
                action="open_order",
                title="Итог заказа",
            ),
            node(
                "consent",
                "question",
                "Можно присылать вам SMS о статусе заказа и акциях?",
                next_="end_ok",
                save_as="sms_consent",
                answer="yes_no",
                title="Согласие на SMS",
            ),
            node(
                "end_ok",
                "end",
                "Спасибо за заказ, {customer.first_name}! SMS с номером заказа придёт в течение минуты. "
                "Хорошего дня!",
                title="Прощание: заказ оформлен",
            ),
            node(
                "end_lost",
                "end",
                "Жаль, что сегодня не смогли помочь. Будем рады вашему звонку, до свидания!",
                title="Прощание: без заказа",
            ),
        ],
        direction="inbound",
        store_ids=store_ids,
    )


def _confirmation() -> dict[str, Any]:
    return script(
        "SCR-CONFIRM",
        "order_confirmation",
        "Подтверждение заказа",
        [
            node(
                "greet",
                "say",
                GREET_OUT + " Звоню подтвердить ваш заказ № {order.number}.",
                next_="can_talk",
                required=True,
                title="Приветствие",
            ),
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
            node(
                "callback",
                "question",
                "Когда вам удобно, чтобы мы перезвонили?",
                next_="end_callback",
                save_as="callback_time",
                action="schedule_callback",
                title="Перезвонить",
            ),
            node(
                "end_ok",
                "end",
                "Спасибо, {customer.first_name}! Заказ подтверждён, ждите SMS о доставке. Хорошего дня!",
                title="Прощание: заказ подтверждён",
            ),
            node(
                "end_cancel",
                "end",
                "Заказ № {order.number} отменён. Спасибо, что предупредили, будем рады видеть вас снова.",
                action="open_order",
                title="Отмена",
            ),
            node(
                "end_callback",
                "end",
                "Хорошо, перезвоним в удобное время. До свидания!",
                title="Прощание: перезвоним",
            ),
        ],
        direction="outbound",
    )


def _delivery_question() -> dict[str, Any]:
    return script(
        "SCR-DELIVERY",
        "delivery_question",
        "Вопрос о доставке",
        [
            node(
                "greet",
                "say",
                "Магазин «{store.name}», {operator.name}, здравствуйте! Вижу ваш заказ № {order.number}.",
                next_="topic",
                required=True,
                title="Приветствие",
            ),
            node(
                "topic",
                "choice",
                "Что вы хотите узнать о доставке?",
                options=[
                    ("Когда привезут", "when"),
                    ("Перенести дату", "reschedule"),
                    ("Изменить адрес", "readdress"),
                    ("Курьер не приехал", "late"),
                ],
                save_as="topic",
                required=True,
                title="Вопрос",
            ),
            node(
                "when",
                "say",
                "Заказ № {order.number}: «{order.status}». Доставка {delivery.date}, {delivery.time}. "
                "Курьер позвонит за час до приезда.",
                next_="more",
                title="Срок доставки",
            ),
            node(
                "reschedule",
                "question",
                "На какую дату и время перенести доставку? Проверьте свободные интервалы в заказе.",
                next_="more",
                save_as="new_date",
                action="open_order",
                title="Перенос",
            ),
            node(
                "readdress",
                "question",
                "Назовите новый адрес доставки.",
                next_="more",
                save_as="new_address",
                action="open_order",
                title="Новый адрес",
            ),
            node(
                "late",
                "question",
                "Извинитесь за задержку. Уточните, в какое время ждали курьера, и передайте обращение "
                "в службу доставки.",
                next_="more",
                save_as="late_details",
                action="escalate",
                title="Курьер опоздал",
            ),
            node(
                "more",
                "choice",
                "Могу ещё чем-нибудь помочь?",
                options=[("Нет, это всё", "end"), ("Да, другой вопрос о доставке", "topic")],
                title="Ещё вопросы",
            ),
            node(
                "end",
                "end",
                "Спасибо за звонок, {customer.first_name}! Хорошего дня.",
                required=True,
                title="Прощание",
            ),
        ],
        direction="inbound",
    )


def _complaint() -> dict[str, Any]:
    return script(
        "SCR-COMPLAINT",
        "complaint",
        "Жалоба или возврат",
        [
            node(
                "greet",
                "say",
                "{customer.polite_name}, меня зовут {operator.name}. Мне очень жаль, что так получилось. "
                "Расскажите, пожалуйста, что случилось.",
                next_="what",
                required=True,
                title="Приветствие",
            ),
            node(
                "what",
                "question",
                "Запишите суть обращения словами клиента.",
                next_="kind",
                save_as="complaint",
                required=True,
                title="Суть обращения",
            ),
            node(
                "kind",
                "choice",
                "Тип обращения",
                options=[
                    ("Брак или поломка", "defect"),
                    ("Не тот товар или некомплект", "wrong_item"),
                    ("Опоздание доставки", "offer"),
                    ("Грубость курьера", "offer"),
                    ("Хочу вернуть товар", "return_check"),
                ],
                save_as="complaint_kind",
                required=True,
                title="Тип",
            ),
            node(
                "defect",
                "question",
                "Попросите фото брака в ответ на SMS. Клиент может прислать фото?",
                next_="offer",
                save_as="has_photo",
                answer="yes_no",
                title="Фото брака",
            ),
            node(
                "wrong_item",
                "question",
                "Что пришло вместо заказанного? Попросите артикул с упаковки.",
                next_="offer",
                save_as="wrong_item",
                title="Что пришло",
            ),
            node(
                "return_check",
                "choice",
                "Возврат возможен в течение 14 дней, если товар не был в употреблении и сохранена "
                "упаковка. Условия соблюдены?",
                options=[("Да", "return_ok"), ("Нет", "offer")],
                save_as="return_allowed",
                title="Условия возврата",
            ),
            node(
                "return_ok",
                "say",
                "Оформите возврат в заказе № {order.number}. Курьер заберёт товар, деньги вернутся тем же "
                "способом в течение 10 дней.",
                next_="satisfied",
                action="open_order",
                title="Возврат",
            ),
            node(
                "offer",
                "choice",
                "Предложите решение (компенсация — в пределах вашего лимита).",
                options=[
                    ("Замена товара", "satisfied"),
                    ("Скидка на следующий заказ", "satisfied"),
                    ("Возврат денег", "return_ok"),
                    ("Передать старшему смены", "escalate"),
                ],
                save_as="resolution",
                required=True,
                title="Решение",
            ),
            node(
                "escalate",
                "question",
                "Когда старшему смены перезвонить клиенту?",
                next_="end",
                save_as="escalation_time",
                action="escalate",
                title="Старший смены",
            ),
            node(
                "satisfied",
                "question",
                "Насколько вы довольны решением, от 1 до 5?",
                next_="end",
                save_as="satisfaction",
                answer="rating",
                title="Оценка решения",
            ),
            node(
                "end",
                "end",
                "Спасибо, что сообщили, {customer.first_name}. Мы всё исправим, номер обращения придёт "
                "в SMS.",
                required=True,
                title="Прощание",
            ),
        ],
        direction=None,
    )


def _feedback(script_id: str, title: str, store_ids: list[str] | None, garden: bool) -> dict[str, Any]:
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
            node(
                "greet",
                "say",
                GREET_OUT + " Вы получили заказ № {order.number}. Уделите минуту на пару вопросов?",
                next_="agree",
                required=True,
                title="Приветствие",
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
            node(
                "end_ok",
                "end",
                "Спасибо за отзыв, {customer.first_name}! Дарим промокод на 5% — он придёт в SMS.",
                required=True,
                title="Прощание: спасибо за отзыв",
            ),
            node(
                "end_busy",
                "end",
                "Извините за беспокойство. Хорошего дня!",
                title="Прощание: неудобно говорить",
            ),
        ],
        direction="outbound",
        store_ids=store_ids,
    )


def _abandoned_cart() -> dict[str, Any]:
    return script(
        "SCR-CART",
        "abandoned_cart",
        "Брошенная корзина",
        [
            node(
                "greet",
                "say",
                GREET_OUT + " Вы добавили товары в корзину на сайте, но не оформили заказ. Могу помочь?",
                next_="reason",
                required=True,
                title="Приветствие",
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
            node(
                "end_ok",
                "end",
                "Спасибо, {customer.first_name}! Заказ оформлен, SMS с номером придёт в течение минуты.",
                title="Прощание: заказ оформлен",
            ),
            node(
                "end_site",
                "end",
                "Отлично, ждём ваш заказ! Если будут вопросы — звоните.",
                title="Прощание: оформит на сайте",
            ),
            node("end_no", "end", "Спасибо за ответ! Хорошего дня.", title="Прощание: без заказа"),
        ],
        direction="outbound",
    )


def _registration() -> dict[str, Any]:
    return script(
        "SCR-WELCOME",
        "new_registration",
        "Приветствие нового клиента",
        [
            node(
                "greet",
                "say",
                GREET_OUT + " Спасибо за регистрацию! Звоню коротко рассказать о бонусах.",
                next_="can_talk",
                required=True,
                title="Приветствие",
            ),
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
            node(
                "callback",
                "question",
                "Когда вам удобнее, чтобы мы перезвонили?",
                next_="end_later",
                save_as="callback_time",
                action="schedule_callback",
                title="Перезвонить",
            ),
            node(
                "end_ok",
                "end",
                "Спасибо, {customer.first_name}! Будем рады вашему первому заказу.",
                title="Прощание: бонусы рассказаны",
            ),
            node("end_later", "end", "Хорошо, перезвоним. До свидания!", title="Прощание: перезвоним"),
        ],
        direction="outbound",
    )


SCRIPTS: list[dict[str, Any]] = [
    _inbound("SCR-INBOUND", "Приём заказа по телефону", None, kids=False),
    _inbound("SCR-INBOUND-KIDS", "Приём заказа — Детский Мир", [KIDS_STORE], kids=True),
    _confirmation(),
    _delivery_question(),
    _complaint(),
    _feedback("SCR-FEEDBACK", "Отзыв о доставке", None, garden=False),
    _feedback("SCR-FEEDBACK-GARDEN", "Отзыв о доставке — Дом и Сад", [GARDEN_STORE], garden=True),
    _abandoned_cart(),
    _registration(),
]
