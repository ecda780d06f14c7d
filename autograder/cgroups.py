"""One cgroup per grading sandbox: a CPU quota, a memory limit for all its processes, a task limit.

rlimits bound each process alone; a cgroup holds all processes of a sandbox, even those that
``setsid()``. cgroup v2 or v1 is found in ``/proc/self/mountinfo``. Groups go into a parent
``faircourse``: in v1 below the grader's own cgroup, in v2 next to it (a v2 group with processes
cannot pass controllers on), or at the cgroup path ``$FAIRCOURSE_CGROUP_PARENT``. Needs root.

>>> with SandboxCgroup(limits=CgroupLimits(cpus=0.5)) as group:  # doctest: +SKIP
...     subprocess.run(group.wrap(["python3", "-c", "print(1)"]), check=True)
...     group.stats().memory_limit_hit
False
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import secrets
import signal
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CgroupLimits", "CgroupStats", "SandboxCgroup", "cgroup_support", "parse_mounts"]

MOUNTINFO, SELF_CGROUP = Path("/proc/self/mountinfo"), Path("/proc/self/cgroup")
PARENT_ENV, PARENT_NAME = "FAIRCOURSE_CGROUP_PARENT", "faircourse"
CONTROLLERS = ("cpu", "memory", "pids")
CFS_PERIOD_US = 100_000
KILL_TIMEOUT, RMDIR_TIMEOUT = 5.0, 2.0  # s for kill() to empty the group, close() to remove it
SHELL, JOIN_FAILED = "/bin/sh", 125  # exit status of a command that could not join its cgroup
# sh -c SCRIPT NAME N FILE_1 .. FILE_N COMMAND...: write its own pid to each file, then exec.
_JOIN = f'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit {JOIN_FAILED}; '
_JOIN += 'n=$((n - 1)); shift; done; exec "$@"'
_unescape = functools.partial(re.sub, r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)))  # \040: space

NO_CGROUPFS = "cannot read the cgroup mounts: {error}"
MISSING = f"need controllers {list(CONTROLLERS)}: cgroup v2 ({{where}}) offers {{v2}}, v1 {{v1}}"
CANNOT_CREATE = "cannot create the cgroup {path}: {error}"
CANNOT_ENABLE = "cannot enable {value} in {path}: {error} (a v2 group holding processes cannot "
CANNOT_ENABLE += f"pass controllers on: set {PARENT_ENV} to an empty, delegated cgroup)"
CANNOT_WRITE = "cannot write {value} to {path}: {error} (not a writable cgroup file system?)"
MEMORY_NOTICE = "the memory limit of {mib:.0f} MiB for all processes together was reached"
TASKS_NOTICE = "the limit of {count} processes and threads at once was reached"


@dataclass(frozen=True)
class CgroupLimits:
    """Limits of one sandbox's cgroup, for all its processes together.

    Attributes
    ----------
    cpus : float
        CPU quota in cores: ``cpus * period`` of CPU time in each scheduling period.
    memory_bytes : int
        Memory of all processes together (and no swap beyond it, where swap is accounted).
    max_tasks : int
        Processes and threads at once (``pids.max``).
    """

    cpus: float = 1.0
    memory_bytes: int = 2 * 1024**3
    max_tasks: int = 256


@dataclass(frozen=True)
class CgroupStats:
    """What a sandbox's cgroup used, e.g. to report :data:`MEMORY_NOTICE` or :data:`TASKS_NOTICE`.

    Attributes
    ----------
    memory_peak_bytes : int or None
        Highest memory use of all processes together (None: the kernel does not say).
    memory_limit_hit : bool
        Whether the memory limit was reached (v1 ``failcnt``, v2 ``oom`` events, or OOM kills).
    oom_kills : int
        Processes the OOM killer killed for the limit.
    cpu_seconds : float or None
        CPU time of all processes together.
    tasks_limit_hit : bool
        Whether ``max_tasks`` refused a fork or a thread.
    """

    memory_peak_bytes: int | None = None
    memory_limit_hit: bool = False
    oom_kills: int = 0
    cpu_seconds: float | None = None
    tasks_limit_hit: bool = False


def parse_mounts(text: str) -> tuple[dict[str, tuple[str, str]], tuple[str, str] | None]:
    """The cgroup mounts, as ``(mount point, root)``, in ``/proc/self/mountinfo`` text.

    >>> parse_mounts("35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory")
    ({'memory': ('/sys/fs/cgroup/memory', '/')}, None)
    """
    v1: dict[str, tuple[str, str]] = {}  # controller -> mount
    v2 = None
    for line in text.splitlines():  # ID PARENT DEV ROOT POINT OPTIONS [TAGS] - TYPE SOURCE OPTIONS
        left, _, right = line.partition(" - ")
        fields, (fstype, _, opts) = left.split() + [""] * 5, (right.split() + [""] * 3)[:3]
        mount = (_unescape(fields[4]), _unescape(fields[3]))
        if fstype == "cgroup2" and v2 is None:
            v2 = mount
        elif fstype == "cgroup":
            v1 = dict.fromkeys({*CONTROLLERS, "cpuacct"} & {*opts.split(",")}, mount) | v1
    return v1, v2


@functools.cache
def cgroup_support() -> tuple[bool, str]:
    """``(True, "")`` if per-sandbox cgroups can be made here, else ``(False, reason)`` (cached)."""
    with SandboxCgroup(f"{PARENT_NAME}-probe") as probe:
        return probe.available, probe.reason


class SandboxCgroup(contextlib.AbstractContextManager):
    """A fresh cgroup for one sandbox (unique name), removed by :meth:`close` or ``with``.

    Never raises for want of cgroups: :attr:`available` is then false, :attr:`reason` says why,
    :meth:`wrap` returns the command as it is and the rest does nothing.

    Parameters
    ----------
    name_prefix : str
        Start of the group's name, followed by the pid and random hex digits.
    limits : CgroupLimits, optional
        The limits (default :class:`CgroupLimits`).
    """

    def __init__(self, name_prefix: str = PARENT_NAME, limits: CgroupLimits | None = None) -> None:
        self.limits, self.version, self.reason = limits or CgroupLimits(), 0, ""
        self.name = f"{name_prefix}-{os.getpid()}-{secrets.token_hex(4)}"
        self._dirs: dict[str, Path] = {}  # controller -> this group's directory
        self._made: list[Path] = []
        self._final: CgroupStats | None = None
        try:
            self._create()
        except (OSError, ValueError) as error:
            self.reason = str(error)
            self.close()
            self._final = None

    @property
    def available(self) -> bool:
        """Whether the group exists (made, and not closed yet)."""
        return bool(self._dirs)

    def wrap(self, argv: list[str]) -> list[str]:
        """``argv`` after a shell that moves itself into the group, then execs ``argv``.

        The pid stays the same, so sessions and ``killpg`` work as before. If the move fails,
        ``argv`` does not run and the exit status is :data:`JOIN_FAILED`.
        """
        if not self.available:
            return list(argv)
        procs = [str(path / "cgroup.procs") for path in dict.fromkeys(self._dirs.values())]
        return [SHELL, "-c", _JOIN, "faircourse-cgroup", str(len(procs)), *procs, *argv]

    def pids(self) -> set[int]:
        """The processes in the group now (zombies are not listed)."""
        return {int(p) for d in set(self._dirs.values()) for p in _read(d / "cgroup.procs").split()}

    def kill(self) -> bool:
        """SIGKILL every process in the group until none is left; whether none is left."""
        if self.version == 2 and (path := self._dirs.get("pids")):
            with contextlib.suppress(OSError):  # cgroup.kill: kernels from 5.14
                _write(path / "cgroup.kill", "1")
        deadline = time.monotonic() + KILL_TIMEOUT
        while (pids := self.pids()) and time.monotonic() < deadline:
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.005)
        return not pids

    def stats(self) -> CgroupStats:
        """What the group used so far (after :meth:`close`: up to then)."""
        if self._final is not None or not self.available:
            return self._final or CgroupStats()
        v2, get = self.version == 2, self._get
        kills = get("memory.events" if v2 else "memory.oom_control", "oom_kill") or 0
        if v2:
            peak, hits = get("memory.peak"), get("memory.events", "oom") or 0
            usage = None if (usec := get("cpu.stat", "usage_usec")) is None else usec * 1000
        else:
            peak, usage = get("memory.max_usage_in_bytes"), get("cpuacct.usage")  # ns
            hits = (get("memory.failcnt") or 0) + (get("memory.memsw.failcnt") or 0)
        cpu, tasks = None if usage is None else usage / 1e9, (get("pids.events", "max") or 0) > 0
        return CgroupStats(peak, hits + kills > 0, kills, cpu, tasks)

    def close(self) -> list[Path]:
        """Kill what is left and remove the group; the directories left (none if all went)."""
        if self._dirs:
            self._final = self.stats()
            self.kill()
        self._dirs = {}
        self._made = [path for path in reversed(self._made) if not _rmdir(path, RMDIR_TIMEOUT)]
        return list(self._made)

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _get(self, name: str, key: str = "") -> int | None:
        """A number in the group's file ``name`` (e.g. ``memory.events``), or None."""
        return _keys(self._dirs.get(name.split(".")[0], self._dirs["cpu"]) / name).get(key)

    def _create(self) -> None:
        """Make the parents (another process may make them first), this group, set the limits."""
        self.version, parents, enable = _plan()
        shared = list(dict.fromkeys(parents.values()))
        for path in [*shared, *(parent / self.name for parent in shared)]:
            try:
                path.mkdir(exist_ok=path in shared)
            except OSError as error:
                reason = CANNOT_CREATE.format(path=path, error=error.strerror or error)
                raise OSError(reason) from None
            self._made += [] if path in shared else [path]
        for path in enable:  # v2: controllers enabled in the parent apply to its children too
            have = _read(path / "cgroup.subtree_control").split()
            if missing := " ".join(f"+{c}" for c in CONTROLLERS if c not in have):
                _write(path / "cgroup.subtree_control", missing, CANNOT_ENABLE)
        self._dirs = {controller: parent / self.name for controller, parent in parents.items()}
        quota, memory = max(1000, round(self.limits.cpus * CFS_PERIOD_US)), self.limits.memory_bytes
        if self.version == 1:  # memsw (memory + swap) after memory: it may not be below it
            settings = {"cpu.cfs_period_us": CFS_PERIOD_US, "cpu.cfs_quota_us": quota}
            settings |= {"memory.limit_in_bytes": memory, "memory.memsw.limit_in_bytes": memory}
        else:
            settings = {"cpu.max": f"{quota} {CFS_PERIOD_US}", "memory.max": memory}
            settings |= {"memory.swap.max": 0}
        for name, value in {**settings, "pids.max": self.limits.max_tasks}.items():
            path = self._dirs[name.split(".")[0]] / name
            if "sw" not in name or path.exists():  # no swap accounting: no swap to limit
                _write(path, str(value))


