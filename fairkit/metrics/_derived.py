"""make_derived_metric: one scalar fairness metric from any metric and a between-group aggregate.

The derived function builds a :class:`MetricFrame` and returns one of its aggregates, so it
can be used wherever a scalar score is needed (model selection, a report table).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence

from fairkit.metrics import _errors as E
from fairkit.metrics._frame import MetricFrame
from fairkit.metrics._frame_inputs import is_table_metric

__all__ = ["make_derived_metric"]

TRANSFORMS = ("difference", "ratio", "group_min", "group_max")
# Arguments the derived function takes for itself, so the metric must not have them.
_RESERVED = ("method",)
# Arguments of a fairkit rate that MetricFrame takes in place of the rate.
_FRAME_ARGS = ("pos_label", "zero_division", "sample_weight")


def _parameters(metric) -> list[str]:
    try:
        return list(inspect.signature(metric).parameters)
    except (TypeError, ValueError):  # builtins without a signature
        return []


class _DerivedMetric:
    def __init__(self, metric: Callable, transform: str, sample_param_names: Sequence[str]):
        self._metric = metric
        self._transform = transform
        self._sample_param_names = tuple(sample_param_names)
        name = getattr(metric, "__name__", "metric")
        self.__name__ = self.__qualname__ = f"{name}_{transform}"
        self.__doc__ = (
            f"The {transform} over groups of ``{name}``, from a MetricFrame: "
            f"``f(y_true, y_pred, *, sensitive_features, ...)``."
        )

    def _frame(self, y_true, y_pred, sensitive_features, missing_group, params) -> MetricFrame:
        metric = self._metric
        kw = {"missing_group": missing_group}
        if is_table_metric(metric):
            # A fairkit rate is computed from the count table: its own arguments go to the frame.
            unknown = sorted(set(params) - set(_FRAME_ARGS))
            if unknown:
                raise TypeError(f"{self.__name__}() got unexpected keyword argument(s) {unknown}")
            kw.update(params)
        else:
            sample = {k: v for k, v in params.items() if k in self._sample_param_names}
            fixed = {k: v for k, v in params.items() if k not in self._sample_param_names}
            if fixed:
                name = getattr(metric, "__name__", "metric")
                metric = functools.partial(metric, **fixed)
                metric.__name__ = name
            kw["sample_params"] = sample or None
        return MetricFrame(
            metrics=metric,
            y_true=y_true,
            y_pred=y_pred,
            sensitive_features=sensitive_features,
            **kw,
        )

    def __call__(
        self,
        y_true,
        y_pred,
        *,
        sensitive_features,
        method=None,
        nan_policy: str = "omit",
        missing_group=None,
        **params,
    ) -> float:
        transform = self._transform
        if method is not None and transform not in ("difference", "ratio"):
            raise ValueError(E.DERIVED_NO_METHOD.format(transform=transform))
        mf = self._frame(y_true, y_pred, sensitive_features, missing_group, params)
        if transform in ("difference", "ratio"):
            return getattr(mf, transform)(method or "between_groups", nan_policy=nan_policy)
        return getattr(mf, transform)(nan_policy=nan_policy)


def make_derived_metric(
    *,
    metric: Callable,
    transform: str,
    sample_param_names: Sequence[str] | None = ("sample_weight",),
) -> Callable[..., float]:
    """A scalar fairness metric: ``metric`` per group, then one aggregate over the groups.

    Parameters
    ----------
    metric : callable
        ``metric(y_true, y_pred, **params)``: a fairkit rate or any other metric (for example
        from scikit-learn). It must not have a parameter named ``method``.
    transform : {"difference", "ratio", "group_min", "group_max"}
        The :class:`MetricFrame` aggregate to return.
    sample_param_names : sequence of str, default ("sample_weight",)
        Arguments of ``metric`` that hold one value per row: they are cut to each group's
        rows. Any other argument is passed unchanged to every call. None means none.

    Returns
    -------
    callable
        ``f(y_true, y_pred, *, sensitive_features, method=None, nan_policy="omit",
        missing_group=None, **params) -> float``; ``method`` only for "difference" and
        "ratio" (default "between_groups").

    Examples
    --------
    >>> from sklearn.metrics import recall_score
    >>> from fairkit.metrics import make_derived_metric
    >>> recall_gap = make_derived_metric(metric=recall_score, transform="difference")
    >>> recall_gap([1, 1, 1, 1], [1, 1, 1, 0], sensitive_features=["a", "a", "b", "b"])
    0.5
    """
    if not callable(metric):
        raise ValueError(E.DERIVED_NOT_CALLABLE.format(type_name=type(metric).__name__))
    for param in _RESERVED:
        if param in _parameters(metric):
            name = getattr(metric, "__name__", "metric")
            raise ValueError(E.DERIVED_METHOD_ARG.format(metric=name, param=param))
    if transform not in TRANSFORMS:
        raise ValueError(E.DERIVED_BAD_TRANSFORM.format(transform=transform))
    return _DerivedMetric(
        metric, transform, () if sample_param_names is None else sample_param_names
    )
