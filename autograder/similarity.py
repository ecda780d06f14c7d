"""``faircourse similarity``: rank pairs of graded submissions by how much code they share.

A learner's *answer code* (their answer code cells and the code cells they added) becomes a
set of fingerprints, winnowed (Schleimer, Wilkerson & Aiken 2003, as MOSS does) from its
normalised tokens: renamed variables, literals, comments, layout and reordered functions do
not hide a copy. Fingerprints of the code handed out (the release notebook) are removed.
Score: ``shared / max(min(|A|, |B|), MIN_FINGERPRINTS)``, the share of the smaller code found
in the other (containment, not Jaccard: a copy padded with code of one's own still scores
high), floored so that a few lines of common idiom are not a copy. Each learner is also
compared with the published solution. A high score is a reason to read, not a verdict.
"""

from __future__ import annotations

import builtins
import html
import io
import itertools
import json
import keyword
import re
import tokenize
import types
from dataclasses import asdict, dataclass
from hashlib import blake2b
from pathlib import Path

__all__ = ["MIN_FINGERPRINTS", "SOLUTION", "Pair", "fingerprints", "similarity_report"]

NO_RESULTS = "no graded results in {path} (expected {path}/course): run `faircourse grade`"
NO_SUBMISSIONS = "no submissions for {assignment} in {path}"
UNKNOWN_ASSIGNMENT = "unknown assignment {assignment!r}; submitted: {known}"
NO_RELEASE = "no release notebook: the code handed out is not discounted"
NO_SOURCE = "no source notebook: no comparison with the published solution"
UNREADABLE = "{student}: the notebook could not be read ({error}); left out"
SOLUTION = "published solution"
MIN_FINGERPRINTS = 10
K, WINDOW = 5, 4  # k-gram length and winnowing window: a shared run of 8 tokens is found
CSP = "default-src 'none'; style-src 'unsafe-inline'"
_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
_DETAILS, _MAX = 10, 50  # side-by-side views: the top 10 pairs, and flagged ones
_KINDS = type | types.BuiltinFunctionType  # built-ins, not what site or IPython add (help...)
_BUILTINS = frozenset(n for n, v in vars(builtins).items() if isinstance(v, _KINDS) and n[0] != "_")
_KEYWORDS = frozenset(keyword.kwlist)
_DROPPED = "COMMENT NEWLINE NL INDENT DEDENT ENCODING ENDMARKER FSTRING_MIDDLE FSTRING_END"
_DROP = {getattr(tokenize, name, -1) for name in _DROPPED.split()}  # FSTRING_*: Python 3.12+
_STRINGS = {tokenize.STRING, getattr(tokenize, "FSTRING_START", tokenize.STRING)}
_NUMBER = tokenize.NUMBER
_CRUDE = re.compile(r"[A-Za-z_]\w*|\d[\w.]*|\S")

_Token = tuple[str, int, int]  # (normalised text, first line, last line): lines of the cell
_Gram = tuple[int, int, int]  # (hash, first line, last line)


def _word(text: str) -> str:
    named = text.isidentifier() and text not in _KEYWORDS and text not in _BUILTINS
    return "NUM" if text[0].isdigit() else "ID" if named else text


def _tokens(code: str) -> list[_Token]:
    out: list[_Token] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type not in _DROP and tok.string.strip():
                kind, text = tok.type, tok.string
                text = "STR" if kind in _STRINGS else "NUM" if kind == _NUMBER else _word(text)
                out.append((text, tok.start[0], tok.end[0]))
    except (tokenize.TokenError, SyntaxError, ValueError):
        # A syntax error: keep the lines before the one that broke, split the rest crudely.
        first = out[-1][1] if out else 1
        out = [t for t in out if t[2] < first]
        for row, line in enumerate(code.split("\n")[first - 1 :], start=first):
            out += [(_word(m.group()), row, row) for m in _CRUDE.finditer(line.split("#")[0])]
    return out


def _kgrams(tokens: list[_Token], k: int) -> list[_Gram]:
    """``(hash, first line, last line)`` of each k-gram: blake2b, the same in every process."""
    windows = zip(*(tokens[i:] for i in range(k)), strict=False)
    texts = [("\x1f".join(t[0] for t in g).encode(), g[0][1], g[-1][2]) for g in windows]
    return [(int.from_bytes(blake2b(t, digest_size=8).digest(), "big"), a, b) for t, a, b in texts]


def _winnow(hashes: list[int], window: int) -> set[int]:
    """The rightmost minimum of each window of ``window`` hashes (one window if fewer)."""
    window = min(window, len(hashes))
    chosen: set[int] = set()
    for start in range(len(hashes) - window + 1 if hashes else 0):
        part = hashes[start : start + window]
        chosen.add(start + window - 1 - part[::-1].index(min(part)))
    return {hashes[i] for i in chosen}


