"""The published figures of the Gender Shades audit (Buolamwini & Gebru 2018): facts, not images."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fairkit.datasets._real import DAMAGED_DATA_MSG, _resource, check_rows

__all__ = ["GENDER_SHADES_CITATION", "GenderShades", "load_gender_shades"]

GENDER_SHADES_FILE = "gender_shades.csv"
GENDER_SHADES_ROWS = 27
GENDER_SHADES_CITATION = (
    "Buolamwini, J. & Gebru, T. (2018). Gender Shades: Intersectional Accuracy Disparities in "
    "Commercial Gender Classification. Proceedings of the 1st Conference on Fairness, "
    "Accountability and Transparency, PMLR 81:77-91."
)
SUBGROUPS = ("darker female", "darker male", "lighter female", "lighter male")


@dataclass(frozen=True, eq=False)
class GenderShades:
    """The audit's published numbers.

    Attributes
    ----------
    error_rates : DataFrame
        One row per vendor (Microsoft, Face++, IBM) and subgroup (the four skin type x gender
        subgroups, and ``"all"``): columns ``vendor``, ``subgroup``, ``skin``, ``gender``,
        ``error_pct`` (1 - PPV of the gender label, in %, on the Pilot Parliaments Benchmark)
        and ``checked`` (whether the figure was checked against a second source; see
        ``data/README.md``).
    composition : DataFrame
        One row per benchmark (PPB, IJB-A, Adience) and subgroup: ``benchmark``,
        ``subgroup``, ``skin``, ``gender``, ``share_pct``, ``n`` (PPB only) and ``checked``.
    citation : str
    """

    error_rates: pd.DataFrame
    composition: pd.DataFrame
    citation: str = GENDER_SHADES_CITATION


def load_gender_shades() -> GenderShades:
    """Per-subgroup error rates of three commercial gender classifiers, and benchmark makeup.

    The numbers were typed in from the paper (its tables of PPB results and of benchmark
    composition); the paper's photos are not shipped and not needed. PPB holds 1,270
    parliamentarians from Rwanda, Senegal, South Africa, Iceland, Finland and Sweden, labelled
    by Fitzpatrick skin type (I-III lighter, IV-VI darker) and by the gender the authors
    assigned.

    Returns
    -------
    GenderShades
        ``error_rates``, ``composition`` and ``citation``.

    Examples
    --------
    >>> gs = load_gender_shades()
    >>> e = gs.error_rates.set_index(["vendor", "subgroup"])["error_pct"]
    >>> float(e["IBM", "darker female"]), float(e["IBM", "lighter male"])
    (34.7, 0.3)
    >>> int(gs.composition.query("benchmark == 'PPB'")["n"].sum())
    1270
    """
    with _resource(GENDER_SHADES_FILE).open("rb") as raw:
        table = pd.read_csv(raw, comment="#", dtype={"checked": str})
    check_rows(table, GENDER_SHADES_ROWS, GENDER_SHADES_FILE)
    if set(table["checked"]) - {"yes", "no"}:
        problem = "column checked must hold yes or no"
        raise RuntimeError(DAMAGED_DATA_MSG.format(file=GENDER_SHADES_FILE, problem=problem))
    table["checked"] = table["checked"] == "yes"
    cols = ["subgroup", "skin", "gender"]
    errors = table[table["table"] == "error_rate"].rename(
        columns={"name": "vendor", "percent": "error_pct"}
    )[["vendor", *cols, "error_pct", "checked"]]
    comp = table[table["table"] == "composition"].rename(
        columns={"name": "benchmark", "percent": "share_pct", "count": "n"}
    )[["benchmark", *cols, "share_pct", "n", "checked"]]
    comp["n"] = comp["n"].astype("Int64")
    return GenderShades(errors.reset_index(drop=True), comp.reset_index(drop=True))
