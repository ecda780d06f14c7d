"""``faircourse insights``: what a class got right and wrong, per module and question.

From the results folders of ``faircourse grade`` (scores refreshed from nbgrader's gradebook,
so a written answer graded in the formgrader counts at once) it gathers, per module: the
score distribution; per question the mean score, the shares of full, partial and zero
scores and the discrimination index (Pearson correlation of the question's points with the
rest of the module's points, over the learners); the known mistakes the grader recognised
(how many learners' answers hit each teaching message, in the public examples and in the
hidden tests); the grading incidents by question (tests stopped by a timeout or a crash,
tests that did not finish, requests interfered with); and the written answers awaiting
grading. :func:`autograder._insights_html.write_report` turns it into an HTML page.

Statistics cover the learners graded (status ``graded`` or ``needs_manual``); a submission
that could not be graded or was flagged as tampered is listed as an incident instead. A
question still awaiting grading is left out of that learner's statistics for the question
and of their rest-score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from autograder.answers import NOT_FINISHED, NOT_REACHED
from autograder.grading_job import FLAGGED
from autograder.progress import TWO_FOLDERS, read_results

__all__ = [
    "BAD_MISTAKES",
    "ClassInsights",
    "Incident",
    "Misconception",
    "ModuleInsights",
    "QuestionStats",
    "class_insights",
    "discrimination",
]

BAD_MISTAKES = (
    "{student}'s result for {module} {qid} has a malformed 'mistakes' record: grade again"
)

COUNTED = ("graded", "needs_manual")
_EPS = 1e-9
_STOPPED = NOT_REACHED.split("{status}")[0]
_UNFINISHED = NOT_FINISHED.split("{where}: ")[1].split("{error}")[0]


@dataclass(frozen=True)
class QuestionStats:
    """One question over the class: ``graded`` learners scored, ``pending`` awaiting grading."""

    qid: str
    kind: str  # "autograded" or "written"
    max_points: float
    graded: int
    mean: float | None
    full: float | None  # shares in [0, 1] of the graded learners
    partial: float | None
    zero: float | None
    discrimination: float | None
    pending: int


@dataclass(frozen=True)
class Misconception:
    """A known mistake's teaching message and the learners whose answer hit it."""

    qid: str
    message: str
    learners: int
    of: int  # learners whose result records the mistakes of this question
    public: int  # learners who hit it in a public example
    hidden: int  # learners who hit it in a hidden test

    @property
    def share(self) -> float:
        return self.learners / self.of if self.of else 0.0


@dataclass(frozen=True)
class Incident:
    """A grading incident: ``qid`` is empty when it concerns the whole submission."""

    qid: str
    student: str
    kind: str
    detail: str


@dataclass
class ModuleInsights:
    """Everything the report shows about one module (one results folder)."""

    module: str
    students: list[str] = field(default_factory=list)  # the learners counted
    percents: list[float] = field(default_factory=list)  # their scores, % of the module
    questions: list[QuestionStats] = field(default_factory=list)
    misconceptions: list[Misconception] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    pending: dict[str, list[str]] = field(default_factory=dict)  # question -> learners
    unrecorded: int = 0  # counted results graded before mistakes were recorded


@dataclass
class ClassInsights:
    """The insights of every module given, sorted by module."""

    modules: list[ModuleInsights]


def discrimination(scores: list[float], rests: list[float]) -> float | None:
    """Pearson correlation of a question's points with the rest-scores; None if undefined.

    Undefined with fewer than three learners or when either has no spread (every learner
    scored the same).

    Examples
    --------
    >>> round(discrimination([0, 1, 1, 0], [2, 5, 4, 3]), 3)
    0.894
    >>> discrimination([1, 1, 1], [2, 5, 4]) is None
    True
    """
    n = len(scores)
    if n < 3:
        return None
    mx, my = sum(scores) / n, sum(rests) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(scores, rests, strict=True))
    sxx = sum((x - mx) ** 2 for x in scores)
    syy = sum((y - my) ** 2 for y in rests)
    if sxx <= _EPS or syy <= _EPS:
        return None
    return sxy / math.sqrt(sxx * syy)


def _fresh(records: list[dict], folder: Path) -> list[dict]:
    """The per-question points as the gradebook holds them (manual grades included)."""
    db = Path(folder) / "course" / "gradebook.db"
    if not db.is_file():
        return records
    from nbgrader.api import Gradebook

    from autograder.gradebook import refresh_result

    with Gradebook(f"sqlite:///{db}") as gb:
        return [refresh_result(r, gb) for r in records]


def _incidents(r: dict) -> list[Incident]:
    student, detail, found = r["student_id"], r.get("detail", ""), []
    flagged = False
    for q in r.get("questions", []):
        message = q.get("message", "") or ""
        if FLAGGED.format(gid=q["grade_id"]) in detail:
            found.append(Incident(q["id"], student, "tampered", "requests interfered with"))
            flagged = True
        if _STOPPED in message:
            status = message.split(_STOPPED, 1)[1].split(")", 1)[0]
            kind = "timeout" if "timeout" in status else "stopped"
            found.append(Incident(q["id"], student, kind, f"the notebook stopped ({status})"))
        elif _UNFINISHED in message:
            error = message.split(_UNFINISHED, 1)[1].split("\n", 1)[0]
            found.append(Incident(q["id"], student, "error", error[:300]))
    if r["status"] == "grading_error" or (r["status"] == "tampered" and not flagged):
        kind = "grading error" if r["status"] == "grading_error" else "tampered"
        found.append(Incident("", student, kind, detail[:500]))
    return found


