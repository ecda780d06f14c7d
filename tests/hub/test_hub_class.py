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
API, as the editor saves), the rest is clicks. A screenshot of each step is kept.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hub_setup import (
    ROOT,
    add_user,
    build_learner_env,
    enrol,
    free_port,
    hub_config,
    remove_user,
    start_hub,
    stop,
)

from autograder.cli import main as faircourse
from autograder.questions import get_assignment
from autograder.simulate import submission

M02 = "m02-group-metrics"
COURSE = "fairml"
WRITTEN = {
    "w1": "Equal opportunity: a qualified applicant should have the same chance in each group."
}
MANUAL = {"correct": (1.5, "Clear; name the rate it compares."), "partly": (1.0, "Too short.")}
UI_TIMEOUT = 60_000  # ms: a first JupyterLab load on 2 busy cores


@pytest.fixture(scope="module")
def classroom(workspace, artefacts):
    _step(artefacts, "setting up")
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
        assert (
            faircourse(
                [
                    "release",
                    M02,
                    "--course",
                    COURSE,
                    "--exchange",
                    str(exchange),
                    "--out",
                    str(results),
                    "--root",
                    str(ROOT),
                ]
            )
            == 0
        )
        _step(artefacts, "users created, m02 released")
        learner = building.result()
        _step(artefacts, "learner environment built (deploy/learner/setup-learner-env.sh)")
        config, password, port, environment, api_token = hub_config(
            workspace, list(learners.values()), learner, COURSE, exchange
        )
        hub = start_hub(config, password, port)
        # A new course needs no restart: its group is made on the running hub.
        enrol(hub.url, api_token, COURSE, sorted(learners.values()))
        _step(artefacts, "hub up, learners enrolled in nbgrader-fairml")
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
        _step(artefacts, "stopping the hub")
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
        _step(artefacts, "hub stopped, users removed")
    assert not problems, problems


def _shot(page, artefacts: Path, name: str) -> None:
    page.screenshot(path=str(artefacts / f"{name}.png"), full_page=True)


_START: list[float] = []


def _step(artefacts: Path, text: str) -> None:
    """The time of each step, in ``steps.log`` beside the screenshots."""
    if not _START:
        _START.append(time.monotonic())
    with (artefacts / "steps.log").open("a") as log:
        log.write(f"{time.monotonic() - _START[0]:7.1f} s  {text}\n")


def _login(browser, hub, user: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(UI_TIMEOUT)
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/lab**", timeout=120_000)
    page.locator(".jp-LabShell").wait_for()
    return context, page


def _assignment_list(page):
    """Nbgrader > Assignment List, the learner's way in (lesson m00)."""
    page.locator('#jp-menu-panel .lm-MenuBar-itemLabel:text-is("Nbgrader")').click()
    page.locator('.lm-Menu-item[data-command="nbgrader:open-assignment-list"]').click()
    page.locator("#released_assignments_list").wait_for()


def _rows(page, name: str, count: int):
    rows = page.locator(f"#{name}_assignments_list > .list_item")
    deadline = time.monotonic() + UI_TIMEOUT / 1000
    while rows.count() != count and time.monotonic() < deadline:
        page.wait_for_timeout(250)  # the list refreshes from the server
    assert rows.count() == count, page.locator(f"#{name}_assignments_list").inner_text()
    return rows


def _dialog(page) -> str:
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=120_000)  # validation runs the whole notebook
    text = dialog.inner_text()
    return text


def _close_dialog(page) -> None:
    page.locator(".jp-Dialog .jp-Dialog-button").last.click()
    page.locator(".jp-Dialog").wait_for(state="detached")


def _save_answers(page, hub, user: str, nb) -> None:
    """Save the answered notebook through the learner's server, as the editor does."""
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    path = f"{COURSE}/{M02}/{M02}.ipynb"
    response = page.request.put(
        f"{hub.url}/user/{user}/api/contents/{path}",
        data=json.dumps({"type": "notebook", "format": "json", "content": nb}),
        headers={"X-XSRFToken": xsrf, "Content-Type": "application/json"},
    )
    assert response.ok, (response.status, response.text())


def _answers(kind: str):
    if kind == "correct":
        return submission(ROOT, M02, written=WRITTEN)
    wrong = get_assignment(M02).QUESTIONS["q1"].wrong_answers[0]
    return submission(ROOT, M02, answers={"q1": wrong.code}, written=WRITTEN)


