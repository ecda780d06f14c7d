"""Execute one notebook inside the sandbox and stream the results to the host.

:mod:`autograder.sandbox` mounts this file read-only in the sandbox (the ``autograder``
package itself is not there) and starts it as ``python /run/grader/runner.py``. It reads
one JSON object from stdin, ``{"config": {...}, "notebook": "<ipynb text>", "requests":
{"<cell index>": "<code>"}}``, then closes stdin, so nothing it was given can be read by the
notebook's kernel, which it starts only afterwards (the runner is also non-dumpable: the
kernel, running under the same uid, cannot read its memory or its file descriptors).

It applies the resource limits to itself (the kernel inherits them) and runs every code
cell with nbclient; a cell with a request (a test cell) runs the request's code instead of
its own source: the grader's call that asks the learner's answer for its outputs. It writes
one JSON object per line to stdout:

* ``{"event": "cell", "index": i, "cell": {...}}`` after each executed code cell,
  so the host keeps the finished cells when it has to kill the sandbox;
* ``{"event": "done", "status": ..., "reason": ..., "metadata": {...}}`` at the end.

Example (what the host does, without the sandbox)::

    $ echo '{"config": {}, "notebook": "...", "requests": {}}' | python _sandbox_runner.py
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import resource
import signal
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

# Statuses shared with autograder.sandbox.
OK = "ok"
CELL_ERROR = "cell_error"
CELL_TIMEOUT = "cell_timeout"
KERNEL_UNRESPONSIVE = "kernel_unresponsive"
TOTAL_TIMEOUT = "total_timeout"
KERNEL_DIED = "kernel_died"
MEMORY_EXCEEDED = "memory_exceeded"
SANDBOX_ERROR = "sandbox_error"
STATUSES = (
    OK,
    CELL_ERROR,
    CELL_TIMEOUT,
    KERNEL_UNRESPONSIVE,
    TOTAL_TIMEOUT,
    KERNEL_DIED,
    MEMORY_EXCEEDED,
    SANDBOX_ERROR,
)

TIMEOUT_ENAME = "CellTimeoutError"
TIMEOUT_NOTE = "This cell ran longer than {limit:g} s and was interrupted."
TRUNCATED_NOTE = (
    "\n[autograder] Output truncated: output is limited to {limit} characters per cell and "
    "{total} per notebook; {dropped} more characters were dropped.\n"
)
DROPPED_NOTE = "[autograder] Output dropped: the cell's output limit was reached."
DEFAULTS: dict[str, Any] = {
    "cell_timeout": 30.0,
    "memory_bytes": 2 * 1024**3,
    "cpu_seconds": 600,
    "max_processes": 64,
    "file_bytes": 512 * 1024**2,
    "max_output_chars": 100_000,
    "total_output_chars": 2_000_000,
    "kernel_name": "python3",
    "workdir": ".",
}
# How long a kernel may take to answer after the timeout interrupt, beyond the
# iopub_timeout (4 s) that nbclient already waited for it to go idle.
INTERRUPT_GRACE = 2.0
# An error output is always kept (nbgrader fails a test cell by it), trimmed to this size.
ERROR_CHARS = 5_000
# Display outputs of this MIME type are the replies of faircheck._protocol, by which the host
# judges test cells: they have their own budget per cell (max_output_chars), so that a correct
# answer that prints a lot does not lose its replies.
REPLY_MIME = "application/vnd.faircourse.reply+json"


def set_limits(cfg: dict[str, Any]) -> None:
    """Lower this process's rlimits; the kernel and its children inherit them.

    RLIMIT_NPROC counts processes and threads per uid: the host runs every sandbox
    under its own uid (or user namespace), so the count is per sandbox.
    """
    memory = int(cfg["memory_bytes"])
    cpu = int(cfg["cpu_seconds"])
    limits = {
        resource.RLIMIT_AS: (memory, memory),
        # SIGXCPU at the soft limit, SIGKILL at the hard one.
        resource.RLIMIT_CPU: (cpu, cpu + 5),
        resource.RLIMIT_FSIZE: (int(cfg["file_bytes"]),) * 2,
        resource.RLIMIT_CORE: (0, 0),
        resource.RLIMIT_NPROC: (int(cfg["max_processes"]),) * 2,
    }
    for kind, value in limits.items():
        resource.setrlimit(kind, value)


def _make_non_dumpable() -> None:
    # The notebook's processes share our uid; a non-dumpable process cannot be
    # ptraced by them and hides /proc/<pid>/fd, so they cannot write into our stdout.
    # (They can still tamper with their own kernel, as in any nbgrader setup.)
    pr_set_dumpable = 4
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, 0, 0, 0, 0)


def _output_size(out: NotebookNode) -> int:
    if out.output_type == "stream":
        return len(out.text)
    if out.output_type == "error":
        return len(out.evalue) + sum(len(line) for line in out.traceback)
    return len(json.dumps(out.get("data", {})))


def _trim_error(out: NotebookNode, chars: int) -> None:
    out.evalue = out.evalue[:1000]
    kept: list[str] = []
    for line in reversed(out.traceback):  # the last frames say most
        if len(line) > chars:
            break
        kept.insert(0, line)
        chars -= len(line)
    out.traceback = kept


def cell_label(cell: NotebookNode, index: int) -> str:
    """Name a cell by its index and, if present, its nbgrader grade_id."""
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"cell {index} ({grade_id})" if grade_id else f"cell {index}"


def _make_client_class() -> type:
    # nbformat and nbclient are imported lazily: the host imports this module for its
    # constants, and main() first keeps a slow optional import out.
    import nbformat
    from nbclient import NotebookClient

    class SandboxClient(NotebookClient):
        """NotebookClient that caps each cell's output while it arrives."""

        def __init__(
            self,
            nb: NotebookNode,
            max_chars: int,
            cell_timeout: float,
            total_chars: int,
            **kw: Any,
        ) -> None:
            # timeout_func, not the timeout trait: the trait only takes whole seconds.
            super().__init__(nb, timeout_func=lambda cell: cell_timeout, **kw)
            self.max_chars = max_chars
            self.total_left = total_chars  # for the whole notebook, replies not counted
            self.total_chars = total_chars
            self.cell_timeout = cell_timeout
            self.timed_out: list[int] = []
            self.on_cell_execute = self._start_cell
            self.on_cell_executed = self._finish_cell
            self._start_cell()

        def _start_cell(self, **_: Any) -> None:
            self._used = 0
            self._records_used = 0
            self._dropped = 0
            self._marker: NotebookNode | None = None

        def _finish_cell(self, cell: NotebookNode, cell_index: int, execute_reply: Any) -> None:
            if self._marker is not None:
                self._marker.text = TRUNCATED_NOTE.format(
                    limit=self.max_chars, total=self.total_chars, dropped=self._dropped
                )
            content = (execute_reply or {}).get("content", {})
            if content.get("ename") == TIMEOUT_ENAME:
                self.timed_out.append(cell_index)
                note = TIMEOUT_NOTE.format(limit=self.cell_timeout)
                cell.outputs.append(
                    nbformat.v4.new_output("error", ename=TIMEOUT_ENAME, evalue=note, traceback=[])
                )

        def clear_output(self, outs: list, msg: dict, cell_index: int) -> None:
            super().clear_output(outs, msg, cell_index)
            if not msg["content"].get("wait"):
                self._start_cell()

        def output(self, outs: list, msg: dict, display_id: Any, cell_index: int) -> Any:
            if self.clear_before_next_output:  # a deferred clear_output(wait=True) happens now
                self._start_cell()
            out = super().output(outs, msg, display_id, cell_index)
            if out is None:
                return out
            size = _output_size(out)
            if REPLY_MIME in out.get("data", {}) and self._records_used + size <= self.max_chars:
                self._records_used += size
                return out
            room = min(self.max_chars - self._used, self.total_left)
            if size <= room:
                self._used += size
                self.total_left -= size
                return out
            self._used = self.max_chars
            self.total_left -= max(room, 0)
            self._dropped += size - max(room, 0)
            if out.output_type == "error":
                _trim_error(out, max(room, ERROR_CHARS))
            elif out.output_type == "stream":
                if room > 0:
                    out.text = out.text[:room]
                else:
                    outs.pop()  # streams carry no display_id, so no index shifts
                if self._marker is None:
                    self._marker = nbformat.v4.new_output("stream", name=out.name, text="")
                    outs.append(self._marker)
            else:
                # Keep the output in place: display_id updates refer to it by index.
                out.data = {"text/plain": DROPPED_NOTE}
                out.metadata = {}
            return out

    return SandboxClient


