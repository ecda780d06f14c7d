"""The instructor's browser is not the learner's (issue 14), checked in a real browser.

A class of malicious m02 submissions (``xss_vectors.VECTORS``, each with its own marker) is
graded in one batch; one instructor's Jupyter server, configured by
:func:`autograder.formgrader.write_server_config`, serves the course; headless Chromium opens
every submission's manual-grading page as the instructor, and every ``feedback.html`` from
disk. A page fails if a learner's script runs, if any element has an event handler or a script
URL, or if it sends a request outside the formgrader (the Jupyter API, another origin).

The detector is shown to be live on two learners whose autograded notebooks were written
unsanitised (``canary-*``): with the CSP bypassed (a stock nbgrader server) it catches every
vector that nbconvert's templates do not already escape; with the CSP alone (no sanitiser) no
learner script runs, and the navigation vector is left to the sanitiser.
"""

from __future__ import annotations

import json

import pytest
import xss_vectors as X
from browser_checks import MARK, Findings, inspect
from xss_vectors import CANARIES, CLEAN, FEEDBACK_CANARY, MALICIOUS

from autograder.formgrader import SERVER_CSP

PlaywrightError = pytest.importorskip("playwright.sync_api").Error
# One worker runs them all (`make test` runs pytest -n 2 --dist loadscope: one module, one
# worker): one graded class, one server, one browser.
pytestmark = pytest.mark.browser
# On a sanitised page, the only learner content the CSP may have to stop: a remote image (the
# sanitiser drops image sources other than data: today; the CSP would block one it kept).
CSP_ALLOWED = ("csp(img-src ",)


@pytest.fixture(scope="session")
def look(browser, server, course, instructor, artefacts):
    """``look(page, mode)``: the :class:`Findings` of one page, inspected once per session.

    ``page``: a learner (their manual-grading page) or ``feedback:<learner>``; ``mode``:
    ``"server"`` (the CSP of the instructor's server) or ``"no-csp"`` (as a stock server).
    """
    seen: dict[tuple[str, str], Findings] = {}

    def inspect_once(page: str, mode: str = "server") -> Findings:
        if (page, mode) not in seen:
            if page.startswith("feedback:"):
                url = (course.out / page.split(":", 1)[1] / "feedback.html").as_uri()
            else:
                url = f"{server.url}/formgrader/submissions/{course.submission_id(page)}/?index=0"
            name = f"{page.replace(':', '-')}-{mode}"
            seen[page, mode] = inspect(
                browser, url, name, artefacts, cookies=instructor, bypass_csp=mode == "no-csp"
            )
        return seen[page, mode]

    return inspect_once


def _learner_csp(findings: Findings) -> list[str]:
    """CSP violations caused by learner content (every payload carries a marker)."""
    return [c for c in findings.csp if MARK in c]


def _explain(findings: Findings) -> str:
    return f"see {findings.screenshot}\n{findings.report()}"


@pytest.mark.parametrize("student", sorted(MALICIOUS))
def test_manual_grading_page_is_inert(look, student):
    findings = look(student)
    assert not findings.problems, _explain(findings)
    blocked = [c for c in _learner_csp(findings) if not c.startswith(CSP_ALLOWED)]
    assert not blocked, _explain(findings)
    for vector in MALICIOUS[student]:
        if vector.where == "markdown":  # the learner's cell is there, only made inert
            assert f"Added by the learner ({vector.name})" in findings.text, _explain(findings)


@pytest.mark.parametrize("student", sorted([*MALICIOUS, CLEAN]))
def test_feedback_page_is_inert(look, course, student):
    assert course.results[student]["status"] != "grading_error"
    findings = look(f"feedback:{student}")
    assert not findings.problems, _explain(findings)
    blocked = [c for c in _learner_csp(findings) if not c.startswith(CSP_ALLOWED)]
    assert not blocked, _explain(findings)


