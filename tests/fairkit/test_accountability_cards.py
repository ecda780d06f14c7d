"""ModelCard (and the rendering it shares with Datasheet): numbers equal to the MetricFrame's
(and to the hand-worked toy table of conftest.py), intervals carried over, escaped HTML,
validate and round trips."""

import re
from html.parser import HTMLParser

import numpy as np
import pytest

from fairkit.accountability import (
    Datasheet,
    IntendedUse,
    ModelCard,
    ModelDetails,
    by_group_values,
)
from fairkit.accountability import _errors as E
from fairkit.metrics import (
    MetricFrame,
    bootstrap_ci,
    demographic_parity_difference,
    selection_rate,
    true_positive_rate,
)

SECTIONS = [
    "Model details",
    "Intended use",
    "Factors",
    "Metrics",
    "Evaluation data",
    "Training data",
    "Quantitative analyses",
    "Ethical considerations",
    "Caveats and recommendations",
]
METRICS = {"selection_rate": selection_rate, "true_positive_rate": true_positive_rate}


def _frame(toy, **features):
    features = features or {"group": toy.group}
    return MetricFrame(metrics=METRICS, y_true=toy.y_true, y_pred=toy.y_pred,
                       sensitive_features=features)  # fmt: skip


def test_numbers_are_the_frames_and_the_hand_worked_ones(toy):
    frame = _frame(toy)
    analysis = ModelCard().add_quantitative_analysis(frame).quantitative_analyses.analyses[0]
    hand = {"a": (3 / 6, 2 / 3, 6), "b": (1 / 4, 1 / 2, 4), "c": (4 / 5, 3 / 4, 5)}
    for g, (sel, tpr, n) in hand.items():
        assert analysis.value("selection_rate", "by_group", group=g) == sel
        assert analysis.value("true_positive_rate", "by_group", group=g) == tpr
        assert [r.n for r in analysis.results if r.group == {"group": g}] == [n, n]
    for name in METRICS:
        assert analysis.value(name, "overall") == frame.overall[name]
        assert analysis.value(name, "difference") == frame.difference()[name]
        assert analysis.value(name, "ratio") == frame.ratio()[name]
        for g, v in frame.by_group[name].items():
            assert analysis.value(name, "by_group", group=g) == v
    assert analysis.value("selection_rate", "overall") == 8 / 15
    assert analysis.value("selection_rate", "difference") == 4 / 5 - 1 / 4
    assert analysis.factors == ["group"] and not analysis.intersectional


def test_the_rendered_tables_show_the_frames_numbers(toy):
    card = ModelCard().add_quantitative_analysis(_frame(toy))
    md, html = card.to_markdown(), card.to_html()
    assert "| group | n | selection_rate | true_positive_rate |" in md
    assert "| all | 15 | 0.533 | 0.667 |" in md
    assert "| group=a | 6 | 0.500 | 0.667 |" in md
    assert "| group=b | 4 | 0.250 | 0.500 |" in md
    assert "| difference |  | 0.550 | 0.250 |" in md
    assert "<tr><td>group=c</td><td>5</td><td>0.800</td><td>0.750</td></tr>" in html
    assert "| group=a | 6 | 0.50000 |" in card.to_markdown(digits=5)


def test_an_intersectional_frame_is_an_intersectional_analysis(toy):
    card = ModelCard().add_quantitative_analysis(_frame(toy, sex=toy.sex))
    with pytest.warns(UserWarning, match=r"undefined \(0/0\) for group\(s\) \('f', 'y'\)"):
        frame = _frame(toy, sex=toy.sex, race=toy.race)  # (f, y) has no positives: TPR is 0/0
    with pytest.warns(UserWarning, match="left out"):  # ...and its gaps skip (f, y)
        card.add_quantitative_analysis(frame)
    qa = card.quantitative_analyses
    assert [a.title for a in qa.unitary] == ["by sex"]
    assert [a.title for a in qa.intersectional] == ["by sex × race"]
    inter = qa.intersectional[0]
    groups = [r.group for r in inter.results if r.statistic == "by_group"][:3]
    assert groups == [
        {"sex": "f", "race": "x"},
        {"sex": "f", "race": "y"},
        {"sex": "m", "race": "x"},
    ]  # fmt: skip; (m, y) never occurs
    # (f, x): rows 1-3 of group a, y_pred 1, 1, 0; y_true all 1
    assert inter.value("selection_rate", "by_group", sex="f", race="x") == 2 / 3
    assert inter.value("true_positive_rate", "by_group", sex="f", race="y") is None
    md = card.to_markdown()
    assert "| sex=f, race=x | 3 | 0.667 | 0.667 |" in md
    assert "| sex=f, race=y | 3 | 0.333 | n/a |" in md


