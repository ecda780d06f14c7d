"""``faircourse insights``: the class report of one or more graded modules (HTML)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["add_insights_command"]


def _cmd_insights(args) -> int:
    from autograder._insights_html import write_report
    from autograder.insights import class_insights

    insights = class_insights([Path(r) for r in args.results])
    out = Path(args.out) if args.out else Path(args.results[0]) / "insights.html"
    for m in insights.modules:
        top = m.misconceptions[0] if m.misconceptions else None
        most = f"; most frequent mistake: {top.qid} {top.share:.0%}" if top else ""
        print(f"{m.module}: {len(m.students)} learner(s) graded{most}")
    print(f"wrote {write_report(insights, out)}")
    return 0


def add_insights_command(sub) -> None:
    """Add ``insights`` to ``faircourse``'s sub-parsers ``sub``."""
    p = sub.add_parser("insights", help="HTML class report: scores, questions, mistakes")
    p.add_argument("results", nargs="+", help="the --out folders of `faircourse grade`")
    p.add_argument("--out", help="report file (default: RESULTS/insights.html, the first one)")
    p.set_defaults(func=_cmd_insights)