async def _responsive(client: Any) -> bool:
    """Whether the kernel answers again after the timeout interrupt."""
    try:
        await client.kc.kernel_info(reply=True, timeout=INTERRUPT_GRACE)
    except TimeoutError:
        return False
    return True


def _exit_note(client: Any) -> str:
    process = getattr(client.km.provisioner, "process", None)
    code = getattr(process, "returncode", None)
    if code is None:
        return "exit status unknown"
    if code >= 0:
        return f"exit code {code}"
    name = signal.Signals(-code).name
    if name == "SIGXCPU":
        return f"killed by {name}: CPU time limit reached"
    return f"killed by {name}"


def summarize(nb: NotebookNode, timed_out: list[int], cfg: dict[str, Any]) -> tuple[str, str]:
    """Status and reason of a notebook whose cells all ran."""
    failed = [
        i
        for i, cell in enumerate(nb.cells)
        if any(o.output_type == "error" for o in cell.get("outputs", []))
    ]
    for i in failed:
        if any(o.get("ename") == "MemoryError" for o in nb.cells[i].outputs):
            limit = cfg["memory_bytes"] / 1024**3
            return MEMORY_EXCEEDED, (
                f"{cell_label(nb.cells[i], i)} raised MemoryError "
                f"(limit {limit:g} GiB of address space per process)"
            )
    if timed_out:
        cells = ", ".join(cell_label(nb.cells[i], i) for i in timed_out)
        return CELL_TIMEOUT, f"timed out after {cfg['cell_timeout']:g} s and interrupted: {cells}"
    if failed:
        cells = ", ".join(cell_label(nb.cells[i], i) for i in failed)
        return CELL_ERROR, f"errors raised in: {cells}"
    return OK, "all cells ran"


