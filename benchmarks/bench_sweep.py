"""Sweep throughput and peak memory: a huge grid reduced to summary statistics on Dask.

Sweeps :func:`minelib.fleet.mining_margin_model` (hashprice, power and all-in cost per
BTC, margin per PH/day) over the cartesian product price x network hashrate x J/TH x
power price with ``--points`` points (default 100,000,000; ``--points 1e9`` for the full
run), reduced to count / min / max / mean / std / share of negative margin / quantiles
without materialising the grid, on a local Dask cluster (``--workers`` processes, one
thread each). Beside it the floor: the model's arithmetic in bare NumPy on blocks of the same size
on one core, times the number of workers (the sweep's target is at least half that
throughput), and the same model as a plain Python loop over a sample of the points (the
way common mining calculators compute), scaled to N. An extra line (not the floor) times
bare NumPy doing the model and the same reductions on every point, to show what the
reductions cost, and another times the floor's arithmetic inside one of the Dask worker
processes, in CPU time: Dask starts them with ``MALLOC_TRIM_THRESHOLD_``, so there every
temporary of 128 KiB or more is a fresh mapping the kernel zeroes, which the floor in
this process does not pay (the line prints the worker's setting and its CPU time as a
multiple of the floor's, both measured in the same run). Prints medians of several runs: wall
time, points/s and the peak RSS of the worker processes (sampled by psutil every 50 ms);
then the same sweep on 1 worker (the scaling 1 -> N, ``--no-one-worker`` to skip) and,
with ``--scaling``, the peak for a 10x smaller grid with the same chunk and with a 4x
smaller chunk: the peak follows the chunk size, not the number of points. The load
average is printed beside the figures: the machine is shared, read the ratios.

    python benchmarks/bench_sweep.py [--points 1e8] [--chunk-points 4194304] [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import statistics
import threading
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from minelib.sweep import DEFAULT_CHUNK_POINTS, sweep

MIB = 2**20


def grid(n_points: int):
    """Four axes whose product is close to n_points."""
    a = max(2, round(n_points ** 0.25))
    b = max(1, round(n_points / a**3))
    return dict(
        btc_price_usd=np.linspace(30_000, 150_000, a),
        network_hashrate_ehs=np.linspace(400, 1_500, a),
        efficiency_j_per_th=np.linspace(12, 40, a),
        power_price_usd_per_kwh=np.linspace(0.02, 0.10, b),
    )


class PeakRSS:
    """Peak resident memory of the worker processes, sampled in a thread."""

    def __init__(self, pids, interval=0.05):
        import psutil

        self.procs = [psutil.Process(p) for p in pids]
        self.interval = interval
        self.peak = {p.pid: 0 for p in self.procs}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for p in self.procs:
                try:
                    self.peak[p.pid] = max(self.peak[p.pid], p.memory_info().rss)
                except Exception:  # worker gone
                    pass
            time.sleep(self.interval)

    def _cpu(self):
        return sum(sum(p.cpu_times()[:2]) for p in self.procs) + time.process_time()

    def __enter__(self):
        self._cpu0 = self._cpu()
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        self.cpu_s = self._cpu() - self._cpu0  # workers' and this process's (client, scheduler) CPU

    @property
    def max_mib(self):
        return max(self.peak.values()) / MIB


def python_loop(price, network, eff, power, subsidy=3.125, life=4.0, capex_th=15.0):
    """Scenario by scenario, as a mining calculator computes one input set at a time."""
    out = []
    for p, n, e, c in itertools.product(price.tolist(), network.tolist(), eff.tolist(), power.tolist()):
        hp = 144 * subsidy / (n * 1000)  # BTC/PH/day
        pw = e * 24 * c  # USD/PH/day
        dep = capex_th * 1000 / (life * 365.25)
        out.append((p * hp, pw / hp, (pw + dep) / hp, p * hp - pw - dep))
    return out


def bare_numpy_points_per_s(params, chunk_points, repeat, reductions=False, bins=4096, n_blocks=8):
    """The floor: the model's arithmetic in bare NumPy on blocks of the same size, one core.

    The blocks are :func:`~minelib.sweep.grid.grid_chunks`' (the evaluation chunks); the
    sweep's reduction blocks hold as many points in another shape (``_reduce_chunks``
    keeps the price axis whole), which does not change the model's arithmetic per point.

    Each block is the broadcast of the four axes (as the sweep evaluates it); every
    output is summed, the least any reduction reads. Returns points per second of wall
    time and of CPU time, over the first ``n_blocks`` blocks.

    With ``reductions`` (the second, extra line; not the issue's floor): each output of
    each block is reduced as plain NumPy code would, on every point: min, max, mean,
    variance, the share below 0 and a ``bins``-bin histogram over [min, max] (bin index
    by a multiplication cast to integers, counted by ``np.bincount``).
    """
    from minelib.sweep.grid import _block_slices, grid_chunks

    axes = [np.asarray(v, dtype=np.float64) for v in params.values()]
    shape = tuple(len(a) for a in axes)
    blocks = list(_block_slices(shape, grid_chunks(shape, chunk_points)))[:n_blocks]
    n_points = sum(int(np.prod([s.stop - s.start for s in b])) for b in blocks)
    dep = 15.0 * 1000 / (4.0 * 365.25)  # USD/PH/day: $15/TH over 4 years

    def run():
        for b in blocks:
            p, n, e, c = (a[s].reshape([-1 if i == k else 1 for i in range(4)])
                          for k, (a, s) in enumerate(zip(axes, b)))
            hp = 144 * 3.125 / (n * 1000)  # BTC/PH/day
            pw = e * 24 * c  # USD/PH/day
            full = np.broadcast_shapes(p.shape, hp.shape, pw.shape)
            for out in (p * hp, pw / hp, (pw + dep) / hp, p * hp - pw - dep):
                if not reductions:
                    np.broadcast_to(out, full).sum()
                    continue
                v = np.broadcast_to(out, full).ravel()  # every point
                lo, hi = v.min(), v.max()
                v.mean(), v.var(), np.count_nonzero(v < 0)
                index = ((v - lo) * (bins / (hi - lo))).astype(np.intp)
                np.bincount(np.minimum(index, bins - 1, out=index), minlength=bins)

    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return n_points / statistics.median(times), n_points / statistics.median(cpu)


def load_average():
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def run_once(client, params, chunk_points, pids):
    with PeakRSS(pids) as mon:
        t0 = time.perf_counter()
        r = sweep("margin", reduce=True, scheduler=client, chunk_points=chunk_points, **params)
        wall = time.perf_counter() - t0
    return wall, mon.max_mib, r, mon.cpu_s


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=float, default=1e8)
    ap.add_argument("--chunk-points", type=int, default=DEFAULT_CHUNK_POINTS)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--loop-sample", type=int, default=200_000)
    ap.add_argument("--scaling", action="store_true", help="also show peak memory vs grid and chunk size")
    ap.add_argument("--one-worker", action=argparse.BooleanOptionalAction, default=True,
                    help="also time the same sweep on 1 worker: the scaling 1 -> N (default on)")
    args = ap.parse_args(argv)

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.WARNING)  # no INFO lines as the clusters close

    params = grid(int(args.points))
    n = int(np.prod([len(v) for v in params.values()]))

    # reference: plain Python loop over a sample of the same grid, scaled; same numbers
    k = max(2, round(args.loop_sample ** 0.25))
    sample = {key: v[:: max(1, len(v) // k)][:k] for key, v in params.items()}
    m = int(np.prod([len(v) for v in sample.values()]))
    t0 = time.perf_counter()
    ref = np.array(python_loop(*sample.values()))
    t_loop = (time.perf_counter() - t0) * n / m
    check = sweep("margin", **sample)
    assert np.allclose(check["margin_usd_per_ph_day"], ref[:, 3]) and np.allclose(check["all_in_cost_usd_per_btc"], ref[:, 2])

    def local_cluster(n_workers):
        cluster = LocalCluster(n_workers=n_workers, processes=True, threads_per_worker=1, host="127.0.0.1",
                               dashboard_address=":0", memory_limit=0)  # any free port: runs side by side
        client = Client(cluster)
        sweep("margin", reduce=True, scheduler=client, **grid(10_000))  # warm-up
        pid_of = client.run(os.getpid)  # {worker address: its pid}
        return cluster, client, list(pid_of), list(pid_of.values())

    # the 1-worker cluster (scaling) runs interleaved with the N-worker one, so that both
    # see the same load on a shared machine
    one_worker = args.one_worker and args.workers > 1
    cluster, client, worker_addrs, pids = local_cluster(args.workers)
    cluster1, client1, _, pids1 = local_cluster(1) if one_worker else (None, None, None, None)
    try:
        idle_mib = max(PeakRSS(pids).procs[i].memory_info().rss for i in range(len(pids))) / MIB
        runs, one = [], []
        for _ in range(args.repeat):
            runs.append(run_once(client, params, args.chunk_points, pids))
            if one_worker:
                one.append(run_once(client1, params, args.chunk_points, pids1))
        wall = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        res = runs[-1][2]
        print(f"sweep reduce: mining_margin_model on {n:,} points ({' x '.join(str(len(v)) for v in params.values())}),"
              f" {args.workers} Dask workers x 1 thread, chunks of {args.chunk_points:,} points"
              f" (load average {load_average():.1f} on {os.cpu_count()} CPUs)")
        cpu = statistics.median(r[3] for r in runs)
        floor, floor_cpu = bare_numpy_points_per_s(params, args.chunk_points, 5)
        floor *= args.workers
        floor2 = args.workers * bare_numpy_points_per_s(params, args.chunk_points, 1, reductions=True, n_blocks=2)[0]
        # the floor's arithmetic run inside one of the sweep's worker processes: the allocator settings its tasks get
        (_, floor_in_worker_cpu), = client.run(bare_numpy_points_per_s, params, args.chunk_points, 5,
                                               workers=worker_addrs[:1]).values()
        trim = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"), workers=worker_addrs[:1]).popitem()[1]
        print(f"  minelib.sweep (Dask)        median {wall:9.2f} s  {n / wall:14,.0f} points/s")
        print(f"  floor: bare NumPy model, 1 core x {args.workers}   {n / floor:9.2f} s  {floor:14,.0f} points/s")
        print(f"  sweep / floor throughput    {n / wall / floor:9.0%}      (target >= 50 %)")
        print(f"  the same in CPU time (less sensitive to other load): sweep {cpu:.2f} CPU-s (workers, client and "
              f"scheduler), floor {n / floor_cpu:.2f} CPU-s: {n / cpu / floor_cpu:.0%}")
        print(f"  extra line, not the floor: bare NumPy model + the same reductions on every point, 1 core x "
              f"{args.workers}: {n / floor2:.2f} s, {floor2:,.0f} points/s; sweep / that {n / wall / floor2:.0%}")
        print(f"  extra line, not the floor: the floor's arithmetic inside a Dask worker process "
              f"(MALLOC_TRIM_THRESHOLD_={trim}) {n / floor_in_worker_cpu:.2f} CPU-s, "
              f"{floor_cpu / floor_in_worker_cpu:.2f}x the floor's CPU time; sweep / that in CPU time "
              f"{n / cpu / floor_in_worker_cpu:.0%}")
        print(f"  plain Python loop (scaled)  {t_loop:16.2f} s  {n / t_loop:14,.0f} points/s")
        print(f"  peak worker RSS {peak:8.1f} MiB (idle worker {idle_mib:.1f} MiB); a {n:,}-point float64 "
              f"column alone would be {n * 8 / MIB:,.0f} MiB")
        mr = res.loc["margin_usd_per_ph_day"]
        print(f"  margin [USD/PH/day]: min {mr['min']:.2f} max {mr['max']:.2f} mean {mr['mean']:.2f} "
              f"share < 0 {mr['share_below']:.3f} median {mr['q0.5']:.2f} (+/- {mr['quantile_resolution']:.3f})")
        if args.scaling:
            small = grid(int(args.points) // 10)
            ns = int(np.prod([len(v) for v in small.values()]))
            for label, p, c in ((f"{ns:,} points, chunk {args.chunk_points:,}", small, args.chunk_points),
                                (f"{ns:,} points, chunk {args.chunk_points // 4:,}", small, args.chunk_points // 4)):
                w, pk, _, _ = run_once(client, p, c, pids)
                print(f"  scaling: {label:32s} wall {w:7.2f} s  peak worker RSS {pk:8.1f} MiB")
        if one_worker:
            w1 = statistics.median(r[0] for r in one)
            print(f"  scaling: 1 worker median {w1:.2f} s ({n / w1:,.0f} points/s, peak RSS "
                  f"{max(r[1] for r in one):.1f} MiB, {statistics.median(r[3] for r in one):.2f} CPU-s), "
                  f"{args.workers} workers {wall:.2f} s ({cpu:.2f} CPU-s): x {w1 / wall:.2f} (ideal x {args.workers}; "
                  "runs interleaved)")
    finally:
        for c in (client, cluster, client1, cluster1):
            if c is not None:
                c.close()
    return wall


if __name__ == "__main__":
    main()
