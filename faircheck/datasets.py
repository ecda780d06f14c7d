"""Data the exercises hand to learners, shipped as files (no model is fitted in the kernel).

``m02_adult_predictions.csv.gz``: the UCI Adult test split (30 %, 9,769 rows; data CC BY 4.0,
Becker & Kohavi 1996, see ``fairkit/datasets/data/README.md``) with the 0/1 decisions of a
logistic regression fitted on the other 70 % from age, years of education, hours per week and
capital gain/loss (not sex or race). It is written by
``autograder.questions._m02_data.write_adult_predictions`` and checked against a fresh fit by
the tests.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["adult_predictions"]

FILES = Path(__file__).parent / "_files"


def adult_predictions() -> pd.DataFrame:
    """The m02 exercise's data: Adult test rows with a model's decisions.

    Returns
    -------
    pandas.DataFrame
        Columns ``sex``, ``race`` (text), ``y_true`` (income > $50K, 0/1) and ``y_pred``
        (the model's decision, 0/1); a fresh copy on every call.

    Examples
    --------
    >>> adult_predictions().shape
    (9769, 4)
    """
    frame = pd.read_csv(FILES / "m02_adult_predictions.csv.gz", dtype={"sex": str, "race": str})
    return frame.astype({"y_true": "int64", "y_pred": "int64"})
