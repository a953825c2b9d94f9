"""A thread Python did not start keeps one Python thread state for its life once pinned, instead of
CPython making and dropping one around every slot Qt runs there (softphone.thread_state)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from softphone.thread_state import ThreadStatePin, current_thread_state_id


class _Worker(QObject):
    poke = Signal()
    poked = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.poke.connect(self._on_poke, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _on_poke(self) -> None:
        self.poked.emit(current_thread_state_id())


def _state_ids_of_slot_calls(qtbot, pin: ThreadStatePin | None, calls: int = 20) -> list[int]:
    thread = QThread()
    worker = _Worker()
    worker.moveToThread(thread)
    if pin is not None:
        thread.started.connect(pin.pin, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(pin.unpin, Qt.ConnectionType.DirectConnection)
    ids: list[int] = []
    worker.poked.connect(ids.append, Qt.ConnectionType.QueuedConnection)  # back on this thread
    thread.start()
    try:
        for _ in range(calls):
            before = len(ids)
            worker.poke.emit()
            qtbot.waitUntil(lambda before=before: len(ids) > before, timeout=5000)
    finally:
        thread.quit()
        assert thread.wait(5000)
    worker.deleteLater()
    return ids


def test_without_a_pin_every_slot_call_gets_a_new_thread_state(qtbot) -> None:
    ids = _state_ids_of_slot_calls(qtbot, pin=None)
    assert len(set(ids)) == len(ids)  # the churn the pin exists to stop


def test_a_pinned_thread_keeps_one_state_for_all_its_slot_calls(qtbot) -> None:
    pin = ThreadStatePin()
    ids = _state_ids_of_slot_calls(qtbot, pin)
    assert len(set(ids)) == 1
    assert pin.thread is None  # released on the thread as it finished


def test_the_state_of_a_thread_that_ended_pinned_is_released_from_another(qtbot) -> None:
    pin = ThreadStatePin()
    thread = QThread()
    thread.started.connect(pin.pin, Qt.ConnectionType.DirectConnection)  # never unpinned there
    thread.start()
    qtbot.waitUntil(lambda: pin.thread is not None, timeout=5000)
    thread.quit()
    assert thread.wait(5000)
    pin.release_ended()
    assert pin.thread is None
    pin.pin()  # a thread Python started keeps its own state: nothing to pin, nothing to delete later
    assert pin.thread is None