def _question_stats(qid: str, rows: list[tuple[dict, float]]) -> QuestionStats:
    """``rows``: (the question's record, the learner's rest-score) per counted learner."""
    graded = [(q, rest) for q, rest in rows if not q.get("needs_manual")]
    first = rows[0][0]
    kind, maximum = first.get("kind", "autograded"), float(first["max_points"])
    n = len(graded)
    if n == 0:
        return QuestionStats(qid, kind, maximum, 0, None, None, None, None, None, len(rows))
    points = [float(q["points"]) for q, _ in graded]
    full = sum(p >= float(q["max_points"]) - _EPS for p, (q, _) in zip(points, graded, strict=True))
    zero = sum(p <= _EPS for p in points)
    return QuestionStats(
        qid,
        kind,
        maximum,
        n,
        sum(points) / n,
        full / n,
        (n - full - zero) / n,
        zero / n,
        discrimination(points, [rest for _, rest in graded]),
        len(rows) - n,
    )


def _well_formed(records) -> bool:
    return isinstance(records, list) and all(
        isinstance(m, dict)
        and isinstance(m.get("message"), str)
        and all(type(m.get(k)) is int and m[k] >= 0 for k in ("public", "hidden"))
        for m in records
    )


def _misconceptions(order: list[str], counted: list[dict]) -> tuple[list[Misconception], int]:
    hits: dict[tuple[str, str], list[int]] = {}  # (qid, message) -> learners, public, hidden
    of: dict[str, int] = {}
    unrecorded = 0
    for r in counted:
        auto = [q for q in r["questions"] if q.get("kind", "autograded") == "autograded"]
        if auto and not any("mistakes" in q for q in auto):
            unrecorded += 1
        for q in auto:
            if "mistakes" not in q:
                continue
            of[q["id"]] = of.get(q["id"], 0) + 1
            if not _well_formed(q["mistakes"]):
                module = r["assignment"]
                raise ValueError(
                    BAD_MISTAKES.format(student=r["student_id"], module=module, qid=q["id"])
                )
            for m in q["mistakes"]:
                counts = hits.setdefault((q["id"], m["message"]), [0, 0, 0])
                counts[0] += 1
                counts[1] += m["public"] > 0
                counts[2] += m["hidden"] > 0
    found = [Misconception(qid, msg, *c[:1], of[qid], *c[1:]) for (qid, msg), c in hits.items()]
    found.sort(key=lambda m: (-m.share, order.index(m.qid), m.message))
    return found, unrecorded


def _module(module: str, results: list[dict]) -> ModuleInsights:
    out = ModuleInsights(module)
    counted = [r for r in results if r["status"] in COUNTED and r.get("questions")]
    for r in sorted(results, key=lambda r: r["student_id"]):
        out.incidents.extend(_incidents(r))
    order: list[str] = []
    for r in counted:
        order += [q["id"] for q in r["questions"] if q["id"] not in order]
    rows: dict[str, list[tuple[dict, float]]] = {qid: [] for qid in order}
    for r in sorted(counted, key=lambda r: r["student_id"]):
        out.students.append(r["student_id"])
        max_score = float(r["max_score"])
        out.percents.append(100 * float(r["score"]) / max_score if max_score else 0.0)
        graded = {q["id"]: float(q["points"]) for q in r["questions"] if not q.get("needs_manual")}
        for q in r["questions"]:
            rows[q["id"]].append((q, sum(graded.values()) - graded.get(q["id"], 0.0)))
            if q.get("needs_manual"):
                out.pending.setdefault(q["id"], []).append(r["student_id"])
    out.questions = [_question_stats(qid, rows[qid]) for qid in order]
    out.misconceptions, out.unrecorded = _misconceptions(order, counted)
    return out


def class_insights(results_dirs: list[Path]) -> ClassInsights:
    """The insights of every module in ``results_dirs`` (``faircourse grade`` --out folders).

    Raises FileNotFoundError for a missing folder or one without results, ValueError for a
    module found in two folders or a file that is not a result.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "m00"
    >>> for s, p in (("ana", 1.0), ("ben", 0.0)):
    ...     (d / s).mkdir(parents=True)
    ...     q = {"id": "q1", "grade_id": "q1_tests", "points": p, "max_points": 1.0,
    ...          "needs_manual": False, "kind": "autograded", "message": "", "mistakes": []}
    ...     r = {"student_id": s, "assignment": "m00", "score": p, "max_score": 1.0,
    ...          "status": "graded", "questions": [q]}
    ...     _ = (d / s / "result.json").write_text(json.dumps(r))
    >>> stats = class_insights([d]).modules[0].questions[0]
    >>> stats.mean, stats.full, stats.zero
    (0.5, 0.5, 0.5)
    """
    by_module: dict[str, list[dict]] = {}
    where: dict[str, Path] = {}
    for folder in results_dirs:
        for r in _fresh(read_results(folder), folder):
            module = r["assignment"]
            if module in where and where[module] != Path(folder):
                raise ValueError(TWO_FOLDERS.format(assignment=module, a=where[module], b=folder))
            where[module] = Path(folder)
            by_module.setdefault(module, []).append(r)
    return ClassInsights([_module(m, by_module[m]) for m in sorted(by_module)])
