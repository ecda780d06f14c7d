"""Run jobs in parallel, each in a process of its own, so that one job's death is its own.

Each job runs in a child forked from this process (which has already imported what the jobs
need, so a child starts in milliseconds). A child that dies (killed for memory, a crash)
fails only its own job: the caller gets its exit status and reports that learner alone.

Two things a forked child must not inherit. A native thread pool (OpenMP, BLAS) that this
process started before the fork has no threads in the child, and the first parallel call
there waits for them forever (scikit-learn's nearest neighbours did, in the m04 references):
each child limits those pools to one thread, as its sandbox has one core anyway. And a child
that hangs for any other reason is killed at its deadline, failing that learner alone.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable
from multiprocessing.connection import wait
from typing import Any

__all__ = ["OVERTIME", "died_reason", "run_forked", "run_isolated"]

DIED = "the grading process of this submission {how}; the other submissions were not affected"
OVERTIME = 124  # the exit status reported for a child killed at its deadline (as timeout(1))


def died_reason(exitcode: int | None) -> str:
    """Words for a child's exit status.

    Examples
    --------
    >>> died_reason(-9)
    'the grading process of this submission was killed by SIGKILL (out of memory?); ...'
    """
    if exitcode == OVERTIME:
        how = "was stopped at the grader's time limit for one submission"
    elif exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = " (out of memory?)" if name == "SIGKILL" else ""
        how = f"was killed by {name}{hint}"
    else:
        how = f"stopped with exit status {exitcode}"
    return DIED.format(how=how)


def _child(target: Callable[[Any], None], job: Any) -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    target(job)


def run_isolated(
    jobs: Iterable[Any],
    target: Callable[[Any], None],
    done: Callable[[Any, int | None], None],
    *,
    workers: int,
    deadline: float | None = None,
) -> None:
    """Run ``target(job)`` for every job, at most ``workers`` at once, each in its own process.

    ``done(job, exitcode)`` is called in this process as each finishes (0: it returned). A
    child still running ``deadline`` seconds after its start is killed and reported with
    :data:`OVERTIME`.
    """
    context = multiprocessing.get_context("fork")
    queue = list(jobs)
    running: dict[Any, tuple[Any, Any, float]] = {}
    while queue or running:
        while queue and len(running) < max(1, workers):
            job = queue.pop(0)
            process = context.Process(target=_child, args=(target, job), daemon=True)
            process.start()
            ends = time.monotonic() + deadline if deadline is not None else float("inf")
            running[process.sentinel] = (process, job, ends)
        soonest = min(ends for _, _, ends in running.values())
        timeout = None if soonest == float("inf") else max(0.0, soonest - time.monotonic())
        ready = wait(list(running), timeout=timeout)
        now = time.monotonic()
        for sentinel in list(running):
            process, job, ends = running[sentinel]
            if sentinel not in ready and now < ends:
                continue
            overtime = sentinel not in ready
            if overtime:
                process.kill()
            process.join()
            del running[sentinel]
            done(job, OVERTIME if overtime else process.exitcode)
            process.close()


def run_forked(target: Callable[[Any], None], job: Any, *, deadline: float) -> int | None:
    """Run ``target(job)`` in a forked child; its exit status, or :data:`OVERTIME` if killed.

    For a process that :mod:`multiprocessing` will not let have children: a Dask worker
    under its nanny is a daemonic process. The child leaves with ``os._exit`` so that none
    of the parent's exit handlers (its event loop, its connections) run in it.
    """
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            _die_with_parent()
            _child(target, job)
            code = 0
        finally:
            os._exit(code)
    ends = time.monotonic() + deadline
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= ends:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return OVERTIME
        time.sleep(0.05)


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when the thread that forked it exits.

    A worker that is killed must not leave its learner's grading running, unseen, on a core.
    """
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the orphan finishes on its own
        pass