def test_bootstrap_intervals_are_carried_over(toy):
    frame = MetricFrame(metrics=selection_rate, y_true=toy.y_true, y_pred=toy.y_pred,
                        sensitive_features={"group": toy.group})  # fmt: skip
    kw = {"sensitive_features": toy.group, "n_boot": 200, "random_state": 0}
    gap = bootstrap_ci(demographic_parity_difference, toy.y_true, toy.y_pred, **kw)
    groups = bootstrap_ci(by_group_values(selection_rate), toy.y_true, toy.y_pred, **kw)
    card = ModelCard().add_quantitative_analysis(
        frame,
        intervals={"difference": gap, "by_group": groups, "overall": (0.3, 0.7)},
        confidence=0.9,
    )
    results = {(r.statistic, r.group.get("group")): r
               for r in card.quantitative_analyses.analyses[0].results}  # fmt: skip
    assert (results["difference", None].low, results["difference", None].high) == (
        gap.low,
        gap.high,
    )
    assert results["difference", None].confidence == 0.95
    for i, g in enumerate("abc"):
        r = results["by_group", g]
        assert (r.low, r.high) == (groups.low[i], groups.high[i]) and r.low <= r.value <= r.high
    assert (results["overall", None].low, results["overall", None].confidence) == (0.3, 0.9)
    assert results["ratio", None].low is None
    md = card.to_markdown()
    assert f"| difference |  | 0.550 [{gap.low:.3f}, {gap.high:.3f}] |" in md
    assert "Brackets: 90 %, 95 % confidence intervals." in md


def test_intervals_that_do_not_fit_the_frame_are_refused(toy):
    frame = _frame(toy)
    other = bootstrap_ci(selection_rate, toy.y_true, 1 - toy.y_pred, n_boot=50, random_state=0)
    with pytest.raises(ValueError, match=r"was computed around .* but the frame's value is"):
        ModelCard().add_quantitative_analysis(
            frame, intervals={"selection_rate": {"overall": other}}
        )
    message = E.INTERVAL_LENGTH.format(metric="selection_rate", got=2, expected=3)
    with pytest.raises(ValueError, match=re.escape(message)):
        ModelCard().add_quantitative_analysis(
            frame, intervals={"selection_rate": {"by_group": [(0, 1), (0, 1)]}}
        )
    with pytest.raises(ValueError, match="intervals names metric 'accuracy'"):
        ModelCard().add_quantitative_analysis(frame, intervals={"accuracy": {"overall": (0, 1)}})
    with pytest.raises(ValueError, match="has key 'by_groups'"):
        ModelCard().add_quantitative_analysis(frame, intervals={"selection_rate": {"by_groups": 1}})
    with pytest.raises(ValueError, match="low <= high"):
        ModelCard().add_quantitative_analysis(
            frame, intervals={"selection_rate": {"overall": (0.9, 0.1)}}
        )
    with pytest.raises(TypeError, match=r"expects a fairkit\.metrics\.MetricFrame, got dict"):
        ModelCard().add_quantitative_analysis({"a": 1})
    from sklearn.metrics import confusion_matrix

    matrices = MetricFrame(metrics={"cm": confusion_matrix}, y_true=toy.y_true,
                           y_pred=toy.y_pred, sensitive_features=toy.group)  # fmt: skip
    with pytest.raises(ValueError, match=re.escape(E.NON_SCALAR_METRIC.format(metric="cm"))):
        ModelCard().add_quantitative_analysis(matrices)
    controlled = MetricFrame(metrics=selection_rate, y_true=toy.y_true, y_pred=toy.y_pred,
                             sensitive_features=toy.sex, control_features=toy.race)  # fmt: skip
    with pytest.raises(ValueError, match=re.escape(E.CONTROL_FRAME)):
        ModelCard().add_quantitative_analysis(controlled)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs


