"""Network paths: trend hashrate, the post-halving dip, and difficulty retarget by retarget.

Per path, epoch by epoch (2,016 blocks): the epoch lasts ``2016 * D * 2^32 / H`` seconds,
the next difficulty follows the x4 / ÷4 clamp (:func:`minelib.protocol.next_difficulty`) on
the time from the epoch's first block to its last - 2,015 intervals, as Bitcoin Core
measures it, so a network of constant hashrate settles at blocks every
:data:`~minelib.protocol.STEADY_BLOCK_TIME_S` = 600.30 s (143.93 a day), not 600 s - and
the subsidy follows the block height (:func:`minelib.protocol.block_subsidy_btc`), so each
path reaches the halving at its own date. The result is binned into calendar months.

References
----------
Bitcoin Core ``CalculateNextWorkRequired`` (``src/pow.cpp``) and ``GetBlockSubsidy``
(``src/validation.cpp``); seed 000_abd4e67359fd40a7.txt ("hash rate dips 10-30% shortly
after each halving").

Why this module is long: over two fifths of its lines are docstrings (the protocol's rules
and every option of :func:`simulate_network`, with units); the code does one job, the
network's hashrate and difficulty path by path, and the trend drift it starts from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from minelib._validate import check_array, check_date, like, vectorized
from minelib.montecarlo._common import (
    DAYS_PER_MONTH,
    SECONDS_PER_YEAR,
    as_time_path,
    checked,
    child_seeds,
    count,
    gbm_log_increments,
    log_rate,
    month_grid,
    scalar,
)
from minelib.montecarlo.coupling import HashpriceResponse, PriceBrownian
from minelib.protocol import (
    HALVING_INTERVAL_BLOCKS,
    HASHES_PER_DIFFICULTY,
    RETARGET_INTERVAL_BLOCKS,
    STEADY_BLOCK_TIME_S,
    TARGET_BLOCK_TIME_S,
    _block_subsidy_btc,
    _next_difficulty,
    block_subsidy_btc,
    difficulty_from_hashrate,
    hashrate_from_difficulty_ehs,
)
from minelib.units import DAYS_PER_YEAR, H_PER_EH, PH_PER_EH, SECONDS_PER_DAY

__all__ = ["post_halving_factor", "NetworkPaths", "simulate_network", "trend_drift_from_snapshots"]


# --------------------------------------------------------------------------- the dip
@vectorized
def post_halving_factor(days_since_halving, drop, recovery_months):
    """Hashrate multiplier after a halving: a sudden dip that recovers linearly.

    ``f(t) = 1 - drop * max(0, 1 - t / T_rec)`` for ``t >= 0`` days after the halving,
    ``T_rec = recovery_months * 365.25 / 12`` days; ``f = 1`` before the halving
    (``t < 0``) and once recovered. ``recovery_months = 0`` means no recovery is modelled
    beyond the trend (the dip persists: ``f = 1 - drop``).

    Parameters
    ----------
    days_since_halving : float, ndarray or Series
        Days since the halving block [days]; negative before it.
    drop : float, ndarray or Series
        Fractional hashrate drop at the halving [fraction], in [0, 1).
    recovery_months : float
        Months to recover to the trend [months], >= 0.

    Returns
    -------
    float, ndarray or Series
        Multiplier of the trend hashrate [-], in (0, 1].

    Raises
    ------
    ValueError
        On an invalid argument; the message names it.

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt: "hash rate dips 10-30% shortly after each halving".

    Examples
    --------
    >>> post_halving_factor(np.array([-1.0, 0.0, 91.3125, 200.0]), 0.2, 6)
    array([1. , 0.8, 0.9, 1. ])
    """
    t = check_array("days_since_halving", days_since_halving, unit="days")
    d = checked("drop", drop, lo=0, hi=1, hi_inclusive=False, unit="fraction")
    rm = scalar("recovery_months", recovery_months, lo=0, unit="months")
    return like(_post_halving_factor(t, d, rm * DAYS_PER_MONTH), days_since_halving, drop)


def _post_halving_factor(t_days, drop, rec_days):
    after = t_days >= 0
    if rec_days > 0:
        remaining = np.clip(1.0 - np.where(after, t_days, 0.0) / rec_days, 0.0, 1.0)
    else:
        remaining = 1.0
    return 1.0 - drop * np.where(after, remaining, 0.0)


# --------------------------------------------------------------------------- result
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
        When each halving block within the horizon was mined [days since start]; NaN on a
        path that stalled past the horizon before it (see :func:`simulate_network`).
    halving_heights : ndarray (n_halvings,)
        Their heights [blocks].
    epoch_start_days, epoch_difficulty, epoch_hashrate_ehs : ndarray (n_epochs, n_paths)
        Per retarget epoch: start time [days], difficulty [-], trend x dip hashrate at its
        start [EH/s] (``None`` with ``keep_epochs=False``).
    epoch_start_height : ndarray (n_epochs,)
        First block height of each simulated (partial, for the first) epoch [blocks].
    epoch_active_share : ndarray (n_epochs, n_paths) or None
        With the hashprice response: the share of the installed hashrate that hashes at
        each epoch's start [fraction] (``None`` without it or with ``keep_epochs=False``).
    hashprice_btc_per_ph_day : ndarray (n_months, n_paths), property
        Each month's mean hashprice [BTC/PH/day].
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
    epoch_active_share: np.ndarray | None = None

    @property
    def n_paths(self) -> int:
        return self.btc_per_ehs_month.shape[1]

    @property
    def hashprice_btc_per_ph_day(self) -> np.ndarray:
        """Each month's mean hashprice in BTC, Luxor's definition at the path's difficulties.

        What 1 PH/s earns per day at full efficiency, subsidy by height plus fees:
        ``btc_per_ehs_month / 1000 / days`` [BTC/PH/day], ``(n_months, n_paths)``.
        """
        return self.btc_per_ehs_month / PH_PER_EH / np.diff(self.month_edges_days)[:, None]

    @property
    def halving_dates(self) -> pd.DataFrame:
        """Halving date per path (rows: halving height, columns: path) as Timestamps."""
        return pd.DataFrame(
            {int(h): self.start + pd.to_timedelta(self.halving_days[i], unit="D") for i, h in enumerate(self.halving_heights)}
        ).T


def trend_drift_from_snapshots(snapshots=None):
    """The network hashrate's growth between the point estimates of the shipped data.

    ``mu = ln(H_last / H_first) / years`` between the first and the last point estimate of
    network hashrate (``metric == "hashrate_ehs"``, ``basis == "point"``), years in
    Julian years (365.25 days): the drift of a geometric trend through the two points, the
    ``hashrate_drift_per_year`` of :func:`simulate_network`. The same growth compounded
    once a year is ``g = exp(mu) - 1 = (H_last / H_first)^(1 / years) - 1`` (taken as
    ``expm1(mu)``, so ``log1p(g)`` gives ``mu`` back): the ``annual_hashrate_growth`` of
    :func:`minelib.protocol.expected_halving_date` and :func:`minelib.investment.network_scenario`.

    Parameters
    ----------
    snapshots : DataFrame, optional
        A table like :func:`minelib.load_network_snapshots`'s (columns ``date``,
        ``metric``, ``basis``, ``value``) [-]; default: the shipped
        ``data/network_snapshots.csv``.

    Returns
    -------
    dict
        ``drift_per_year`` [1/year, continuously compounded]; ``growth_per_year``
        [fraction per year, compounded yearly]; ``years`` [Julian years] between
        ``first_date`` and ``last_date`` [date]; ``first_ehs``, ``last_ehs`` [EH/s].

    Raises
    ------
    ValueError
        If fewer than two point estimates on different dates are found.

    References
    ----------
    Seeds 000_abd4e67359fd40a7.txt ("566 EH/s at quarter-end", 31 Mar 2024) and
    003_51347cbd2f4016cb.txt (913 EH/s, 5 Feb 2026), through ``data/network_snapshots.csv``.

    Examples
    --------
    >>> trend = trend_drift_from_snapshots()
    >>> round(trend["drift_per_year"], 3), round(trend["growth_per_year"], 3), round(trend["years"], 3)
    (0.258, 0.295, 1.851)
    """
    if snapshots is None:
        from minelib.data import load_network_snapshots

        snapshots = load_network_snapshots()
    points = snapshots[(snapshots["metric"] == "hashrate_ehs") & (snapshots["basis"] == "point")].sort_values("date")
    if len(points) < 2 or pd.Timestamp(points["date"].iloc[-1]) <= pd.Timestamp(points["date"].iloc[0]):
        raise ValueError(f"snapshots has {len(points)} point estimates of hashrate_ehs; expected two on different dates")
    first, last = points.iloc[0], points.iloc[-1]
    years = (pd.Timestamp(last["date"]) - pd.Timestamp(first["date"])).days / DAYS_PER_YEAR
    drift = float(np.log(last["value"] / first["value"]) / years)
    return {"drift_per_year": drift, "growth_per_year": float(np.expm1(drift)), "years": years,
            "first_date": pd.Timestamp(first["date"]), "last_date": pd.Timestamp(last["date"]),
            "first_ehs": float(first["value"]), "last_ehs": float(last["value"])}


# --------------------------------------------------------------------------- the steps
class _MonthBins:
    """Per-path totals over calendar months, plus an overflow bin past the horizon.

    Constant rates over a segment of time are spread over the months it covers; a
    segment that reaches a month's end records the difficulty in force there. Segments
    come one after another on each path's clock, from time 0 (:meth:`add`).

    The fast method, exact: each path keeps running totals of the month its clock is in
    and writes them into the month's bin when its clock crosses the month's end. A month
    of a path is written once, and its running total adds the same terms in the same
    order, from 0, as adding each segment's share into the bin would: the bins are
    bit for bit those of a scatter-add per segment, while a segment costs a few
    elementwise operations on every path and the (few) paths that cross a month's end a
    scatter. Read the bins after :meth:`flush`.
    """

    def __init__(self, edges_days, n_paths):
        self.n_mo = len(edges_days) - 1
        self.m = n_paths
        self.edges_s = np.append(edges_days * SECONDS_PER_DAY, np.inf)
        self.btc = np.zeros((self.n_mo + 1, n_paths))
        self.blocks = np.zeros((self.n_mo + 1, n_paths))
        self.hash = np.zeros((self.n_mo + 1, n_paths))
        self.difficulty = np.full((self.n_mo + 1, n_paths), np.nan)
        self._flat = [a.reshape(-1) for a in (self.btc, self.blocks, self.hash)]
        self._j = np.zeros(n_paths, dtype=np.intp)  # the month each path's clock is in
        self._edge_hi = np.full(n_paths, self.edges_s[1])  # its end [s]
        self._run = np.zeros((3, n_paths))  # the running btc, blocks and hash totals of that month
        self._ov = np.empty(n_paths)
        self._tmp = np.empty(n_paths)

    def add(self, t_a, t_b, btc_rate, block_rate, hs, dd):
        """Spread rates over ``[t_a, t_b)`` [s] into month bins, per path, vectorized.

        ``t_a`` is where each path's previous segment ended (0 for the first). A segment
        (<= 2016 blocks) rarely spans more than two months: the paths whose segment
        reaches its month's end are handled apart, month by month.
        """
        edges_s, n_mo, m, j, edge_hi, run = self.edges_s, self.n_mo, self.m, self._j, self._edge_hi, self._run
        ov, tmp = self._ov, self._tmp
        np.minimum(t_b, edge_hi, out=ov)
        ov -= t_a
        for r, rate in zip(run, (btc_rate, block_rate, hs)):
            np.multiply(rate, ov, out=tmp)
            r += tmp
        p = np.flatnonzero(t_b >= edge_hi)
        while p.size:
            jp = j[p]
            self.difficulty.reshape(-1)[jp * m + p] = dd[p]
            self._write(jp, p)
            keep = jp < n_mo
            p, jp = p[keep], jp[keep] + 1
            if not p.size:
                break
            j[p] = jp
            hi_edge = edges_s[jp + 1]
            edge_hi[p] = hi_edge
            tb = t_b[p]
            ovp = np.minimum(tb, hi_edge) - edges_s[jp]
            for r, rate in zip(run, (btc_rate, block_rate, hs)):
                r[p] = rate[p] * ovp  # the new month's first term (0 + x == x)
            p = p[tb >= hi_edge]

    def _write(self, j, p):
        """Write the running totals of paths ``p`` into their months ``j``; start those at 0."""
        flat = j * self.m + p
        for acc, r in zip(self._flat, self._run):
            acc[flat] = r[p]
            r[p] = 0.0

    def flush(self):
        """Write every path's open month into its bin (the overflow bin once past the horizon)."""
        self._write(self._j, np.arange(self.m))


