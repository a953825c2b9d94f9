<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>⚠ The local database is read-only: edits and call history cannot be saved</source>
        <translation>⚠ Локальная база доступна только для чтения: изменения и журнал звонков не сохраняются</translation>
    </message>
    <message>
        <source>The softphone cannot write its local database, so your changes, the call history and the CRM sync cannot be saved. Calls still work. Ask IT to make the file and its folder writable for you, then restart the softphone.</source>
        <translation>Софтфон не может записывать в свою локальную базу, поэтому ваши изменения, журнал звонков и синхронизация с CRM не сохраняются. Звонки работают. Попросите ИТ-службу дать вам право записи в файл и его папку, затем перезапустите софтфон.</translation>
    </message>
</context>
<context>
    <name>AgentBar</name>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>After-call work</source>
        <translation>Обработка вызова</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>Wrap up the call first: the CRM requires it</source>
        <translation>Сначала завершите обработку звонка: этого требует CRM</translation>
    </message>
    <message>
        <source>The state follows the call until it ends</source>
        <translation>Пока идёт звонок, статус меняется только вместе с ним</translation>
    </message>
    <message>
        <source>Choose a reason for not being ready</source>
        <translation>Выберите причину неготовности</translation>
    </message>
    <message>
        <source>The CRM does not know this reason</source>
        <translation>CRM не знает такой причины</translation>
    </message>
    <message>
        <source>Not ready: %1</source>
        <translation>Не готов: %1</translation>
    </message>
    <message>
        <source>Back to Ready in %1</source>
        <translation>Готов через %1</translation>
    </message>
</context>
<context>
    <name>AgentPage</name>
    <message>
        <source>Calls while not ready</source>
        <translation>Звонки в статусе «Не готов»</translation>
    </message>
    <message>
        <source>Refuse with 486 Busy Here</source>
        <translation>Отклонять (486 Busy Here)</translation>
    </message>
    <message>
        <source>Turn on Do not disturb</source>
        <translation>Включать «Не беспокоить»</translation>
    </message>
    <message>
        <source>Also on a break; Ready takes calls again.</source>
        <translation>Так же на перерыве; в статусе «Готов» звонки снова принимаются.</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Работа</translation>
    </message>
</context>
<context>
    <name>AudioController</name>
    <message>
        <source>%1 not found: the system default is used</source>
        <translation>%1 не найдено: используется устройство по умолчанию</translation>
    </message>
    <message>
        <source>No sound system: calls have no sound</source>
        <translation>Нет звуковой системы: звонки без звука</translation>
    </message>
    <message>
        <source>Sound device failed (%1)</source>
        <translation>Сбой звукового устройства (%1)</translation>
    </message>
</context>
<context>
    <name>AudioPage</name>
    <message>
        <source>System default</source>
        <translation>Системное по умолчанию</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (не подключено)</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <source>Speaker or headset</source>
        <translation>Динамики или гарнитура</translation>
    </message>
    <message>
        <source>Ringtone plays on</source>
        <translation>Звонок звучит на</translation>
    </message>
    <message>
        <source>Switch to a headset when it is plugged in</source>
        <translation>Переключаться на гарнитуру при подключении</translation>
    </message>
    <message>
        <source>Calls move to a newly connected device at once, and back when it is unplugged.</source>
        <translation>Звук звонка сразу переходит на новое устройство и возвращается, когда его отключают.</translation>
    </message>
    <message>
        <source>Call volume, %</source>
        <translation>Громкость разговора, %</translation>
    </message>
    <message>
        <source>Microphone volume, %</source>
        <translation>Громкость микрофона, %</translation>
    </message>
    <message>
        <source>Cancel echo (without a headset)</source>
        <translation>Подавлять эхо (без гарнитуры)</translation>
    </message>
    <message>
        <source>Removes the other party&apos;s voice that the microphone picks up from the speakers.</source>
        <translation>Убирает голос собеседника, который микрофон слышит из динамиков.</translation>
    </message>
    <message>
        <source>Suppress background noise</source>
        <translation>Подавлять фоновый шум</translation>
    </message>
    <message>
        <source>Each uses a few percent of one processor core during a call.</source>
        <translation>Каждая функция занимает во время звонка несколько процентов одного ядра процессора.</translation>
    </message>
    <message>
        <source>Play a test sound</source>
        <translation>Проверить звук</translation>
    </message>
    <message>
        <source>Test the microphone</source>
        <translation>Проверить микрофон</translation>
    </message>
    <message>
        <source>Records you for a few seconds, then plays it back on the chosen speaker.</source>
        <translation>Записывает вас несколько секунд и воспроизводит запись на выбранных динамиках.</translation>
    </message>
    <message>
        <source>No sound system: calls have no sound on this computer.</source>
        <translation>Нет звуковой системы: на этом компьютере звонки будут без звука.</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Звук</translation>
    </message>
    <message>
        <source>Playing…</source>
        <translation>Воспроизведение…</translation>
    </message>
    <message>
        <source>Speak now: recording a few seconds…</source>
        <translation>Говорите: идёт запись нескольких секунд…</translation>
    </message>
    <message>
        <source>The device did not work: %1</source>
        <translation>Устройство не сработало: %1</translation>
    </message>
</context>
<context>
    <name>CallActions</name>
    <message>
        <source>No incoming call to answer</source>
        <translation>Нет входящего вызова для ответа</translation>
    </message>
    <message>
        <source>Swap needs two connected lines</source>
        <translation>Для переключения нужны две соединённые линии</translation>
    </message>
    <message>
        <source>No connected call to transfer</source>
        <translation>Нет соединённого вызова для перевода</translation>
    </message>
</context>
<context>
    <name>CallHistoryView</name>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Качество</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Запись</translation>
    </message>
    <message>
        <source>Double-click a call to call back</source>
        <translation>Двойной щелчок по вызову — перезвонить</translation>
    </message>
    <message>
        <source>Listen and rate…</source>
        <translation>Прослушать и оценить…</translation>
    </message>
    <message>
        <source>Call history is unavailable: %1</source>
        <translation>История вызовов недоступна: %1</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Входящий</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Исходящий</translation>
    </message>
    <message>
        <source>Recorded: listen and rate</source>
        <translation>Записан: прослушать и оценить</translation>
    </message>
    <message>
        <source>This call was not recorded</source>
        <translation>Этот звонок не записывался</translation>
    </message>
    <message>
        <source>The recording was deleted when its retention period ended</source>
        <translation>Запись удалена: истёк срок её хранения</translation>
    </message>
    <message>
        <source>The call is not logged for a customer (unknown caller, or not wrapped up yet)</source>
        <translation>Звонок не записан в историю клиента (неизвестный абонент или обработка звонка ещё не завершена)</translation>
    </message>
    <message>
        <source>Select a call first</source>
        <translation>Сначала выберите звонок</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Перезвонить</translation>
    </message>
</context>
<context>
    <name>CallLineWidget</name>
    <message>
        <source>Calling…</source>
        <translation>Вызов…</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>Звонит…</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий вызов</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Соединение…</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>На удержании</translation>
    </message>
    <message>
        <source>Held by the other side</source>
        <translation>Удержание другой стороной</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Разговор</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Вызов завершён</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Занято</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Нет ответа</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Отклонён</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменён</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Пропущен</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Переведён</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Transferred (not confirmed by the other side)</source>
        <translation>Переведён (без подтверждения от другой стороны)</translation>
    </message>
    <message>
        <source>Transfer failed (%1)</source>
        <translation>Перевод не удался (%1)</translation>
    </message>
    <message>
        <source>Transfer: the target is ringing</source>
        <translation>Перевод: у адресата звонит</translation>
    </message>
    <message>
        <source>Transfer: in progress</source>
        <translation>Перевод: выполняется</translation>
    </message>
    <message>
        <source>The other side transferred the call</source>
        <translation>Другая сторона перевела вызов</translation>
    </message>
    <message>
        <source>Remote transfer refused</source>
        <translation>Перевод от другой стороны отклонён</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Удержать</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Выкл. микрофон</translation>
    </message>
    <message>
        <source>Keypad</source>
        <translation>Клавиатура</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Запись</translation>
    </message>
    <message>
        <source>This call is being recorded</source>
        <translation>Этот звонок записывается</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Входящий</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Исходящий</translation>
    </message>
    <message>
        <source>Shared number: choose the customer</source>
        <translation>Общий номер: выберите клиента</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Неизвестный абонент</translation>
    </message>
    <message>
        <source>Dialled: %1</source>
        <translation>Набран номер: %1</translation>
    </message>
    <message>
        <source>Consultation for a transfer</source>
        <translation>Консультация перед переводом</translation>
    </message>
    <message>
        <source>Muted</source>
        <translation>Микрофон выключен</translation>
    </message>
    <message>
        <source>Server said: %1</source>
        <translation>Ответ сервера: %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Продолжить</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Вкл. микрофон</translation>
    </message>
