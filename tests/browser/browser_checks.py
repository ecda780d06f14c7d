"""What the browser tests look for in a page: script that ran, active markup, requests.

:func:`inspect` opens one page in a fresh browser context and returns its :class:`Findings`:

- ``ran``: calls of ``alert``/``confirm``/``prompt``/``print``, and ``document.title`` writes,
  ``fetch``, ``XMLHttpRequest.open``, ``WebSocket`` and ``window.open`` calls whose arguments
  carry a ``PWNED-`` marker (wrapped by an init script in every frame, reported to Python);
- ``dom``: elements of any frame with an ``on*`` attribute (the formgrade template's own two
  ``onclick`` handlers excepted), a ``javascript:``/``vbscript:`` URL, a ``data:`` URL that is
  not a raster image, a ``srcdoc``, ``<base>``, or an active element (script, iframe, object,
  embed, form, meta, link, style, svg, math) inside a notebook cell, or anything with a marker;
- ``requests``: requests that leave the formgrader (``/formgrader/...`` of the server, ``data:``
  and, for a ``file://`` page, that file): the Jupyter API, other origins, and every WebSocket.
  They are aborted, so a live payload changes nothing (the browser reports a load that the CSP
  blocked as a request too: those go to ``csp``);
- ``csp``: Content-Security-Policy violations (directive, blocked URL, sample).
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

MARK = "PWNED-"
# The formgrade template's own handlers (the show/hide student name icons).
TEMPLATE_HANDLERS = frozenset({"onclick=toggle_name(true);", "onclick=toggle_name(false);"})
# nbconvert's templates load MathJax, require.js, mermaid from this CDN (not the learner).
TEMPLATE_REQUESTS = ("https://cdnjs.cloudflare.com/ajax/libs/",)
TIMEOUT_MS = 20_000

INIT_SCRIPT = """
(() => {
  const report = (kind, value) => {
    try { window.__inertReport(kind, String(value)); } catch (e) {}
  };
  const marked = (value) => String(value).includes('PWNED-');
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = function (message) {
      report(name, message);
      return name === 'prompt' ? '' : true;
    };
  }
  const title = Object.getOwnPropertyDescriptor(Document.prototype, 'title');
  Object.defineProperty(Document.prototype, 'title', {
    configurable: true,
    get() { return title.get.call(this); },
    set(value) { if (marked(value)) report('document.title', value); title.set.call(this, value); },
  });
  const realFetch = window.fetch;
  window.fetch = function (resource, options) {
    const url = resource && resource.url ? resource.url : resource;
    if (marked(url)) report('fetch', url);
    return realFetch.apply(this, arguments);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (marked(url)) report('XMLHttpRequest.open', method + ' ' + url);
    return open.apply(this, arguments);
  };
  const RealSocket = window.WebSocket;
  window.WebSocket = function (url, protocols) {
    if (marked(url)) report('WebSocket', url);
    return new RealSocket(url, protocols);
  };
  window.WebSocket.prototype = RealSocket.prototype;
  const openWindow = window.open;
  window.open = function (url) {
    if (marked(url)) report('window.open', url);
    return openWindow.apply(this, arguments);
  };
  document.addEventListener('securitypolicyviolation', (e) => {
    report('csp', e.effectiveDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
  }, true);
})();
"""

DOM_WALK = """
() => {
  const found = [];
  const active = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'form', 'meta', 'link',
    'style', 'svg', 'math', 'base', 'noscript', 'template']);
  const urlNames = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster',
    'srcset', 'background', 'ping', 'codebase', 'cite']);
  const image = /^data:image\\/(png|jpeg|gif|webp)[;,]/;
  const decode = (url) => {
    const m = /^data:[^,]*?(;base64)?,(.*)$/s.exec(url);
    if (!m) return url;
    try { return url.slice(0, 40) + ' => ' + (m[1] ? atob(m[2]) : decodeURIComponent(m[2])); }
    catch (e) { return url; }
  };
  const describe = (el) => el.outerHTML.slice(0, 300);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    const inCell = !!el.closest('.cell, .jp-Cell');
    if (tag === 'base') found.push('<base> ' + describe(el));
    else if (active.has(tag) && inCell) found.push(`<${tag}> in a cell: ` + describe(el));
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      const url = value.replace(/[\\s\\x00-\\x20]/g, '').toLowerCase();
      if (name.startsWith('on')) {
        found.push(`<${tag} ${name}=${value}>`);
      } else if (name === 'srcdoc') {
        found.push(`<${tag} srcdoc=${value}>`);
      } else if (/^(javascript|vbscript):/.test(url)) {
        found.push(`<${tag} ${name}=${value}>`);
      } else if (url.startsWith('data:') && !(image.test(url) && /^src(set)?$/.test(name))) {
        if (urlNames.has(name)) found.push(`<${tag} ${name}=${decode(value)}>`);
      } else if (name === 'style' && /url\\(|expression\\(/i.test(value) && inCell) {
        found.push(`<${tag} style=${value}>`);
      }
    }
  }
  const own = document.URL.startsWith('about:') ? document.baseURI : document.URL;
  if (document.baseURI.split('#')[0] !== own.split('#')[0]) {
    found.push('base URI changed to ' + document.baseURI);
  }
  return found;
}
"""


@dataclass
class Findings:
    """What one page did; ``url`` is where it ended (``navigated`` if not where it started)."""

    name: str
    url: str
    ran: list[str] = field(default_factory=list)
    dom: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    all_requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    navigated: str = ""
    text: str = ""

    @property
    def problems(self) -> list[str]:
        """Everything that fails a page: script ran, active markup, requests out, navigation."""
        nav = [f"the page navigated to {self.navigated}"] if self.navigated else []
        return [*self.ran, *self.dom, *self.requests, *nav]

    def caught(self, marker: str) -> list[str]:
        """The findings that name ``marker`` (script, markup or request)."""
        return [p for p in self.problems if marker in p]

    def report(self) -> str:
        return json.dumps(
            {
                "page": self.url,
                "screenshot": str(self.screenshot),
                "script that ran": self.ran,
                "active markup": self.dom,
                "requests out of the formgrader": self.requests,
                "navigated to": self.navigated,
                "csp violations": self.csp,
                "all requests": self.all_requests,
            },
            indent=2,
        )


def _allowed(url: str, page: str) -> bool:
    """Whether a request from ``page`` stays within what the formgrader needs."""
    if url.startswith(("data:", "about:", "chrome-error:")):
        return True
    if url.startswith(TEMPLATE_REQUESTS) and MARK not in url:
        return True
    target, origin = urlsplit(url), urlsplit(page)
    if origin.scheme == "file":
        return url.split("#")[0] == page.split("#")[0]
    same = (target.scheme, target.netloc) == (origin.scheme, origin.netloc)
    return same and target.path.startswith("/formgrader/") and MARK not in url


def inspect(
    browser,
    url: str,
    name: str,
    artefacts: Path,
    *,
    cookies: list[dict] | None = None,
    bypass_csp: bool = False,
) -> Findings:
    """Open ``url`` in a fresh context of ``browser``; the :class:`Findings` of that page.

    ``bypass_csp``: ignore the page's Content-Security-Policy (a server without one).
    ``cookies``: the instructor's session (Playwright cookie dicts). A screenshot goes to
    ``artefacts/<name>.png``.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(bypass_csp=bypass_csp, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    findings = Findings(name, url)
    try:
        if cookies:
            context.add_cookies(cookies)

        def report(source, kind: str, value: str) -> None:
            frame = source.get("frame")
            where = "" if frame is None or frame == frame.page.main_frame else f" (in {frame.url})"
            line = f"{kind}({value}){where}"
            (findings.csp if kind == "csp" else findings.ran).append(line)

        # No WebSocket reaches the server (the formgrader opens none): each is recorded, closed.
        # (Routed first: Playwright replaces WebSocket in the page, the init script wraps that.)
        def socket(route_) -> None:
            findings.requests.append(f"WebSocket {route_.url}")
            route_.close()

        context.route_web_socket(re.compile(".*"), socket)
        context.expose_binding("__inertReport", report)
        context.add_init_script(INIT_SCRIPT)

        def route(route_) -> None:
            request = route_.request
            if _allowed(request.url, url):
                route_.continue_()
            else:
                route_.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.dismiss())

        flagged = []

        def on_request(request) -> None:
            line = f"{request.method} {request.url} ({request.resource_type})"
            findings.all_requests.append(line)
            if not _allowed(request.url, url):
                flagged.append((request, line))

        page.on("request", on_request)
        page.goto(url, wait_until="load")
        with contextlib.suppress(PlaywrightTimeout):  # a page that keeps polling: judged as is
            page.wait_for_load_state("networkidle", timeout=10_000)
        for request, line in flagged:  # the browser reports CSP-blocked loads as requests too
            failure = request.failure or ""
            blocked = failure == "csp" or "ERR_BLOCKED_BY_CSP" in failure
            (findings.csp if blocked else findings.requests).append(
                f"blocked request {line}" if blocked else f"{line} {failure}".strip()
            )
        findings.url = page.url
        if page.url.split("#")[0] != url.split("#")[0]:
            findings.navigated = page.url
        for frame in page.frames:
            try:
                found = frame.evaluate(DOM_WALK)
            except Exception as exc:  # a frame that went away or denies access
                found = [f"frame {frame.url} could not be inspected: {exc}"]
            where = "" if frame == page.main_frame else f" (in frame {frame.url})"
            findings.dom += [f"{item}{where}" for item in found if _bad(item)]
        artefacts.mkdir(parents=True, exist_ok=True)
        findings.screenshot = artefacts / f"{name}.png"
        page.screenshot(path=str(findings.screenshot), full_page=True)
        findings.text = page.inner_text("body")
    finally:
        context.close()
    return findings


def _bad(item: str) -> bool:
    """A DOM finding that is not the formgrade template's own markup."""
    match = re.fullmatch(r"<span (onclick=[^>]*)>", item)
    return not (match and match[1] in TEMPLATE_HANDLERS)
