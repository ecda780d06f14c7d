"""Run one Jupyter notebook headless inside a bubblewrap sandbox.

The notebook runs under nbclient (started by :mod:`autograder._sandbox_runner`, mounted as a
single file) in a `bubblewrap <https://github.com/containers/bubblewrap>`_ sandbox that sees
only an allow-list of paths: the system directories, the Python installation, the packages
``faircheck`` and ``fairkit``, and a fresh, size-limited work directory holding the
notebook's ``files``. The ``autograder`` package (references, solutions, hidden-case
generators) is never there, and ``hidden_modules`` (what a question may not call) are
replaced by stubs whose import fails with a message. The notebook, its configuration and the
grader's requests reach the runner on its stdin, never as files. There is no network (only
a private loopback for the kernel), no view of the host's processes; rlimits bound memory,
CPU time, processes and file size per process, and a cgroup (where one can be made) bounds
the CPU share, the memory and the tasks of the whole sandbox. The host kills the whole
sandbox after ``total_timeout``.

How the sandbox gets a non-root user, measured on Debian 12 (kernel 6.x, bwrap 0.8):

* host user is root: bwrap sets up the mounts as root without a user namespace
  (one mapped to root would leave RLIMIT_NPROC unenforced: the kernel exempts uid 0),
  then ``setpriv`` drops to a random uid from a private range with no capabilities
  and no_new_privs, so each sandbox has its own process count;
* host user is not root: bwrap creates a user namespace (needs unprivileged user
  namespaces or a setuid bwrap); the process count is then per namespace.

Without a cgroup (not root, or no controllers delegated) the sum of memory over the
sandbox's processes is not bounded (each one is capped by ``memory_bytes``), nor its share
of the CPU: :func:`cgroup_notice` says so.

Example
-------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1 + 1)")])
>>> result = execute_notebook(nb)  # doctest: +SKIP
>>> result.status, result.notebook.cells[0].outputs[0].text  # doctest: +SKIP
('ok', '2\\n')
"""

from __future__ import annotations

import collections
import contextlib
import functools
import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

import nbformat
from nbformat import NotebookNode

from autograder import _sandbox_runner
from autograder._sandbox_runner import (
    ERROR_CHARS,
    KERNEL_DIED,
    MEMORY_EXCEEDED,
    SANDBOX_ERROR,
    STATUSES,
    TOTAL_TIMEOUT,
)
from autograder.cgroups import CgroupLimits, SandboxCgroup, cgroup_support

__all__ = [
    "STATUSES",
    "ExecutionResult",
    "SandboxPolicy",
    "cgroup_notice",
    "execute_notebook",
    "locate_module",
    "sandbox_available",
]

BWRAP_MISSING = (
    "bubblewrap (bwrap) was not found, and the autograder runs every notebook in a "
    "bubblewrap sandbox. Install the Debian/Ubuntu package `bubblewrap` "
    "(apt-get install bubblewrap). On machines without unprivileged user namespaces, "
    "bwrap must run as root or be installed setuid."
)
BAD_FILE_NAME = "files: {name!r} must be a relative path without '..' inside the work dir"
SANDBOX_FAILED = "the sandbox stopped (exit code {code}) before reporting a result"
TOTAL_TIMEOUT_REASON = (
    "the notebook ran longer than its total limit of {limit:g} s and was killed; {done}"
)
RESULT_TOO_LARGE = "the sandbox sent more than {limit} bytes of results and was killed"
GROUP_MEMORY = (
    "the notebook's processes together used more than {gib:g} GiB of memory and the system "
    "killed {n} of them"
)
NO_CGROUP = (
    "note: no cgroup per sandbox ({reason}); each process is still limited (rlimits), but "
    "not the CPU share or the memory of a sandbox's processes together: run the grader as "
    "root for that"
)