</context>
<context>
    <name>CallQuality</name>
    <message>
        <source>jitter %1 ms</source>
        <translation>джиттер %1 мс</translation>
    </message>
    <message>
        <source>loss %1 %</source>
        <translation>потери %1 %</translation>
    </message>
    <message>
        <source>RTT %1 ms</source>
        <translation>RTT %1 мс</translation>
    </message>
    <message>
        <source>MOS %1</source>
        <translation>MOS %1</translation>
    </message>
    <message>
        <source>Poor call quality: %1</source>
        <translation>Плохое качество связи: %1</translation>
    </message>
    <message>
        <source>Estimated call quality (MOS, 1 to 4.5) by the ITU-T G.107 E-model from the packet loss of the last seconds, the delay (half the round trip plus the jitter buffer: %1 ms) and the codec %2.</source>
        <translation>Оценка качества связи (MOS, от 1 до 4,5) по E-модели ITU-T G.107: по потерям пакетов за последние секунды, задержке (половина времени приёма-передачи плюс буфер джиттера: %1 мс) и кодеку %2.</translation>
    </message>
    <message>
        <source>Below %1 many people find a call hard to follow.</source>
        <translation>Ниже %1 многим собеседникам трудно разобрать речь.</translation>
    </message>
    <message>
        <source>Average MOS %1</source>
        <translation>Средний MOS %1</translation>
    </message>
</context>
<context>
    <name>CallsPanel</name>
    <message>
        <source>No active calls</source>
        <translation>Нет активных вызовов</translation>
    </message>
</context>
<context>
    <name>CrmLinkIndicator</name>
    <message>
        <source>Sync with the CRM now</source>
        <translation>Синхронизировать с CRM сейчас</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Войти…</translation>
    </message>
    <message>
        <source>Enter the CRM access token (saved in the system keyring)</source>
        <translation>Ввести токен доступа к CRM (сохраняется в системном хранилище паролей)</translation>
    </message>
    <message>
        <source>CRM: not connected</source>
        <translation>CRM: не подключена</translation>
    </message>
    <message>
        <source>CRM online</source>
        <translation>CRM на связи</translation>
    </message>
    <message>
        <source>CRM: first sync…</source>
        <translation>CRM: первая синхронизация…</translation>
    </message>
    <message>
        <source>CRM syncing…</source>
        <translation>CRM: синхронизация…</translation>
    </message>
    <message>
        <source>CRM refused the access token</source>
        <translation>CRM отклонила токен доступа</translation>
    </message>
    <message>
        <source>CRM: no access token saved</source>
        <translation>CRM: токен доступа не сохранён</translation>
    </message>
    <message>
        <source>CRM not answering</source>
        <translation>CRM не отвечает</translation>
    </message>
    <message>
        <source>%1 unreadable CRM records</source>
        <translation>нечитаемых записей CRM: %1</translation>
    </message>
    <message>
        <source>No access token for the CRM is saved on this computer. Click &quot;Sign in…&quot; and paste the token, or ask IT to run: softphone --store-crm-token</source>
        <translation>На этом компьютере не сохранён токен доступа к CRM. Нажмите «Войти…» и вставьте токен или попросите ИТ-отдел выполнить: softphone --store-crm-token</translation>
    </message>
    <message>
        <source>The CRM accepts connections but does not answer. Your changes are kept and sent when it answers again.</source>
        <translation>CRM принимает соединения, но не отвечает. Ваши изменения сохранены и будут отправлены, когда она снова ответит.</translation>
    </message>
    <message>
        <source>The CRM refused the saved access token. Click &quot;Sign in…&quot; and paste a valid token, or ask IT to run: softphone --store-crm-token</source>
        <translation>CRM отклонила сохранённый токен доступа. Нажмите «Войти…» и вставьте действующий токен или попросите ИТ-отдел выполнить: softphone --store-crm-token</translation>
    </message>
    <message>
        <source>CRM offline</source>
        <translation>CRM нет связи</translation>
    </message>
    <message>
        <source>synced %1</source>
        <translation>синхр. %1</translation>
    </message>
    <message>
        <source>%1 pending</source>
        <translation>к отправке: %1</translation>
    </message>
    <message>
        <source>%1 conflicts</source>
        <translation>конфликтов: %1</translation>
    </message>
    <message>
        <source>%1 rejected</source>
        <translation>отклонено: %1</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Разобрать…</translation>
    </message>
</context>
<context>
    <name>CrmPage</name>
    <message>
        <source>Takes effect after a restart.</source>
        <translation>Вступает в силу после перезапуска.</translation>
    </message>
    <message>
        <source>CRM address</source>
        <translation>Адрес CRM</translation>
    </message>
    <message>
        <source>Empty: the built-in CRM on this computer.</source>
        <translation>Пусто — встроенная CRM на этом компьютере.</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>Файл сертификата УЦ</translation>
    </message>
    <message>
        <source>Empty: the system&apos;s certificates.</source>
        <translation>Пусто — системные сертификаты.</translation>
    </message>
    <message>
        <source>Sync every (seconds)</source>
        <translation>Синхронизировать каждые (секунды)</translation>
    </message>
    <message>
        <source>Request timeout (seconds)</source>
        <translation>Тайм-аут запроса (секунды)</translation>
    </message>
    <message>
        <source>When the CRM refuses the token, check again every (seconds)</source>
        <translation>Если CRM отклоняет токен, проверять снова каждые (секунд)</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
</context>
<context>
    <name>CrmTokenPrompt</name>
    <message>
        <source>Sign in to the CRM</source>
        <translation>Вход в CRM</translation>
    </message>
    <message>
        <source>Access token for {0}
(it is saved in the system keyring; IT can also set it with softphone --store-crm-token):</source>
        <translation>Токен доступа для {0}
(сохраняется в системном хранилище паролей; ИТ-отдел может задать его командой softphone --store-crm-token):</translation>
    </message>
</context>
<context>
    <name>CustomerCardView</name>
    <message>
        <source>This is the caller</source>
        <translation>Это звонящий</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>New order…</source>
        <translation>Новый заказ…</translation>
    </message>
    <message>
        <source>Start a new order for this customer (the Order page, F4)</source>
        <translation>Начать новый заказ для этого клиента (страница «Заказ», F4)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Ask the CRM for the full phone numbers, e-mail and addresses</source>
        <translation>Запросить у CRM полные телефоны, e-mail и адреса</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Double-click or Enter opens the order in the editor</source>
        <translation>Двойной щелчок или Enter открывает заказ в редакторе</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Your changes are saved here and wait for the CRM.</source>
        <translation>Ваши изменения сохранены здесь и ждут отправки в CRM.</translation>
    </message>
    <message>
        <source>Orders (%1)</source>
        <translation>Заказы (%1)</translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation>История (%1)</translation>
    </message>
    <message>
        <source>ext.</source>
        <translation>доб.</translation>
    </message>
    <message>
        <source>Call this number (%1)</source>
        <translation>Позвонить на этот номер (%1)</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>ещё %1</translation>
    </message>
    <message>
        <source>no phone</source>
        <translation>нет телефона</translation>
    </message>
</context>
<context>
    <name>CustomerChooser</name>
    <message>
        <source>This is the caller</source>
        <translation>Это звонящий</translation>
    </message>
    <message>
        <source>Someone else: new customer…</source>
        <translation>Другой человек: новый клиент…</translation>
    </message>
    <message>
        <source>%1 customers have the number %2. Who is calling?</source>
        <translation>Номер %2 есть у нескольких клиентов (%1). Кто звонит?</translation>
    </message>
    <message>
        <source>Order %1: %2, %3</source>
        <translation>Заказ %1: %2, %3</translation>
    </message>
    <message>
        <source>No orders</source>
        <translation>Заказов нет</translation>
    </message>
