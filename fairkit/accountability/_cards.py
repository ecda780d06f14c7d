"""ModelCard: the nine sections of Mitchell et al. (2019), "Model Cards for Model Reporting"."""

from __future__ import annotations

from dataclasses import dataclass

from fairkit.accountability._document import Document, items, section, text
from fairkit.accountability._quantitative import Analysis, analysis_from_frame

__all__ = [
    "Caveats",
    "EthicalConsiderations",
    "EvaluationData",
    "Factors",
    "IntendedUse",
    "Metrics",
    "ModelCard",
    "ModelDetails",
    "QuantitativeAnalyses",
    "TrainingData",
]


@dataclass
class ModelDetails:
    """Basic information: who built which model, when, how, and under which licence."""

    name: str = text("Name")
    developers: str = text("Person or organisation developing the model")
    date: str = text("Model date")
    version: str = text("Model version")
    model_type: str = text("Model type")
    training: str = text("Training algorithms, parameters, fairness constraints")
    resources: str = text("Paper or other resource")
    citation: str = text("Citation details")
    license: str = text("License")
    contact: str = text("Where to send questions or comments")

    @classmethod
    def from_estimator(cls, estimator, **fields: str) -> ModelDetails:
        """Model type and the parameters that differ from their defaults, read from a
        scikit-learn-style estimator; any other field as given.

        Examples
        --------
        >>> from sklearn.linear_model import LogisticRegression
        >>> d = ModelDetails.from_estimator(LogisticRegression(C=0.5), name="Scorer")
        >>> d.model_type, d.training
        ('sklearn.linear_model.LogisticRegression', 'C=0.5')
        """
        import inspect

        kind = type(estimator)
        defaults = {k: p.default for k, p in inspect.signature(kind.__init__).parameters.items()}
        changed = [
            f"{k}={v!r}"
            for k, v in estimator.get_params(deep=False).items()
            if not (k in defaults and _same(defaults[k], v))
        ]
        module = ".".join(m for m in kind.__module__.split(".") if not m.startswith("_"))
        fields.setdefault("model_type", f"{module}.{kind.__qualname__}")
        fields.setdefault("training", ", ".join(changed) or "default parameters")
        return cls(**fields)


def _same(default, value) -> bool:
    try:
        return bool(default is value or default == value)
    except (TypeError, ValueError):  # e.g. arrays: compared element-wise
        return False


@dataclass
class IntendedUse:
    """What the model is for, for whom, and what it must not be used for."""

    primary_uses: str = text("Primary intended uses")
    primary_users: str = text("Primary intended users")
    out_of_scope: list[str] = items("Out-of-scope use cases")


@dataclass
class Factors:
    """Groups, instruments and environments across which performance may vary."""

    relevant: list[str] = items("Relevant factors")
    evaluation: list[str] = items("Evaluation factors")


@dataclass
class Metrics:
    """Which measures are reported, at which thresholds, and how their uncertainty is shown."""

    performance_measures: list[str] = items("Model performance measures")
    decision_thresholds: str = text("Decision thresholds")
    variation: str = text("Variation approaches (e.g. bootstrap confidence intervals)")


@dataclass
class EvaluationData:
    """The data the reported numbers were computed on."""

    datasets: str = text("Datasets")
    motivation: str = text("Motivation")
    preprocessing: str = text("Preprocessing")


@dataclass
class TrainingData:
    """The data the model learnt from (or as much as can be said about it)."""

    datasets: str = text("Datasets")
    motivation: str = text("Motivation")
    preprocessing: str = text("Preprocessing")


@dataclass
class QuantitativeAnalyses:
    """Results by factor (unitary) and by intersection of factors, with intervals."""

    analyses: list[Analysis] = items("Analyses", of=Analysis)
    notes: str = text("Notes")

    @property
    def unitary(self) -> list[Analysis]:
        return [a for a in self.analyses if not a.intersectional]

    @property
    def intersectional(self) -> list[Analysis]:
        return [a for a in self.analyses if a.intersectional]


@dataclass
class EthicalConsiderations:
    """Sensitive data, risks to people, the mitigations taken and risky use cases."""

    data: str = text("Data (sensitive attributes used)")
    human_life: str = text("Human life (decisions central to people's lives, health, safety)")
    mitigations: str = text("Mitigations")
    risks_and_harms: str = text("Risks and harms")
    use_cases: str = text("Fraught use cases")


@dataclass
class Caveats:
    """What the evaluation could not show, and advice to those who use the model."""

    caveats: list[str] = items("Caveats")
    recommendations: list[str] = items("Recommendations")


