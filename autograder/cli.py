"""``faircourse``: the instructor's command line.

faircourse build [--check]                 regenerate solutions/, exercises/, self-check data
faircourse validate PATH... [--expect-fail]
faircourse grade SUBMISSIONS --assignment A --out RESULTS [--secret KEY] [--extra-tests DIR]
    [--executor local|dask --scheduler URL] [--db-url URL]   (_cli_grading.py)
faircourse similarity RESULTS              rank pairs of submissions by similar answers
faircourse export --results RESULTS --format csv|canvas [--roster CSV] [--require-complete]
faircourse progress|keygen|certify|verify|revoke ...   certificates (_cli_certificates.py)
faircourse insights RESULTS...             class report (_cli_insights.py)
faircourse demo
faircourse release A --course ID --out RESULTS [--exchange DIR]   nbgrader's exchange (JupyterHub)
faircourse collect A --submissions DIR --out RESULTS
faircourse return A --submissions DIR --out RESULTS             feedback to the learners
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autograder._cli_certificates import add_certificate_commands
from autograder._cli_grading import add_cluster_options, cluster_options
from autograder._cli_help import DEBUG_HELP, Parser
from autograder._cli_insights import add_insights_command

__all__ = ["main"]

NO_SUBMISSIONS = (
    "no submissions folder {path!r}: expected <student>/<assignment>/<assignment>.ipynb"
)
INTERNAL = "{kind}: {exc} (an internal error; rerun with --debug for the traceback)"


def _repo_root() -> Path:
    """The course repository: the current directory or the nearest parent with solutions/."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "solutions").is_dir() and (folder / "exercises").is_dir():
            return folder
    return here


def _cmd_build(args) -> int:
    from autograder.build import build

    root = Path(args.root) if args.root else _repo_root()
    report = build(root, check=args.check, assignments=args.assignment or None)
    if args.check:
        if report.up_to_date:
            print("exercises/ and solutions/ are up to date.")
            return 0
        print("Out of date (run `faircourse build`):")
        print("\n".join(f"  {p}" for p in report.changed))
        return 1
    print("\n".join(f"wrote {p}" for p in report.changed) or "nothing to do: up to date.")
    return 0


def _cmd_validate(args) -> int:
    from autograder._cli_errors import check_notebook
    from autograder.validate import validate_notebook

    for path in args.paths:  # every mistake first, before any notebook runs
        check_notebook(Path(path))
    status = 0
    for path in args.paths:
        result = validate_notebook(Path(path), expect_fail=args.expect_fail)
        print(f"{'PASS' if result.ok else 'FAIL'}  {path}: {result.detail}")
        status |= 0 if result.ok else 1
    return status


def _cmd_grade(args) -> int:
    from autograder.grader import GradeOptions, grade_submissions

    options = GradeOptions(
        assignment=args.assignment,
        workers=args.workers or os.cpu_count() or 1,
        timeout=args.timeout,
        cell_timeout=min(args.cell_timeout, args.timeout),
        memory_bytes=int(args.memory_gb * 1024**3),
        extra_tests=Path(args.extra_tests) if args.extra_tests else None,
        secret=Path(args.secret) if args.secret else None,
        **cluster_options(args),
    )
    if not Path(args.submissions).is_dir():
        raise FileNotFoundError(NO_SUBMISSIONS.format(path=args.submissions))
    from autograder._cli_errors import check_layout
    from autograder.questions import get_assignment

    get_assignment(args.assignment)  # an unknown one: the known ones, before anything else
    check_layout(Path(args.submissions), args.assignment)
    root = Path(args.root) if args.root else _repo_root()
    results = grade_submissions(Path(args.submissions), Path(args.out), options, repo=root)
    counts = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"{len(results)} submission(s): {summary}")
    print(f"gradebook: {Path(args.out) / 'grades.csv'}; feedback: {Path(args.out)}/*/feedback.html")
    if counts.get("grading_error"):
        print(f"{counts['grading_error']} submission(s) could not be graded: see their detail")
        return 1
    return 0


def _cmd_similarity(args) -> int:
    from autograder.similarity import similarity_report

    out = Path(args.out) if args.out else None
    path = similarity_report(Path(args.results), args.assignment, out=out, threshold=args.threshold)
    print(f"wrote {path} and {path.with_suffix('.json')}")
    return 0


def _cmd_export(args) -> int:
    from autograder.export import export

    path = export(
        Path(args.results),
        format=args.format,
        out=Path(args.out) if args.out else None,
        roster=Path(args.roster) if args.roster else None,
        require_complete=args.require_complete,
        warn=lambda note: print(note, file=sys.stderr),
    )
    print(f"wrote {path}")
    return 0


def _classroom(args):
    from autograder.classroom import load_classroom

    return load_classroom(Path(args.out), args.course, args.exchange)


def _cmd_release(args) -> int:
    from autograder.exchange import release

    classroom = _classroom(args)
    root = Path(args.root) if args.root else _repo_root()
    path = release(root, args.assignment, Path(args.out), classroom)
    print(f"released {args.assignment} to course {classroom.course_id}: {path}")
    return 0


def _cmd_collect(args) -> int:
    from autograder.exchange import collect

    collected, refused = collect(
        args.assignment,
        Path(args.out),
        Path(args.submissions),
        _classroom(args),
        check_owner=not args.no_owner_check,
    )
    print("\n".join(refused))
    print(f"{len(collected)} hand-in(s) of {args.assignment} in {args.submissions}")
    return 1 if refused else 0


