"""Benchmark fairkit.mitigation against Fairlearn: time, constraint violation and accuracy.

On seeded ``make_lending`` data (50k training rows, 50k fresh test rows, standardised numeric
features plus one-hot zip codes; the sensitive column ``race`` is not a feature) each
contender is fitted and then predicts on the test rows, for

- ``ExponentiatedGradient(LogisticRegression())`` under demographic parity and under
  equalized odds (``difference_bound=0.01``, ``eps=0.01``, ``max_iter=50``, both libraries);
- ``ThresholdOptimizer(LogisticRegression())`` under demographic parity and equalized odds;
- ``CorrelationRemover`` (``alpha=1``) on the features plus ``race`` (fit + transform; no
  violation or accuracy, the output is checked against Fairlearn's to 1e-8 instead).

Violation is the constraint's own gap on the test set: for demographic parity the largest
difference in selection rates between the groups, for equalized odds the larger of the TPR
and FPR differences (``fairkit.metrics``), of the *deterministic* decisions of each library
(``predict``; Fairlearn's ``predict`` draws fresh coins, seeded here). ``train viol`` is the
same gap of the mixture's expected decisions on the training data for ExponentiatedGradient
(``predict_proba`` / ``_pmf_predict``), the quantity both claim to bound.

    python benchmarks/bench_mitigation.py              # 50k rows, best of 1 (about 2 min)
    python benchmarks/bench_mitigation.py --rows 5000 --repeats 3   # quick

Ratios are fairlearn seconds / fairkit seconds (above 1: fairkit is faster). The target is
no slower than Fairlearn (ratio >= 1) at equal or better violation.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import warnings
from functools import partial
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from fairlearn import postprocessing as flp
from fairlearn import preprocessing as flpre
from fairlearn import reductions as flr
from sklearn.linear_model import LogisticRegression

import fairkit.mitigation as fkm
from fairkit.datasets import make_lending
from fairkit.metrics import demographic_parity_difference, equalized_odds_difference

SEED = 20240601
VIOLATION_SLACK = 0.005
GAP = {
    "demographic_parity": demographic_parity_difference,
    "equalized_odds": equalized_odds_difference,
}


def _data(rows: int, seed: int):
    data = make_lending(rows, random_state=seed)
    X = pd.get_dummies(data.X.drop(columns=["race"]), dtype=float)
    return X, data.y.to_numpy(), data.sensitive["race"].to_numpy()


def _timed(fn, repeats: int):
    best, out = np.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def _row(name, lib, fit_s, pred_s, viol, train_viol, acc):
    return {
        "case": name,
        "lib": lib,
        "fit s": fit_s,
        "predict s": pred_s,
        "viol": viol,
        "train viol": train_viol,
        "accuracy": acc,
    }


def _fit_eg(lib, constraint, X, y, s):
    if lib == "fairkit":
        model = fkm.ExponentiatedGradient(
            LogisticRegression(), constraints=constraint(difference_bound=0.01), random_state=0
        )
    else:
        model = flr.ExponentiatedGradient(
            LogisticRegression(), constraints=constraint(difference_bound=0.01), eps=0.01
        )
    return model.fit(X, y, sensitive_features=s)


def _predict_eg(lib, model, X):
    return model.predict(X) if lib == "fairkit" else model.predict(X, random_state=0)


def _eg_cases(train, test, repeats):
    (X, y, s), (Xt, yt, st) = train, test
    rows = []
    for name, constraints in [
        (
            "demographic_parity",
            {"fairkit": fkm.DemographicParity, "fairlearn": flr.DemographicParity},
        ),
        ("equalized_odds", {"fairkit": fkm.EqualizedOdds, "fairlearn": flr.EqualizedOdds}),
    ]:
        for lib, constraint in constraints.items():
            fit_s, model = _timed(partial(_fit_eg, lib, constraint, X, y, s), repeats)
            pred_s, pred = _timed(partial(_predict_eg, lib, model, Xt), repeats)
            if lib == "fairkit":
                proba = model.predict_proba(X)[:, 1]
            else:
                proba = model._pmf_predict(X)[:, 1]
            viol = GAP[name](yt, pred, sensitive_features=st)
            rows.append(
                _row(
                    f"EG {name}",
                    lib,
                    fit_s,
                    pred_s,
                    viol,
                    _expected_gap(name, y, proba, s),
                    float(np.mean(pred == yt)),
                )
            )
    return rows


def _expected_gap(name, y, proba, s):
    """The constraint's gap of expected decisions (the randomised classifier's own rates)."""
    frame = pd.DataFrame({"p": proba, "y": y, "s": s})
    if name == "demographic_parity":
        rates = frame.groupby("s")["p"].mean()
        return float(rates.max() - rates.min())
    by = frame.groupby(["y", "s"])["p"].mean().unstack()
    return float((by.max(axis=1) - by.min(axis=1)).max())


def _threshold_cases(train, test, repeats):
    (X, y, s), (Xt, yt, st) = train, test
    rows = []
    if not hasattr(fkm, "ThresholdOptimizer"):
        return rows
    for name in ("demographic_parity", "equalized_odds"):
        fk = lambda n=name: fkm.ThresholdOptimizer(  # noqa: E731
            LogisticRegression(), constraints=n, random_state=0
        ).fit(X, y, sensitive_features=s)
        fl = lambda n=name: flp.ThresholdOptimizer(  # noqa: E731
            estimator=LogisticRegression(), constraints=n, predict_method="predict_proba"
        ).fit(X, y, sensitive_features=s)
        for lib, make in (("fairkit", fk), ("fairlearn", fl)):
            fit_s, model = _timed(make, repeats)
            kw = {"random_state": 0} if lib == "fairlearn" else {}
            pred_s, pred = _timed(
                lambda m=model, kw=kw: m.predict(Xt, sensitive_features=st, **kw), repeats
            )
            rows.append(
                _row(
                    f"TO {name}",
                    lib,
                    fit_s,
                    pred_s,
                    GAP[name](yt, pred, sensitive_features=st),
                    np.nan,
                    float(np.mean(pred == yt)),
                )
            )
    return rows


def _correlation_case(train, repeats):
    X, _, s = train
    if not hasattr(fkm, "CorrelationRemover"):
        return [], np.nan
    Xs = X.assign(race=(s == "minority").astype(float))
    fk_s, fk_out = _timed(
        lambda: fkm.CorrelationRemover(sensitive_feature_ids=["race"]).fit(Xs).transform(Xs),
        repeats,
    )
    fl_s, fl_out = _timed(
        lambda: flpre.CorrelationRemover(sensitive_feature_ids=["race"]).fit(Xs).transform(Xs),
        repeats,
    )
    diff = float(np.max(np.abs(np.asarray(fk_out, float) - np.asarray(fl_out, float))))
    nan = np.nan
    rows = [
        _row("CorrelationRemover", "fairkit", fk_s, nan, nan, nan, nan),
        _row("CorrelationRemover", "fairlearn", fl_s, nan, nan, nan, nan),
    ]
    return rows, diff


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args(argv)
    print(
        f"python {platform.python_version()}, {platform.machine()}, "
        f"fairlearn {version('fairlearn')}, scikit-learn {version('scikit-learn')}, "
        f"rows {args.rows} train + {args.rows} test, best of {args.repeats}"
    )
    train, test = _data(args.rows, SEED), _data(args.rows, SEED + 1)
    mean, std = train[0].mean(), train[0].std().replace(0, 1)
    train = ((train[0] - mean) / std, *train[1:])
    test = ((test[0] - mean) / std, *test[1:])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # Fairlearn's pandas usage
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            warnings.simplefilter("ignore", pd.errors.Pandas4Warning)
        except AttributeError:
            pass
        rows = _eg_cases(train, test, args.repeats) + _threshold_cases(train, test, args.repeats)
        corr_rows, diff = _correlation_case(train, args.repeats)
    table = pd.DataFrame(rows + corr_rows)
    wide = table.pivot(index="case", columns="lib")
    out = pd.DataFrame(
        {
            "fit ratio": wide["fit s"]["fairlearn"] / wide["fit s"]["fairkit"],
            "predict ratio": wide["predict s"]["fairlearn"] / wide["predict s"]["fairkit"],
            "fk fit s": wide["fit s"]["fairkit"],
            "fl fit s": wide["fit s"]["fairlearn"],
            "fk viol": wide["viol"]["fairkit"],
            "fl viol": wide["viol"]["fairlearn"],
            "fk train viol": wide["train viol"]["fairkit"],
            "fl train viol": wide["train viol"]["fairlearn"],
            "fk acc": wide["accuracy"]["fairkit"],
            "fl acc": wide["accuracy"]["fairlearn"],
        }
    )
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(out.round(4).to_string())
    if not np.isnan(diff):
        print(f"CorrelationRemover: max |fairkit - fairlearn| = {diff:.2e} (target < 1e-8)")
    for case, r in out.iterrows():
        # "Equal" violation: within 0.005, the sampling noise of a gap on 50k test rows.
        ok_time = r["fit ratio"] >= 1
        ok_viol = np.isnan(r["fk viol"]) or r["fk viol"] <= r["fl viol"] + VIOLATION_SLACK
        verdict = "met" if ok_time and ok_viol else "NOT met"
        points = 100 * (r["fk acc"] - r["fl acc"])
        accuracy = "" if np.isnan(points) else f", accuracy {points:+.1f} points"
        print(
            f"target for {case}: {verdict} (fit x{r['fit ratio']:.2f}, "
            f"violation {r['fk viol']:.4f} vs {r['fl viol']:.4f}{accuracy})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
