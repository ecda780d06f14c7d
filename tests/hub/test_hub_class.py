"""A class of two on a real JupyterHub, from release to returned feedback, in Chromium.

The instructor (this process, root: the grading host) releases m02 with ``faircourse
release``; two real Unix learners log in to the hub (DummyAuthenticator with a shared
password: the hub's PAM login would need the learners' passwords set in PAM, which the
exchange does not care about; the exchange needs the real users, for its permissions and
owner check), open nbgrader's Assignment List in JupyterLab, fetch, answer, validate and
submit; the instructor collects, grades with ``faircourse grade``, grades the written
answer in the formgrader (the instructor's server of ``autograder.formgrader``, in the
browser) and returns the feedback; each learner fetches it in the Assignment List and
reads their scores and the grader's comment; ``grades.csv`` and the Canvas file show the
final scores. The answers are saved through the learner's Jupyter server (its contents
API, as the editor saves), the rest is clicks. A second course on the same hub and exchange,
taken by the second learner only, shows that each learner sees their own courses; both
courses' groups are made on the running hub. A screenshot of each step is kept.
"""

from __future__ import annotations

import csv
import json
import re
import secrets
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hub_browser import (
    COURSE,
    M02,
    assignment_list,
    close_dialog,
    dialog,
    grade_written_answers,
    instructor_server,
    learner_reads_feedback,
    login,
    rows,
    save_answers,
    select_course,
    shot,
    step,
)
from hub_setup import (
    ROOT,
    add_user,
    build_learner_env,
    enrol,
    hub_config,
    remove_user,
    start_hub,
    stop,
)

from autograder.cli import main as faircourse
from autograder.questions import get_assignment
from autograder.simulate import submission

WRITTEN = {
    "w1": "Equal opportunity: a qualified applicant should have the same chance in each group."
}
OTHER = "fairml-b"  # a second course, for the second learner only
COURSES = {"correct": [COURSE], "partly": [COURSE, OTHER]}
MANUAL = {"correct": (1.5, "Clear; name the rate it compares."), "partly": (1.0, "Too short.")}


@pytest.fixture(scope="module")
def classroom(workspace, artefacts):
    step(artefacts, "setting up")
    tag = secrets.token_hex(2)
    learners = {"correct": f"ana{tag}", "partly": f"ben{tag}"}
    exchange = workspace / "exchange"
    # The learner environment builds (pip, jupyter) while the instructor releases.
    building = ThreadPoolExecutor(1).submit(build_learner_env, workspace, exchange)
    created, problems = [], []
    hub = None
    try:
        for name in learners.values():
            add_user(name, workspace / "home" / name)
            created.append(name)
        results = workspace / "results"
        assert faircourse(_release(COURSE, exchange, results)) == 0
        # A second course on the same hub and exchange, which only the second learner takes:
        # the same notebook released under another course id (nbgrader's own release).
        _release_as(OTHER, exchange, results / "course")
        step(artefacts, f"users created, m02 released in {COURSE} and {OTHER}")
        learner = building.result()
        step(artefacts, "learner environment built (deploy/learner/setup-learner-env.sh)")
        config, password, port, environment, api_token = hub_config(
            workspace, list(learners.values()), learner, COURSE, exchange
        )
        hub = start_hub(config, password, port)
        # A new course needs no restart: its group is made on the running hub.
        enrol(hub.url, api_token, COURSE, sorted(learners.values()))
        enrol(hub.url, api_token, OTHER, [learners["partly"]])
        step(artefacts, f"hub up, learners enrolled in nbgrader-{COURSE} and nbgrader-{OTHER}")
        yield {
            "hub": hub,
            "learners": learners,
            "results": results,
            "exchange": exchange,
            "learner_env": learner,
            "work": workspace,
            "environment": environment,
        }
    finally:
        building.cancel() or building.exception()  # never leave the build running
        step(artefacts, "stopping the hub")
        if hub is not None:
            stop(hub.proc)
            shutil.copy(hub.log, artefacts / "hub.log")
        for name in ("grades.csv", "canvas.csv", "logs"):
            path = workspace / "results" / name
            if path.is_file():
                shutil.copy(path, artefacts / name)
            elif path.is_dir():
                shutil.copytree(path, artefacts / "grading-logs")
        for name in created:
            if error := remove_user(name):
                problems.append(error)
        step(artefacts, "hub stopped, users removed")
    assert not problems, problems


def _answers(kind: str):
    if kind == "correct":
        return submission(ROOT, M02, written=WRITTEN)
    wrong = get_assignment(M02).QUESTIONS["q1"].wrong_answers[0]
    return submission(ROOT, M02, answers={"q1": wrong.code}, written=WRITTEN)


def _release_as(course: str, exchange: Path, course_root: Path) -> None:
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeReleaseAssignment
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(course_root)
    config.CourseDirectory.course_id = course
    config.CourseDirectory.assignment_id = M02
    config.Exchange.root = str(exchange)
    ExchangeReleaseAssignment(
        coursedir=CourseDirectory(config=config),
        authenticator=Authenticator(config=config),
        config=config,
    ).start()


def _release(course: str, exchange: Path, out: Path) -> list[str]:
    return [
        *("release", M02, "--course", course, "--exchange", str(exchange)),
        *("--out", str(out), "--root", str(ROOT)),
    ]


