"""The agent state's two outside links, Qt-free: the CRM (``PUT /me/state``) and the operator's CRM
settings (the after-call-work policy and the not-ready reasons, from the local store).

``AgentStateSender`` keeps only the LATEST state (a state is a fact "since t", older ones are moot)
and sends it on the asyncio loop; while the CRM cannot be reached it tries again with a growing pause
(at most ``MAX_PAUSE_S``), always with the latest state, so the CRM hears it as soon as it answers.
A state the CRM refuses (422: a reason it does not know) is logged and dropped: sending it again
would not help. ``load_operator`` reads the policy and reasons the last sync stored.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from softphone.crm import schemas as s
from softphone.crm.errors import CrmAuthError, CrmError, CrmRejected
from softphone.store.db import Store
from softphone.store.models import ReferenceData
from softphone.workspace.agent_state import AcwPolicy, AgentState

log = logging.getLogger(__name__)
FIRST_PAUSE_S = 1.0
MAX_PAUSE_S = 30.0


class StateApi(Protocol):
    async def put_my_state(self, data: s.AgentStateUpdate) -> s.AgentState: ...


KeepTask = Callable[[Coroutine[Any, Any, Any], str], "asyncio.Task[Any]"]


class AgentStateSender:
    def __init__(
        self,
        api: Callable[[], StateApi | None],
        keep_task: KeepTask,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._api = api
        self._keep_task = keep_task
        self._sleep = sleep
        self._latest: AgentState | None = None
        self._sent: AgentState | None = None
        self._task: asyncio.Task[Any] | None = None
        self.sent_count = 0

    @property
    def pending(self) -> AgentState | None:
        """The state not yet accepted by the CRM (None when it has the latest)."""
        return None if self._latest is self._sent else self._latest

    def on_state(self, state: AgentState) -> None:
        self._latest = state
        if self._task is None or self._task.done():
            self._task = self._keep_task(self._run(), "agent-state-sender")

    async def _run(self) -> None:
        pause = FIRST_PAUSE_S
        while self._latest is not None and self._latest is not self._sent:
            state = self._latest
            api = self._api()
            try:
                if api is None:
                    raise CrmError("no CRM link yet")
                await api.put_my_state(
                    s.AgentStateUpdate(
                        state=state.status.value,
                        reason=state.reason,
                        since=dt.datetime.fromtimestamp(state.since, dt.UTC),
                    )
                )
            except CrmRejected as exc:
                log.error("the CRM refused the state %s: %s", state.status.value, exc)
                self._sent = state
                continue
            except (CrmAuthError, CrmError, RuntimeError) as exc:  # RuntimeError: the link was closed
                log.info(
                    "state %s not sent yet (%s): trying again", state.status.value, exc.__class__.__name__
                )
                await self._sleep(pause)
                pause = min(MAX_PAUSE_S, pause * 2)
                continue
            self._sent = state
            self.sent_count += 1
            pause = FIRST_PAUSE_S


@dataclass(frozen=True, slots=True)
class OperatorSettings:
    operator_id: str | None
    policy: AcwPolicy
    reasons: tuple[tuple[str, str], ...]  # (code, label)


def load_operator(store: Store) -> OperatorSettings:
    """The operator's after-call-work policy and not-ready reasons as the last sync stored them."""
    with store.read_session() as session:
        row = session.get(ReferenceData, "operator")
        body: dict[str, Any] = dict(row.body) if row is not None else {}
    acw = body.get("after_call_work") or {}
    reasons = tuple(
        (str(r.get("code")), str(r.get("label") or r.get("code")))
        for r in body.get("not_ready_reasons") or []
        if isinstance(r, dict) and r.get("code")
    )
    policy = AcwPolicy.from_crm(str(acw.get("mode", "optional")), int(acw.get("seconds") or 0))
    return OperatorSettings(body.get("id"), policy, reasons)