def test_detector_catches_every_live_vector_without_sanitiser_or_csp(look):
    """The proof that the checks above can fail: the same payloads, unsanitised, no CSP."""
    findings = look("canary-all", "no-csp")
    missed = {
        v.name: v.expect
        for v in CANARIES["canary-all"]
        if v.expect != "escaped" and not findings.caught(v.marker)
    }
    assert not missed, f"the detector misses live vectors {missed}\n{_explain(findings)}"
    not_run = [
        v.name
        for v in CANARIES["canary-all"]
        if v.expect == "run" and not any(v.marker in r for r in findings.ran)
    ]
    assert not not_run, f"these should have run: {not_run}\n{_explain(findings)}"
    escaped = [v.name for v in CANARIES["canary-all"] if v.expect == "escaped"]
    caught = {name: findings.caught(X.marker(name)) for name in escaped}
    assert not any(caught.values()), f"escaped by the template, yet active: {caught}"
    navigate = look("canary-navigate", "no-csp")
    for vector in CANARIES["canary-navigate"]:
        assert navigate.caught(vector.marker) or navigate.navigated, _explain(navigate)
    feedback = look(f"feedback:{FEEDBACK_CANARY}", "no-csp")  # the lab template, no CSP
    missed = [
        v.name
        for v in CANARIES["canary-all"]
        if v.expect != "escaped" and not feedback.caught(v.marker)
    ]
    assert not missed, f"the detector misses live vectors {missed}\n{_explain(feedback)}"


def test_server_csp_alone_stops_learner_scripts(look):
    """Defence in depth: unsanitised, the strict CSP of the manual-grading page runs nothing,
    loads nothing; only a navigation (meta refresh) is left for the sanitiser to stop."""
    findings = look("canary-all")
    assert not findings.ran and not findings.requests, _explain(findings)
    assert any(c.startswith("csp(script-src") and MARK in c for c in findings.csp)
    navigate = look("canary-navigate")
    assert navigate.navigated or navigate.requests, _explain(navigate)
    feedback = look(f"feedback:{FEEDBACK_CANARY}")  # FEEDBACK_CSP: no script at all
    assert not feedback.ran and not feedback.requests, _explain(feedback)


def test_vector_table(look, artefacts):
    """Which mechanism closes which vector, measured: the manual-grading page and the feedback
    page, unsanitised without and with their CSP, and sanitised (written to vectors.md)."""
    rows = [
        "| vector | where | formgrader: unsanitised, no CSP | unsanitised, server CSP | "
        "sanitised, server CSP | feedback: unsanitised, no CSP | unsanitised, feedback CSP | "
        "sanitised, feedback CSP |",
        "|---|---|---|---|---|---|---|---|",
    ]
    canary = {v.name: c for c, vs in CANARIES.items() for v in vs}
    graded = {v.name: s for s, vs in MALICIOUS.items() for v in vs}

    def state(findings: Findings, marker: str) -> str:
        csp = any(marker in c for c in findings.csp)
        if any(marker in r for r in findings.ran):
            return "script ran"
        if findings.navigated:
            return "navigated away"
        if any(marker in r for r in findings.requests):
            return "request sent"
        if any(marker in d for d in findings.dom):
            return "active markup left" + (" (CSP blocked it)" if csp else "")
        return "blocked by CSP" if csp else "inert"

    failures = []
    for v in X.VECTORS:
        pages = [
            (canary[v.name], "no-csp"),
            (canary[v.name], "server"),
            (graded[v.name], "server"),
            (f"feedback:{FEEDBACK_CANARY}", "no-csp"),
            (f"feedback:{FEEDBACK_CANARY}", "server"),
            (f"feedback:{graded[v.name]}", "server"),
        ]
        if v.navigates:  # the feedback canary has no navigation vector
            pages[3:5] = []
        states = [state(look(page, mode), v.marker) for page, mode in pages]
        if v.navigates:
            states[3:3] = ["(not rendered)", "(not rendered)"]
        rows.append(f"| {v.name} | {v.where} | " + " | ".join(states) + " |")
        failures += [f"{v.name}: {states[i]}" for i in (2, 5) if states[i] != "inert"]
    (artefacts / "vectors.md").write_text("\n".join(rows) + "\n")
    print(f"\n{artefacts / 'vectors.md'}:\n" + "\n".join(rows))
    assert not failures, failures