WORK_DIR = "/home/learner/work"
RUN_DIR = "/run/grader"  # the runner's own file, read-only
RUNNER = f"{RUN_DIR}/runner.py"
PACKAGES_DIR = "/opt/course-pkgs"
SANDBOX_PACKAGES = ("faircheck", "fairkit")
# Never importable in a sandbox, whatever the installation: the grading host's own package.
ALWAYS_HIDDEN = ("autograder",)
HIDDEN_MODULE = (
    "{module} is not available here: the grader runs this notebook without it, because "
    "this exercise asks you to build what it computes (see the question's 'Not allowed' note)"
)
# /etc is not bound whole: only what Python, ipykernel and the C library read.
ETC_FILES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "nsswitch.conf",
    "hosts",
    "host.conf",
    "mime.types",
    "ssl",
)
TMPFS_BYTES = 64 * 1024**2  # /tmp and /dev/shm; joblib falls back to TMPDIR when shm is small
UID_RANGE = (1 << 20, 1 << 24)  # random per-sandbox uids when the host runs as root
LOG_BYTES = 16 * 1024  # tail of the sandbox's stderr kept for error messages
KILL_GRACE = 10.0


@dataclass(frozen=True)
class SandboxPolicy:
    """Limits for one notebook run.

    Attributes
    ----------
    cell_timeout : float
        Seconds per cell; the cell is then interrupted and the next one runs.
    total_timeout : float
        Wall-clock seconds for the whole run; the sandbox is then killed.
    memory_bytes : int
        Address space per process (RLIMIT_AS), so one process cannot exhaust the host; also
        the memory of all the sandbox's processes together, where a cgroup can be made.
    cpus : float
        CPU share of the whole sandbox in cores (a cgroup quota, where one can be made), so
        that busy processes cannot slow down a classmate graded at the same time.
    cpu_seconds : int
        CPU seconds per process (RLIMIT_CPU).
    max_processes : int
        Processes and threads in the sandbox (RLIMIT_NPROC, enforced per sandbox).
        The runner and the kernel need about 20.
    max_output_chars : int
        Characters of output kept per cell; the rest is dropped with a marker.
        Error outputs are always kept (trimmed), since nbgrader grades by them.
    total_output_chars : int
        Characters of output kept for the whole notebook (replies to the grader excluded).
    network : bool
        Share the host's network instead of a private loopback-only one.
    disk_bytes : int
        Size of the in-memory work directory, and the largest file (RLIMIT_FSIZE).

    Examples
    --------
    >>> SandboxPolicy(cell_timeout=10).total_timeout
    300.0
    """

    cell_timeout: float = 30.0
    total_timeout: float = 300.0
    memory_bytes: int = 2 * 1024**3
    cpus: float = 1.0
    cpu_seconds: int = 600
    max_processes: int = 64
    max_output_chars: int = 100_000
    total_output_chars: int = 2_000_000
    network: bool = False
    disk_bytes: int = 512 * 1024**2


@dataclass(frozen=True)
class ExecutionResult:
    """Outcome of :func:`execute_notebook`.

    Attributes
    ----------
    notebook : nbformat.NotebookNode
        The executed notebook (cells not reached keep their original outputs).
    status : str
        One of :data:`STATUSES`: ``"ok"``, ``"cell_error"`` (some cell raised; normal for a
        failing test), ``"cell_timeout"``, ``"total_timeout"``, ``"kernel_died"``,
        ``"memory_exceeded"`` or ``"sandbox_error"``.
    reason : str
        Human-readable detail naming the cells concerned.
    duration : float
        Wall-clock seconds, sandbox start-up included.
    log : str
        Tail of the sandbox's stderr (kernel warnings, crash messages): the instructor's,
        never shown to the learner.
    executed : tuple of int
        Indices of the cells that ran to their end.
    """

    notebook: NotebookNode
    status: str
    reason: str
    duration: float
    log: str = field(default="", repr=False)
    executed: tuple[int, ...] = ()


