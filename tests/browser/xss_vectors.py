"""Learners' notebooks that try to run script in the instructor's browser, one marker per vector.

Every vector carries the marker ``PWNED-<name>`` in what it would run, fetch or show, so that the
browser tests can tell which vector a finding comes from. A vector lives in one place of the
notebook (``where``):

``output``
    a rich output, produced at grading time by the answer cell (``display(bundle, raw=True)``);
``stream`` / ``error``
    printed, or raised, by the answer cell;
``source``
    the answer cell's code itself;
``written``
    the written answer ``w1`` (a markdown answer cell);
``markdown``
    a markdown cell the learner added (no nbgrader metadata), ``attachments`` optional;
``raw``
    a raw cell the learner added (``raw_mimetype`` optional).

``expect`` says what the vector does when nothing stops it: ``run`` (script runs on load),
``dom`` (an event handler or a script URL waits for the instructor's click or hover), ``net``
(a request the page makes by itself), ``escaped`` (nbconvert's templates already escape it: the
marker must be visible as text). ``navigates``: it moves the page away (tested on its own).
"""

from __future__ import annotations

import base64
import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_markdown_cell, new_output, new_raw_cell

from autograder.simulate import solution_code, submission

M02 = "m02-group-metrics"
# A 1x1 transparent PNG.
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5Er"
    "kJggg=="
)
DEAD_HOST = "http://127.0.0.1:9"  # the discard port: a remote server nothing listens on


def marker(name: str) -> str:
    return f"PWNED-{name}"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def alert(name: str) -> str:
    return f"alert('{marker(name)}')"


def put(name: str) -> str:
    """Write a file through the instructor's contents API."""
    return f"fetch('/api/contents/{marker(name)}',{{method:'PUT'}})"


def title(name: str) -> str:
    return f"document.title='{marker(name)}'"


def xhr(name: str) -> str:
    return f"(x=new XMLHttpRequest(),x.open('GET','/api/kernels?{marker(name)}'),x.send())"


def socket(name: str) -> str:
    return f"new WebSocket('ws://'+location.host+'/api/kernels/{marker(name)}/channels')"


def confirm(name: str) -> str:
    return f"confirm('{marker(name)}')"


@dataclass(frozen=True)
class Vector:
    name: str
    where: str
    payload: Any  # output: (bundle, metadata); markdown: (source, attachments); others: text
    expect: str
    navigates: bool = False
    raw_mimetype: str | None = None
    note: str = field(default="", compare=False)

    @property
    def marker(self) -> str:
        return marker(self.name)


def _out(name: str, bundle: dict, metadata: dict | None = None, expect: str = "run", **kw):
    return Vector(name, "output", (bundle, metadata or {}), expect, **kw)


def _md(name: str, source: str, expect: str, attachments: dict | None = None, **kw):
    return Vector(name, "markdown", (source, attachments or {}), expect, **kw)


def _dataframe(name: str) -> str:
    return (
        '<div><table border="1" class="dataframe"><thead><tr style="text-align: right;">'
        "<th></th><th>selection_rate</th></tr></thead><tbody><tr><th>female</th>"
        f'<td onmouseover="{alert(name)}">0.31</td></tr></tbody></table></div>'
    )


def _svg(name: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" onload="{alert(name)}">'
        '<rect width="1" height="1"/></svg>'
    )


