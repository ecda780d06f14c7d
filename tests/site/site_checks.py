"""What the website test looks for on one page, in a real browser.

:func:`check_page` opens a URL in a fresh page and returns a :class:`PageReport`: console
errors and uncaught exceptions, requests that failed or answered >= 400, images that did not
load or have no (or an empty) ``alt``, the same-origin links it holds (for the crawl and the
link check), the element ids it defines (for ``#fragment`` links), and axe-core's violations
of the WCAG 2.0/2.1 A and AA rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
_FILE_NAME = re.compile(r"(^|/)[^\s/]+\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")

_IMAGES_JS = """() => Array.from(document.images).map(i => ({
    src: i.currentSrc || i.src, alt: i.getAttribute('alt'),
    loaded: i.complete && i.naturalWidth > 0}))"""
_LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"
_IDS_JS = "() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)"
_AXE_JS = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' '))}));
}"""


@dataclass
class PageReport:
    url: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_images: list[str] = field(default_factory=list)
    n_images: int = 0
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    violations: list[dict] = field(default_factory=list)

    def blocking_violations(self) -> list[str]:
        return [
            f"{self.url}: {v['id']} ({v['impact']}: {v['help']}) at {', '.join(v['targets'][:5])}"
            for v in self.violations
            if v["impact"] in BLOCKING_IMPACTS
        ]


def alt_text_is_meaningful(alt: str | None) -> bool:
    """False for a missing or blank alt, and for a file name (MyST-NB's default is the path).

    >>> alt_text_is_meaningful("../_images/3f2a.png"), alt_text_is_meaningful("Bars by group")
    (False, True)
    """
    alt = (alt or "").strip()
    return bool(alt) and not _FILE_NAME.search(alt)


def _same_origin(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def check_page(browser, url: str, axe_path: Path) -> PageReport:
    """Open ``url`` in a new page of ``browser`` and report what is wrong with it."""
    report = PageReport(url)
    page = browser.new_page()
    try:
        page.on(
            "console",
            lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: report.console_errors.append(f"uncaught: {exc}"))
        page.on(
            "requestfailed",
            lambda req: report.failed_requests.append(f"{req.url} ({req.failure})"),
        )
        page.on(
            "response",
            lambda resp: (
                report.failed_requests.append(f"{resp.url} (HTTP {resp.status})")
                if resp.status >= 400
                else None
            ),
        )
        response = page.goto(url, wait_until="load", timeout=30_000)
        report.status = response.status if response else None
        images = page.evaluate(_IMAGES_JS)
        report.n_images = len(images)
        for image in images:
            if not image["loaded"]:
                report.bad_images.append(f"{image['src']} did not load")
            if not alt_text_is_meaningful(image["alt"]):
                report.bad_images.append(f"{image['src']} has no alt text ({image['alt']!r})")
        report.links = [href for href in page.evaluate(_LINKS_JS) if _same_origin(href, url)]
        report.ids = set(page.evaluate(_IDS_JS))
        page.add_script_tag(path=str(axe_path))
        report.violations = page.evaluate(_AXE_JS, WCAG_TAGS)
    finally:
        page.close()
    return report


def crawl(browser, starts: list[str], axe_path: Path) -> dict[str, PageReport]:
    """Every same-origin page reachable by links from ``starts``, checked (fragments dropped)."""
    reports: dict[str, PageReport] = {}
    queue = list(starts)
    while queue:
        url = queue.pop(0)
        if url in reports:
            continue
        reports[url] = report = check_page(browser, url, axe_path)
        for link in report.links:
            target, _ = urldefrag(link)
            if target not in reports and target not in queue:
                queue.append(target)
    return reports


def broken_links(reports: dict[str, PageReport]) -> list[str]:
    """Links to a page that did not load, or to a ``#fragment`` the target page lacks."""
    broken = []
    for source, report in reports.items():
        for link in report.links:
            target, fragment = urldefrag(link)
            page = reports.get(target)
            if page is None or page.status is None or page.status >= 400:
                broken.append(f"{source} -> {link} (page does not load)")
            elif fragment and fragment not in page.ids:
                broken.append(f"{source} -> {link} (no element with id {fragment!r})")
    return broken