</context>
<context>
    <name>CustomerFormView</name>
    <message>
        <source>Last name, first name, patronymic</source>
        <translation>Фамилия, имя, отчество</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ФИО</translation>
    </message>
    <message>
        <source>Add a phone</source>
        <translation>Добавить телефон</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Улица</translation>
    </message>
    <message>
        <source>House</source>
        <translation>Дом</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Кв.</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Индекс</translation>
    </message>
    <message>
        <source>Comment for the courier</source>
        <translation>Комментарий для курьера</translation>
    </message>
    <message>
        <source>Tags, separated by commas: VIP, wholesale…</source>
        <translation>Метки через запятую: VIP, опт…</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Новый клиент</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>обязательно</translation>
    </message>
    <message>
        <source>is not a phone number</source>
        <translation>это не номер телефона</translation>
    </message>
    <message>
        <source>is not an e-mail address</source>
        <translation>это не адрес e-mail</translation>
    </message>
    <message>
        <source>postcode must be 6 digits</source>
        <translation>индекс — 6 цифр</translation>
    </message>
    <message>
        <source>is too long</source>
        <translation>слишком длинно</translation>
    </message>
    <message>
        <source>too many entries</source>
        <translation>слишком много записей</translation>
    </message>
    <message>
        <source>is not accepted</source>
        <translation>не принято</translation>
    </message>
</context>
<context>
    <name>CustomerSearch</name>
    <message>
        <source>Customer: phone, name, e-mail, order (Ctrl+F)</source>
        <translation>Клиент: телефон, имя, e-mail, заказ (Ctrl+F)</translation>
    </message>
    <message>
        <source>No customer found</source>
        <translation>Клиент не найден</translation>
    </message>
    <message>
        <source>order %1</source>
        <translation>заказ %1</translation>
    </message>
</context>
<context>
    <name>CustomerWorkspace</name>
    <message>
        <source>New customer…</source>
        <translation>Новый клиент…</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Новый клиент</translation>
    </message>
    <message>
        <source>Looking up %1…</source>
        <translation>Ищем %1…</translation>
    </message>
    <message>
        <source>The CRM cannot be reached: the card shows the saved data.</source>
        <translation>CRM недоступна: карточка показывает сохранённые данные.</translation>
    </message>
    <message>
        <source>Unknown caller %1</source>
        <translation>Неизвестный номер %1</translation>
    </message>
    <message>
        <source>Unknown number %1: a new customer</source>
        <translation>Неизвестный номер %1: новый клиент</translation>
    </message>
    <message>
        <source>No call. Find a customer with Ctrl+F, or create one.</source>
        <translation>Звонка нет. Найдите клиента (Ctrl+F) или создайте нового.</translation>
    </message>
    <message>
        <source>This customer is no longer in the local store</source>
        <translation>Этого клиента больше нет в локальной базе</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Изменить: %1</translation>
    </message>
    <message>
        <source>Saved; the CRM gets it as soon as it is reachable</source>
        <translation>Сохранено; в CRM уйдёт, как только она будет доступна</translation>
    </message>
    <message>
        <source>Opening the card…</source>
        <translation>Открываем карточку…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message>
        <source>Not saved: the local store cannot be written</source>
        <translation>Не сохранено: локальная база недоступна для записи</translation>
    </message>
    <message>
        <source>The CRM did not give the full data; try again when it is reachable</source>
        <translation>CRM не выдала полные данные; попробуйте, когда она будет доступна</translation>
    </message>
    <message>
        <source>The unsaved form is kept: %1 goes back to it</source>
        <translation>Несохранённая форма отложена: %1 вернёт к ней</translation>
    </message>
    <message>
        <source>editing %1</source>
        <translation>правка: %1</translation>
    </message>
    <message>
        <source>new customer «%1»</source>
        <translation>новый клиент «%1»</translation>
    </message>
    <message>
        <source>new customer</source>
        <translation>новый клиент</translation>
    </message>
    <message>
        <source>No unsaved work to go back to</source>
        <translation>Нет несохранённой работы, к которой можно вернуться</translation>
    </message>
    <message>
        <source>Your unsaved work is kept: “%1” above the card, or %2</source>
        <translation>Несохранённая работа не потеряна: «%1» над карточкой или %2</translation>
    </message>
</context>
<context>
    <name>DeliveryView</name>
    <message>
        <source>City, street, house, flat</source>
        <translation>Город, улица, дом, квартира</translation>
    </message>
    <message>
        <source>&amp;Delivery</source>
        <translation>&amp;Доставка</translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation>С&amp;пособ</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Адрес</translation>
    </message>
    <message>
        <source>D&amp;ate</source>
        <translation>Д&amp;ата</translation>
    </message>
    <message>
        <source>S&amp;lot</source>
        <translation>&amp;Интервал</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Стоимость</translation>
    </message>
    <message>
        <source>&amp;Payment</source>
        <translation>&amp;Оплата</translation>
    </message>
    <message>
        <source>No delivery</source>
        <translation>Без доставки</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выберите…</translation>
    </message>
    <message>
        <source>Asking the CRM for delivery slots…</source>
        <translation>Запрашиваем у CRM интервалы доставки…</translation>
    </message>
    <message>
        <source>The CRM offers no delivery slots for this service and address.</source>
        <translation>CRM не предлагает интервалов доставки для этой службы и адреса.</translation>
    </message>
    <message>
        <source>No free slots on this date; try another day.</source>
        <translation>На эту дату свободных интервалов нет; выберите другой день.</translation>
    </message>
    <message>
        <source>The CRM is not reachable, so its slots cannot be shown (%1). The order can be saved without a slot and sent when the CRM is back.</source>
        <translation>CRM недоступна, интервалы доставки показать нельзя (%1). Заказ можно сохранить без интервала — он уйдёт в CRM, когда она снова будет доступна.</translation>
    </message>
    <message>
        <source>No slot</source>
        <translation>Без интервала</translation>
    </message>
</context>
<context>
    <name>DialerWidget</name>
    <message>
        <source>Number or extension</source>
        <translation>Введите номер</translation>
    </message>
    <message>
        <source>Paste a number in any format; press Return to call</source>
        <translation>Вставьте номер в любом формате; Enter — позвонить</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Redial</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Redial the last number</source>
        <translation>Повторить последний номер</translation>
    </message>
    <message>
        <source>Redial %1</source>
        <translation>Повторить %1</translation>
    </message>
    <message>
        <source>Extension %1</source>
        <translation>Внутренний номер %1</translation>
    </message>
    <message>
        <source>SIP address %1</source>
        <translation>SIP-адрес %1</translation>
    </message>
    <message>
        <source>Only digits, spaces, + ( ) - are allowed in a phone number</source>
        <translation>В номере допустимы только цифры, пробелы и + ( ) -</translation>
    </message>
    <message>
        <source>The number is too long</source>
        <translation>Слишком длинный номер</translation>
    </message>
    <message>
        <source>Not a valid phone number</source>
        <translation>Такого номера не существует</translation>
    </message>
</context>
<context>
    <name>DraftBar</name>
    <message>
        <source>Not saved:</source>
        <translation>Не сохранено:</translation>
    </message>
    <message>
        <source>Back to %1 (unsaved)</source>
        <translation>Вернуться: %1 (не сохранено)</translation>
    </message>
</context>
<context>
    <name>HeadsetIndicator</name>
    <message>
        <source>Headset: %1</source>
        <translation>Гарнитура: %1</translation>
    </message>
    <message>
        <source>call button answers and hangs up</source>
        <translation>кнопка вызова отвечает и завершает звонок</translation>
    </message>
    <message>
        <source>mute button mutes the microphone</source>
        <translation>кнопка отключения звука выключает микрофон</translation>
    </message>
    <message>
        <source>flash holds and swaps lines</source>
        <translation>кнопка Flash ставит на удержание и переключает линии</translation>
    </message>
    <message>
        <source>redial calls the last number again</source>
        <translation>повтор набирает последний номер</translation>
    </message>
    <message>
        <source>Calls are controlled from the headset %1.</source>
        <translation>Звонками можно управлять с гарнитуры %1.</translation>
    </message>
</context>
<context>
    <name>HeadsetPage</name>
    <message>
        <source>Control calls with the headset&apos;s buttons</source>
        <translation>Управлять звонками кнопками гарнитуры</translation>
    </message>
    <message>
        <source>Jabra, Poly, EPOS and other USB headsets with call buttons: answer, hang up, mute and hold from the headset; its lights show ringing, the call, mute and hold.</source>
        <translation>USB-гарнитуры Jabra, Poly, EPOS и другие с кнопками вызова: ответ, завершение, отключение микрофона и удержание с гарнитуры; её индикаторы показывают вызов, разговор, отключённый микрофон и удержание.</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Гарнитура</translation>
    </message>
</context>
<context>
    <name>HitsModel</name>
    <message>
        <source>Product</source>
        <translation>Товар</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>Наличие</translation>
    </message>
    <message>
        <source>no stock</source>
        <translation>нет на складах</translation>
    </message>
    <message>
        <source>no supplier</source>
        <translation>нет у поставщика</translation>
    </message>
    <message>
        <source>%1 d.</source>
        <translation>%1 дн.</translation>
    </message>
    <message>
        <source>%1: unavailable</source>
        <translation>%1: нет в наличии</translation>
    </message>
    <message>
        <source>%1: %2 d.</source>
        <translation>%1: %2 дн.</translation>
    </message>
