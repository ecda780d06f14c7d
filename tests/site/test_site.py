"""The course website (``make site``) in headless Chromium: every page, link, image and rule.

The site is built from the repository (lessons executed), served on 127.0.0.1, and crawled from
its index through every same-origin link. The test fails on a console error, a failed request,
a broken link or fragment, an image that did not load or has no alt text, and an axe-core
(WCAG 2.1 A/AA) violation of impact serious or critical. A canary page with one of each
problem shows the checks find them. It also checks that the site has every lesson (executed)
and every exercise (prompts, never solutions) and the instructor guide.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from site_checks import AXE, ROOT, alt_text_is_meaningful, broken_links, check_page, crawl

LESSONS = sorted(p.stem for p in (ROOT / "course").glob("*.ipynb"))
EXERCISES = sorted(p.name for p in (ROOT / "exercises").iterdir() if p.is_dir())
CANARY = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>canary</title>
</head><body><main><h1>Canary</h1>
<p style="color:#bbb;background:#fff">Grey on white: too little contrast.</p>
<img src="_images/does-not-exist.png" alt="a missing image">
<img src="{image}"> <img src="{image}" alt="{image}">
<a href="no-such-page.html">a broken link</a> <a href="index.html#no-such-id">a broken anchor</a>
<script>console.error("canary error")</script>
</main></body></html>"""


@pytest.fixture(scope="module")
def reports(browser, site_url):
    # The search page is reached by the search button (a form, not a link), the index by none.
    return crawl(
        browser, [site_url + p for p in ("index.html", "search.html", "genindex.html")], AXE
    )


def _pages(reports, site_url) -> set[str]:
    return {url.removeprefix(site_url) for url in reports}


def test_every_lesson_exercise_and_the_guide_are_reachable(reports, site_url):
    pages = _pages(reports, site_url)
    expected = {f"lessons/{m}.html" for m in LESSONS} | {f"exercises/{m}.html" for m in EXERCISES}
    expected |= {"index.html", "instructor-guide.html", "search.html"}
    assert expected <= pages, f"not reachable from the index: {sorted(expected - pages)}"
    assert LESSONS and LESSONS == EXERCISES, "one exercise per lesson"


def test_lessons_are_executed_with_their_plots(site_build):
    folder, _ = site_build
    for lesson in LESSONS:
        html = BeautifulSoup((folder / "lessons" / f"{lesson}.html").read_text(), "html.parser")
        code = [c for c in nbformat.read(ROOT / "course" / f"{lesson}.ipynb", 4).cells]
        plots = sum("plt." in c.source or "ax." in c.source for c in code if c.cell_type == "code")
        assert html.select(".cell_output"), f"{lesson}: no cell output on its page"
        if plots:
            assert html.select(".cell_output img"), f"{lesson}: plotting cells but no image"
        missing = [i["src"] for i in html.select("img") if not alt_text_is_meaningful(i.get("alt"))]
        assert not missing, f"{lesson}: plots without alt text (cell metadata mystnb.image.alt)"


def test_module_map_and_instructor_guide_come_from_the_readme(site_build):
    folder, _ = site_build
    index = (folder / "index.html").read_text()
    guide = BeautifulSoup((folder / "instructor-guide.html").read_text(), "html.parser").get_text()
    for module in LESSONS:
        assert module in index, f"module map lacks {module}"
    assert "Run a class on JupyterHub" in guide and "faircourse grade" in guide


def _solution_lines(assignment: str) -> list[str]:
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", 4)
    student = nbformat.read(ROOT / "exercises" / assignment / f"{assignment}.ipynb", 4)
    shown = "\n".join(c.source for c in student.cells).replace("`", "")
    lines = []
    for cell in nb.cells:
        for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S):
            lines += [ln.strip() for ln in block.splitlines() if len(ln.strip()) >= 25]
    return [ln for ln in lines if ln not in shown]


@pytest.mark.parametrize("assignment", EXERCISES)
def test_exercise_pages_show_prompts_never_solutions(site_build, assignment):
    folder, _ = site_build
    page = BeautifulSoup((folder / "exercises" / f"{assignment}.html").read_text(), "html.parser")
    text = page.get_text()
    assert "YOUR CODE HERE" in text or "YOUR ANSWER HERE" in text
    assert "BEGIN SOLUTION" not in text
    leaked = [ln for ln in _solution_lines(assignment) if ln in text]
    assert not leaked, f"{assignment}: solution lines on its page: {leaked[:3]}"


def test_no_console_error(reports):
    errors = [f"{u}: {e}" for u, r in reports.items() for e in r.console_errors]
    assert not errors, "\n".join(errors)


def test_no_failed_request(reports):
    failed = [f"{u}: {f}" for u, r in reports.items() for f in r.failed_requests]
    assert not failed, "\n".join(failed)


def test_no_broken_link(reports):
    broken = broken_links(reports)
    assert not broken, "\n".join(broken)


def test_every_image_loads_and_has_alt_text(reports):
    bad = [f"{u}: {b}" for u, r in reports.items() for b in r.bad_images]
    assert sum(r.n_images for r in reports.values()) >= len(LESSONS), "the crawl found no plots"
    assert not bad, "\n".join(bad)


def test_axe_finds_no_serious_or_critical_wcag_violation(reports):
    found = [line for r in reports.values() for line in r.blocking_violations()]
    assert not found, "\n".join(found)


def test_the_checks_catch_a_broken_page(browser, site_url, site_build):
    folder, _ = site_build
    image = next((folder / "_images").glob("*.png")).name
    (folder / "canary.html").write_text(CANARY.format(image=f"_images/{image}"))
    try:
        url, index = site_url + "canary.html", site_url + "index.html"
        report = check_page(browser, url, AXE)
        reports = {url: report, index: check_page(browser, index, AXE)}
    finally:
        (folder / "canary.html").unlink()
    assert any("canary error" in e for e in report.console_errors)
    assert any("does-not-exist.png" in f and "404" in f for f in report.failed_requests)
    assert any("does-not-exist.png did not load" in b for b in report.bad_images)
    no_alt = [b for b in report.bad_images if image in b and "no alt text" in b]
    assert len(no_alt) == 2, no_alt  # no alt at all, and a file name as alt
    assert any("color-contrast" in v for v in report.blocking_violations())
    broken = broken_links(reports)
    assert any("no-such-page.html" in b for b in broken)
    assert any("no-such-id" in b for b in broken)
