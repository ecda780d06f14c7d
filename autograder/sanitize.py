"""Make learners' notebooks inert before anyone renders them as HTML.

Learners' notebooks are rendered in the instructor's browser: nbgrader's formgrader exports the
autograded notebook with nbconvert's ``HTMLExporter`` and its ``formgrade`` template, and
``feedback.html`` uses the ``lab`` template. Neither sanitises: ``text/html`` outputs and raw
HTML in markdown are copied verbatim, ``application/javascript`` outputs become ``<script>``, image
``width``/``height`` metadata is written unquoted (``width=1 onerror=...``), markdown links keep
``javascript:`` URLs, a ``mermaid`` code block and a ``text/vnd.mermaid`` output are written
unescaped, and the widget state loads a widget manager that renders HTML.

:func:`sanitize_notebook` rewrites a notebook in place so that every template renders it inert:
outputs are rebuilt from an allow-list of MIME types (active ones become a text note), HTML goes
through nh3 (Ammonia) with the allow-list of :func:`sanitize_html`, markdown cells stay markdown
(only raw HTML, unsafe URLs and mermaid blocks are rewritten, see
:mod:`autograder._sanitize_markdown`), image metadata is validated, attachments are reduced to
PNG/JPEG/GIF. Escaped by every template already (checked by the tests): stream and error outputs,
``text/plain``, ``text/latex``, code cell sources, cell tags, the notebook ``title``, kernelspec
and ``language_info``; an invalid ``execution_count`` or cell id makes nbconvert refuse the
notebook (it validates it), so both are repaired.
``<style>`` and ``style``/``class``/``id`` attributes are dropped without a finding (every pandas
DataFrame has them; DataFrames still render as tables with the template's CSS); removed elements,
event handlers and URLs are reported.

Call it on each submitted notebook before it is written into the course folder, and on the
executed notebook before nbgrader writes the autograded one (the formgrader renders that file).
Feedback pages also get :data:`FEEDBACK_CSP` through :func:`add_csp_meta`.

nbconvert's own ``HTMLExporter(sanitize_html=True)`` (bleach via the ``clean_html`` filter) cannot
be relied on (``test_nbconvert_sanitize_html_is_not_enough`` shows each point): it does not touch
PNG/JPEG metadata (``onerror`` survives) nor ``text/vnd.mermaid`` outputs, nbgrader's ``formgrade``
template overrides the markdown block without ``clean_html`` (``javascript:`` links and raw HTML
survive there), and where it does apply it escapes legitimate markup (headings, markdown tables and
images, the DataFrame ``<thead>``/``<th>`` show up as ``&lt;h1&gt;`` text). What it does make
inert: ``text/html`` and ``text/markdown`` outputs and ``application/javascript`` (lab, classic,
formgrade), markdown cells (lab, classic); raw cells are bleached by every template anyway.

Examples
--------
>>> from nbformat.v4 import new_markdown_cell, new_notebook
>>> nb = new_notebook(cells=[new_markdown_cell("# Answer\\n<img src=x onerror=alert(1)>")])
>>> sanitize_notebook(nb)
['cell 0: removed <img onerror>, <img src> from raw HTML']
>>> nb.cells[0].source
'# Answer\\n<img>'
"""

from __future__ import annotations

import html
import re
from collections.abc import Container
from html.parser import HTMLParser
from typing import Any

import nh3
from nbformat import NotebookNode
from nbformat.v4 import new_output, new_raw_cell
from nbformat.v4.nbbase import random_cell_id

__all__ = ["FEEDBACK_CSP", "add_csp_meta", "sanitize_html", "sanitize_notebook"]

#: No script at all, images only as data: URLs, the template's inline CSS. Breaks MathJax (maths
#: stays TeX source), mermaid diagrams, widgets, remote images and web fonts.
FEEDBACK_CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)

