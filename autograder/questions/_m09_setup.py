"""The m09-differential-privacy notebook's set-up code: Adult columns, randomized-response
reports, a naive mechanism's audit counts, and two logistic regressions fitted in NumPy.

``sklearn.linear_model`` imports ``sklearn.metrics``, which is hidden while the exercise is
graded, so the models are fitted by a small Newton solver; the private model is output
perturbation (Chaudhuri, Monteleoni & Sarwate 2011) at ε = 1.
"""

__all__ = ["SETUP_CODE"]

SETUP_CODE = """\
import math

import numpy as np
import pandas as pd
from scipy.stats import beta

from fairkit.datasets import load_adult

rng = np.random.default_rng(9)
adult = load_adult().frame  # UCI Adult: 32,561 census records
over_50k = adult["income_gt_50k"].to_numpy()
age = adult["age"].to_numpy()
sex = adult["sex"].astype(str).to_numpy()
race = adult["race"].astype(str).to_numpy()
hours = adult["hours_per_week"].to_numpy(dtype=float)

# q2: everyone answered "do you earn over $50K?" by randomized response at epsilon = 1.
keep = rng.random(len(over_50k)) < math.exp(1) / (1 + math.exp(1))
reports = np.where(keep, over_50k, 1 - over_50k)

# q6: a naive float Laplace mechanism, x + Laplace(1), run 100,000 times on x = 0 and x = 1;
# counts of three events: y >= 0.5, lowest mantissa bit 1, y a multiple of 2**-53.
n_draws = 100_000
draws = {"a": 0.0 + rng.laplace(0, 1, n_draws), "b": 1.0 + rng.laplace(0, 1, n_draws)}
count_a, count_b = (
    np.array([np.sum(y >= 0.5), np.sum((y.view(np.uint64) & np.uint64(1)) == 1),
              np.sum(np.remainder(y, 2.0**-53) == 0)], dtype=np.int64)
    for y in draws.values()
)


def fit_logistic(X, y, lam):
    # L2-regularised logistic regression by Newton's method (sklearn is hidden while graded).
    w = np.zeros(X.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) / len(y) + lam * w
        hess = (X * (p * (1 - p))[:, None]).T @ X / len(y) + lam * np.eye(X.shape[1])
        w -= np.linalg.solve(hess, grad)
    return w


cats = pd.get_dummies(adult[["education", "occupation", "marital_status", "relationship",
                             "workclass"]], dtype=float)
X = np.column_stack([(adult["age"] - 17) / 73, (adult["hours_per_week"] - 1) / 98,
                     adult["capital_gain"] > 0, cats, np.ones(len(adult))]).astype(float) / 3
rows = rng.permutation(len(adult))

# q7: an over-fitted model on 100 members; per-row log loss of members and of 100 non-members.
members, others = rows[:100], rows[100:200]
w_small = fit_logistic(X[members], over_50k[members], 1e-4)
z = X[np.r_[members, others]] @ w_small
losses = np.logaddexp(0, -(2 * over_50k[np.r_[members, others]] - 1) * z)
is_member = np.r_[np.ones(100, dtype=int), np.zeros(100, dtype=int)]

# q8: a model on 16,000 rows and its epsilon = 1 private version by output perturbation
# (Chaudhuri, Monteleoni & Sarwate 2011: rows of norm <= 1, sensitivity 2 / (n * lam)).
train, test = rows[:16_000], rows[16_000:]
w_plain = fit_logistic(X[train], over_50k[train], 1e-3)
direction = rng.normal(size=X.shape[1])
norm = rng.gamma(X.shape[1], 2 / (16_000 * 1e-3 * 1.0))  # the noise's length, scale Δ / ε
w_private = w_plain + norm * direction / np.linalg.norm(direction)
y_test, race_test = over_50k[test], race[test]
pred_nonprivate = (X[test] @ w_plain > 0).astype(int)
pred_private = (X[test] @ w_private > 0).astype(int)
"""