</context>
<context>
    <name>InterfacePage</name>
    <message>
        <source>Takes effect after a restart.</source>
        <translation>Вступает в силу после перезапуска.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>Default country</source>
        <translation>Страна по умолчанию</translation>
    </message>
    <message>
        <source>Two-letter code for numbers dialled without +country code.</source>
        <translation>Двухбуквенный код для номеров, набранных без +кода страны.</translation>
    </message>
    <message>
        <source>Ring for incoming calls</source>
        <translation>Звонок при входящих вызовах</translation>
    </message>
    <message>
        <source>Notify about incoming calls in the tray</source>
        <translation>Уведомлять о входящих звонках в системном лотке</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>Интерфейс</translation>
    </message>
</context>
<context>
    <name>KpiStrip</name>
    <message>
        <source>Calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <source>Calls handled today</source>
        <translation>Обработано звонков сегодня</translation>
    </message>
    <message>
        <source>AHT</source>
        <translation>Ср. время</translation>
    </message>
    <message>
        <source>Average handle time: talk, hold and after-call work</source>
        <translation>Среднее время обслуживания: разговор, удержание и обработка</translation>
    </message>
    <message>
        <source>ACW</source>
        <translation>Обработка</translation>
    </message>
    <message>
        <source>Average after-call work time</source>
        <translation>Среднее время обработки после звонка</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>Конверсия</translation>
    </message>
    <message>
        <source>Calls with an order created or confirmed, per call</source>
        <translation>Доля звонков, на которых заказ создан или подтверждён</translation>
    </message>
    <message>
        <source>FCR</source>
        <translation>FCR</translation>
    </message>
    <message>
        <source>First-contact resolution: customers with one call today whose question was resolved</source>
        <translation>Решение с первого обращения: клиенты с одним звонком за сегодня, чей вопрос решён</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <source>Microphone level</source>
        <translation>Уровень микрофона</translation>
    </message>
</context>
<context>
    <name>LinesView</name>
    <message>
        <source>Product</source>
        <translation>Товар</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Кол-во</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>Sum</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Softphone</source>
        <translation>Софтфон</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <source>Reject incoming calls</source>
        <translation>Отклонять входящие вызовы</translation>
    </message>
    <message>
        <source>SIP account…</source>
        <translation>Учётная запись SIP…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <source>Received DTMF %1</source>
        <translation>Получен DTMF %1</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий вызов</translation>
    </message>
    <message>
        <source>SIP error: %1</source>
        <translation>Ошибка SIP: %1</translation>
    </message>
    <message>
        <source>The other side transferred the call to %1</source>
        <translation>Другая сторона перевела вызов на %1</translation>
    </message>
    <message>
        <source>Remote transfer refused: the other side asked to call %1</source>
        <translation>Перевод отклонён: другая сторона просила позвонить на %1</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Скрипт</translation>
    </message>
    <message>
        <source>⚠ No system keyring: passwords are kept for this session only</source>
        <translation>⚠ Нет системного хранилища паролей: пароли хранятся только до выхода из программы</translation>
    </message>
    <message>
        <source>No system keyring is available (on Linux: GNOME Keyring or KWallet). The SIP password and the CRM token cannot be saved, so you will be asked for them after every start. Ask IT to set up a keyring.</source>
        <translation>Системное хранилище паролей недоступно (в Linux: GNOME Keyring или KWallet). SIP-пароль и токен CRM нельзя сохранить, поэтому они будут запрашиваться при каждом запуске. Попросите ИТ-отдел настроить хранилище.</translation>
    </message>
    <message>
        <source>Cannot call %1</source>
        <translation>Нельзя позвонить на %1</translation>
    </message>
    <message>
        <source>Do not disturb is on: incoming calls are rejected</source>
        <translation>Режим «Не беспокоить» включён: входящие вызовы отклоняются</translation>
    </message>
    <message>
        <source>Do not disturb is off</source>
        <translation>Режим «Не беспокоить» выключен</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>Последние вызовы</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>Dialer</source>
        <translation>Набор номера</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Вызовы</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>The customer of the call (F4: the order)</source>
        <translation>Клиент звонка (F4 — заказ)</translation>
    </message>
    <message>
        <source>The call&apos;s script appears here.</source>
        <translation>Здесь появится скрипт разговора.</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>The order being edited (F4: the customer)</source>
        <translation>Редактируемый заказ (F4 — клиент)</translation>
    </message>
    <message>
        <source>Tasks (%1)</source>
        <translation>Задачи (%1)</translation>
    </message>
    <message>
        <source>Outbound calls to make</source>
        <translation>Исходящие звонки, которые нужно сделать</translation>
    </message>
    <message>
        <source>The task&apos;s customer has not reached this computer yet</source>
        <translation>Клиент задачи ещё не загружен из CRM на этот компьютер</translation>
    </message>
    <message>
        <source>Put the call&apos;s customer on the card first</source>
        <translation>Сначала выберите клиента звонка в карточке</translation>
    </message>
</context>
<context>
    <name>NetworkMediaPage</name>
    <message>
        <source>Takes effect after a restart.</source>
        <translation>Вступает в силу после перезапуска.</translation>
    </message>
    <message>
        <source>Outbound proxy</source>
        <translation>Исходящий прокси</translation>
    </message>
    <message>
        <source>Local SIP port</source>
        <translation>Локальный порт SIP</translation>
    </message>
    <message>
        <source>0: any free port.</source>
        <translation>0 — любой свободный порт.</translation>
    </message>
    <message>
        <source>Accept calls only from the server and the proxy</source>
        <translation>Принимать вызовы только от сервера и прокси</translation>
    </message>
    <message>
        <source>Others calling this computer directly are refused (their caller ID may be forged).</source>
        <translation>Прямые вызовы на этот компьютер от других отклоняются (их номер может быть подделан).</translation>
    </message>
    <message>
        <source>Numbers the other party may transfer calls to</source>
        <translation>Номера, на которые другая сторона может переводить вызовы</translation>
    </message>
    <message>
        <source>A regular expression the whole number must match, e.g. 1[0-9]{3}. Empty: transfers requested by the other party are refused.</source>
        <translation>Регулярное выражение, которому должен соответствовать весь номер, например 1[0-9]{3}. Пусто: переводы по запросу другой стороны отклоняются.</translation>
    </message>
    <message>
        <source>STUN servers</source>
        <translation>Серверы STUN</translation>
    </message>
    <message>
        <source>host:port, separated by commas.</source>
        <translation>хост:порт, через запятую.</translation>
    </message>
    <message>
        <source>Use ICE for media</source>
        <translation>Использовать ICE для медиа</translation>
    </message>
    <message>
        <source>Media encryption (SRTP)</source>
        <translation>Шифрование медиа (SRTP)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Выключено</translation>
    </message>
    <message>
        <source>When the other side supports it</source>
        <translation>Если другая сторона поддерживает</translation>
    </message>
    <message>
        <source>Always (calls fail without it)</source>
        <translation>Всегда (без него звонки не проходят)</translation>
    </message>
    <message>
        <source>Verify the server&apos;s TLS certificate</source>
        <translation>Проверять TLS-сертификат сервера</translation>
    </message>
    <message>
        <source>TLS CA certificate file</source>
        <translation>Файл сертификата УЦ для TLS</translation>
    </message>
    <message>
        <source>Empty: the system&apos;s certificates.</source>
        <translation>Пусто — системные сертификаты.</translation>
    </message>
    <message>
        <source>Send keypad tones (DTMF) as</source>
        <translation>Передавать тоновые сигналы (DTMF) как</translation>
    </message>
    <message>
        <source>RTP events (RFC 2833)</source>
        <translation>События RTP (RFC 2833)</translation>
    </message>
    <message>
        <source>Re-register when the network changes</source>
        <translation>Перерегистрироваться при смене сети</translation>
    </message>
    <message>
        <source>SIP log detail (0-6)</source>
        <translation>Подробность журнала SIP (0–6)</translation>
    </message>
    <message>
        <source>Network and media</source>
        <translation>Сеть и медиа</translation>
    </message>
