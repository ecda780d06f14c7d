"""What model cards, datasheets and decision records share: sections, checks, JSON, rendering.

A document is a dataclass whose fields are sections (``section(...)``); a section is a
dataclass of text fields (``text(...)``), lists of text (``items(...)``) or lists of records
(``items(..., of=SomeDataclass)``). Rendering goes through Jinja2 templates shipped as package
data; the HTML environment escapes every value, so text a user typed cannot inject markup.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from functools import cache
from typing import Any

import jinja2

from fairkit.accountability import _errors as E

__all__ = ["Document", "items", "render", "section", "text"]


def section(title: str, cls: type) -> Any:
    """A document field holding one section (a dataclass), shown as ``title``."""
    return dataclasses.field(default_factory=cls, metadata={"title": title})


def text(label: str) -> Any:
    """A free-text field of a section, shown as ``label``."""
    return dataclasses.field(default="", metadata={"label": label})


def items(label: str, of: type | None = None) -> Any:
    """A list field: of strings, or of records of dataclass ``of``."""
    return dataclasses.field(default_factory=list, metadata={"label": label, "of": of})


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_empty(v) for v in value) if value else True
    if dataclasses.is_dataclass(value):
        return all(is_empty(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN; an undefined value is null
    return value


def build(cls: type, data: Any, where: str) -> Any:
    """An instance of dataclass ``cls`` from a dict, refusing keys it does not have."""
    if not isinstance(data, dict):
        raise TypeError(E.NOT_A_MAPPING.format(what=where, type=type(data).__name__))
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = [k for k in data if k not in fields]
    if unknown:
        known = ", ".join(fields)
        raise ValueError(E.UNKNOWN_KEY.format(where=where, key=unknown[0], known=known))
    kwargs = {}
    for name, value in data.items():
        meta, f = fields[name].metadata, fields[name]
        if "title" in meta:
            kwargs[name] = build(f.default_factory, value, f"{where}.{name}")
        elif meta.get("of") is not None:
            if not isinstance(value, list):
                raise TypeError(E.NOT_A_LIST.format(where=f"{where}.{name}"))
            kwargs[name] = [build(meta["of"], v, f"{where}.{name}[]") for v in value]
        elif "label" in meta:
            kwargs[name] = _text_value(value, f.default == "", f"{where}.{name}")
        else:
            kwargs[name] = value
    return cls(**kwargs)


def _text_value(value: Any, single: bool, where: str) -> str | list[str]:
    """A text field's value (``single``) or a list of texts, type-checked; None as empty."""
    if value is None:
        return "" if single else []
    if single and isinstance(value, str):
        return value
    if not single and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    wanted = "a string" if single else "a list of strings"
    raise TypeError(E.NOT_TEXT.format(where=where, wanted=wanted, type=type(value).__name__))


@cache
def _environment(html: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("fairkit.accountability", "templates"),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _markdown_text
    env.filters["cell"] = _markdown_cell
    env.filters["num"] = format_number
    env.filters["pct"] = lambda level: f"{100 * level:g} %"
    return env


def _markdown_text(value: Any) -> str:
    """User text for Markdown: no raw HTML (``< > &`` as entities) and no links or images
    (``[`` and ``]`` escaped), so a renderer shows the text as typed."""
    text_ = "" if value is None else str(value)
    text_ = text_.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text_.replace("[", "\\[").replace("]", "\\]")


def _markdown_cell(value: Any) -> str:
    """User text inside a Markdown table cell: also no ``|`` and no line breaks."""
    return " ".join(_markdown_text(value).replace("|", "\\|").split())


def format_number(value: Any, digits: int = 3) -> str:
    """A number with ``digits`` decimals (integers as they are); None or NaN as "n/a"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{float(value):.{digits}f}"


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>``; HTML templates (``*.html.j2``) autoescape."""
    return _environment(template.endswith(".html.j2")).get_template(template).render(**context)


class Document:
    """Mixin for a dataclass of sections: ``validate``, dict/JSON round trip and rendering."""

    _template = "document"  # base name of the templates: <name>.md.j2 and <name>.html.j2
    title = ""

    @classmethod
    def section_fields(cls) -> list[dataclasses.Field]:
        return [f for f in dataclasses.fields(cls) if "title" in f.metadata]

    def sections(self) -> list[tuple[str, Any, list[tuple[str, Any]]]]:
        """``(title, section, [(label, value), ...])`` for each section, in order."""
        out = []
        for f in self.section_fields():
            value = getattr(self, f.name)
            fields = dataclasses.fields(value)
            rows = [(g.metadata["label"], getattr(value, g.name)) for g in fields]
            out.append((f.metadata["title"], value, rows))
        return out

    def validate(self, *, fields: bool = False) -> list[str]:
        """The sections that are missing or empty, by title; ``[]`` when complete.

        With ``fields=True``: every empty field instead, as ``"Section: field"``.
        """
        missing = []
        for title, value, rows in self.sections():
            if fields:
                missing += [f"{title}: {label}" for label, v in rows if is_empty(v)]
            elif is_empty(value):
                missing.append(title)
        return missing

    def to_dict(self) -> dict:
        """Plain dicts, lists, strings and numbers (NaN as None), as JSON holds them."""
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict):
        """The inverse of :meth:`to_dict`; an unknown key raises (a typo would be lost)."""
        return build(cls, data, cls.__name__)

    def to_json(self, path: str | os.PathLike | None = None, *, indent: int = 2) -> str:
        """JSON text (written to ``path`` too, when given)."""
        out = json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(out + "\n")
        return out

    @classmethod
    def from_json(cls, source: str | os.PathLike):
        """From JSON text, or from a file path holding it."""
        if isinstance(source, os.PathLike) or not str(source).lstrip().startswith("{"):
            with open(source, encoding="utf-8") as f:
                source = f.read()
        return cls.from_dict(json.loads(source))

    def _context(self, digits: int, standalone: bool = True) -> dict:
        return {"doc": self, "sections": self.sections(), "digits": digits,
                "standalone": standalone}  # fmt: skip

    def to_markdown(self, *, digits: int = 3) -> str:
        """Markdown; user text has ``<``, ``>`` and ``&`` as entities (no raw HTML)."""
        return render(f"{self._template}.md.j2", **self._context(digits))

    def to_html(self, *, digits: int = 3, standalone: bool = True) -> str:
        """An HTML page (or, ``standalone=False``, a ``<div>`` with scoped styles); every
        value is escaped."""
        return render(f"{self._template}.html.j2", **self._context(digits, standalone))

    def _repr_html_(self) -> str:  # Jupyter shows a fragment: a whole page would restyle it
        return self.to_html(standalone=False)
