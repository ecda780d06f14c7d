"""hash_data and hash_model: a hand-built digest, what changes the hash and what does not,
and the same hash in another process (other PYTHONHASHSEED)."""

import hashlib
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from fairkit.accountability import _errors as E
from fairkit.accountability import canonical_json, hash_data, hash_model


def test_an_int_array_hashes_to_its_documented_bytes():
    x = np.array([1, 2, 3], dtype=np.int64)
    spelled = b"shape=(3,);dtype=<i8;" + (1).to_bytes(8, "little") + (2).to_bytes(8, "little")
    spelled += (3).to_bytes(8, "little")
    assert hash_data(x) == hashlib.sha256(spelled).hexdigest()


def test_canonical_json_is_sorted_compact_and_nan_free():
    value = {"b": np.int64(2), "a": [np.float64(0.5), float("nan")], "é": True}
    assert canonical_json(value) == '{"a":[0.5,null],"b":2,"é":true}'
    with pytest.raises(TypeError, match="a value of type set cannot be written as JSON"):
        canonical_json({"a": {1}})


def _frame():
    return pd.DataFrame({
        "age": [25, 40, 33],
        "sex": pd.Categorical(["f", "m", "f"]),
        "job": ["clerk", None, "nurse"],
        "income": [1.5, np.nan, 3.25],
    })  # fmt: skip


def test_what_changes_a_data_hash_and_what_does_not():
    df = _frame()
    h = hash_data(df)
    assert hash_data(df.copy()) == h
    assert hash_data(np.asfortranarray(df[["age"]].to_numpy())) == hash_data(df[["age"]].to_numpy())
    assert hash_data(df["age"].to_numpy().astype(">i8")) == hash_data(df["age"].to_numpy())
    changed = [
        df.iloc[::-1],  # row order
        df[["sex", "age", "job", "income"]],  # column order
        df.rename(columns={"age": "Age"}),
        df.assign(age=df["age"].astype("int32")),  # dtype
        df.assign(income=[1.5, 0.0, 3.25]),  # a missing value filled
        df.set_axis([10, 11, 12]),  # index
    ]
    hashes = {hash_data(c) for c in changed}
    assert len(hashes) == len(changed) and h not in hashes


def _models():
    X, y = np.random.default_rng(0).normal(size=(60, 3)), np.arange(60) % 2
    return (
        X,
        y,
        {
            "logistic": LogisticRegression().fit(X, y),
            "forest": RandomForestClassifier(n_estimators=5, random_state=0).fit(X, y),
            "pipeline": make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y),
        },
    )


def test_same_fit_same_hash_other_fit_other_hash():
    X, y, models = _models()
    _, _, again = _models()
    for name, model in models.items():
        assert hash_model(model) == hash_model(again[name]), name
        assert hash_model(pickle.loads(pickle.dumps(model))) == hash_model(model), name
    other = RandomForestClassifier(n_estimators=5, random_state=1).fit(X, y)
    assert hash_model(other) != hash_model(models["forest"])
    refit = LogisticRegression(C=0.1).fit(X, y)
    assert hash_model(refit) != hash_model(models["logistic"])
    assert len({hash_model(m) for m in models.values()}) == 3


SCRIPT = """
import numpy as np, pandas as pd
from sklearn.ensemble import RandomForestClassifier
from fairkit.accountability import hash_data, hash_model
X, y = np.random.default_rng(0).normal(size=(60, 3)), np.arange(60) % 2
df = pd.DataFrame({"sex": pd.Categorical(["f", "m", "f"]), "job": ["clerk", None, "nurse"]})
print(hash_data(df), hash_model(RandomForestClassifier(n_estimators=5, random_state=0).fit(X, y)))
"""


def test_hashes_are_the_same_in_another_process():
    models = _models()[2]
    df = pd.DataFrame({"sex": pd.Categorical(["f", "m", "f"]), "job": ["clerk", None, "nurse"]})
    root = str(Path(__file__).resolve().parents[2])
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT],
            env={**os.environ, "PYTHONPATH": root, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in ("1", "2")
    ]
    seen = {tuple(p.communicate(timeout=120)[0].split()) for p in procs}
    assert [p.returncode for p in procs] == [0, 0]
    assert seen == {(hash_data(df), hash_model(models["forest"]))}


def test_bad_inputs_say_what_was_expected():
    with pytest.raises(ValueError, match=E.MODEL_NOT_FITTED.format(type="LogisticRegression")):
        hash_model(LogisticRegression())
    with pytest.raises(TypeError, match=r"expects a scikit-learn-style estimator .* got dict"):
        hash_model({"coef": 1})


def test_state_that_cannot_be_described_is_refused():
    with pytest.raises(TypeError, match=re.escape(E.NOT_DATA.format(type="list"))):
        hash_data([[1, 2], [3]])  # ragged
    model = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    model.extra_ = object()  # no state to hash: two such objects would look alike
    with pytest.raises(TypeError, match=re.escape(E.NOT_HASHABLE.format(type="object"))):
        hash_model(model)
    model.extra_ = model  # a cycle
    with pytest.raises(TypeError, match=re.escape(E.MODEL_TOO_DEEP)):
        hash_model(model)
