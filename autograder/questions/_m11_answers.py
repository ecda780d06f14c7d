"""Hints, solutions and known wrong answers of m11-accountability q1-q3 (the audit log and
the monitor), and the written prompts with their rubrics."""

from __future__ import annotations

from autograder.questions._base import WrongAnswer
from autograder.questions._m11_answers_written import W1_PROMPT, W1_RUBRIC, W2_PROMPT, W2_RUBRIC

__all__ = [
    "Q1_HINTS",
    "Q1_SOLUTION",
    "Q1_WRONG",
    "Q2_HINTS",
    "Q2_SOLUTION",
    "Q2_WRONG",
    "Q3_HINTS",
    "Q3_SOLUTION",
    "Q3_WRONG",
    "W1_PROMPT",
    "W1_RUBRIC",
    "W2_PROMPT",
    "W2_RUBRIC",
]


_wrong = WrongAnswer.detecting


# -- q1 ---------------------------------------------------------------------------------------
Q1_HINTS = (
    "A record's `hash` is the SHA-256 of the record itself without its `hash` field, written "
    "as canonical JSON. Recompute it for every line and compare with the stored one.",
    "Canonical JSON here is `json.dumps(body, sort_keys=True, separators=(',', ':'), "
    "ensure_ascii=False)`; hash its UTF-8 bytes with `hashlib.sha256(...).hexdigest()`. A line "
    "that `json.loads` refuses gets 0.",
    "Loop `for n, line in enumerate(lines, start=1)`, `body = {k: v for k, v in record.items() "
    "if k != 'hash'}`, and collect `float(digest == record['hash'])` in a dict keyed by `n`; "
    "return `pd.Series(that_dict)`.",
)
_Q1_HEAD = "def hash_ok(lines):\n    ok = {}\n    for n, line in enumerate(lines, start=1):\n"
_Q1_PARSE = (
    "        try:\n"
    "            record = json.loads(line)\n"
    "        except ValueError:\n"
    "            record = None\n"
    "        if not isinstance(record, dict) or 'hash' not in record:\n"
    "            record = {'hash': None}\n"
)
Q1_SOLUTION = (
    _Q1_HEAD
    + _Q1_PARSE
    + "        body = {key: value for key, value in record.items() if key != 'hash'}\n"
    "        text = json.dumps(body, sort_keys=True, separators=(',', ':'), ensure_ascii=False)\n"
    "        digest = hashlib.sha256(text.encode('utf-8')).hexdigest()\n"
    "        ok[n] = float(digest == record['hash'])\n"
    "    return pd.Series(ok)\n"
)
Q1_WRONG = (
    _wrong(
        "hashes the record with its own hash field",
        "without its `hash` field",
        _Q1_HEAD
        + _Q1_PARSE
        + "        text = json.dumps(record, sort_keys=True, separators=(',', ':'))\n"
        "        ok[n] = float(hashlib.sha256(text.encode()).hexdigest() == record['hash'])\n"
        "    return pd.Series(ok)\n",
    ),
    _wrong(
        "plain json.dumps, not canonical",
        "canonical JSON",
        _Q1_HEAD + _Q1_PARSE + "        body = {k: v for k, v in record.items() if k != 'hash'}\n"
        "        text = json.dumps(body)\n"
        "        ok[n] = float(hashlib.sha256(text.encode()).hexdigest() == record['hash'])\n"
        "    return pd.Series(ok)\n",
    ),
    _wrong(
        "checks the link to the previous line instead",
        "prev_hash",
        _Q1_HEAD.replace("    ok = {}\n", "    ok, before = {}, '0' * 64\n")
        + _Q1_PARSE
        + "        ok[n] = float(record.get('prev_hash') == before)\n"
        "        before = record['hash']\n"
        "    return pd.Series(ok)\n",
    ),
    _wrong(
        "numbers the lines from 0",
        "no value for group(s) '",
        Q1_SOLUTION.replace("enumerate(lines, start=1)", "enumerate(lines)"),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
Q2_HINTS = (
    "Read the log from the top as a verifier would, and stop at the first line that does not "
    "fit: a line can be broken itself, or fail to carry on the chain of the lines above it.",
    "Line n (1-based) is fine when its own hash checks (q1), its `seq` is n - 1, and its "
    "`prev_hash` equals the `hash` of line n - 1 (64 zeros for line 1). An edited record whose "
    "hash was recomputed looks fine itself: the *next* line's prev_hash gives it away.",
    "Call your `hash_ok` once; keep the hash of the line before in a variable that starts as "
    "64 zeros; for each line n, stop and give n if hash_ok says 0, or if its seq or its "
    "prev_hash is not what it should be; otherwise remember its hash. Give 0 when every line "
    "passes.",
)
_Q2_LOOP = (
    "def first_tampered_line(lines):\n"
    "    ok = hash_ok(lines)\n"
    "    previous = '0' * 64\n"
    "    for n, line in enumerate(lines, start=1):\n"
    "        record = json.loads(line) if ok[n] == 1 else {}\n"
)
Q2_SOLUTION = (
    _Q2_LOOP + "        if record.get('seq') != n - 1 or record.get('prev_hash') != previous:\n"
    "            return n\n"
    "        previous = record['hash']\n"
    "    return 0\n"
)
Q2_WRONG = (
    _wrong(
        "own hashes only",
        "you checked only each record's own hash",
        "def first_tampered_line(lines):\n"
        "    ok = hash_ok(lines)\n"
        "    bad = [n for n in ok.index if not ok[n]]\n"
        "    return bad[0] if bad else 0\n",
    ),
    _wrong(
        "links only",
        "you checked only the links",
        "def first_tampered_line(lines):\n"
        "    previous = '0' * 64\n"
        "    for n, line in enumerate(lines, start=1):\n"
        "        try:\n"
        "            record = json.loads(line)\n"
        "        except ValueError:\n"
        "            return n\n"
        "        if record['prev_hash'] != previous:\n"
        "            return n\n"
        "        previous = record['hash']\n"
        "    return 0\n",
    ),
    _wrong(
        "0-based line number",
        "counted the lines from 0",
        Q2_SOLUTION.replace("            return n\n", "            return n - 1\n"),
    ),
    _wrong(
        "ignores seq",
        "seq",
        _Q2_LOOP + "        if record.get('prev_hash') != previous:\n"
        "            return n\n"
        "        previous = record['hash']\n"
        "    return 0\n",
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
Q3_HINTS = (
    "Each group's recall (TPR) in the reference data is its normal level p. A batch gives an "
    "estimate from only n positives of the group, so it wobbles by about sqrt(p (1 - p) / n): "
    "the band is p -+ k of those, with n the group's positives *in the batch*.",
    "For each batch: keep the rows with y_true == 1, count them per group (n) and average "
    "y_pred per group (the batch's TPR); keep the groups with n >= min_positives; alert when "
    "any kept group's TPR is below p - k sd or above p + k sd; gap = max - min of their TPRs.",
    "`p = pd.Series(ref_pred[ref_true == 1]).groupby(ref_groups[ref_true == 1]).mean()`; in "
    "the loop over `np.unique(batch)`, `m = (batch == b) & (y_true == 1)`, "
    "`n = pd.Series(groups[m]).value_counts()`, `rate = pd.Series(y_pred[m]).groupby(groups[m])"
    ".mean()`; collect {'gap': ..., 'alert': ...} per batch and return `pd.DataFrame(rows).T`.",
)
_Q3_HEAD = (
    "def batch_alerts(ref_true, ref_pred, ref_groups, batch, y_true, y_pred, groups, *, k,\n"
    "                 min_positives):\n"
    "    ref_true, ref_pred, ref_groups = map(np.asarray, (ref_true, ref_pred, ref_groups))\n"
    "    batch, y_true, y_pred, groups = map(np.asarray, (batch, y_true, y_pred, groups))\n"
    "    pos = ref_true == 1\n"
    "    p = pd.Series(ref_pred[pos]).groupby(ref_groups[pos]).mean()\n"
    "    rows = {}\n"
    "    for b in np.unique(batch):\n"
    "        sel = (batch == b) & (y_true == 1)\n"
    "        n = pd.Series(groups[sel]).value_counts()\n"
    "        rate = pd.Series(y_pred[sel]).groupby(groups[sel]).mean()\n"
)
_Q3_JUDGE = "        judged = n.index[n >= min_positives]\n"
_Q3_BAND = "        sd = np.sqrt(p[judged] * (1 - p[judged]) / n[judged])\n"
_Q3_OUT = (
    "        r, q = rate[judged], p[judged]\n        out = (r < q - k * sd) | (r > q + k * sd)\n"
)
_Q3_TAIL = (
    "        rows[b] = {'gap': r.max() - r.min(), 'alert': float(out.any())}\n"
    "    return pd.DataFrame(rows).T\n"
)
Q3_SOLUTION = _Q3_HEAD + _Q3_JUDGE + _Q3_BAND + _Q3_OUT + _Q3_TAIL
Q3_WRONG = (
    _wrong(
        "band without the batch size",
        "divide by n",
        _Q3_HEAD
        + _Q3_JUDGE
        + "        sd = np.sqrt(p[judged] * (1 - p[judged]))\n"
        + _Q3_OUT
        + _Q3_TAIL,
    ),
    _wrong(
        "band at the reference's size",
        "the batch's own positives",
        _Q3_HEAD.replace(
            "    rows = {}\n",
            "    n_ref = pd.Series(ref_groups[pos]).value_counts()\n    rows = {}\n",
        )
        + _Q3_JUDGE
        + "        sd = np.sqrt(p[judged] * (1 - p[judged]) / n_ref[judged])\n"
        + _Q3_OUT
        + _Q3_TAIL,
    ),
    _wrong(
        "every group judged",
        "min_positives",
        _Q3_HEAD + "        judged = n.index\n" + _Q3_BAND + _Q3_OUT + _Q3_TAIL,
    ),
    _wrong(
        "only falls alert",
        "both sides",
        _Q3_HEAD
        + _Q3_JUDGE
        + _Q3_BAND
        + "        r, q = rate[judged], p[judged]\n        out = r < q - k * sd\n"
        + _Q3_TAIL,
    ),
)
