"""pyproject.toml (pip) and environment.yml (conda) must install the same things."""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names (none today; add here when one does)
CONDA_NAME = {}


def _pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    out = {}
    for line in reqs:
        req = Requirement(line)
        out[CONDA_NAME.get(req.name.lower(), req.name.lower())] = str(
            SpecifierSet(str(req.specifier))
        )
    return out


def _conda_requirements() -> tuple[dict[str, str], str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out, python = {}, ""
    for dep in env["dependencies"]:
        if not isinstance(dep, str):
            continue  # the pip: section installs the project itself
        name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", dep).groups()
        if name == "python":
            python = spec.lstrip("=")
        elif name != "pip":
            out[name.lower()] = str(SpecifierSet(spec))
    return out, python


def test_same_packages_and_versions():
    pip, (conda, _) = _pip_requirements(), _conda_requirements()
    only_pip = sorted(set(pip) - set(conda))
    only_conda = sorted(set(conda) - set(pip))
    assert not only_pip, f"in pyproject.toml but not environment.yml: {only_pip}"
    assert not only_conda, f"in environment.yml but not pyproject.toml: {only_conda}"
    differ = {k: (pip[k], conda[k]) for k in pip if pip[k] != conda[k]}
    assert not differ, f"version constraints differ (pyproject, environment.yml): {differ}"


def test_conda_python_satisfies_requires_python():
    _, python = _conda_requirements()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python and SpecifierSet(requires).contains(python + ".0"), (python, requires)


def test_environment_installs_the_project_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert any(line.endswith("-e .") for section in pip_sections for line in section)
