"""The UCI Adult (census income) data, training split."""

from __future__ import annotations

import numpy as np

from fairkit.datasets._base import Dataset
from fairkit.datasets._real import check_rows, read_gzip_csv

ADULT_FILE = "adult.data.gz"
ADULT_ROWS = 32_561
ADULT_COLUMNS = (
    "age",
    "workclass",
    "fnlwgt",
    "education",
    "education_num",
    "marital_status",
    "occupation",
    "relationship",
    "race",
    "sex",
    "capital_gain",
    "capital_loss",
    "hours_per_week",
    "native_country",
    "income",
)
_CATEGORICAL = (
    "workclass",
    "education",
    "marital_status",
    "occupation",
    "relationship",
    "race",
    "sex",
    "native_country",
    "income",
)
_DESCRIPTION = (
    "UCI Adult (Becker & Kohavi 1996), training split: 32,561 people from the 1994 US "
    "Census. Target income_gt_50k = 1 if yearly income > $50K. Sensitive: sex, race. "
    "Missing values ('?' in the file) only in workclass, occupation and native_country. "
    "See fairkit/datasets/data/README.md."
)


def load_adult() -> Dataset:
    """Load the UCI Adult census-income training split (shipped with fairkit, offline).

    The file is the original ``adult.data`` (32,561 rows). Column names use snake case,
    surrounding whitespace is stripped and ``"?"`` becomes a missing value. Text columns
    have pandas ``category`` dtype (categories sorted alphabetically), so a missing entry
    is ``NaN`` and ``frame[col].isna()`` finds it; numeric columns are ``int64``.

    Returns
    -------
    Dataset
        ``frame`` holds the 15 original columns (raw label text in ``income``) plus the
        target ``income_gt_50k`` (int64, 1 if ``income == ">50K"``). ``X`` holds the 14
        attributes, including the sensitive ``sex`` (``Female``/``Male``) and ``race``
        (five coarse Census categories). ``fnlwgt`` is a survey weight, not a personal
        attribute; it is kept in ``X`` for fidelity, and most models should drop it.

    Notes
    -----
    Becker, B. & Kohavi, R. (1996). Adult [Dataset]. UCI Machine Learning Repository,
    https://doi.org/10.24432/C5XW20, licensed CC BY 4.0. Provenance, checksums and known
    issues are in ``fairkit/datasets/data/README.md``.

    Examples
    --------
    >>> from fairkit.datasets import load_adult
    >>> adult = load_adult()
    >>> adult.frame.shape
    (32561, 16)
    >>> int(adult.y.sum())
    7841
    """
    frame = read_gzip_csv(
        ADULT_FILE,
        header=None,
        names=list(ADULT_COLUMNS),
        skipinitialspace=True,
        # Only "?" marks a missing value; pandas' default NA strings must not apply.
        na_values=["?"],
        keep_default_na=False,
        dtype={name: "category" if name in _CATEGORICAL else np.int64 for name in ADULT_COLUMNS},
    )
    check_rows(frame, ADULT_ROWS, ADULT_FILE)
    frame["income_gt_50k"] = (frame["income"] == ">50K").astype(np.int64)
    return Dataset(
        name="adult",
        frame=frame,
        target_name="income_gt_50k",
        feature_names=ADULT_COLUMNS[:-1],
        sensitive_names=("sex", "race"),
        description=_DESCRIPTION,
    )
