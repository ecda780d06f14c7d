"""``faircourse``: the instructor's command line.

faircourse build [--check]                 regenerate solutions/ and exercises/
faircourse validate PATH... [--expect-fail]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
