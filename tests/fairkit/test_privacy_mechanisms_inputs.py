"""Bad input to the privacy mechanisms: one specific, one-line error each, from a constant."""

import re

import numpy as np
import pytest

from fairkit.privacy import _errors as E
from fairkit.privacy import (
    analytic_gaussian_sigma,
    exponential_mechanism,
    gaussian_mechanism,
    geometric_mechanism,
    laplace_mechanism,
    noise_grid,
    randomized_response,
    randomized_response_estimate,
    report_noisy_max,
)
from fairkit.privacy._mechanisms import classic_gaussian_sigma

MECH_MESSAGES = [
    "EPSILON_INVALID",
    "DELTA_INVALID",
    "SENSITIVITY_INVALID",
    "SENSITIVITY_NOT_INTEGER",
    "VALUE_NOT_FINITE",
    "VALUE_NOT_INTEGER",
    "VALUE_TOO_LARGE",
    "CLASSIC_GAUSSIAN_EPSILON",
    "RANDOM_STATE_INVALID",
    "SCORES_INVALID",
    "CATEGORIES_INVALID",
    "VALUE_NOT_IN_CATEGORIES",
    "REPORTS_EMPTY",
    "NOISE_TOO_WIDE",
]


def _raises(message: str):
    return pytest.raises(ValueError, match="^" + re.escape(message) + "$")


@pytest.mark.parametrize("name", MECH_MESSAGES)
def test_messages_are_one_line_constants(name):
    assert "\n" not in getattr(E, name)


def _calls():
    yield lambda eps: laplace_mechanism(1.0, sensitivity=1.0, epsilon=eps)
    yield lambda eps: gaussian_mechanism(1.0, sensitivity=1.0, epsilon=eps, delta=1e-5)
    yield lambda eps: geometric_mechanism(1, epsilon=eps)
    yield lambda eps: exponential_mechanism([1.0, 2.0], sensitivity=1.0, epsilon=eps)
    yield lambda eps: report_noisy_max([1.0, 2.0], sensitivity=1.0, epsilon=eps)
    yield lambda eps: randomized_response([0, 1], epsilon=eps)
    yield lambda eps: randomized_response_estimate([0, 1], epsilon=eps)
    yield lambda eps: analytic_gaussian_sigma(eps, 1e-5)


@pytest.mark.parametrize("epsilon", [0, -1.0, float("nan"), float("inf"), True, "1", None])
@pytest.mark.parametrize("call", list(_calls()))
def test_bad_epsilon(call, epsilon):
    with _raises(E.EPSILON_INVALID.format(value=epsilon)):
        call(epsilon)


@pytest.mark.parametrize("delta", [0, 1, 1.5, -1e-9, float("nan"), None])
def test_bad_delta(delta):
    with _raises(E.DELTA_INVALID.format(value=delta)):
        gaussian_mechanism(1.0, sensitivity=1.0, epsilon=1.0, delta=delta)
    with _raises(E.DELTA_INVALID.format(value=delta)):
        analytic_gaussian_sigma(1.0, delta)


@pytest.mark.parametrize("sensitivity", [0, -2.0, float("nan"), float("inf"), "1"])
def test_bad_sensitivity(sensitivity):
    msg = E.SENSITIVITY_INVALID.format(value=sensitivity)
    with _raises(msg):
        laplace_mechanism(1.0, sensitivity=sensitivity, epsilon=1.0)
    with _raises(msg):
        gaussian_mechanism(1.0, sensitivity=sensitivity, epsilon=1.0, delta=1e-5)
    with _raises(msg):
        exponential_mechanism([1.0], sensitivity=sensitivity, epsilon=1.0)
    with _raises(msg):
        noise_grid(sensitivity)


@pytest.mark.parametrize("sensitivity", [0, 1.5, -1, True])
def test_geometric_needs_integer_sensitivity(sensitivity):
    with _raises(E.SENSITIVITY_NOT_INTEGER.format(value=sensitivity)):
        geometric_mechanism(1, sensitivity=sensitivity, epsilon=1.0)