def test_clean_submission_still_renders(look, browser, server, instructor, course):
    findings = look(CLEAN)
    assert not findings.problems, _explain(findings)
    context = browser.new_context()
    try:
        context.add_cookies(instructor)
        page = context.new_page()
        page.goto(f"{server.url}/formgrader/submissions/{course.submission_id(CLEAN)}/?index=0")
        q1 = page.locator(".cell", has_text="def selection_rate_by_group")
        table = q1.locator("table.dataframe")
        assert table.locator("td").all_inner_texts() == ["0.3125", "0.4375"]
        assert table.locator("th").all_inner_texts()[-2:] == ["female", "male"]
        figure = q1.locator('img[src^="data:image/png;base64,"]')
        assert figure.count() == 1 and figure.evaluate("img => img.naturalWidth") > 100
        w1 = page.locator(".nbgrader_cell", has=page.locator("#w1_answer"))
        answer = w1.locator(".text_cell_render")
        assert answer.locator("h1").inner_text().strip().rstrip("¶") == "Which metric?"
        assert answer.locator("li").all_inner_texts() == [
            "it compares true positive rates across groups;",
            "it does not ask for equal selection rates.",
        ]
        assert answer.locator("code").first.inner_text() == 'tpr["female"] < tpr["male"]'
        assert "gap = abs(" in answer.locator("pre").inner_text()
        assert "# a < b" in answer.locator("pre").inner_text()
        text = answer.inner_text()
        assert "$x < y$" in text or "x<y" in text.replace(" ", "")
        assert answer.is_visible() and "equal opportunity" in text
    finally:
        context.close()


def test_manual_grading_works_under_the_csp(browser, server, instructor, course):
    """The manual grader's path: a score and a comment typed in the page reach the gradebook."""
    from nbgrader.api import Gradebook

    context = browser.new_context()
    try:
        context.add_cookies(instructor)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{server.url}/formgrader/submissions/{course.submission_id(CLEAN)}/?index=0")
        score, comment = page.locator("#w1_answer"), page.locator("#w1_answer-comment")
        assert score.is_visible() and comment.is_visible()
        with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url) as saved:
            score.fill("1.5")
            score.press("Tab")
        assert saved.value.ok
        with page.expect_response(lambda r: "/formgrader/api/comment/" in r.url) as saved:
            comment.fill("Clear answer; cite the metric's definition.")
            comment.press("Tab")
        assert saved.value.ok
        blocked = [e for e in errors if "Content Security Policy" in e and "cdnjs" not in e]
        assert not blocked, errors
    finally:
        context.close()
    with Gradebook(course.db_url) as gb:
        grade = gb.find_grade("w1_answer", X.M02, X.M02, CLEAN)
        assert grade.manual_score == 1.5
        note = gb.find_comment("w1_answer", X.M02, X.M02, CLEAN)
        assert note.manual_comment == "Clear answer; cite the metric's definition."


def test_server_sends_the_configured_policies(browser, server, instructor, course):
    """The strict policy on the manual-grading page, SERVER_CSP elsewhere; no terminals."""
    context = browser.new_context()
    try:
        context.add_cookies(instructor)
        page = context.new_page()
        sub = course.submission_id(CLEAN)
        response = page.goto(f"{server.url}/formgrader/submissions/{sub}/?index=0")
        policy = response.headers["content-security-policy"]
        script = next(d for d in policy.split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script and "'sha256-" in script, policy
        assert f"connect-src {server.url}/formgrader/api/grades " in policy
        listing = page.goto(f"{server.url}/formgrader/gradebook/{X.M02}/{X.M02}")
        assert listing.headers["content-security-policy"] == SERVER_CSP
        terminals = page.request.post(
            f"{server.url}/api/terminals", headers={"Authorization": f"token {server.token}"}
        )
        assert terminals.status == 404, terminals.status
    finally:
        context.close()


def test_formgrader_lists_and_lab_work_under_the_server_csp(browser, server, instructor):
    context = browser.new_context()
    violations: list[str] = []
    try:
        context.add_cookies(instructor)
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => "
            "console.error('CSP ' + e.effectiveDirective + ' ' + e.blockedURI), true)"
        )
        page = context.new_page()
        page.on("console", lambda m: violations.append(m.text) if m.text.startswith("CSP ") else 0)
        try:
            page.goto(f"{server.url}/formgrader/gradebook/{X.M02}/{X.M02}")
            page.locator("td", has_text="canary-all").first.wait_for()
            page.goto(f"{server.url}/lab")
            listing = page.locator(".jp-DirListing-item", has_text="autograded")
            listing.first.wait_for(timeout=30_000)
        except PlaywrightError as exc:
            raise AssertionError(f"{page.url} did not work: {exc}\nCSP: {violations}") from None
    finally:
        context.close()
    assert not violations, violations