REMOVED = "removed {what} from {where}"
REMOVED_DATA = "removed the {mimes} data of an output"
BAD_IMAGE = "dropped the {mime} data of an output: it is not base64"
BAD_IMAGE_META = "dropped {key}={value!r} from the metadata of an {mime} output"
BAD_OUTPUT = "removed an output of unknown type {kind!r}"
BAD_CELL = "turned a cell of unknown type {kind!r} into a plain raw cell"
BAD_COUNT = "reset the invalid execution_count {value!r}"
BAD_ID = "replaced the invalid cell id {value!r}"
BAD_GRADE_ID = "removed nbgrader metadata with the invalid grade_id {value!r}"
BAD_ATTACHMENT = "removed the {mimes} data of attachment {name!r}"
TEX_HREF = "neutralised a \\href with an unsafe URL in {where}"
WIDGET_STATE = "notebook: removed the widget state (metadata 'widgets')"
BAD_LEXER = "notebook: removed language_info.{key}={value!r} (it names the code lexer)"
NOTE = "[{mime} output removed by the grader's HTML sanitiser]"

_TAGS = frozenset(nh3.ALLOWED_TAGS)
_ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["table"] |= {"border"}
_ATTRIBUTES["*"] = {"title", "lang"}
_DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript", "textarea"}
_DROPPED_WITH_CONTENT |= {"title", "xmp", "noembed", "noframes", "svg", "math", "select"}
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "srcset", "poster"})
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,", re.IGNORECASE)
_FILES_PREFIX = re.compile(r"^(?:/?files/)+")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TEX_HREF = re.compile(r"\\href\s*\{([^{}]*)\}")
_BASE64 = re.compile(r"[A-Za-z0-9+/\s]*=*\s*")
_PIXELS = re.compile(r"[0-9]{1,5}")
_CELL_ID = re.compile(r"[a-zA-Z0-9_-]{1,64}")
_LEXER = re.compile(r"[A-Za-z0-9_+#.\-]{1,64}")
_GRADE_ID = re.compile(r"[A-Za-z0-9_.\-]{1,128}")
_HEAD = re.compile(r"<head(?=[\s>/])[^>]*>", re.IGNORECASE)
_HTML = re.compile(r"<html(?=[\s>/])[^>]*>", re.IGNORECASE)
_IMAGES = ("image/png", "image/jpeg")
_KEPT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", *_IMAGES)
_ATTACHMENT_TYPES = ("image/png", "image/jpeg", "image/gif")


def _normalised(url: str) -> str:
    """``url`` as the browser reads it after the markdown and HTML unescaping."""
    for _ in range(3):  # markdown unescapes once, the HTML attribute once more
        url = html.unescape(_MD_ESCAPE.sub(r"\1", url))
    url = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(33))))
    return _FILES_PREFIX.sub("", url)  # nbconvert's strip_files_prefix turns files/x: into x:


def _url_allowed(url: str, *, data_images: bool = True, attachments: Container[str] = ()) -> bool:
    """Whether a browser would load ``url`` with a scheme we allow (relative URLs are allowed)."""
    url = _normalised(url)
    match = _SCHEME.match(url)
    if match is None or match[1].lower() in _SAFE_SCHEMES:
        return True
    if data_images and _DATA_IMAGE.match(url):
        return True
    return match[1].lower() == "attachment" and url[len("attachment:") :] in attachments


