<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AccountDialog</name>
    <message>
        <source>SIP account</source>
        <translation>Учётная запись SIP</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <source>Auto-answer dialer calls that ask for it</source>
        <translation>Автоответ на вызовы автодозвона, если он запрошен</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>Внутренний номер</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
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
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>Set by your administrator</source>
        <translation>Задано администратором</translation>
    </message>
    <message>
        <source>No system keyring is available: the password is kept for this session only.</source>
        <translation>Системное хранилище паролей недоступно: пароль сохранён только до конца сеанса.</translation>
    </message>
    <message>
        <source>Cannot save the settings: {0}</source>
        <translation>Не удалось сохранить настройки: {0}</translation>
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
        <source>Double-click a call to call back</source>
        <translation>Двойной щелчок по вызову — перезвонить</translation>
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
        <source>Incoming</source>
        <translation>Входящий</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Исходящий</translation>
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
        <source>Transfer: %1</source>
        <translation>Перевод: %1</translation>
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
        <source>CRM: access denied</source>
        <translation>CRM: доступ запрещён</translation>
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
        <source>Received DTMF %1</source>
        <translation>Получен DTMF %1</translation>
    </message>
    <message>
        <source>Dialer</source>
        <translation>Набор номера</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Вызовы</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>Последние вызовы</translation>
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
        <source>Do not disturb is on: incoming calls are rejected</source>
        <translation>Режим «Не беспокоить» включён: входящие вызовы отклоняются</translation>
    </message>
    <message>
        <source>Do not disturb is off</source>
        <translation>Режим «Не беспокоить» выключен</translation>
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
        <source>My change</source>
        <translation>Моё изменение</translation>
    </message>
    <message>
        <source>In the CRM now</source>
        <translation>Сейчас в CRM</translation>
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
        <source>SIP password</source>
        <translation>Пароль SIP</translation>
    </message>
    <message>
        <source>Password for {0}@{1}:</source>
        <translation>Пароль для {0}@{1}:</translation>
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
        <source>Call</source>
        <translation>Позвонить</translation>
    </message>
    <message>
        <source>Send DTMF digit</source>
        <translation>Цифра DTMF</translation>
    </message>
    <message>
        <source>0-9 * # during a call</source>
        <translation>0-9 * # в разговоре</translation>
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
</TS>