VECTORS: tuple[Vector, ...] = (
    # --- rich outputs of an answer cell ---------------------------------------------------------
    _out("out-img-onerror", {"text/html": f'<img src=x onerror="{alert("out-img-onerror")}">'}),
    _out("out-script", {"text/html": f"<script>{put('out-script')}</script>"}),
    _out("out-svg-onload", {"text/html": f'<svg onload="{title("out-svg-onload")}"></svg>'}),
    _out(
        "out-iframe-srcdoc",
        {
            "text/html": '<iframe srcdoc="<script>parent.'
            f'{alert("out-iframe-srcdoc")}</script>"></iframe>'
        },
    ),
    _out(
        "out-dataframe-onmouseover",
        {"text/html": _dataframe("out-dataframe-onmouseover")},
        None,
        "dom",
    ),
    _out(
        "out-details-ontoggle",
        {"text/html": f'<details open ontoggle="{confirm("out-details-ontoggle")}">x</details>'},
    ),
    _out(
        "out-a-javascript",
        {"text/html": f'<a href="javascript:{alert("out-a-javascript")}">x</a>'},
        None,
        "dom",
    ),
    _out(
        "out-a-entity",
        {"text/html": f'<a href="jav&#x61;script&colon;{alert("out-a-entity")}">link</a>'},
        expect="dom",
    ),
    _out(
        "out-form-action",
        {
            "text/html": '<form action="/api/contents/PWNED-out-form-action" method="post">'
            '<button formaction="javascript:alert(1)">ok</button></form>'
        },
        expect="dom",
    ),
    _out(
        "out-base-href",
        {"text/html": f'<base href="{DEAD_HOST}/PWNED-out-base-href/">'},
        None,
        "dom",
    ),
    _out(
        "out-style-import",
        {"text/html": '<style>@import url("/api/contents/PWNED-out-style-import.css");</style>'},
        expect="net",
    ),
    _out(
        "out-link-stylesheet",
        {"text/html": '<link rel="stylesheet" href="/api/contents/PWNED-out-link-stylesheet">'},
        expect="net",
    ),
    _out(
        "out-object-data",
        {
            "text/html": '<object data="data:text/html;base64,'
            f'{b64("<script>" + alert("out-object-data") + "</script>")}"></object>'
        },
        expect="dom",
    ),
    _out(
        "out-embed-js",
        {"text/html": f'<embed src="javascript:{alert("out-embed-js")}">'},
        None,
        "dom",
    ),
    _out(
        "out-remote-img",
        {"text/html": f'<img src="{DEAD_HOST}/PWNED-out-remote-img.png" alt="beacon">'},
        expect="net",
        note="the sanitiser keeps http(s) images: the CSP blocks the request",
    ),
    _out(
        "out-noscript-mxss",
        {
            "text/html": '<noscript><p title="</noscript><img src=x '
            f'onerror={alert("out-noscript-mxss")}>">'
        },
        expect="dom",
    ),
    _out(
        "out-svg-animate",
        {
            "text/html": f'<svg><animate onbegin="{xhr("out-svg-animate")}" attributeName="x" '
            'dur="1s"/></svg>'
        },
    ),
    _out(
        "out-math-href",
        {"text/html": f'<math><mtext href="javascript:{alert("out-math-href")}">m</mtext></math>'},
        expect="dom",
    ),
    _out(
        "out-application-javascript",
        {"application/javascript": alert("out-application-javascript")},
    ),
    _out(
        "out-png-width",
        {"image/png": PNG, "text/plain": "<Figure>"},
        {"image/png": {"width": f"1 onload={alert('out-png-width')}"}},
    ),
    _out(
        "out-png-height",
        {"image/png": PNG, "text/plain": "<Figure>"},
        {"height": f"1 onload={socket('out-png-height').replace('new ', 'new/**/')}"},
    ),
    _out(
        "out-svg-image",
        {"image/svg+xml": _svg("out-svg-image"), "text/plain": "<svg>"},
        None,
        "dom",
    ),
    _out(
        "out-markdown-html",
        {"text/markdown": f'**bold** <img src=x onerror="{alert("out-markdown-html")}">'},
    ),
    _out(
        "out-markdown-link",
        {"text/markdown": f"[click me](javascript:{alert('out-markdown-link')})"},
        expect="dom",
    ),
    _out(
        "out-mermaid",
        {"text/vnd.mermaid": f'graph TD; A["<img src=x onerror={alert("out-mermaid")}>"]'},
        expect="escaped",
        note="the formgrade (classic) template ignores text/vnd.mermaid; lab writes it raw",
    ),
    _out(
        "out-meta-refresh",
        {
            "text/html": '<meta http-equiv="refresh" '
            'content="0;url=/api/contents/PWNED-out-meta-refresh">'
        },
        expect="net",
        navigates=True,
    ),
    # --- what the kernel prints, and the code itself: escaped by the templates -------------------
    Vector("stream-script", "stream", f"<script>{alert('stream-script')}</script>", "escaped"),
    Vector("error-img", "error", f'<img src=x onerror="{alert("error-img")}">', "escaped"),
    Vector(
        "source-comment",
        "source",
        f'# </code></pre><img src=x onerror="{alert("source-comment")}">',
        "escaped",
    ),
    # --- the written answer w1 -------------------------------------------------------------------
    Vector("w1-img-onerror", "written", f'<img src=x onerror="{alert("w1-img-onerror")}">', "run"),
    Vector(
        "w1-javascript-link", "written", f"[see](javascript:{alert('w1-javascript-link')})", "dom"
    ),
    Vector("w1-script", "written", f"<script>{put('w1-script')}</script>", "run"),
    # --- markdown cells the learner added (no nbgrader metadata) ---------------------------------
    _md("md-svg-onload", f'<svg onload="{title("md-svg-onload")}"></svg>', "run"),
    _md(
        "md-iframe-srcdoc",
        f'<iframe srcdoc="<script>parent.{alert("md-iframe-srcdoc")}</script>"></iframe>',
        "run",
    ),
    _md("md-a-javascript", f'<a href="javascript:{alert("md-a-javascript")}">x</a>', "dom"),
    _md("md-entity-link", f"[x](jav&#x61;script:{alert('md-entity-link')})", "dom"),
    _md("md-entity-a", f'<a href="&#106;avascript:{alert("md-entity-a")}">x</a>', "dom"),
    _md("md-tab-a", f'<a href="java&#9;script:{alert("md-tab-a")}">x</a>', "dom"),
    _md("md-autolink", f"<javascript:{alert('md-autolink')}>", "dom"),
    _md("md-reference-link", f"[x][r]\n\n[r]: javascript:{alert('md-reference-link')}", "dom"),
    _md("md-image-javascript", f"![x](javascript:{alert('md-image-javascript')})", "dom"),
    _md(
        "md-data-link",
        f"[x](data:text/html;base64,{b64('<script>' + alert('md-data-link') + '</script>')})",
        "dom",
    ),
    _md(
        "md-details-ontoggle",
        f'<details open ontoggle="{confirm("md-details-ontoggle")}">\n\nx\n\n</details>',
        "run",
    ),
    _md("md-base-href", f'<base href="{DEAD_HOST}/PWNED-md-base-href/">', "dom"),
    _md(
        "md-form-action",
        '<form action="/api/contents/PWNED-md-form-action"><input type="submit">',
        "dom",
    ),
    _md(
        "md-style-import",
        '<style>@import url("/api/contents/PWNED-md-style-import.css");</style>',
        "net",
    ),
    _md("md-list-html", f'- item\n\n  <img src=x onerror="{alert("md-list-html")}">', "run"),
    _md("md-mixed-case", f'<IMG SRC=x OnErRoR="{alert("md-mixed-case")}">', "run"),
    _md(
        "md-mermaid",
        f'```mermaid\ngraph TD; A["<img src=x onerror={alert("md-mermaid")}>"]\n```',
        "run",
    ),
    _md(
        "md-attachment-html",
        "![a](attachment:a.html)",
        "dom",
        attachments={
            "a.html": {"text/html": b64(f"<script>{alert('md-attachment-html')}</script>")}
        },
    ),
    _md(
        "md-attachment-svg",
        "![b](attachment:b.svg)",
        "dom",
        attachments={"b.svg": {"image/svg+xml": b64(_svg("md-attachment-svg"))}},
    ),
    _md(
        "md-meta-refresh",
        '<meta http-equiv="refresh" content="0;url=/api/contents/PWNED-md-meta-refresh">',
        "net",
        navigates=True,
    ),
    # --- raw cells the learner added -------------------------------------------------------------
    Vector("raw-html", "raw", f"<script>{alert('raw-html')}</script>", "escaped"),
    Vector(
        "raw-text-html",
        "raw",
        f'<img src=x onerror="{alert("raw-text-html")}">',
        "escaped",
        raw_mimetype="text/html",
    ),
)