def _learner_hands_in(browser, hub, user: str, kind: str, artefacts: Path) -> str:
    _step(artefacts, f"{kind}: log in")
    context, page = _login(browser, hub, user)
    _step(artefacts, f"{kind}: JupyterLab open")
    try:
        # nbgrader's instructor tools are switched off in the learner environment.
        formgrader = page.request.get(f"{hub.url}/user/{user}/formgrader")
        assert formgrader.status == 404, formgrader.status
        _assignment_list(page)
        released = _rows(page, "released", 1)
        assert M02 in released.first.inner_text() and COURSE in released.first.inner_text()
        _shot(page, artefacts, f"{kind}-1-released")
        released.first.locator(".item_status button").click()
        fetched = _rows(page, "fetched", 1)
        _shot(page, artefacts, f"{kind}-2-fetched")
        _save_answers(page, hub, user, _answers(kind))
        page.locator("#fetched_assignments_list a.assignment-notebooks-link").click()
        notebooks = page.locator(f"#nbgrader-{COURSE}-{M02} .list_item")
        notebooks.last.locator('.item_status button:text("Validate")').click()
        _step(artefacts, f"{kind}: fetched, answered, validating")
        verdict = _dialog(page)
        _step(artefacts, f"{kind}: validated")
        _shot(page, artefacts, f"{kind}-3-validated")
        _close_dialog(page)
        fetched.first.locator('.item_status button:text("Submit")').click()
        _rows(page, "submitted", 1)
        _shot(page, artefacts, f"{kind}-4-submitted")
        return verdict
    except Exception:
        _shot(page, artefacts, f"{kind}-failed")
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
    _step(artefacts, "collected and graded")

    with _instructor_server(results / "course", artefacts) as (url, token):
        _grade_written_answers(browser, url, token, results, learners, artefacts)
    _step(artefacts, "written answers graded in the formgrader")
    assert faircourse(["return", M02, "--out", str(results), "--submissions", str(subs)]) == 0
    _step(artefacts, "feedback returned")

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
        kind: _learner_reads_feedback(browser, hub, user, kind, artefacts)
        for kind, user in learners.items()
    }
    _step(artefacts, "feedback read by both learners")
    for kind, text in pages.items():
        assert f"{auto[kind]:g} / {auto_max:g}" in text or f"{auto[kind]:g}" in text, kind
        score, comment = MANUAL[kind]
        if not _manual_grades_reach_feedback():
            pytest.xfail(
                "the feedback page does not show manual scores yet: autograder.gradebook.refresh "
                "(the gradebook-derived feedback of the other half of issue 12) is missing"
            )
        assert comment in text, (kind, text[:2000])
        assert f"{final[kind]:g} / " in text, (kind, text[:2000])
        assert f"{score:g} / " in text, (kind, text[:2000])


def _manual_grades_reach_feedback() -> bool:
    try:
        from autograder.gradebook import refresh  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def _instructor_server(course_root: Path, artefacts: Path):
    """The instructor's server, configured by ``faircourse grade`` (strict CSP), as root."""
    from autograder.formgrader import instructor_command

    port, token = free_port(), secrets.token_hex(16)
    jupyter = str(Path(sys.executable).parent / "jupyter")
    folder = course_root.parent / "instructor-jupyter"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(folder / "config"),
        "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
        "JUPYTER_DATA_DIR": str(folder / "data"),
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }
    command = [
        *instructor_command(course_root, jupyter=jupyter),
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    log = artefacts / "instructor-server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=course_root, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        request = urllib.request.Request(
            f"{url}/api/status", headers={"Authorization": f"token {token}"}
        )
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(request, timeout=2):
                    break
            time.sleep(0.3)  # polling until the server answers
        yield url, token
    finally:
        stop(proc)


def _grade_written_answers(browser, url, token, results, learners, artefacts) -> None:
    from nbgrader.api import Gradebook

    db = f"sqlite:///{results / 'course' / 'gradebook.db'}"
    with Gradebook(db) as gb:
        ids = {k: gb.find_submission_notebook(M02, M02, u).id for k, u in learners.items()}
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(UI_TIMEOUT)
    try:
        page = context.new_page()
        page.goto(f"{url}/formgrader?token={token}")
        for kind, sub in ids.items():
            score, comment = MANUAL[kind]
            page.goto(f"{url}/formgrader/submissions/{sub}/?index=0")
            # The page's script binds the inputs once it has loaded the grades.
            page.wait_for_load_state("networkidle")
            box, note = page.locator("#w1_answer"), page.locator("#w1_answer-comment")
            with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url) as saved:
                box.fill(f"{score:g}")
                box.press("Tab")
            assert saved.value.ok
            with page.expect_response(lambda r: "/formgrader/api/comment/" in r.url) as saved:
                note.fill(comment)
                note.press("Tab")
            assert saved.value.ok
            _shot(page, artefacts, f"{kind}-5-formgrader")
    except Exception:
        _shot(page, artefacts, "formgrader-failed")
        raise
    finally:
        context.close()


def _learner_reads_feedback(browser, hub, user: str, kind: str, artefacts: Path) -> str:
    context, page = _login(browser, hub, user)
    try:
        _assignment_list(page)
        submitted = _rows(page, "submitted", 1)
        submitted.first.locator('.item_status button:text("Fetch Feedback")').click()
        page.locator("#submitted_assignments_list a:text('view feedback')").first.wait_for()
        _shot(page, artefacts, f"{kind}-6-feedback-fetched")
        listing = page.request.get(
            f"{hub.url}/user/{user}/api/contents/{COURSE}/{M02}/feedback"
        ).json()
        stamp = listing["content"][0]["name"]
        page.goto(f"{hub.url}/user/{user}/files/{COURSE}/{M02}/feedback/{stamp}/{M02}.html")
        text = page.locator("body").inner_text()
        _shot(page, artefacts, f"{kind}-7-feedback")
        return text
    except Exception:
        _shot(page, artefacts, f"{kind}-failed-feedback")
        raise
    finally:
        context.close()
