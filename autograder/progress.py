"""``faircourse progress``: where every learner stands against the certificate rule.

The rule: at least ``threshold`` % (70 by default) of the points of every module, written
answers included once they are graded. A learner whose written answers still await grading,
whose submission could not be graded or was flagged as tampered is not (yet) certified.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ModuleResult", "Progress", "course_progress", "read_results", "write_progress_csv"]

DEFAULT_THRESHOLD = 70.0
NO_RESULTS = "no results folder {path}: give the --out folder of `faircourse grade`"
EMPTY_RESULTS = "results folder {path} has no <student>/result.json: run `faircourse grade` first"
TWO_FOLDERS = "module {assignment} is in two results folders ({a} and {b}): give each once"
BAD_THRESHOLD = "threshold must be a percentage in (0, 100], got {value!r}"
BAD_RESULT = "{path} is not a result written by `faircourse grade` (missing {key!r})"

PASSED, BELOW, PENDING, MISSING, ERROR, FLAGGED = (
    "passed",
    "below threshold",
    "awaiting grading",
    "not submitted",
    "grading error",
    "tampered",
)


@dataclass(frozen=True)
class ModuleResult:
    """One learner's standing in one module."""

    student_id: str
    module: str
    score: float
    max_score: float
    status: str  # PASSED, BELOW, PENDING, MISSING, ERROR or FLAGGED
    required: float  # points needed
    pending: tuple[str, ...] = ()  # written answers awaiting grading
    detail: str = ""

    @property
    def missing_points(self) -> float:
        return max(0.0, self.required - self.score)


@dataclass
class Progress:
    """Every learner's module results and whether each meets the certificate rule."""

    threshold: float
    modules: list[str]
    rows: dict[str, list[ModuleResult]] = field(default_factory=dict)

    def passed(self, student: str) -> bool:
        return all(r.status == PASSED for r in self.rows[student])

    def lacking(self, student: str) -> list[str]:
        """What keeps ``student`` from the certificate, one phrase per module."""
        out = []
        for r in self.rows[student]:
            if r.status == PASSED:
                continue
            if r.status == MISSING:
                out.append(f"{r.module}: not submitted ({r.required:g} points needed)")
                continue
            text = f"{r.module}: {r.score:g}/{r.max_score:g}"
            if r.missing_points > 0:
                text += f", {r.missing_points:g} more point(s) needed"
            if r.pending:
                text += f"; awaiting grading: {', '.join(r.pending)}"
            if r.status in (ERROR, FLAGGED):
                text += f"; {r.status}: {r.detail}"
            out.append(text)
        return out


def read_results(results_dir: Path) -> list[dict]:
    """The learners' results of one ``faircourse grade`` folder, manual grades included.

    Scores come from nbgrader's gradebook when it is there (a written answer graded in the
    formgrader counts at once), else from ``result.json``. Each record has ``student_id``,
    ``assignment``, ``score``, ``max_score``, ``status``, ``detail`` and ``pending`` (the
    written answers still awaiting grading). Kept in one function so a change of the results
    layout touches one place.
    """
    results_dir = Path(results_dir)
    if not results_dir.is_dir():
        raise FileNotFoundError(NO_RESULTS.format(path=results_dir))
    files = sorted(results_dir.glob("*/result.json"))
    if not files:
        raise FileNotFoundError(EMPTY_RESULTS.format(path=results_dir))
    records = []
    for path in files:
        r = json.loads(path.read_text(encoding="utf-8"))
        for key in ("student_id", "assignment", "score", "max_score", "status"):
            if key not in r:
                raise ValueError(BAD_RESULT.format(path=path, key=key))
        pending = [q["id"] for q in r.get("questions", []) if q.get("needs_manual")]
        records.append({**r, "pending": pending, "detail": r.get("detail", "")})
    db = results_dir / "course" / "gradebook.db"
    if db.exists():
        _refresh_from_gradebook(db, records)
    return records


