"""A short fairness audit of a census-income classifier: ``python -m fairkit.demo``.

Trains a logistic regression on UCI Adult (shipped with fairkit, offline), then measures
per-group rates and the between-group gaps with :mod:`fairkit.metrics`, with bootstrap
intervals, and checks the metrics against synthetic data whose injected bias is known.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from fairkit import metrics as fm
from fairkit.datasets import load_adult, make_hiring

RATES = {
    "selection_rate": fm.selection_rate,
    "true_positive_rate": fm.true_positive_rate,
    "false_positive_rate": fm.false_positive_rate,
    "positive_predictive_value": fm.positive_predictive_value,
    "accuracy": fm.accuracy,
}


def _model(X: pd.DataFrame):
    numeric = X.select_dtypes("number").columns.tolist()
    categorical = [c for c in X.columns if c not in numeric]
    encode = make_column_transformer(
        (StandardScaler(), numeric),
        (OneHotEncoder(handle_unknown="ignore", min_frequency=20), categorical),
    )
    return make_pipeline(encode, LogisticRegression(max_iter=1000))


def _section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 74 - len(title)))


def audit_adult(random_state: int = 0) -> None:
    data = load_adult()
    # The model does not see sex or race: "fairness through unawareness", which the
    # per-group table below shows is not enough.
    X = data.X.drop(columns=["sex", "race", "fnlwgt"])
    X_train, X_test, y_train, y_test, _, s_test = train_test_split(
        X, data.y, data.sensitive, test_size=0.3, random_state=random_state, stratify=data.y
    )
    model = _model(X_train).fit(X_train, y_train)
    y_pred = model.predict(X_test)

    _section("UCI Adult: logistic regression without sex and race as inputs")
    print(f"train {len(X_train):,} rows, test {len(X_test):,} rows; target: income > $50K")
    by_sex = fm.MetricFrame(
        metrics={"n": fm.count, **RATES},
        y_true=y_test,
        y_pred=y_pred,
        sensitive_features=s_test["sex"],
    )
    print("\nPer group (sex):")
    print(by_sex.by_group.round(3).to_string())
    print(f"overall accuracy {by_sex.overall['accuracy']:.3f}")

    print("\nBetween-group gaps (sex):")
    gaps = {
        "demographic parity difference": fm.demographic_parity_difference,
        "demographic parity ratio": fm.demographic_parity_ratio,
        "equal opportunity difference (TPR)": fm.equal_opportunity_difference,
        "equalized odds difference": fm.equalized_odds_difference,
    }
    for name, gap in gaps.items():
        ci = fm.bootstrap_ci(
            gap,
            y_test,
            y_pred,
            sensitive_features=s_test["sex"],
            n_boot=200,
            random_state=random_state,
        )
        print(f"  {name:<36} {ci.estimate:6.3f}   95% CI [{ci.low:.3f}, {ci.high:.3f}]")
    di = fm.disparate_impact_ratio(
        y_test, y_pred, sensitive_features=s_test["sex"], privileged_group="Male"
    )
    print(
        f"  {'disparate impact (Female / Male)':<36} {di:6.3f}   four-fifths rule: "
        f"{'fails' if di < 0.8 else 'passes'}"
    )

    inter = fm.MetricFrame(
        metrics={
            "n": fm.count,
            "selection_rate": fm.selection_rate,
            "true_positive_rate": fm.true_positive_rate,
        },
        y_true=y_test,
        y_pred=y_pred,
        sensitive_features=s_test[["sex", "race"]],
    )
    print("\nIntersectional groups (sex x race): small groups make rates noisy")
    print(inter.by_group.round(3).to_string())


def audit_synthetic(random_state: int = 0) -> None:
    data = make_hiring(20_000, historical_bias=0.3, random_state=random_state)
    truth = data.ground_truth
    frame = data.frame
    _section("Synthetic hiring data with a known injected historical bias")
    print(
        f"injected: {truth.historical_bias:.0%} of qualified {truth.disadvantaged} applicants "
        f"labelled 'not hired', measurement_bias={truth.measurement_bias} on "
        f"{truth.measured_feature}, proxy {truth.proxy_name} agreeing with the group "
        f"{truth.proxy_agreement:.0%} of the time"
    )
    sensitive = frame[data.sensitive_names[0]]
    observed = fm.MetricFrame(
        metrics=fm.selection_rate,
        y_true=frame[data.target_name],
        y_pred=frame[data.target_name],
        sensitive_features=sensitive,
    )
    qualified = frame["qualified"]
    true_rates = fm.MetricFrame(
        metrics=fm.selection_rate,
        y_true=qualified,
        y_pred=qualified,
        sensitive_features=sensitive,
    )
    table = pd.DataFrame(
        {"true base rate": true_rates.by_group, "observed (biased) base rate": observed.by_group}
    )
    print(table.round(3).to_string())
    tpr = fm.MetricFrame(
        metrics=fm.true_positive_rate,
        y_true=qualified,
        y_pred=frame[data.target_name],
        sensitive_features=sensitive,
    )
    print("share of qualified people hired in the historical labels, by group:")
    print(tpr.by_group.round(3).to_string())
    print(
        "a metric measured against the biased labels cannot see this gap; against the "
        "true qualification it recovers 1 - historical_bias for the disadvantaged group."
    )


def main() -> None:
    start = time.perf_counter()
    np.set_printoptions(precision=3)
    audit_adult()
    audit_synthetic()
    print(f"\n(done in {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