def sandbox_available() -> bool:
    """Whether bwrap is installed and a trivial sandbox runs here.

    Examples
    --------
    >>> sandbox_available()  # doctest: +SKIP
    True
    """
    if shutil.which("bwrap") is None:
        return False
    argv, fds = _command(SandboxPolicy(), {}, ["true"])
    try:
        done = subprocess.run(argv, pass_fds=fds, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    finally:
        for fd in fds:
            os.close(fd)
    return done.returncode == 0


def execute_notebook(
    nb: NotebookNode | str | Path,
    *,
    files: Mapping[str, str | Path] | None = None,
    policy: SandboxPolicy | None = None,
    kernel_name: str = "python3",
    env: Mapping[str, str] | None = None,
    requests: Mapping[int, str] | None = None,
    hidden_modules: tuple[str, ...] = (),
) -> ExecutionResult:
    """Execute a notebook in a fresh sandbox and return it with a status.

    Parameters
    ----------
    nb : NotebookNode, str or Path
        The notebook, or the path of a notebook file. It is not modified.
    files : mapping of str to path, optional
        Files or directories to copy into the work directory, by relative name there.
    policy : SandboxPolicy, optional
        Limits; ``SandboxPolicy()`` by default.
    kernel_name : str
        Jupyter kernel to run the notebook with.
    env : mapping of str to str, optional
        Extra environment variables inside the sandbox (its environment is otherwise clean).
    requests : mapping of int to str, optional
        Cell index -> code the runner executes in place of that cell's source (the grader's
        requests for answers, in test cells).
    hidden_modules : tuple of str
        Modules (dotted names) that the notebook may not import: replaced by stubs.

    Returns
    -------
    ExecutionResult

    Raises
    ------
    RuntimeError
        If bwrap is not installed (message :data:`BWRAP_MISSING`).
    ValueError
        If a name in ``files`` points outside the work directory.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("open('data.csv').read()")])
    >>> execute_notebook(nb, files={"data.csv": Path("data.csv")}).status  # doctest: +SKIP
    'ok'
    """
    policy = policy or SandboxPolicy()
    if shutil.which("bwrap") is None:
        raise RuntimeError(BWRAP_MISSING)
    if isinstance(nb, str | Path):
        nb = nbformat.read(nb, as_version=4)
    source = nbformat.writes(nb)
    notebook = nbformat.reads(source, as_version=4)  # a private copy to fill in
    config = {
        **asdict(policy),
        "file_bytes": policy.disk_bytes,
        "kernel_name": kernel_name,
        "workdir": WORK_DIR,
    }
    given = {"config": config, "notebook": source, "requests": dict(requests or {})}
    stdin = json.dumps(given).encode()
    runner = [sys.executable, RUNNER]
    # The runner caps outputs per cell and per notebook (replies have their own budget per
    # cell); a stream far above this is not ours. JSON may escape a character in 6 bytes.
    replies = len(requests or {}) * policy.max_output_chars
    budget = policy.total_output_chars + replies + len(nb.cells) * ERROR_CHARS
    limit = 3 * len(stdin) + 6 * budget + 2**20
    start = time.monotonic()
    hidden = tuple(dict.fromkeys((*ALWAYS_HIDDEN, *hidden_modules)))
    argv, fds = _command(policy, dict(files or {}), runner, env=env, hidden=hidden)
    limits = CgroupLimits(
        cpus=policy.cpus, memory_bytes=policy.memory_bytes, max_tasks=4 * policy.max_processes
    )
    with SandboxCgroup(limits=limits) as group:
        run = _run(group.wrap(argv), fds, policy.total_timeout, limit, stdin, group)
        oom_kills = group.stats().oom_kills if group.available else 0
    duration = time.monotonic() - start

    done: dict = {}
    finished = []
    for event in run.events:
        if event.get("event") == "cell":
            notebook.cells[event["index"]] = nbformat.from_dict(event["cell"])
            finished.append(event["index"])
        elif event.get("event") == "done":
            done = event
            notebook.metadata.update(nbformat.from_dict(done.get("metadata", {})))
    if run.too_large:
        status, reason = SANDBOX_ERROR, RESULT_TOO_LARGE.format(limit=limit)
    elif run.timed_out:
        last = f"the last finished cell was {finished[-1]}" if finished else "no cell finished"
        status, reason = (
            TOTAL_TIMEOUT,
            TOTAL_TIMEOUT_REASON.format(limit=policy.total_timeout, done=last),
        )
    elif oom_kills and (not done or done["status"] in (KERNEL_DIED, MEMORY_EXCEEDED)):
        gib = policy.memory_bytes / 1024**3
        status, reason = MEMORY_EXCEEDED, GROUP_MEMORY.format(gib=gib, n=oom_kills)
    elif done:
        status, reason = done["status"], done["reason"]
    else:
        status = SANDBOX_ERROR
        reason = SANDBOX_FAILED.format(code=run.returncode)  # the log is the instructor's
    return ExecutionResult(notebook, status, reason, duration, run.log, tuple(finished))


@dataclass
class _Run:
    events: list[dict]
    log: str
    returncode: int | None
    timed_out: bool
    too_large: bool


def cgroup_notice() -> str:
    """Empty when every sandbox gets a cgroup here; else what is not bounded, and why."""
    available, reason = cgroup_support()
    return "" if available else NO_CGROUP.format(reason=reason)


def _run(
    argv: list[str],
    fds: list[int],
    timeout: float,
    limit: int,
    stdin: bytes,
    group: SandboxCgroup,
) -> _Run:
    """Run the sandbox, reading its result events from stdout and the tail of its stderr."""
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=fds,
            start_new_session=True,  # one process group: bwrap, which takes the sandbox along
        )
    finally:
        for fd in fds:
            os.close(fd)
    events: list[dict] = []
    tail: collections.deque[bytes] = collections.deque()
    too_large = threading.Event()

    def kill() -> None:
        # --die-with-parent makes the sandbox's init die with bwrap, and the kernel
        # then kills every process left in the sandbox's pid namespace.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        group.kill()  # processes that left the process group (setsid) are still in it

    def read_events() -> None:
        size = 0
        for line in proc.stdout:
            size += len(line)
            if size > limit:
                too_large.set()
                kill()
                break
            with contextlib.suppress(ValueError):  # a line cut short by a kill
                events.append(json.loads(line))

    def read_log() -> None:
        kept = 0
        for chunk in iter(lambda: proc.stderr.read1(4096), b""):
            tail.append(chunk)
            kept += len(chunk)
            while kept - len(tail[0]) >= LOG_BYTES:
                kept -= len(tail.popleft())

    def write_input() -> None:
        with contextlib.suppress(OSError):  # a sandbox that died early reads nothing
            proc.stdin.write(stdin)
        with contextlib.suppress(OSError):
            proc.stdin.close()

    tasks = (read_events, read_log, write_input)
    readers = [threading.Thread(target=f, daemon=True) for f in tasks]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill()
        timed_out = True
    finally:
        group.kill()  # nothing of a finished sandbox may outlive it
        proc.wait(timeout=KILL_GRACE)
        for reader in readers:
            reader.join(timeout=KILL_GRACE)
        proc.stdout.close()
        proc.stderr.close()
    log = b"".join(tail).decode(errors="replace")
    return _Run(events, log, proc.returncode, timed_out, too_large.is_set())


