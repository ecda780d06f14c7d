"""The copy detector: planted copies rank first, handed-out code and broken code do no harm."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.similarity import (
    NO_RESULTS,
    NO_SUBMISSIONS,
    SOLUTION,
    UNKNOWN_ASSIGNMENT,
    fingerprints,
    similarity_report,
)

A = "m09-toy"
QIDS = ("q1", "q2", "q3")
HEADS = {
    "q1": "def selection_rate(y_pred, groups):",
    "q2": "def tpr_by_group(y_true, y_pred, groups):",
    "q3": "def dp_difference(y_pred, groups):",
}
SETUP = """\
import numpy as np
import pandas as pd

y_true = np.array([1, 0, 1, 1, 0, 1, 0, 1])
y_pred = np.array([1, 0, 0, 1, 1, 1, 0, 1])
groups = np.array(["a", "a", "a", "b", "b", "b", "b", "a"])"""
TESTS = {
    "q1": 'assert selection_rate([1, 0, 1, 1], ["a", "a", "b", "b"]) == {"a": 0.5, "b": 1.0}',
    "q2": 'assert tpr_by_group([1, 1, 1], [1, 0, 1], ["a", "a", "b"]) == {"a": 0.5, "b": 1.0}',
    "q3": 'assert dp_difference([1, 0, 1, 1], ["a", "a", "b", "b"]) == 0.5',
}
SOLUTION_BODIES = {
    "q1": """\
    y_pred = pd.Series(np.asarray(y_pred))
    return y_pred.groupby(np.asarray(groups)).mean().to_dict()""",
    "q2": """\
    y_true, y_pred, groups = np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)
    rates = {}
    for g in np.unique(groups):
        actual = (groups == g) & (y_true == 1)
        rates[g] = float(np.mean(y_pred[actual]))
    return rates""",
    "q3": """\
    rates = list(selection_rate(y_pred, groups).values())
    return max(rates) - min(rates)""",
}
# Six honest learners: the same three tasks, written in genuinely different ways.
HONEST = {
    "ada": {  # plain loops and dicts
        "q1": """\
def selection_rate(y_pred, groups):
    counts = {}
    positives = {}
    for pred, group in zip(y_pred, groups):
        counts[group] = counts.get(group, 0) + 1
        positives[group] = positives.get(group, 0) + (pred == 1)
    return {g: positives[g] / counts[g] for g in counts}""",
        "q2": """\
def tpr_by_group(y_true, y_pred, groups):
    hits = {}
    actual = {}
    for truth, pred, group in zip(y_true, y_pred, groups):
        if truth == 1:
            actual[group] = actual.get(group, 0) + 1
            if pred == 1:
                hits[group] = hits.get(group, 0) + 1
    return {g: hits.get(g, 0) / actual[g] for g in actual}""",
        "q3": """\
def dp_difference(y_pred, groups):
    rates = selection_rate(y_pred, groups)
    highest = max(rates.values())
    lowest = min(rates.values())
    return highest - lowest""",
    },
    "ben": {  # pandas groupby
        "q1": """\
def selection_rate(y_pred, groups):
    frame = pd.DataFrame({"pred": y_pred, "group": groups})
    return frame.groupby("group")["pred"].mean().to_dict()""",
        "q2": """\
def tpr_by_group(y_true, y_pred, groups):
    frame = pd.DataFrame({"t": y_true, "p": y_pred, "g": groups})
    positives = frame[frame["t"] == 1]
    return positives.groupby("g")["p"].mean().to_dict()""",
        "q3": """\
def dp_difference(y_pred, groups):
    s = pd.Series(selection_rate(y_pred, groups))
    return float(s.max() - s.min())""",
    },
    "cho": {  # numpy masks
        "q1": """\
def selection_rate(y_pred, groups):
    y_pred = np.asarray(y_pred)
    groups = np.asarray(groups)
    return {g: float(np.mean(y_pred[groups == g] == 1)) for g in np.unique(groups)}""",
        "q2": """\