def _refresh_from_gradebook(db: Path, records: list[dict]) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{db}") as gb:
        for r in records:
            if r["status"] == "grading_error" and not r.get("questions"):
                continue
            try:
                sub = gb.find_submission(r["assignment"], r["student_id"])
            except MissingEntry:
                continue
            r["score"], r["max_score"] = float(sub.score), float(sub.max_score)
            r["pending"] = [
                g.name.rsplit("_", 1)[0]
                for nb in sub.notebooks
                for g in nb.grades
                if g.needs_manual_grade
            ]
            if r["status"] == "needs_manual" and not r["pending"]:
                r["status"], r["detail"] = "graded", ""


def _module_result(r: dict | None, student: str, module: str, threshold: float, maximum: float):
    if r is None:
        required = threshold / 100 * maximum
        return ModuleResult(student, module, 0.0, maximum, MISSING, required)
    score, max_score = float(r["score"]), float(r["max_score"])
    required = threshold / 100 * max_score
    pending = tuple(r["pending"])
    status = {"grading_error": ERROR, "tampered": FLAGGED}.get(r["status"])
    if status is None:
        if pending:
            status = PENDING
        else:  # a hair of tolerance: 9.8 points of 14 is 70 % even in binary floating point
            status = PASSED if score >= required - 1e-9 and max_score > 0 else BELOW
    return ModuleResult(student, module, score, max_score, status, required, pending, r["detail"])


def course_progress(results_dirs: list[Path], *, threshold: float = DEFAULT_THRESHOLD) -> Progress:
    """Every learner's standing in every module of ``results_dirs`` (one folder per module).

    A learner missing from a module's folder has not submitted it.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "m00"
    >>> for s, score in (("ana", 1.0), ("ben", 0.0)):
    ...     (d / s).mkdir(parents=True)
    ...     r = {"student_id": s, "assignment": "m00", "score": score, "max_score": 1.0,
    ...          "status": "graded", "questions": []}
    ...     _ = (d / s / "result.json").write_text(json.dumps(r))
    >>> p = course_progress([d])
    >>> p.passed("ana"), p.passed("ben"), p.lacking("ben")
    (True, False, ['m00: 0/1, 0.7 more point(s) needed'])
    """
    if not (isinstance(threshold, int | float) and 0 < threshold <= 100):
        raise ValueError(BAD_THRESHOLD.format(value=threshold))
    by_module: dict[str, dict[str, dict]] = {}
    where: dict[str, Path] = {}
    for folder in results_dirs:
        for r in read_results(folder):
            module = r["assignment"]
            if module in where and where[module] != Path(folder):
                raise ValueError(TWO_FOLDERS.format(assignment=module, a=where[module], b=folder))
            where[module] = Path(folder)
            by_module.setdefault(module, {})[r["student_id"]] = r
    modules = sorted(by_module)
    students = sorted({s for results in by_module.values() for s in results})
    progress = Progress(threshold, modules)
    for module in modules:
        maximum = max(float(r["max_score"]) for r in by_module[module].values())
        for student in students:
            row = _module_result(
                by_module[module].get(student), student, module, threshold, maximum
            )
            progress.rows.setdefault(student, []).append(row)
    return progress


def write_progress_csv(progress: Progress, path: Path) -> Path:
    """One row per learner and module: score, status, points missing, certificate met."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "student_id",
                "module",
                "score",
                "max_score",
                "percent",
                "status",
                "missing_points",
                "awaiting_grading",
                "certificate",
            ]
        )
        for student, rows in progress.rows.items():
            met = "yes" if progress.passed(student) else "no"
            for r in rows:
                percent = 100 * r.score / r.max_score if r.max_score else 0.0
                writer.writerow(
                    [
                        student,
                        r.module,
                        f"{r.score:g}",
                        f"{r.max_score:g}",
                        f"{percent:.1f}",
                        r.status,
                        f"{r.missing_points:g}",
                        " ".join(r.pending),
                        met,
                    ]
                )
    return path