def _command(
    policy: SandboxPolicy,
    files: dict[str, str | Path],
    command: list[str],
    env: Mapping[str, str] | None = None,
    hidden: tuple[str, ...] = ALWAYS_HIDDEN,
) -> tuple[list[str], list[int]]:
    """The bwrap command line running ``command``, and the fds it needs passed."""
    root = os.geteuid() == 0
    uid = secrets.randbelow(UID_RANGE[1] - UID_RANGE[0]) + UID_RANGE[0] if root else 1000
    data = {
        "/etc/passwd": f"learner:x:{uid}:{uid}:learner:{WORK_DIR}:/bin/sh\n",
        "/etc/group": f"learner:x:{uid}:\n",
    }
    fds: list[int] = []
    try:
        mounts, pythonpath = _mounts(policy, files, data, fds, hidden)
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    argv = ["bwrap"]
    for mount in mounts:
        argv += mount[1:]
    argv += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    argv += [] if policy.network else ["--unshare-net"]
    argv += ["--hostname", "sandbox", "--die-with-parent", "--new-session", "--chdir", WORK_DIR]
    argv += ["--clearenv"]
    for key, value in {**_environment(pythonpath), **(env or {})}.items():
        argv += ["--setenv", key, value]
    if root:
        argv += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
        argv += ["--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    else:
        argv[1:1] = ["--unshare-user", "--uid", str(uid), "--gid", str(uid), "--disable-userns"]
    return argv + command, fds


def _mounts(
    policy: SandboxPolicy,
    files: dict[str, str | Path],
    data: Mapping[str, str],
    fds: list[int],
    hidden: tuple[str, ...],
) -> tuple[list[tuple[str, ...]], list[str]]:
    """The file system as ``(destination, *bwrap arguments)``, parents first, and PYTHONPATH."""
    mounts: list[tuple[str, ...]] = []
    for name in ("usr", "bin", "sbin", "lib", "lib64", "lib32"):
        path = Path("/", name)
        if path.is_symlink():  # merged /usr: /bin -> usr/bin
            mounts.append((str(path), "--symlink", os.readlink(path), str(path)))
        elif path.is_dir():
            mounts.append((str(path), "--ro-bind", str(path), str(path)))
    for name in (*ETC_FILES, "resolv.conf") if policy.network else ETC_FILES:
        mounts.append((f"/etc/{name}", "--ro-bind-try", f"/etc/{name}", f"/etc/{name}"))
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}:
        for path in {os.path.abspath(prefix), os.path.realpath(prefix)}:
            mounts.append((path, "--ro-bind", path, path))
    packages = _package_dirs()
    for name, path in packages.items():
        mounts.append((f"{PACKAGES_DIR}/{name}", "--ro-bind", path, f"{PACKAGES_DIR}/{name}"))
    runner = os.path.realpath(_sandbox_runner.__file__)
    mounts.append((RUNNER, "--ro-bind", runner, RUNNER))
    tmpfs = str(TMPFS_BYTES)
    mounts += [
        ("/dev", "--dev", "/dev"),
        ("/proc", "--proc", "/proc"),
        ("/tmp", "--perms", "1777", "--size", tmpfs, "--tmpfs", "/tmp"),
        ("/dev/shm", "--perms", "1777", "--size", tmpfs, "--tmpfs", "/dev/shm"),
        (WORK_DIR, "--perms", "0777", "--size", str(policy.disk_bytes), "--tmpfs", WORK_DIR),
        (f"{WORK_DIR}/.tmp", "--perms", "0777", "--dir", f"{WORK_DIR}/.tmp"),
    ]
    for name, source in files.items():
        mounts += _copy_in(name, Path(source), fds)
    trees = {m[2]: m[0] for m in mounts if m[1] == "--ro-bind"}  # host path -> sandbox path
    stubs: dict[str, str] = {}
    for module in hidden:
        mounts += _hide(module, trees, stubs)
    data = {**data, **stubs}
    for dest, text in sorted(data.items()):
        # A read-only file with this content, passed through an anonymous memory file.
        fds.append(os.memfd_create("sandbox-data"))
        with open(fds[-1], "wb", closefd=False) as f:
            f.write(text.encode())
        os.lseek(fds[-1], 0, os.SEEK_SET)
        mounts.append((dest, "--perms", "0444", "--ro-bind-data", str(fds[-1]), dest))

    # Create missing parents as 0755 (bwrap would copy the host's mode, and /root is
    # 0700), then sort so that parents come first (/tmp before /tmp/venv).
    dests = {m[0] for m in mounts}
    parents = {str(p) for m in mounts for p in PurePosixPath(m[0]).parents} - dests - {"/"}
    mounts += [(p, "--perms", "0755", "--dir", p) for p in parents]
    mounts = sorted(dict.fromkeys(mounts), key=lambda m: PurePosixPath(m[0]).parts)
    return mounts, [PACKAGES_DIR] if packages else []


