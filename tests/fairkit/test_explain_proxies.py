"""feature_association and proxy_report: planted proxies found, null data quiet, peers agree."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats.contingency import association
from sklearn.metrics import mutual_info_score, roc_auc_score

from fairkit.datasets import make_hiring, make_lending
from fairkit.explain import feature_association, proxy_report

N = 4000
# Null thresholds at n = 4000 (25 % minority). A numeric feature's AUC has sd
# sqrt((n0 + n1 + 1) / (12 n0 n1)) ~ 0.0105, so 0.04 is ~4 sd. A categorical feature is scored
# by its categories' in-sample shares, which fit noise: with 10 zip codes its null AUC is
# 0.53 +- 0.007 (40 seeds, max 0.548), hence 0.56. 2 n MI is ~chi2 with (k - 1) degrees of
# freedom (k <= 10 bins or zip codes), whose 99.99 % point is ~33, so MI < 33 / 8000 ~ 0.004
# (measured max over 20 seeds: 0.0028); the bound 0.01 leaves room. The proxy model's AUC is
# measured on held-out rows: 0.5 +- 0.03 over 20 seeds.
NULL_AUC_NUMERIC, NULL_AUC_CATEGORICAL, NULL_MI, NULL_PROXY_AUC = 0.04, 0.06, 0.01, 0.05


def _lending(**knobs):
    data = make_lending(N, random_state=3, **knobs)
    return data.X.drop(columns="race"), data.frame["race"]


def test_the_planted_proxy_ranks_first_on_every_measure():
    X, race = _lending()
    report = proxy_report(X, race, random_state=0)
    table = report.table
    assert table.index[0] == "zip_code"
    assert table["mutual_info"].idxmax() == "zip_code"
    assert table["proxy_importance"].idxmax() == "zip_code"
    # proxy_strength 0.7: the zip cluster matches the group with p = 0.85, so the AUC of the
    # cluster alone is 0.85 (the zip codes within a cluster carry nothing more).
    assert table.loc["zip_code", "auc"] == pytest.approx(0.85, abs=0.02)
    assert report.proxy_auc > 0.85


def test_the_measured_credit_score_shift_is_the_second_proxy():
    # measurement_bias 0.5 sd: the score alone separates with AUC Phi(0.5 / sqrt 2) = 0.638.
    X, race = _lending()
    table = feature_association(X, race)
    assert list(table.index[:2]) == ["zip_code", "credit_score"]
    assert table.loc["credit_score", "auc"] == pytest.approx(0.638, abs=0.03)


def test_hiring_club_membership_is_found():
    data = make_hiring(N, random_state=5)
    table = proxy_report(data.X.drop(columns="gender"), data.frame["gender"], random_state=1).table
    assert table.index[0] == "club_member"
    assert table["proxy_importance"].idxmax() == "club_member"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_without_a_proxy_nothing_stands_out(seed):
    data = make_lending(N, proxy_strength=0, measurement_bias=0, random_state=seed)
    X, race = data.X.drop(columns="race"), data.frame["race"]
    report = proxy_report(X, race, random_state=seed)
    table = report.table
    numeric = table["kind"] == "numeric"
    assert (table.loc[numeric, "auc"] - 0.5).abs().max() < NULL_AUC_NUMERIC, table
    assert (table.loc[~numeric, "auc"] - 0.5).max() < NULL_AUC_CATEGORICAL, table
    assert table["mutual_info"].max() < NULL_MI, table
    assert abs(report.proxy_auc - 0.5) < NULL_PROXY_AUC
    assert table["proxy_importance"].abs().max() < 0.03


def test_values_match_scikit_learn_and_scipy():
    X, race = _lending()
    table = feature_association(X, race, n_bins=8)
    minority = (race == "minority").to_numpy()
    score = X["credit_score"].to_numpy()
    auc = roc_auc_score(minority, score)
    assert table.loc["credit_score", "auc"] == pytest.approx(max(auc, 1 - auc), abs=1e-12)
    bins = pd.qcut(X["income"], 8, labels=False, duplicates="drop")
    assert table.loc["income", "mutual_info"] == pytest.approx(mutual_info_score(bins, race))
    zips = X["zip_code"].astype(str)
    assert table.loc["zip_code", "mutual_info"] == pytest.approx(mutual_info_score(zips, race))
    crosstab = pd.crosstab(zips, race).to_numpy()
    v = association(crosstab, method="cramer")
    assert table.loc["zip_code", "cramers_v"] == pytest.approx(v, abs=1e-12)
    assert np.isnan(table.loc["income", "cramers_v"])
    # A categorical feature is scored by each category's share of the group.
    share = pd.Series(minority).groupby(zips.to_numpy()).transform("mean")
    assert table.loc["zip_code", "auc"] == pytest.approx(roc_auc_score(minority, share))


def test_more_than_two_groups_average_one_vs_rest():
    rng = np.random.default_rng(0)
    g = rng.choice(["a", "b", "c"], 3000)
    x = rng.normal(size=3000) + (g == "a")
    X = pd.DataFrame({"x": x})
    table = feature_association(X, g)
    aucs = [roc_auc_score(g == label, x) for label in "abc"]
    assert table.loc["x", "auc"] == pytest.approx(np.mean([max(a, 1 - a) for a in aucs]))
    report = proxy_report(X, g, random_state=0)
    assert 0.55 < report.proxy_auc < 0.8


def test_a_sensitive_column_of_x_is_left_out():
    data = make_lending(500, random_state=0)
    table = feature_association(data.X, "race")
    assert "race" not in table.index and len(table) == 5


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda X: feature_association(X, ["a"] * len(X)), "a single group"),
        (lambda X: feature_association(X, ["a", "b"]), "has 2 entries but X has"),
        (lambda X: feature_association(X, "race", n_bins=1), "n_bins must be an integer"),
        (lambda X: proxy_report(X, "race", n_repeats=0), "n_repeats must be an integer"),
        (lambda X: proxy_report(X, ["a"] * 97 + ["b"] * 3), "group 'b' has 3 row"),
        (lambda X: feature_association(X.to_numpy(), "race"), "must be a pandas DataFrame"),
        (lambda X: feature_association(X, "racee"), "sensitive 'racee' is not a column of X"),
    ],
)
def test_bad_input_gets_one_clear_line(call, message):
    X = make_lending(100, random_state=0).X
    with pytest.raises((TypeError, ValueError), match=message):
        call(X)


def test_a_custom_proxy_model_is_cloned_and_used():
    from sklearn.compose import make_column_transformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier

    X, race = _lending()
    tree = make_pipeline(
        make_column_transformer((OneHotEncoder(), ["zip_code"]), remainder="passthrough"),
        DecisionTreeClassifier(max_depth=3, random_state=0),
    )
    report = proxy_report(X, race, estimator=tree, random_state=0)
    assert report.model is not tree and not hasattr(tree[-1], "tree_")
    assert report.table["proxy_importance"].idxmax() == "zip_code"
    assert report.proxy_auc > 0.7  # a depth-3 tree splits off only a few of the 10 zip codes
    only = feature_association(X, race, features=["income", "zip_code"])
    assert list(only.index) == ["zip_code", "income"]