class _Paths:
    """Every path's state between blocks: time, trend hashrate, difficulty, last halving.

    The per-epoch temporaries live in buffers allocated once (``out=``), and the dip is
    skipped while no path is in one; the arithmetic, term by term, is that of the formulas
    in the docstrings, so the paths are the same bit for bit.
    """

    def __init__(self, n_paths, height, hashrate_hs, difficulty, epoch_elapsed_s):
        self.t = np.zeros(n_paths)  # seconds since start
        self._t_next = np.empty(n_paths)  # the other time buffer: mine() writes the new times there and swaps
        self.x = np.full(n_paths, hashrate_hs)  # trend hashrate [H/s]
        self.d = np.full(n_paths, difficulty)
        self.height = height
        self.elapsed = np.full(n_paths, epoch_elapsed_s)  # of the current epoch before t
        self.last_halving_t = np.full(n_paths, -np.inf)  # seconds
        self.drop = np.zeros(n_paths)
        self.active = None  # share of the trend that hashes (the hashprice response), None: all
        self._dipping = False  # whether a path may still be in a post-halving dip
        self._work, self._dt, self._blocks, self._btc, self._tmp, self._first = np.empty((6, n_paths))

    def halve(self, drop):
        """A halving block is mined now: the dip of ``drop`` starts."""
        self.last_halving_t = self.t.copy()
        self.drop = drop
        self._dipping = True

    def hashrate_hs(self, rec_days):
        """Trend hashrate times the post-halving dip (times the hashing share, if any) [H/s].

        Once every path has recovered (``t - t_halving >= T_rec`` on all, which time only
        increases), the dip is 1 until the next halving and is not computed.
        """
        x = self.x if self.active is None else self.x * self.active
        if not self._dipping:
            return x  # no halving yet, or every path has recovered
        since = self.t - self.last_halving_t
        if rec_days > 0 and since.min() >= rec_days * SECONDS_PER_DAY:
            self._dipping = False
            return x
        return x * _post_halving_factor(since / SECONDS_PER_DAY, self.drop, rec_days)

    def mine(self, n_blocks, reward_btc, hs, bins):
        """Mine ``n_blocks`` at the current difficulty and hashrate; bin the time they take.

        ``dt = n D 2^32 / H``, blocks per second ``H / (D 2^32)``, BTC per second per EH/s
        ``reward 10^18 / (D 2^32)``.
        """
        work_per_block = np.multiply(self.d, HASHES_PER_DIFFICULTY, out=self._work)
        dt = np.multiply(work_per_block, n_blocks, out=self._dt)
        dt /= hs
        block_rate = np.divide(hs, work_per_block, out=self._blocks)
        btc_per_ehs_rate = np.divide(reward_btc * H_PER_EH, work_per_block, out=self._btc)
        t_next = np.add(self.t, dt, out=self._t_next)
        bins.add(self.t, t_next, btc_per_ehs_rate, block_rate, hs, self.d)
        self._t_next, self.t = self.t, t_next

    def first_block_s(self, hs):
        """The interval of the epoch's first block, ``D 2^32 / H`` [s] (outside the measured span)."""
        return np.divide(np.multiply(self.d, HASHES_PER_DIFFICULTY, out=self._first), hs, out=self._first)

    def retarget(self, measured_s, epoch_end):
        """Bitcoin Core's retarget; the next epoch starts at ``epoch_end``.

        ``measured_s``: the time mined since the start of this call's epoch that lies in
        the measured span (first block to last block: the first block's interval is not).
        """
        if self.elapsed is not None:  # the first epoch began before the start
            measured_s = self.elapsed + measured_s
            self.elapsed = None
        # the rule without next_difficulty's input checks: these are the model's own
        # state, not a user's numbers, and a long horizon may take them past the range
        # plausible today, which is the check's business for inputs only
        self.d = _next_difficulty(self.d, measured_s)
        self.height = epoch_end

    def grow_trend(self, epoch_s, mu, sigma, z):
        """One GBM step of the trend hashrate over the epoch's duration, in place."""
        dt_years = np.divide(epoch_s, SECONDS_PER_YEAR, out=self._dt)
        self.x *= np.exp(gbm_log_increments(mu, sigma, dt_years, z, out=self._tmp), out=self._tmp)