def tpr_by_group(y_true, y_pred, groups):
    y_true, y_pred, groups = map(np.asarray, (y_true, y_pred, groups))
    return {g: y_pred[(groups == g) & (y_true == 1)].mean() for g in set(groups.tolist())}""",
        "q3": """\
def dp_difference(y_pred, groups):
    values = np.array(list(selection_rate(y_pred, groups).values()))
    return float(np.ptp(values))""",
    },
    "dev": {  # collections
        "q1": """\
from collections import Counter, defaultdict

def selection_rate(y_pred, groups):
    total = Counter(groups)
    selected = Counter(g for g, p in zip(groups, y_pred) if p == 1)
    return {g: selected[g] / n for g, n in total.items()}""",
        "q2": """\
def tpr_by_group(y_true, y_pred, groups):
    buckets = defaultdict(list)
    for t, p, g in zip(y_true, y_pred, groups):
        if t == 1:
            buckets[g].append(p)
    return {g: sum(ps) / len(ps) for g, ps in buckets.items()}""",
        "q3": """\
def dp_difference(y_pred, groups):
    rates = sorted(selection_rate(y_pred, groups).values())
    return rates[-1] - rates[0]""",
    },
    "eli": {  # crosstab and pivot tables
        "q1": """\
def selection_rate(y_pred, groups):
    g, p = pd.Series(groups, name="g"), pd.Series(y_pred, name="p")
    table = pd.crosstab(g, p, normalize="index")
    return table.get(1, pd.Series(0.0, index=table.index)).to_dict()""",
        "q2": """\
def tpr_by_group(y_true, y_pred, groups):
    df = pd.DataFrame(dict(y=y_true, p=y_pred, g=groups)).query("y == 1")
    return df.pivot_table(index="g", values="p", aggfunc="mean")["p"].to_dict()""",
        "q3": """\
def dp_difference(y_pred, groups):
    r = selection_rate(y_pred, groups).values()
    return max(a - b for a in r for b in r)""",
    },
    "fay": {  # index lists
        "q1": """\
def selection_rate(y_pred, groups):
    out = {}
    for name in sorted(set(groups)):
        idx = [i for i in range(len(groups)) if groups[i] == name]
        out[name] = sum(y_pred[i] for i in idx) / len(idx)
    return out""",
        "q2": """\
def tpr_by_group(y_true, y_pred, groups):
    out = {}
    for name in set(groups):
        pos = [i for i, (g, t) in enumerate(zip(groups, y_true)) if g == name and t == 1]
        out[name] = sum(1 for i in pos if y_pred[i] == 1) / len(pos)
    return out""",
        "q3": """\
def dp_difference(y_pred, groups):
    best = worst = None
    for v in selection_rate(y_pred, groups).values():
        best = v if best is None or v > best else best
        worst = v if worst is None or v < worst else worst
    return best - worst""",
    },
}
# ada's answers, variables renamed, lines and functions reordered, all in the first cell.
COPY = {
    "q1": """\
def tpr_by_group(truth_values, predictions, sensitive):
    # true positive rate of each group
    positives_seen = {}
    found = {}
    for t, p, s in zip(truth_values, predictions, sensitive):
        if t == 1:
            if p == 1:
                found[s] = found.get(s, 0) + 1
            positives_seen[s] = positives_seen.get(s, 0) + 1
    return {key: found.get(key, 0) / positives_seen[key] for key in positives_seen}


def selection_rate(predictions, sensitive):
    selected = {}
    n = {}
    for p, s in zip(predictions, sensitive):
        selected[s] = selected.get(s, 0) + (p == 1)
        n[s] = n.get(s, 0) + 1
    return {key: selected[key] / n[key] for key in n}""",
    "q2": "# done above",
    "q3": """\