REACH_PROBES = [
    ("list the course folder", "GET", "/api/contents", None),
    ("read the grading secret", "GET", "/api/contents/grading_secret.key?content=1", None),
    ("read the gradebook", "GET", "/api/contents/gradebook.db?content=1&format=base64", None),
    ("read the solutions", "GET", f"/api/contents/source/{X.M02}/{X.M02}.ipynb", None),
    (
        "write a file",
        "PUT",
        "/api/contents/reach-probe.txt",
        {"type": "file", "format": "text", "content": "x"},
    ),
    ("delete that file", "DELETE", "/api/contents/reach-probe.txt", None),
    ("list kernels", "GET", "/api/kernels", None),
    ("start a kernel (run code)", "POST", "/api/kernels", {}),
    ("open a terminal", "POST", "/api/terminals", None),
    ("list sessions", "GET", "/api/sessions", None),
    ("read the server's identity", "GET", "/api/me", None),
    ("list learners (formgrader API)", "GET", "/formgrader/api/students", None),
    ("read grades (formgrader API)", "GET", "/formgrader/api/grades?submission_id={sub}", None),
]
REACH_SCRIPT = """
async (probes) => {
  const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]*)/) || [])[1] || '';
  const out = {'cookies a script can read': document.cookie.split('; ').map(c => c.split('=')[0])};
  for (const [label, method, url, body] of probes) {
    try {
      const r = await fetch(url, {method, headers: {'X-XSRFToken': decodeURIComponent(xsrf)},
                                  body: body === null ? undefined : JSON.stringify(body)});
      const text = await r.text();
      out[label] = r.status;
      if (label.startsWith('start a kernel') && r.ok) {
        const id = JSON.parse(text).id;
        await fetch('/api/kernels/' + id, {method: 'DELETE',
                                           headers: {'X-XSRFToken': decodeURIComponent(xsrf)}});
      }
    } catch (e) { out[label] = 'blocked (' + e.name + ')'; }
  }
  return out;
}
"""


def test_reach_of_a_manual_grading_page(browser, server, instructor, course, artefacts):
    """What a script in the page could reach: everything with the CSP bypassed (a stock
    server); only the formgrader's API with the instructor's server CSP."""
    sub = course.submission_id(CLEAN)
    probes = [[label, m, url.format(sub=sub), body] for label, m, url, body in REACH_PROBES]
    measured = {}
    for mode in ("no-csp", "server"):
        context = browser.new_context(bypass_csp=mode == "no-csp")
        try:
            context.add_cookies(instructor)
            page = context.new_page()
            page.goto(f"{server.url}/formgrader/submissions/{sub}/")
            measured[mode] = page.evaluate(REACH_SCRIPT, probes)
        finally:
            context.close()
    (artefacts / "reach.json").write_text(json.dumps(measured, indent=2) + "\n")
    print(json.dumps(measured, indent=2))
    stock, strict = measured["no-csp"], measured["server"]
    assert stock["read the grading secret"] == 200 and stock["write a file"] == 201
    assert stock["start a kernel (run code)"] == 201 and stock["open a terminal"] == 404
    assert "_xsrf" in stock["cookies a script can read"]
    assert not any(c.startswith("username-") for c in stock["cookies a script can read"])
    for label, _, url, _ in REACH_PROBES:
        if "/api/grades" in url:  # what the page itself needs
            assert strict[label] == 200, (label, strict[label])
        else:
            assert str(strict[label]).startswith("blocked"), (label, strict[label])
