"""``faircourse --help``: each option's default, and one example per command.

Examples
--------
>>> parser = Parser(prog="faircourse grade")
>>> _ = parser.add_argument("--timeout", type=float, default=300.0, help="seconds")
>>> "(default: 300.0)" in parser.format_help() and "example:" in parser.format_help()
True
"""

from __future__ import annotations

import argparse

__all__ = ["DEBUG_HELP", "EXAMPLES", "HelpFormatter", "Parser"]

DEBUG_HELP = "show the traceback of an error (for a bug report)"
# One example per command, shown at the end of its --help.
EXAMPLES = {
    "build": "example:\n  faircourse build --assignment m02-group-metrics --check",
    "validate": "example:\n  faircourse validate exercises/m02-group-metrics/*.ipynb --expect-fail",
    "grade": (
        "example:\n  faircourse grade submitted/ --assignment m02-group-metrics --out results/"
        "\n\nSUBMISSIONS holds <student>/<assignment>/<assignment>.ipynb; a rerun grades only "
        "what changed\nor failed. Exit 1 if a submission could not be graded."
    ),
    "similarity": "example:\n  faircourse similarity results/ --threshold 0.7",
    "export": (
        "example:\n  faircourse export --results results/ --format canvas --roster roster.csv"
        "\n\nThe roster is a CSV with the columns student_id (the SUBMISSIONS folder name) "
        "and ID\n(Canvas's user id), optionally Student, SIS User ID, SIS Login ID, Section; "
        "Canvas's own\ngradebook export works as it is when SIS Login ID is the student id."
    ),
    "demo": "example:\n  faircourse demo",
    "release": "example:\n  faircourse release m02-group-metrics --course fairml --out results/",
    "collect": (
        "example:\n  faircourse collect m02-group-metrics --submissions submitted/ --out results/"
    ),
    "return": (
        "example:\n  faircourse return m02-group-metrics --submissions submitted/ --out results/"
    ),
    "progress": "example:\n  faircourse progress results/m00 results/m01 --out progress.csv",
    "insights": "example:\n  faircourse insights results/m02 results/m03 --out insights.html",
    "keygen": "example:\n  faircourse keygen --out ~/.faircourse/issuer.key",
    "certify": (
        "example:\n  faircourse certify results/m* --out certs/ --issuer issuer.json "
        "--key ~/.faircourse/issuer.key"
    ),
    "verify": "example:\n  faircourse verify certs/alice/credential.json --status-list list.json",
    "revoke": (
        "example:\n  faircourse revoke certs/alice/credential.json --certs certs/ "
        "--key ~/.faircourse/issuer.key"
    ),
}


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples' line breaks and adds each option's default to its help."""

    def _get_help_string(self, action):
        text = action.help or ""
        default = action.default
        if "default" in text or default in (None, False, argparse.SUPPRESS, 0):
            return text
        if not action.option_strings:
            return text
        return f"{text} (default: {default})"


class Parser(argparse.ArgumentParser):
    """Every (sub)command's parser: defaults in --help, and the command's example."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        words = str(kwargs.get("prog", "")).split()
        if len(words) > 1 and words[-1] in EXAMPLES:
            kwargs.setdefault("epilog", EXAMPLES[words[-1]])
        super().__init__(*args, **kwargs)
        if len(words) > 1:  # a command: --debug after it too (SUPPRESS keeps the main one's)
            self.add_argument(
                "--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP
            )
