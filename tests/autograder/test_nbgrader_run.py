"""The gradebook's migration head, computed in-process, is the one ``alembic heads`` gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from autograder.nbgrader_run import alembic_head, nbgrader_environment


def test_the_in_process_head_is_the_alembic_commands(tmp_path):
    from nbgrader.api import Gradebook
    from nbgrader.dbutil import _temp_alembic_ini

    alembic = Path(sys.executable).parent / "alembic"
    with _temp_alembic_ini("sqlite://") as ini:  # what nbgrader's own get_alembic_version runs
        printed = subprocess.run(
            [alembic, "-c", ini, "heads"], capture_output=True, text=True, check=True
        ).stdout
    assert printed.split()[:2] == [alembic_head(), "(head)"]
    nbgrader_environment()
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:  # a new database, stamped
        (stamped,) = gb.db.execute(text("SELECT * FROM alembic_version"))
    assert stamped == (alembic_head(),)
