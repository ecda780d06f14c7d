"""Markdown made inert while it stays markdown (the markdown part of :mod:`autograder.sanitize`).

An audit renders the source with nbconvert's own parser (``MarkdownWithMath``, the one behind
the ``markdown2html`` filter of every HTML template) and a subclass of its renderer
(``IPythonRenderer``) that records, instead of emitting, what nbconvert would copy into the page
unescaped: raw HTML blocks and tags, link and image URLs (nbconvert allows ``javascript:``), and
``mermaid`` code blocks (written unescaped). Each finding is fixed in the source: raw HTML is
replaced by its sanitised form, an unsafe link destination by ``#harmful-link``, an unsafe
autolink is backslash-escaped, a mermaid fence with ``<`` becomes a ``text`` fence. Then the audit
runs again. Text that takes no part stays byte-identical: code spans and blocks, maths, headings,
lists, tables. A source that the rewrites cannot make pass the audit (say, HTML split across the
lines of a block quote in a way the rewrite cannot find) is shown whole as a fenced code block.
"""

from __future__ import annotations

import re
from collections.abc import Container

from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

from autograder.sanitize import (
    _TAGS,
    _image_source_allowed,
    _removed,
    _tex_hrefs,
    _url_allowed,
    sanitize_html,
)

__all__ = ["sanitize_markdown"]

REMOVED = "removed {what} from raw HTML"
BAD_URLS = "neutralised {count} unsafe link or image URL(s)"
MERMAID = "turned a mermaid code block containing '<' into plain code"
TEX_HREF = "neutralised a \\href with an unsafe URL"
AS_SOURCE = "showed the cell as source: its HTML could not be cleaned in place"
AS_SOURCE_NOTE = "*(The grader's sanitiser shows this cell as source: it could not clean it.)*"

_ROUNDS = 4
_HARMFUL = "#harmful-link"
_NO_IMAGE = "data:image/gif;base64,"  # an image that loads nothing (and shows its alt text)
# a link destination: after "](" (inline link) or "[label]:" (a reference definition)
_DESTINATION = re.compile(
    r"(\]\(\s*|^[ \t>]*\[[^\]\n]+\]:[ \t]*\n?[ \t]*)"
    r"(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)",
    re.MULTILINE,
)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_MERMAID = re.compile(r"^([^\n]*?(?:`{3,}|~{3,})[ \t]*)mermaid", re.MULTILINE)
_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_CLOSE = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_CLOSERS = re.compile(r"(?:\s*</[A-Za-z][A-Za-z0-9-]*\s*>)*\s*")


def _only_closers(fragment: str) -> bool:
    """Whether ``fragment`` is nothing but closing tags of allowed elements (inert)."""
    names = _CLOSE.findall(fragment)
    return bool(_CLOSERS.fullmatch(fragment)) and all(n.lower() in _TAGS for n in names)


def _clean_block(raw: str) -> str:
    """A raw HTML block in sanitised form; ``raw`` itself if it is already safe.

    A block may leave allowed elements open (``<details>`` ... markdown ... ``</details>``):
    nh3 would close them, but an open ``<div>`` is as inert as a closed one, so such blocks and
    the lone closing tags that end them are kept as written.
    """
    cleaned = sanitize_html(raw)
    body = raw.rstrip()
    if cleaned.startswith(body) and _CLOSERS.fullmatch(cleaned[len(body) :]):
        return raw
    return raw if _only_closers(raw) else cleaned


def _clean_tag(raw: str) -> str:
    """One inline tag (or comment...) in sanitised form; ``raw`` itself if it is already safe.

    Allowed tags keep their allowed attributes, other tags are escaped (shown as text),
    comments, processing instructions and declarations are dropped.
    """
    if closing := _CLOSE.fullmatch(raw):
        return raw if closing[1].lower() in _TAGS else "&lt;" + raw[1:]
    opening = _OPEN.match(raw)
    if opening is None:
        return ""
    name = opening[1].lower()
    if name not in _TAGS:
        return "&lt;" + raw[1:]
    cleaned = sanitize_html(raw).removesuffix(f"</{name}>")
    return raw if cleaned == re.sub(r"\s*/>$", ">", raw) else cleaned


class _Audit(IPythonRenderer):
    """nbconvert's markdown renderer, recording what it would emit unescaped."""

    def __init__(self, attachments: Container[str]) -> None:
        super().__init__(escape=False, attachments={})
        self.names = attachments
        self.fixes: dict[str, str] = {}
        self.bad_urls = 0
        self.bad_images: set[str] = set()  # image URLs that would make the browser fetch
        self.mermaid = False

    def block_html(self, html: str) -> str:
        if (fixed := _clean_block(html)) != html:
            self.fixes[html] = fixed
        return ""

    def inline_html(self, html: str) -> str:
        if (fixed := _clean_tag(html)) != html:
            self.fixes[html] = fixed
        return ""

    def link(self, text: str, url: str, title: str | None = None) -> str:
        self.bad_urls += not _url_allowed(url, attachments=self.names)
        return text

    def image(self, text: str, url: str, title: str | None = None) -> str:
        # an attachment:name that is missing makes nbconvert raise InvalidNotebook; any other
        # source than data: or an attachment makes the instructor's browser send a request
        loads = url != _HARMFUL and not _image_source_allowed(url)  # "#...": this very page
        if loads or not _url_allowed(url, attachments=self.names):
            self.bad_urls += 1
            self.bad_images.add(url)
        return ""

    def block_code(self, code: str, info: str | None = None) -> str:
        self.mermaid |= bool(info and info.startswith("mermaid") and "<" in code)
        return ""


