"""``faircourse``: the instructor's command line.

faircourse build [--check]                 regenerate solutions/, exercises/, self-check data
faircourse validate PATH... [--expect-fail]
faircourse grade SUBMISSIONS --assignment A --out RESULTS [--secret KEY] [--extra-tests DIR]
faircourse similarity RESULTS              rank pairs of submissions by similar answers
faircourse export --results RESULTS --format csv|canvas
faircourse progress RESULTS... [--threshold 70] [--out FILE.csv]
faircourse keygen --out KEY
faircourse certify RESULTS... --out CERTS --issuer ISSUER.json --key KEY [--roster CSV]
faircourse verify CREDENTIAL.json [--issuer-profile P] [--status-list S] [--expect-issuer ID]
faircourse revoke CREDENTIAL.json --certs CERTS --key KEY
faircourse demo
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

__all__ = ["main"]

NO_SUBMISSIONS = (
    "no submissions folder {path!r}: expected <student>/<assignment>/<assignment>.ipynb"
)


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
    from autograder.validate import validate_notebook

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
    )
    if not Path(args.submissions).is_dir():
        raise FileNotFoundError(NO_SUBMISSIONS.format(path=args.submissions))
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

    path = export(Path(args.results), format=args.format, out=Path(args.out) if args.out else None)
    print(f"wrote {path}")
    return 0


def _print_progress(progress) -> None:
    print(f"modules: {', '.join(progress.modules)}; rule: {progress.threshold:g} % of each")
    print(f"  {'student':<12} {'module':<36} {'score':>9}  status")
    for student, rows in progress.rows.items():
        for r in rows:
            score = f"{r.score:g}/{r.max_score:g}"
            print(f"  {student:<12} {r.module:<36} {score:>9}  {r.status}")
    passed = [s for s in progress.rows if progress.passed(s)]
    print(f"certificate rule met: {', '.join(passed) or 'nobody yet'}")
    for student in progress.rows:
        if not progress.passed(student):
            print(f"  {student} lacks: " + "; ".join(progress.lacking(student)))


def _cmd_progress(args) -> int:
    from autograder.progress import course_progress, write_progress_csv

    progress = course_progress([Path(r) for r in args.results], threshold=args.threshold)
    _print_progress(progress)
    if args.out:
        print(f"wrote {write_progress_csv(progress, Path(args.out))}")
    return 0


def _cmd_keygen(args) -> int:
    from autograder.certificates import did_key, generate_key

    did, _ = did_key(generate_key(Path(args.out)))
    print(f"wrote the signing key {args.out} (mode 0600; keep it private, keep a backup)")
    print(f"issuer: {did}")
    return 0


def _cmd_certify(args) -> int:
    from autograder.certificates import certify

    report = certify(
        [Path(r) for r in args.results],
        Path(args.out),
        issuer=Path(args.issuer),
        key=Path(args.key),
        threshold=args.threshold,
        roster=Path(args.roster) if args.roster else None,
    )
    progress = report.progress
    print(f"issuer: {report.issuer_id}; modules: {', '.join(progress.modules)}")
    for student, path in report.issued.items():
        print(f"certified {student}: {path} (+ certificate.html, certificate.pdf)")
    for student in report.already:
        print(f"already certified {student} (see {Path(args.out) / 'issued.json'})")
    for student in progress.rows:
        if not progress.passed(student):
            print(f"not certified {student}: " + "; ".join(progress.lacking(student)))
    return 0


def _cmd_verify(args) -> int:
    from autograder.certificates import verify_credential

    result = verify_credential(
        Path(args.credential),
        issuer_profile=Path(args.issuer_profile) if args.issuer_profile else None,
        status_list=Path(args.status_list) if args.status_list else None,
        expect_issuer=args.expect_issuer,
    )
    for check, found in result.checks:
        print(f"  ok  {check}: {found}")
    if not result.ok:
        print(f"INVALID {args.credential}: {result.error}")
        return 1
    print(f"VALID {args.credential}, issued by {result.issuer}")
    digest = hashlib.sha256(Path(args.credential).read_bytes()).hexdigest()
    print(f"  SHA-256 {digest} (the printed certificate shows the same)")
    if not args.status_list:
        print("  (revocation not checked: give the issuer's list with --status-list)")
    return 0


def _cmd_revoke(args) -> int:
    from autograder.certificates import revoke

    path = revoke(Path(args.credential), Path(args.certs), key=Path(args.key))
    print(f"revoked {args.credential} in {path}: publish it again at its URL")
    return 0


def _cmd_demo(args) -> int:
    from autograder.demo import main as demo

    return demo(Path(args.root) if args.root else _repo_root())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="faircourse", description="Fair ML Certificate: build, validate and grade."
    )
    sub = parser.add_subparsers(dest="command", required=True)
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
    g.set_defaults(func=_cmd_grade)
    s = sub.add_parser("similarity", help="HTML report of submissions with similar answers")
    s.add_argument("results", help="the --out folder of `faircourse grade`")
    s.add_argument("--assignment", help="only this assignment (default: every one graded)")
    s.add_argument("--out", help="report file (default RESULTS/similarity.html)")
    s.add_argument("--threshold", type=float, default=0.6, help="flag pairs at or above this")
    s.set_defaults(func=_cmd_similarity)
    e = sub.add_parser("export", help="gradebook as CSV or as a Canvas import file")
    e.add_argument("--results", required=True, help="the --out folder of `faircourse grade`")
    e.add_argument("--format", choices=("csv", "canvas"), default="csv")
    e.add_argument("--out", help="file to write (default: in the results folder)")
    e.set_defaults(func=_cmd_export)
    p = sub.add_parser("progress", help="each learner's standing against the certificate rule")
    p.add_argument("results", nargs="+", help="the --out folders of `faircourse grade`")
    p.add_argument("--threshold", type=float, default=70.0, help="percent of each module")
    p.add_argument("--out", help="also write one CSV row per learner and module")
    p.set_defaults(func=_cmd_progress)
    k = sub.add_parser("keygen", help="new Ed25519 signing key (mode 0600, outside the repo)")
    k.add_argument("--out", required=True, help="key file to create, e.g. ~/.faircourse/issuer.key")
    k.set_defaults(func=_cmd_keygen)
    c = sub.add_parser("certify", help="signed Open Badges 3.0 certificates for those who passed")
    c.add_argument("results", nargs="+", help="the --out folders of `faircourse grade`")
    c.add_argument("--out", required=True, help="folder for the certificates (CERTS)")
    c.add_argument("--issuer", required=True, help="ISSUER.json: name, url, email, id, ...")
    c.add_argument("--key", required=True, help="the signing key made by `faircourse keygen`")
    c.add_argument("--threshold", type=float, default=70.0, help="percent of each module")
    c.add_argument("--roster", help="CSV student_id,name: put the learner's name on it")
    c.set_defaults(func=_cmd_certify)
    y = sub.add_parser("verify", help="check a credential's proof, issuer, dates, revocation")
    y.add_argument("credential", help="credential.json")
    y.add_argument("--issuer-profile", help="profile of a URL issuer (default: beside it)")
    y.add_argument("--status-list", help="the issuer's published status-list.json")
    y.add_argument("--expect-issuer", help="fail unless the issuer is this id")
    y.set_defaults(func=_cmd_verify)
    r = sub.add_parser("revoke", help="revoke a credential in CERTS/status-list.json")
    r.add_argument("credential", help="credential.json to revoke")
    r.add_argument("--certs", required=True, help="the --out folder of `faircourse certify`")
    r.add_argument("--key", required=True, help="the signing key")
    r.set_defaults(func=_cmd_revoke)
    d = sub.add_parser("demo", help="instructor demo: build, grade a small class, show grades")
    d.add_argument("--root", help="course repository (default: found from the cwd)")
    d.set_defaults(func=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, FileNotFoundError, RuntimeError) as exc:  # our messages: one line
        print(f"faircourse {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