# The class: the learner who hands in a clean notebook, the learners whose notebooks carry the
# vectors (graded, hence sanitised), and two who are not graded: their autograded notebook is
# written into the course folder unsanitised (the proof that the checks can fail).
CLEAN = "ana"
MALICIOUS = {
    "mal-outputs": [
        v for v in VECTORS if v.where in ("output", "stream", "error", "source") and not v.navigates
    ],
    "mal-markdown": [
        v for v in VECTORS if v.where in ("written", "markdown", "raw") and not v.navigates
    ],
    "mal-navigate": [v for v in VECTORS if v.navigates],
}
CANARIES = {
    "canary-all": [v for v in VECTORS if not v.navigates],
    "canary-navigate": [v for v in VECTORS if v.navigates],
}
# canary-all's notebook rendered as feedback.html is, less the sanitiser: RESULTS/<this>/
FEEDBACK_CANARY = "canary-feedback"

# Where the answer cells' payloads go (each answer cell keeps its solution, then displays).
_OUTPUT_CELLS = ("q1", "q2", "q3", "q4", "q5", "q6")


def solutions(repo: Path) -> dict[str, str]:
    source = nbformat.read(Path(repo) / "solutions" / M02 / f"{M02}.ipynb", as_version=4)
    return {
        c.metadata["nbgrader"]["grade_id"][: -len("_answer")]: solution_code(c.source)
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_answer")
        and c.cell_type == "code"
    }