async def execute(
    nb: NotebookNode, cfg: dict[str, Any], emit: Any, requests: dict[str, str]
) -> tuple[str, str]:
    """Run the code cells of ``nb``, emitting each finished cell; return status and reason.

    A cell whose index is a key of ``requests`` runs that code instead of its own source.
    """
    from nbclient.exceptions import DeadKernelError

    client = _make_client_class()(
        nb,
        int(cfg["max_output_chars"]),
        float(cfg["cell_timeout"]),
        int(cfg["total_output_chars"]),
        # Interrupt a cell at its timeout and go on with the next one, like allow_errors.
        interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMEOUT_ENAME, "evalue": "", "traceback": []},
        allow_errors=True,
        kernel_name=cfg["kernel_name"],
        resources={"metadata": {"path": cfg["workdir"]}},
        # No IPython history database (a thread and an SQLite file we do not need).
        extra_arguments=["--HistoryManager.enabled=False"],
        # Kill the kernel at the end instead of waiting up to 5 s for a stuck one to quit:
        # the sandbox goes away anyway.
        shutdown_kernel="immediate",
    )
    async with client.async_setup_kernel():
        info = await client.kc.kernel_info(reply=True, timeout=client.startup_timeout)
        nb.metadata["language_info"] = info["content"].get("language_info", {})
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            source = cell.source
            if str(index) in requests:
                cell.source = requests[str(index)]
            try:
                await client.async_execute_cell(
                    cell, index, execution_count=client.code_cells_executed + 1
                )
            except DeadKernelError:
                cell.source = source
                emit({"event": "cell", "index": index, "cell": cell})
                return KERNEL_DIED, (
                    f"the kernel died while running {cell_label(cell, index)} "
                    f"({_exit_note(client)}); later cells were not run"
                )
            cell.source = source
            emit({"event": "cell", "index": index, "cell": cell})
            if index in client.timed_out and not await _responsive(client):
                return KERNEL_UNRESPONSIVE, (
                    f"{cell_label(cell, index)} exceeded {cfg['cell_timeout']:g} s and the "
                    "kernel did not respond to the interrupt; later cells were not run"
                )
    return summarize(nb, client.timed_out, cfg)


def _read_input() -> dict[str, Any]:
    """The whole of stdin, then stdin replaced by /dev/null (the kernel inherits fd 0)."""
    with os.fdopen(os.dup(0), "rb") as stream:
        data = json.loads(stream.read())
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return data


def main(argv: list[str]) -> int:
    """Entry point: the input comes on stdin (see the module's docstring)."""
    _make_non_dumpable()
    given = _read_input()
    cfg = {**DEFAULTS, **given.get("config", {})}
    requests = {str(k): str(v) for k, v in given.get("requests", {}).items()}
    # The protocol gets a private copy of stdout (not inherited by the kernel); fd 1
    # becomes stderr, so stray prints of libraries and the kernel go to the host's log.
    protocol = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)

    def emit(event: dict[str, Any]) -> None:
        protocol.write(json.dumps(event) + "\n")
        protocol.flush()

    set_limits(cfg)
    # jsonschema (under nbformat) imports rfc3987_syntax when installed, which builds a
    # grammar for 2 s at import; notebooks never need its IRI format check.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    import nbformat

    metadata = {}
    try:
        nb = nbformat.reads(given["notebook"], as_version=4)
        del given
        metadata = nb.metadata
        status, reason = asyncio.run(execute(nb, cfg, emit, requests))
    except Exception as exc:  # report, do not hide: the host turns it into sandbox_error
        status, reason = SANDBOX_ERROR, f"runner failed: {type(exc).__name__}: {exc}"
    emit({"event": "done", "status": status, "reason": reason, "metadata": metadata})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
