"""``faircourse release`` / ``collect`` / ``return`` against nbgrader's own learner commands.

No hub: the learner's side is nbgrader's exchange classes (what the Assignment List calls),
run by this user, so the round trip checks that each side finds what the other wrote: the
released notebook, the hand-in with its secret, and the feedback under nbgrader's hash.
"""

from __future__ import annotations

import getpass
import json
import time
from pathlib import Path

import pytest
from traitlets.config import Config, PyFileConfigLoader

from autograder.classroom import Classroom, learner_config, load_classroom
from autograder.cli import main as faircourse
from autograder.exchange import NOT_OWNER, collect, release, return_feedback

ROOT = Path(__file__).resolve().parents[2]
M02 = "m02-group-metrics"


def _learner(exchange: Path, home: Path, course: str, assignment: str) -> Config:
    config = Config()
    config.Exchange.root = str(exchange)
    config.Exchange.cache = str(home / "cache")
    config.Exchange.assignment_dir = str(home)
    config.CourseDirectory.course_id = course
    config.CourseDirectory.assignment_id = assignment
    return config


def _as_learner(kind, config: Config):
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory

    step = kind(
        coursedir=CourseDirectory(config=config),
        authenticator=Authenticator(config=config),
        config=config,
    )
    step.start()


def test_learner_config_is_nbgrader_config(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(learner_config("/srv/exchange"))
    config = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path)).load_config()
    assert config.Exchange.root == "/srv/exchange"
    assert config.Exchange.path_includes_course is True
    assert config.Authenticator.plugin_class == "nbgrader.auth.JupyterHubAuthPlugin"


def test_collect_without_a_course_id_says_what_to_do(tmp_path):
    with pytest.raises(ValueError, match="pass --course"):
        load_classroom(tmp_path)
    assert faircourse(["collect", M02, "--out", str(tmp_path), "--submissions", "x"]) == 2


def test_release_collect_return_round_trip(tmp_path):
    from nbgrader.exchange.default import (
        ExchangeFetchAssignment,
        ExchangeFetchFeedback,
        ExchangeSubmit,
    )

    exchange, results, subs, home = (tmp_path / n for n in ("ex", "res", "subs", "home"))
    classroom = Classroom("fairml", exchange)
    outbound = release(ROOT, M02, results, classroom)
    assert (outbound / f"{M02}.ipynb").is_file()
    assert load_classroom(results) == Classroom("fairml", exchange.resolve())
    instructor = PyFileConfigLoader("nbgrader_config.py", path=str(results)).load_config()
    assert instructor.CourseDirectory.course_id == "fairml"
    assert instructor.CourseDirectory.root == str((results / "course").resolve())
    assert instructor.Exchange.root == str(exchange.resolve())

    me = getpass.getuser()
    learner = _learner(exchange, home, "fairml", M02)
    _as_learner(ExchangeFetchAssignment, learner)
    assert (home / M02 / f"{M02}.ipynb").is_file()
    _as_learner(ExchangeSubmit, learner)
    # A hand-in put under a classmate's name by this user: collect must refuse it.
    inbound = exchange / "fairml" / "inbound"
    stamp = time.strftime("%Y-%m-%d %H:%M:%S.000000 UTC", time.gmtime())
    forged = inbound / f"mallory+{M02}+{stamp}+abcd"
    forged.mkdir()
    (forged / f"{M02}.ipynb").write_text("{}")

    collected, refused = collect(M02, results, subs, classroom)
    assert collected == [me]
    assert refused == [NOT_OWNER.format(folder=forged.name, student="mallory", owner=me)]
    # Where every learner runs as one Unix user, the owner says nothing: --no-owner-check.
    everyone = tmp_path / "everyone"
    assert collect(M02, results, everyone, classroom, check_owner=False) == (
        sorted(["mallory", me]),
        [],
    )
    handed_in = subs / me / M02
    assert {"timestamp.txt", "submission_secret.txt", f"{M02}.ipynb"} <= {
        p.name for p in handed_in.iterdir()
    }

    # What `faircourse grade` leaves: a result and a feedback page per learner.
    (results / me).mkdir()
    result = {"student_id": me, "assignment": M02, "status": "graded", "questions": []}
    (results / me / "result.json").write_text(json.dumps(result))
    (results / me / "feedback.html").write_text("<p>FEEDBACK-MARK</p>")
    assert return_feedback(M02, results, subs, classroom) == [me]
    _as_learner(ExchangeFetchFeedback, learner)
    pages = list((home / M02 / "feedback").glob(f"*/{M02}.html"))
    assert len(pages) == 1 and "FEEDBACK-MARK" in pages[0].read_text()


def test_command_line_mistakes_are_one_line(tmp_path, capsys):
    from autograder.classroom import BAD_COURSE_ID
    from autograder.exchange import NOT_RELEASED

    out = ["--out", str(tmp_path / "res")]
    assert faircourse(["release", M02, "--course", "fair ml", *out, "--root", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and BAD_COURSE_ID.format(course="fair ml") in err
    # A course never released: said so, with the command that releases.
    subs = ["--submissions", str(tmp_path / "subs")]
    exchange = ["--exchange", str(tmp_path / "ex")]
    assert faircourse(["collect", M02, *out, *subs, "--course", "nope", *exchange]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert NOT_RELEASED.format(course="nope", exchange=tmp_path / "ex") in err, err
