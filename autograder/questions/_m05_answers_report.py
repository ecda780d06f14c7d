"""Texts of m05's q6 (the comparison of methods) and of its written question.

Code strings run in the notebook's namespace after ``setup_code`` and after the solutions of
q1-q3 (``reweighing_weights``, ``target_counts``, ``preferential_copies``).
"""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

_Q6 = "mitigation_report(data)"

# -- q6 ------------------------------------------------------------------------------------------
Q6_HINTS = (
    "Three models, one table: the plain model, the one trained with your reweighing weights "
    "(q1) and the one trained on your preferential resample (q3). Measure each on all rows.",
    "Weights per row: look up `weights.loc[gender, f'w{hired}']`. Preferential: scores from "
    "the plain model's `predict_proba(X)[:, 1]`, rows `np.repeat(np.arange(n), copies)`. "
    "DP gap of the decisions against `hired`, EO gap against `qualified`, accuracy against "
    "`hired`.",
    "`model().fit(X, y, logisticregression__sample_weight=w)`; "
    "`fm.demographic_parity_difference(y, pred, sensitive_features=gender)`; build a dict "
    "{method: {'dp_gap': ..., 'eo_gap': ..., 'accuracy': ...}} and `pd.DataFrame(...).T`.",
)
Q6_SOLUTION = f"""def {_Q6}:
    X = data[FEATURES].to_numpy(dtype=float)
    y, gender = data["hired"].to_numpy(), data["gender"].to_numpy()
    model = lambda: make_pipeline(StandardScaler(), LogisticRegression())
    plain = model().fit(X, y)
    weights = reweighing_weights(y, gender)
    w = np.array([weights.loc[g, f"w{{label}}"] for g, label in zip(gender, y)])
    copies = preferential_copies(plain.predict_proba(X)[:, 1], y, gender).to_numpy()
    rows = np.repeat(np.arange(len(y)), copies)
    preds = {{"none": plain.predict(X)}}
    preds["reweighing"] = model().fit(X, y, logisticregression__sample_weight=w).predict(X)
    preds["preferential"] = model().fit(X[rows], y[rows]).predict(X)
    truth = data["qualified"].to_numpy()
    report = pd.DataFrame(index=list(preds), columns=["dp_gap", "eo_gap", "accuracy"])
    for method, p in preds.items():
        dp = fm.demographic_parity_difference(y, p, sensitive_features=gender)
        eo = fm.equalized_odds_difference(truth, p, sensitive_features=gender)
        report.loc[method] = [dp, eo, np.mean(p == y)]
    return report.astype(float)
"""
Q6_WRONG = tuple(
    WrongAnswer(label, Q6_SOLUTION.replace(old, new), detects)
    for label, old, new, detects in (
        (
            "EO against the recorded labels",
            "equalized_odds_difference(truth, p,",
            "equalized_odds_difference(y, p,",
            "qualified",
        ),
        ("accuracy against the truth", "eo, np.mean(p == y)]", "eo, np.mean(p == truth)]", "hired"),
        (
            "weights not passed",
            "model().fit(X, y, logisticregression__sample_weight=w)",
            "model().fit(X, y)",
            "weights",
        ),
    )
)

# -- written ------------------------------------------------------------------------------------
W1_PROMPT = """\
**Written question (3 points, graded by hand).** In this exercise reweighing and preferential
sampling made the hiring decisions more equal between men and women. Describe, in 5-10
sentences, a situation in which reweighing the training data is the *wrong* fix. Your answer
should:

1. distinguish *label bias* (the recorded outcome `hired` is itself biased, as in this data:
   qualified women were rejected) from *representation bias* (a group is rare or sampled
   unevenly, but its labels are right);
2. say what reweighing assumes and what it does to each kind of bias (use the numbers of your
   `mitigation_report(hiring)` where they help, e.g. the EO gap against `qualified`);
3. name what you would do instead (or in addition) in the case you describe.
"""
W1_RUBRIC = """\
1 point: label vs representation bias defined correctly. Label bias: the target is wrong for
some rows (qualified women recorded as not hired). Representation bias: too few rows of a group,
or unequal sampling, with correct labels.
1 point: what reweighing does: it makes the label independent of the group by weights
P(g)P(y)/P(g,y); it treats the observed base-rate difference as the bias. Under representation
bias with equal true base rates it changes little (or over-weights noise in a tiny group); when
the groups truly differ in base rate it forces parity onto a real difference; under label bias
it up-weights the *recorded* positives but cannot find the qualified women labelled 0, and
measured against the biased label the model still looks accurate. Mentions that the EO gap
against `qualified` does not fall to zero, or that DP is enforced on training labels only.
1 point: a sound alternative for the case described: relabel or collect better labels (audit of
past decisions, massaging / changing labels as in Kamiran & Calders), collect more data for the
small group, repair the mis-measured feature (interview_score) or drop it, or post-process with
a criterion measured against trustworthy outcomes. Any well-argued choice earns the point.
"""