def _hide(module: str, trees: Mapping[str, str], stubs: dict[str, str]) -> list[tuple[str, ...]]:
    """Mounts replacing ``module`` by a stub whose import fails, where a mount exposes it.

    A package directory is covered by an empty tmpfs holding only a failing ``__init__.py``;
    a single-file module is covered by the failing file. Its real files are then nowhere in
    the sandbox, so no string trick imports them. ``stubs`` gets the stub files' texts.
    """
    found = locate_module(module)
    if found is None:
        return []
    host, package = found
    inside = [t for t in trees if host == t or host.startswith(t.rstrip("/") + "/")]
    if not inside:
        return []  # not mounted at all: nothing to hide
    tree = max(inside, key=len)
    dest = trees[tree] + host[len(tree) :]
    stub = f"raise ImportError({HIDDEN_MODULE.format(module=module)!r})\n"
    if not package:
        stubs[dest] = stub
        return []
    stubs[f"{dest}/__init__.py"] = stub
    return [(dest, "--perms", "0755", "--size", str(2**16), "--tmpfs", dest)]


@functools.cache
def locate_module(module: str) -> tuple[str, bool] | None:
    """(real path, is a package) of an installed module, found without importing anything.

    ``importlib.util.find_spec("sklearn.metrics")`` would import scikit-learn (a second of a
    grading process's time): only the top-level module is looked up, the rest on disk.
    """
    top, *rest = module.split(".")
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin in ("built-in", "frozen"):
        return None
    locations = list(spec.submodule_search_locations or [])
    if not rest:
        if locations:
            return os.path.realpath(locations[0]), True
        return (os.path.realpath(spec.origin), False) if spec.origin else None
    if not locations:
        return None
    path = Path(locations[0], *rest)
    if (path / "__init__.py").is_file():
        return os.path.realpath(path), True
    if path.with_suffix(".py").is_file():
        return os.path.realpath(path.with_suffix(".py")), False
    return None