def fingerprints(code: str, *, k: int = K, window: int = WINDOW) -> set[int]:
    """Winnowed 64-bit hashes of the k-grams of the normalised tokens of Python ``code``.

    Identifiers (not keywords or built-ins) become one placeholder, as do numbers and strings;
    comments and layout are dropped. Two codes sharing a run of ``k + window - 1`` tokens share
    a fingerprint. Code that does not tokenise is split crudely from the line that broke on.

    Examples
    --------
    >>> fingerprints("total = price * 2 + len(xs)") == fingerprints("t = p * 7 + len(q)  # hi")
    True
    >>> fingerprints("t = p * 7 + max(q)") == fingerprints("t = p * 7 + len(q)")
    False
    >>> fingerprints("x = 1")  # fewer than k tokens
    set()
    """
    return _winnow([g[0] for g in _kgrams(_tokens(code), k)], window)


@dataclass(frozen=True)
class Pair:
    """One compared pair: ``b`` may be :data:`SOLUTION`; ``shared`` counts fingerprints."""

    assignment: str
    a: str
    b: str
    score: float
    shared: int
    flagged: bool


@dataclass
class _Doc:
    cells: list[str]
    grams: list[list[_Gram]]  # the k-grams of each cell, those of the code handed out left out
    prints: set[int]


def _doc(cells: list[str], handed_out: set[int]) -> _Doc:
    grams = [_kgrams(_tokens(cell), K) for cell in cells]
    prints = set().union(*(_winnow([g[0] for g in cg], WINDOW) for cg in grams)) - handed_out
    return _Doc(cells, [[g for g in cg if g[0] not in handed_out] for cg in grams], prints)


