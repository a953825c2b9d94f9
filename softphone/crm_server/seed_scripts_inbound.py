"""Seeded scripts for calls coming in: a new order (and the children's shop's own), a delivery question,
a complaint or return."""

from __future__ import annotations

from typing import Any

from softphone.crm_server.seed_script_parts import GREET_IN, end, greeting, node, script


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


def inbound(script_id: str, title: str, store_ids: list[str] | None, kids: bool) -> dict[str, Any]:
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
            greeting(GREET_IN, "known"),
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
            end(
                "end_ok",
                "Спасибо за заказ, {customer.first_name}! SMS с номером заказа придёт в течение минуты. "
                "Хорошего дня!",
                title="Прощание: заказ оформлен",
            ),
            end(
                "end_lost",
                "Жаль, что сегодня не смогли помочь. Будем рады вашему звонку, до свидания!",
                title="Прощание: без заказа",
            ),
        ],
        direction="inbound",
        store_ids=store_ids,
    )


def delivery_question() -> dict[str, Any]:
    return script(
        "SCR-DELIVERY",
        "delivery_question",
        "Вопрос о доставке",
        [
            greeting(
                "Магазин «{store.name}», {operator.name}, здравствуйте! Вижу ваш заказ № {order.number}.",
                "topic",
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
            end(
                "end",
                "Спасибо за звонок, {customer.first_name}! Хорошего дня.",
                required=True,
                title="Прощание",
            ),
        ],
        direction="inbound",
    )


def complaint() -> dict[str, Any]:
    return script(
        "SCR-COMPLAINT",
        "complaint",
        "Жалоба или возврат",
        [
            greeting(
                "{customer.polite_name}, меня зовут {operator.name}. Мне очень жаль, что так получилось. "
                "Расскажите, пожалуйста, что случилось.",
                "what",
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
            end(
                "end",
                "Спасибо, что сообщили, {customer.first_name}. Мы всё исправим, номер обращения придёт "
                "в SMS.",
                required=True,
                title="Прощание",
            ),
        ],
        direction=None,
    )
