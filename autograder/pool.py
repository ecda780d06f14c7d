"""Run jobs in parallel, each in a process of its own, so that one job's death is its own.

Each job runs in a child forked from this process (which has already imported what the jobs
need, so a child starts in milliseconds). A child that dies (killed for memory, a crash)
fails only its own job: the caller gets its exit status and reports that learner alone.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable
from multiprocessing.connection import wait
from typing import Any

__all__ = ["died_reason", "run_isolated"]

DIED = "the grading process of this submission {how}; the other submissions were not affected"


def died_reason(exitcode: int | None) -> str:
    """Words for a child's exit status.

    Examples
    --------
    >>> died_reason(-9)
    'the grading process of this submission was killed by SIGKILL (out of memory?); ...'
    """
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = " (out of memory?)" if name == "SIGKILL" else ""
        how = f"was killed by {name}{hint}"
    else:
        how = f"stopped with exit status {exitcode}"
    return DIED.format(how=how)


def _child(target: Callable[[Any], None], job: Any) -> None:
    target(job)


def run_isolated(
    jobs: Iterable[Any],
    target: Callable[[Any], None],
    done: Callable[[Any, int | None], None],
    *,
    workers: int,
) -> None:
    """Run ``target(job)`` for every job, at most ``workers`` at once, each in its own process.

    ``done(job, exitcode)`` is called in this process as each finishes (0: it returned).
    """
    context = multiprocessing.get_context("fork")
    queue = list(jobs)
    running: dict[Any, tuple[Any, Any]] = {}
    while queue or running:
        while queue and len(running) < max(1, workers):
            job = queue.pop(0)
            process = context.Process(target=_child, args=(target, job), daemon=True)
            process.start()
            running[process.sentinel] = (process, job)
        for sentinel in wait(list(running)):
            process, job = running.pop(sentinel)
            process.join()
            done(job, process.exitcode)
            process.close()
