"""Grid evaluation: hashprice, power cost per BTC and margin on N points, against bare NumPy.

Evaluates four minelib model functions (validation included: every argument checked for
type, NaN, range and plausible magnitude) on an N-point scenario grid (default
10,000,000 points: price x network hashrate x J/TH x power price), on one core, and
beside it the floor: the same formulas written in bare NumPy with no checks, in the same
process on the same arrays. Prints medians of several runs (the two interleaved, so a
change of load hits both) and the ratio minelib / floor; the target is <= 1.5x.

    python benchmarks/bench_grid.py [--points 10000000] [--repeat 7]
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


def bare_numpy(price, network, eff, power):
    """The floor: the same four formulas, as a NumPy user writes them, with no checks."""
    reward_btc_per_day = 144 * (3.125 + 0.02)
    hp_usd = price * (reward_btc_per_day / (network * 1000))  # USD/PH/day
    hp_btc = reward_btc_per_day / (network * 1000)  # BTC/PH/day
    cost = eff * 24 * power / hp_btc  # J/TH x 1,000 TH x 24 h = kWh per PH-day; USD/BTC
    margin = (price - cost) / price
    return hp_usd, cost, margin


def interleaved_medians(fns, args, repeat):
    """Median seconds of each function, run in turns so both see the same load."""
    times = [[] for _ in fns]
    for _ in range(repeat):
        for t, fn in zip(times, fns):
            t0 = time.perf_counter()
            fn(*args)
            t.append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)

    data = grid(args.points)
    # the two paths agree (a benchmark of a wrong answer is no benchmark)
    for got, want in zip(vectorized(*data), bare_numpy(*data)):
        assert np.allclose(got, want, rtol=1e-9, atol=1e-12), "minelib and bare NumPy disagree"
    t_vec, t_floor = interleaved_medians((vectorized, bare_numpy), data, args.repeat)

    print(f"grid evaluation: hashprice + power cost/BTC + margin on {args.points:,} points, one core")
    print(f"  minelib (validated)        median {t_vec:8.3f} s   {args.points / t_vec:14,.0f} points/s")
    print(f"  floor: bare NumPy          median {t_floor:8.3f} s   {args.points / t_floor:14,.0f} points/s")
    print(f"  ratio minelib / floor      {t_vec / t_floor:8.2f} x   (target <= 1.5 x)")
    return t_vec / t_floor


if __name__ == "__main__":
    main()
