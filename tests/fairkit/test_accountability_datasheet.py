"""Datasheet: its seven sections validate, render and round-trip; templates ship as package
data."""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

import fairkit.accountability as acc
from fairkit.accountability import Datasheet, Motivation, Uses


def test_datasheet_sections_validate_and_round_trip():
    sheet = Datasheet(name="Adult", version="1994",
                      motivation=Motivation(purpose="Census income prediction benchmark"),
                      uses=Uses(unsuitable_uses=["decisions about individuals"]))  # fmt: skip
    assert sheet.validate() == [
        "Composition", "Collection process", "Preprocessing, cleaning and labelling",
        "Distribution", "Maintenance",
    ]  # fmt: skip
    sheet.composition.subpopulations = "sex, race, age"
    assert "Composition" not in sheet.validate()
    assert Datasheet.from_json(sheet.to_json()) == sheet
    md = sheet.to_markdown()
    assert md.startswith("# Datasheet: Adult 1994\n")
    assert "## Motivation" in md and "- decisions about individuals" in md
    assert "**For what purpose was the dataset created?** Census income" in md
    assert "*(not provided)*" in md
    assert "<h2>Maintenance</h2>" in sheet.to_html()


def test_every_template_is_declared_as_package_data():
    root = Path(__file__).resolve().parents[2]
    data = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    globs = data["package-data"]["fairkit.accountability"]
    package = Path(acc.__file__).parent
    files = [p.relative_to(package).as_posix() for p in (package / "templates").iterdir()]
    assert files and all(any(fnmatch(f, g) for g in globs) for f in files), (files, globs)


def test_fields_and_unknown_keys():
    sheet = Datasheet.from_dict({"name": "Adult", "uses": {"risks": "proxies for race"}})
    fields = sheet.validate(fields=True)
    assert "Uses: Could its composition or collection harm future uses (unfair treatment)?" \
        not in fields  # fmt: skip
    assert "Uses: Tasks for which it should not be used" in fields
    assert len(fields) == 4 + 14 + 10 + 3 + 4 + 6 + 7  # every question but the one answered
    with pytest.raises(ValueError, match=r"Datasheet\.maintenance has no field 'owner'"):
        Datasheet.from_dict({"maintenance": {"owner": "x"}})
