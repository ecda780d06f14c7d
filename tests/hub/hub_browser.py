"""Driving the hub in Chromium: a learner's JupyterLab and Assignment List, the formgrader.

Each step leaves a screenshot (:func:`shot`) and its time (:func:`step`, ``steps.log``) in
the artefacts folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from hub_setup import free_port, stop

M02 = "m02-group-metrics"
COURSE = "fairml"
UI_TIMEOUT = 60_000  # ms: a first JupyterLab load on 2 busy cores

_START: list[float] = []


def shot(page, artefacts: Path, name: str) -> None:
    page.screenshot(path=str(artefacts / f"{name}.png"), full_page=True)


def step(artefacts: Path, text: str) -> None:
    """The time of each step, in ``steps.log`` beside the screenshots."""
    if not _START:
        _START.append(time.monotonic())
    with (artefacts / "steps.log").open("a") as log:
        log.write(f"{time.monotonic() - _START[0]:7.1f} s  {text}\n")


def login(browser, hub, user: str):
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


def assignment_list(page):
    """Nbgrader > Assignment List, the learner's way in (lesson m00)."""
    page.locator('#jp-menu-panel .lm-MenuBar-itemLabel:text-is("Nbgrader")').click()
    page.locator('.lm-Menu-item[data-command="nbgrader:open-assignment-list"]').click()
    page.locator("#released_assignments_list").wait_for()


def select_course(page, course: str) -> None:
    """Choose ``course`` in the Assignment List's course menu."""
    page.locator("#course_list_dropdown").click()
    page.locator(f'#course_list > li :text-is("{course}")').click()
    exact = re.compile(rf"^\s*{re.escape(course)}\s*$")
    page.locator("#course_list_default").filter(has_text=exact).wait_for()


def rows(page, name: str, count: int):
    rows = page.locator(f"#{name}_assignments_list > .list_item")
    deadline = time.monotonic() + UI_TIMEOUT / 1000
    while rows.count() != count and time.monotonic() < deadline:
        page.wait_for_timeout(250)  # the list refreshes from the server
    assert rows.count() == count, page.locator(f"#{name}_assignments_list").inner_text()
    return rows


def dialog(page) -> str:
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=120_000)  # validation runs the whole notebook
    text = dialog.inner_text()
    return text


def close_dialog(page) -> None:
    page.locator(".jp-Dialog .jp-Dialog-button").last.click()
    page.locator(".jp-Dialog").wait_for(state="detached")


def save_answers(page, hub, user: str, nb) -> None:
    """Save the answered notebook through the learner's server, as the editor does."""
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    path = f"{COURSE}/{M02}/{M02}.ipynb"
    response = page.request.put(
        f"{hub.url}/user/{user}/api/contents/{path}",
        data=json.dumps({"type": "notebook", "format": "json", "content": nb}),
        headers={"X-XSRFToken": xsrf, "Content-Type": "application/json"},
    )
    assert response.ok, (response.status, response.text())


@contextlib.contextmanager
def instructor_server(course_root: Path, artefacts: Path):
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


def grade_written_answers(browser, url, token, results, learners, manual, artefacts) -> None:
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
            score, comment = manual[kind]
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
            shot(page, artefacts, f"{kind}-5-formgrader")
    except Exception:
        shot(page, artefacts, "formgrader-failed")
        raise
    finally:
        context.close()


def learner_reads_feedback(browser, hub, user: str, kind: str, artefacts: Path) -> str:
    context, page = login(browser, hub, user)
    try:
        assignment_list(page)
        select_course(page, COURSE)
        submitted = rows(page, "submitted", 1)
        submitted.first.locator('.item_status button:text("Fetch Feedback")').click()
        page.locator("#submitted_assignments_list a:text('view feedback')").first.wait_for()
        shot(page, artefacts, f"{kind}-6-feedback-fetched")
        listing = page.request.get(
            f"{hub.url}/user/{user}/api/contents/{COURSE}/{M02}/feedback"
        ).json()
        stamp = listing["content"][0]["name"]
        page.goto(f"{hub.url}/user/{user}/files/{COURSE}/{M02}/feedback/{stamp}/{M02}.html")
        text = page.locator("body").inner_text()
        shot(page, artefacts, f"{kind}-7-feedback")
        return text
    except Exception:
        shot(page, artefacts, f"{kind}-failed-feedback")
        raise
    finally:
        context.close()
