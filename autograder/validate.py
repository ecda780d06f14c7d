"""Validate notebooks with nbgrader's Validator, with an exit status that means something.

``nbgrader validate`` exits 0 even when a notebook fails its tests; here a notebook either
passes every test (or, with ``expect_fail``, fails every test) or the result says why not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["ValidationResult", "validate_notebook"]


@dataclass(frozen=True)
class ValidationResult:
    path: Path
    ok: bool
    detail: str


def _cells(entries) -> str:
    """Name test cells by their first line that calls the grader (else their first line)."""
    names = []
    for entry in entries:
        lines = str(entry.get("source", "")).splitlines() or ["?"]
        names.append(next((ln for ln in lines if ln.startswith("grade(")), lines[0])[:80])
    return "; ".join(names)


def validate_notebook(path: Path, *, expect_fail: bool = False) -> ValidationResult:
    """Execute ``path`` and check its test cells with ``nbgrader.validator.Validator``.

    With ``expect_fail=False`` every test cell must pass; with ``expect_fail=True`` every
    test cell must fail (an untouched student version scores 0).
    """
    from nbgrader.validator import Validator
    from traitlets.config import Config

    from autograder.nbgrader_run import nbgrader_environment

    nbgrader_environment()
    config = Config()
    config.Validator.invert = expect_fail
    config.Validator.validate_all = True
    result = Validator(config=config).validate(str(path))
    problems = []
    if result.get("changed"):
        problems.append(f"{len(result['changed'])} locked/test cell(s) were changed")
    if result.get("type_changed"):
        problems.append(f"{len(result['type_changed'])} cell(s) changed type")
    if result.get("failed"):
        problems.append(f"failing test cell(s): {_cells(result['failed'])}")
    if result.get("passed"):
        problems.append(f"test cell(s) that pass but should fail: {_cells(result['passed'])}")
    if not problems:
        verdict = "every test cell fails, as expected" if expect_fail else "all tests pass"
        return ValidationResult(Path(path), True, verdict)
    return ValidationResult(Path(path), False, "; ".join(problems))
