"""An image classification task in which one group's photos went through another camera.

Stand-in for face-analysis audits (Gender Shades): scikit-learn's handwritten digits, where
group B's images were captured by a different pipeline and are rare in the training data.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from fairkit.datasets._validation import SeedLike, check_interval, check_random_state

__all__ = ["PIPELINES", "GroupImages", "apply_pipeline", "make_group_images"]

PIPELINES = ("mirror", "low_contrast_noise")
N_DIGITS = 1797  # images in sklearn.datasets.load_digits
PIXEL_MAX = 16.0
# "low_contrast_noise": pixel values squeezed into [LOW, LOW + CONTRAST] of the range, then
# Gaussian sensor noise of NOISE_SD (in pixel units), clipped back to [0, 16].
LOW, CONTRAST, NOISE_SD = 0.25, 0.5, 1.0

PIPELINE_MSG = "pipeline must be one of {choices}, got {value!r}."
SIZES_MSG = (
    "n_train and n_test must be integers >= 2 (n_test even, for a balanced test set) with "
    "n_train + n_test <= {total}, got n_train={n_train!r}, n_test={n_test!r}."
)
SHAPE_MSG = "X must be a 2-D array of flattened 8x8 images (64 columns), got shape {shape}."

_STORY = {
    "mirror": "mirrored left-right, as a phone's front camera saves selfies",
    "low_contrast_noise": (
        f"low contrast (pixel values squeezed to {CONTRAST:.0%} of the range) plus Gaussian "
        f"sensor noise (sd {NOISE_SD:g} of 16 grey levels), as a cheap or badly lit camera gives"
    ),
}


@dataclass(frozen=True, eq=False)
class GroupImages:
    """Images, labels and capture groups of a train/test split, with its datasheet.

    ``X_*`` hold the flattened 8x8 images (64 columns, grey levels 0-16); ``images_*`` the
    same pixels as ``(n, 8, 8)`` arrays; ``group_*`` is ``"A"`` (the usual capture) or ``"B"``
    (``pipeline``). Every source digit appears at most once in the whole split.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    group_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    group_test: np.ndarray
    pipeline: str
    share_b: float
    description: str

    @property
    def images_train(self) -> np.ndarray:
        """Training images as ``(n, 8, 8)``."""
        return self.X_train.reshape(-1, 8, 8)

    @property
    def images_test(self) -> np.ndarray:
        """Test images as ``(n, 8, 8)``."""
        return self.X_test.reshape(-1, 8, 8)

    def to_group_b(self, X, *, random_state: SeedLike = None) -> np.ndarray:
        """``X`` as group B's camera would have captured it (for augmentation)."""
        return apply_pipeline(X, self.pipeline, random_state=random_state)


def apply_pipeline(X, pipeline: str, *, random_state: SeedLike = None) -> np.ndarray:
    """Pass flattened 8x8 images through a capture pipeline.

    Parameters
    ----------
    X : array-like of shape (n, 64)
        Grey levels 0-16, as ``load_digits`` gives them.
    pipeline : {"mirror", "low_contrast_noise"}
    random_state : int, numpy.random.Generator or None
        Only the noise of ``"low_contrast_noise"`` is random.

    Returns
    -------
    ndarray of shape (n, 64), float

    Examples
    --------
    >>> x = np.arange(64.0).reshape(1, 64) % 17
    >>> apply_pipeline(x, "mirror")[0, :3].tolist(), x[0, 5:8][::-1].tolist()
    ([7.0, 6.0, 5.0], [7.0, 6.0, 5.0])
    """
    if pipeline not in PIPELINES:
        raise ValueError(PIPELINE_MSG.format(choices=PIPELINES, value=pipeline))
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 64:
        raise ValueError(SHAPE_MSG.format(shape=X.shape))
    if pipeline == "mirror":
        return X.reshape(-1, 8, 8)[:, :, ::-1].reshape(-1, 64).copy()
    rng = check_random_state(random_state)
    squeezed = PIXEL_MAX * LOW + CONTRAST * X
    return np.clip(squeezed + rng.normal(0.0, NOISE_SD, size=X.shape), 0.0, PIXEL_MAX)


def _check_sizes(n_train: object, n_test: object) -> tuple[int, int]:
    ok = all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 2
        for v in (n_train, n_test)
    )
    if not ok or n_test % 2 or n_train + n_test > N_DIGITS:
        raise ValueError(SIZES_MSG.format(total=N_DIGITS, n_train=n_train, n_test=n_test))
    return int(n_train), int(n_test)