def _image_source_allowed(url: str) -> bool:
    """An image loads nothing from anywhere: a data: image, or a cell attachment."""
    if not _url_allowed(url):
        return False
    url = _normalised(url)
    return bool(_DATA_IMAGE.match(url)) or url.lower().startswith("attachment:")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 callback: data: URLs only as image sources, and images only from data: URLs.

    An ``<img src>`` with any other URL would make the instructor's browser send a request
    (to the Jupyter server's API, with the instructor's cookies, or anywhere else) when the
    formgrader shows the page: the source is dropped, the ``alt`` text stays.
    """
    if tag == "img" and attribute in ("src", "srcset"):
        return value if _image_source_allowed(value) else None
    if attribute in _URL_ATTRIBUTES and not _url_allowed(value, data_images=tag == "img"):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(_TAGS),
    clean_content_tags=_DROPPED_WITH_CONTENT,
    attributes=_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    url_schemes={"http", "https", "mailto", "data"},
    allowed_classes={"table": {"dataframe"}},
)


def _tex_hrefs(text: str) -> str:
    r"""Neutralise MathJax ``\href{javascript:...}`` (the Safe extension also blocks it)."""

    def fix(match: re.Match[str]) -> str:
        return match[0] if _url_allowed(match[1], data_images=False) else r"\href{#harmful-link}"

    return _TEX_HREF.sub(fix, text)


def sanitize_html(fragment: str) -> str:
    """Sanitise an HTML fragment with the project's allow-list (nh3, i.e. Ammonia).

    Kept: nh3's default tags (text, lists, tables, ``img``, ``a``, ``details``...), their default
    attributes, ``table border`` and ``class="dataframe"``; link URLs with http, https and
    mailto; image sources only as data: (PNG, JPEG, GIF, WebP) or attachments. Removed:
    ``script``, ``style``, ``svg``, ``math``, ``iframe``, ``object``, forms and their content;
    event handlers, ``style``, ``id``, other classes and every other attribute; comments.

    Examples
    --------
    >>> sanitize_html('<img src=x onerror=alert(1)><script>alert(2)</script><b>ok</b>')
    '<img><b>ok</b>'
    >>> sanitize_html('<a href="jav&#x61;script:alert(1)">x</a>')
    '<a rel="noopener noreferrer">x</a>'
    """
    cleaned = _CLEANER.clean(fragment)
    for _ in range(3):  # mis-nested input (<a> in <a>) can need a second pass to settle
        if (again := _CLEANER.clean(cleaned)) == cleaned:
            break
        cleaned = again
    return _tex_hrefs(cleaned)


class _Inventory(HTMLParser):
    """The elements, event handlers and URL attributes of a fragment (for findings)."""

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.items: set[str] = set()
        try:
            self.feed(fragment)
            self.close()
        except AssertionError:  # html.parser on a malformed <![...: the findings are partial
            self.items.add("(malformed markup)")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.add(f"<{tag}>")
        names = {name for name, _ in attrs if name.startswith("on") or name in _URL_ATTRIBUTES}
        self.items.update(f"<{tag} {name}>" for name in names)

    def handle_comment(self, data: str) -> None:
        self.items.add("<!-- -->")


def _removed(before: str, after: str, *, style: bool = False) -> str:
    """Name what sanitising removed: elements (``<style>`` only if ``style``), event handlers,
    URLs and comments; ``''`` if only other attributes or the spelling changed."""
    gone = _Inventory(before).items - _Inventory(after).items - (set() if style else {"<style>"})
    gone = {item for item in gone if " " not in item or item.split()[0] + ">" not in gone}
    return ", ".join(sorted(gone))


def _clean_reported(fragment: str, where: str, notes: list[str], *, style: bool = False) -> str:
    """:func:`sanitize_html`, with a finding when something was removed (see :func:`_removed`)."""
    cleaned = sanitize_html(fragment)
    if what := _removed(fragment, cleaned, style=style):
        notes.append(REMOVED.format(what=what, where=where))
    return cleaned


def _text(value: Any) -> str:
    """A notebook string field as one ``str`` (nbformat allows a list of lines)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(str(line) for line in value)
    return "" if value is None else str(value)


def _count(value: Any, notes: list[str]) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    notes.append(BAD_COUNT.format(value=value))
    return None


def _valid(key: str, value: Any) -> Any:
    """``value`` if it is a valid image metadata ``key`` for the templates, else ``None``."""
    if key in ("width", "height"):
        value = int(value) if isinstance(value, str) and _PIXELS.fullmatch(value) else value
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100_000
    elif key == "unconfined":
        ok = isinstance(value, bool)
    elif key == "needs_background":
        ok = value in ("light", "dark")
    else:  # alt: written quoted and escaped
        ok = isinstance(value, str)
    return value if ok else None


def _image_metadata(metadata: dict, mime: str, notes: list[str]) -> dict[str, Any]:
    """The keys the templates read, resolved as nbconvert's ``get_metadata`` does, validated."""
    own = metadata.get(mime) if isinstance(metadata.get(mime), dict) else {}
    kept: dict[str, Any] = {}
    for key in ("width", "height", "unconfined", "needs_background", "alt"):
        value = own.get(key) if own.get(key) is not None else metadata.get(key)
        if value is not None and (valid := _valid(key, value)) is not None:
            kept[key] = valid
        elif value is not None:
            notes.append(BAD_IMAGE_META.format(key=key, value=value, mime=mime))
    return kept