def _learner_hands_in(browser, hub, user: str, kind: str, artefacts: Path) -> str:
    step(artefacts, f"{kind}: log in")
    context, page = login(browser, hub, user)
    step(artefacts, f"{kind}: JupyterLab open")
    try:
        # nbgrader's instructor tools are switched off in the learner environment.
        formgrader = page.request.get(f"{hub.url}/user/{user}/formgrader")
        assert formgrader.status == 404, formgrader.status
        # A learner sees the courses of their hub groups, and no other.
        courses = page.request.get(f"{hub.url}/user/{user}/courses").json()
        assert courses == {"success": True, "value": COURSES[kind]}, courses
        assignment_list(page)
        select_course(page, COURSE)
        released = rows(page, "released", 1)
        assert M02 in released.first.inner_text() and COURSE in released.first.inner_text()
        shot(page, artefacts, f"{kind}-1-released")
        released.first.locator(".item_status button").click()
        fetched = rows(page, "fetched", 1)
        shot(page, artefacts, f"{kind}-2-fetched")
        save_answers(page, hub, user, _answers(kind))
        page.locator("#fetched_assignments_list a.assignment-notebooks-link").click()
        notebooks = page.locator(f"#nbgrader-{COURSE}-{M02} .list_item")
        notebooks.last.locator('.item_status button:text("Validate")').click()
        step(artefacts, f"{kind}: fetched, answered, validating")
        verdict = dialog(page)
        step(artefacts, f"{kind}: validated")
        shot(page, artefacts, f"{kind}-3-validated")
        close_dialog(page)
        fetched.first.locator('.item_status button:text("Submit")').click()
        rows(page, "submitted", 1)
        shot(page, artefacts, f"{kind}-4-submitted")
        return verdict
    except Exception:
        shot(page, artefacts, f"{kind}-failed")
        raise
    finally:
        context.close()


def test_learner_kernel_has_no_autograder(classroom):
    """The learners' servers run the learner environment: fairkit and faircheck, no grader."""
    env = classroom["learner_env"]
    user = classroom["learners"]["correct"]
    spawner_env = [f"{k}={v}" for k, v in classroom["environment"].items()]
    code = (
        "import importlib.util as u, fairkit, faircheck; "
        "print(u.find_spec('autograder'), u.find_spec('fairkit') is not None)"
    )
    done = subprocess.run(
        ["runuser", "-u", user, "--", "env", "-i", *spawner_env, str(env.python), "-c", code],
        capture_output=True,
        text=True,
        cwd=classroom["work"],
        check=False,
    )
    assert done.stdout.split() == ["None", "True"], done.stderr


def test_a_class_from_release_to_returned_feedback(classroom, browser, artefacts):
    hub, learners, results = classroom["hub"], classroom["learners"], classroom["results"]
    verdicts = {
        kind: _learner_hands_in(browser, hub, user, kind, artefacts)
        for kind, user in learners.items()
    }
    assert "Success" in verdicts["correct"] or "passes" in verdicts["correct"], verdicts
    assert "fail" in verdicts["partly"].lower(), verdicts

    subs = classroom["work"] / "collected"
    assert faircourse(["collect", M02, "--out", str(results), "--submissions", str(subs)]) == 0
    assert sorted(p.name for p in subs.iterdir()) == sorted(learners.values())
    assert (
        faircourse(
            [
                "grade",
                str(subs),
                "--assignment",
                M02,
                "--out",
                str(results),
                "--workers",
                "2",
                "--root",
                str(ROOT),
            ]
        )
        == 0
    )
    graded = {k: json.loads((results / u / "result.json").read_text()) for k, u in learners.items()}
    auto = {
        k: sum(q["points"] for q in r["questions"] if q["kind"] == "autograded")
        for k, r in graded.items()
    }
    auto_max = sum(
        q["max_points"] for q in graded["correct"]["questions"] if q["kind"] == "autograded"
    )
    assert auto["correct"] == auto_max and 0 < auto["partly"] < auto_max, auto
    step(artefacts, "collected and graded")

    with instructor_server(results / "course", artefacts) as (url, token):
        grade_written_answers(browser, url, token, results, learners, MANUAL, artefacts)
    step(artefacts, "written answers graded in the formgrader")
    assert faircourse(["return", M02, "--out", str(results), "--submissions", str(subs)]) == 0
    step(artefacts, "feedback returned")

    assert faircourse(["export", "--results", str(results), "--format", "csv"]) == 0
    roster = classroom["work"] / "roster.csv"
    rows = [f"{u},{1000 + i},{u}" for i, u in enumerate(learners.values())]
    roster.write_text("student_id,ID,SIS Login ID\n" + "\n".join(rows) + "\n")
    export = ["export", "--results", str(results), "--format", "canvas", "--roster", str(roster)]
    assert faircourse(export) == 0
    with (results / "grades.csv").open() as f:
        csv_scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
    with (results / "canvas.csv").open() as f:
        canvas = {row["SIS Login ID"]: row[M02] for row in csv.DictReader(f)}
    final = {k: auto[k] + MANUAL[k][0] for k in learners}
    for kind, user in learners.items():
        assert csv_scores[user] == final[kind], (kind, csv_scores)
        assert float(canvas[user]) == final[kind], (kind, canvas)

    pages = {
        kind: learner_reads_feedback(browser, hub, user, kind, artefacts)
        for kind, user in learners.items()
    }
    step(artefacts, "feedback read by both learners")
    for kind, text in pages.items():
        score, comment = MANUAL[kind]
        total = graded[kind]["max_score"]
        assert f"{final[kind]:g} / {total:g} points" in text, (kind, text[:2000])
        for q in graded[kind]["questions"]:  # each row: question, points, message
            points = score if q["kind"] == "written" else q["points"]
            row = rf"\b{q['id']}\s+{points:g} / {q['max_points']:g}\b"
            assert re.search(row, text), (kind, row, text[:2000])
        assert comment in text, (kind, text[:2000])
