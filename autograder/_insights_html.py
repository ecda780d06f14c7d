"""The HTML page of ``faircourse insights``: tables and plots (PNG data: URIs), inert.

Every text is escaped (student ids, details and messages may carry what a learner wrote),
the plots are embedded images with alt text, and a Content-Security-Policy that allows no
script is the page's first element, as for the learners' feedback.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from autograder.insights import ClassInsights, ModuleInsights
from autograder.sanitize import add_csp_meta

__all__ = ["render_report", "write_report"]

_STYLE = (
    "body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.25em .5em;"
    "text-align:left;vertical-align:top}td.n{text-align:right}img{max-width:100%}"
)
_NO_MISTAKES = "no known mistake was recognised in this module's answers"
_UNRECORDED = (
    "{n} result(s) were graded before the grader recorded mistakes: delete them and grade "
    "again to count them"
)


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _img(fig, alt: str) -> str:
    return f'<p><img src="{_png(fig)}" alt="{html.escape(alt)}"></p>'


def _figure(height: float):
    from matplotlib.figure import Figure  # no pyplot: no global state, no display backend

    return Figure(figsize=(7, height))


def _distribution(m: ModuleInsights) -> str:
    fig = _figure(2.6)
    ax = fig.subplots()
    ax.hist(m.percents, bins=[i * 10 for i in range(11)], color="#4477aa", edgecolor="white")
    ax.set_xlabel("score (% of the module)")
    ax.set_ylabel("learners")
    ax.set_title(f"{m.module}: score distribution")
    alt = f"Histogram of the scores of {len(m.percents)} learners in {m.module}, in 10 % bins"
    return _img(fig, alt)


def _shares(m: ModuleInsights) -> str:
    stats = [q for q in m.questions if q.graded]
    fig = _figure(0.4 * len(stats) + 1.2)
    ax = fig.subplots()
    labels = [q.qid for q in stats]
    left = [0.0] * len(stats)
    for name, color in (("full", "#228833"), ("partial", "#ccbb44"), ("zero", "#ee6677")):
        values = [100 * getattr(q, name) for q in stats]
        ax.barh(labels, values, left=left, color=color, label=name)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("% of the graded learners")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    alt = f"Stacked bars: share of full, partial and zero scores per question of {m.module}"
    return _img(fig, alt)


def _mistakes_plot(m: ModuleInsights) -> str:
    top = m.misconceptions[:10]
    fig = _figure(0.4 * len(top) + 1.2)
    ax = fig.subplots()
    labels = [f"{c.qid}: {_short(c.message, 50)}" for c in top]
    ax.barh(labels, [100 * c.share for c in top], color="#aa3377")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the learners")
    alt = f"Bars: the {len(top)} most frequent known mistakes in {m.module}, % of learners"
    return _img(fig, alt)


def _short(text: str, n: int) -> str:
    line = text.split("\n", 1)[0]
    return line if len(line) <= n else line[: n - 1] + "…"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f} %"


def _num(x: float | None, fmt: str = "{:.2f}") -> str:
    return "–" if x is None else fmt.format(x)


def _table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """A table of already-escaped cells."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><tr>{th}</tr>{body}</table>"


def _module_html(m: ModuleInsights) -> str:
    e = html.escape
    n = len(m.students)
    mean = sum(m.percents) / n if n else 0.0
    parts = [f"<h2>{e(m.module)}</h2>", f"<p>{n} learner(s) graded, mean score {mean:.1f} %.</p>"]
    if n:
        parts += [_distribution(m), _shares(m)] if any(q.graded for q in m.questions) else []
    parts.append("<h3>Questions</h3>")
    rows = [
        [
            e(q.qid),
            e(q.kind),
            f"{q.max_points:g}",
            str(q.graded),
            _num(q.mean),
            _pct(q.full),
            _pct(q.partial),
            _pct(q.zero),
            _num(q.discrimination),
            str(q.pending),
        ]
        for q in m.questions
    ]
    head = ["question", "kind", "points", "graded", "mean", "full", "partial", "zero"]
    head += ["discrimination", "awaiting grading"]
    parts.append(_table(head, rows, set(range(2, 10))))
    parts.append("<h3>Most frequent misconceptions</h3>")
    if m.misconceptions:
        parts.append(_mistakes_plot(m))
        rows = [
            [
                e(c.qid),
                e(c.message),
                f"{c.learners}/{c.of}",
                _pct(c.share),
                str(c.public),
                str(c.hidden),
            ]
            for c in m.misconceptions
        ]
        head = [
            "question",
            "teaching message",
            "learners",
            "share",
            "in examples",
            "in hidden tests",
        ]
        parts.append(_table(head, rows, {2, 3, 4, 5}))
    else:
        parts.append(f"<p>{_NO_MISTAKES}.</p>")
    if m.unrecorded:
        parts.append(f"<p>{e(_UNRECORDED.format(n=m.unrecorded))}.</p>")
    parts.append("<h3>Grading incidents</h3>")
    if m.incidents:
        rows = [
            [e(i.qid or "(submission)"), e(i.student), e(i.kind), e(i.detail)] for i in m.incidents
        ]
        parts.append(_table(["question", "learner", "incident", "detail"], rows))
    else:
        parts.append("<p>none.</p>")
    parts.append("<h3>Written answers awaiting grading</h3>")
    if m.pending:
        rows = [[e(q), str(len(s)), e(", ".join(s))] for q, s in m.pending.items()]
        parts.append(_table(["question", "answers", "learners"], rows, {1}))
    else:
        parts.append("<p>none.</p>")
    return "\n".join(parts)


def render_report(insights: ClassInsights) -> str:
    """The report as one self-contained, inert HTML page."""
    modules = ", ".join(html.escape(m.module) for m in insights.modules)
    body = "\n".join(_module_html(m) for m in insights.modules)
    page = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Class insights: {modules}</title><style>{_STYLE}</style></head>"
        f"<body><h1>Class insights</h1><p>Modules: {modules}. Discrimination: correlation "
        "of the question's points with the rest of the module's points (near 0 or negative: "
        "the question does not tell strong from weak learners apart).</p>\n"
        f"{body}</body></html>\n"
    )
    return add_csp_meta(page)


def write_report(insights: ClassInsights, out: Path) -> Path:
    """Write :func:`render_report` to ``out``; returns ``out``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(insights), encoding="utf-8")
    return out