def _segments(height, halving_hts):
    """Block heights that split the epoch from ``height``: at its end, and at a halving in it."""
    epoch_end = (height // RETARGET_INTERVAL_BLOCKS + 1) * RETARGET_INTERVAL_BLOCKS
    k_h = np.searchsorted(halving_hts, height, side="left")  # next halving at or after height
    if k_h < len(halving_hts) and height < halving_hts[k_h] < epoch_end:
        return [height, int(halving_hts[k_h]), epoch_end]
    return [height, epoch_end]


def _halving_heights(start_height, max_epochs):
    """Heights of the halvings that could fall within ``max_epochs`` epochs of the start."""
    first = (start_height // HALVING_INTERVAL_BLOCKS + 1) * HALVING_INTERVAL_BLOCKS
    last_possible = start_height + max_epochs * RETARGET_INTERVAL_BLOCKS
    return np.arange(first, last_possible + 1, HALVING_INTERVAL_BLOCKS, dtype=np.int64)


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
    price_usd=None,
    shutdown_fleet=None,
    shutdown_power_price_usd_per_kwh=None,
    shutdown_lag_days=30.0,
    shutdown_new_machine_efficiency_j_per_th=None,
    price_shocks=None,
    price_hashrate_correlation=0.0,
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
    * ``D_{k+1} = next_difficulty(D_k, T_k)``: ``D T_target / clamp(T_k, T/4, 4 T)``, with
      ``T_k`` the time from the epoch's first block to its last: 2,015 intervals, as Bitcoin
      Core measures it (the first block's interval, since the previous epoch's last block,
      is in no span). A network of constant hashrate therefore finds a block every
      ``1209600 / 2015 = 600.30`` s, 143.93 a day (:data:`minelib.protocol.STEADY_BLOCKS_PER_DAY`).

    The simulation runs until every path has passed the last month's end. A path's months
    are complete once it has passed: if its hashrate then stalls (a ``shutdown_fleet``
    gone under water) while other paths catch up, it is not refused: its epoch records
    from the stall on are inf or NaN, and so is its date of a halving it had not reached.

    Two options couple the network to a price path (:mod:`minelib.montecarlo.coupling`;
    :func:`run_monte_carlo` passes its own price paths), each off by default:

    * ``shutdown_fleet``: hashrate that responds to hashprice. The trend is the installed
      hashrate; the share of it that hashes, ``a``, follows the share of the fleet whose
      power cost the hashprice covers, with a first-order lag of ``shutdown_lag_days``, so
      ``H = X * a * f``. ``network_hashrate_ehs`` is the hashing network at ``start``: the
      installed hashrate is ``network_hashrate_ehs / a_0``. What the trend adds beyond it
      has the fleet's mix, or, with ``shutdown_new_machine_efficiency_j_per_th``, is new
      machines of that efficiency. With it, a post-halving dip follows from the economics;
      set ``halving_drop=(0, 0)`` not to add the seed's dip on top.
    * ``price_hashrate_correlation``: the trend's shocks are correlated with the GBM price's
      (``price_shocks``): ``dW_h = rho dW_p + sqrt(1 - rho^2) dW_perp``.

    Parameters
    ----------
    n_paths : int
        Number of paths [paths], >= 1.
    start : str, date or Timestamp
        Calendar date of time 0 [date]: an ISO date ``YYYY-MM-DD`` (words such as
        ``'today'`` are refused).
    n_months : int
        Months to simulate [months], >= 1.
    start_height : int
        Height of the first block the simulation mines [blocks], >= 0 (the chain tip at
        ``start`` is ``start_height - 1``). The default, 824,160, is about 1 January 2024:
        the halving block 840,000 (mined 2024-04-20, ``data/halvings.csv``) minus 110 days x
        144 blocks/day (a derived estimate).
    network_hashrate_ehs : float or None
        Network hashrate at ``start`` [EH/s], > 0; None: the steady state of ``difficulty``,
        at which it finds a block every 600.30 s.
    hashrate_drift_per_year : float
        Drift ``mu`` of the trend hashrate [1/year] (continuously compounded mean growth), a
        fraction in [-5, 5]. The default is illustrative; notebook 09 derives one from
        ``data/network_snapshots.csv``.
    hashrate_volatility_per_year : float
        Volatility ``sigma`` of the trend hashrate [1/sqrt(year)], a fraction in [0, 5]
        (illustrative default).
    halving_drop : (float, float)
        Range of the post-halving drop [fraction], 0 <= low <= high < 1; seed 000: 10-30 %.
    recovery_months : float
        Months for the dip to recover linearly to the trend [months], >= 0.
    difficulty : float, optional
        Difficulty at ``start`` [-], >= 1; default the steady state of the starting
        hashrate, at which it finds a block every 600.30 s
        (:data:`minelib.protocol.STEADY_BLOCK_TIME_S`).
    epoch_elapsed_s : float, optional
        Time from the current epoch's first block to the tip [s], >= 0; default: the
        epoch's intervals so far, ``max(start_height mod 2016 - 1, 0)``, at the starting
        block rate.
    fees_per_block_btc : float
        Mean fees per block [BTC/block], >= 0, added to the subsidy.
    keep_epochs : bool
        Keep the per-epoch arrays [-] (memory: 3 x n_epochs x n_paths floats).
    seed : int, SeedSequence or Generator, optional
        Seed [-]; the same seed gives identical paths.
    price_usd : array-like, optional
        BTC price at ``start`` and at each month's end [USD/BTC], > 0: ``(n_months + 1,
        n_paths)`` (e.g. :func:`minelib.montecarlo.gbm_price_paths` with monthly steps) or
        ``(n_months + 1,)``. The machines of ``shutdown_fleet`` see the last month end's.
    shutdown_fleet : pandas.DataFrame, optional
        The network's installed machines: columns ``efficiency_j_per_th`` [J/TH] and
        ``hashrate_share`` [fraction] (or ``hashrate_ths``), optionally
        ``power_price_usd_per_kwh`` per class [USD/kWh], as
        :func:`minelib.fleet.share_unprofitable` takes them. None (default): no response.
    shutdown_power_price_usd_per_kwh : float, optional
        Power price of the whole fleet [USD/kWh], >= 0; None: the fleet's column.
    shutdown_lag_days : float
        Time constant of the first-order lag with which machines leave and return [days],
        >= 0 (0: at the next retarget or halving).
    shutdown_new_machine_efficiency_j_per_th : float, optional
        Efficiency of the machines the trend adds beyond the starting capacity [J/TH], > 0,
        at ``shutdown_power_price_usd_per_kwh`` (required then); None: they have the
        fleet's mix.
    price_shocks : array-like, optional
        The standard normal innovations of the monthly GBM price steps behind ``price_usd``
        [-], ``(n_months, n_paths)`` (:func:`minelib.montecarlo.gbm_price_paths` with
        ``return_shocks=True``); needed when the correlation is not 0.
    price_hashrate_correlation : float
        Correlation ``rho`` of the price's and the trend hashrate's Brownian shocks [-], in
        [-1, 1]; 0 (default): independent.

    Returns
    -------
    NetworkPaths

    Raises
    ------
    ValueError
        On an invalid argument (the message names it, with a hint where a value reads as a
        percent), if the whole ``shutdown_fleet`` is under water at the start (or later on a
        path, before the horizon: its blocks stop), or if a path's hashrate collapses so far that the
        horizon is not reached within 10x the expected number of epochs, or falls to 0 H/s
        before the horizon.

    References
    ----------
    Bitcoin Core ``CalculateNextWorkRequired`` (``src/pow.cpp``); seed 000 (the dip);
    seed 001_edb144c9be488f88.txt (machines below breakeven leave first).

    Examples
    --------
    >>> net = simulate_network(3, n_months=12, seed=7)
    >>> net.btc_per_ehs_month.shape, net.halving_heights.tolist()
    ((12, 3), [840000])
    >>> bool((net.halving_dates.iloc[0].dt.month == 4).all())  # April 2024 on these paths
    True
    """
    m = count("n_paths", n_paths, unit="paths")
    months, edges_days = month_grid(start, n_months)
    n_mo = len(months)
    h0 = count("start_height", start_height, lo=0, unit="blocks")
    hr0 = None if network_hashrate_ehs is None else scalar("network_hashrate_ehs", network_hashrate_ehs, lo=0,
                                                            lo_inclusive=False, unit="EH/s")
    mu = log_rate("hashrate_drift_per_year", hashrate_drift_per_year, unit="1/year")
    sigma = log_rate("hashrate_volatility_per_year", hashrate_volatility_per_year, lo=0, unit="1/sqrt(year)")
    drop = checked("halving_drop", halving_drop, lo=0, hi=1, hi_inclusive=False, unit="fraction")
    if drop.shape != (2,) or drop[0] > drop[1]:
        raise ValueError(f"halving_drop={halving_drop!r} must be a (low, high) pair with low <= high [fraction]")
    rec_days = scalar("recovery_months", recovery_months, lo=0, unit="months") * DAYS_PER_MONTH
    fees = scalar("fees_per_block_btc", fees_per_block_btc, lo=0, unit="BTC/block")
    if difficulty is None:  # the steady state of the starting hashrate: blocks every 600.30 s
        if hr0 is None:
            raise ValueError("network_hashrate_ehs=None takes the steady state of the difficulty: give a difficulty")
        d0 = max(float(difficulty_from_hashrate(hr0, STEADY_BLOCK_TIME_S)), 1.0)
    else:
        d0 = scalar("difficulty", difficulty, lo=1, unit="dimensionless")
    if hr0 is None:  # the steady state of the difficulty: derived, not the caller's, so not held to the
        # network's plausible range (the top of the difficulty's, 1.4e16, is 1.0017e5 EH/s at 600.30 s)
        hr0 = float(hashrate_from_difficulty_ehs(d0, STEADY_BLOCK_TIME_S))
    h0_hs = hr0 * H_PER_EH
    if epoch_elapsed_s is None:  # the epoch's intervals so far (first block to the tip), at the starting rate
        elapsed0 = max(h0 % RETARGET_INTERVAL_BLOCKS - 1, 0) * d0 * HASHES_PER_DIFFICULTY / h0_hs
    else:
        elapsed0 = scalar("epoch_elapsed_s", epoch_elapsed_s, lo=0, unit="s")
    response, brownian, rho = _coupling_args(
        m, edges_days, price_usd, shutdown_fleet, shutdown_power_price_usd_per_kwh, shutdown_lag_days,
        shutdown_new_machine_efficiency_j_per_th, price_shocks, price_hashrate_correlation)
    rng_h, rng_d, rng_b = child_seeds(seed, 3)  # the third stream: the price's bridge points

    horizon_s = edges_days[-1] * SECONDS_PER_DAY
    max_epochs = 10 * (int(np.ceil(horizon_s / (RETARGET_INTERVAL_BLOCKS * TARGET_BLOCK_TIME_S))) + 2)
    halving_hts = _halving_heights(h0, max_epochs)
    halving_set = set(halving_hts.tolist())
    drops = rng_d.uniform(drop[0], drop[1], size=(max(len(halving_hts), 1), m))
    halving_t = np.full((len(halving_hts), m), np.nan)
    bins = _MonthBins(edges_days, m)
    paths = _Paths(m, h0, h0_hs, d0, elapsed0)
    if response is not None:  # the installed fleet of which the share above water hashes
        paths.active = response.step(0.0, paths.d, float(block_subsidy_btc(h0)), fees, paths.x)
        _refuse_stalled(~(paths.active > 0), response, "the shutdown_fleet's hashing share is 0 at the start")
        paths.x = paths.x / paths.active
        response.x0 = paths.x.copy()
    ep_t, ep_d, ep_h, ep_height, ep_a = [], [], [], [], []
    t_epoch0, epoch_s, measured_s, z_h = np.empty((4, m))  # buffers of each epoch's start, length and draws

    collapse = f"hashrate_drift_per_year={mu!r} / hashrate_volatility_per_year={sigma!r} let a path's hashrate collapse"
    # A path only matters up to the horizon: one that passes it while its hashrate stalls (a
    # shutdown_fleet gone under water) may run to inf or NaN while the others catch up; its
    # months are all written by then, and the checks below refuse a stall only before it.
    # Its inf and NaN are no warning; before the horizon the same arithmetic ends in one of
    # the explicit errors (a stall, 0 H/s, or the horizon not reached).
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for n_ep in range(max_epochs + 1):
            if n_ep == max_epochs:
                raise ValueError(_under_water(response, paths.t < horizon_s) or
                                 f"{collapse}: the {n_mo}-month horizon was not reached in {max_epochs} epochs")
            bounds = _segments(paths.height, halving_hts)
            if keep_epochs:
                ep_t.append(paths.t / SECONDS_PER_DAY)
                ep_d.append(paths.d.copy())
                ep_height.append(paths.height)
            np.copyto(t_epoch0, paths.t)
            first_block_s = 0.0
            for s, (ha, hb) in enumerate(zip(bounds[:-1], bounds[1:])):
                if ha in halving_set:  # a halving block starts this segment
                    i_h = int(np.searchsorted(halving_hts, ha))
                    halving_t[i_h] = np.where(np.isfinite(paths.t), paths.t, np.nan)  # NaN: stalled before it
                    paths.halve(drops[i_h])
                subsidy = float(_block_subsidy_btc(ha))  # ha: the paths' own height, a whole number >= 0
                if response is not None:
                    paths.active = response.step(paths.t, paths.d, subsidy, fees, paths.x)
                    if not paths.active.min() > 0:  # nothing hashes on a path (zero lag): its blocks never come
                        _refuse_stalled(~(paths.active > 0) & (paths.t < horizon_s), response,
                                        "the shutdown_fleet's hashing share fell to 0 before the horizon")
                hs = paths.hashrate_hs(rec_days)
                if s == 0:
                    if keep_epochs:
                        ep_h.append(hs / H_PER_EH)
                        if response is not None:
                            ep_a.append(paths.active)
                    if ha % RETARGET_INTERVAL_BLOCKS == 0:  # the epoch's first block: outside the measured span
                        first_block_s = paths.first_block_s(hs)
                paths.mine(hb - ha, subsidy + fees, hs, bins)
            epoch_s = np.subtract(paths.t, t_epoch0, out=epoch_s)
            paths.retarget(np.subtract(epoch_s, first_block_s, out=measured_s), bounds[-1])
            z = rng_h.standard_normal(out=z_h)
            if brownian is not None:
                z = rho * brownian.innovation(paths.t, rng_b.standard_normal(m)) + np.sqrt(1.0 - rho**2) * z
            paths.grow_trend(epoch_s, mu, sigma, z)
            if not paths.x.min() > 0:  # an epoch so long that the trend underflowed to 0 H/s
                _refuse_stalled(~(paths.x > 0) & (paths.t < horizon_s), response, f"{collapse} to 0 H/s")
            if not (paths.t < horizon_s).any():  # every path is past the horizon (or stalled there: NaN)
                break
    bins.flush()
    hashrate_ehs = bins.hash[:n_mo]  # hash x seconds, into the month's mean hashrate, in place
    hashrate_ehs /= (np.diff(edges_days) * SECONDS_PER_DAY)[:, None]
    hashrate_ehs /= H_PER_EH

    # a halving is reported when every path reached it, except paths that stalled past the
    # horizon first (their entry stays NaN), and one path reached it within the horizon
    stalled = ~np.isfinite(paths.t)
    reached = ~np.isnan(halving_t[:, ~stalled]).any(axis=1)
    in_horizon = reached & (halving_t < horizon_s).any(axis=1)
    return NetworkPaths(
        months=months,
        start=check_date("start", start),
        month_edges_days=edges_days,
        btc_per_ehs_month=bins.btc[:n_mo],
        blocks=bins.blocks[:n_mo],
        network_hashrate_ehs=hashrate_ehs,
        difficulty=bins.difficulty[:n_mo],
        halving_days=halving_t[in_horizon] / SECONDS_PER_DAY,
        halving_heights=halving_hts[in_horizon],
        epoch_start_height=np.array(ep_height, dtype=np.int64),
        epoch_start_days=np.array(ep_t) if keep_epochs else None,
        epoch_difficulty=np.array(ep_d) if keep_epochs else None,
        epoch_hashrate_ehs=np.array(ep_h) if keep_epochs else None,
        epoch_active_share=np.array(ep_a) if keep_epochs and response is not None else None,
    )


def _refuse_stalled(stalled, response, otherwise):
    """Raise if a path stalled before the horizon (``stalled``, a mask): the fleet's reason, else ``otherwise``."""
    if stalled.any():
        raise ValueError(_under_water(response, stalled) or otherwise)


def _under_water(response, failed):
    """Why blocks stop on the ``failed`` paths (a mask) whose whole ``shutdown_fleet`` is under water, or ``""``.

    The one wording of that cause, at the start and later: nothing hashes (or, with a lag,
    less and less), the epoch does not end and the difficulty, which only falls at a
    retarget, cannot bring the machines back: the collapse is the fleet's, not the drift's.
    It names the first such path, the day of the observation that found it under water,
    its hashprice then and the starting fleet's lowest break-even, which that is below.
    """
    if response is None:
        return ""
    j = np.flatnonzero(failed & ((response.target <= 0.0) | (response.active <= 0.0)))
    if not j.size:
        return ""
    i = int(j[0])
    t_s = float(np.broadcast_to(response.t, failed.shape)[i])
    # at the start neither new machines (they come with the growth) nor a shorter horizon help
    when, remedy = ("at the start", "the power price, the price path)") if t_s == 0.0 else (
        f"on day {t_s / SECONDS_PER_DAY:.1f}",
        "shutdown_new_machine_efficiency_j_per_th, the power price, the price path) or shorten the horizon")
    return (f"shutdown_fleet is entirely under water on {j.size} path(s) (the first: path {i}, {when}, at a hashprice "
            f"of {response.hashprice[i]:.4g} USD/PH/day, below the starting fleet's lowest break-even of "
            f"{response.breakeven[response.weights > 0].min():.4g} USD/PH/day): when the hashprice pays no machine's "
            f"power cost nothing hashes, the epoch does not end, and the difficulty falls only at a retarget. Keep "
            f"machines above water ({remedy}")


def _coupling_args(m, edges_days, price_usd, fleet, power_price, lag_days, new_efficiency, shocks, correlation):
    """The price coupling of :func:`simulate_network`, checked: ``(response or None, brownian or None, rho)``."""
    n_mo = len(edges_days) - 1
    rho = scalar("price_hashrate_correlation", correlation, lo=-1, hi=1, unit="-")
    lag = scalar("shutdown_lag_days", lag_days, lo=0, unit="days")
    if fleet is None and (power_price is not None or new_efficiency is not None):
        raise ValueError("shutdown_power_price_usd_per_kwh or shutdown_new_machine_efficiency_j_per_th is given "
                         "without a shutdown_fleet")
    if new_efficiency is not None:
        if power_price is None:
            raise ValueError("shutdown_new_machine_efficiency_j_per_th needs shutdown_power_price_usd_per_kwh: the "
                             "new machines' power price [USD/kWh]")
        new_efficiency = scalar("shutdown_new_machine_efficiency_j_per_th", new_efficiency, lo=0, lo_inclusive=False,
                                unit="J/TH")
    if fleet is not None and price_usd is None:
        raise ValueError("shutdown_fleet needs price_usd: the BTC price at start and at each month's end [USD/BTC]")
    if rho != 0 and shocks is None:
        raise ValueError(f"price_hashrate_correlation={correlation!r} needs price_shocks: the standard normal "
                         "innovations of the GBM price's monthly steps")
    if shocks is not None and rho == 0:
        raise ValueError("price_shocks are given with price_hashrate_correlation=0: pass a correlation or no shocks")
    response = brownian = None
    if fleet is not None:
        if power_price is not None:
            power_price = scalar("shutdown_power_price_usd_per_kwh", power_price, lo=0, unit="USD/kWh")
        price = as_time_path("price_usd", price_usd, n_mo + 1, m, lo=0, lo_inclusive=False, unit="USD/BTC")
        response = HashpriceResponse(fleet, power_price, lag, np.broadcast_to(price, (n_mo + 1, m)), edges_days,
                                     new_efficiency)
    elif price_usd is not None:
        raise ValueError("price_usd is given without a shutdown_fleet, the only option that reads it")
    if shocks is not None:
        z = as_time_path("price_shocks", shocks, n_mo, m, unit="standard normal")
        brownian = PriceBrownian(np.broadcast_to(z, (n_mo, m)), edges_days)
    return response, brownian, rho