ATTACK = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_html_escapes_text_a_user_typed(toy):
    card = ModelCard(model_details=ModelDetails(name=ATTACK, version="1 & 2"),
                     intended_use=IntendedUse(out_of_scope=[ATTACK]))  # fmt: skip
    card.caveats_and_recommendations.caveats.append("</li></ul><iframe src=evil>")
    frame = MetricFrame(
        metrics=selection_rate,
        y_true=toy.y_true,
        y_pred=toy.y_pred,
        sensitive_features={"<b>grp</b>": np.where(toy.sex == "f", ATTACK, "m")},
    )
    card.add_quantitative_analysis(frame, title=ATTACK)
    html = card.to_html()
    parser = _Tags()
    parser.feed(html)
    assert parser.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3",
                           "section", "dl", "dt", "dd", "ul", "li", "em", "table", "thead",
                           "tbody", "tr", "th", "td", "span", "p", "div"}  # fmt: skip
    assert not [a for a in parser.attrs if a[0].startswith("on") or a[0] == "src"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "1 &amp; 2" in html
    card.model_details.resources = "[docs](javascript:alert(1)) ![pixel](http://t.example/p.png)"
    md = card.to_markdown()  # Markdown gets no raw HTML, and no links or images either
    assert "&lt;script&gt;" in md and not re.search(r"(?<!\\)\]\(", md) and "![" not in md
    assert r"\[docs\](javascript:alert(1))" in md
    fragment = card._repr_html_()
    assert fragment.startswith('<div class="fairkit-doc">') and "<body" not in fragment
    for page in (html, fragment, card.to_markdown(), Datasheet(name=ATTACK).to_html()):
        assert "<script" not in page and "<img" not in page and "<iframe" not in page


def test_validate_lists_exactly_the_empty_sections():
    card = ModelCard()
    assert card.validate() == SECTIONS
    card.model_details.name = "Scorer"
    card.intended_use.out_of_scope = ["hiring"]
    card.factors.relevant = ["   "]  # blank text is still empty
    card.metrics.decision_thresholds = " \n "
    card.ethical_considerations.mitigations = "reweighing"
    expected = [s for s in SECTIONS if s not in
                ("Model details", "Intended use", "Ethical considerations")]  # fmt: skip
    assert card.validate() == expected
    fields = card.validate(fields=True)
    assert "Model details: Model version" in fields and "Model details: Name" not in fields
    assert "Intended use: Primary intended uses" in fields
    assert "Intended use: Out-of-scope use cases" not in fields


def test_quantitative_analyses_is_filled_by_a_frame(toy):
    card = ModelCard()
    assert "Quantitative analyses" in card.validate()
    card.add_quantitative_analysis(_frame(toy))
    assert "Quantitative analyses" not in card.validate()


def test_round_trip_through_dict_and_json(toy, tmp_path):
    where = "ModelCard.quantitative_analyses.analyses"
    frame = MetricFrame(metrics=METRICS, y_true=toy.y_true, y_pred=np.zeros(15, int),
                        sensitive_features={"group": toy.group})  # fmt: skip
    with pytest.warns(UserWarning):  # the ratio of all-zero selection rates is 0/0
        card = ModelCard(model_details=ModelDetails(name="é ü 中文", version="2"))
        card.add_quantitative_analysis(frame, intervals={"selection_rate": {"overall": (0, 0)}})
    assert card.quantitative_analyses.analyses[0].value("selection_rate", "ratio") is None
    assert ModelCard.from_dict(card.to_dict()) == card
    assert ModelCard.from_json(card.to_json()) == card
    card.to_json(tmp_path / "card.json")
    assert ModelCard.from_json(tmp_path / "card.json") == card
    data = card.to_dict()
    data["intended_use"]["primary_usess"] = "typo"
    with pytest.raises(ValueError, match="has no field 'primary_usess'"):
        ModelCard.from_dict(data)
    with pytest.raises(TypeError, match=r"ModelCard.factors must be a dict"):
        ModelCard.from_dict({"factors": ["x"]})
    with pytest.raises(TypeError, match=r"ModelCard\.model_details\.version must be a string"):
        ModelCard.from_dict({"model_details": {"version": 2}})
    with pytest.raises(TypeError, match=r"factors\.relevant must be a list of strings, got str"):
        ModelCard.from_dict({"factors": {"relevant": "sex"}})
    with pytest.raises(TypeError, match=re.escape(E.NOT_A_LIST.format(where=where))):
        ModelCard.from_dict({"quantitative_analyses": {"analyses": {"title": "by sex"}}})
    partial = ModelCard.from_dict({"model_details": {"name": "only this"}})
    assert partial.validate() == SECTIONS[1:]


def test_model_details_from_an_estimator():
    from sklearn.ensemble import RandomForestClassifier

    model = RandomForestClassifier(n_estimators=7, max_depth=3, random_state=0)
    details = ModelDetails.from_estimator(model, name="Loan scorer", version="2.1")
    assert details.model_type == "sklearn.ensemble.RandomForestClassifier"
    assert details.training == "max_depth=3, n_estimators=7, random_state=0"
    assert (details.name, details.version, details.license) == ("Loan scorer", "2.1", "")
    own = ModelDetails.from_estimator(model, training="bagged trees, 7 of them")
    assert own.training == "bagged trees, 7 of them"
    assert "Model details" not in ModelCard(model_details=details).validate()
