"""Monte Carlo: price, hashrate and protocol-faithful difficulty paths, and a miner on them.

Seed 000 asks whether a fast-growing miner produces as much BTC in Q4 as in Q1 although
the April 2024 halving falls in between, and notes that "hash rate dips 10-30% shortly
after each halving [...] over time [...] hash power back online". A single scenario
answers it for one network path; this module answers it for many, vectorized over paths
(NumPy arrays of shape ``(time, path)``; the only Python loops run over epochs or months).

The pieces:

* :func:`gbm_price_paths`, :func:`bootstrap_price_paths` - BTC price paths;
* :func:`post_halving_factor` - the post-halving hashrate dip and its linear recovery;
* :func:`simulate_network` - hashrate and difficulty epoch by epoch (2,016 blocks): the
  epoch lasts ``2016 * D * 2^32 / H`` seconds, the next difficulty follows the x4 / ÷4
  clamp (:func:`minelib.protocol.next_difficulty`), the subsidy follows the block height
  (:func:`minelib.protocol.block_subsidy_btc`), so each path reaches the halving at its own
  date. The result is binned into calendar months per path;
* :func:`simulate_miner_paths` - production, revenue, costs per BTC and the treasury
  (:func:`minelib.treasury.simulate_treasury_paths`: the treasury rules on every path);
* :func:`run_monte_carlo` - all of the above from one seed;
* summaries: :func:`fan_chart_data`, :func:`quarter_production_paths_btc`,
  :func:`prob_production_at_least`, :func:`prob_treasury_depletion`,
  :func:`depletion_curve`, :func:`breakeven_price_percentiles`.

Why a miner's production needs only the difficulty: within an epoch of difficulty ``D`` a
miner of hashrate ``m`` finds blocks at the rate ``m / (D 2^32)`` whatever the rest of the
network does, i.e. ``share x blocks = (m / H) x (H t / (D 2^32))``. The network hashrate
acts through the difficulty it sets at the next retarget and through how soon it reaches
the halving height.

References
----------
Seed 000_abd4e67359fd40a7.txt (Q1 -> Q4 across the 2024 halving; 10-30 % post-halving
hashrate dips and recovery); seed 001_edb144c9be488f88.txt (selling to stay online);
Bitcoin Core ``src/pow.cpp`` (retarget) and ``src/validation.cpp`` (subsidy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from minelib._validate import check_array, check_choice
from minelib.protocol import (
    HALVING_INTERVAL_BLOCKS,
    HASHES_PER_DIFFICULTY,
    RETARGET_INTERVAL_BLOCKS,
    TARGET_BLOCK_TIME_S,
    block_subsidy_btc,
    next_difficulty,
)
from minelib.treasury import POLICIES, TreasuryPaths, simulate_treasury_paths
from minelib.units import DAYS_PER_YEAR, H_PER_EH, KWH_PER_PH_DAY_PER_J_PER_TH, PH_PER_EH, SECONDS_PER_DAY

__all__ = [
    "gbm_price_paths",
    "bootstrap_price_paths",
    "post_halving_factor",
    "month_grid",
    "NetworkPaths",
    "simulate_network",
    "MinerPaths",
    "simulate_miner_paths",
    "run_monte_carlo",
    "fan_chart_data",
    "quarter_production_paths_btc",
    "prob_production_at_least",
    "prob_treasury_depletion",
    "depletion_curve",
    "breakeven_price_percentiles",
]

_SECONDS_PER_YEAR = DAYS_PER_YEAR * SECONDS_PER_DAY
_DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0



# --------------------------------------------------------------------------- helpers
def _count(name, value, lo=1, unit=""):
    arr = check_array(name, value, lo=lo, unit=unit, integer=True)
    if arr.ndim != 0:
        raise ValueError(f"{name}={value!r} must be a scalar whole number >= {lo} [{unit}]")
    return int(arr)


def _scalar(name, value, **kw):
    arr = check_array(name, value, **kw)
    if arr.ndim != 0:
        raise ValueError(f"{name}={value!r} must be a scalar [{kw.get('unit', '')}]")
    return float(arr)


def _rng(seed):
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and not isinstance(seed, (int, np.integer, np.random.SeedSequence)):
        raise ValueError(f"seed={seed!r} must be None, an int >= 0, a SeedSequence or a numpy Generator")
    if isinstance(seed, (int, np.integer)) and seed < 0:
        raise ValueError(f"seed={seed!r} must be >= 0")
    return np.random.default_rng(seed)


def _child_seeds(seed, n):
    """Independent streams from one seed, so one model's draws do not shift another's."""
    if isinstance(seed, np.random.Generator):
        return [np.random.default_rng(s) for s in seed.bit_generator.seed_seq.spawn(n)]
    _rng(seed)  # validates
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return [np.random.default_rng(s) for s in ss.spawn(n)]


def _as_time_path(name, value, n_steps, n_paths, *, lo=None, hi=None, lo_inclusive=True, unit=""):
    """Validate a scalar, a per-step vector (n_steps,) or a (n_steps, n_paths) array."""
    arr = check_array(name, value, lo=lo, hi=hi, lo_inclusive=lo_inclusive, unit=unit)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        if len(arr) != n_steps:
            raise ValueError(f"{name} has {len(arr)} steps; expected {n_steps} (one per month) [{unit}]")
        arr = arr[:, None]
    elif arr.ndim == 2:
        if arr.shape[0] != n_steps or arr.shape[1] not in (1, n_paths):
            raise ValueError(f"{name} has shape {arr.shape}; expected ({n_steps}, {n_paths}) [{unit}]")
    elif arr.ndim > 2:
        raise ValueError(f"{name} has shape {arr.shape}; expected a scalar, ({n_steps},) or ({n_steps}, {n_paths})")
    return arr


# --------------------------------------------------------------------------- prices
def gbm_price_paths(price0_usd, drift_per_year, volatility_per_year, n_steps, n_paths,
                    step_days=1.0, seed=None):
    """BTC price paths by geometric Brownian motion.

    ``S_{k+1} = S_k * exp((mu - sigma^2 / 2) dt + sigma sqrt(dt) Z_k)``, ``Z ~ N(0, 1)``,
    ``dt = step_days / 365.25`` years; so ``E[S_t] = S_0 e^{mu t}`` and the median path
    grows at ``mu - sigma^2 / 2`` per year.

    Parameters
    ----------
    price0_usd : float
        Price at the start [USD/BTC], > 0.
    drift_per_year : float
        Drift ``mu`` [1/year] (continuously compounded mean growth; 0 = flat in expectation).
    volatility_per_year : float
        Volatility ``sigma`` [1/sqrt(year)], >= 0.
    n_steps : int
        Number of steps [-], >= 1.
    n_paths : int
        Number of paths [-], >= 1.
    step_days : float or ndarray
        Length of each step [days], > 0: 1 for daily steps, 14 for epochs, or an array of
        ``n_steps`` lengths (e.g. calendar months from :func:`month_grid`).
    seed : int, SeedSequence or Generator, optional
        Seed of ``numpy.random.default_rng``; the same seed gives identical paths.

    Returns
    -------
    ndarray, shape (n_steps + 1, n_paths)
        Prices [USD/BTC]; row 0 is ``price0_usd``.

    Raises
    ------
    ValueError
        On an invalid argument; the message names it.

    Examples
    --------
    >>> p = gbm_price_paths(70_000.0, 0.0, 0.6, n_steps=365, n_paths=4, seed=1)
    >>> p.shape, float(p[0, 0])
    ((366, 4), 70000.0)
    >>> bool(np.all(gbm_price_paths(70_000.0, 0.0, 0.6, 365, 4, seed=1) == p))
    True
    """
    s0 = _scalar("price0_usd", price0_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    mu = _scalar("drift_per_year", drift_per_year, unit="1/year")
    sigma = _scalar("volatility_per_year", volatility_per_year, lo=0, unit="1/sqrt(year)")
    n = _count("n_steps", n_steps, unit="steps")
    m = _count("n_paths", n_paths, unit="paths")
    dt = check_array("step_days", step_days, lo=0, lo_inclusive=False, unit="days")
    if dt.ndim == 1 and len(dt) != n:
        raise ValueError(f"step_days has {len(dt)} steps; expected a scalar or {n} [days]")
    if dt.ndim > 1:
        raise ValueError(f"step_days must be a scalar or one-dimensional; got shape {dt.shape}")
    rng = _rng(seed)
    dt_y = np.broadcast_to(dt / DAYS_PER_YEAR, (n,))[:, None]
    z = rng.standard_normal((n, m))
    log_inc = (mu - 0.5 * sigma**2) * dt_y + sigma * np.sqrt(dt_y) * z
    out = np.empty((n + 1, m))
    out[0] = s0
    np.cumsum(log_inc, axis=0, out=out[1:])
    np.exp(out[1:], out=out[1:])
    out[1:] *= s0
    return out


def bootstrap_price_paths(price0_usd, log_returns, n_steps, n_paths, block_length=1, seed=None):
    """BTC price paths by resampling the caller's historical log returns (block bootstrap).

    Each path strings together blocks of ``block_length`` consecutive returns drawn with
    replacement from ``log_returns`` (``block_length=1``: the plain i.i.d. bootstrap; longer
    blocks keep volatility clustering); ``S_k = S_0 exp(sum of the first k returns)``. One
    step is one period of the returns given (daily returns -> daily steps).

    Parameters
    ----------
    price0_usd : float
        Price at the start [USD/BTC], > 0.
    log_returns : array-like
        Historical log returns ``ln(S_{t+1} / S_t)`` [-] of one period each, finite, at least
        ``block_length`` of them. The function does not invent a history: pass one.
    n_steps, n_paths : int
        Steps and paths [-], >= 1.
    block_length : int
        Consecutive returns per resampled block [steps], 1 <= block_length <= len(log_returns).
    seed : int, SeedSequence or Generator, optional
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    ndarray, shape (n_steps + 1, n_paths)
        Prices [USD/BTC].

    Examples
    --------
    >>> r = np.log([1.1, 0.9, 1.05])
    >>> p = bootstrap_price_paths(100.0, r, n_steps=2, n_paths=3, seed=0)
    >>> p.shape
    (3, 3)
    >>> bool(np.all(np.isin(np.round(p[1] / 100.0, 12), np.round(np.exp(r), 12))))
    True
    """
    s0 = _scalar("price0_usd", price0_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    r = check_array("log_returns", log_returns, unit="log return per step")
    if r.ndim != 1 or len(r) == 0:
        raise ValueError(f"log_returns must be a non-empty one-dimensional array; got shape {r.shape}")
    n = _count("n_steps", n_steps, unit="steps")
    m = _count("n_paths", n_paths, unit="paths")
    b = _count("block_length", block_length, unit="steps")
    if b > len(r):
        raise ValueError(f"block_length={block_length!r} exceeds the {len(r)} log_returns given [steps]")
    rng = _rng(seed)
    n_blocks = -(-n // b)
    starts = rng.integers(0, len(r) - b + 1, size=(n_blocks, m))
    idx = (starts[:, None, :] + np.arange(b)[None, :, None]).reshape(n_blocks * b, m)[:n]
    out = np.empty((n + 1, m))
    out[0] = s0
    np.cumsum(r[idx], axis=0, out=out[1:])
    np.exp(out[1:], out=out[1:])
    out[1:] *= s0
    return out


# --------------------------------------------------------------------------- hashrate
def post_halving_factor(days_since_halving, drop, recovery_months):
    """Hashrate multiplier after a halving: a sudden dip that recovers linearly.

    ``f(t) = 1 - drop * max(0, 1 - t / T_rec)`` for ``t >= 0`` days after the halving,
    ``T_rec = recovery_months * 365.25 / 12`` days; ``f = 1`` before the halving
    (``t < 0``) and once recovered. ``recovery_months = 0`` means no recovery is modelled
    beyond the trend (the dip persists: ``f = 1 - drop``).

    Parameters
    ----------
    days_since_halving : float or ndarray
        Days since the halving block [days]; negative before it, ``-inf`` if not yet.
    drop : float or ndarray
        Fractional hashrate drop at the halving [fraction], in [0, 1).
    recovery_months : float
        Months to recover to the trend [months], >= 0.

    Returns
    -------
    float or ndarray
        Multiplier of the trend hashrate [-], in (0, 1].

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt: "hash rate dips 10-30% shortly after each halving".

    Examples
    --------
    >>> post_halving_factor(np.array([-1.0, 0.0, 91.3125, 200.0]), 0.2, 6)
    array([1. , 0.8, 0.9, 1. ])
    """
    t = check_array("days_since_halving", days_since_halving, unit="days")
    d = check_array("drop", drop, lo=0, hi=1, hi_inclusive=False, unit="fraction")
    rm = _scalar("recovery_months", recovery_months, lo=0, unit="months")
    out = _post_halving_factor(t, d, rm * _DAYS_PER_MONTH)
    return float(out) if np.ndim(out) == 0 else out


def _post_halving_factor(t_days, drop, rec_days):
    after = t_days >= 0
    if rec_days > 0:
        remaining = np.clip(1.0 - np.where(after, t_days, 0.0) / rec_days, 0.0, 1.0)
    else:
        remaining = 1.0
    return 1.0 - drop * np.where(after, remaining, 0.0)


# --------------------------------------------------------------------------- months
def month_grid(start, n_months):
    """Calendar months of a simulation starting at ``start``.

    Parameters
    ----------
    start : str, datetime or Timestamp
        Start of the simulation (time 0); the first month runs from ``start`` to the first
        of the next month.
    n_months : int
        Number of months [-], >= 1.

    Returns
    -------
    months : pandas.PeriodIndex
        The months (freq ``"M"``).
    edges_days : ndarray, shape (n_months + 1,)
        Month boundaries in days since ``start`` [days]; ``edges_days[0] == 0``.

    Examples
    --------
    >>> months, edges = month_grid("2024-01-01", 3)
    >>> [str(m) for m in months], edges.tolist()
    (['2024-01', '2024-02', '2024-03'], [0.0, 31.0, 60.0, 91.0])
    """
    n = _count("n_months", n_months, unit="months")
    try:
        t0 = pd.Timestamp(start)
    except (TypeError, ValueError):
        raise ValueError(f"start={start!r} is not a date") from None
    if t0 is pd.NaT:
        raise ValueError(f"start={start!r} is not a date")
    months = pd.period_range(t0.to_period("M"), periods=n, freq="M")
    bounds = [t0] + [(m + 1).to_timestamp() for m in months]
    if t0.tzinfo is not None:
        bounds = [t0] + [b.tz_localize(t0.tzinfo) for b in bounds[1:]]
    edges = np.array([(b - t0) / pd.Timedelta(days=1) for b in bounds])
    return months, edges


# --------------------------------------------------------------------------- network
@dataclass
class NetworkPaths:
    """Network paths from :func:`simulate_network` (arrays are ``(time, path)``).

    Attributes
    ----------
    months : PeriodIndex
        Calendar months of the monthly arrays.
    start : Timestamp
        Time 0.
    month_edges_days : ndarray (n_months + 1,)
        Month boundaries [days since start].
    btc_per_ehs_month : ndarray (n_months, n_paths)
        BTC that 1 EH/s of hashrate earns in the month at full efficiency, subsidy by block
        height plus fees [BTC/(EH/s)/month].
    blocks : ndarray (n_months, n_paths)
        Expected blocks mined in the month [blocks].
    network_hashrate_ehs : ndarray (n_months, n_paths)
        Time-average network hashrate over the month [EH/s].
    difficulty : ndarray (n_months, n_paths)
        Difficulty in force at the end of the month [-].
    halving_days : ndarray (n_halvings, n_paths)
        When each halving block within the horizon was mined [days since start].
    halving_heights : ndarray (n_halvings,)
        Their heights [blocks].
    epoch_start_days, epoch_difficulty, epoch_hashrate_ehs : ndarray (n_epochs, n_paths)
        Per retarget epoch: start time [days], difficulty [-], trend x dip hashrate at its
        start [EH/s] (``None`` with ``keep_epochs=False``).
    epoch_start_height : ndarray (n_epochs,)
        First block height of each simulated (partial, for the first) epoch [blocks].
    """

    months: pd.PeriodIndex
    start: pd.Timestamp
    month_edges_days: np.ndarray
    btc_per_ehs_month: np.ndarray
    blocks: np.ndarray
    network_hashrate_ehs: np.ndarray
    difficulty: np.ndarray
    halving_days: np.ndarray
    halving_heights: np.ndarray
    epoch_start_height: np.ndarray
    epoch_start_days: np.ndarray | None = None
    epoch_difficulty: np.ndarray | None = None
    epoch_hashrate_ehs: np.ndarray | None = None

    @property
    def n_paths(self) -> int:
        return self.btc_per_ehs_month.shape[1]

    @property
    def halving_dates(self) -> pd.DataFrame:
        """Halving date per path (rows: halving height, columns: path) as Timestamps."""
        return pd.DataFrame(
            {int(h): self.start + pd.to_timedelta(self.halving_days[i], unit="D") for i, h in enumerate(self.halving_heights)}
        ).T


def simulate_network(
    n_paths,
    *,
    start="2024-01-01",
    n_months=48,
    start_height=824_160,
    network_hashrate_ehs=566.0,
    hashrate_drift_per_year=0.4,
    hashrate_volatility_per_year=0.25,
    halving_drop=(0.10, 0.30),
    recovery_months=6.0,
    difficulty=None,
    epoch_elapsed_s=None,
    fees_per_block_btc=0.0,
    keep_epochs=True,
    seed=None,
):
    """Network hashrate and difficulty, epoch by epoch, binned into calendar months.

    Per path, at each retarget epoch ``k`` (2,016 blocks; the first is the remainder of
    the current epoch):

    * trend hashrate ``X_{k+1} = X_k exp((mu - sigma^2/2) dt + sigma sqrt(dt) Z_k)`` with
      ``dt`` the epoch's duration in years;
    * network hashrate ``H = X * f``, ``f`` the post-halving dip of
      :func:`post_halving_factor` with a drop drawn uniformly in ``halving_drop`` for each
      halving and path;
    * blocks come at the rate ``H / (D 2^32)``: ``n`` blocks take ``n D 2^32 / H`` seconds;
      an epoch that contains a halving height is split there, the rest of it mined at the
      dipped hashrate and the new subsidy (``block_subsidy_btc(height)``);
    * ``D_{k+1} = next_difficulty(D_k, T_k)``: ``D T_target / clamp(T_k, T/4, 4 T)``.

    The simulation runs until every path has passed the last month's end.

    Parameters
    ----------
    n_paths : int
        Number of paths [-], >= 1.
    start : str or Timestamp
        Calendar date of time 0.
    n_months : int
        Months to simulate [months], >= 1.
    start_height : int
        Block height at ``start`` [blocks], >= 0. The default, 824,160, is about 1 January
        2024: the halving block 840,000 (mined 2024-04-20, ``data/halvings.csv``) minus
        110 days x 144 blocks/day (a derived estimate).
    network_hashrate_ehs : float
        Network hashrate at ``start`` [EH/s], > 0.
    hashrate_drift_per_year : float
        Drift ``mu`` of the trend hashrate [1/year] (continuously compounded mean growth).
        The default is illustrative; notebook 09 derives one from
        ``data/network_snapshots.csv``.
    hashrate_volatility_per_year : float
        Volatility ``sigma`` of the trend hashrate [1/sqrt(year)], >= 0 (illustrative
        default).
    halving_drop : (float, float)
        Range of the post-halving drop [fraction], 0 <= low <= high < 1; seed 000: 10-30 %.
    recovery_months : float
        Months for the dip to recover linearly to the trend [months], >= 0.
    difficulty : float, optional
        Difficulty at ``start`` [-], >= 1; default the difficulty at which the starting
        hashrate finds a block every 600 s.
    epoch_elapsed_s : float, optional
        Seconds since the current epoch's first block [s], >= 0; default: the blocks of the
        epoch so far at the starting block rate.
    fees_per_block_btc : float
        Mean fees per block [BTC/block], >= 0, added to the subsidy.
    keep_epochs : bool
        Keep the per-epoch arrays (memory: 3 x n_epochs x n_paths floats).
    seed : int, SeedSequence or Generator, optional
        Seed; the same seed gives identical paths.

    Returns
    -------
    NetworkPaths

    Raises
    ------
    ValueError
        On an invalid argument (the message names it), or if a path's hashrate collapses
        so far that the horizon is not reached within 10x the expected number of epochs.

    References
    ----------
    Bitcoin Core ``CalculateNextWorkRequired`` (``src/pow.cpp``); seed 000.

    Examples
    --------
    >>> net = simulate_network(3, n_months=12, seed=7)
    >>> net.btc_per_ehs_month.shape, net.halving_heights.tolist()
    ((12, 3), [840000])
    >>> bool((net.halving_dates.iloc[0].dt.month == 4).all())  # April 2024 on these paths
    True
    """
    m = _count("n_paths", n_paths, unit="paths")
    months, edges_days = month_grid(start, n_months)
    n_mo = len(months)
    h0 = _count("start_height", start_height, lo=0, unit="blocks")
    hr0 = _scalar("network_hashrate_ehs", network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    mu = _scalar("hashrate_drift_per_year", hashrate_drift_per_year, unit="1/year")
    sigma = _scalar("hashrate_volatility_per_year", hashrate_volatility_per_year, lo=0, unit="1/sqrt(year)")
    drop = check_array("halving_drop", halving_drop, lo=0, hi=1, hi_inclusive=False, unit="fraction")
    if drop.shape != (2,) or drop[0] > drop[1]:
        raise ValueError(f"halving_drop={halving_drop!r} must be a (low, high) pair with low <= high [fraction]")
    rec_days = _scalar("recovery_months", recovery_months, lo=0, unit="months") * _DAYS_PER_MONTH
    fees = _scalar("fees_per_block_btc", fees_per_block_btc, lo=0, unit="BTC/block")
    h0_hs = hr0 * H_PER_EH
    if difficulty is None:
        d0 = max(h0_hs * TARGET_BLOCK_TIME_S / HASHES_PER_DIFFICULTY, 1.0)
    else:
        d0 = _scalar("difficulty", difficulty, lo=1, unit="dimensionless")
    into_epoch = h0 % RETARGET_INTERVAL_BLOCKS
    if epoch_elapsed_s is None:
        elapsed0 = into_epoch * d0 * HASHES_PER_DIFFICULTY / h0_hs
    else:
        elapsed0 = _scalar("epoch_elapsed_s", epoch_elapsed_s, lo=0, unit="s")
    rng_h, rng_d = _child_seeds(seed, 2)

    horizon_s = edges_days[-1] * SECONDS_PER_DAY
    edges_s = np.append(edges_days * SECONDS_PER_DAY, np.inf)  # overflow bin past the horizon
    month_len_s = np.diff(edges_days) * SECONDS_PER_DAY
    expected_epochs = int(np.ceil(horizon_s / (RETARGET_INTERVAL_BLOCKS * TARGET_BLOCK_TIME_S))) + 2
    max_epochs = 10 * expected_epochs
    # heights of halvings that could fall in the horizon (at most max_epochs epochs away)
    first_h = (h0 // HALVING_INTERVAL_BLOCKS + 1) * HALVING_INTERVAL_BLOCKS
    last_possible = h0 + max_epochs * RETARGET_INTERVAL_BLOCKS
    halving_hts = np.arange(first_h, last_possible + 1, HALVING_INTERVAL_BLOCKS, dtype=np.int64)
    halving_set = set(halving_hts.tolist())
    drops = rng_d.uniform(drop[0], drop[1], size=(max(len(halving_hts), 1), m))

    acc_btc = np.zeros((n_mo + 1, m))
    acc_blocks = np.zeros((n_mo + 1, m))
    acc_hash = np.zeros((n_mo + 1, m))
    path_idx = np.arange(m)
    halving_t = np.full((len(halving_hts), m), np.nan)

    t = np.zeros(m)  # seconds since start
    x = np.full(m, h0_hs)  # trend hashrate [H/s]
    d = np.full(m, d0)
    last_halving_t = np.full(m, -np.inf)  # seconds
    cur_drop = np.zeros(m)
    height = h0
    elapsed = np.full(m, elapsed0)
    ep_t, ep_d, ep_h, ep_height = [], [], [], []

    diff_ext = np.full((n_mo + 1, m), np.nan)
    acc_btc_f, acc_blocks_f, acc_hash_f, diff_ext_f = (a.reshape(-1) for a in (acc_btc, acc_blocks, acc_hash, diff_ext))

    def accumulate(t_a, t_b, btc_rate, block_rate, hs, dd):
        # Spread constant rates over [t_a, t_b) into month bins, per path, vectorized. A
        # segment (<= 2016 blocks) rarely spans more than two months: the first bin is
        # done for all paths, later bins only for the paths whose segment reaches them.
        # A segment that reaches a month's end records the difficulty in force there.
        j = np.minimum(np.searchsorted(edges_s, t_a, side="right") - 1, n_mo)
        edge_hi = edges_s[j + 1]
        ov = np.minimum(t_b, edge_hi) - t_a
        flat = j * m + path_idx
        acc_btc_f[flat] += btc_rate * ov
        acc_blocks_f[flat] += block_rate * ov
        acc_hash_f[flat] += hs * ov
        p = np.flatnonzero(t_b >= edge_hi)
        while p.size:
            jp = j[p]
            diff_ext_f[jp * m + p] = dd[p]
            keep = jp < n_mo
            p, jp = p[keep], jp[keep] + 1
            if not p.size:
                break
            j[p] = jp
            hi_edge = edges_s[jp + 1]
            tb = t_b[p]
            ovp = np.minimum(tb, hi_edge) - edges_s[jp]
            fp = jp * m + p
            acc_btc_f[fp] += btc_rate[p] * ovp
            acc_blocks_f[fp] += block_rate[p] * ovp
            acc_hash_f[fp] += hs[p] * ovp
            p = p[tb >= hi_edge]

    n_ep = 0
    while True:
        if n_ep >= max_epochs:
            raise ValueError(
                f"hashrate_drift_per_year={mu!r} / hashrate_volatility_per_year={sigma!r} let a path's "
                f"hashrate collapse: the {n_mo}-month horizon was not reached in {max_epochs} epochs"
            )
        epoch_end = (height // RETARGET_INTERVAL_BLOCKS + 1) * RETARGET_INTERVAL_BLOCKS
        k_h = np.searchsorted(halving_hts, height, side="left")  # next halving at or after height
        split = k_h < len(halving_hts) and halving_hts[k_h] < epoch_end and halving_hts[k_h] > height
        bounds = [height, int(halving_hts[k_h]), epoch_end] if split else [height, epoch_end]
        if keep_epochs:
            ep_t.append(t / SECONDS_PER_DAY)
            ep_d.append(d.copy())
            ep_height.append(height)
        t_epoch0 = t.copy()
        for s, (ha, hb) in enumerate(zip(bounds[:-1], bounds[1:])):
            if ha in halving_set:  # a halving block starts this segment
                i_h = int(np.searchsorted(halving_hts, ha))
                halving_t[i_h] = t
                last_halving_t = t.copy()
                cur_drop = drops[i_h]
            if np.isfinite(last_halving_t).any() and (rec_days == 0 or (t - last_halving_t).min() < rec_days * SECONDS_PER_DAY):
                hs = x * _post_halving_factor((t - last_halving_t) / SECONDS_PER_DAY, cur_drop, rec_days)
            else:
                hs = x  # no halving yet, or every path has recovered
            if keep_epochs and s == 0:
                ep_h.append(hs / H_PER_EH)
            work_per_block = d * HASHES_PER_DIFFICULTY
            n_blocks = hb - ha
            dt = n_blocks * work_per_block / hs
            reward = float(block_subsidy_btc(ha)) + fees
            block_rate = hs / work_per_block  # blocks per second
            btc_per_ehs_rate = reward * H_PER_EH / work_per_block  # BTC per second per EH/s
            t_next = t + dt
            accumulate(t, t_next, btc_per_ehs_rate, block_rate, hs, d)
            t = t_next
        epoch_dt = t - t_epoch0
        total = elapsed + epoch_dt
        d = np.asarray(next_difficulty(d, total))
        elapsed = np.zeros(m)
        height = epoch_end
        dt_y = epoch_dt / _SECONDS_PER_YEAR
        z = rng_h.standard_normal(m)
        x = x * np.exp((mu - 0.5 * sigma**2) * dt_y + sigma * np.sqrt(dt_y) * z)
        n_ep += 1
        if t.min() >= horizon_s:
            break

    reached = ~np.isnan(halving_t).any(axis=1)
    in_horizon = reached & (np.nanmin(np.where(np.isnan(halving_t), np.inf, halving_t), axis=1) < horizon_s)
    return NetworkPaths(
        months=months,
        start=pd.Timestamp(start),
        month_edges_days=edges_days,
        btc_per_ehs_month=acc_btc[:n_mo],
        blocks=acc_blocks[:n_mo],
        network_hashrate_ehs=acc_hash[:n_mo] / month_len_s[:, None] / H_PER_EH,
        difficulty=diff_ext[:n_mo],
        halving_days=halving_t[in_horizon] / SECONDS_PER_DAY,
        halving_heights=halving_hts[in_horizon],
        epoch_start_height=np.array(ep_height, dtype=np.int64),
        epoch_start_days=np.array(ep_t) if keep_epochs else None,
        epoch_difficulty=np.array(ep_d) if keep_epochs else None,
        epoch_hashrate_ehs=np.array(ep_h) if keep_epochs else None,
    )


# --------------------------------------------------------------------------- miner
@dataclass
class MinerPaths:
    """A miner's monthly outcomes on every path (arrays ``(n_months, n_paths)``).

    Attributes
    ----------
    months : PeriodIndex
    network : NetworkPaths
    price_usd : month-end (sale) price [USD/BTC]
    miner_hashrate_ehs : the miner's nameplate hashrate [EH/s]
    production_btc : BTC mined [BTC/month]
    revenue_usd : production x price [USD/month]
    power_cost_usd, other_cash_costs_usd, fiat_costs_usd, depreciation_usd : [USD/month]
    cash_cost_usd_per_btc, all_in_cost_usd_per_btc : [USD/BTC] (inf with no production)
    treasury : the :class:`minelib.treasury.TreasuryPaths` of the policy
    policy : the selling policy
    """

    months: pd.PeriodIndex
    network: NetworkPaths
    price_usd: np.ndarray
    miner_hashrate_ehs: np.ndarray
    production_btc: np.ndarray
    power_cost_usd: np.ndarray
    other_cash_costs_usd: np.ndarray
    fiat_costs_usd: np.ndarray
    depreciation_usd: np.ndarray
    treasury: TreasuryPaths = field(repr=False)
    policy: str = "sell_to_cover"

    @cached_property
    def revenue_usd(self) -> np.ndarray:
        """Production x month-end price [USD/month]."""
        return self.production_btc * self.price_usd

    @cached_property
    def cash_cost_usd_per_btc(self) -> np.ndarray:
        """Fiat (cash) costs / production [USD/BTC]; inf without production."""
        return _per_btc(self.fiat_costs_usd, self.production_btc)

    @cached_property
    def all_in_cost_usd_per_btc(self) -> np.ndarray:
        """(Fiat costs + depreciation) / production [USD/BTC]; inf without production."""
        return _per_btc(self.fiat_costs_usd + self.depreciation_usd, self.production_btc)

    @property
    def n_paths(self) -> int:
        return self.production_btc.shape[1]


def _per_btc(cost, btc):
    cost, btc = np.broadcast_arrays(cost, btc)
    return np.divide(cost, btc, out=np.full(btc.shape, np.inf), where=btc > 0)


def simulate_miner_paths(
    network,
    price_usd,
    miner_hashrate_ehs,
    *,
    operational_efficiency=1.0,
    pool_fee=0.0,
    efficiency_j_per_th=20.0,
    power_price_usd_per_kwh=0.05,
    uptime=1.0,
    other_cash_costs_usd_per_month=0.0,
    depreciation_usd_per_month=0.0,
    policy="sell_to_cover",
    start_treasury_btc=0.0,
    start_cash_usd=0.0,
    sell_fraction=None,
):
    """A miner's production, revenue, cost per BTC and treasury on each network path.

    Month ``j`` on a path:

    * ``production = m_j * btc_per_ehs_month_j * operational_efficiency * (1 - pool_fee)``
      (hashrate share x blocks x reward x efficiency, see the module docstring);
    * ``power = m_j [TH/s] * e [J/TH] * uptime * 24 h * days_j / 1000 * price_kWh``;
    * ``fiat costs = power + other cash costs``; ``all-in = fiat + depreciation``;
    * cost per BTC = cost / production; revenue = production x month-end price;
    * the treasury follows :func:`minelib.treasury.simulate_treasury_paths` with the policy.

    Parameters
    ----------
    network : NetworkPaths
        From :func:`simulate_network`.
    price_usd : array-like
        BTC price at each month's end, at which the month's sales happen [USD/BTC], > 0:
        ``(n_months, n_paths)`` (e.g. rows 1: of :func:`gbm_price_paths` with monthly steps),
        ``(n_months,)`` or a scalar.
    miner_hashrate_ehs : float or array-like
        The miner's nameplate hashrate per month [EH/s], >= 0: scalar, ``(n_months,)`` plan
        or ``(n_months, n_paths)``. Must not exceed the starting network hashrate.
    operational_efficiency : float
        Captured share of the expected reward [fraction], in [0, 1] (seed 000: 0.86).
    pool_fee : float
        Pool fee [fraction], in [0, 1).
    efficiency_j_per_th : float or array-like
        Fleet efficiency [J/TH], > 0.
    power_price_usd_per_kwh : float or array-like
        Power price [USD/kWh], >= 0.
    uptime : float
        Share of time the machines draw power [fraction], in [0, 1].
    other_cash_costs_usd_per_month : float or array-like
        Other cash costs: opex, G&A, interest [USD/month], >= 0.
    depreciation_usd_per_month : float or array-like
        Depreciation (non-cash, in the all-in cost only) [USD/month], >= 0.
    policy, start_treasury_btc, start_cash_usd, sell_fraction
        As :func:`minelib.treasury.simulate_treasury_paths`.

    Returns
    -------
    MinerPaths

    Raises
    ------
    ValueError
        On an invalid argument; the message names it.

    Examples
    --------
    >>> net = simulate_network(2, n_months=3, seed=0)
    >>> res = simulate_miner_paths(net, 70_000.0, 16.4, operational_efficiency=0.86)
    >>> res.production_btc.shape
    (3, 2)
    """
    if not isinstance(network, NetworkPaths):
        raise ValueError(f"network={type(network).__name__} must be the NetworkPaths of simulate_network")
    n_t, n_p = network.btc_per_ehs_month.shape
    price = _as_time_path("price_usd", price_usd, n_t, n_p, lo=0, lo_inclusive=False, unit="USD/BTC")
    mh = _as_time_path("miner_hashrate_ehs", miner_hashrate_ehs, n_t, n_p, lo=0, unit="EH/s")
    oe = _scalar("operational_efficiency", operational_efficiency, lo=0, hi=1, unit="fraction")
    pf = _scalar("pool_fee", pool_fee, lo=0, hi=1, unit="fraction")
    if pf >= 1:
        raise ValueError(f"pool_fee={pool_fee!r} is outside the expected range [0, 1) [fraction]")
    eff = _as_time_path("efficiency_j_per_th", efficiency_j_per_th, n_t, n_p, lo=0, lo_inclusive=False, unit="J/TH")
    pp = _as_time_path("power_price_usd_per_kwh", power_price_usd_per_kwh, n_t, n_p, lo=0, unit="USD/kWh")
    up = _scalar("uptime", uptime, lo=0, hi=1, unit="fraction")
    other = _as_time_path("other_cash_costs_usd_per_month", other_cash_costs_usd_per_month, n_t, n_p, lo=0, unit="USD/month")
    dep = _as_time_path("depreciation_usd_per_month", depreciation_usd_per_month, n_t, n_p, lo=0, unit="USD/month")
    h_start = network.network_hashrate_ehs[0].min()
    if np.max(mh[0]) > h_start:
        raise ValueError(
            f"miner_hashrate_ehs={float(np.max(mh[0]))!r} exceeds the network hashrate {h_start:.4g} EH/s in the "
            "first month; a miner is part of the network [EH/s]"
        )
    check_choice("policy", policy, POLICIES)

    days = np.diff(network.month_edges_days)[:, None]
    shape = (n_t, n_p)
    mh_b = np.broadcast_to(mh, shape)
    production = mh_b * network.btc_per_ehs_month * (oe * (1.0 - pf))
    power = mh_b * PH_PER_EH * eff * KWH_PER_PH_DAY_PER_J_PER_TH * pp * up * days
    other_b = np.broadcast_to(other, shape)
    dep_b = np.broadcast_to(dep, shape)
    fiat = power + other_b
    price_b = np.broadcast_to(price, shape)
    treasury = simulate_treasury_paths(
        production, price_b, fiat, policy,
        start_treasury_btc=start_treasury_btc, start_cash_usd=start_cash_usd, sell_fraction=sell_fraction,
    )
    return MinerPaths(
        months=network.months,
        network=network,
        price_usd=price_b,
        miner_hashrate_ehs=mh_b,
        production_btc=production,
        power_cost_usd=power,
        other_cash_costs_usd=other_b,
        fiat_costs_usd=fiat,
        depreciation_usd=dep_b,
        treasury=treasury,
        policy=policy,
    )


def run_monte_carlo(
    n_paths=2_000,
    seed=None,
    *,
    start="2024-01-01",
    n_months=48,
    price0_usd=70_000.0,
    price_model="gbm",
    price_drift_per_year=0.0,
    price_volatility_per_year=0.6,
    log_returns=None,
    block_length=1,
    network_kwargs=None,
    **miner_kwargs,
):
    """Network paths, monthly price paths and the miner on them, all from one seed.

    The seed is split (``SeedSequence.spawn``) into independent streams for the network and
    the price, so changing the price model leaves the network paths unchanged.

    Parameters
    ----------
    n_paths : int
        Paths [-], >= 1.
    seed : int, SeedSequence or Generator, optional
        Seed; the same seed gives identical results.
    start, n_months
        Calendar start and horizon [months], as :func:`simulate_network`.
    price0_usd : float
        Price at ``start`` [USD/BTC], > 0.
    price_model : {"gbm", "bootstrap"}
        :func:`gbm_price_paths` with monthly (calendar) steps, or
        :func:`bootstrap_price_paths` of ``log_returns`` (monthly log returns: one per step).
    price_drift_per_year, price_volatility_per_year : float
        GBM ``mu`` [1/year] and ``sigma`` [1/sqrt(year)].
    log_returns : array-like, optional
        Monthly log returns for ``price_model="bootstrap"`` [-].
    block_length : int
        Bootstrap block length [months].
    network_kwargs : dict, optional
        Further arguments of :func:`simulate_network` (hashrate, drift, drop range ...).
    **miner_kwargs
        ``miner_hashrate_ehs`` (required) and the other arguments of
        :func:`simulate_miner_paths`.

    Returns
    -------
    MinerPaths

    Examples
    --------
    >>> a = run_monte_carlo(50, seed=3, n_months=12, miner_hashrate_ehs=16.4)
    >>> b = run_monte_carlo(50, seed=3, n_months=12, miner_hashrate_ehs=16.4)
    >>> bool(np.array_equal(a.treasury["treasury_btc"], b.treasury["treasury_btc"]))
    True
    """
    check_choice("price_model", price_model, ("gbm", "bootstrap"))
    if "miner_hashrate_ehs" not in miner_kwargs:
        raise ValueError("miner_hashrate_ehs is required [EH/s]")
    network_kwargs = dict(network_kwargs or {})
    for k in ("start", "n_months", "seed", "n_paths"):
        if k in network_kwargs:
            raise ValueError(f"network_kwargs must not contain {k!r}; pass it to run_monte_carlo")
    rng_net, rng_price = _child_seeds(seed, 2)
    net = simulate_network(n_paths, start=start, n_months=n_months, seed=rng_net, **network_kwargs)
    step_days = np.diff(net.month_edges_days)
    if price_model == "gbm":
        if log_returns is not None:
            raise ValueError("log_returns is only used with price_model='bootstrap'")
        prices = gbm_price_paths(price0_usd, price_drift_per_year, price_volatility_per_year,
                                 len(step_days), n_paths, step_days=step_days, seed=rng_price)
    else:
        if log_returns is None:
            raise ValueError("log_returns is required with price_model='bootstrap' (monthly log returns)")
        prices = bootstrap_price_paths(price0_usd, log_returns, len(step_days), n_paths,
                                       block_length=block_length, seed=rng_price)
    return simulate_miner_paths(net, prices[1:], **miner_kwargs)


# --------------------------------------------------------------------------- summaries
def fan_chart_data(paths, index=None, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95), name="value"):
    """Quantiles across paths at each time step, as a tidy (long) DataFrame.

    Parameters
    ----------
    paths : array-like, shape (n_steps, n_paths)
        Values per step and path (e.g. ``MinerPaths.production_btc``).
    index : array-like, optional
        Labels of the steps (e.g. ``MinerPaths.months``); default ``0..n_steps-1``.
    quantiles : sequence of float
        Quantiles [fraction], each in [0, 1].
    name : str
        Name of the value column.

    Returns
    -------
    pandas.DataFrame
        Columns ``step`` (the index labels), ``quantile`` and ``name``; one row per step and
        quantile. Use ``.pivot(index="step", columns="quantile", values=name)`` for a wide
        table.

    Examples
    --------
    >>> fan_chart_data(np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]]), quantiles=(0.5,))
       step  quantile  value
    0     0       0.5    2.0
    1     1       0.5    4.0
    """
    a = check_array("paths", paths)
    if a.ndim != 2 or a.size == 0:
        raise ValueError(f"paths must be a non-empty (n_steps, n_paths) array; got shape {a.shape}")
    q = check_array("quantiles", quantiles, lo=0, hi=1, unit="fraction")
    q = np.atleast_1d(q)
    if index is None:
        index = np.arange(a.shape[0])
    elif len(index) != a.shape[0]:
        raise ValueError(f"index has {len(index)} labels; paths has {a.shape[0]} steps")
    vals = np.quantile(a, q, axis=1)  # (nq, n_steps)
    steps = np.tile(np.asarray(index), len(q)) if not isinstance(index, pd.Index) else index.repeat(1).tolist() * len(q)
    df = pd.DataFrame({"step": steps, "quantile": np.repeat(q, a.shape[0]), name: vals.ravel()})
    return df.sort_values(["step", "quantile"], kind="stable").reset_index(drop=True)


def _quarter_mask(months, quarter):
    try:
        qp = pd.Period(quarter, freq="Q")
    except (TypeError, ValueError):
        raise ValueError(f"quarter={quarter!r} is not a quarter such as '2024Q1'") from None
    mask = np.asarray(months.asfreq("Q") == qp)
    if mask.sum() != 3:
        raise ValueError(f"quarter={quarter!r} is not fully inside the simulated months "
                         f"{months[0]}..{months[-1]}")
    return mask


def quarter_production_paths_btc(result, quarter):
    """Production per path in a calendar quarter [BTC], shape (n_paths,).

    Examples
    --------
    >>> res = run_monte_carlo(10, seed=0, n_months=12, miner_hashrate_ehs=16.4)
    >>> quarter_production_paths_btc(res, "2024Q1").shape
    (10,)
    """
    if not isinstance(result, MinerPaths):
        raise ValueError(f"result={type(result).__name__} must be the MinerPaths of simulate_miner_paths")
    return result.production_btc[_quarter_mask(result.months, quarter)].sum(axis=0)


def prob_production_at_least(result, base_quarter="2024Q1", target_quarter="2024Q4", ratio=1.0):
    """Share of paths on which a quarter's production is at least ``ratio`` x another's.

    ``P(BTC_target >= ratio * BTC_base)`` over the paths; seed 000's question is
    ``P(Q4 >= Q1)`` with the halving in between.

    Parameters
    ----------
    result : MinerPaths
    base_quarter, target_quarter : str
        Calendar quarters such as ``"2024Q1"``, both inside the simulated months.
    ratio : float
        Required ratio [-], > 0.

    Returns
    -------
    float
        Probability [fraction].

    Examples
    --------
    >>> res = run_monte_carlo(200, seed=1, n_months=12, miner_hashrate_ehs=np.linspace(16.4, 32.0, 12))
    >>> 0.0 <= prob_production_at_least(res) <= 1.0
    True
    """
    r = _scalar("ratio", ratio, lo=0, lo_inclusive=False, unit="-")
    base = quarter_production_paths_btc(result, base_quarter)
    target = quarter_production_paths_btc(result, target_quarter)
    return float(np.mean(target >= r * base))


def depletion_curve(result):
    """Share of paths whose treasury has run dry by each month (cumulative).

    A path is *depleted* from the first month in which its policy leaves costs unpaid by
    cash, sales and treasury (``external_funding_usd > 0``: under ``sell_to_cover`` the
    treasury is empty).

    Returns
    -------
    pandas.Series
        Probability [fraction], indexed by month.

    Examples
    --------
    >>> res = run_monte_carlo(20, seed=0, n_months=6, miner_hashrate_ehs=16.4,
    ...                       other_cash_costs_usd_per_month=1e9)
    >>> float(depletion_curve(res).iloc[-1])
    1.0
    """
    if not isinstance(result, MinerPaths):
        raise ValueError(f"result={type(result).__name__} must be the MinerPaths of simulate_miner_paths")
    dry = np.logical_or.accumulate(result.treasury["external_funding_usd"] > 0, axis=0)
    return pd.Series(dry.mean(axis=1), index=result.months, name="p_depleted")


def prob_treasury_depletion(result, within_months):
    """Probability that the treasury runs dry within the first ``within_months`` months.

    See :func:`depletion_curve` for the definition.

    Parameters
    ----------
    result : MinerPaths
    within_months : int
        Months from the start [months], 1 <= N <= n_months.

    Returns
    -------
    float
        Probability [fraction].
    """
    if not isinstance(result, MinerPaths):
        raise ValueError(f"result={type(result).__name__} must be the MinerPaths of simulate_miner_paths")
    n = _count("within_months", within_months, unit="months")
    if n > len(result.months):
        raise ValueError(f"within_months={within_months!r} exceeds the {len(result.months)} simulated months")
    return float(depletion_curve(result).iloc[n - 1])


def breakeven_price_percentiles(result, coverage=(0.5, 0.9, 0.95), months=None, cost="all_in"):
    """BTC price that covers the cost per BTC on a given share of paths.

    Per path, cost per BTC over the period = total cost / total production; the price that
    covers it on ``c`` of the paths is the ``c``-quantile across paths. Production does not
    depend on the price in this model, so this is exact for the simulated paths.

    Parameters
    ----------
    result : MinerPaths
    coverage : sequence of float
        Shares of paths to cover [fraction], each in [0, 1].
    months : slice, str or sequence, optional
        Months to include (labels of ``result.months``, e.g. ``"2024Q4"`` or a slice of
        periods); default all.
    cost : {"all_in", "cash"}
        All-in (fiat + depreciation) or cash (fiat) cost.

    Returns
    -------
    pandas.Series
        Breakeven price [USD/BTC], indexed by coverage.

    Examples
    --------
    >>> res = run_monte_carlo(100, seed=0, n_months=12, miner_hashrate_ehs=16.4,
    ...                       other_cash_costs_usd_per_month=5e6)
    >>> s = breakeven_price_percentiles(res, (0.5, 0.9))
    >>> bool(s.loc[0.9] >= s.loc[0.5])
    True
    """
    if not isinstance(result, MinerPaths):
        raise ValueError(f"result={type(result).__name__} must be the MinerPaths of simulate_miner_paths")
    check_choice("cost", cost, ("all_in", "cash"))
    c = np.atleast_1d(check_array("coverage", coverage, lo=0, hi=1, unit="fraction"))
    total_cost = result.fiat_costs_usd + (result.depreciation_usd if cost == "all_in" else 0.0)
    if months is None:
        mask = np.ones(len(result.months), dtype=bool)
    elif isinstance(months, str) and "Q" in months.upper():
        mask = _quarter_mask(result.months, months)
    else:
        sel = pd.Series(np.arange(len(result.months)), index=result.months)
        try:
            idx = np.atleast_1d(sel.loc[months])
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"months={months!r} does not select simulated months") from None
        mask = np.zeros(len(result.months), dtype=bool)
        mask[idx] = True
    per_path = _per_btc(total_cost[mask].sum(axis=0), result.production_btc[mask].sum(axis=0))
    return pd.Series(np.quantile(per_path, c), index=pd.Index(c, name="coverage"), name="breakeven_price_usd")