def _cmd_return(args) -> int:
    from autograder.exchange import return_feedback

    returned = return_feedback(
        args.assignment, Path(args.out), Path(args.submissions), _classroom(args)
    )
    print(f"feedback of {args.assignment} returned to {len(returned)} learner(s)")
    return 0


def _cmd_demo(args) -> int:
    from autograder.demo import main as demo

    return demo(Path(args.root) if args.root else _repo_root())


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="faircourse",
        description="Fair ML Certificate: build, validate and grade.",
        epilog="`faircourse COMMAND --help` shows a command's options, defaults and an example.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    b = sub.add_parser("build", help="regenerate solutions/ and exercises/ from the questions")
    b.add_argument("--check", action="store_true", help="exit 1 if anything is out of date")
    b.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    b.add_argument("--root", help="course repository (default: found from the cwd)")
    b.set_defaults(func=_cmd_build)
    v = sub.add_parser("validate", help="run notebooks and check their test cells")
    v.add_argument("paths", nargs="+", help="notebooks to validate")
    v.add_argument(
        "--expect-fail", action="store_true", help="succeed only if every test cell fails"
    )
    v.set_defaults(func=_cmd_validate)
    g = sub.add_parser("grade", help="grade <student>/<assignment>/<notebook>.ipynb in parallel")
    g.add_argument("submissions", help="folder with one sub-folder per student (nbgrader layout)")
    g.add_argument("--assignment", required=True, help="e.g. m02-group-metrics")
    g.add_argument("--out", required=True, help="results folder (grades.csv, feedback, gradebook)")
    g.add_argument("--workers", type=int, default=0, help="parallel graders (default: all cores)")
    g.add_argument("--timeout", type=float, default=300.0, help="seconds per notebook")
    g.add_argument("--cell-timeout", type=float, default=30.0, help="seconds per cell")
    g.add_argument("--memory-gb", type=float, default=2.0, help="memory per kernel process")
    g.add_argument("--extra-tests", help="private folder with <assignment>.json hidden seeds")
    g.add_argument(
        "--secret",
        help="the grading secret (default RESULTS/course/grading_secret.key, made on first use)",
    )
    g.add_argument("--root", help="course repository (default: found from the cwd)")
    add_cluster_options(g).set_defaults(func=_cmd_grade)
    s = sub.add_parser("similarity", help="HTML report of submissions with similar answers")
    s.add_argument("results", help="the --out folder of `faircourse grade`")
    s.add_argument("--assignment", help="only this assignment (default: every one graded)")
    s.add_argument("--out", help="report file (default RESULTS/similarity.html)")
    s.add_argument("--threshold", type=float, default=0.6, help="flag pairs at or above this")
    s.set_defaults(func=_cmd_similarity)
    e = sub.add_parser("export", help="gradebook as CSV or as a Canvas import file")
    e.add_argument("--results", required=True, help="the --out folder of `faircourse grade`")
    e.add_argument(
        "--format", choices=("csv", "canvas"), default="csv", help="grades.csv, or Canvas's import"
    )
    e.add_argument("--out", help="file to write (default: in the results folder)")
    e.add_argument("--roster", help="CSV: student_id -> Canvas ID (needed by --format canvas)")
    e.add_argument(
        "--require-complete",
        action="store_true",
        help="write nothing and exit 2 while a written answer is not graded yet",
    )
    e.set_defaults(func=_cmd_export)
    for name, helptext, func in (
        ("release", "release an assignment to nbgrader's exchange", _cmd_release),
        ("collect", "copy the learners' latest hand-ins from the exchange", _cmd_collect),
        ("return", "return feedback.html to the learners through the exchange", _cmd_return),
    ):
        x = sub.add_parser(name, help=helptext)
        x.add_argument("assignment", help="e.g. m02-group-metrics")
        x.add_argument("--out", required=True, help="results folder (as for `faircourse grade`)")
        if name != "release":
            x.add_argument("--submissions", required=True, help="learners' hand-ins (grade's)")
        if name == "collect":
            x.add_argument(
                "--no-owner-check",
                action="store_true",
                help="accept hand-ins not owned by the learner they name (one Unix user for all)",
            )
        x.add_argument("--course", help="course id (default: the one `release` recorded)")
        x.add_argument(
            "--exchange", help="exchange root (default /usr/local/share/nbgrader/exchange)"
        )
        x.add_argument("--root", help="course repository (default: found from the cwd)")
        x.set_defaults(func=func)
    add_certificate_commands(sub)
    add_insights_command(sub)
    d = sub.add_parser("demo", help="instructor demo: build, grade a small class, show grades")
    d.add_argument("--root", help="course repository (default: found from the cwd)")
    d.set_defaults(func=_cmd_demo)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fair-ml-certificate")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `faircourse` alone: what it can do
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(f"faircourse {args.command}: interrupted", file=sys.stderr)
        return 130
    except (ValueError, OSError, RuntimeError) as exc:  # our messages: one line
        if args.debug:
            raise
        print(f"faircourse {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: still one line, the traceback with --debug
        if args.debug:
            raise
        message = INTERNAL.format(kind=type(exc).__name__, exc=exc)
        print(f"faircourse {args.command}: error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