def _audit(source: str, attachments: Container[str]) -> _Audit:
    audit = _Audit(attachments)
    MarkdownWithMath(renderer=audit).render(source)
    return audit


def _replace(text: str, raw: str, fixed: str) -> str:
    """Replace ``raw``, also where a list item or block quote indents or prefixes its lines."""
    raw, fixed = raw.rstrip("\n"), fixed.rstrip("\n")  # a block's raw ends with its newline
    if not raw or raw in text:
        return text.replace(raw, fixed) if raw else text
    first, *rest = raw.split("\n")
    if not rest:
        return text
    pattern = re.escape(first) + r"\n(?P<p>[ \t>]*)" + r"\n(?P=p)".join(map(re.escape, rest))

    def indent(match: re.Match[str]) -> str:
        return fixed.replace("\n", "\n" + match["p"])

    return re.sub(pattern, indent, text)


def _is_image(text: str, start: int) -> bool:
    """Whether the inline link whose ``](`` is at ``start`` is an image, ``![alt](url)``."""
    opening = text.rfind("[", 0, start)
    return opening > 0 and text[opening - 1] == "!"


def _neutralise_urls(text: str, attachments: Container[str], images: Container[str] = ()) -> str:
    """Unsafe destinations, and those of the ``images`` that may not load, become harmless.

    A destination that escapes this (spelt otherwise than the parser reports it) is found
    again by the audit that follows, and the cell is then shown as source.
    """

    def destination(match: re.Match[str]) -> str:
        url = match[2].removeprefix("<").removesuffix(">")
        inline = match[1].startswith("](")
        if url in images and not inline:  # a reference definition that an image uses
            return match[1] + _HARMFUL
        if url in images and _is_image(text, match.start()):
            return match[1] + _NO_IMAGE  # ![alt](url)
        return match[0] if _url_allowed(url, attachments=attachments) else match[1] + _HARMFUL

    def autolink(match: re.Match[str]) -> str:
        return match[0] if _url_allowed(match[1], data_images=False) else "\\" + match[0]

    return _AUTOLINK.sub(autolink, _DESTINATION.sub(destination, text))


def _as_source(source: str) -> str:
    """``source`` as a fenced code block (escaped by every renderer) after a note."""
    longest = max((len(run) for run in re.findall(r"`+", source)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{AS_SOURCE_NOTE}\n\n{fence}\n{source}\n{fence}\n"


def sanitize_markdown(source: str, attachments: Container[str] = ()) -> tuple[str, list[str]]:
    r"""``source`` rewritten so that nbconvert renders it inert, and what was changed.

    ``attachments`` are the names of the cell's (already sanitised) attachments: an image
    ``attachment:name`` must name one of them.

    Examples
    --------
    >>> sanitize_markdown("# Q1\n`a < b` and $x < y$ [x](javascript:alert(1))")
    ('# Q1\n`a < b` and $x < y$ [x](#harmful-link)', ['neutralised 1 unsafe link or image URL(s)'])
    >>> sanitize_markdown("<b onclick=alert(1)>bold</b>")
    ('<b>bold</b>', ['removed <b onclick> from raw HTML'])
    """
    notes: list[str] = []
    text = _tex_hrefs(source)
    if text != source:
        notes.append(TEX_HREF)
    for _ in range(_ROUNDS):
        audit = _audit(text, attachments)
        if not (audit.fixes or audit.bad_urls or audit.mermaid):
            return text, notes
        rewritten = text
        for raw, fixed in audit.fixes.items():
            rewritten = _replace(rewritten, raw, fixed)
            if what := _removed(raw, fixed, style=True):
                notes.append(REMOVED.format(what=what))
        if audit.bad_urls:
            rewritten = _neutralise_urls(rewritten, attachments, audit.bad_images)
            notes.append(BAD_URLS.format(count=audit.bad_urls))
        if audit.mermaid:
            rewritten = _MERMAID.sub(r"\1text", rewritten)
            notes.append(MERMAID)
        if rewritten == text:
            break
        text = rewritten
    audit = _audit(text, attachments)
    if audit.fixes or audit.bad_urls or audit.mermaid:
        return _as_source(_tex_hrefs(source)), [*notes, AS_SOURCE]
    return text, notes
