"""Reading the data files shipped inside the package.

Files are opened through :mod:`importlib.resources`, so loading works from a source checkout,
an installed wheel or a zip import, and never touches the network.
"""

from __future__ import annotations

import gzip
import json
from importlib.resources import files
from typing import Any

import pandas as pd

DAMAGED_DATA_MSG = (
    "The packaged data file {file!r} looks damaged ({problem}); reinstall fairkit to restore it."
)


def _resource(name: str) -> Any:
    return files(__package__).joinpath("data").joinpath(name)


def read_gzip_csv(name: str, **read_csv_kwargs: Any) -> pd.DataFrame:
    """Read a gzip-compressed CSV file from ``fairkit/datasets/data``."""
    with _resource(name).open("rb") as raw, gzip.open(raw, "rb") as text:
        return pd.read_csv(text, **read_csv_kwargs)


def read_json(name: str) -> Any:
    """Read a JSON file from ``fairkit/datasets/data``."""
    with _resource(name).open("rb") as raw:
        return json.load(raw)


def check_rows(frame: pd.DataFrame, expected: int, file: str) -> None:
    """Raise ``RuntimeError`` if a shipped file does not have its documented row count."""
    if len(frame) != expected:
        problem = f"{len(frame)} rows instead of {expected}"
        raise RuntimeError(DAMAGED_DATA_MSG.format(file=file, problem=problem))