def test_geometric_needs_integer_values():
    with _raises(E.VALUE_NOT_INTEGER.format(value=[1.5, 2.0])):
        geometric_mechanism([1.5, 2.0], epsilon=1.0)


@pytest.mark.parametrize("value", [float("nan"), [1.0, float("inf")]])
def test_non_finite_value(value):
    with _raises(E.VALUE_NOT_FINITE.format(value=value)):
        laplace_mechanism(value, sensitivity=1.0, epsilon=1.0)


def test_value_too_large_for_the_grid():
    limit = 2.0**50 * noise_grid(1.0)
    laplace_mechanism(limit * 0.99, sensitivity=1.0, epsilon=1.0, random_state=0)  # fine
    with _raises(E.VALUE_TOO_LARGE.format(limit=limit, sensitivity=1.0, value=limit)):
        laplace_mechanism(limit, sensitivity=1.0, epsilon=1.0)


def test_classic_gaussian_needs_epsilon_below_one():
    with _raises(E.CLASSIC_GAUSSIAN_EPSILON.format(value=1.0)):
        gaussian_mechanism(0.0, sensitivity=1.0, epsilon=1.0, delta=1e-5, analytic=False)
    with _raises(E.CLASSIC_GAUSSIAN_EPSILON.format(value=2.0)):
        classic_gaussian_sigma(2.0, 1e-5)


@pytest.mark.parametrize("random_state", [-1, "Secure", "os", 1.5, True, np.random.RandomState(0)])
def test_bad_random_state(random_state):
    with _raises(E.RANDOM_STATE_INVALID.format(value=random_state)):
        laplace_mechanism(0.0, sensitivity=1.0, epsilon=1.0, random_state=random_state)


@pytest.mark.parametrize("scores", [[], 3.0, [1.0, float("nan")], np.zeros((2, 0))])
def test_bad_scores(scores):
    for f in (exponential_mechanism, report_noisy_max):
        with _raises(E.SCORES_INVALID.format(shape=np.shape(scores))):
            f(scores, sensitivity=1.0, epsilon=1.0)


@pytest.mark.parametrize("categories", [["a"], ["a", "a"], [[0, 1], [2, 3]]])
def test_bad_categories(categories):
    with _raises(E.CATEGORIES_INVALID.format(value=categories)):
        randomized_response(["a"], epsilon=1.0, categories=categories)


def test_value_not_in_categories():
    with _raises(E.VALUE_NOT_IN_CATEGORIES.format(value=2, categories=[0, 1])):
        randomized_response([0, 2, 1], epsilon=1.0)
    with _raises(E.VALUE_NOT_IN_CATEGORIES.format(value="d", categories=["a", "b"])):
        randomized_response_estimate(["a", "d"], epsilon=1.0, categories=["a", "b"])


def test_empty_reports():
    with _raises(E.REPORTS_EMPTY):
        randomized_response_estimate([], epsilon=1.0)


def test_epsilon_too_small_for_exact_noise():
    with pytest.raises(ValueError, match="^" + re.escape("epsilon=1e-12 is too small")):
        laplace_mechanism(0.0, sensitivity=1.0, epsilon=1e-12)
    with pytest.raises(ValueError, match="^" + re.escape("epsilon=1e-15 is too small")):
        geometric_mechanism(0, epsilon=1e-15)
    with pytest.raises(ValueError, match="^" + re.escape("epsilon=1e-12 is too small")):
        gaussian_mechanism(0.0, sensitivity=1.0, epsilon=1e-12, delta=1e-14)
    # just above the limit the noise is still exact integers on the grid
    out = laplace_mechanism(np.zeros(1000), sensitivity=1.0, epsilon=1e-9, random_state=0)
    assert np.array_equal(out / noise_grid(1.0), np.rint(out / noise_grid(1.0)))
