"""m09-differential-privacy: the references against independent truths.

The generic tests (tests/autograder/test_questions.py, test_build.py, test_wrong_answers.py)
check the solutions, the known wrong answers and the notebooks; here each reference is checked
against something it was not written from: fairkit's own functions, scikit-learn, simulation
(the Laplace sum of q3 has the intended distribution when u is uniform; the randomized-response
estimate is unbiased), and the set-up code runs without the modules hidden while it is graded.
"""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from scipy import stats
from sklearn.metrics import roc_curve

from autograder.questions import get_assignment
from autograder.questions._m09_refs import (
    laplace_inverse_cdf,
    ref_answered,
    ref_differencing,
    ref_laplace_sum,
    ref_rr_estimate,
    ref_spent,
)
from autograder.questions._m09_refs_attacks import ref_accuracy_change, ref_advantage, ref_audit
from fairkit import metrics as fm
from fairkit.privacy import advanced_composition, differencing_attack, randomized_response
from fairkit.privacy.audit import audit_mechanism

MODULE = get_assignment("m09-differential-privacy")


def _solution(qid: str):
    namespace = {"math": math, "np": np, "pd": __import__("pandas"), "beta": stats.beta}
    for dep in MODULE.QUESTIONS[qid].uses:
        exec(MODULE.QUESTIONS[dep].solution, namespace)
    exec(MODULE.QUESTIONS[qid].solution, namespace)
    return namespace[MODULE.QUESTIONS[qid].answer_name]


def test_differencing_reveals_a_unique_person_as_fairkit_does():
    rng = np.random.default_rng(1)
    over, age = rng.integers(0, 2, 300), rng.integers(18, 80, 300)
    sex = rng.choice(["F", "M"], 300)
    age[17], sex[17] = 99, "F"  # the only woman aged 99
    got = ref_differencing(over, age, sex, 99, "F")
    assert got == over[17] == differencing_attack(np.sum, over, 17)


def test_rr_estimate_matches_the_formula_and_is_unbiased():
    reports = np.array([1, 0, 0, 1, 1, 0, 0, 0])
    p = math.e / (1 + math.e)
    assert ref_rr_estimate(reports, 1.0) == pytest.approx((3 / 8 - (1 - p)) / (2 * p - 1))
    # 2,000 surveys of 50 people with a true share of 0.3: the mean estimate is within 4
    # standard errors of 0.3 (false-alarm probability < 1e-4 for this fixed seed anyway).
    rng = np.random.default_rng(7)
    truth = (rng.random((2000, 50)) < 0.3).astype(int)
    estimates = [
        ref_rr_estimate(randomized_response(t, epsilon=0.5, random_state=rng), 0.5) for t in truth
    ]
    assert abs(np.mean(estimates) - 0.3) < 4 * np.std(estimates) / math.sqrt(len(estimates))


def test_laplace_sum_has_the_intended_distribution_when_u_is_uniform():
    # The learner's mechanism (the solution) and the reference, fed uniform draws, must give
    # clamped sum + Laplace(0, max(|L|, |U|) / eps). KS test at n = 20,000 with a fixed seed.
    values, lower, upper, eps = np.array([-12.0, 3.0, 7.0, -1.0, 20.0]), -10.0, 5.0, 0.5
    solution = _solution("q3")
    rng = np.random.default_rng(3)
    draws = np.array(
        [solution(values, lower=lower, upper=upper, epsilon=eps, u=u) for u in rng.random(20_000)]
    )
    centre, scale = np.clip(values, lower, upper).sum(), 10.0 / eps
    assert stats.kstest(draws, stats.laplace(loc=centre, scale=scale).cdf).pvalue > 1e-3
    assert ref_laplace_sum(values, lower, upper, eps, 0.2) == pytest.approx(
        centre + scale * math.log(0.4)
    )
    assert laplace_inverse_cdf(0.5, 3.0) == 0.0


def test_composition_agrees_with_fairkit_and_the_published_figure():
    assert ref_spent([0.5, 0.25, 1.0], "basic", 1e-6) == 1.75
    eps, _ = advanced_composition(0.1, 0.0, 100, delta_prime=1e-6)
    assert ref_spent(np.full(100, 0.1), "advanced", 1e-6) == pytest.approx(eps)
    assert round(eps, 2) == 6.31  # dp-accounting 0.6 on the same releases (FINDINGS.md)
    # few large releases: the basic sum is smaller, and the accountant keeps it
    assert ref_spent([0.5, 1.0, 0.3], "advanced", 1e-6) == pytest.approx(1.8)


def test_budget_allows_a_tie_and_skips_a_refused_query():
    assert ref_answered([0.5, 0.5], 1.0, "basic", 1e-6) == 2.0
    assert ref_answered([0.5, 0.75, 0.25, 0.125], 1.0, "basic", 1e-6) == 3.0
    # under advanced composition more of 60 small queries fit than under basic (40)
    assert ref_answered(np.full(60, 0.05), 2.0, "advanced", 1e-5) > 40


def test_audit_bound_from_counts_reproduces_a_real_audit():
    def naive(x, random_state):
        return x + random_state.laplace(0.0, 1.0, size=x.shape)

    result = audit_mechanism(naive, 0.0, 1.0, epsilon=1.0, n_draws=20_000, random_state=0)
    count_a = np.array([e.count_a for e in result.per_event.values()])
    count_b = np.array([e.count_b for e in result.per_event.values()])
    bound = ref_audit(count_a, count_b, 20_000, 0.95)
    assert bound == pytest.approx(result.epsilon_lower_bound, rel=1e-12)
    assert _solution("q6")(count_a, count_b, n_draws=20_000, confidence=0.95) == pytest.approx(
        bound, rel=1e-9
    )


def test_membership_advantage_is_the_best_point_of_the_roc_curve():
    rng = np.random.default_rng(5)
    losses = np.r_[rng.exponential(0.6, 150), rng.exponential(1.0, 120)].round(2)  # ties
    member = np.r_[np.ones(150), np.zeros(120)]
    fpr, tpr, _ = roc_curve(member, -losses)
    assert ref_advantage(losses, member) == pytest.approx(np.max(tpr - fpr))
    assert _solution("q7")(losses, member) == pytest.approx(np.max(tpr - fpr))


def test_accuracy_table_agrees_with_fairkit_metrics():
    rng = np.random.default_rng(2)
    y, a, b = rng.integers(0, 2, (3, 200))
    groups = rng.choice(["big", "small"], 200, p=[0.9, 0.1])
    table = ref_accuracy_change(y, a, b, groups)
    for name, pred in [("accuracy_nonprivate", a), ("accuracy_private", b)]:
        frame = fm.MetricFrame(
            metrics=fm.accuracy, y_true=y, y_pred=pred, sensitive_features=groups
        )
        assert table[name] == pytest.approx(frame.by_group.to_dict())
    assert table["n"] == {
        "big": float(np.sum(groups == "big")),
        "small": float(np.sum(groups == "small")),
    }


def test_setup_code_runs_without_the_modules_hidden_while_graded(tmp_path):
    blocked = repr((*MODULE.FORBIDDEN, "sklearn"))
    script = textwrap.dedent(
        f"""
        import importlib.abc, sys
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if any(name == m or name.startswith(m + ".") for m in {blocked}):
                    raise ImportError("blocked: " + name)
        sys.meta_path.insert(0, Block())
        """
    )
    script += MODULE.setup_code + "\nprint(len(reports), count_b[2], pred_private.shape)\n"
    path = tmp_path / "setup.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.split() == ["32561", "100000", "(16561,)"]
