"""make_group_images (the image stand-in) and load_gender_shades (the audit's published numbers)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits

from fairkit.datasets import load_gender_shades, make_group_images
from fairkit.datasets._images import (
    CONTRAST,
    LOW,
    NOISE_SD,
    PIPELINE_MSG,
    PIXEL_MAX,
    SHAPE_MSG,
    SIZES_MSG,
    apply_pipeline,
)
from fairkit.datasets._validation import INTERVAL_MSG

DIGITS = load_digits()


def _source_rows(X: np.ndarray) -> np.ndarray:
    """Row of load_digits that each group-A image is (exact match), -1 if none."""
    lookup = {row.tobytes(): i for i, row in enumerate(DIGITS.data.astype(float))}
    return np.array([lookup.get(row.tobytes(), -1) for row in X])


@pytest.mark.parametrize("pipeline", ["mirror", "low_contrast_noise"])
def test_same_seed_same_data_other_seed_other_data(pipeline):
    a = make_group_images(pipeline, random_state=3)
    b = make_group_images(pipeline, random_state=3)
    c = make_group_images(pipeline, random_state=4)
    for name in ("X_train", "y_train", "group_train", "X_test", "y_test", "group_test"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert not np.array_equal(a.X_train, c.X_train)


@pytest.mark.parametrize(
    "share, n_train, expected_b",
    [(0.05, 1200, 60), (0.5, 1200, 600), (0.0, 300, 0), (1.0, 300, 300), (0.1, 1001, 100)],
)
def test_share_of_group_b_in_training(share, n_train, expected_b):
    data = make_group_images(share_b=share, n_train=n_train, n_test=200, random_state=0)
    assert len(data.group_train) == n_train
    assert int((data.group_train == "B").sum()) == expected_b
    assert set(np.unique(data.group_train)) <= {"A", "B"}


@pytest.mark.parametrize("n_test", [2, 100, 500, 596])
def test_test_set_is_balanced(n_test):
    data = make_group_images(share_b=0.05, n_train=1200, n_test=n_test, random_state=1)
    counts = {g: int((data.group_test == g).sum()) for g in ("A", "B")}
    assert counts == {"A": n_test // 2, "B": n_test // 2}


def test_group_a_is_unchanged_and_each_digit_is_used_once():
    data = make_group_images("mirror", share_b=0.2, random_state=0)
    a_train = _source_rows(data.X_train[data.group_train == "A"])
    a_test = _source_rows(data.X_test[data.group_test == "A"])
    assert (a_train >= 0).all() and (a_test >= 0).all()  # A images are load_digits rows
    np.testing.assert_array_equal(DIGITS.target[a_train], data.y_train[data.group_train == "A"])
    # mirroring B back gives load_digits rows too, none of them used twice in the split
    b_train = _source_rows(apply_pipeline(data.X_train[data.group_train == "B"], "mirror"))
    b_test = _source_rows(apply_pipeline(data.X_test[data.group_test == "B"], "mirror"))
    used = np.concatenate([a_train, a_test, b_train, b_test])
    assert (used >= 0).all() and len(np.unique(used)) == len(used) == 1700


def test_mirror_flips_columns_and_is_its_own_inverse():
    x = DIGITS.data[:5].astype(float)
    m = apply_pipeline(x, "mirror")
    np.testing.assert_array_equal(m.reshape(-1, 8, 8), x.reshape(-1, 8, 8)[:, :, ::-1])
    np.testing.assert_array_equal(apply_pipeline(m, "mirror"), x)


def test_low_contrast_noise_matches_its_documented_model():
    x = np.tile(DIGITS.data[:1].astype(float), (4000, 1))
    out = apply_pipeline(x, "low_contrast_noise", random_state=0)
    assert out.min() >= 0 and out.max() <= PIXEL_MAX
    residual = out - (PIXEL_MAX * LOW + CONTRAST * x)
    # away from the clipping bounds the noise is N(0, NOISE_SD)
    inner = residual[:, (PIXEL_MAX * LOW + CONTRAST * x[0]) < PIXEL_MAX - 4 * NOISE_SD]
    assert abs(inner.mean()) < 0.02 and abs(inner.std() - NOISE_SD) < 0.02
    np.testing.assert_array_equal(out, apply_pipeline(x, "low_contrast_noise", random_state=0))


def test_to_group_b_applies_the_pipeline_and_images_are_8x8():
    data = make_group_images("mirror", random_state=0)
    np.testing.assert_array_equal(
        data.to_group_b(data.X_test), apply_pipeline(data.X_test, "mirror")
    )
    assert data.images_train.shape == (1200, 8, 8) and data.images_test.shape == (500, 8, 8)
    assert "stand-in" in data.description and "60" in data.description


def test_the_disparity_the_lesson_teaches_is_there():
    # A model trained at a 5 % share fails group B far more often than A (the lesson's story).
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    data = make_group_images("mirror", random_state=0)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=500))
    wrong = model.fit(data.X_train, data.y_train).predict(data.X_test) != data.y_test
    err_a, err_b = (wrong[data.group_test == g].mean() for g in ("A", "B"))
    assert err_a < 0.1 and err_b > 0.25


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"pipeline": "blur"},
            PIPELINE_MSG.format(choices=("mirror", "low_contrast_noise"), value="blur"),
        ),
        ({"share_b": 1.5}, INTERVAL_MSG.format(name="share_b", interval="[0.0, 1.0]", value=1.5)),
        ({"n_test": 3}, SIZES_MSG.format(total=1797, n_train=1200, n_test=3)),
        ({"n_train": 1500, "n_test": 400}, SIZES_MSG.format(total=1797, n_train=1500, n_test=400)),
        ({"n_train": True}, SIZES_MSG.format(total=1797, n_train=True, n_test=500)),
    ],
)
def test_bad_arguments_say_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError) as info:
        make_group_images(**kwargs)
    assert str(info.value) == message


def test_apply_pipeline_rejects_images_of_another_shape():
    with pytest.raises(ValueError) as info:
        apply_pipeline(np.zeros((3, 63)), "mirror")
    assert str(info.value) == SHAPE_MSG.format(shape=(3, 63))


def test_gender_shades_numbers_are_consistent_with_the_paper():
    gs = load_gender_shades()
    e = gs.error_rates.set_index(["vendor", "subgroup"])["error_pct"]
    # the abstract: up to 34.7 % for darker-skinned women, at most 0.8 % for lighter-skinned men
    sub = gs.error_rates[gs.error_rates["subgroup"] != "all"]
    assert sub["error_pct"].max() == 34.7 and e["IBM", "darker female"] == 34.7
    assert sub.query("subgroup == 'lighter male'")["error_pct"].max() == 0.8
    assert set(sub.groupby("vendor")["error_pct"].idxmax().map(sub["subgroup"])) == {
        "darker female"
    }
    comp = gs.composition.set_index(["benchmark", "subgroup"])
    for bench in ("PPB", "IJB-A", "Adience"):
        assert comp.loc[bench, "share_pct"].sum() == pytest.approx(100, abs=0.15)
    # the abstract: 79.6 % (IJB-A) and 86.2 % (Adience) lighter-skinned subjects
    lighter = gs.composition.query("skin == 'lighter'").groupby("benchmark")["share_pct"].sum()
    assert lighter["IJB-A"] == pytest.approx(79.6) and lighter["Adience"] == pytest.approx(86.2)
    ppb = gs.composition.query("benchmark == 'PPB'")
    assert int(ppb["n"].sum()) == 1270
    np.testing.assert_allclose(ppb["share_pct"], 100 * ppb["n"] / 1270, atol=0.06)
    assert "Buolamwini" in gs.citation and "2018" in gs.citation


def test_datasheet_states_the_shipped_file_size_and_checksum():
    import hashlib
    import re
    from importlib.resources import files

    data = files("fairkit.datasets").joinpath("data")
    readme = data.joinpath("README.md").read_text(encoding="utf-8")
    size, digest = re.search(
        r"`gender_shades.csv`: ([\d,]+) bytes, SHA-256\s+`([0-9a-f]{64})`", readme
    ).groups()
    content = data.joinpath("gender_shades.csv").read_bytes()
    assert len(content) == int(size.replace(",", ""))
    assert hashlib.sha256(content).hexdigest() == digest
