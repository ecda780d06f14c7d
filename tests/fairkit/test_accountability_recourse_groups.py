"""recourse_by_group: a planted case where one group's denied are further from the
boundary, and the rank test's level when the groups do not differ."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from test_accountability_recourse import linear

from fairkit.accountability import GroupRecourse, recourse_by_group


def test_recourse_is_harder_for_the_group_further_from_the_boundary():
    # Score 0.001 income + 0.002 savings - 40; savings (0 for all) may rise to 5,000, so a
    # denied applicant needs (40,000 - income) / 2 of savings: feasible iff income >= 30,000.
    rng = np.random.default_rng(4)
    income = np.r_[rng.uniform(31e3, 39e3, 60), rng.uniform(22e3, 34e3, 60), [45e3, 50e3]]
    group = np.array(["A"] * 60 + ["B"] * 60 + ["A", "B"])
    X = pd.DataFrame({"income": income, "savings": 0.0, "group": (group == "B").astype(float)})
    model = linear([0.001, 0.002, 0.0], -40.0, names=["income", "savings", "group"])
    r = recourse_by_group(model, X, sensitive_features=group, actionable=["savings"],
                          bounds={"savings": (0, 5_000)})  # fmt: skip
    need = (40_000 - income[:120]) / 2
    for g, rows in (("A", slice(0, 60)), ("B", slice(60, 120))):
        feasible = need[rows][need[rows] <= 5_000]
        s = r.summary.loc[g]
        assert s["n"] == 61 and s["denied"] == 60
        assert s["infeasible"] == np.sum(need[rows] > 5_000)
        assert s["mean_cost"] == pytest.approx(feasible.mean(), rel=1e-6)
        assert s["median_cost"] == pytest.approx(np.median(feasible), rel=1e-6)
    assert (
        r.summary.loc["A", "share_infeasible"] == 0 and r.summary.loc["B", "share_infeasible"] > 0.5
    )
    assert r.hardest_group == "B" and r.median_cost_ratio > 1
    assert r.rank_test() < 1e-6
    assert r.flipped.all() and r.method == "linear"
    # The column itself may name the groups, and stays an (immutable) input of the model.
    by_column = recourse_by_group(model, X, sensitive_features="group", actionable=["savings"],
                                  bounds={"savings": (0, 5_000)})  # fmt: skip
    assert by_column.costs.equals(r.costs)


def test_rank_test_holds_its_level_when_groups_do_not_differ():
    # Costs (30 % infeasible) from one distribution in both groups: p < 0.05 in ~5 % of
    # 400 simulations (binomial 99.9 % tolerance).
    rng = np.random.default_rng(6)
    rejections = 0
    for _ in range(400):
        cost = np.where(rng.random(80) < 0.3, np.nan, rng.exponential(1000, 80))
        groups = pd.Series(rng.choice(["A", "B", "C"], 80))
        r = GroupRecourse(None, pd.Series(cost), groups, pd.Series(dtype=bool), "linear")
        rejections += r.rank_test() < 0.05
    assert stats.binom.ppf(0.001, 400, 0.05) <= rejections <= stats.binom.ppf(0.999, 400, 0.05)
