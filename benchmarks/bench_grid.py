"""Grid evaluation throughput: hashprice, power cost per BTC and margin on N points.

Evaluates three minelib model functions on an N-point scenario grid (default
10,000,000 points: price x network hashrate x J/TH x power price), on one core, and
beside it the same arithmetic as a plain Python loop over a sample of the points (the
way common mining calculators compute), scaled to N. Prints medians of several runs.

    python benchmarks/bench_grid.py [--points 10000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the target says

import numpy as np

import minelib as ml


def grid(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    price = rng.uniform(30_000, 150_000, n)  # USD/BTC
    network = rng.uniform(400, 1_500, n)  # EH/s
    eff = rng.uniform(12, 40, n)  # J/TH
    power = rng.uniform(0.02, 0.10, n)  # USD/kWh
    return price, network, eff, power


def vectorized(price, network, eff, power):
    hp_usd = ml.hashprice_usd_per_ph_day(price, network, 3.125, 0.02)
    hp_btc = ml.hashprice_btc_per_ph_day(network, 3.125, 0.02)
    cost = ml.power_cost_usd_per_btc(eff, power, hp_btc)
    margin = ml.margin_fraction(price, cost)
    return hp_usd, cost, margin


def python_loop(price, network, eff, power):
    out = []
    for p, n, e, c in zip(price.tolist(), network.tolist(), eff.tolist(), power.tolist()):
        hp_btc = 144 * (3.125 + 0.02) / (n * 1000)
        hp_usd = p * hp_btc
        cost = e * 24 / 1000 * c / (hp_btc / 1000)
        out.append((hp_usd, cost, (p - cost) / p))
    return out


def median_seconds(fn, args, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--loop-sample", type=int, default=200_000, help="points the Python loop runs (scaled to --points)")
    args = ap.parse_args(argv)

    data = grid(args.points)
    t_vec = median_seconds(vectorized, data, args.repeat)
    sample = tuple(a[: args.loop_sample] for a in data)
    t_loop = median_seconds(python_loop, sample, max(1, args.repeat // 2)) * args.points / args.loop_sample

    # the two paths agree (a benchmark of a wrong answer is no benchmark)
    hp, cost, margin = vectorized(*sample)
    ref = np.array(python_loop(*sample))
    assert np.allclose(hp, ref[:, 0]) and np.allclose(cost, ref[:, 1]) and np.allclose(margin, ref[:, 2])

    print(f"grid evaluation: hashprice + power cost/BTC + margin on {args.points:,} points, one core")
    print(f"  minelib (NumPy, validated)  median {t_vec:8.3f} s   {args.points / t_vec:14,.0f} points/s")
    print(f"  plain Python loop (scaled)  median {t_loop:8.3f} s   {args.points / t_loop:14,.0f} points/s")
    print(f"  ratio loop / minelib        {t_loop / t_vec:8.1f} x")
    return t_vec


if __name__ == "__main__":
    main()
