"""The start-up steps of the operator's own work (issue 12), kept beside ``wiring.py`` so that both
stay readable: the agent state machine, the wrap-up and the state's link to the CRM; then, with the
window, the agent bar (state + KPI strip) and the wrap-up form, and what "not ready" does to
incoming calls (``settings.agent.not_ready_calls``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from softphone.settings.schema import NotReadyCalls

if TYPE_CHECKING:
    from softphone.app import Application, Undo
    from softphone.crm.link_status import LinkSnapshot
    from softphone.workspace.agent_desk import OperatorSettings
    from softphone.workspace.agent_state import AgentState

log = logging.getLogger("softphone.app")


def agent_work(app: Application) -> None:
    from softphone.workspace.agent_desk import AgentStateSender, load_operator
    from softphone.workspace.agent_state import AgentStateMachine
    from softphone.workspace.sessions import ChangeKind, SessionChange
    from softphone.workspace.wrap_up import WrapUp

    parts = app.parts
    machine = parts.agent_state = AgentStateMachine()
    parts.sessions.subscribe(machine.on_session_change)
    operator: dict[str, OperatorSettings] = {}
    parts.wrap_up = WrapUp(
        parts.store,
        parts.store_jobs,
        machine,
        parts.interaction_log,
        operator_id=lambda: operator["now"].operator_id if operator else None,
    )
    link = parts.crm_link
    sender = parts.agent_state_sender = AgentStateSender(lambda: link.api, app.keep_task)
    machine.subscribe(sender.on_state)
    sender.on_state(machine.state)

    def apply(settings: OperatorSettings) -> None:
        operator["now"] = settings
        machine.set_policy(settings.policy, tuple(code for code, _label in settings.reasons))
        if parts.agent_bar is not None and list(settings.reasons) != parts.agent_bar.reasons:
            parts.agent_bar.set_reasons(list(settings.reasons))

    def reload() -> None:  # the last sync's policy: read at start and before each call's end
        parts.store_jobs.submit(lambda: load_operator(parts.store), on_done=apply, what="operator settings")

    def on_change(change: SessionChange) -> None:
        if change.kind == ChangeKind.STARTED:
            reload()

    parts.sessions.subscribe(on_change)
    parts.agent_reload = reload
    synced: list[object] = [None]

    def on_link(snapshot: LinkSnapshot) -> None:  # each finished sync may bring a new policy
        if snapshot.last_sync_at is not None and snapshot.last_sync_at != synced[0]:
            synced[0] = snapshot.last_sync_at
            reload()

    parts.link_status.subscribe(parts.gui_thread.wrap(on_link))
    reload()


def agent_bar(app: Application) -> Undo:
    window = app.parts.main_window
    parts = app.parts
    if window is None:
        return parts.agent_state.subscribe(lambda state: _not_ready_calls(app, state))
    from softphone.ui.agent.agent_bar import AgentBar
    from softphone.ui.agent.kpi_strip import KpiStrip
    from softphone.ui.agent.wrap_up_form import WrapUpForm

    strip = KpiStrip(parts.store, parts.store_jobs)
    bar = parts.agent_bar = AgentBar(parts.agent_state, strip)
    bar.menu.aboutToShow.connect(parts.agent_reload)
    window.set_agent_bar(bar)
    bar.install_in(window)
    form = parts.wrap_up_form = WrapUpForm(parts.wrap_up)
    window.set_wrap_up_form(form)
    form.install_in(window)
    form.finished.connect(strip.refresh)
    parts.interaction_log.on_logged = lambda _ids: strip.refresh()
    stop_calls = parts.agent_state.subscribe(lambda state: _not_ready_calls(app, state))
    parts.agent_reload()
    strip.refresh()

    def undo() -> None:  # the machine and the wrap-up outlive the window
        stop_calls()
        bar.detach()
        form.detach()
        parts.interaction_log.on_logged = None
        parts.agent_bar = parts.wrap_up_form = None

    return undo


def _not_ready_calls(app: Application, state: AgentState) -> None:
    """Not ready or on a break: incoming calls get 486 Busy Here, or the window's do-not-disturb
    switch goes on, as configured; Ready undoes it. (After-call work takes calls: a call that rings
    then ends the wrap-up with what the form holds.)"""
    from softphone.workspace.agent_state import AgentStatus

    away = state.status in (AgentStatus.NOT_READY, AgentStatus.BREAK)
    window = app.parts.main_window
    if app.settings.agent.not_ready_calls == NotReadyCalls.DND and window is not None:
        if away and not window.dnd_button.isChecked():
            window.dnd_button.setChecked(True)
            app.parts.agent_set_dnd = True
        elif not away and app.parts.agent_set_dnd:
            window.dnd_button.setChecked(False)
            app.parts.agent_set_dnd = False
        return
    by_hand = window is not None and window.dnd_button.isChecked()
    app.parts.sip_bridge.set_do_not_disturb(away or by_hand)
