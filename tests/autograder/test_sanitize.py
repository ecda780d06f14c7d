"""Tests of :mod:`autograder.sanitize`: learners' notebooks rendered inert, legitimate output kept.

Each vector is a notebook that a learner could submit. It is sanitised, then exported as the
instructor sees it, with nbconvert's ``lab`` template (feedback.html) and with nbgrader's
``formgrade`` template as the formgrader renders it, and the page is parsed: it must have the
scripts, event handlers, ``<meta>``/``<style>``/``<link>`` elements of the template alone (a
page made from a notebook without payload), no ``javascript:``/``vbscript:``/``data:`` URL other
than ``data:image`` for ``<img>``, and no ``iframe``/``object``/``embed``/``base``/``form``/
``svg``/``math``. Every vector is also rendered without sanitising, to show that it is live
(or escaped by nbconvert already, or breaking the export).
"""

from __future__ import annotations

import base64
import copy
import functools
import importlib.util
import io
import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import InvalidNotebook
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell
from nbformat.validator import NotebookValidationError
from traitlets.config import Config

from autograder._sanitize_markdown import AS_SOURCE_NOTE, sanitize_markdown
from autograder.sanitize import FEEDBACK_CSP, add_csp_meta, sanitize_html, sanitize_notebook

# nbgrader's templates, found without importing nbgrader (that starts a Jupyter server app: 2 s)
_NBGRADER = importlib.util.find_spec("nbgrader")
assert _NBGRADER is not None and _NBGRADER.submodule_search_locations
NBGRADER_TEMPLATES = Path(
    _NBGRADER.submodule_search_locations[0], "server_extensions/formgrader/templates"
)
# what nbgrader's SubmissionHandler passes to the formgrade template
FORMGRADE_RESOURCES = {
    "assignment_id": "ps1",
    "notebook_id": "answers",
    "submission_id": "abc",
    "index": 0,
    "total": 3,
    "base_url": "/base",
    "student": "learner",
    "last_name": "",
    "first_name": "",
    "notebook_path": "autograded/learner/ps1/answers.ipynb",
}
TEMPLATES = ("lab", "formgrade")
ANSWER = {"nbgrader": {"grade_id": "q1_answer", "solution": True, "grade": True, "points": 2}}
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(17)).decode()
XSS = "<img src=x onerror=alert(1)>"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
FORBIDDEN = {"iframe", "object", "embed", "base", "form", "frame", "frameset", "applet", "svg"}
FORBIDDEN |= {"math", "meta", "link", "style", "noscript", "template", "title", "xmp", "<!--"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# --- rendering and reading pages -------------------------------------------------------------


@functools.cache
def _exporter(template: str, sanitize: bool = False) -> HTMLExporter:
    config = Config()
    config.HTMLExporter.template_name = template
    config.HTMLExporter.sanitize_html = sanitize
    if template == "formgrade":  # as nbgrader's FormgradeExtension configures it
        config.HTMLExporter.extra_template_basedirs = [str(NBGRADER_TEMPLATES)]
    return HTMLExporter(config=config)


def render(nb: NotebookNode, template: str, *, sanitize: bool = False) -> str:
    resources = dict(FORMGRADE_RESOURCES) if template == "formgrade" else None
    nb = copy.deepcopy(nb)
    return _exporter(template, sanitize).from_notebook_node(nb, resources=resources)[0]


class Page(HTMLParser):
    """The elements of a page, its scripts, event handlers and active URLs."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.scripts: Counter[tuple[str, str]] = Counter()
        self.handlers: Counter[tuple[str, str, str]] = Counter()
        self.bad_urls: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self._script: list[str] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag == "script":
            self._script = [dict(attrs).get("src") or "", ""]
        if tag == "img":
            self.images.append(dict(attrs))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.handlers[tag, name, value] += 1
            url = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            image = tag == "img" and name == "src" and re.match(r"data:image/(png|jpeg|gif)", url)
            scheme = re.match(r"(javascript|vbscript|data):", url)
            if scheme and not image and name in URL_ATTRIBUTES:
                self.bad_urls.append(f"<{tag} {name}={value[:40]!r}>")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1] += data

    def handle_comment(self, data: str) -> None:
        self.tags["<!--"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            src, body = self._script
            self.scripts[src, UUID.sub("UUID", body).strip()] += 1
            self._script = None

    def forbidden(self) -> Counter[str]:
        return Counter({tag: n for tag, n in self.tags.items() if tag in FORBIDDEN})


@functools.cache
def baseline(template: str) -> Page:
    """The page of a notebook without payload: what the template itself brings."""
    nb = new_notebook(cells=[new_markdown_cell("# Q1", metadata=copy.deepcopy(ANSWER))])
    nb.cells.append(new_code_cell("1", outputs=[new_output("stream", text="1")]))
    return Page(render(nb, template))


def problems(page: str, template: str) -> list[str]:
    """What the page has that its template alone does not (``[]``: inert)."""
    got, base = Page(page), baseline(template)
    found = [f"script {s!r}" for s in got.scripts - base.scripts]
    found += [f"handler {h!r}" for h in got.handlers - base.handlers]
    found += [f"<{tag}> x{n}" for tag, n in (got.forbidden() - base.forbidden()).items()]
    return found + got.bad_urls


def assert_inert(nb: NotebookNode) -> None:
    for template in TEMPLATES:
        assert problems(render(nb, template), template) == [], template


# --- the vectors -----------------------------------------------------------------------------


def code(*outputs: NotebookNode, **fields: Any) -> NotebookNode:
    cell = new_code_cell("show()", execution_count=1)
    cell.update(outputs=list(outputs), **fields)  # not validated: a learner's file need not be
    return cell


def display(data: dict, metadata: dict | None = None, kind: str = "display_data") -> NotebookNode:
    extra = {"execution_count": 1} if kind == "execute_result" else {}
    return new_output(kind, data=data, metadata=metadata or {}, **extra)


def answer(source: str) -> NotebookNode:
    return new_markdown_cell(source, metadata=copy.deepcopy(ANSWER))


def notebook(*cells: NotebookNode, **metadata: Any) -> NotebookNode:
    nb = new_notebook()
    nb.cells = list(cells)
    nb.metadata.update(metadata)
    return nb


def _attachment_cell() -> NotebookNode:
    cell = answer("![a](attachment:a.svg) ![b](attachment:b.html)")
    svg = base64.b64encode(b"<svg onload=alert(1)><script>alert(2)</script></svg>").decode()
    cell.attachments = {"a.svg": {"image/svg+xml": svg}, "b.html": {"text/html": svg}}
    return cell


def _set(cell: NotebookNode, **fields: Any) -> NotebookNode:
    cell.update(fields)
    return cell


WIDGET = {"model_id": "m1", "version_major": 2, "version_minor": 0}
HTML_VECTORS = {
    "html-img-onerror": XSS,
    "html-script": "<script>alert(1)</script>",
    "html-iframe": '<iframe src="javascript:alert(1)"></iframe><iframe srcdoc="<script>">',
    "html-object-embed": '<object data="javascript:alert(1)"></object><embed src="x.swf">',
    "html-svg-onload": "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "html-math": '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "html-style": "<style>@import 'https://evil.example/x.css'; a{background:url(x)}</style>",
    "html-meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "html-base": '<base href="https://evil.example/">',
    "html-form": '<form action="https://evil.example"><button formaction=javascript:alert(1)>',
    "html-data-url": '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>'
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    "html-entity-js": '<a href="jav&#x61;script:alert(1)">x</a><a href="vbscript:msgbox(1)">y</a>',
    "html-noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "html-comment": "<!--<img src='--><img src=x onerror=alert(1)//'>",
}
HTML_WIDGET = {
    "model_name": "HTMLModel",
    "model_module": "@jupyter-widgets/controls",
    "model_module_version": "2.0.0",
    "state": {"value": XSS},
}
WIDGET_STATE = {
    "application/vnd.jupyter.widget-state+json": {
        "state": {"m1": HTML_WIDGET},
        "version_major": 2,
        "version_minor": 0,
    }
}
VECTORS: dict[str, tuple[Callable[[], NotebookNode], str | None, str]] = {
    # id: (notebook, a finding that must be reported or None, the unsanitised page: flagged by
    # the checks below, clean, or an error of the export)
    **{
        key: (lambda p=payload: notebook(code(display({"text/html": p}))), "text/html", "flagged")
        for key, payload in HTML_VECTORS.items()
        if key != "html-style"
    },
    "html-style": (  # <style> is removed without a finding: every DataFrame has one
        lambda: notebook(code(display({"text/html": HTML_VECTORS["html-style"]}))),
        None,
        "flagged",
    ),
    "html-execute-result": (
        lambda: notebook(code(display({"text/html": XSS}, kind="execute_result"))),
        "removed <img onerror>, <img src> from a text/html output",
        "flagged",
    ),
    "html-isolated": (
        lambda: notebook(code(display({"text/html": XSS}, {"text/html": {"isolated": True}}))),
        "text/html",
        "flagged",
    ),
    "png-width": (
        lambda: notebook(code(display({"image/png": PNG}, {"width": "1 onerror=alert(1)"}))),
        "dropped width='1 onerror=alert(1)'",
        "flagged",
    ),
    "png-height-by-mime": (
        lambda: notebook(
            code(display({"image/png": PNG}, {"image/png": {"height": "1 onerror=alert(1)"}}))
        ),
        "dropped height",
        "flagged",
    ),
    "jpeg-width": (
        lambda: notebook(code(display({"image/jpeg": PNG}, {"width": "1 onerror=alert(1)"}))),
        "image/jpeg",
        "flagged",
    ),
    "png-filenames": (
        lambda: notebook(
            code(display({"image/png": PNG}, {"filenames": {"image/png": "javascript:alert(1)"}}))
        ),
        None,
        "flagged",
    ),
    "png-other-metadata": (
        lambda: notebook(
            code(
                display(
                    {"image/png": PNG},
                    {"unconfined": "x onerror=alert(1)", "alt": '" onerror="alert(1)', "a": 1},
                )
            )
        ),
        "dropped unconfined",
        "clean",
    ),
    "png-not-base64": (
        lambda: notebook(code(display({"image/png": '" onerror="alert(1)'}))),
        "not base64",
        "clean",
    ),
    "md-img-onerror": (lambda: notebook(answer(f"My answer\n\n{XSS}")), "<img onerror>", "flagged"),
    "md-inline-img": (lambda: notebook(answer(f"text {XSS} text")), "<img onerror>", "flagged"),
    "md-js-link": (lambda: notebook(answer("[x](javascript:alert(1))")), "1 unsafe", "flagged"),
    "md-a-href": (
        lambda: notebook(answer('<a href="javascript:alert(1)">x</a>')),
        "removed <a href>",
        "flagged",
    ),
    "md-learner-cell": (
        lambda: notebook(new_markdown_cell("<script>alert(1)</script>\n\n<b onclick=x()>b</b>")),
        "<script>",
        "flagged",
    ),
    "md-entity-js": (
        lambda: notebook(answer("[x](jav&#x61;script:alert(1)) [y](java&#x73;cript&#58;x)")),
        "2 unsafe",
        "flagged",
    ),
    "md-vbscript-data": (
        lambda: notebook(answer("[x](vbscript:msgbox(1)) [y](data:text/html,<script>)")),
        "unsafe",
        "flagged",
    ),
    "md-reference": (
        lambda: notebook(answer("[x][r] and ![y][r]\n\n[r]: javascript:alert(1)")),
        "unsafe",
        "flagged",
    ),
    "md-autolink": (lambda: notebook(answer("<javascript:alert(1)>")), "unsafe", "flagged"),
    "md-files-prefix": (
        lambda: notebook(
            answer("[x](files/javascript:alert(1)) <a href=/files/javascript:x>y</a>")
        ),
        "unsafe",
        "flagged",
    ),
    "md-mermaid": (
        lambda: notebook(answer(f"```mermaid\n</pre>{XSS}\n```")),
        "mermaid",
        "flagged",
    ),
    "md-attachments": (
        lambda: notebook(_attachment_cell()),
        "image/svg+xml data of attachment 'a.svg'",
        "flagged",
    ),
    "md-missing-attachment": (
        lambda: notebook(answer("![a](attachment:nope.png)")),
        "unsafe",
        "error",
    ),
    "md-html-blocks": (
        lambda: notebook(
            answer(
                '<iframe src="javascript:alert(1)"></iframe>\n\n<object data=x></object>\n\n'
                '<embed src=x>\n\n<form action=x><input></form>\n\n<base href="https://e.x/">'
                '\n\n<meta http-equiv="refresh" content="0">\n\n<svg onload=alert(1)></svg>'
            )
        ),
        "<iframe>",
        "flagged",
    ),
    "md-mxss": (
        lambda: notebook(
            answer(
                f'<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">\n\n'
                f'x <noscript><p title="</noscript>{XSS}">\n\n'
                f"a <!-- c --!> {XSS} -->"
            )
        ),
        "<!-- -->",
        "flagged",
    ),
    "md-style": (
        lambda: notebook(answer("<style>body{display:none}</style>")),
        "<style>",
        "flagged",
    ),
    "md-in-list-and-quote": (
        lambda: notebook(
            answer(f"- item\n  <div onclick=alert(1)>\n  <b>x</b>\n  </div>\n\n> {XSS}")
        ),
        "<div onclick>",
        "flagged",
    ),
    "md-tex-href": (
        lambda: notebook(answer("$\\href{javascript:alert(1)}{x}$")),
        "\\href",
        "clean",
    ),
    "text-markdown-output": (
        lambda: notebook(code(display({"text/markdown": f"{XSS} [x](javascript:alert(1))"}))),
        "(text/markdown output)",
        "flagged",
    ),
    "javascript-output": (
        lambda: notebook(code(display({"application/javascript": "alert(1)"}))),
        "application/javascript",
        "flagged",
    ),
    "widget": (
        lambda: notebook(
            code(display({"application/vnd.jupyter.widget-view+json": WIDGET})),
            widgets=WIDGET_STATE,
        ),
        "widget state",
        "flagged",
    ),
    "svg-output": (
        lambda: notebook(code(display({"image/svg+xml": HTML_VECTORS["html-svg-onload"]}))),
        "image/svg+xml",
        "flagged",  # <img src="data:image/svg+xml;base64,...">: inert in an <img>, yet dropped
    ),
    "mermaid-output": (
        lambda: notebook(code(display({"text/vnd.mermaid": f"</pre>{XSS}"}))),
        "text/vnd.mermaid",
        "flagged",
    ),
    "unknown-mime": (
        lambda: notebook(code(display({"application/x-evil": "<script>", "text/plain": "x"}))),
        "application/x-evil",
        "clean",
    ),
    "latex-output": (
        lambda: notebook(code(display({"text/latex": "<script>alert(1)</script>"}))),
        None,
        "clean",
    ),
    "raw-html-cell": (
        lambda: notebook(
            new_raw_cell(XSS, metadata={"raw_mimetype": "text/html"}), new_raw_cell(XSS)
        ),
        "from a raw cell",
        "clean",  # nbconvert 7.17 bleaches raw cells (clean_html)
    ),
    "grade-id": (
        lambda: notebook(
            _set(
                answer("x"),
                metadata={"nbgrader": {"grade_id": f'">{XSS}', "grade": True, "points": 1}},
            )
        ),
        "invalid grade_id",
        "flagged",
    ),
    "execution-count": (
        lambda: notebook(code(execution_count=XSS)),
        "execution_count",
        "error",  # nbconvert validates the notebook and refuses it
    ),
    "cell-id": (lambda: notebook(_set(answer("x"), id=f'">{XSS}')), "cell id", "error"),
    "unknown-output-type": (
        lambda: notebook(code(NotebookNode(output_type="evil", data={"text/html": XSS}))),
        "unknown type 'evil'",
        "error",
    ),
    "stream-error-plain": (
        lambda: notebook(
            code(
                new_output("stream", name="stdout", text=XSS),
                new_output("stream", name="stderr", text="<script>alert(1)</script>"),
                new_output("error", ename=XSS, evalue=XSS, traceback=[XSS, "\x1b[31m" + XSS]),
                display({"text/plain": XSS}, kind="execute_result"),
            )
        ),
        None,
        "clean",
    ),
    "metadata-printed": (
        lambda: notebook(
            _set(code(), source=f"<script>alert(1)</script>{XSS}", metadata={"tags": [f'">{XSS}']}),
            title=f"</title>{XSS}",
            kernelspec={"display_name": XSS, "name": "python3", "language": XSS},
            language_info={"name": "python", "version": XSS},
        ),
        None,
        "clean",
    ),
}


@pytest.mark.parametrize("key", VECTORS)
def test_vector_is_inert_after_sanitising(key: str) -> None:
    build, finding, _ = VECTORS[key]
    nb = build()
    findings = sanitize_notebook(nb)
    if finding is not None:
        assert any(finding in line for line in findings), findings
    assert_inert(nb)
    again = copy.deepcopy(nb)
    assert sanitize_notebook(again) == []
    assert again == nb  # idempotent


@pytest.mark.parametrize("key", VECTORS)
def test_vector_without_sanitising(key: str) -> None:
    """The vectors are real: flagged in some template, or escaped by nbconvert, or an error."""
    build, _, effect = VECTORS[key]
    if effect == "error":
        with pytest.raises((NotebookValidationError, InvalidNotebook)):
            render(build(), "lab")
        return
    found = [
        problem
        for template in TEMPLATES
        for problem in problems(render(build(), template), template)
    ]
    assert bool(found) == (effect == "flagged"), found


def test_all_vectors_in_one_notebook_with_every_template() -> None:
    nb = notebook(*(cell for build, _, _ in VECTORS.values() for cell in build().cells))
    nb.metadata.widgets = WIDGET_STATE
    findings = sanitize_notebook(nb)
    assert all(re.match(r"(cell \d+|notebook): ", line) for line in findings)
    for template in ("lab", "classic", "formgrade"):
        assert problems(render(nb, template), template) == [], template


@pytest.mark.filterwarnings("ignore:No lexer found")
def test_language_info_lexer_is_escaped_and_cleaned() -> None:
    nb = notebook(code(), language_info={"name": "python", "pygments_lexer": f'python">{XSS}'})
    for template in TEMPLATES:  # the lexer name ends up in a class attribute, escaped
        assert problems(render(nb, template), template) == [], template
    findings = sanitize_notebook(nb)
    assert len(findings) == 1 and "language_info.pygments_lexer" in findings[0]
    assert nb.metadata.language_info == {"name": "python"}


# --- legitimate content ----------------------------------------------------------------------


def dataframe_html() -> str:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"group": ["A", "B"], "rate": [0.25, 0.75]}, index=["x", "y"])
    return frame._repr_html_()


def matplotlib_png() -> str:
    figure_module = pytest.importorskip("matplotlib.figure")
    figure = figure_module.Figure(figsize=(2, 1))
    figure.add_subplot().plot([0, 1], [1, 0])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode()


class Table(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.tables: list[dict[str, str | None]] = []
        self.cells: list[str] = []
        self._cell = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(dict(attrs))
        self._cell = tag in ("td", "th")

    def handle_data(self, data: str) -> None:
        if self._cell and data.strip():
            self.cells.append(data.strip())


@pytest.mark.parametrize("template", TEMPLATES)
def test_dataframe_and_matplotlib_survive(template: str) -> None:
    png = matplotlib_png()
    figure = display({"image/png": png, "text/plain": "<Figure>"}, {"needs_background": "light"})
    sized = display({"image/png": png}, {"image/png": {"width": 300, "height": "150"}})
    frame = display({"text/html": dataframe_html(), "text/plain": "df"}, kind="execute_result")
    nb = notebook(code(frame), code(figure, sized))
    assert sanitize_notebook(nb) == []
    page = render(nb, template)
    table = Table(page)
    assert {"class": "dataframe", "border": "1"} in table.tables
    assert ["group", "rate", "x", "A", "0.25", "y", "B", "0.75"] == table.cells[:8]
    images = [img for img in Page(page).images if img["src"] == f"data:image/png;base64,{png}"]
    assert len(images) == 2
    assert images[1]["width"] == "300" and images[1]["height"] == "150"
    assert problems(page, template) == []


LEGIT_MARKDOWN = r"""## My answer: demographic parity

1. First *point*, then **strong** and ~~struck~~
2. Code `x < y && y > z` and `a<b>c`, with a\
   hard break
   - nested `&amp;` item

| group | rate |
|------:|:-----|
| A     | $p < 0.5$ |

```python
if a < b and c > d:
    print("<b>&amp;</b>")
```

    indented <code> & stuff

Inline $x < y$, $a_i > b_i$ and display:

$$\frac{a}{b} < 1 \quad \text{and} \quad x<y$$

\begin{align} a &< b \\ c &> d \end{align}

A [link](https://fairlearn.org "Fairlearn"), an image ![plot](data:image/png;base64,iVBORw0KGgo=),
<https://example.org>, www.example.org, [ref][1] and a mail <me@example.org>.
Entities &lt;b&gt; &amp; &copy; and a literal < sign, a > b, 3 < 4.

[1]: https://example.org/ref
"""


def test_legitimate_markdown_is_byte_identical() -> None:
    assert sanitize_markdown(LEGIT_MARKDOWN) == (LEGIT_MARKDOWN, [])
    nb = notebook(answer(LEGIT_MARKDOWN), new_markdown_cell(LEGIT_MARKDOWN))
    assert sanitize_notebook(nb) == []
    assert nb.cells[0].source == LEGIT_MARKDOWN
    page = render(nb, "lab")
    assert "<code>x &lt; y &amp;&amp; y &gt; z</code>" in page
    assert r"$$\frac{a}{b} &lt; 1 \quad \text{and} \quad x&lt;y$$" in page
    assert "<h2" in page and "<table>" in page and "<ol>" in page
    assert problems(page, "lab") == []


def test_allowed_html_in_markdown_is_kept() -> None:
    source = "<details>\n<summary>Why</summary>\n\n*Because*\n\n</details>\n\nA<br/>B <b>c</b>"
    assert sanitize_markdown(source) == (source, [])
    png = "data:image/png;base64,iVBORw0KGgo="
    fixed, notes = sanitize_markdown(f'<img src={png} width=200> <a href="https://x.org">x</a>')
    assert fixed == (
        f'<img src={png} width=200> <a href="https://x.org" rel="noopener noreferrer">x</a>'
    )
    assert notes == []  # only spelling changed
    # An image from anywhere else would make the instructor's browser send a request.
    for url in ("a.png", "/api/contents/notes.txt", "https://tracker.example/pixel.gif"):
        fixed, notes = sanitize_markdown(f"<img src={url} alt=figure>")
        assert fixed == '<img alt="figure">' and notes, (url, fixed, notes)


def test_unfixable_markdown_is_shown_as_source() -> None:
    source = "> <img src=x\n> onerror=alert(1)\nsrc=y>"  # one tag; its last line is a lazy one
    fixed, notes = sanitize_markdown(source)
    assert fixed.startswith(AS_SOURCE_NOTE) and "```\n" in fixed
    assert notes[-1].startswith("showed the cell as source")
    assert sanitize_markdown(fixed) == (fixed, [])
    assert_inert(notebook(answer(fixed)))


def test_sanitize_html_allow_list() -> None:
    assert sanitize_html('<a href="https://x.org" onclick="f()">x</a>') == (
        '<a href="https://x.org" rel="noopener noreferrer">x</a>'
    )
    assert sanitize_html('<img src="data:image/png;base64,AAAA" style="x">') == (
        '<img src="data:image/png;base64,AAAA">'
    )
    assert sanitize_html('<a href="data:image/png;base64,AAAA">x</a>') == (
        '<a rel="noopener noreferrer">x</a>'
    )
    assert sanitize_html('<div class="x" id="y"><p title="t">p</p></div>') == (
        '<div><p title="t">p</p></div>'
    )
    assert sanitize_html("a < b & c") == "a &lt; b &amp; c"
    html = dataframe_html()
    assert sanitize_html(sanitize_html(html)) == sanitize_html(html)


# --- nbconvert's own sanitize_html -----------------------------------------------------------


def test_nbconvert_sanitize_html_is_not_enough() -> None:
    """``HTMLExporter(sanitize_html=True)``: what it covers, what it misses, what it breaks."""
    covered = notebook(
        code(display({"text/html": XSS})),
        code(display({"text/markdown": XSS})),
        code(display({"application/javascript": "alert(1)"})),
        answer(f"{XSS} [x](javascript:alert(1))"),
    )
    assert problems(render(covered, "lab", sanitize=True), "lab") == []
    # not covered: image metadata and mermaid outputs (lab), markdown cells (formgrade)
    png = notebook(code(display({"image/png": PNG}, {"width": "1 onerror=alert(1)"})))
    assert "handler ('img', 'onerror', 'alert(1)')" in problems(
        render(png, "lab", sanitize=True), "lab"
    )
    mermaid = notebook(code(display({"text/vnd.mermaid": f"</pre>{XSS}"})))
    assert problems(render(mermaid, "lab", sanitize=True), "lab")
    markdown = notebook(answer(f"[x](javascript:alert(1))\n\n{XSS}"))
    missed = problems(render(markdown, "formgrade", sanitize=True), "formgrade")
    assert "handler ('img', 'onerror', 'alert(1)')" in missed
    assert any("javascript:" in problem for problem in missed)
    # broken: legitimate markup is escaped into text
    legit = notebook(
        answer("# Heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![p](https://x.org/p.png)"),
        code(display({"text/html": dataframe_html()})),
    )
    page = render(legit, "lab", sanitize=True)
    assert "&lt;h1" in page and "&lt;thead&gt;" in page and "&lt;img" in page
    assert "&lt;style scoped&gt;" in page


# --- Content-Security-Policy -----------------------------------------------------------------


class Head(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.in_head = False
        self.first: tuple[str, dict[str, str | None]] | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.in_head and self.first is None:
            self.first = (tag, dict(attrs))
        self.in_head |= tag == "head"


def test_csp_meta_is_the_first_element_of_head() -> None:
    page = add_csp_meta(render(notebook(answer("# Q1")), "lab"))
    tag, attrs = Head(page).first or ("", {})
    assert tag == "meta" and attrs == {
        "http-equiv": "Content-Security-Policy",
        "content": FEEDBACK_CSP,
    }
    assert add_csp_meta(page) == page
    assert "script-src" not in FEEDBACK_CSP and "default-src 'none'" in FEEDBACK_CSP
    meta = f'<meta http-equiv="Content-Security-Policy" content="{FEEDBACK_CSP}">'.replace(
        "'", "&#x27;"
    )
    assert add_csp_meta("<p>x</p>") == f"<head>{meta}</head><p>x</p>"
    assert add_csp_meta("<html><body>") == f"<html><head>{meta}</head><body>"
    assert add_csp_meta("<header></header><head></head>") == f"<header></header><head>{meta}</head>"


def test_markdown_images_load_nothing_from_anywhere() -> None:
    png = "data:image/png;base64,iVBORw0KGgo="
    kept = f"![plot]({png}) and [a link](https://example.org/a.png)"
    assert sanitize_markdown(kept) == (kept, [])
    for url in ("a.png", "/api/contents/notes.txt", "https://tracker.example/p.gif"):
        for source in (f"![x]({url})", f"![x][r]\n\n[r]: {url}"):
            fixed, notes = sanitize_markdown(source)
            assert url not in fixed and notes, (source, fixed)
