"""`make lab`: JupyterLab on a folder with the lessons and the exercises only; as root with
--allow-root (JupyterLab refuses to start as root without it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAKE_JUPYTER = """#!/bin/sh
# Stands in for JupyterLab: prints its arguments and what its root folder shows.
echo "ARGS $*"
for arg in "$@"; do
  case "$arg" in --ServerApp.root_dir=*) ls -L "${arg#*=}" | sed 's/^/SHOWS /';; esac
done
"""

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")


def _make_lab(tmp_path: Path, user=None) -> list[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(mode=0o755)
    jupyter = bin_dir / "jupyter"
    jupyter.write_text(FAKE_JUPYTER)
    jupyter.chmod(0o755)
    lab = tmp_path / "lab"
    # A stamp newer than pyproject.toml, so make never reinstalls the venv (in a fresh clone
    # pyproject.toml can be newer than any file of the checkout, the Makefile included).
    stamp = tmp_path / "installed"
    stamp.touch()
    command = ["make", "-s", "-C", str(ROOT), "lab", f"BIN={bin_dir}", f"STAMP={stamp}"]
    command.append(f"LAB_ROOT={lab}")
    if user is not None:
        command = ["runuser", "-u", user, "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.splitlines()


def test_make_lab_shows_course_and_exercises_only(tmp_path):
    lines = _make_lab(tmp_path)
    assert sorted(line for line in lines if line.startswith("SHOWS ")) == [
        "SHOWS course",
        "SHOWS exercises",
    ]
    (args,) = [line for line in lines if line.startswith("ARGS ")]
    assert f"--ServerApp.root_dir={tmp_path / 'lab'}" in args.split()
    assert ("--allow-root" in args.split()) == (os.geteuid() == 0)
    linked = (tmp_path / "lab" / "exercises").resolve()
    assert linked == ROOT / "exercises" and (linked / "m02-group-metrics").is_dir()


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("runuser") is None, reason="needs root")
def test_make_lab_as_a_user_has_no_allow_root():
    import tempfile

    with tempfile.TemporaryDirectory(prefix="make-lab-") as tmp:  # pytest's is root's only
        Path(tmp).chmod(0o777)
        lines = _make_lab(Path(tmp), user="nobody")
    (args,) = [line for line in lines if line.startswith("ARGS ")]
    assert "--allow-root" not in args.split()
    assert "SHOWS exercises" in lines