def _bundle(out: NotebookNode, attachments: Container[str], notes: list[str]) -> tuple[dict, dict]:
    """The ``data`` and ``metadata`` of a rich output, reduced to inert types."""
    from autograder._sanitize_markdown import sanitize_markdown

    metadata = out.get("metadata") if isinstance(out.get("metadata"), dict) else {}
    data: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    removed: list[str] = []
    for mime, raw in (out.get("data") or {}).items():
        value = _text(raw) if isinstance(raw, str | list) else None
        if value is None or mime not in _KEPT_TYPES:
            removed.append(mime)
        elif mime == "text/html":
            data[mime] = _clean_reported(value, "a text/html output", notes)
        elif mime == "text/markdown":
            data[mime], found = sanitize_markdown(value, attachments)
            notes.extend(f"{note} (text/markdown output)" for note in found)
        elif mime in _IMAGES and not _BASE64.fullmatch(value):
            notes.append(BAD_IMAGE.format(mime=mime))
            removed.append(mime)
        elif mime in _IMAGES:
            data[mime] = value
            if kept := _image_metadata(metadata, mime, notes):
                meta[mime] = kept
        else:
            data[mime] = _tex_hrefs(value) if mime == "text/latex" else value
            if data[mime] != value:
                notes.append(TEX_HREF.format(where="a text/latex output"))
    if removed:
        notes.append(REMOVED_DATA.format(mimes=", ".join(removed)))
        has_image = any(mime in data for mime in _IMAGES)  # an SVG's PNG/JPEG version is shown
        lines = [data["text/plain"]] if "text/plain" in data else []
        lines += [NOTE.format(mime=m) for m in removed if not (m == "image/svg+xml" and has_image)]
        data["text/plain"] = "\n".join(lines)  # also: nbconvert warns about an empty bundle
    return data, meta


def _output(
    out: NotebookNode, attachments: Container[str], notes: list[str]
) -> NotebookNode | None:
    """A rebuilt output with only the fields nbformat defines, or ``None`` to drop it."""
    kind = out.get("output_type")
    if kind == "stream":
        name = out.get("name") if out.get("name") in ("stdout", "stderr") else "stdout"
        return new_output("stream", name=name, text=_text(out.get("text")))
    if kind == "error":
        traceback = out.get("traceback") if isinstance(out.get("traceback"), list) else []
        return new_output(
            "error",
            ename=_text(out.get("ename")),
            evalue=_text(out.get("evalue")),
            traceback=[_text(line) for line in traceback],
        )
    if kind not in ("display_data", "execute_result"):
        notes.append(BAD_OUTPUT.format(kind=kind))
        return None
    data, metadata = _bundle(out, attachments, notes)
    if kind == "display_data":
        return new_output(kind, data=data, metadata=metadata)
    count = _count(out.get("execution_count"), notes)
    return new_output(kind, data=data, metadata=metadata, execution_count=count)


def _attachments(cell: NotebookNode, notes: list[str]) -> dict[str, Any]:
    """Keep PNG, JPEG and GIF attachments with base64 data (nbconvert prefers SVG: dropped)."""
    attachments = cell.get("attachments")
    if not isinstance(attachments, dict):
        cell.pop("attachments", None)
        return {}
    for name in list(attachments):
        bundle = attachments[name] if isinstance(attachments[name], dict) else {}
        kept = {m: _text(v) for m, v in bundle.items() if m in _ATTACHMENT_TYPES}
        kept = {m: v for m, v in kept.items() if _BASE64.fullmatch(v)}
        if dropped := sorted(set(bundle) - set(kept)) or ([] if bundle else ["(not a bundle)"]):
            notes.append(BAD_ATTACHMENT.format(mimes=", ".join(dropped), name=name))
        if kept:
            attachments[name] = NotebookNode(kept)
        else:
            del attachments[name]
    return attachments


