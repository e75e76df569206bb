"""Monte Carlo throughput: network + price + miner + treasury paths per second.

Runs :func:`minelib.montecarlo.run_monte_carlo` (protocol-faithful difficulty epoch by
epoch, halving by height, monthly binning, vectorized sell-to-cover treasury) for N paths
over a four-year horizon (default 100,000 paths x 48 months, ~105 retarget epochs), on
one core; beside it the same model as a plain Python loop over a sample of paths (the
way common mining calculators compute: path by path, epoch by epoch, with floats), scaled
to N, and the floor: the same random numbers drawn as whole arrays and cumulated along
time (what any Monte Carlo of this size pays). Prints medians of several runs: wall
time, CPU time, paths/s and the ratio to the floor.

    python benchmarks/bench_montecarlo.py [--paths 100000] [--months 48] [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the target says

import numpy as np

from minelib.montecarlo import run_monte_carlo, simulate_miner_paths, simulate_network

START_HEIGHT = 824_160
H0_EHS = 566.0
MU, SIGMA = 0.4, 0.25
DROP = (0.10, 0.30)
REC_MONTHS = 6.0
MINER_EHS = 16.4
EFF, J_PER_TH, POWER_USD_KWH = 0.86, 20.0, 0.05
OTHER_USD, TREASURY_BTC = 10e6, 1_000.0


def vectorized(n_paths, n_months, seed):
    return run_monte_carlo(
        n_paths, seed, n_months=n_months, network_kwargs=dict(keep_epochs=False),
        miner_hashrate_ehs=MINER_EHS, operational_efficiency=EFF, efficiency_j_per_th=J_PER_TH,
        power_price_usd_per_kwh=POWER_USD_KWH, other_cash_costs_usd_per_month=OTHER_USD,
        start_treasury_btc=TREASURY_BTC,
    )


def python_loop(n_paths, month_edges_days, seed, sigma=SIGMA, drop=DROP, price_vol=0.6):
    """Path by path, epoch by epoch, month by month, with Python floats."""
    rnd = random.Random(seed)
    n_mo = len(month_edges_days) - 1
    edges = [d * 86_400.0 for d in month_edges_days]
    horizon = edges[-1]
    out = []
    for _ in range(n_paths):
        x = H0_EHS * 1e18
        d = x * (1_209_600.0 / 2015) / 2**32  # steady state: Core's span is 2,015 intervals
        t, height = 0.0, START_HEIGHT
        elapsed = max(START_HEIGHT % 2016 - 1, 0) * d * 2**32 / x
        last_h, cur_drop = None, 0.0
        btc_per_ehs = [0.0] * (n_mo + 1)
        while t < horizon:
            end = (height // 2016 + 1) * 2016
            nxt = (height // 210_000 + 1) * 210_000
            bounds = [height, nxt, end] if height < nxt < end else [height, end]
            t0, first = t, 0.0
            for a, b in zip(bounds[:-1], bounds[1:]):
                if a % 210_000 == 0:
                    last_h, cur_drop = t, rnd.uniform(*drop)
                f = 1.0
                if last_h is not None:
                    f = 1.0 - cur_drop * max(0.0, 1.0 - (t - last_h) / 86_400.0 / (REC_MONTHS * 365.25 / 12))
                h = x * f
                if a == height and a % 2016 == 0:  # the epoch's first block is outside its span
                    first = d * 2**32 / h
                dt = (b - a) * d * 2**32 / h
                rate = (5_000_000_000 >> (a // 210_000)) / 1e8 * 1e18 / (d * 2**32)
                ta, tb = t, t + dt
                j = 0
                while j < n_mo and edges[j + 1] <= ta:
                    j += 1
                while True:
                    hi = min(tb, edges[j + 1]) if j < n_mo else tb
                    btc_per_ehs[j] += rate * max(hi - max(ta, edges[j]), 0.0)
                    if j >= n_mo or tb < edges[j + 1]:
                        break
                    j += 1
                t = tb
            span = elapsed + (t - t0) - first
            d = max(d * 1_209_600.0 / min(max(span, 302_400.0), 4_838_400.0), 1.0)
            elapsed = 0.0
            height = end
            dt_y = (t - t0) / (365.25 * 86_400.0)
            x *= math.exp((MU - 0.5 * sigma**2) * dt_y + sigma * math.sqrt(dt_y) * rnd.gauss(0.0, 1.0))
        # miner, price and a sell-to-cover treasury, month by month
        price, treasury, prod = 70_000.0, TREASURY_BTC, []
        for j in range(n_mo):
            days = month_edges_days[j + 1] - month_edges_days[j]
            price *= math.exp(-0.5 * price_vol**2 * days / 365.25 + price_vol * math.sqrt(days / 365.25) * rnd.gauss(0, 1))
            p = MINER_EHS * btc_per_ehs[j] * EFF
            cost = MINER_EHS * 1e6 * J_PER_TH * 24 * days / 1000 * POWER_USD_KWH + OTHER_USD
            need = cost / price
            sold = min(p, need)
            from_t = min(treasury, need - sold)
            treasury += p - sold - from_t
            prod.append(p)
        out.append((prod, treasury))
    return out


def draws_floor(n_paths, n_epochs, n_months, halvings, seed):
    """The floor: the model's random numbers alone, and a cumulative sum of each.

    One standard normal per path and retarget epoch (the trend hashrate), one uniform per
    path and halving (the dip), one standard normal per path and month (the price), each
    drawn as one array and cumulated along time, as a bare GBM would be.
    """
    gen = np.random.default_rng(seed)
    np.cumsum(gen.standard_normal((n_epochs, n_paths)), axis=0)
    gen.uniform(0.1, 0.3, (max(halvings, 1), n_paths))
    np.cumsum(gen.standard_normal((n_months, n_paths)), axis=0)


def median_run(fn, repeat):
    wall, cpu = [], []
    for i in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn(i)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def check_agreement(n_months):
    """Both implementations give the same production on deterministic paths."""
    net = simulate_network(3, n_months=n_months, start_height=START_HEIGHT, network_hashrate_ehs=H0_EHS,
                           hashrate_drift_per_year=MU, hashrate_volatility_per_year=0.0,
                           halving_drop=(0.2, 0.2), recovery_months=REC_MONTHS, seed=0)
    res = simulate_miner_paths(net, 70_000.0, MINER_EHS, operational_efficiency=EFF)
    ref = python_loop(1, net.month_edges_days, 0, sigma=0.0, drop=(0.2, 0.2))[0][0]
    assert np.allclose(res.production_btc[:, 0], ref, rtol=1e-9), "vectorized and loop disagree"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paths", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=48)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--loop-paths", type=int, default=200, help="paths the Python loop runs (scaled to --paths)")
    args = ap.parse_args(argv)

    check_agreement(args.months)
    net = simulate_network(1, n_months=args.months, seed=0)
    epochs = len(net.epoch_start_height)
    vectorized(1_000, args.months, 0)  # warm-up (imports, first-touch)
    t_vec, c_vec = median_run(lambda i: vectorized(args.paths, args.months, i), args.repeat)
    t_net, _ = median_run(lambda i: simulate_network(args.paths, n_months=args.months, keep_epochs=False, seed=i),
                          args.repeat)
    halvings = len(net.halving_heights)
    t_floor, c_floor = median_run(lambda i: draws_floor(args.paths, epochs, args.months, halvings, i), args.repeat)
    t_loop, c_loop = median_run(lambda i: python_loop(args.loop_paths, net.month_edges_days, i),
                                max(1, args.repeat // 2))
    scale = args.paths / args.loop_paths
    t_loop, c_loop = t_loop * scale, c_loop * scale

    print(f"Monte Carlo: {args.paths:,} paths x {args.months} months (~{epochs} retarget epochs), one core")
    print(f"  minelib (NumPy, vectorized)   median wall {t_vec:8.3f} s  cpu {c_vec:8.3f} s"
          f"   {args.paths / t_vec:12,.0f} paths/s")
    print(f"    of which network/difficulty median wall {t_net:8.3f} s")
    print(f"  floor: its random draws + cumsum  wall {t_floor:8.3f} s  cpu {c_floor:8.3f} s")
    print(f"  ratio minelib / floor         {t_vec / t_floor:8.1f} x (wall)  {c_vec / c_floor:8.1f} x (cpu)   (target <= 3 x)")
    print(f"  plain Python loop (scaled)    median wall {t_loop:8.3f} s  cpu {c_loop:8.3f} s"
          f"   {args.paths / t_loop:12,.0f} paths/s")
    print(f"  ratio loop / minelib          {t_loop / t_vec:8.1f} x (wall)  {c_loop / c_vec:8.1f} x (cpu)")
    print(f"  target: {args.paths:,} paths in < 2 s on one core -> cpu {c_vec:.2f} s, wall {t_vec:.2f} s (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return t_vec


if __name__ == "__main__":
    main()