def dp_difference(predictions, sensitive):
    by_group = selection_rate(predictions, sensitive)
    smallest = min(by_group.values())
    largest = max(by_group.values())
    return largest - smallest""",
}
PASTED = {q: f"{HEADS[q]}\n{SOLUTION_BODIES[q]}" for q in QIDS}
BROKEN = {
    "q1": 'def selection_rate(y_pred, groups):\n    return {g: "unterminated for g in groups',
    "q2": "def tpr_by_group(y_true, y_pred, groups):\n        x = 1\n    return (x +",
    "q3": "def dp_difference(y_pred, groups):\n\treturn max(\x00)",
}


def _cell(source: str, gid: str, *, solution: bool = False, grade: bool = False):
    meta = {"grade": grade, "grade_id": gid, "locked": not solution, "solution": solution}
    return new_code_cell(source, metadata={"nbgrader": {**meta, "schema_version": 3}})


def _notebook(answers: dict[str, str], added: str | None = None) -> nbformat.NotebookNode:
    cells = [new_markdown_cell("# Toy exercise"), _cell(SETUP, "setup")]
    for q in QIDS:
        cells.append(_cell(answers[q], f"{q}_answer", solution=True))
        cells.append(_cell(TESTS[q], f"{q}_tests", grade=True))
    if added is not None:
        cells.append(new_code_cell(added))  # a learner-added cell: no nbgrader metadata
    return new_notebook(cells=cells)


def _write(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


STUBS = {q: f"{HEADS[q]}\n    # YOUR CODE HERE\n    raise NotImplementedError()" for q in QIDS}
MARKED = {
    q: f"{HEADS[q]}\n    ### BEGIN SOLUTION\n{SOLUTION_BODIES[q]}\n    ### END SOLUTION"
    for q in QIDS
}


def _results(root: Path, learners: dict[str, dict[str, str]], added=None) -> Path:
    course = root / "course"
    _write(_notebook(MARKED), course / "source" / A / f"{A}.ipynb")
    _write(_notebook(STUBS), course / "release" / A / f"{A}.ipynb")
    for name, answers in learners.items():
        extra = (added or {}).get(name)
        _write(_notebook(answers, extra), course / "submitted" / name / A / f"{A}.ipynb")
    return root


LEARNERS = {**HONEST, "zed": COPY, "gus": PASTED, "hal": STUBS, "ivy": BROKEN}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    results = _results(tmp_path_factory.mktemp("results"), LEARNERS)
    (results / "course" / "submitted" / ".ipynb_checkpoints" / A).mkdir(parents=True)
    page = similarity_report(results)
    data = json.loads((results / "similarity.json").read_text())
    return page, data["pairs"]


def _score(pairs, a, b) -> float:
    return next(p["score"] for p in pairs if {p["a"], p["b"]} == {a, b})


def test_planted_copy_ranks_first_and_honest_learners_are_not_flagged(report):
    page, pairs = report
    assert page.name == "similarity.html"
    learner_pairs = [
        p for p in pairs if SOLUTION not in (p["a"], p["b"]) and "gus" not in (p["a"], p["b"])
    ]
    top = learner_pairs[0]
    assert {top["a"], top["b"]} == {"ada", "zed"} and top["flagged"] and top["score"] > 0.8
    honest = [p for p in pairs if {p["a"], p["b"]} <= set(HONEST)]
    assert len(honest) == 15 and max(p["score"] for p in honest) < 0.4
    flagged = {frozenset((p["a"], p["b"])) for p in pairs if p["flagged"]}
    assert flagged == {frozenset(("ada", "zed")), frozenset(("gus", SOLUTION))}
    assert {p["a"] for p in pairs} | {p["b"] for p in pairs} == {*LEARNERS, SOLUTION}


def test_pasted_published_solution_is_flagged(report):
    _, pairs = report
    assert pairs[0]["b"] == SOLUTION or pairs[1]["b"] == SOLUTION
    pasted = next(p for p in pairs if p["a"] == "gus" and p["b"] == SOLUTION)
    assert pasted["flagged"] and pasted["score"] == 1.0
    assert not any(p["flagged"] for p in pairs if p["b"] == SOLUTION and p["a"] != "gus")


def test_untouched_stubs_and_broken_code_are_similar_to_no_one(report):
    _, pairs = report
    assert all(p["score"] == 0 for p in pairs if "hal" in (p["a"], p["b"]))
    assert all(p["score"] < 0.3 for p in pairs if "ivy" in (p["a"], p["b"]))
    assert fingerprints(BROKEN["q1"]) and fingerprints("def f(:\n  'x") is not None


def test_report_is_inert_and_escapes_learner_text(tmp_path):
    evil = "# <script>alert(1)</script>\nprint('</pre><img src=x onerror=alert(2)>')"
    results = _results(tmp_path, {"ada": HONEST["ada"], "<b>eve": HONEST["ada"]}, {"ada": evil})
    out = similarity_report(results, A, out=tmp_path / "r" / "report.html", threshold=0.5)
    page = out.read_text()
    csp = "default-src 'none'; style-src 'unsafe-inline'"
    assert f'<meta http-equiv="Content-Security-Policy" content="{csp}">' in page
    assert "<script" not in page.lower() and "<img" not in page and "<b>eve" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;eve" in page
    assert "<mark>" in page  # the copied lines are highlighted
    assert json.loads((tmp_path / "r" / "report.json").read_text())["pairs"][0]["flagged"]


CODE = "def f(values, n):\n    total = sum(values) * 2\n    return [v / total for v in values][:n]"
RENAMED = "def g(xs, k):  # renamed\n    s = sum(xs) * 3\n    return [x / s for x in xs][:k]"


def test_fingerprints_are_stable_across_processes_and_rename_invariant():
    assert fingerprints(CODE) == fingerprints(RENAMED) and len(fingerprints(CODE)) >= 3
    assert fingerprints(CODE) != fingerprints(CODE.replace("sum", "len"))
    # Five tokens: one k-gram, hashed with blake2b of the normalised tokens.
    digest = hashlib.blake2b(b"ID\x1f=\x1fID\x1f+\x1fNUM", digest_size=8).digest()
    assert fingerprints("x = y + 1") == {int.from_bytes(digest, "big")}
    script = (
        f"from autograder.similarity import fingerprints; print(sorted(fingerprints({CODE!r})))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(sorted(fingerprints(CODE)))


def test_errors_are_one_line_and_clear(tmp_path):
    with pytest.raises(ValueError) as missing:
        similarity_report(tmp_path / "nowhere")
    assert str(missing.value) == NO_RESULTS.format(path=tmp_path / "nowhere")
    (tmp_path / "course" / "submitted").mkdir(parents=True)
    with pytest.raises(ValueError, match="no submissions for any assignment"):
        similarity_report(tmp_path)
    _results(tmp_path, {"ada": HONEST["ada"]})
    (tmp_path / "course" / "release" / "m10-empty").mkdir()
    with pytest.raises(ValueError) as empty:
        similarity_report(tmp_path, "m10-empty")
    path = tmp_path / "course" / "submitted"
    assert str(empty.value) == NO_SUBMISSIONS.format(assignment="m10-empty", path=path)
    with pytest.raises(ValueError) as unknown:
        similarity_report(tmp_path, "m99-nope")
    assert str(unknown.value) == UNKNOWN_ASSIGNMENT.format(assignment="m99-nope", known=A)


def test_every_assignment_by_default_and_unreadable_notebooks_are_noted(tmp_path):
    _results(tmp_path, {"ada": HONEST["ada"], "zed": COPY, "ben": HONEST["ben"]})
    other = tmp_path / "course" / "submitted" / "ada" / "m11-other" / "m11-other.ipynb"
    _write(_notebook(HONEST["cho"]), other)
    _write(_notebook(HONEST["cho"]), Path(str(other).replace("/ada/", "/ben/")))
    broken = tmp_path / "course" / "submitted" / "cat" / A / f"{A}.ipynb"
    broken.parent.mkdir(parents=True)
    broken.write_text("{not json")
    similarity_report(tmp_path)
    data = json.loads((tmp_path / "similarity.json").read_text())
    assert {p["assignment"] for p in data["pairs"]} == {A, "m11-other"}
    assert data["notes"]["m11-other"] == [
        "no release notebook: the code handed out is not discounted",
        "no source notebook: no comparison with the published solution",
    ]
    assert data["notes"][A][0].startswith("cat: the notebook could not be read")
    assert next(p for p in data["pairs"] if p["assignment"] == "m11-other")["score"] == 1.0