def _copy_in(name: str, source: Path, fds: list[int]) -> list[tuple[str, ...]]:
    """bwrap arguments copying a host file or directory into the work dir as ``name``."""
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise ValueError(BAD_FILE_NAME.format(name=name))
    dest = f"{WORK_DIR}/{rel}"
    if source.is_dir():
        found = [(dest, "--perms", "0777", "--dir", dest)]
        for child in sorted(source.iterdir()):
            found += _copy_in(f"{rel}/{child.name}", child, fds)
        return found
    # --file copies the content (as root when the host is root), so the copy is
    # writable by the learner whatever the host file's owner and mode.
    fds.append(os.open(source, os.O_RDONLY))
    return [(dest, "--perms", "0666", "--file", str(fds[-1]), dest)]


def _package_dirs() -> dict[str, str]:
    """Course packages living outside the Python installation (editable or repo imports).

    Only the package directories are bound, never their parent (the repository holds
    solutions/ with hidden tests).
    """
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)}
    found = {}
    for name in SANDBOX_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        path = os.path.realpath(next(iter(spec.submodule_search_locations)))
        if not any(path.startswith(prefix + os.sep) for prefix in prefixes):
            found[name] = path
    return found


def _environment(pythonpath: list[str]) -> dict[str, str]:
    """A clean environment: nothing leaks from the host's."""
    threads = {
        name: "1"  # graders run several sandboxes at once; BLAS threads also cost memory
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    }
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": WORK_DIR,
        "USER": "learner",
        "LOGNAME": "learner",
        "TMPDIR": f"{WORK_DIR}/.tmp",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        # Jupyter and IPython state stays out of the learner's work dir.
        "JUPYTER_PLATFORM_DIRS": "1",
        "JUPYTER_CONFIG_DIR": "/tmp/jupyter/config",
        "JUPYTER_DATA_DIR": "/tmp/jupyter/data",
        "JUPYTER_RUNTIME_DIR": "/tmp/jupyter/runtime",
        "IPYTHONDIR": "/tmp/ipython",
        **threads,
    }
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(pythonpath)
    return env