def _code(vectors: list[Vector]) -> str:
    lines = ["from IPython.display import display"]
    for v in vectors:
        if v.where == "output":
            bundle, metadata = v.payload
            lines.append(f"display({bundle!r}, raw=True, metadata={metadata!r})")
        elif v.where == "stream":
            lines.append(f"print({v.payload!r})")
        elif v.where == "source":
            lines.append(v.payload)
    errors = [v for v in vectors if v.where == "error"]
    lines += [f"raise ValueError({v.payload!r})" for v in errors[:1]]
    return "\n".join(lines)


def outputs(vectors: list[Vector]) -> list:
    """The outputs the kernel makes from :func:`_code` (for the unsanitised copies)."""
    made = []
    for v in vectors:
        if v.where == "output":
            bundle, metadata = v.payload
            made.append(new_output("display_data", data=bundle, metadata=metadata))
        elif v.where == "stream":
            made.append(new_output("stream", name="stdout", text=v.payload + "\n"))
    for v in [v for v in vectors if v.where == "error"][:1]:
        made.append(
            new_output("error", ename="ValueError", evalue=v.payload, traceback=[v.payload])
        )
    return made


def _cells(vectors: list[Vector]) -> list:
    cells = []
    for v in vectors:
        if v.where == "markdown":
            source, attachments = v.payload
            cell = new_markdown_cell(f"Added by the learner ({v.name}):\n\n{source}")
            if attachments:
                cell.attachments = copy.deepcopy(attachments)
            cells.append(cell)
        elif v.where == "raw":
            meta = {"raw_mimetype": v.raw_mimetype} if v.raw_mimetype else {}
            cells.append(new_raw_cell(v.payload, metadata=meta))
    return cells


def build(repo: Path, vectors: list[Vector], *, with_outputs: bool = False):
    """An m02 submission carrying ``vectors``; ``with_outputs``: as if already run (the outputs
    the grader's kernel would make are written into the answer cells), for unsanitised copies.
    """
    answers_of = solutions(repo)
    code_vectors = [v for v in vectors if v.where in ("output", "stream", "error", "source")]
    per_cell: dict[str, list[Vector]] = {q: [] for q in _OUTPUT_CELLS}
    for i, v in enumerate(code_vectors):
        per_cell[_OUTPUT_CELLS[i % len(_OUTPUT_CELLS)]].append(v)
    errors = [v for v in code_vectors if v.where == "error"]
    for v in errors:  # a raise ends its cell: alone in the last answer cell, after the rest
        for cell_vectors in per_cell.values():
            if v in cell_vectors:
                cell_vectors.remove(v)
        per_cell[_OUTPUT_CELLS[-1]].append(v)
    answers = {
        q: answers_of[q] + "\n\n" + _code(vs) if vs else answers_of[q] for q, vs in per_cell.items()
    }
    written = [v.payload for v in vectors if v.where == "written"]
    w1 = "My answer: equal opportunity.\n\n" + "\n\n".join(written) if written else None
    nb = submission(repo, M02, answers=answers, written={"w1": w1} if w1 else None)
    if with_outputs:
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if cell.cell_type == "code" and gid.endswith("_answer"):
                cell.outputs = outputs(per_cell.get(gid[: -len("_answer")], []))
    at = next(i for i, c in enumerate(nb.cells) if c.get("id") == "w1_answer") + 1
    nb.cells[at:at] = _cells(vectors)
    return nb
