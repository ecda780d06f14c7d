"""Build backend of the learner's distribution: setuptools on a staged copy of the two packages.

setuptools only packages folders inside the project, and fairkit and faircheck live at the
repository's root (one copy of the code). Each hook copies them, with this folder's
``pyproject.toml`` (build backend set to setuptools), into a temporary folder and runs
setuptools' hook there. Nothing else of the repository is copied: no ``autograder``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from setuptools import build_meta as _setuptools

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PACKAGES = ("fairkit", "faircheck")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


@contextlib.contextmanager
def _staged():
    with tempfile.TemporaryDirectory(prefix="fair-ml-learner-") as tmp:
        stage = Path(tmp)
        text = (HERE / "pyproject.toml").read_text(encoding="utf-8")
        text = text.replace(
            'build-backend = "_learner_build"', 'build-backend = "setuptools.build_meta"'
        )
        text = text.replace('backend-path = ["."]\n', "")
        (stage / "pyproject.toml").write_text(text, encoding="utf-8")
        for name in PACKAGES:
            shutil.copytree(REPO / name, stage / name, ignore=_IGNORE)
        shutil.copy(REPO / "LICENSE", stage / "LICENSE")
        old = Path.cwd()
        os.chdir(stage)
        try:
            yield
        finally:
            os.chdir(old)


def _absolute(folder: str) -> str:
    return str(Path(folder).resolve())


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    with _staged():
        return _setuptools.prepare_metadata_for_build_wheel(_absolute(metadata_directory))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    wheel_directory = _absolute(wheel_directory)
    with _staged():
        return _setuptools.build_wheel(wheel_directory, config_settings)


def build_sdist(sdist_directory, config_settings=None):
    sdist_directory = _absolute(sdist_directory)
    with _staged():
        return _setuptools.build_sdist(sdist_directory, config_settings)
