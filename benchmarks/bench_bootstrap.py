"""Benchmark fairkit's bootstrap_ci against the implementation it replaced, in the same run.

The baseline is ``fairkit/metrics/_bootstrap.py`` as of commit 7201cb3 (before count-table
resampling), loaded from git: it materialises the ``(n_boot, n)`` matrix of resampled row
indices and calls the metric once per replicate. Three cases on seeded random data with three
groups (70/25/5 %):

- ``dpd``: ``demographic_parity_difference``, unweighted: the new code draws count tables;
- ``dpd weighted``: the same with random sample weights: rows resampled in blocks;
- ``callable``: selection rate by group through a user function (a MetricFrame): rows in
  blocks, the metric called per replicate, as before.

    python benchmarks/bench_bootstrap.py             # n = 1e5, 1000 resamples (~3 min)
    python benchmarks/bench_bootstrap.py --quick     # n = 1e4, 200 resamples (~10 s)

Time is wall-clock seconds of one call; memory is the call's peak RSS above the RSS before it
(Linux ``/proc``; ``-`` elsewhere). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _memory import reset_peak, status_mib  # noqa: E402  (this folder, as a script)

import fairkit.metrics as fm  # noqa: E402

BASELINE_COMMIT = "7201cb3"


def load_baseline():
    """The old bootstrap_ci, compiled from git as a module of the fairkit.metrics package."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{BASELINE_COMMIT}:fairkit/metrics/_bootstrap.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("fairkit.metrics._bootstrap_baseline")
    module.__file__ = str(ROOT / "fairkit/metrics/_bootstrap_baseline.py")
    module.__package__ = "fairkit.metrics"
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module.bootstrap_ci


def measure(fn):
    base = reset_peak()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = None if base is None else status_mib("VmHWM") - base
    return seconds, peak, result


def selection_by_group(y_true, y_pred, *, sensitive_features, sample_weight=None):
    return fm.MetricFrame(
        metrics=fm.selection_rate,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=sensitive_features,
        sample_weight=sample_weight,
    ).by_group


def make_data(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    group = rng.choice(np.array(["a", "b", "c"]), n, p=[0.7, 0.25, 0.05])
    y_true = rng.integers(0, 2, n)
    y_pred = (rng.random(n) < np.where(group == "c", 0.45, 0.4)).astype(int)
    weights = rng.random(n) + 0.5
    return y_true, y_pred, group, weights


def mib(x) -> str:
    return "-" if x is None else f"{x:,.0f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 1e4, 200 resamples")
    args = parser.parse_args(argv)
    n, n_boot = (10_000, 200) if args.quick else (100_000, 1000)
    old = load_baseline()
    y_true, y_pred, group, weights = make_data(n)
    cases = {
        "dpd": (fm.demographic_parity_difference, {}),
        "dpd weighted": (fm.demographic_parity_difference, {"sample_weight": weights}),
        "callable": (selection_by_group, {}),
    }
    print(f"bootstrap_ci, n = {n:,}, n_boot = {n_boot}, 3 groups (70/25/5 %); cpus "
          f"{os.cpu_count()}, load {os.getloadavg()[0]:.2f}")  # fmt: skip
    header = ("case", "old s", "new s", "speed-up", "old MiB", "new MiB", "new method")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, (metric, extra) in cases.items():
        kw = {"sensitive_features": group, "n_boot": n_boot, "random_state": 0, **extra}
        t_new, m_new, r_new = measure(
            lambda m=metric, k=kw: fm.bootstrap_ci(m, y_true, y_pred, **k)
        )
        t_old, m_old, r_old = measure(lambda m=metric, k=kw: old(m, y_true, y_pred, **k))
        # same metric, same estimate; the intervals differ by design (pairwise for gaps)
        np.testing.assert_allclose(r_new.estimate, r_old.estimate, rtol=0, atol=1e-12)
        if r_new.method == "percentile":  # same interval, other random draws
            np.testing.assert_allclose(r_new.low, r_old.low, atol=0.01)
        row = (name, f"{t_old:.2f}", f"{t_new:.3f}", f"{t_old / t_new:,.0f}x", mib(m_old),
               mib(m_new), r_new.method)  # fmt: skip
        print("| " + " | ".join(row) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