def _plan() -> tuple[int, dict[str, Path], list[Path]]:
    """The cgroup version, each controller's parent group, and where to enable them (v2)."""
    try:
        v1, v2 = parse_mounts(MOUNTINFO.read_text())
        own: dict[str, str] = {}  # controller ("" in v2) -> the grader's cgroup
        for line in SELF_CGROUP.read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            own.update(dict.fromkeys(controllers.split(","), path))
    except (OSError, ValueError) as error:
        raise OSError(NO_CGROUPFS.format(error=error)) from None
    override = os.environ.get(PARENT_ENV, "").strip("/")

    def parent(mount: tuple[str, str], own_path: str, is_v2: bool) -> Path:
        here = Path(mount[0], own_path.removeprefix(mount[1]).strip("/"))  # mount[1]: its root
        if override:
            return Path(mount[0], override)
        return (here.parent if is_v2 and here != Path(mount[0]) else here) / PARENT_NAME

    v2_have: list[str] = []
    if v2:
        path = parent(v2, own.get("", "/"), is_v2=True)
        v2_have = _read(path.parent / "cgroup.controllers").split()
        if set(CONTROLLERS) <= set(v2_have):
            return 2, dict.fromkeys(CONTROLLERS, path), [path.parent, path]
    if set(CONTROLLERS) <= set(v1):
        wanted = [*CONTROLLERS, *(["cpuacct"] if "cpuacct" in v1 else [])]
        return 1, {c: parent(v1[c], own.get(c, "/"), is_v2=False) for c in wanted}, []
    raise OSError(MISSING.format(where=v2[0] if v2 else "not mounted", v2=v2_have, v1=sorted(v1)))


def _rmdir(path: Path, timeout: float) -> bool:
    """Remove an empty group, retrying while the kernel still holds it; whether it is gone."""
    deadline = time.monotonic() + timeout
    while path.exists() and time.monotonic() <= deadline:
        with contextlib.suppress(OSError):
            path.rmdir()
        time.sleep(0.02 * path.exists())
    return not path.exists()


def _write(path: Path, text: str, message: str = CANNOT_WRITE) -> None:
    """Write to an existing file (never creates one: a plain directory is no cgroup)."""
    try:
        with open(os.open(path, os.O_WRONLY), "w") as file:
            file.write(text)
    except OSError as error:
        reason = message.format(value=text, path=path, error=error.strerror or error)
        raise OSError(reason) from None


def _read(path: Path) -> str:
    with contextlib.suppress(OSError):
        return path.read_text()
    return ""


def _keys(path: Path) -> dict[str, int]:
    """The ``key value`` lines of a file such as ``memory.events``; a lone number has key ``""``."""
    pairs = [line.split() for line in _read(path).splitlines()]
    return {p[0] if len(p) == 2 else "": int(p[-1]) for p in pairs if p and p[-1].isdigit()}
