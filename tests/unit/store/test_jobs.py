"""The store worker: jobs run off the caller's thread, in order, and results or errors come back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from softphone.store.jobs import StoreJobs


def test_jobs_run_in_order_off_the_caller_thread_and_hand_results_back() -> None:
    handed: list[Callable[[], Any]] = []
    jobs = StoreJobs(deliver=handed.append)  # the app passes GuiThread.post
    ran_on: list[str] = []
    results: list[int] = []
    for n in range(5):
        jobs.submit(lambda n=n: ran_on.append(threading.current_thread().name) or n, on_done=results.append)
    jobs.close()  # waits for the queued jobs
    assert len(handed) == 5 and results == []  # nothing runs on the worker's behalf until delivered
    for deliver in handed:
        deliver()
    assert results == [0, 1, 2, 3, 4]
    assert all(name.startswith("store-jobs") for name in ran_on)
    assert threading.current_thread().name not in ran_on


def test_a_failing_job_reports_its_error_and_the_next_one_still_runs() -> None:
    jobs = StoreJobs(deliver=lambda fn: fn())
    errors: list[BaseException] = []
    done: list[str] = []

    def broken() -> None:
        raise OSError("database is locked")

    jobs.submit(broken, on_error=errors.append)
    jobs.submit(lambda: "next", on_done=done.append)
    jobs.close()
    assert [str(e) for e in errors] == ["database is locked"] and done == ["next"]


def test_after_close_nothing_more_is_taken() -> None:
    jobs = StoreJobs(deliver=lambda fn: fn())
    jobs.close()
    assert jobs.submit(lambda: 1) is None
