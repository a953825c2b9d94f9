"""The one table of keyboard shortcuts for call actions, and helpers to show them.

Every call action the operator can take with the mouse has a key here. ``MainWindow`` builds a
``QAction`` per APPLICATION- or WINDOW-scope row and puts the keys into each button's tooltip.
APPLICATION rows (answer, reject, hang up, hold, mute, transfer, swap) work while any window of
the app is active, a dialog too; WINDOW rows wherever focus is in the main window. DTMF digits
are handled by the window while a call is connected and focus is not in a text field; Return in
the number field dials.

| action          | keys                        | what it does                                        |
|-----------------|-----------------------------|-----------------------------------------------------|
| answer          | Ctrl+Return, F5             | answer the ringing call (holds the active one)      |
| reject          | Ctrl+Shift+Backspace, F7    | reject the ringing call                             |
| hang_up         | Ctrl+Backspace, F6          | hang up the current call                            |
| hold            | Ctrl+H                      | hold / resume the current call                      |
| mute            | Ctrl+M                      | mute / unmute the microphone on the current call    |
| transfer        | Ctrl+T                      | open the transfer dialog for the current call       |
| swap            | Ctrl+S                      | swap between two lines (hold one, resume the other) |
| dtmf_pad        | Ctrl+K                      | show / hide the DTMF keypad of the current call     |
| redial          | Ctrl+R                      | call the last dialled number again                  |
| dnd             | Ctrl+D                      | toggle do-not-disturb                               |
| focus_dialer    | Ctrl+L                      | put the cursor into the number field                |
| find_customer   | Ctrl+F                      | search customers (phone, name, e-mail, order)       |
| dial            | Return (in the number field)| call the number in the field                        |
| dtmf            | 0-9 * # (during a call)     | send the digit as DTMF to the connected call        |
| script_answer   | Alt+1..Alt+9; 1-9 in script | pick the script step's numbered answer              |
| script_back     | Alt+Left; Backspace in script| the script's previous step                         |
| focus_script    | F8                          | put the focus into the script (then 1-9 answer)     |
| focus_tasks     | F9                          | show the task list and put the focus into it        |
| task_take_or_call | Return (in the task list) | take the selected task; once taken, call it         |
| order_page      | F4                          | switch the middle column: customer / order editor   |
| open_order      | Ctrl+Shift+O                | open the card's selected (first open) order         |
| back_to_draft   | Ctrl+Shift+D                | back to the form / order left unsaved by a call     |
| order_save      | Ctrl+Shift+S (in the order) | save the order being edited                         |
| order_find      | Ctrl+P (in the order)       | put the cursor into the order's product search      |
| review_call     | Ctrl+Shift+L (in Recent calls)| listen to and rate the selected past call         |

Digits and the script: while a call is connected, plain digits typed in the window go to the call
as DTMF (an IVR or a voice menu at the other end may need them). The script's answers are picked
with Alt+1..Alt+9 anywhere in the window, and with plain 1-9 while the focus is in the script panel
(click it or press F8; Esc gives the focus back to the window, where digits are DTMF again).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence


class Scope(enum.StrEnum):
    APPLICATION = "application"  # a QAction working while any window of the app is active
    WINDOW = "window"  # a QAction on the main window
    NUMBER_FIELD = "number_field"  # handled by the dialer's line edit
    DURING_CALL = "during_call"  # handled by the window's key handler while a call is connected
    SCRIPT = "script"  # handled by the script panel (softphone/ui/workspace/script_panel.py)
    TASKS = "tasks"  # handled by the task list (softphone/ui/outbound/task_tab.py, task_list.py)
    AGENT = "agent"  # the agent bar's and the wrap-up's actions (softphone/ui/agent/)
    ORDER = "order"  # handled by the order editor (softphone/ui/orders/order_editor.py)
    HISTORY = "history"  # handled by the Recent calls list (softphone/ui/calls/history_view.py)


@dataclass(frozen=True, slots=True)
class Shortcut:
    action: str
    keys: tuple[str, ...]  # portable QKeySequence strings
    description: str  # untranslated; translate with context "Shortcuts"
    scope: Scope = Scope.WINDOW


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("answer", ("Ctrl+Return", "F5"), QT_TRANSLATE_NOOP("Shortcuts", "Answer"), Scope.APPLICATION),
    Shortcut(
        "reject", ("Ctrl+Shift+Backspace", "F7"), QT_TRANSLATE_NOOP("Shortcuts", "Reject"), Scope.APPLICATION
    ),
    Shortcut(
        "hang_up", ("Ctrl+Backspace", "F6"), QT_TRANSLATE_NOOP("Shortcuts", "Hang up"), Scope.APPLICATION
    ),
    Shortcut("hold", ("Ctrl+H",), QT_TRANSLATE_NOOP("Shortcuts", "Hold / resume"), Scope.APPLICATION),
    Shortcut("mute", ("Ctrl+M",), QT_TRANSLATE_NOOP("Shortcuts", "Mute / unmute"), Scope.APPLICATION),
    Shortcut("transfer", ("Ctrl+T",), QT_TRANSLATE_NOOP("Shortcuts", "Transfer"), Scope.APPLICATION),
    Shortcut("swap", ("Ctrl+S",), QT_TRANSLATE_NOOP("Shortcuts", "Swap lines"), Scope.APPLICATION),
    Shortcut("dtmf_pad", ("Ctrl+K",), QT_TRANSLATE_NOOP("Shortcuts", "DTMF keypad")),
    Shortcut("redial", ("Ctrl+R",), QT_TRANSLATE_NOOP("Shortcuts", "Redial")),
    Shortcut("dnd", ("Ctrl+D",), QT_TRANSLATE_NOOP("Shortcuts", "Do not disturb")),
    Shortcut("focus_dialer", ("Ctrl+L",), QT_TRANSLATE_NOOP("Shortcuts", "Go to number field")),
    Shortcut("find_customer", ("Ctrl+F",), QT_TRANSLATE_NOOP("Shortcuts", "Find a customer")),
    Shortcut("dial", ("Return",), QT_TRANSLATE_NOOP("Shortcuts", "Call"), Scope.NUMBER_FIELD),
    Shortcut(
        "dtmf",
        ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"),
        QT_TRANSLATE_NOOP("Shortcuts", "Send DTMF digit"),
        Scope.DURING_CALL,
    ),
    Shortcut(
        "script_answer",
        tuple(f"Alt+{n}" for n in range(1, 10)),
        QT_TRANSLATE_NOOP("Shortcuts", "Pick the script's answer"),
        Scope.SCRIPT,
    ),
    Shortcut(
        "script_back", ("Alt+Left",), QT_TRANSLATE_NOOP("Shortcuts", "Script: previous step"), Scope.SCRIPT
    ),
    Shortcut("focus_script", ("F8",), QT_TRANSLATE_NOOP("Shortcuts", "Go to the script"), Scope.SCRIPT),
    Shortcut(
        "focus_tasks", ("Ctrl+Shift+T",), QT_TRANSLATE_NOOP("Shortcuts", "Go to the task list"), Scope.TASKS
    ),
    Shortcut(
        "task_take_or_call", ("Return",), QT_TRANSLATE_NOOP("Shortcuts", "Task: take, then call"), Scope.TASKS
    ),
    Shortcut("agent_ready", ("F9",), QT_TRANSLATE_NOOP("Shortcuts", "Ready"), Scope.AGENT),
    Shortcut("agent_not_ready", ("F10",), QT_TRANSLATE_NOOP("Shortcuts", "Not ready"), Scope.AGENT),
    Shortcut(
        "finish_wrap_up",
        ("Ctrl+Shift+Return",),
        QT_TRANSLATE_NOOP("Shortcuts", "Finish the wrap-up"),
        Scope.AGENT,
    ),
    Shortcut("order_page", ("F4",), QT_TRANSLATE_NOOP("Shortcuts", "Customer / order")),
    Shortcut("open_order", ("Ctrl+Shift+O",), QT_TRANSLATE_NOOP("Shortcuts", "Open the customer's order")),
    Shortcut("back_to_draft", ("Ctrl+Shift+D",), QT_TRANSLATE_NOOP("Shortcuts", "Back to the unsaved form")),
    Shortcut("order_save", ("Ctrl+Shift+S",), QT_TRANSLATE_NOOP("Shortcuts", "Save the order"), Scope.ORDER),
    Shortcut("order_find", ("Ctrl+P",), QT_TRANSLATE_NOOP("Shortcuts", "Order: find a product"), Scope.ORDER),
    Shortcut(
        "review_call",
        ("Ctrl+Shift+L",),
        QT_TRANSLATE_NOOP("Shortcuts", "Recent calls: listen and rate"),
        Scope.HISTORY,
    ),
)

BY_ACTION: dict[str, Shortcut] = {s.action: s for s in SHORTCUTS}
CALL_ACTIONS = (
    "answer",
    "reject",
    "hang_up",
    "hold",
    "mute",
    "transfer",
    "swap",
    "dtmf_pad",
    "redial",
    "dnd",
)
DTMF_DIGITS = "0123456789*#"


def key_sequences(action: str) -> list[QKeySequence]:
    return [QKeySequence(k) for k in BY_ACTION[action].keys]


def keys_text(action: str) -> str:
    """The keys as the user sees them on this platform, e.g. "Ctrl+Return, F5"."""
    return ", ".join(
        QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in BY_ACTION[action].keys
    )


def label(action: str) -> str:
    return QCoreApplication.translate("Shortcuts", BY_ACTION[action].description)


def help_html() -> str:
    """A two-column table of every shortcut, for the window's help panel."""
    rows = "".join(
        f"<tr><td style='padding-right:10px'><b>{keys_text(s.action)}</b></td><td>{label(s.action)}</td></tr>"
        for s in SHORTCUTS
        if s.scope in (Scope.APPLICATION, Scope.WINDOW)
    )
    dtmf = QCoreApplication.translate("Shortcuts", "0-9 * # during a call")
    rows += f"<tr><td style='padding-right:10px'><b>{dtmf}</b></td><td>{label('dtmf')}</td></tr>"
    answer = QCoreApplication.translate("Shortcuts", "Alt+1…9 (1…9 in the script)")
    rows += f"<tr><td style='padding-right:10px'><b>{answer}</b></td><td>{label('script_answer')}</td></tr>"
    rows += "".join(
        f"<tr><td style='padding-right:10px'><b>{keys_text(a)}</b></td><td>{label(a)}</td></tr>"
        for a in ("script_back", "focus_script", "order_save", "order_find", "review_call")
    )
    return f"<table>{rows}</table>"


def tooltip(action: str, text: str | None = None) -> str:
    """``"Answer (Ctrl+Return, F5)"``: the action's name with its keys."""
    return f"{text or label(action)} ({keys_text(action)})"
