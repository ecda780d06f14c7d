"""Shared fixtures of the fairkit tests.

``toy`` is the small data set the hand-worked tests and the semantics tests compute on. Its count
table, worked by hand (TP = y_true 1 & y_pred 1, FN = 1 & 0, FP = 0 & 1, TN = 0 & 0):

    group | rows | TP FN FP TN | sel   TPR  FPR  TNR  FNR  PPV  NPV  acc
    a     |  6   |  2  1  1  2 | 3/6   2/3  1/3  2/3  1/3  2/3  2/3  4/6
    b     |  4   |  1  1  0  2 | 1/4   1/2  0    1    1/2  1    2/3  3/4
    c     |  5   |  3  1  1  0 | 4/5   3/4  1    0    1/4  3/4  0/1  3/5
    all   | 15   |  6  3  2  4 | 8/15  6/9  2/6  4/6  3/9  6/8  4/7  10/15

``sex`` and ``race`` are a second, intersectional view of the same rows: group a is sex "f" with
race "x" in its first three rows and "y" in its last three; groups b and c are sex "m", race "x".
So the observed intersections are (f, x), (f, y) and (m, x); (m, y) never occurs.
"""

from types import SimpleNamespace

import numpy as np
import pytest


@pytest.fixture
def toy():
    return SimpleNamespace(
        y_true=np.array([1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0]),
        y_pred=np.array([1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1]),
        group=np.array(["a"] * 6 + ["b"] * 4 + ["c"] * 5),
        sex=np.array(["f"] * 6 + ["m"] * 9),
        race=np.array(["x", "x", "x", "y", "y", "y"] + ["x"] * 9),
    )