@dataclass
class ModelCard(Document):
    """A model card (Mitchell et al. 2019) whose numbers come straight from a MetricFrame.

    Each of the nine sections is a small dataclass: fill them as attributes or from a dict.
    :meth:`add_quantitative_analysis` copies a ``fairkit.metrics.MetricFrame`` (overall, by
    group or intersection, difference and ratio) and optional bootstrap intervals into the
    card, so the card cannot disagree with the evaluation. :meth:`validate` lists the sections
    still empty; ``to_markdown``, ``to_html`` (escaped), ``to_dict``/``from_dict`` and
    ``to_json``/``from_json`` render and round-trip it.

    Examples
    --------
    >>> from fairkit.metrics import MetricFrame, selection_rate
    >>> card = ModelCard(model_details=ModelDetails(name="Credit scorer", version="1.0"))
    >>> frame = MetricFrame(metrics=selection_rate, y_true=[1, 0, 1, 0], y_pred=[1, 1, 0, 0],
    ...                     sensitive_features={"sex": ["f", "f", "m", "m"]})
    >>> card = card.add_quantitative_analysis(frame, intervals={"difference": (0.2, 1.0)})
    >>> card.quantitative_analyses.analyses[0].value("selection_rate", "difference")
    1.0
    >>> card.validate()[:2]
    ['Intended use', 'Factors']
    >>> "| sex=f | 2 | 1.000 |" in card.to_markdown()
    True
    >>> ModelCard.from_json(card.to_json()) == card
    True
    """

    model_details: ModelDetails = section("Model details", ModelDetails)
    intended_use: IntendedUse = section("Intended use", IntendedUse)
    factors: Factors = section("Factors", Factors)
    metrics: Metrics = section("Metrics", Metrics)
    evaluation_data: EvaluationData = section("Evaluation data", EvaluationData)
    training_data: TrainingData = section("Training data", TrainingData)
    quantitative_analyses: QuantitativeAnalyses = section(
        "Quantitative analyses", QuantitativeAnalyses
    )
    ethical_considerations: EthicalConsiderations = section(
        "Ethical considerations", EthicalConsiderations
    )
    caveats_and_recommendations: Caveats = section("Caveats and recommendations", Caveats)

    _template = "document"

    @property
    def title(self) -> str:
        name = self.model_details.name.strip()
        return f"Model card: {name}" if name else "Model card"

    def add_quantitative_analysis(
        self, frame, *, intervals: dict | None = None, title: str | None = None,
        confidence: float = 0.95,
    ) -> ModelCard:  # fmt: skip
        """Copy a MetricFrame's numbers into the quantitative analyses; returns the card.

        A frame over one sensitive feature is a unitary analysis, over several an
        intersectional one; call once per frame (e.g. by sex, by race, by sex × race).

        Parameters
        ----------
        frame : fairkit.metrics.MetricFrame
            Without control features.
        intervals : dict, optional
            ``{metric: {"overall" | "by_group" | "difference" | "ratio": interval}}``, where
            an interval is a ``fairkit.metrics.BootstrapResult`` (checked to be computed around
            the frame's value) or ``(low, high)``; by_group takes one per group, in the order
            of ``frame.by_group``: ``bootstrap_ci(by_group_values(metric), ...)`` gives them.
            The inner dict alone for a frame of one metric.
        title : str, optional
            Default "by <factor> × <factor>".
        confidence : float, default 0.95
            The level of ``(low, high)`` intervals (a BootstrapResult carries its own).

        Returns
        -------
        ModelCard
            This card, its ``quantitative_analyses.analyses`` one longer.

        Examples
        --------
        >>> from fairkit.accountability import by_group_values
        >>> from fairkit.metrics import MetricFrame, bootstrap_ci, selection_rate
        >>> y, p, sex = [1, 0, 1, 0] * 25, [1, 1, 0, 0] * 25, ["f", "f", "m", "m"] * 25
        >>> frame = MetricFrame(metrics=selection_rate, y_true=y, y_pred=p,
        ...                     sensitive_features={"sex": sex})
        >>> ci = bootstrap_ci(by_group_values(selection_rate), y, p, sensitive_features=sex,
        ...                   n_boot=100, random_state=0)
        >>> card = ModelCard().add_quantitative_analysis(frame, intervals={"by_group": ci})
        >>> [(r.value, r.low) for r in card.quantitative_analyses.analyses[0].results
        ...  if r.statistic == "by_group"]
        [(1.0, 1.0), (0.0, 0.0)]
        """
        analysis = analysis_from_frame(
            frame, intervals=intervals, title=title, confidence=confidence
        )
        self.quantitative_analyses.analyses.append(analysis)
        return self