</context>
<context>
    <name>OrderConflictDialog</name>
    <message>
        <source>Order %1 was changed in the CRM</source>
        <translation>Заказ %1 изменён в CRM</translation>
    </message>
    <message>
        <source>While your change was on its way, the order was changed in the CRM (now version %1). Compare and choose which to keep.</source>
        <translation>Пока ваше изменение отправлялось, заказ изменили в CRM (теперь версия %1). Сравните и выберите, что оставить.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Ваше</translation>
    </message>
    <message>
        <source>In the CRM</source>
        <translation>В CRM</translation>
    </message>
    <message>
        <source>Keep &amp;mine (send again)</source>
        <translation>Оставить &amp;моё (отправить снова)</translation>
    </message>
    <message>
        <source>Take the &amp;CRM&apos;s</source>
        <translation>Принять версию &amp;CRM</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>Решить позже</translation>
    </message>
</context>
<context>
    <name>OrderEditorPanel</name>
    <message>
        <source>&amp;Save order</source>
        <translation>&amp;Сохранить заказ</translation>
    </message>
    <message>
        <source>Save the order; it goes to the CRM through the outbox</source>
        <translation>Сохранить заказ; он уйдёт в CRM через очередь отправки</translation>
    </message>
    <message>
        <source>Find a product (Ctrl+P); Enter adds it, Down goes to the list</source>
        <translation>Найти товар (Ctrl+P); Enter добавляет его, стрелка вниз — к списку</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>&amp;Эскалировать…</translation>
    </message>
    <message>
        <source>D&amp;iscount</source>
        <translation>С&amp;кидка</translation>
    </message>
    <message>
        <source>C&amp;omment</source>
        <translation>&amp;Комментарий</translation>
    </message>
    <message>
        <source>The statuses the CRM allows from this one</source>
        <translation>Статусы, в которые CRM разрешает перевести заказ</translation>
    </message>
    <message>
        <source>Change s&amp;tatus</source>
        <translation>Сменить с&amp;татус</translation>
    </message>
    <message>
        <source>Why the customer cancels</source>
        <translation>Почему клиент отменяет заказ</translation>
    </message>
    <message>
        <source>Cancel o&amp;rder</source>
        <translation>Отменить &amp;заказ</translation>
    </message>
    <message>
        <source>Return / e&amp;xchange…</source>
        <translation>Возврат / о&amp;бмен…</translation>
    </message>
    <message>
        <source>The CRM does not allow an order that is %1 to become %2.</source>
        <translation>CRM не разрешает переводить заказ из статуса «%1» в статус «%2».</translation>
    </message>
    <message>
        <source>Say why the order is cancelled.</source>
        <translation>Укажите причину отмены заказа.</translation>
    </message>
    <message>
        <source>Compensation of %1 requested (above the operator&apos;s limit)</source>
        <translation>Запрошена компенсация %1 (больше лимита оператора)</translation>
    </message>
    <message>
        <source>Escalated to a supervisor.</source>
        <translation>Передано руководителю.</translation>
    </message>
    <message>
        <source>The CRM refused the change: %1</source>
        <translation>CRM отклонила изменение: %1</translation>
    </message>
    <message>
        <source>Open an order from the customer&apos;s card, or start a new one there.</source>
        <translation>Откройте заказ из карточки клиента или начните там новый.</translation>
    </message>
    <message>
        <source>That order is no longer in the local store.</source>
        <translation>Этого заказа больше нет в локальной базе.</translation>
    </message>
    <message>
        <source>Your compensation limit from the CRM: %1</source>
        <translation>Ваш лимит компенсации из CRM: %1</translation>
    </message>
    <message>
        <source>Your compensation limit is not known yet (the CRM checks it)</source>
        <translation>Ваш лимит компенсации пока неизвестен (CRM проверит его)</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>Новый заказ</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>(новый)</translation>
    </message>
    <message>
        <source>Order %1 — %2</source>
        <translation>Заказ %1 — %2</translation>
    </message>
    <message>
        <source>Items %1 + delivery %2 − discount %3 = &lt;b&gt;%4&lt;/b&gt;</source>
        <translation>Товары %1 + доставка %2 − скидка %3 = &lt;b&gt;%4&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Changed, not saved</source>
        <translation>Изменён, не сохранён</translation>
    </message>
    <message>
        <source>no CRM link</source>
        <translation>нет связи с CRM</translation>
    </message>
    <message>
        <source>A discount of %1 is above your compensation limit of %2. Ask a supervisor: use Escalate.</source>
        <translation>Скидка %1 больше вашего лимита компенсации %2. Обратитесь к руководителю: нажмите «Эскалировать».</translation>
    </message>
    <message>
        <source>The order is not valid: %1</source>
        <translation>Заказ заполнен неверно: %1</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>Ничего не изменилось.</translation>
    </message>
    <message>
        <source>Saved. It goes to the CRM as soon as it can.</source>
        <translation>Сохранено. Заказ уйдёт в CRM, как только это будет возможно.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
    <message>
        <source>Not saved: the local store failed (%1).</source>
        <translation>Не сохранено: ошибка локальной базы (%1).</translation>
    </message>
    <message>
        <source>The order could not be loaded (%1).</source>
        <translation>Не удалось загрузить заказ (%1).</translation>
    </message>
    <message>
        <source>new order</source>
        <translation>новый заказ</translation>
    </message>
    <message>
        <source>order %1</source>
        <translation>заказ %1</translation>
    </message>
</context>
<context>
    <name>Orders</name>
    <message>
        <source>In the CRM</source>
        <translation>В CRM</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Ждёт отправки</translation>
    </message>
    <message>
        <source>Conflict: changed in the CRM</source>
        <translation>Конфликт: изменён в CRM</translation>
    </message>
    <message>
        <source>Refused by the CRM</source>
        <translation>Отклонён CRM</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>Ещё не сохранён</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Товары</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Доставка</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Скидка</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Cancel reason</source>
        <translation>Причина отмены</translation>
    </message>
    <message>
        <source>Add at least one product.</source>
        <translation>Добавьте хотя бы один товар.</translation>
    </message>
    <message>
        <source>Choose how the customer pays.</source>
        <translation>Выберите способ оплаты.</translation>
    </message>
    <message>
        <source>Give the delivery address: city, street, house (and flat).</source>
        <translation>Укажите адрес доставки: город, улица, дом (и квартира).</translation>
    </message>
    <message>
        <source>The discount cannot exceed the items total.</source>
        <translation>Скидка не может быть больше суммы товаров.</translation>
    </message>
    <message>
        <source>The shop of this order is not known yet: wait for the CRM sync.</source>
        <translation>Магазин заказа пока неизвестен: дождитесь синхронизации с CRM.</translation>
    </message>
</context>
<context>
    <name>OrdersView</name>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Доставка</translation>
    </message>
    <message>
        <source>(new)</source>
        <translation>(новый)</translation>
    </message>
</context>
<context>
    <name>OutboxProblemsDialog</name>
    <message>
        <source>Changes needing attention</source>
        <translation>Изменения, требующие внимания</translation>
    </message>
    <message>
        <source>Keep my change</source>
        <translation>Оставить моё изменение</translation>
    </message>
    <message>
        <source>Take the CRM&apos;s version</source>
        <translation>Взять версию из CRM</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Отправить снова</translation>
    </message>
    <message>
        <source>Discard my change</source>
        <translation>Отменить моё изменение</translation>
    </message>
    <message>
        <source>Read everything from the CRM again</source>
        <translation>Заново загрузить всё из CRM</translation>
    </message>
    <message>
        <source>My change</source>
        <translation>Моё изменение</translation>
    </message>
    <message>
        <source>In the CRM now</source>
        <translation>Сейчас в CRM</translation>
    </message>
    <message>
        <source>Unreadable CRM record</source>
        <translation>Нечитаемая запись CRM</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Конфликт</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонено</translation>
    </message>
    <message>
        <source>Every change has reached the CRM.</source>
        <translation>Все изменения переданы в CRM.</translation>
    </message>
    <message>
        <source>The CRM sent this record in a form the app cannot read, so it was set aside and the rest was synced. It is tried again when everything is read from the CRM again. Problem: {0}</source>
        <translation>CRM прислала эту запись в виде, который приложение не может прочитать, поэтому она отложена, а остальное синхронизировано. Она будет загружена снова при повторной полной загрузке из CRM. Проблема: {0}</translation>
    </message>
    <message>
        <source>The CRM changed this record after you edited it. Choose which to keep.</source>
        <translation>Запись изменили в CRM после вашей правки. Выберите, что оставить.</translation>
    </message>
    <message>
        <source>The CRM refused this change: {0}</source>
        <translation>CRM отклонила изменение: {0}</translation>
    </message>
</context>
<context>
    <name>PasswordPrompt</name>
    <message>
        <source>The server refused the password for {0}. Enter the password again:</source>
        <translation>Сервер отклонил пароль для {0}. Введите пароль ещё раз:</translation>
    </message>
    <message>
        <source>Password for {0}:</source>
        <translation>Пароль для {0}:</translation>
    </message>
    <message>
        <source>SIP password</source>
        <translation>Пароль SIP</translation>
    </message>
