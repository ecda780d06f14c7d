"""Benchmark fairkit's MetricFrame against Fairlearn's and a bare ``np.bincount`` baseline.

Each configuration computes accuracy, selection rate, TPR and FPR by group, then
``.difference()``, on seeded random 0/1 labels and predictions with 2 or 3 sensitive features
(2, 3 and 5 levels). Every run also checks that the results agree (max abs diff < 1e-9).

    python benchmarks/bench_metrics.py            # 1e4, 1e6, 1e7 rows (Fairlearn up to 1e6)
    python benchmarks/bench_metrics.py --quick    # 1e4, 1e5 rows: CI smoke test
    python benchmarks/bench_metrics.py --full     # Fairlearn at 1e7 too (minutes per config)
    python benchmarks/bench_metrics.py --sizes 1e5 3e6 --profile

See benchmarks/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_info

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import fairlearn.metrics as flm
from _memory import reset_peak, status_mib
from sklearn.metrics import accuracy_score

import fairkit.metrics as fkm

SEED = 20240601
LEVELS = (2, 3, 5)  # levels of the sensitive features "a", "b", "c"
DEFAULT_SIZES = (10**4, 10**6, 10**7)
QUICK_SIZES = (10**4, 10**5)
FAIRLEARN_MAX_ROWS = 10**6  # larger sizes need --full
STRING_MAX_ROWS = 10**6  # the string variant runs at the largest size up to this
REPEATS = 3  # best of 3; a Fairlearn call slower than SINGLE_RUN_SECONDS is run once
SINGLE_RUN_SECONDS = 0.5
TOLERANCE = 1e-9

FAIRKIT_METRICS = {
    "accuracy": fkm.accuracy,
    "selection_rate": fkm.selection_rate,
    "true_positive_rate": fkm.true_positive_rate,
    "false_positive_rate": fkm.false_positive_rate,
}
FAIRLEARN_METRICS = {
    "accuracy": accuracy_score,
    "selection_rate": flm.selection_rate,
    "true_positive_rate": flm.true_positive_rate,
    "false_positive_rate": flm.false_positive_rate,
}

Result = tuple[pd.DataFrame, pd.Series]  # (by_group, difference)


@dataclass(frozen=True)
class Data:
    y_true: np.ndarray
    y_pred: np.ndarray
    features: pd.DataFrame  # the sensitive features
    cell: np.ndarray  # 4 * group + 2 * y_true + y_pred, for the bare baseline
    group: np.ndarray  # precomputed integer group codes, for the coded baseline
    n_groups: int


@dataclass(frozen=True)
class Timing:
    seconds: float  # best over the repeats
    peak_mib: float | None  # peak memory of the first call, None where it cannot be measured
    result: Any


@dataclass(frozen=True)
class Row:
    rows: int
    n_features: int
    strings: bool
    fairkit: Timing
    fairlearn: Timing | None  # None: skipped
    bare: float
    coded: float
    max_diff: float | None  # fairkit vs Fairlearn

    @property
    def label(self) -> str:
        return f"{self.n_features} {'str' if self.strings else 'int'}"

    @property
    def speedup(self) -> float | None:
        return None if self.fairlearn is None else self.fairlearn.seconds / self.fairkit.seconds

    @property
    def vs_bare(self) -> float:
        return self.fairkit.seconds / self.bare

    @property
    def vs_coded(self) -> float:
        return self.fairkit.seconds / self.coded


# -- data -----------------------------------------------------------------------------------
def make_data(n: int, n_features: int, strings: bool) -> Data:
    rng = np.random.default_rng([SEED, n, n_features, int(strings)])
    y_true, y_pred = rng.integers(0, 2, n), rng.integers(0, 2, n)
    levels = LEVELS[:n_features]
    codes = [rng.integers(0, k, n) for k in levels]
    group = np.ravel_multi_index(codes, levels)  # mixed radix: the order of a sorted MultiIndex
    columns: dict[str, np.ndarray | pd.Series] = {}
    for name, k, c in zip("abc", levels, codes, strict=False):
        # strings: pandas' default string dtype (as read_csv gives), sorted like the codes
        labels = np.array([f"{name}{i}" for i in range(k)])
        columns[name] = pd.Series(labels[c], dtype="str") if strings else c
    cell = 4 * group + 2 * y_true + y_pred
    return Data(y_true, y_pred, pd.DataFrame(columns), cell, group, int(np.prod(levels)))


# -- the three contenders -------------------------------------------------------------------
def run_fairkit(d: Data) -> Result:
    mf = fkm.MetricFrame(
        metrics=FAIRKIT_METRICS, y_true=d.y_true, y_pred=d.y_pred, sensitive_features=d.features
    )
    return mf.by_group, mf.difference()


def run_fairlearn(d: Data) -> Result:
    mf = flm.MetricFrame(
        metrics=FAIRLEARN_METRICS, y_true=d.y_true, y_pred=d.y_pred, sensitive_features=d.features
    )
    return mf.by_group.astype(float), mf.difference().astype(float)


def run_bare(cell: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """One bincount over precomputed cell codes; the four rates by group and their gaps."""
    t = np.bincount(cell, minlength=4 * n_groups).reshape(n_groups, 2, 2).astype(float)
    tn, fp, fn, tp = t[:, 0, 0], t[:, 0, 1], t[:, 1, 0], t[:, 1, 1]
    n = tn + fp + fn + tp
    by_group = np.column_stack([(tn + tp) / n, (fp + tp) / n, tp / (fn + tp), fp / (tn + fp)])
    return by_group, by_group.max(axis=0) - by_group.min(axis=0)


def run_coded(d: Data) -> tuple[np.ndarray, np.ndarray]:
    """The bare baseline, building the cell codes from precomputed group codes first."""
    return run_bare(4 * d.group + 2 * d.y_true + d.y_pred, d.n_groups)


# -- measuring ------------------------------------------------------------------------------


def measure(fn: Callable[[], Any], single_run_seconds: float = float("inf")) -> Timing:
    """Best of REPEATS wall times (one call if slower than ``single_run_seconds``).

    Peak memory is that of the first call: peak RSS above the RSS before it.
    """
    base = reset_peak()
    start = time.perf_counter()
    result = fn()
    best = time.perf_counter() - start
    peak = None if base is None else status_mib("VmHWM") - base
    if best < single_run_seconds:
        for _ in range(REPEATS - 1):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
    return Timing(best, peak, result)


def max_abs_diff(a: Result, b: Result) -> float:
    """Max |a - b| over by_group and difference (NaN if the groups or metrics differ)."""
    by_group = b[0].reindex(index=a[0].index, columns=a[0].columns)
    gaps = b[1].reindex(a[1].index)
    return float(np.max([(a[0] - by_group).abs().to_numpy().max(), (a[1] - gaps).abs().max()]))


def check(diff: float, what: str) -> None:
    if not diff < TOLERANCE:  # also catches NaN
        raise AssertionError(f"{what}: max abs diff {diff} is not < {TOLERANCE}")


def run_config(n: int, n_features: int, strings: bool, with_fairlearn: bool) -> Row:
    d = make_data(n, n_features, strings)
    fk = measure(lambda: run_fairkit(d))
    bare = measure(lambda: run_bare(d.cell, d.n_groups))
    coded = measure(lambda: run_coded(d))
    name = f"{n} rows, {n_features} {'string' if strings else 'integer'} features"
    bare_by_group, bare_gaps = bare.result
    check(np.abs(fk.result[0].to_numpy() - bare_by_group).max(), f"fairkit vs bare, {name}")
    check(np.abs(fk.result[1].to_numpy() - bare_gaps).max(), f"fairkit vs bare, {name}")
    fl, diff = None, None
    if with_fairlearn:
        fl = measure(lambda: run_fairlearn(d), SINGLE_RUN_SECONDS)
        diff = max_abs_diff(fk.result, fl.result)
        check(diff, f"fairkit vs Fairlearn, {name}")
    return Row(n, n_features, strings, fk, fl, bare.seconds, coded.seconds, diff)


# -- output ---------------------------------------------------------------------------------
def num(x: float | None, suffix: str = "") -> str:
    """3 significant digits, never in exponent notation; '-' for None."""
    if x is None:
        return "-"
    return np.format_float_positional(x, precision=3, fractional=False, trim="-") + suffix


COLUMNS = (
    ("rows", 10),
    ("features", 8),
    ("fairkit s", 10),
    ("fairlearn s", 11),
    ("bare s", 10),
    ("vs fairlearn", 12),
    ("vs bare", 8),
    ("coded s", 10),
    ("vs coded", 8),
    ("fairkit MiB", 11),
    ("fairlearn MiB", 13),
    ("max|diff|", 9),
)


def table_line(cells: list[str]) -> str:
    return "  ".join(cell.rjust(width) for cell, (_, width) in zip(cells, COLUMNS, strict=True))


def format_row(r: Row) -> str:
    fl = r.fairlearn
    return table_line(
        [
            f"{r.rows:,}",
            r.label,
            num(r.fairkit.seconds),
            "skipped" if fl is None else num(fl.seconds),
            num(r.bare),
            num(r.speedup, "x"),
            num(r.vs_bare, "x"),
            num(r.coded),
            num(r.vs_coded, "x"),
            num(r.fairkit.peak_mib),
            "skipped" if fl is None else num(fl.peak_mib),
            "-" if r.max_diff is None else f"{r.max_diff:.1e}",
        ]
    )


def print_machine() -> None:
    print(f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores", end="")
    if hasattr(os, "sched_getaffinity"):
        print(f" ({len(os.sched_getaffinity(0))} usable)", end="")
    print(f", Python {platform.python_version()}")
    packages = ("numpy", "pandas", "scikit-learn", "fairlearn")
    print("versions: " + ", ".join(f"{p} {version(p)}" for p in packages))
    for lib in threadpool_info():
        where = Path(lib["filepath"]).parent.name  # numpy.libs, scipy.libs, ...
        print(f"threads: {lib['internal_api']} {lib['version']} in {where}: {lib['num_threads']}")
    env = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_", "MKL_"))}
    print("env: " + (", ".join(f"{k}={v}" for k, v in sorted(env.items())) or "(no BLAS vars)"))


def print_targets(rows: list[Row]) -> None:
    targets = [
        ("fairkit >= 100x faster than Fairlearn at 1e6 rows", 10**6, True, "speedup", 100.0),
        ("fairkit <= 2x bare bincount at 1e6 rows (int)", 10**6, False, "vs_bare", 2.0),
        ("fairkit <= 2x bare bincount at 1e7 rows (int)", 10**7, False, "vs_bare", 2.0),
        ("fairkit <= 2x coded bincount at 1e6 rows (int)", 10**6, False, "vs_coded", 2.0),
        ("fairkit <= 2x coded bincount at 1e7 rows (int)", 10**7, False, "vs_coded", 2.0),
    ]
    for title, n, with_strings, attr, bound in targets:
        rows_n = [r for r in rows if r.rows == n and (with_strings or not r.strings)]
        values = {r.label: getattr(r, attr) for r in rows_n}
        measured = [v for v in values.values() if v is not None]
        if not measured:
            print(f"n/a   {title}: not measured in this run")
            continue
        worst = min(measured) if attr == "speedup" else max(measured)
        ok = worst >= bound if attr == "speedup" else worst <= bound
        detail = ", ".join(f"{k}: {num(v, 'x') if v is not None else 'skipped'}"
                           for k, v in values.items())  # fmt: skip
        print(f"{'PASS' if ok else 'FAIL'}  {title}: {detail}")


def profile_fairkit(n: int) -> None:
    d = make_data(n, 3, strings=False)
    print(f"\ncProfile of one fairkit call, {n:,} rows, 3 integer features (cumulative time):")
    profiler = cProfile.Profile()
    profiler.runcall(run_fairkit, d)
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(15)


# -- main -----------------------------------------------------------------------------------
def parse_size(text: str) -> int:
    value = float(text)
    if not value.is_integer() or value < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number of rows: {text}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--quick", action="store_true", help="1e4 and 1e5 rows only (CI smoke)")
    sizes.add_argument("--sizes", nargs="+", type=parse_size, metavar="N", help="e.g. 1e5 2e6")
    parser.add_argument("--full", action="store_true", help="run Fairlearn above 1e6 rows too")
    parser.add_argument("--profile", action="store_true", help="cProfile fairkit at largest size")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)))

    print_machine()
    configs = [(n, k, False) for n in sizes for k in (2, 3)]
    string_sizes = [n for n in sizes if n <= STRING_MAX_ROWS]
    if string_sizes:
        configs.append((max(string_sizes), 3, True))
    configs.sort()
    for run in (run_fairkit, run_fairlearn):  # warm-up: imports and first-call caches
        run(make_data(1000, 3, strings=True))

    print(f"\n{table_line([name for name, _ in COLUMNS])}")
    rows = []
    for n, k, strings in configs:
        rows.append(run_config(n, k, strings, args.full or n <= FAIRLEARN_MAX_ROWS))
        print(format_row(rows[-1]), flush=True)
    print()
    print_targets(rows)
    if args.profile:
        profile_fairkit(max(sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
