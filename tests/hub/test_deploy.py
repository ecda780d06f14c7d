"""The deployment files agree with the code and with each other (they are not run here)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import yaml

from autograder.classroom import learner_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
EXCHANGE = "/srv/nbgrader/exchange"


def _scopes_in_tljh_config() -> list[str]:
    tree = ast.parse((DEPLOY / "tljh" / "jupyterhub_config.d" / "fairml.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]).endswith(
            "server_token_scopes"
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("no server_token_scopes in the TLJH configuration")


def test_learner_nbgrader_config_is_the_one_faircourse_writes():
    text = (DEPLOY / "learner" / "nbgrader_config.py").read_text()
    assert text == learner_config(EXCHANGE) + "\n"


def test_helm_values_carry_the_same_learner_config_and_scopes():
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())
    single = values["singleuser"]
    extra = single["extraFiles"]["nbgrader-config"]
    assert extra["mountPath"] == "/etc/jupyter/nbgrader_config.py"
    assert extra["stringData"] == learner_config(EXCHANGE) + "\n"
    mounts = single["storage"]["extraVolumeMounts"]
    assert [m["mountPath"] for m in mounts] == [EXCHANGE]
    scopes = values["hub"]["config"]["Spawner"]["server_token_scopes"]
    assert scopes == _scopes_in_tljh_config()
    assert "read:users:groups!user" in scopes  # nbgrader's JupyterHubAuthPlugin needs it


def test_binder_environment_has_the_learner_distributions_dependencies():
    project = tomllib.loads((DEPLOY / "learner" / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((DEPLOY / "binder" / "environment.yml").read_text())
    conda = {d.replace(" ", "") for d in env["dependencies"] if isinstance(d, str)}
    assert {d.replace(" ", "") for d in project["dependencies"]} <= conda


def test_learner_distribution_has_no_grader():
    """Its package list names fairkit and faircheck only; its build copies nothing else."""
    project = tomllib.loads((DEPLOY / "learner" / "pyproject.toml").read_text())
    assert project["tool"]["setuptools"]["packages"]["find"]["include"] == [
        "fairkit*",
        "faircheck*",
    ]
    backend = ast.parse((DEPLOY / "learner" / "_learner_build.py").read_text())
    packages = next(
        ast.literal_eval(n.value)
        for n in ast.walk(backend)
        if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "PACKAGES"
    )
    assert packages == ("fairkit", "faircheck")
