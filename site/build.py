"""Build the course website: ``python site/build.py [OUT]`` (``make site``; default build/site).

Stages a source folder for Sphinx in ``build/site-src``: the pages of ``site/``, the README (the
module map and the instructor guide are included from it), one page per lesson (a copy of
``course/<m>.ipynb``, executed by MyST-NB with its outputs cached in ``build/site-cache``) and one
page per exercise (a copy of the student version ``exercises/<m>/<m>.ipynb``: prompts and
stubs, shown unexecuted; ``solutions/`` is never read). Then runs ``sphinx-build`` with
warnings as errors, so a broken cross-reference or a failed lesson fails the build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
STAGE = ROOT / "build" / "site-src"
CACHE = ROOT / "build" / "site-cache"
DEFAULT_OUT = ROOT / "build" / "site"


def stage(stage_dir: Path = STAGE) -> Path:
    """Copy the site's pages, the lessons and the exercises' student versions into ``stage_dir``."""
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    shutil.copytree(SITE, stage_dir, ignore=shutil.ignore_patterns("build.py", "__pycache__"))
    shutil.copy2(ROOT / "README.md", stage_dir / "_readme.md")
    (stage_dir / "lessons").mkdir()
    for lesson in sorted((ROOT / "course").glob("*.ipynb")):
        shutil.copy2(lesson, stage_dir / "lessons" / lesson.name)
    (stage_dir / "exercises").mkdir()
    for folder in sorted(p for p in (ROOT / "exercises").iterdir() if p.is_dir()):
        student = folder / f"{folder.name}.ipynb"
        if student.exists():
            shutil.copy2(student, stage_dir / "exercises" / student.name)
    return stage_dir


def build(out: Path = DEFAULT_OUT, *, jobs: int = 2) -> Path:
    """Stage the sources and run sphinx-build into ``out``; raise on any warning or failure."""
    src = stage()
    # The lessons' kernels import fairkit from this checkout, as tests/course does.
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": pythonpath, "FAIRML_SITE_CACHE": str(CACHE)}
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q"]
    cmd += ["-j", str(jobs), "-d", str(ROOT / "build" / "site-doctrees"), str(src), str(out)]
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else DEFAULT_OUT
    try:
        build(target)
    except subprocess.CalledProcessError as err:
        sys.exit(f"make site: sphinx-build failed (exit {err.returncode}); see the messages above")
    print(f"course website: {target / 'index.html'}")
