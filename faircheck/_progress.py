"""Where the self-check keeps a learner's progress, so that it survives a kernel restart.

The file holds only what the learner's own kernel found: which questions passed the public
examples, and how many hints of each were shown; nothing secret, nothing graded. Inside a
Jupyter kernel it is, by default, one small JSON file per exercise folder in the learner's data
folder (``$FAIRCHECK_PROGRESS_DIR``, else ``$XDG_DATA_HOME/faircheck``, else
``~/.local/share/faircheck``), named after the exercise and the notebook's folder: two copies
of an exercise in two folders keep two progresses, and the exercise folder itself (which may be
the course repository's ``exercises/``) stays as it was handed out. Outside a kernel (a script,
a test) progress stays in memory unless a file is given.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "p.json"
>>> save(path, "m00-orientation", {"q1": "passed"}, {"q1": 1})
>>> load(path)
({'q1': 'passed'}, {'q1': 1})
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

__all__ = ["PROGRESS_DIR_ENV", "default_progress_file", "load", "save"]

PROGRESS_DIR_ENV = "FAIRCHECK_PROGRESS_DIR"
_STATUSES = ("passed", "failed")


def _in_kernel() -> bool:
    """Whether this runs in a Jupyter kernel (not merely where IPython is imported)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and type(shell).__module__.startswith("ipykernel")


def default_progress_file(assignment: str) -> Path | None:
    """The progress file of ``assignment`` for the notebook in the current folder, or None."""
    if not _in_kernel():
        return None
    try:
        base = os.environ.get(PROGRESS_DIR_ENV)
        if not base:
            data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
            base = Path(data) / "faircheck"
        folder = hashlib.sha256(str(Path.cwd().resolve()).encode()).hexdigest()[:12]
    except (RuntimeError, KeyError, OSError):  # no home, a vanished folder: memory only
        return None
    return Path(base) / f"{assignment}-{folder}.json"


def load(path: Path | None) -> tuple[dict[str, str], dict[str, int]]:
    """(status by question, hints seen by question) from ``path``; empty if unreadable."""
    if path is None or not Path(path).is_file():
        return {}, {}
    try:
        state = json.loads(Path(path).read_text(encoding="utf-8"))
        status = {str(k): str(v) for k, v in state.get("status", {}).items() if v in _STATUSES}
        hints = {str(k): int(v) for k, v in state.get("hints_seen", {}).items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}, {}  # an unreadable file: start afresh
    return status, hints


def save(path: Path | None, assignment: str, status: dict, hints: dict) -> None:
    """Write the progress to ``path`` (atomically; silently not at all if it cannot)."""
    if path is None:
        return
    path = Path(path)
    state = {"assignment": assignment, "status": status, "hints_seen": hints}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # progress is a convenience; never disturb the notebook
