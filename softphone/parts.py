"""The parts of the running app, typed: what the composition root built, one attribute per part.

Parts every later step relies on are declared without a default: reading one before its start-up
step ran raises ``AttributeError`` naming it (a wiring-order mistake shows at once). Parts that may
legitimately be missing (no CRM link when its start failed, no window in some runs, demo-only parts)
default to ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parts' modules are imported by the start-up steps that build them
    from PySide6.QtWidgets import QInputDialog

    from softphone.audio.bridge import AudioBridge
    from softphone.crm.link_status import LinkStatus
    from softphone.crm_link import CrmLink
    from softphone.demo.launch import DemoPorts
    from softphone.headset.service import HeadsetService
    from softphone.settings.secrets import SecretStore
    from softphone.sip.engine import SipEngine
    from softphone.sip_login import SipLogin
    from softphone.store.call_history import CallHistoryRepository
    from softphone.store.db import Store
    from softphone.store.jobs import StoreJobs
    from softphone.ui.agent.agent_bar import AgentBar
    from softphone.ui.agent.wrap_up_form import WrapUpForm
    from softphone.ui.audio.controller import AudioController
    from softphone.ui.crm.outbox_problems import OutboxProblemsDialog
    from softphone.ui.gui_thread import GuiThread
    from softphone.ui.main_window import MainWindow
    from softphone.ui.orders.order_editor import OrderEditorPanel
    from softphone.ui.outbound.task_list import TaskListPanel
    from softphone.ui.settings.dialog import SettingsDialog
    from softphone.ui.sip_bridge import SipBridge
    from softphone.ui.workspace.script_panel import ScriptPanel
    from softphone.workspace.agent_desk import AgentStateSender
    from softphone.workspace.agent_state import AgentStateMachine
    from softphone.workspace.call_recorder import CallHistoryRecorder
    from softphone.workspace.call_recordings import CallRecordings
    from softphone.workspace.customer_loader import CustomerLoader
    from softphone.workspace.interaction_log import InteractionLog
    from softphone.workspace.orders.desk import OrderDesk
    from softphone.workspace.outbound.board import TaskBoard
    from softphone.workspace.outbound.seams import OrderOpener
    from softphone.workspace.screen_pop import ScreenPop
    from softphone.workspace.scripts.desk import ScriptDesk
    from softphone.workspace.sessions import CallSessions
    from softphone.workspace.wrap_up import WrapUp


class Parts:
    gui_thread: GuiThread
    secrets: SecretStore
    store: Store
    store_jobs: StoreJobs
    link_status: LinkStatus
    crm_link: CrmLink
    sessions: CallSessions
    audio_bridge: AudioBridge
    sip_engine: SipEngine
    sip_bridge: SipBridge
    call_history: CallHistoryRepository
    call_recorder: CallHistoryRecorder
    script_desk: ScriptDesk
    interaction_log: InteractionLog
    customers: CustomerLoader
    screen_pop: ScreenPop
    sip_login: SipLogin
    task_board: TaskBoard
    agent_state: AgentStateMachine
    wrap_up: WrapUp
    agent_state_sender: AgentStateSender
    agent_reload: Callable[[], None]  # read the operator's ACW policy and reasons from the store again

    store_read_only: str | None = None  # why the local store cannot be written (found at start-up)
    main_window: MainWindow | None = None
    audio: AudioController | None = None  # sound devices and the call streams
    outbox_problems_dialog: OutboxProblemsDialog | None = None
    password_prompt: QInputDialog | None = None
    settings_dialog: SettingsDialog | None = None
    demo_ports: DemoPorts | None = None
    call_recordings: CallRecordings | None = None  # recorded calls' files (set up after the engine)
    headset: HeadsetService | None = None  # USB headset buttons and LEDs (set up with the window)
    script_panel: ScriptPanel | None = None
    task_list: TaskListPanel | None = None  # the outbound task list (a tab of the left column)
    order_opener: OrderOpener | None = None  # the order editor, when this build has one
    agent_bar: AgentBar | None = None
    wrap_up_form: WrapUpForm | None = None
    agent_set_dnd: bool = False  # the agent state turned do-not-disturb on (not the operator)
    order_desk: OrderDesk | None = None  # links saved orders to their call, asks the CRM for slots
    order_editor: OrderEditorPanel | None = None  # the "Order" page beside the customer card
