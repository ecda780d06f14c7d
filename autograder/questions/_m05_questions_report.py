"""m05's q6: train the plain, reweighed and preferentially resampled models and compare them."""

from __future__ import annotations

from autograder.questions import _m05_answers_report as W
from autograder.questions import _m05_data as D
from autograder.questions import _m05_refs as R
from autograder.questions._base import Mistake, Question
from autograder.questions._m05_refs import FORBIDDEN

__all__ = ["Q6"]

Q6 = Question(
    id="q6",
    title="What each fix does",
    points=3,
    answer_name="mitigation_report",
    quantity=(
        "for methods none, reweighing, preferential: the DP gap of the decisions, their EO gap "
        "against `qualified` and their accuracy against `hired`, all on the rows of `data`"
    ),
    output="table",
    columns=("dp_gap", "eo_gap", "accuracy"),
    forbidden=FORBIDDEN,
    uses=("q1", "q2", "q3"),
    reference=R.ref_report,
    make_public=D.report_cases,
    make_hidden=D.report_cases,
    prompt=(
        "Write `mitigation_report(data)` for a table like `hiring`. Train "
        "`make_pipeline(StandardScaler(), LogisticRegression())` on `data[FEATURES]` and "
        "`hired` three times: plain (`none`), with your `reweighing_weights` as sample weights "
        "(`reweighing`), and on the rows of your `preferential_copies`, scored by the plain "
        "model's `predict_proba(X)[:, 1]` (`preferential`). Predict on all rows of `data` and "
        "return a DataFrame indexed by method with columns `dp_gap` (demographic parity "
        "difference by gender), `eo_gap` (equalized odds difference against the truth "
        "`qualified`) and `accuracy` (against `hired`); `fairkit.metrics` may be used. The "
        "grader calls it on other applicants."
    ),
    hints=W.Q6_HINTS,
    solution=W.Q6_SOLUTION,
    wrong_answers=W.Q6_WRONG,
    mistakes=(
        Mistake(
            "your eo_gap is measured against the recorded `hired`, which is biased: measure it "
            "against `qualified`.",
            R.report_variant("eo_on_hired"),
        ),
        Mistake(
            "your accuracy is measured against `qualified`: the question asks for accuracy "
            "against the recorded `hired` (what a practitioner would see).",
            R.report_variant("acc_on_qualified"),
        ),
        Mistake(
            "the reweighing row equals the plain model: pass the weights as "
            "logisticregression__sample_weight.",
            R.report_variant("unweighted"),
        ),
        Mistake(
            "the preferential row equals the plain model: retrain on the resampled rows.",
            R.report_variant("not_retrained"),
        ),
    ),
)