def _read_cells(path: Path) -> list[tuple[str, dict | None]]:
    """``(source, nbgrader metadata or None)`` of each code cell (read as JSON, no validation)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c.get("cell_type") == "code"]
    return [("".join(c.get("source", "")), (c.get("metadata") or {}).get("nbgrader")) for c in code]


def _answer(meta) -> bool:
    """An answer cell, or one the learner added (no grading metadata once rebuilt)."""
    return not isinstance(meta, dict) or not meta.get("grade_id") or meta.get("solution") is True


def _visible(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _assignments(course: Path, assignment: str | None) -> list[str]:
    sub = course / "submitted"
    learners = _visible(sub) if sub.is_dir() else []
    found = sorted({a.name for s in learners for a in _visible(s) if _notebook(a).is_file()})
    if assignment is None or assignment in found:
        if found:
            return found if assignment is None else [assignment]
        raise ValueError(NO_SUBMISSIONS.format(assignment="any assignment", path=sub))
    if any((course / top / assignment).is_dir() for top in ("release", "source")):
        raise ValueError(NO_SUBMISSIONS.format(assignment=assignment, path=sub))
    known = ", ".join(found) or "none"
    raise ValueError(UNKNOWN_ASSIGNMENT.format(assignment=assignment, known=known))


def _notebook(folder: Path) -> Path:
    return folder / f"{folder.name}.ipynb"


def _compare(course: Path, assignment: str, threshold: float):
    """The pairs, best first, the compared codes by name and notes on what is missing."""
    notes, handed_out, docs = [], set(), {}
    release, source = (_notebook(course / top / assignment) for top in ("release", "source"))
    if release.is_file():
        handed_out = {g[0] for s, _ in _read_cells(release) for g in _kgrams(_tokens(s), K)}
    else:
        notes.append(NO_RELEASE)
    for folder in _visible(course / "submitted"):
        if not _notebook(folder / assignment).is_file():
            continue
        try:
            cells = _read_cells(_notebook(folder / assignment))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            notes.append(UNREADABLE.format(student=folder.name, error=error))
            continue
        docs[folder.name] = _doc([s for s, meta in cells if _answer(meta)], handed_out)
    learners = sorted(docs)
    if source.is_file():  # the solution cells of the source notebook, without the markers
        cells = [s for s, meta in _read_cells(source) if meta and meta.get("solution") is True]
        cells = ["\n".join(x for x in c.split("\n") if x.strip() not in _MARKERS) for c in cells]
        docs[SOLUTION] = _doc(cells, handed_out)
    else:
        notes.append(NO_SOURCE)
    pairs = []
    for a, b in [*itertools.combinations(learners, 2), *((a, SOLUTION) for a in learners)]:
        if b in docs:
            fa, fb = docs[a].prints, docs[b].prints
            shared = len(fa & fb)
            score = round(shared / max(min(len(fa), len(fb)), MIN_FINGERPRINTS), 4)
            pairs.append(Pair(assignment, a, b, score, shared, score >= threshold))
    pairs.sort(key=lambda p: (-p.score, -p.shared, p.a, p.b))
    return pairs, docs, notes


def _code_html(doc: _Doc, common: set[int]) -> str:
    """The answer cells, lines covered by a k-gram also in the other code in ``<mark>``."""
    parts = []
    for cell, grams in zip(doc.cells, doc.grams, strict=True):
        hit = {n for h, lo, hi in grams if h in common for n in range(lo, hi + 1)}
        lines = [html.escape(x) for x in cell.split("\n")]
        lines = [f"<mark>{x}</mark>" if n in hit else x for n, x in enumerate(lines, start=1)]
        parts.append("<pre>" + "\n".join(lines) + "</pre>")
    return "".join(parts) or "<p>(no answer code)</p>"


_STYLE = """body{font-family:sans-serif}table{border-collapse:collapse}mark{background:#ffe08a}
td,th{border:1px solid #bbb;padding:.2em .6em}tr.flag td{background:#fde2e2}.side{display:flex}
.side>div{flex:1;min-width:0;overflow-x:auto;margin:0 .5em}pre{background:#f6f6f6;padding:.4em}"""
_HEAD = "<table><tr><th>rank</th><th>learner A</th><th>learner B</th><th>score</th><th>shared "
_HEAD += "fingerprints</th><th>flagged</th></tr>"


def _section(n: int, assignment: str, pairs: list[Pair], docs: dict, notes: list[str]) -> str:
    e = html.escape
    out = [f"<h2>{e(assignment)}</h2>", *(f"<p><em>{e(note)}</em></p>" for note in notes), _HEAD]
    shown = [i for i, p in enumerate(pairs) if p.shared and (i < _DETAILS or p.flagged)][:_MAX]
    for i, p in enumerate(pairs):
        rank = f'<a href="#p{n}-{i + 1}">{i + 1}</a>' if i in shown else str(i + 1)
        out.append(
            f'<tr class="{"flag" if p.flagged else ""}"><td>{rank}</td><td>{e(p.a)}</td>'
            f"<td>{e(p.b)}</td><td>{p.score:.2f}</td><td>{p.shared}</td>"
            f"<td>{'yes' if p.flagged else ''}</td></tr>"
        )
    out.append("</table>")
    for i in shown:
        p, da, db = pairs[i], docs[pairs[i].a], docs[pairs[i].b]
        common = {g[0] for cg in da.grams for g in cg} & {g[0] for cg in db.grams for g in cg}
        out.append(
            f'<h3 id="p{n}-{i + 1}">#{i + 1}: {e(p.a)} and {e(p.b)}, score {p.score:.2f}</h3>'
            f'<div class="side"><div><h4>{e(p.a)}</h4>{_code_html(da, common)}</div>'
            f"<div><h4>{e(p.b)}</h4>{_code_html(db, common)}</div></div>"
        )
    return "\n".join(out)


def similarity_report(
    results: Path, assignment: str | None = None, *, out: Path | None = None, threshold: float = 0.6
) -> Path:
    """Compare the graded submissions in ``results``, write an HTML report, return its path.

    Parameters
    ----------
    results : Path
        A results folder of ``faircourse grade`` (``course/submitted/<learner>/...``).
    assignment : str, optional
        By default every assignment submitted, each in a section of its own.
    out : Path, optional
        The report, by default ``results/similarity.html`` (inert: learner text escaped, no
        script, a Content-Security-Policy). The pairs, best first, go next to it as JSON
        (``similarity.json``: ``{"pairs": [{"assignment", "a", "b", "score", "shared",
        "flagged"}, ...], ...}``).
    threshold : float, default 0.6
        Pairs scoring at least this are flagged.

    Raises
    ------
    ValueError
        No results folder, an unknown assignment, or no submissions.
    """
    results = Path(results)
    if not (results / "course").is_dir():
        raise ValueError(NO_RESULTS.format(path=results))
    names = _assignments(results / "course", assignment)
    compared = {a: _compare(results / "course", a, threshold) for a in names}
    out = Path(out) if out is not None else results / "similarity.html"
    rule = f"shared / max(min(|A|, |B|), {MIN_FINGERPRINTS})"
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>Similarity report</title><style>{_STYLE}</style></head><body>\n"
        f"<h1>Similarity of submissions: {html.escape(str(results))}</h1>\n"
        f"<p>Winnowed fingerprints (k={K}, window={WINDOW}) of the answer code, code handed "
        f"out removed; score = {rule}; flagged at {threshold:.2f} or more. Lines shared with "
        "the other code are highlighted. A high score is a reason to read, not a verdict.</p>\n"
        + "\n".join(_section(n, a, *res) for n, (a, res) in enumerate(compared.items()))
        + "\n</body></html>\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    data = {
        **{"k": K, "window": WINDOW, "threshold": threshold, "score": rule},
        "notes": {a: notes for a, (_, _, notes) in compared.items()},
        "pairs": [asdict(p) for pairs, _, _ in compared.values() for p in pairs],
    }
    out.with_suffix(".json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return out