</context>
<context>
    <name>ProductSearch</name>
    <message>
        <source>Find a product by name or SKU…</source>
        <translation>Найти товар по названию или артикулу…</translation>
    </message>
</context>
<context>
    <name>RecordingPage</name>
    <message>
        <source>Record calls</source>
        <translation>Записывать звонки</translation>
    </message>
    <message>
        <source>Both sides of a call are recorded while its shop allows it; the call line shows when a call is being recorded.</source>
        <translation>Записываются обе стороны разговора, если магазин звонка это разрешает; на карточке звонка видно, что идёт запись.</translation>
    </message>
    <message>
        <source>Keep recordings for (days)</source>
        <translation>Хранить записи (дней)</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Запись</translation>
    </message>
</context>
<context>
    <name>RegistrationIndicator</name>
    <message>
        <source>Registered</source>
        <translation>Зарегистрирован</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Регистрация…</translation>
    </message>
    <message>
        <source>Registration failed: %1</source>
        <translation>Ошибка регистрации: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>Server %1 not found</source>
        <translation>Сервер %1 не найден</translation>
    </message>
    <message>
        <source>Server %1 does not answer</source>
        <translation>Сервер %1 не отвечает</translation>
    </message>
    <message>
        <source>Cannot connect to %1</source>
        <translation>Нет соединения с %1</translation>
    </message>
    <message>
        <source>Wrong username or password</source>
        <translation>Неверное имя пользователя или пароль</translation>
    </message>
    <message>
        <source>The server refused this account</source>
        <translation>Сервер не принимает эту учётную запись</translation>
    </message>
    <message>
        <source>Unknown user or domain</source>
        <translation>Неизвестный пользователь или домен</translation>
    </message>
    <message>
        <source>Certificate of %1 is not trusted</source>
        <translation>Сертификат %1 не является доверенным</translation>
    </message>
    <message>
        <source>Network error while contacting %1</source>
        <translation>Ошибка сети при обращении к %1</translation>
    </message>
    <message>
        <source>Server %1 reports an error</source>
        <translation>Сервер %1 сообщает об ошибке</translation>
    </message>
    <message>
        <source>Account settings do not fit together</source>
        <translation>Настройки учётной записи противоречат друг другу</translation>
    </message>
    <message>
        <source>No SIP account configured</source>
        <translation>Учётная запись SIP не настроена</translation>
    </message>
    <message>
        <source>No SIP password saved</source>
        <translation>Пароль SIP не сохранён</translation>
    </message>
    <message>
        <source>the server</source>
        <translation>сервер</translation>
    </message>
    <message>
        <source>Direct calls on %1</source>
        <translation>Прямые вызовы на %1</translation>
    </message>
    <message>
        <source>No registrar: calls go straight to and from %1</source>
        <translation>Без сервера регистрации: вызовы идут напрямую на %1 и с него</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>Не зарегистрирован</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Подробности: %1</translation>
    </message>
    <message>
        <source>Retrying in %1 s</source>
        <translation>Повтор через %1 с</translation>
    </message>
</context>
<context>
    <name>ReturnsDialog</name>
    <message>
        <source>Return or exchange items</source>
        <translation>Возврат или обмен товаров</translation>
    </message>
    <message>
        <source> of %1</source>
        <translation> из %1</translation>
    </message>
    <message>
        <source>Why the customer returns them</source>
        <translation>Почему клиент возвращает товар</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Причина</translation>
    </message>
    <message>
        <source>&amp;Exchange: open a new order with these products</source>
        <translation>&amp;Обмен: открыть новый заказ с этими товарами</translation>
    </message>
    <message>
        <source>Choose how many items come back.</source>
        <translation>Укажите, сколько товаров возвращается.</translation>
    </message>
    <message>
        <source>Say why they come back.</source>
        <translation>Укажите причину возврата.</translation>
    </message>
</context>
<context>
    <name>ScriptPanel</name>
    <message>
        <source>Script</source>
        <translation>Скрипт</translation>
    </message>
    <message>
        <source>Another script for this call</source>
        <translation>Другой скрипт для этого звонка</translation>
    </message>
    <message>
        <source>The customer&apos;s answer</source>
        <translation>Ответ клиента</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Далее</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Назад</translation>
    </message>
    <message>
        <source>Answers: Alt+1…9, or 1…9 here (F8)</source>
        <translation>Ответы: Alt+1…9 или 1…9 здесь (F8)</translation>
    </message>
    <message>
        <source>No call. The call&apos;s script appears here as soon as it rings.</source>
        <translation>Звонка нет. Скрипт звонка появится здесь, как только он поступит.</translation>
    </message>
    <message>
        <source>No script for this call: the CRM has sent none that fits.</source>
        <translation>Для этого звонка нет скрипта: CRM не прислала подходящего.</translation>
    </message>
    <message>
        <source>Loading the script…</source>
        <translation>Загрузка скрипта…</translation>
    </message>
    <message>
        <source>Required steps: %1 of %2</source>
        <translation>Обязательные шаги: %1 из %2</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Шаг</translation>
    </message>
    <message>
        <source>required</source>
        <translation>обязательный</translation>
    </message>
    <message>
        <source>Before the call: the script starts when you call.</source>
        <translation>До звонка: скрипт начнётся, когда вы позвоните.</translation>
    </message>
    <message>
        <source>Call ended: the answers are saved with the call.</source>
        <translation>Звонок завершён: ответы сохранены вместе со звонком.</translation>
    </message>
    <message>
        <source>Call ended: no customer was identified, so the answers were not saved.</source>
        <translation>Звонок завершён: клиент не определён, поэтому ответы не сохранены.</translation>
    </message>
    <message>
        <source>New order (inbound)</source>
        <translation>Новый заказ (входящий)</translation>
    </message>
    <message>
        <source>Order confirmation</source>
        <translation>Подтверждение заказа</translation>
    </message>
    <message>
        <source>Delivery question</source>
        <translation>Вопрос о доставке</translation>
    </message>
    <message>
        <source>Complaint or return</source>
        <translation>Жалоба или возврат</translation>
    </message>
    <message>
        <source>Feedback after delivery</source>
        <translation>Отзыв после доставки</translation>
    </message>
    <message>
        <source>Abandoned cart</source>
        <translation>Брошенная корзина</translation>
    </message>
    <message>
        <source>New registration</source>
        <translation>Новая регистрация</translation>
    </message>
    <message>
        <source>customer&apos;s full name</source>
        <translation>ФИО клиента</translation>
    </message>
    <message>
        <source>customer&apos;s name</source>
        <translation>имя клиента</translation>
    </message>
    <message>
        <source>customer&apos;s name and patronymic</source>
        <translation>имя и отчество клиента</translation>
    </message>
    <message>
        <source>customer&apos;s phone</source>
        <translation>телефон клиента</translation>
    </message>
    <message>
        <source>order number</source>
        <translation>номер заказа</translation>
    </message>
    <message>
        <source>order total</source>
        <translation>сумма заказа</translation>
    </message>
    <message>
        <source>order items</source>
        <translation>состав заказа</translation>
    </message>
    <message>
        <source>order status</source>
        <translation>статус заказа</translation>
    </message>
    <message>
        <source>payment method</source>
        <translation>способ оплаты</translation>
    </message>
    <message>
        <source>delivery date</source>
        <translation>дата доставки</translation>
    </message>
    <message>
        <source>delivery time</source>
        <translation>время доставки</translation>
    </message>
    <message>
        <source>delivery address</source>
        <translation>адрес доставки</translation>
    </message>
    <message>
        <source>delivery method</source>
        <translation>способ доставки</translation>
    </message>
    <message>
        <source>shop name</source>
        <translation>название магазина</translation>
    </message>
    <message>
        <source>shop phone</source>
        <translation>телефон магазина</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>ваше имя</translation>
    </message>
    <message>
        <source>Caller not identified: the answers will not be saved.</source>
        <translation>Клиент не определён: ответы не сохранятся.</translation>
    </message>
    <message>
        <source>Shop not identified.</source>
        <translation>Магазин не определён.</translation>
    </message>
    <message>
        <source>Highlighted: no data for it.</source>
        <translation>Выделено то, чего нет в данных.</translation>
    </message>
    <message>
        <source>The customer has no orders.</source>
        <translation>У клиента нет заказов.</translation>
    </message>
    <message>
        <source>Open the order</source>
        <translation>Открыть заказ</translation>
    </message>
    <message>
        <source>Schedule a callback</source>
        <translation>Назначить перезвон</translation>
    </message>
    <message>
        <source>Escalate to the shift lead</source>
        <translation>Передать старшему смены</translation>
    </message>
    <message>
        <source>Comes with the order editor and after-call work (Operator workspace II).</source>
        <translation>Появится вместе с редактором заказов и постобработкой звонка («Рабочее место оператора II»).</translation>
    </message>
    <message>
        <source>from the CRM</source>
        <translation>из CRM</translation>
    </message>
    <message>
        <source>in the local store</source>
        <translation>в локальной базе</translation>
    </message>
    <message>
        <source>version %1 stays in use</source>
        <translation>используется версия %1</translation>
    </message>
    <message>
        <source>the script is not offered</source>
        <translation>скрипт недоступен</translation>
    </message>
    <message>
        <source>Script %1%2 %3 was refused: %4; %5.</source>
        <translation>Скрипт %1%2 %3 отклонён: %4; %5.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
