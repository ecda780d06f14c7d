"""Benchmark fairkit.privacy: secure Laplace throughput, and a DP mean against OpenDP.

1. Throughput of ``laplace_mechanism`` on a vector of values, one core (NumPy is
   single-threaded here), in secure mode (every bit from the OS CSPRNG), seeded, and, for
   scale, NumPy's naive (not float-safe) ``Generator.laplace`` and OpenDP's float-safe
   ``make_laplace`` on the same vector. Target: secure fairkit >= 10**6 samples/s.
2. An epsilon = 1 DP mean of 10**6 values clamped to [0, 1], in the same run:

   - OpenDP: ``make_clamp >> then_mean >> then_laplace`` on a vector of known size (scale
     1/n, epsilon from its privacy map), called on a Python list built beforehand;
   - fairkit, known n: ``np.clip``, ``mean`` and ``laplace_mechanism(sensitivity=1/n)``, the
     same release;
   - fairkit ``dp_mean`` (unknown n: noisy sum over noisy count, so it spends half of epsilon
     on each and its error is larger; shown for the price of not trusting n).

   The error column is the root-mean-square error of the released mean over ``--repeats``
   releases (noisy with few; the expected RMSE of a Laplace release of scale b is b*sqrt(2),
   here about 1.41/n), the time the best of them.

    python benchmarks/bench_privacy.py               # 10**6 samples / values (about 30 s)
    python benchmarks/bench_privacy.py --n 100000    # quick

Ratios are OpenDP (or NumPy) seconds / fairkit seconds: above 1, fairkit is faster.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, before NumPy loads a BLAS

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import opendp.prelude as dp

from fairkit.privacy import laplace_mechanism

SEED = 20240601
TARGET = 1e6  # secure samples per second


def _best(fn, repeats: int):
    times, outs = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        outs.append(fn())
        times.append(time.perf_counter() - start)
    return min(times), outs


def throughput(n: int, repeats: int, opendp_n: int) -> dict[str, float]:
    """Samples per second of each Laplace sampler on an all-zero vector."""
    zeros = np.zeros(n)
    rng = np.random.default_rng(SEED)
    cases = {
        "fairkit secure": lambda: laplace_mechanism(
            zeros, sensitivity=1.0, epsilon=1.0, random_state="secure"
        ),
        "fairkit seeded": lambda: laplace_mechanism(
            zeros, sensitivity=1.0, epsilon=1.0, random_state=rng
        ),
        "numpy naive": lambda: zeros + rng.laplace(0.0, 1.0, n),
    }
    rates = {name: n / _best(fn, repeats)[0] for name, fn in cases.items()}
    # OpenDP's sampler is far slower per sample; time it on fewer so the run stays short
    lap = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l1_distance(T=float), scale=1.0
    )
    few = [0.0] * opendp_n
    rates["opendp"] = opendp_n / _best(lambda: lap(few), 1)[0]
    return rates


def dp_means(n: int, repeats: int) -> list[dict]:
    """Time and RMSE of an epsilon = 1 mean of n values in [0, 1] by each library."""
    x = np.random.default_rng(SEED).beta(2.0, 5.0, n)
    truth = float(np.clip(x, 0, 1).mean())
    values = x.tolist()
    domain = dp.vector_domain(dp.atom_domain(T=float, nan=False), size=n)
    opendp_mean = (
        dp.t.make_clamp(domain, dp.symmetric_distance(), bounds=(0.0, 1.0))
        >> dp.t.then_mean()
        >> dp.m.then_laplace(scale=1.0 / n)
    )
    opendp_eps = opendp_mean.map(2)  # one record replaced = symmetric distance 2
    rng = np.random.default_rng(SEED + 1)
    cases = {
        "opendp known n": lambda: opendp_mean(values),
        "fairkit known n": lambda: laplace_mechanism(
            float(np.clip(x, 0.0, 1.0).mean()), sensitivity=1.0 / n, epsilon=1.0, random_state=rng
        ),
    }
    try:
        from fairkit.privacy._queries import dp_mean
    except ImportError:  # the queries module is not in this checkout
        dp_mean = None
    if dp_mean is not None:
        cases["fairkit dp_mean"] = lambda: dp_mean(
            x, epsilon=1.0, bounds=(0.0, 1.0), random_state=rng
        )
    rows = []
    for name, fn in cases.items():
        best, outs = _best(fn, repeats)
        rmse = float(np.sqrt(np.mean((np.asarray(outs) - truth) ** 2)))
        rows.append({"case": name, "s": best, "rmse": rmse})
    rows[0]["epsilon"] = opendp_eps
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**6, help="samples / values (10**6)")
    parser.add_argument("--repeats", type=int, default=10, help="best of (10)")
    parser.add_argument("--opendp-n", type=int, default=20_000, help="OpenDP Laplace samples")
    args = parser.parse_args(argv)
    print(
        f"python {platform.python_version()}, {platform.machine()}, numpy {np.__version__}, "
        f"opendp {version('opendp')}, n = {args.n:,}, best of {args.repeats}"
    )
    dp.enable_features("contrib")

    rates = throughput(args.n, args.repeats, args.opendp_n)
    secure = rates["fairkit secure"]
    print("\nLaplace throughput (samples/s, one core)")
    print("| sampler | samples/s | fairkit secure / this |")
    print("| --- | ---: | ---: |")
    for name, rate in rates.items():
        print(f"| {name} | {rate:,.0f} | {secure / rate:.2f}x |")
    verdict = "meets" if secure >= TARGET else "MISSES"
    print(f"secure fairkit {verdict} the target of {TARGET:,.0f} samples/s")

    rows = dp_means(args.n, args.repeats)
    base = rows[0]["s"]
    print(f"\nepsilon = 1 DP mean of {args.n:,} values (OpenDP's map: {rows[0]['epsilon']:.6f})")
    print("| case | seconds | OpenDP s / this s | RMSE |")
    print("| --- | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['case']} | {r['s']:.4f} | {base / r['s']:.1f}x | {r['rmse']:.2e} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