def make_group_images(
    pipeline: str = "mirror",
    *,
    share_b: float = 0.05,
    n_train: int = 1200,
    n_test: int = 500,
    random_state: SeedLike = None,
) -> GroupImages:
    """Digit images from two capture pipelines, group B rare in training, balanced in test.

    The 1,797 digits of :func:`sklearn.datasets.load_digits` are shuffled; ``n_train`` go to
    training, of which ``round(share_b * n_train)`` (group B) pass through ``pipeline`` and
    the rest (group A) are kept as they are; ``n_test`` other digits form a test set with
    exactly half of each group. The task is the digit (10 classes); the group is how the
    image was captured, not what it shows, so a model that fails group B fails because of
    the data it was trained on.

    Parameters
    ----------
    pipeline : {"mirror", "low_contrast_noise"}, default "mirror"
        Group B's capture: images mirrored left-right (front cameras), or low contrast plus
        sensor noise.
    share_b : float, default 0.05
        Share of group B in the training data, in [0, 1].
    n_train, n_test : int, default 1200, 500
        Sizes; ``n_test`` even; ``n_train + n_test <= 1797``.
    random_state : int, numpy.random.Generator or None
        Seed of the split, the group draw and the noise.

    Returns
    -------
    GroupImages
        ``X_train``, ``y_train``, ``group_train``, ``X_test``, ``y_test``, ``group_test``,
        ``images_train``/``images_test`` (8x8), ``to_group_b`` (the pipeline, for
        augmentation) and ``description`` (a datasheet).

    Raises
    ------
    ValueError
        For an unknown pipeline, a share outside [0, 1] or impossible sizes.

    Examples
    --------
    >>> data = make_group_images(share_b=0.05, random_state=0)
    >>> data.X_train.shape, int((data.group_train == "B").sum())
    ((1200, 64), 60)
    >>> {g: int((data.group_test == g).sum()) for g in ("A", "B")}
    {'A': 250, 'B': 250}
    """
    # Imported here: sklearn.datasets is only needed by this generator.
    from sklearn.datasets import load_digits

    if pipeline not in PIPELINES:
        raise ValueError(PIPELINE_MSG.format(choices=PIPELINES, value=pipeline))
    share_b = check_interval("share_b", share_b, 0.0, 1.0)
    n_train, n_test = _check_sizes(n_train, n_test)
    rng = check_random_state(random_state)
    digits = load_digits()
    order = rng.permutation(N_DIGITS)
    train, test = order[:n_train], order[n_train : n_train + n_test]
    n_b = round(share_b * n_train)
    group_train = np.array(["A"] * n_train, dtype="<U1")
    group_train[rng.choice(n_train, size=n_b, replace=False)] = "B"
    group_test = np.array(["A"] * n_test, dtype="<U1")
    group_test[rng.choice(n_test, size=n_test // 2, replace=False)] = "B"
    X_train, X_test = digits.data[train].astype(float), digits.data[test].astype(float)
    for X, g in ((X_train, group_train), (X_test, group_test)):
        b = g == "B"
        if b.any():
            X[b] = apply_pipeline(X[b], pipeline, random_state=rng)
    return GroupImages(
        X_train=X_train,
        y_train=digits.target[train].astype(np.int64),
        group_train=group_train,
        X_test=X_test,
        y_test=digits.target[test].astype(np.int64),
        group_test=group_test,
        pipeline=pipeline,
        share_b=share_b,
        description=_datasheet(pipeline, share_b, n_train, n_b, n_test),
    )


def _datasheet(pipeline: str, share_b: float, n_train: int, n_b: int, n_test: int) -> str:
    return f"""\
Group images: a stand-in for a face-analysis audit (datasheet)
- Motivation: reproduce the mechanism behind Gender Shades (Buolamwini & Gebru 2018), a group
  under-represented in training gets far more errors, on images that can be shared openly.
- Composition: {n_train} training images, {n_b} of them ({share_b:.1%}) in group B; {n_test}
  test images, {n_test // 2} per group. 8x8 grey images (0-16) of handwritten digits 0-9;
  each source digit is used once.
- Groups: A = the digit as scanned; B = {_STORY[pipeline]}.
- Source: sklearn.datasets.load_digits (the 1,797-digit test set of UCI's Optical Recognition
  of Handwritten Digits, Alpaydin & Kaynak 1998, CC BY 4.0); the groups are made
  by fairkit, no person's demographic attribute is involved.
- What it stands for: B plays the darker-skinned women of Gender Shades, a group whose images
  look different to the model and are rare in its training data. What it does not show:
  real skin tone, lighting, pose or label issues, intersectional groups, or the harm of
  being misclassified; the task is digits, not gender.
"""