</context>
<context>
    <name>SelfReviewDialog</name>
    <message>
        <source>Review of the call</source>
        <translation>Разбор звонка</translation>
    </message>
    <message>
        <source>Call of %1, talk time %2</source>
        <translation>Звонок %1, разговор %2</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Воспроизвести</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>Воспроизвести или приостановить (Пробел)</translation>
    </message>
    <message>
        <source>No recording of this call is kept on this computer.</source>
        <translation>Записи этого звонка на этом компьютере нет.</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>Пройден</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Пропущен</translation>
    </message>
    <message>
        <source>Your rating of the call</source>
        <translation>Ваша оценка звонка</translation>
    </message>
    <message>
        <source>1 = poor, 5 = excellent</source>
        <translation>1 — плохо, 5 — отлично</translation>
    </message>
    <message>
        <source>What went well, what to do differently next time</source>
        <translation>Что получилось, что сделать иначе в следующий раз</translation>
    </message>
    <message>
        <source>Script checklist</source>
        <translation>Чек-лист скрипта</translation>
    </message>
    <message>
        <source>Script checklist: %1</source>
        <translation>Чек-лист скрипта: %1</translation>
    </message>
    <message>
        <source>No script was used on this call.</source>
        <translation>На этом звонке скрипт не использовался.</translation>
    </message>
    <message>
        <source>%1 of %2 required steps visited</source>
        <translation>Пройдено обязательных шагов: %1 из %2</translation>
    </message>
    <message>
        <source>%1 more steps visited</source>
        <translation>других пройденных шагов: %1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
</context>
<context>
    <name>SettingChecks</name>
    <message>
        <source>Enter a host name or address only, e.g. pbx.example.com (no sip:, spaces or port).</source>
        <translation>Введите только имя хоста или адрес, например pbx.example.com (без sip:, пробелов и порта).</translation>
    </message>
    <message>
        <source>Enter the user part only, without spaces, @ or :.</source>
        <translation>Введите только имя пользователя, без пробелов, @ и :.</translation>
    </message>
    <message>
        <source>Each server is host or host:port, separated by commas.</source>
        <translation>Каждый сервер — хост или хост:порт, через запятую.</translation>
    </message>
    <message>
        <source>Enter a SIP URI starting with sip:, e.g. sip:proxy.example.com;lr.</source>
        <translation>Введите SIP URI, начинающийся с sip:, например sip:proxy.example.com;lr.</translation>
    </message>
    <message>
        <source>Enter a valid regular expression, e.g. 1[0-9]{3} for extensions 1000-1999.</source>
        <translation>Введите корректное регулярное выражение, например 1[0-9]{3} для номеров 1000-1999.</translation>
    </message>
    <message>
        <source>Enter an address starting with https://, e.g. https://crm.example.com/api.</source>
        <translation>Введите адрес, начинающийся с https://, например https://crm.example.com/api.</translation>
    </message>
    <message>
        <source>No such file.</source>
        <translation>Такого файла нет.</translation>
    </message>
    <message>
        <source>Enter a full path, e.g. /home/operator/softphone.sqlite3.</source>
        <translation>Введите полный путь, например /home/operator/softphone.sqlite3.</translation>
    </message>
    <message>
        <source>Enter a two-letter country code in capitals, e.g. RU.</source>
        <translation>Введите двухбуквенный код страны заглавными буквами, например RU.</translation>
    </message>
</context>
<context>
    <name>SettingField</name>
    <message>
        <source>Set by your administrator</source>
        <translation>Задано администратором</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Some values need fixing; see the marked fields.</source>
        <translation>Некоторые значения нужно исправить — см. отмеченные поля.</translation>
    </message>
    <message>
        <source>Cannot save the settings: {0}</source>
        <translation>Не удалось сохранить настройки: {0}</translation>
    </message>
</context>
<context>
    <name>SettingsErrorBox</name>
    <message>
        <source>File: %1</source>
        <translation>Файл: %1</translation>
    </message>
    <message>
        <source>Line: %1</source>
        <translation>Строка: %1</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <source>softphone cannot start</source>
        <translation>Софтфон не может запуститься</translation>
    </message>
    <message>
        <source>A settings file has an error. Fix it (or move it away to use the defaults) and start again.</source>
        <translation>В файле настроек ошибка. Исправьте его (или уберите, чтобы работать с настройками по умолчанию) и запустите программу снова.</translation>
    </message>
    <message>
        <source>Settings file %1 does not exist; using defaults. It will be created when you save settings.</source>
        <translation>Файл настроек %1 не существует; используются настройки по умолчанию. Он будет создан при сохранении настроек.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Greyed-out settings are set by your administrator.</source>
        <translation>Серые настройки заданы администратором.</translation>
    </message>
</context>
<context>
    <name>ShopBanner</name>
    <message>
        <source>The caller dialled the line of %1</source>
        <translation>Клиент звонит на линию магазина «%1»</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answer</source>
        <translation>Ответить</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation>Удержание</translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation>Микрофон</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Swap lines</source>
        <translation>Переключить линии</translation>
    </message>
    <message>
        <source>DTMF keypad</source>
        <translation>Клавиатура DTMF</translation>
    </message>
    <message>
        <source>Redial</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <source>Go to number field</source>
        <translation>К полю номера</translation>
    </message>
    <message>
        <source>Find a customer</source>
        <translation>Найти клиента</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Send DTMF digit</source>
        <translation>Цифра DTMF</translation>
    </message>
    <message>
        <source>Pick the script&apos;s answer</source>
        <translation>Выбрать ответ в скрипте</translation>
    </message>
    <message>
        <source>Script: previous step</source>
        <translation>Скрипт: предыдущий шаг</translation>
    </message>
    <message>
        <source>Go to the script</source>
        <translation>Перейти к скрипту</translation>
    </message>
    <message>
        <source>Go to the task list</source>
        <translation>К списку задач</translation>
    </message>
    <message>
        <source>Task: take, then call</source>
        <translation>Задача: взять, затем позвонить</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Не готов</translation>
    </message>
    <message>
        <source>Finish the wrap-up</source>
        <translation>Завершить обработку звонка</translation>
    </message>
    <message>
        <source>Customer / order</source>
        <translation>Клиент / заказ</translation>
    </message>
    <message>
        <source>Open the customer&apos;s order</source>
        <translation>Открыть заказ клиента</translation>
    </message>
    <message>
        <source>Back to the unsaved form</source>
        <translation>Вернуться к несохранённой форме</translation>
    </message>
    <message>
        <source>Save the order</source>
        <translation>Сохранить заказ</translation>
    </message>
    <message>
        <source>Order: find a product</source>
        <translation>Заказ: найти товар</translation>
    </message>
    <message>
        <source>Recent calls: listen and rate</source>
        <translation>Последние вызовы: прослушать и оценить</translation>
    </message>
    <message>
        <source>0-9 * # during a call</source>
        <translation>0-9 * # в разговоре</translation>
    </message>
    <message>
        <source>Alt+1…9 (1…9 in the script)</source>
        <translation>Alt+1…9 (1…9 в скрипте)</translation>
    </message>