def _sanitize_cell(cell: NotebookNode, notes: list[str]) -> None:
    from autograder._sanitize_markdown import sanitize_markdown

    cell.setdefault("metadata", NotebookNode())
    cell.source = _text(cell.get("source"))
    if "id" in cell and not (isinstance(cell.id, str) and _CELL_ID.fullmatch(cell.id)):
        notes.append(BAD_ID.format(value=cell.id))
        cell.id = random_cell_id()
    grading = cell.metadata.get("nbgrader")
    grade_id = grading.get("grade_id", "") if isinstance(grading, dict) else grading
    valid = isinstance(grading, dict) and (grade_id == "" or _GRADE_ID.fullmatch(str(grade_id)))
    if grading is not None and not valid:
        notes.append(BAD_GRADE_ID.format(value=grade_id))  # formgrade prints it unescaped
        del cell.metadata["nbgrader"]
    attachments = _attachments(cell, notes) if "attachments" in cell else {}
    if cell.cell_type == "markdown":
        cell.source, found = sanitize_markdown(cell.source, attachments)
        notes.extend(found)
    elif cell.cell_type == "code":
        cell.execution_count = _count(cell.get("execution_count"), notes)
        outputs = [_output(out, attachments, notes) for out in cell.get("outputs") or []]
        cell.outputs = [out for out in outputs if out is not None]
    else:  # raw: nbconvert renders it as HTML when its raw_mimetype is text/html or empty
        mimetype = cell.metadata.get("raw_mimetype", "")
        if not isinstance(mimetype, str):
            mimetype = cell.metadata["raw_mimetype"] = ""
        if mimetype.strip().lower() in ("", "text/html"):
            cleaned = sanitize_html(cell.source)
            if cleaned not in (cell.source, html.escape(cell.source, quote=False)):
                cell.source = _clean_reported(cell.source, "a raw cell", notes, style=True)


def sanitize_notebook(nb: NotebookNode) -> list[str]:
    """Make ``nb`` inert for nbconvert's HTML templates, in place; return what was changed.

    Idempotent: a second call changes nothing and returns ``[]``. Each finding starts with the
    cell's index (``cell 7: ...``) or ``notebook:``.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> js = new_output("display_data", data={"application/javascript": "alert(1)"})
    >>> nb = new_notebook(cells=[new_code_cell("x", outputs=[js])])
    >>> sanitize_notebook(nb)
    ['cell 0: removed the application/javascript data of an output']
    >>> nb.cells[0].outputs[0].data
    {'text/plain': "[application/javascript output removed by the grader's HTML sanitiser]"}
    >>> sanitize_notebook(nb)
    []
    """
    findings: list[str] = []
    metadata = nb.setdefault("metadata", NotebookNode())
    if "widgets" in metadata:
        del metadata["widgets"]
        findings.append(WIDGET_STATE)
    info = metadata.get("language_info")
    for key in ("name", "pygments_lexer") if isinstance(info, dict) else ():
        if key in info and not (isinstance(info[key], str) and _LEXER.fullmatch(info[key])):
            findings.append(BAD_LEXER.format(key=key, value=info.pop(key)))
    for index, cell in enumerate(nb.cells):
        notes: list[str] = []
        if cell.get("cell_type") not in ("markdown", "code", "raw"):
            notes.append(BAD_CELL.format(kind=cell.get("cell_type")))
            source = _text(cell.get("source"))
            cell = nb.cells[index] = new_raw_cell(source, metadata={"raw_mimetype": "text/plain"})
        _sanitize_cell(cell, notes)
        findings.extend(f"cell {index}: {note}" for note in notes)
    return findings


def add_csp_meta(page: str, policy: str = FEEDBACK_CSP) -> str:
    """Insert a Content-Security-Policy ``<meta>`` as the first element of ``<head>``.

    A page that has no ``<head>`` gets one. A page that already starts its head with this very
    policy is returned unchanged.

    Examples
    --------
    >>> add_csp_meta("<html><head></head></html>", "img-src data:")
    '<html><head><meta http-equiv="Content-Security-Policy" content="img-src data:"></head></html>'
    """
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">'
    if head := _HEAD.search(page):
        if page.startswith(meta, head.end()):
            return page
        return page[: head.end()] + meta + page[head.end() :]
    if root := _HTML.search(page):
        return page[: root.end()] + f"<head>{meta}</head>" + page[root.end() :]
    return f"<head>{meta}</head>" + page
