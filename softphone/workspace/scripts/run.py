"""One walk through a script on a call: ``ScriptRun``.

The run is at one step (``current``). The operator picks a numbered answer (``pick``; 1-9 on the
keyboard), types a free-text answer (``answer_text``), goes ``back`` or ``jump`` s to any step. Each
step shown is *visited*; compliance is the share of the script's required steps visited so far.
Answers belong to the steps on the way back (``path``): going back past a step drops its answer, so
what is saved is what the call ended with. Keys are the step's ``save_as`` (a question without one
is saved under its step id; a choice without one only steers). Every change bumps ``revision``.
Plain data, no I/O; used on the GUI thread.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from softphone.domain import scripts as rules
from softphone.workspace.scripts.graph import AnswerKind, ScriptGraph, Step

MAX_PATH = 500  # steps remembered for "back"; older ones are forgotten (their answers stay)
MAX_ANSWER_CHARS = 500  # the contract's limit on an answer


class ChoiceKind(enum.StrEnum):
    OPTION = "option"  # a choice step's answer: ``label`` is the script's text (with variables)
    NEXT = "next"  # a say step's "go on"
    RATING = "rating"  # 1..5
    YES = "yes"
    NO = "no"


@dataclass(frozen=True, slots=True)
class Choice:
    number: int  # 1-based, the key that picks it
    kind: ChoiceKind
    label: str  # the script's label for OPTION, the value for RATING, "" otherwise
    chosen: bool = False  # the answer given when the step was last left


class ScriptRun:
    def __init__(self, graph: ScriptGraph) -> None:
        self.graph = graph
        self._path: list[str] = [graph.start]
        self._visited: dict[str, None] = {graph.start: None}  # first-visit order
        self._given: dict[str, str] = {}  # step id -> the answer given there (steps on the path)
        self._kept: dict[str, str] = {}  # answers of steps forgotten from a very long path
        self.revision = 0

    # ---- reading ---------------------------------------------------------------------------------
    @property
    def current(self) -> Step:
        return self.graph.step(self._path[-1])

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self._path)

    @property
    def visited(self) -> tuple[str, ...]:
        """Every step shown so far, in the order first shown."""
        return tuple(self._visited)

    def was_visited(self, step_id: str) -> bool:
        return step_id in self._visited

    @property
    def finished(self) -> bool:
        return self.current.is_end

    @property
    def can_go_back(self) -> bool:
        return len(self._path) > 1

    def given(self, step_id: str) -> str | None:
        """The answer given at ``step_id`` (while it is on the way back), else None."""
        return self._given.get(step_id)

    @property
    def answers(self) -> dict[str, str]:
        """What is saved with the interaction: answer key -> value, in the order given."""
        found = dict(self._kept)
        for step_id, value in self._given.items():
            step = self.graph.step(step_id)
            key = step.save_as or (step.id if step.kind == "question" else None)
            if key is not None:
                found[key] = value
        return found

    @property
    def compliance(self) -> float:
        required = self.graph.required_ids
        if not required:
            return 1.0
        return len(required & self._visited.keys()) / len(required)

    @property
    def required_left(self) -> tuple[str, ...]:
        """Required steps not visited yet, in the script's order."""
        return tuple(k for k in self.graph.steps if self.graph.steps[k].required and k not in self._visited)

    def choices(self) -> list[Choice]:
        """The numbered answers the current step offers (a text question offers none: type it)."""
        step = self.current
        given = self._given.get(step.id)
        if step.kind == "choice":
            return [
                Choice(n, ChoiceKind.OPTION, o.label, chosen=given == o.label)
                for n, o in enumerate(step.options, 1)
            ]
        if step.kind == "say":
            return [Choice(1, ChoiceKind.NEXT, "")]
        if step.kind == "question" and step.answer == AnswerKind.RATING:
            return [Choice(n, ChoiceKind.RATING, v, given == v) for n, v in enumerate(rules.RATING_VALUES, 1)]
        if step.kind == "question" and step.answer == AnswerKind.YES_NO:
            return [
                Choice(1, ChoiceKind.YES, "", given == rules.YES),
                Choice(2, ChoiceKind.NO, "", given == rules.NO),
            ]
        return []

    # ---- moving ----------------------------------------------------------------------------------
    def pick(self, number: int) -> bool:
        """Take numbered answer ``number`` (1-based) of the current step; False if it has none."""
        step = self.current
        choice = next((c for c in self.choices() if c.number == number), None)
        if choice is None:
            return False
        if choice.kind == ChoiceKind.OPTION:
            option = step.options[number - 1]
            self._given[step.id] = option.label
            return self._go(option.next)
        if choice.kind == ChoiceKind.NEXT:
            return self._go(step.next)
        value = (
            choice.label
            if choice.kind == ChoiceKind.RATING
            else (rules.YES if choice.kind == ChoiceKind.YES else rules.NO)
        )
        self._given[step.id] = value
        return self._go(step.next)

    def text_allowed(self, value: str) -> bool:
        """Whether ``answer_text(value)`` would move on (a required question needs an answer)."""
        step = self.current
        return (
            step.kind == "question"
            and step.answer == AnswerKind.TEXT
            and (bool(value.strip()) or not step.required)
        )

    def answer_text(self, value: str) -> bool:
        """Answer the current free-text question and move on; an empty answer skips an optional one."""
        if not self.text_allowed(value):
            return False
        step = self.current
        text = " ".join(value.split())[:MAX_ANSWER_CHARS]
        if text:
            self._given[step.id] = text
        else:
            self._given.pop(step.id, None)
        return self._go(step.next)

    def back(self) -> bool:
        """To the step before; the step left loses its answer."""
        if not self.can_go_back:
            return False
        left = self._path.pop()
        if left not in self._path:
            self._given.pop(left, None)
        self.revision += 1
        return True

    def jump(self, step_id: str) -> bool:
        """To any step of the script (visited or not)."""
        if step_id not in self.graph.steps or step_id == self._path[-1]:
            return False
        return self._go(step_id)

    def _go(self, step_id: str | None) -> bool:
        if step_id is None or step_id not in self.graph.steps:
            return False  # a checked graph has none; kept as a guard
        self._path.append(step_id)
        self._visited.setdefault(step_id, None)
        if len(self._path) > MAX_PATH:
            gone = self._path[: len(self._path) - MAX_PATH]
            del self._path[: len(gone)]
            for old in gone:
                if old not in self._path and old in self._given:
                    step = self.graph.step(old)
                    key = step.save_as or (step.id if step.kind == "question" else None)
                    value = self._given.pop(old)
                    if key is not None:
                        self._kept[key] = value
        self.revision += 1
        return True