</context>
<context>
    <name>SipPage</name>
    <message>
        <source>Extension</source>
        <translation>Внутренний номер</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Порт</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Транспорт</translation>
    </message>
    <message>
        <source>Authentication user</source>
        <translation>Пользователь для аутентификации</translation>
    </message>
    <message>
        <source>Empty: the extension.</source>
        <translation>Пусто — внутренний номер.</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Отображаемое имя</translation>
    </message>
    <message>
        <source>Register with the server</source>
        <translation>Регистрироваться на сервере</translation>
    </message>
    <message>
        <source>Off: direct calls by IP address only.</source>
        <translation>Выключено — только прямые звонки по IP-адресу.</translation>
    </message>
    <message>
        <source>Registration lifetime (seconds)</source>
        <translation>Срок действия регистрации (секунды)</translation>
    </message>
    <message>
        <source>Longest wait between registration retries (seconds)</source>
        <translation>Наибольшая пауза между попытками регистрации (секунды)</translation>
    </message>
    <message>
        <source>Auto-answer dialer calls that ask for it</source>
        <translation>Автоответ на вызовы автодозвона, если он запрошен</translation>
    </message>
    <message>
        <source>SIP account</source>
        <translation>Учётная запись SIP</translation>
    </message>
    <message>
        <source>No system keyring is available: the password is kept for this session only.</source>
        <translation>Системное хранилище паролей недоступно: пароль сохранён только до конца сеанса.</translation>
    </message>
    <message>
        <source>Enter the server for this extension.</source>
        <translation>Укажите сервер для этого внутреннего номера.</translation>
    </message>
</context>
<context>
    <name>StoragePage</name>
    <message>
        <source>Database file</source>
        <translation>Файл базы данных</translation>
    </message>
    <message>
        <source>Empty: the per-user data folder. Takes effect after a restart.</source>
        <translation>Пусто — папка данных пользователя. Вступает в силу после перезапуска.</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Хранение данных</translation>
    </message>
</context>
<context>
    <name>TaskListPanel</name>
    <message>
        <source>No tasks for you now.</source>
        <translation>Сейчас задач для вас нет.</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>Взять</translation>
    </message>
    <message>
        <source>Claim the task at the CRM and open the customer (Return)</source>
        <translation>Взять задачу в CRM и открыть клиента (Enter)</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Call the task&apos;s number (Return)</source>
        <translation>Позвонить по номеру задачи (Enter)</translation>
    </message>
    <message>
        <source>Cart into an order</source>
        <translation>Корзину — в заказ</translation>
    </message>
    <message>
        <source>How the call went</source>
        <translation>Чем закончился звонок</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Close the task with this outcome</source>
        <translation>Закрыть задачу с этим результатом</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>просрочена</translation>
    </message>
    <message>
        <source>Taken by you</source>
        <translation>Взята вами</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Выполнена</translation>
    </message>
    <message>
        <source>Cart: %1</source>
        <translation>Корзина: %1</translation>
    </message>
    <message>
        <source>Open the cart&apos;s items in the order editor</source>
        <translation>Открыть товары корзины в редакторе заказа</translation>
    </message>
    <message>
        <source>The order editor is not part of this version yet</source>
        <translation>Редактора заказов в этой версии пока нет</translation>
    </message>
    <message>
        <source>This outcome needs a note</source>
        <translation>Для этого результата нужна заметка</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>Order confirmation</source>
        <translation>Подтверждение заказа</translation>
    </message>
    <message>
        <source>Feedback after delivery</source>
        <translation>Отзыв после доставки</translation>
    </message>
    <message>
        <source>Abandoned cart</source>
        <translation>Брошенная корзина</translation>
    </message>
    <message>
        <source>New registration</source>
        <translation>Новая регистрация</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <source>Taking…</source>
        <translation>Берём…</translation>
    </message>
    <message>
        <source>Claimed by another operator</source>
        <translation>Взята другим оператором</translation>
    </message>
    <message>
        <source>Already done by someone else</source>
        <translation>Уже выполнена другим оператором</translation>
    </message>
    <message>
        <source>Cannot be taken while the CRM is unreachable: taking needs the CRM&apos;s answer</source>
        <translation>Нельзя взять, пока CRM недоступна: для этого нужен ответ CRM</translation>
    </message>
    <message>
        <source>The CRM refused: %1</source>
        <translation>CRM отказала: %1</translation>
    </message>
    <message>
        <source>Not completed: %1</source>
        <translation>Не завершена: %1</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <source>Double-click to review this call</source>
        <translation>Дважды щёлкните, чтобы разобрать звонок</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer call</source>
        <translation>Перевод вызова</translation>
    </message>
    <message>
        <source>Transfer the call with %1 to:</source>
        <translation>Перевести вызов с %1 на:</translation>
    </message>
    <message>
        <source>Number or extension</source>
        <translation>Номер или внутренний номер</translation>
    </message>
    <message>
        <source>Blind transfer</source>
        <translation>Перевести сразу</translation>
    </message>
    <message>
        <source>Consult first (attended)</source>
        <translation>С консультацией</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Перевести</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>Завершить перевод</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Call consultation</source>
        <translation>Позвонить для консультации</translation>
    </message>
    <message>
        <source>Not a valid phone number</source>
        <translation>Такого номера не существует</translation>
    </message>
    <message>
        <source>Transferring to %1…</source>
        <translation>Перевод на %1…</translation>
    </message>
    <message>
        <source>Could not place the consultation call</source>
        <translation>Не удалось позвонить для консультации</translation>
    </message>
    <message>
        <source>Calling %1…</source>
        <translation>Вызов %1…</translation>
    </message>
    <message>
        <source>Completing the transfer…</source>
        <translation>Завершение перевода…</translation>
    </message>
    <message>
        <source>Transfer failed: %1</source>
        <translation>Перевод не удался: %1</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>New</source>
        <translation>Новый</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Подтверждён</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>Собран</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Отгружен</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Доставлен</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Возврат</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменён</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>мобильный</translation>
    </message>
    <message>
        <source>home</source>
        <translation>домашний</translation>
    </message>
    <message>
        <source>work</source>
        <translation>рабочий</translation>
    </message>
    <message>
        <source>other</source>
        <translation>другой</translation>
    </message>
    <message>
        <source>Address: %1</source>
        <translation>Адрес: %1</translation>
    </message>
    <message>
        <source>Payment: %1</source>
        <translation>Оплата: %1</translation>
    </message>
    <message>
        <source>Order %1 placed</source>
        <translation>Оформлен заказ %1</translation>
    </message>
    <message>
        <source>Return of order %1</source>
        <translation>Возврат по заказу %1</translation>
    </message>
    <message>
        <source>Order %1: %2</source>
        <translation>Заказ %1: %2</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <source>E-mail from the customer</source>
        <translation>Письмо от клиента</translation>
    </message>
    <message>
        <source>E-mail to the customer</source>
        <translation>Письмо клиенту</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Чат</translation>
    </message>
    <message>
        <source>Messenger</source>
        <translation>Мессенджер</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <source>(not in the CRM yet)</source>
        <translation>(ещё не в CRM)</translation>
    </message>
</context>
<context>
    <name>WrapUpForm</name>
    <message>
        <source>Wrap-up</source>
        <translation>Завершение звонка</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Notes on the call</source>
        <translation>Заметки о звонке</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>for the queue</source>
        <translation>в общую очередь</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Назначить</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>Перезвонить</translation>
    </message>
    <message>
        <source>What the specialist should look at</source>
        <translation>Что нужно проверить специалисту</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Передать</translation>
    </message>
    <message>
        <source>To a specialist</source>
        <translation>Специалисту</translation>
    </message>
    <message>
        <source>Finish wrap-up</source>
        <translation>Завершить обработку</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Низкий</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Обычный</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Высокий</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Срочный</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— выберите —</translation>
    </message>
    <message>
        <source>Unknown caller: nothing is logged</source>
        <translation>Неизвестный абонент: обращение не записывается</translation>
    </message>
    <message>
        <source>a callback</source>
        <translation>обратный звонок</translation>
    </message>
    <message>
        <source>an escalation</source>
        <translation>эскалацию</translation>
    </message>
    <message>
        <source>The script asked for %1: check the note; it is sent when you finish.</source>
        <translation>Скрипт запросил %1: проверьте заметку; отправится при завершении.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> и </translation>
    </message>
    <message>
        <source>none on this call</source>
        <translation>нет на этом звонке</translation>
    </message>
    <message>
        <source>created</source>
        <translation>создан</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>подтверждён</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>изменён</translation>
    </message>
    <message>
        <source>Choose the call&apos;s result</source>
        <translation>Выберите результат звонка</translation>
    </message>
    <message>
        <source>This result needs a note</source>
        <translation>Для этого результата нужна заметка</translation>
    </message>
    <message>
        <source>Callback scheduled for %1</source>
        <translation>Перезвон назначен на %1</translation>
    </message>
    <message>
        <source>Say what the specialist should look at</source>
        <translation>Напишите, что нужно проверить специалисту</translation>
    </message>
    <message>
        <source>Escalated to a specialist</source>
        <translation>Передано специалисту</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Не сохранено: %1</translation>
    </message>
</context>
</TS>
