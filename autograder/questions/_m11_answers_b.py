"""Hints, solutions and known wrong answers of m11-accountability q4-q6: recourse and the
completeness of a model card or datasheet."""

from __future__ import annotations

from autograder.questions._base import WrongAnswer

_wrong = WrongAnswer.detecting


__all__ = [
    "Q4_HINTS",
    "Q4_SOLUTION",
    "Q4_WRONG",
    "Q5_HINTS",
    "Q5_SOLUTION",
    "Q5_WRONG",
    "Q6_HINTS",
    "Q6_SOLUTION",
    "Q6_WRONG",
]

# -- q4 ---------------------------------------------------------------------------------------
Q4_HINTS = (
    "The score must rise by need = -(x @ coef + intercept). Moving feature j by one unit in "
    "the direction of coef[j] buys |coef[j]| of score for costs[j]: some features are cheaper "
    "per unit of score than others.",
    "Sort the actionable features by costs[j] / |coef[j]| (cheapest first) and move each as far "
    "as needed, but no further than its bound (up to high[j] if coef[j] > 0, down to low[j] if "
    "coef[j] < 0), until the need is covered. This greedy order is optimal for a linear score.",
    "`for j in sorted(movable, key=lambda j: c[j] / abs(w[j]))`: `room = high[j] - x[j] if "
    "w[j] > 0 else x[j] - low[j]`, `step = min(room, need / abs(w[j]))`, "
    "`new[j] += np.sign(w[j]) * step`, `need -= step * abs(w[j])`; NaN everywhere if need is "
    "still > 1e-9 at the end.",
)
_Q4_HEAD = (
    "def linear_recourse(x, coef, actionable, costs, low, high, *, intercept):\n"
    "    x, w, c = (np.asarray(a, dtype=float) for a in (x, coef, costs))\n"
    "    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)\n"
    "    need = -(x @ w + intercept)\n"
    "    new = x.copy()\n"
    "    movable = np.flatnonzero((np.asarray(actionable) == 1) & (w != 0))\n"
)
_Q4_LOOP = (
    "    for j in sorted(movable, key=lambda j: c[j] / abs(w[j])):\n"
    "        free = high[j] - x[j] if w[j] > 0 else x[j] - low[j]\n"
    "        move = max(0.0, min(free, need / abs(w[j])))\n"
    "        new[j] += np.sign(w[j]) * move\n"
    "        need -= move * abs(w[j])\n"
)
_Q4_TAIL = (
    "    if need > 1e-9:\n"
    "        return pd.Series(np.nan, index=range(len(x)))\n"
    "    return pd.Series(new)\n"
)
Q4_SOLUTION = _Q4_HEAD + _Q4_LOOP + _Q4_TAIL
Q4_WRONG = (
    _wrong(
        "ignores the costs",
        "ignored the costs",
        _Q4_HEAD + _Q4_LOOP.replace("c[j] / abs(w[j])", "1 / abs(w[j])") + _Q4_TAIL,
    ),
    _wrong(
        "ignores the bounds",
        "past its bound",
        _Q4_HEAD + _Q4_LOOP.replace("min(free, need / abs(w[j]))", "need / abs(w[j])") + _Q4_TAIL,
    ),
    _wrong(
        "returns the changes",
        "the changes",
        _Q4_HEAD + _Q4_LOOP + _Q4_TAIL.replace("pd.Series(new)", "pd.Series(new - x)"),
    ),
    _wrong(
        "moves along the weights (Euclidean)",
        "Euclidean",
        _Q4_HEAD + "    u = np.where(np.asarray(actionable) == 1, w, 0.0)\n"
        "    return pd.Series(x + u * need / (u @ u))\n",
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
Q5_HINTS = (
    "Only the denied (score <= 0) need recourse. Give each of them its cheapest change with "
    "your `linear_recourse`, and its cost sum_j costs[j] * |new_j - x_j|.",
    "Per group: mean_cost is the mean cost over the group's denied applicants who *have* a "
    "change within the bounds; share_infeasible is the share of the group's denied who have "
    "none (your `linear_recourse` gives NaN for them).",
    "Collect (group, cost) for each denied row, with cost NaN when infeasible, into a "
    "DataFrame; `by = frame.groupby('group')['cost']`; return `pd.DataFrame({'mean_cost': "
    "by.mean(), 'share_infeasible': by.apply(lambda c: c.isna().mean())})`.",
)
_Q5_HEAD = (
    "def recourse_cost_by_group(X, groups, coef, actionable, costs, low, high, *, intercept):\n"
    "    X, groups = np.asarray(X, dtype=float), np.asarray(groups)\n"
    "    denied = X @ np.asarray(coef) + intercept <= 0\n"
    "    rows = []\n"
    "    for i in np.flatnonzero(denied):\n"
    "        new = linear_recourse(X[i], coef, actionable, costs, low, high, intercept=intercept)\n"
    "        cost = np.sum(np.asarray(costs) * np.abs(new.to_numpy() - X[i]))\n"
    "        rows.append((groups[i], cost))\n"
    "    frame = pd.DataFrame(rows, columns=['group', 'cost'])\n"
)
_Q5_BY = "    per_group = frame.groupby('group')['cost']\n"
_Q5_SHARE = "per_group.apply(lambda c: c.isna().mean())"
Q5_SOLUTION = (
    _Q5_HEAD + _Q5_BY + f"    return pd.DataFrame({{'mean_cost': per_group.mean(), "
    f"'share_infeasible': {_Q5_SHARE}}})\n"
)
Q5_WRONG = (
    _wrong(
        "infeasible counted as cost 0",
        "counted as 0",
        _Q5_HEAD + "    share = frame.groupby('group')['cost'].apply(lambda c: c.isna().mean())\n"
        "    by = frame.fillna(0).groupby('group')['cost']\n"
        "    return pd.DataFrame({'mean_cost': by.mean(), 'share_infeasible': share})\n",
    ),
    _wrong(
        "median instead of mean",
        "median",
        Q5_SOLUTION.replace("'mean_cost': per_group.mean()", "'mean_cost': per_group.median()"),
    ),
    _wrong(
        "share of the whole group",
        "divided by the whole group",
        Q5_SOLUTION.replace(
            _Q5_SHARE,
            "per_group.apply(lambda c: c.isna().sum()) / pd.Series(groups).value_counts()",
        ),
    ),
    _wrong(
        "cost spread over everyone",
        "approved",
        _Q5_HEAD + _Q5_BY + "    n = pd.Series(groups).value_counts()\n"
        "    return pd.DataFrame({'mean_cost': per_group.sum() / n,\n"
        f"                         'share_infeasible': {_Q5_SHARE}}})\n",
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
Q6_HINTS = (
    "Start from the fields every section should have (`CARD_FIELDS` or `DATASHEET_FIELDS`), "
    "not from the rows you were given: a field with no row at all is as empty as a blank one.",
    "A field is filled when at least one of its rows has text that is not only whitespace "
    "(`text.strip() != ''`); a list field with one blank and one real item is filled. Count, "
    "per section, the fields that are not filled.",
    "`filled = document[document['text'].str.strip() != '']`, `have = set(zip(filled"
    "['section'], filled['field']))`, then for each section s and field f of the schema count "
    "`(s, f) not in have`; return a Series indexed by section.",
)
Q6_SOLUTION = (
    "def document_gaps(document, *, kind):\n"
    "    fields = CARD_FIELDS if kind == 'model card' else DATASHEET_FIELDS\n"
    "    kept = document[document['text'].str.strip() != '']\n"
    "    present = set(zip(kept['section'], kept['field']))\n"
    "    return pd.Series({s: float(sum((s, f) not in present for f in fs))\n"
    "                      for s, fs in fields.items()})\n"
)
Q6_WRONG = (
    _wrong(
        "whitespace counts as text",
        "whitespace",
        Q6_SOLUTION.replace("document['text'].str.strip() != ''", "document['text'] != ''"),
    ),
    _wrong(
        "only blank rows counted",
        "no row at all",
        "def document_gaps(document, *, kind):\n"
        "    fields = CARD_FIELDS if kind == 'model card' else DATASHEET_FIELDS\n"
        "    blank = document['text'].str.strip() == ''\n"
        "    per_field = blank.groupby([document['section'], document['field']]).all()\n"
        "    counts = per_field.groupby(level=0).sum().astype(float)\n"
        "    return counts.reindex(list(fields), fill_value=0.0)\n",
    ),
    _wrong(
        "counts the filled fields",
        "filled",
        Q6_SOLUTION.replace("(s, f) not in present", "(s, f) in present"),
    ),
    _wrong(
        "one blank item empties a list",
        "one blank item",
        "def document_gaps(document, *, kind):\n"
        "    fields = CARD_FIELDS if kind == 'model card' else DATASHEET_FIELDS\n"
        "    blank = document[document['text'].str.strip() == '']\n"
        "    bad = set(zip(blank['section'], blank['field']))\n"
        "    have = set(zip(document['section'], document['field'])) - bad\n"
        "    return pd.Series({s: float(sum((s, f) not in have for f in fs))\n"
        "                      for s, fs in fields.items()})\n",
    ),
)
