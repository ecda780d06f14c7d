"""Find, at once, an answer that calls what its question asks the learner to build.

This is the self-check's early warning only. Grading enforces the rule where no trick gets
around it: the grading sandbox does not contain the forbidden modules at all.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["forbidden_uses"]

_DEPTH = 4  # helper functions the answer calls, followed this deep


def _matches(name: str, forbidden: Sequence[str]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _owner(value: Any) -> str:
    if isinstance(value, types.ModuleType):
        return value.__name__
    return str(getattr(value, "__module__", "") or "")


def forbidden_uses(function: Any, forbidden: Sequence[str]) -> list[str]:
    """Names of forbidden modules or objects that ``function`` (or its helpers) refers to.

    Examples
    --------
    >>> import json
    >>> def f(x):
    ...     return json.dumps(x)
    >>> forbidden_uses(f, ["json"]), forbidden_uses(f, ["pickle"])
    (['json'], [])
    """
    if not forbidden:
        return []
    found: list[str] = []
    seen: set[int] = set()

    def visit(fn: Any, depth: int) -> None:
        fn = getattr(fn, "__func__", fn)
        code = getattr(fn, "__code__", None)
        if code is None or id(fn) in seen or depth > _DEPTH:
            return
        seen.add(id(fn))
        namespace = dict(getattr(fn, "__globals__", {}))
        for cell in getattr(fn, "__closure__", None) or ():
            try:
                namespace[f"<closure {id(cell)}>"] = cell.cell_contents
            except ValueError:  # an empty cell
                continue
        names = {n for c in _codes(code) for n in c.co_names}
        # `import fairkit.metrics` inside the function names the module itself.
        found.extend(n for n in names if _matches(n, forbidden))
        for name, value in namespace.items():
            if not (name in names or name.startswith("<closure")):
                continue
            owner = _owner(value)
            if _matches(owner, forbidden):
                found.append(owner if isinstance(value, types.ModuleType) else f"{owner}.{name}")
            elif isinstance(value, types.ModuleType):
                found.extend(
                    f"{owner}.{attr}" for attr in names if _matches(f"{owner}.{attr}", forbidden)
                )
            elif isinstance(value, types.FunctionType | types.MethodType):
                visit(value, depth + 1)

    visit(function, 0)
    return sorted(set(found))
