"""Halving projections: a miner's Q1 -> Q4 production and the growth race for share.

Seed ``000_abd4e67359fd40a7.txt`` models CleanSpark across the April 2024 halving:
900 BTC/day network issuance over ~91 days in Q1 at 566 EH/s, CleanSpark growing from
16.4 to 32 EH/s (+95 %) at 86 % operational efficiency, 450 BTC/day after the halving.
Its claim: "If total network hash rate drops just 5% from Q1's 566 EH level, CleanSpark
will mine the same amount of BTC in Q4 as it did in Q1". That case is :data:`SEED_000`,
passed explicitly (``q4_projection(changes, **SEED_000)``); the functions have no defaults
that describe one article.

Production in a quarter is :func:`minelib.revenue.expected_btc_mined` at 144 blocks a day
(the seed's 900 BTC/day = 144 x 6.25)::

    BTC_q = (m_q / N_q) * 144 * (subsidy_q + fees) * days_q * efficiency_q

Three conventions a practitioner checks, and how this module states them:

* **Calendar quarters.** The days of a quarter come from its dates (pandas ``Period``):
  Q1 2024 has 91 days, Q4 2024 has 92 (:func:`days_in_quarter`). ``days_q1`` /
  ``days_q4`` override them (the seed's "~91 days" for both quarters).
* **Fees do not halve.** Each block pays the subsidy *plus* the fees, which the halving
  leaves alone: at 0.2 BTC of fees per block the Q4/Q1 reward per block is
  3.325 / 6.45 = 0.515, not 0.5. ``fees_per_block_btc`` is part of every case.
* **A year-end target is not a Q4 average.** The seed uses CleanSpark's 32 EH/s
  *year-end* target as the hashrate of all of Q4 (the quarter-end convention).
  :func:`quarter_average_hashrate_ehs` gives the Q4 average under a stated ramp from the
  Q1 level (linear or exponential in time) to the target.

The same machinery looks ahead to the next halving (block 1,050,000, notebook 11):
:func:`halving_quarters` names the full quarters on either side of its date,
:func:`required_q4_hashrate_ehs` the hashrate that holds production across it,
:func:`covered_price_after_halving_usd` the price that covers an all-in cost after it, and
:func:`halving_date_paths` its date over Monte Carlo network paths
(:func:`minelib.protocol.expected_halving_date` gives it under one growth scenario).

Why this module is long: about two thirds of its lines are docstrings (formula, units,
sources and a doctested example for each function); the code does one job, a miner's production across a halving, the 2024 one and the next.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from minelib import plausibility
from minelib._validate import check_array, check_choice, check_date, like, vectorized
from minelib.costs import COST_LINES, cost_stack_usd_per_btc, scaled_cost_usd
from minelib.revenue import expected_btc_mined
from minelib.units import SECONDS_PER_DAY

__all__ = [
    "HalvingCase",
    "SEED_000",
    "RAMPS",
    "days_in_quarter",
    "quarter_average_hashrate_ehs",
    "q4_projection",
    "breakeven_network_change",
    "q4_cost_stack_usd_per_btc",
    "annualized_growth",
    "growth_race",
    "halving_quarters",
    "required_q4_hashrate_ehs",
    "covered_price_after_halving_usd",
    "halving_date_paths",
    "estimated_height",
    "last_dated_halving",
]


@dataclass(frozen=True)
class HalvingCase:
    """The inputs of a Q1 -> Q4 halving projection, as one named case.

    A mapping as well as a dataclass, so ``q4_projection(changes, **case)`` passes every
    field; ``dataclasses.replace(case, q4_miner_hashrate_ehs=40.0)`` varies one.

    Parameters
    ----------
    q1_miner_hashrate_ehs : float
        The miner's hashrate in Q1 [EH/s].
    q4_miner_hashrate_ehs : float
        The miner's hashrate in Q4 [EH/s] (see :func:`quarter_average_hashrate_ehs` for
        a year-end target read as a Q4 average).
    operational_efficiency : float
        Captured fraction of the expected reward, Q1 and Q4 [fraction].
    q1_network_hashrate_ehs : float
        Network hashrate in Q1 [EH/s].
    q1_block_subsidy_btc, q4_block_subsidy_btc : float
        Subsidy per block before and after the halving [BTC/block].
    fees_per_block_btc : float
        Mean transaction fees per block, Q1 and Q4 [BTC/block].
    q1_quarter, q4_quarter : str
        The calendar quarters, e.g. ``"2024Q1"`` [calendar quarter]: their dates give
        the days.
    """

    q1_miner_hashrate_ehs: float
    q4_miner_hashrate_ehs: float
    operational_efficiency: float
    q1_network_hashrate_ehs: float
    q1_block_subsidy_btc: float
    q4_block_subsidy_btc: float
    fees_per_block_btc: float
    q1_quarter: str
    q4_quarter: str

    def keys(self):
        return [f.name for f in fields(self)]

    def __getitem__(self, key):
        if key not in self.keys():
            raise KeyError(key)
        return getattr(self, key)


#: Seed 000's case: CleanSpark across the April 2024 halving (000_abd4e67359fd40a7.txt).
SEED_000 = HalvingCase(
    q1_miner_hashrate_ehs=16.4,  # "Hash rate grew 2.45x from Q3 2023 (6.7 EH → 16.4 EH)"
    q4_miner_hashrate_ehs=32.0,  # "Assume CLSK reaches 32 EH by year-end, up 95% from current levels"
    operational_efficiency=0.86,  # "Maintain 86% operational efficiency"
    q1_network_hashrate_ehs=566.0,  # "a network hash rate of 566 EH/s at quarter-end"
    q1_block_subsidy_btc=6.25,  # "Assuming 900 BTC mined daily": 144 x 6.25 BTC, the subsidy below block 840,000
    q4_block_subsidy_btc=3.125,  # "dropped from ~900 BTC to ~450 BTC": 144 x 3.125 BTC, from block 840,000
    fees_per_block_btc=0.0,  # "Assuming 900 BTC mined daily": the seed counts the subsidy only, no fees
    q1_quarter="2024Q1",  # "across ~91 days (Q1)": calendar Q1 2024, the quarter before the halving
    q4_quarter="2024Q4",  # "Assume CLSK reaches 32 EH by year-end": Q4 2024 ends that year
)

#: The ways :func:`quarter_average_hashrate_ehs` reads a hashrate target for a quarter.
RAMPS = ("quarter_end", "linear", "exponential")


def _quarter(name, value) -> pd.Period:
    """A calendar quarter from ``"2024Q1"`` or a pandas Period, named in the error."""
    try:
        q = pd.Period(value, freq="Q")
    except (ValueError, TypeError):
        q = None
    if q is None or q is pd.NaT or isinstance(value, bool):
        raise ValueError(f"{name}={value!r} is not a calendar quarter; expected e.g. '2024Q1' or a pandas Period")
    return q


def _quarter_edges(quarter):
    """First instant of ``quarter`` and of the next one, as Timestamps."""
    return quarter.start_time, (quarter + 1).start_time


def days_in_quarter(quarter):
    """Days in a calendar quarter, from its dates: ``first day of the next quarter - first day``.

    Q1 has 90 days (91 in a leap year), Q2 91, Q3 and Q4 92 each.

    Parameters
    ----------
    quarter : str, pandas.Period, or list of them
        Calendar quarter(s), e.g. ``"2024Q1"`` [calendar quarter].

    Returns
    -------
    int or ndarray
        Days [days]: an int for one quarter, an int ndarray for several.

    Raises
    ------
    ValueError
        If a value is not a calendar quarter.

    References
    ----------
    000_abd4e67359fd40a7.txt ("across ~91 days (Q1)"): Q1 2024 has exactly 91.

    Examples
    --------
    >>> days_in_quarter("2024Q1"), days_in_quarter("2024Q4"), days_in_quarter("2025Q1")
    (91, 92, 90)
    >>> days_in_quarter(["2024Q2", "2024Q3"])
    array([91, 92])
    """
    if isinstance(quarter, (list, tuple, np.ndarray, pd.Index, pd.Series)):
        return np.array([days_in_quarter(q) for q in quarter], dtype=int)
    start, end = _quarter_edges(_quarter("quarter", quarter))
    return int((end - start).days)


@vectorized
def quarter_average_hashrate_ehs(start_miner_hashrate_ehs, end_miner_hashrate_ehs, *, start_quarter, end_quarter,
                                 ramp):
    """A miner's average hashrate over a quarter in which it reaches a target.

    The miner runs ``m_s`` at the end of ``start_quarter`` and reaches ``m_e`` at the end
    of ``end_quarter``; the result is its mean over ``end_quarter``, the interval
    ``[a, b]`` (times in days from the end of ``start_quarter``, ``T = b``):

    * ``"quarter_end"``: ``m_e`` for the whole quarter (the seed's reading of a year-end
      target), an upper bound for a growing miner;
    * ``"linear"``: ``m(t) = m_s + (m_e - m_s) t / T``, so the mean is the value at the
      middle of the quarter, ``m_s + (m_e - m_s) (a + b) / (2 T)``;
    * ``"exponential"``: constant growth, ``m(t) = m_s r^(t/T)`` with ``r = m_e / m_s``,
      whose mean is ``m_s (r^(b/T) - r^(a/T)) / (((b - a) / T) ln r)``.

    Parameters
    ----------
    start_miner_hashrate_ehs : float, ndarray or Series
        Hashrate at the end of ``start_quarter`` [EH/s], > 0.
    end_miner_hashrate_ehs : float, ndarray or Series
        Hashrate reached at the end of ``end_quarter`` [EH/s], > 0.
    start_quarter, end_quarter : str or pandas.Period
        Calendar quarters, ``end_quarter`` later [calendar quarter].
    ramp : {"quarter_end", "linear", "exponential"}
        How the hashrate moves between the two [-].

    Returns
    -------
    float, ndarray or Series
        Mean hashrate over ``end_quarter`` [EH/s].

    Raises
    ------
    ValueError
        On a hashrate that is not positive, an unknown ramp, or quarters out of order.

    References
    ----------
    000_abd4e67359fd40a7.txt: "Assume CLSK reaches 32 EH by year-end, up 95% from
    current levels" (16.4 EH/s in Q1).

    Examples
    --------
    From 16.4 EH/s on 31 Mar 2024 to 32 EH/s on 31 Dec 2024 (275 days), a straight line
    passes the middle of Q4 (day 229) at 16.4 + 15.6 x 229 / 275 = 29.39 EH/s:

    >>> round(quarter_average_hashrate_ehs(16.4, 32.0, start_quarter="2024Q1", end_quarter="2024Q4",
    ...                                    ramp="linear"), 2)
    29.39
    >>> round(quarter_average_hashrate_ehs(16.4, 32.0, start_quarter="2024Q1", end_quarter="2024Q4",
    ...                                    ramp="exponential"), 2)
    28.67
    """
    ms = check_array("start_miner_hashrate_ehs", start_miner_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    me = check_array("end_miner_hashrate_ehs", end_miner_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    check_choice("ramp", ramp, RAMPS)
    q0, q1 = _quarter("start_quarter", start_quarter), _quarter("end_quarter", end_quarter)
    if not q1 > q0:
        raise ValueError(f"end_quarter={end_quarter!r} must come after start_quarter={start_quarter!r}")
    t0 = _quarter_edges(q0)[1]
    a_s, b_s = (t - t0 for t in _quarter_edges(q1))
    a, b = a_s.total_seconds() / SECONDS_PER_DAY, b_s.total_seconds() / SECONDS_PER_DAY  # [days]
    if ramp == "quarter_end":
        out = me * np.ones_like(ms)
    elif ramp == "linear":
        out = ms + (me - ms) * (a + b) / (2 * b)
    else:
        log_r = np.log(me / ms)
        with np.errstate(divide="ignore", invalid="ignore"):
            grown = ms * (np.exp(log_r) - np.exp(log_r * a / b)) / ((b - a) / b * log_r)
        out = np.where(log_r == 0, ms, grown)
    return like(out, start_miner_hashrate_ehs, end_miner_hashrate_ehs)


def _quarter_btc(miner_hashrate_ehs, network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc, days,
                 operational_efficiency):
    """A quarter's production at 144 blocks a day (the seed's 900 BTC/day = 144 x 6.25)."""
    return np.asarray(expected_btc_mined(
        miner_hashrate_ehs, network_hashrate_ehs, days, block_subsidy_btc, fees_per_block_btc,
        operational_efficiency=operational_efficiency,
    ))


def _validate_projection(q1_miner_hashrate_ehs, q4_miner_hashrate_ehs, operational_efficiency,
                         q1_network_hashrate_ehs, q1_block_subsidy_btc, q4_block_subsidy_btc, fees_per_block_btc,
                         q1_quarter, q4_quarter, days_q1, days_q4, q4_operational_efficiency):
    vals = dict(
        q1_m=check_array("q1_miner_hashrate_ehs", q1_miner_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s"),
        q4_m=check_array("q4_miner_hashrate_ehs", q4_miner_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s"),
        n1=check_array("q1_network_hashrate_ehs", q1_network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s"),
    )
    _require_scalars(vals, dict(n1="q1_network_hashrate_ehs"))
    vals.update(_validate_rewards(operational_efficiency, q1_block_subsidy_btc, q4_block_subsidy_btc,
                                  fees_per_block_btc, q4_operational_efficiency))
    quarters = dict(q1=_quarter("q1_quarter", q1_quarter), q4=_quarter("q4_quarter", q4_quarter))
    if not quarters["q4"] > quarters["q1"]:
        raise ValueError(f"q4_quarter={q4_quarter!r} must come after q1_quarter={q1_quarter!r}")
    for key, name, given, q in (("d1", "days_q1", days_q1, quarters["q1"]), ("d4", "days_q4", days_q4, quarters["q4"])):
        vals[key] = (np.asarray(float(days_in_quarter(q))) if given is None
                     else check_array(name, given, lo=0, lo_inclusive=False, unit="days"))
    _require_scalars(vals, dict(d1="days_q1", d4="days_q4"))
    return vals


def _require_scalars(vals, names):
    """Refuse an array among the checked ``vals`` (``names``: key -> parameter name) where the
    projection takes one scenario."""
    for key, name in names.items():
        if vals[key].ndim:
            raise ValueError(f"{name} must be a scalar here; sweep scenarios through network_change and "
                             "q4_miner_hashrate_ehs")


def _validate_rewards(operational_efficiency, q1_block_subsidy_btc, q4_block_subsidy_btc, fees_per_block_btc,
                      q4_operational_efficiency):
    """The scalar reward inputs either side of a halving, checked: e1, s1, s4, f, e4."""
    vals = dict(
        e1=check_array("operational_efficiency", operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction"),
        s1=check_array("q1_block_subsidy_btc", q1_block_subsidy_btc, lo=0, hi=50, lo_inclusive=False, unit="BTC/block"),
        s4=check_array("q4_block_subsidy_btc", q4_block_subsidy_btc, lo=0, hi=50, unit="BTC/block"),
        f=check_array("fees_per_block_btc", fees_per_block_btc, lo=0, unit="BTC/block"),
    )
    vals["e4"] = vals["e1"] if q4_operational_efficiency is None else check_array(
        "q4_operational_efficiency", q4_operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction"
    )
    _require_scalars(vals, dict(e1="operational_efficiency", s1="q1_block_subsidy_btc", s4="q4_block_subsidy_btc",
                                f="fees_per_block_btc", e4="q4_operational_efficiency"))
    if vals["s4"] + vals["f"] <= 0:
        raise ValueError("q4_block_subsidy_btc + fees_per_block_btc must be > 0: Q4 blocks must pay something")
    return vals


_CASE_DOC = """q4_miner_hashrate_ehs : float or array-like
        The miner's Q4 hashrate scenarios [EH/s], > 0.
    q1_miner_hashrate_ehs : float
        The miner's Q1 hashrate [EH/s], > 0.
    operational_efficiency : float
        Captured fraction of expected reward [fraction], in (0, 1]; Q1 and, by default, Q4.
    q1_network_hashrate_ehs : float
        Network hashrate in Q1 [EH/s], > 0.
    q1_block_subsidy_btc, q4_block_subsidy_btc : float
        Subsidy per block before/after the halving [BTC/block] (6.25 and 3.125 in 2024).
    fees_per_block_btc : float
        Mean transaction fees per block in both quarters [BTC/block], >= 0: fees do not
        halve.
    q1_quarter, q4_quarter : str or pandas.Period
        Calendar quarters, e.g. ``"2024Q1"`` [calendar quarter]; they give the days.
    days_q1, days_q4 : float, optional
        Days in each quarter [days], > 0; default: from the quarters' dates.
    q4_operational_efficiency : float, optional
        Q4 efficiency if different from Q1 [fraction]."""


def q4_projection(
    network_change=np.round(np.arange(-0.30, 0.301, 0.05), 2),
    *,
    q4_miner_hashrate_ehs,
    q1_miner_hashrate_ehs,
    operational_efficiency,
    q1_network_hashrate_ehs,
    q1_block_subsidy_btc,
    q4_block_subsidy_btc,
    fees_per_block_btc,
    q1_quarter,
    q4_quarter,
    days_q1=None,
    days_q4=None,
    q4_operational_efficiency=None,
):
    """Tidy table of Q4 production and Q4/Q1 over network and target-hashrate scenarios.

    ``Q1 = m1 / N1 * 144 * (s1 + f) * d1 * e1`` and
    ``Q4 = m4 / (N1 * (1 + c)) * 144 * (s4 + f) * d4 * e4`` for every combination of
    network change ``c`` and Q4 miner hashrate ``m4``.

    Parameters
    ----------
    network_change : float or array-like
        Network hashrate change from Q1 to Q4 [fraction], > -1 (-0.05 = 5 % drop);
        default -30 % to +30 % in 5 % steps.
    {case}

    Returns
    -------
    DataFrame
        One row per (network_change, q4_miner_hashrate_ehs) with columns
        ``network_change, q4_network_hashrate_ehs, q4_miner_hashrate_ehs, miner_growth,
        q1_btc, q4_btc, q4_over_q1``.

    Raises
    ------
    ValueError
        On an input out of range (the message names it), or a miner larger than the Q4
        network of some scenario.

    References
    ----------
    000_abd4e67359fd40a7.txt.

    Examples
    --------
    Seed 000's case, with Q1 2024 (91 days) and Q4 2024 (92 days):

    >>> t = q4_projection(network_change=[-0.05, 0.0], **SEED_000)
    >>> t[["network_change", "q4_btc", "q4_over_q1"]].round(3)
       network_change    q4_btc  q4_over_q1
    0           -0.05  2118.891       1.038
    1            0.00  2012.947       0.986
    """
    v = _validate_projection(q1_miner_hashrate_ehs, q4_miner_hashrate_ehs, operational_efficiency,
                             q1_network_hashrate_ehs, q1_block_subsidy_btc, q4_block_subsidy_btc, fees_per_block_btc,
                             q1_quarter, q4_quarter, days_q1, days_q4, q4_operational_efficiency)
    c = check_array("network_change", network_change, lo=-1, lo_inclusive=False, unit="fraction")
    if v["q1_m"].ndim:
        raise ValueError("q1_miner_hashrate_ehs must be a scalar [EH/s]")
    if np.any(v["q4_m"] > v["n1"] * (1 + c.min())):
        raise ValueError(
            "q4_miner_hashrate_ehs exceeds the Q4 network hashrate of some scenario; "
            "expected miner <= network [EH/s]"
        )
    cc, mm = np.meshgrid(np.atleast_1d(c), np.atleast_1d(v["q4_m"]), indexing="ij")
    cc, mm = cc.ravel(), mm.ravel()
    q1 = float(_quarter_btc(v["q1_m"], v["n1"], v["s1"], v["f"], v["d1"], v["e1"]))
    n4 = v["n1"] * (1.0 + cc)
    q4 = _quarter_btc(mm, n4, v["s4"], v["f"], v["d4"], v["e4"])
    return pd.DataFrame({
        "network_change": cc,
        "q4_network_hashrate_ehs": n4,
        "q4_miner_hashrate_ehs": mm,
        "miner_growth": mm / v["q1_m"] - 1.0,
        "q1_btc": q1,
        "q4_btc": q4,
        "q4_over_q1": q4 / q1,
    })


@vectorized
def breakeven_network_change(
    q4_miner_hashrate_ehs,
    *,
    q1_miner_hashrate_ehs,
    operational_efficiency,
    q1_network_hashrate_ehs,
    q1_block_subsidy_btc,
    q4_block_subsidy_btc,
    fees_per_block_btc,
    q1_quarter,
    q4_quarter,
    days_q1=None,
    days_q4=None,
    q4_operational_efficiency=None,
):
    """Network hashrate change from Q1 to Q4 at which Q4 production equals Q1.

    Solves ``Q4(c) - Q1 = 0`` for ``c`` with Brent's method (``scipy.optimize.brentq``) on
    ``(-0.999, 1000)``. Q4 falls monotonically in ``c``, so the root is unique. (In this
    model the root also has the closed form
    ``c* = (m4 / m1) * ((s4 + f) / (s1 + f)) * (d4 / d1) * (e4 / e1) - 1``, which the
    tests use.)

    Parameters
    ----------
    {case}

    Returns
    -------
    float, ndarray or Series
        Break-even network change [fraction]: negative means the network must shrink.

    Raises
    ------
    ValueError
        On an input out of range, or when Q4 cannot reach Q1 for any network change.

    References
    ----------
    000_abd4e67359fd40a7.txt ("If total network hash rate drops just 5% ...").

    Examples
    --------
    Seed 000's case (:data:`SEED_000`) breaks even at a 1.37 % drop with the calendar's
    91 and 92 days (32 / 16.4 x 450 / 900 x 92 / 91 - 1), at 2.44 % with the seed's
    ~91 days for both quarters, not at the article's 5 %:

    >>> round(breakeven_network_change(**SEED_000), 4)
    -0.0137
    >>> round(breakeven_network_change(**SEED_000, days_q4=91), 4)
    -0.0244
    """
    from scipy.optimize import brentq  # deferred: scipy.optimize costs ~0.25 s to import

    v = _validate_projection(q1_miner_hashrate_ehs, q4_miner_hashrate_ehs, operational_efficiency,
                             q1_network_hashrate_ehs, q1_block_subsidy_btc, q4_block_subsidy_btc, fees_per_block_btc,
                             q1_quarter, q4_quarter, days_q1, days_q4, q4_operational_efficiency)
    q1 = float(_quarter_btc(v["q1_m"], v["n1"], v["s1"], v["f"], v["d1"], v["e1"]))

    def solve(m4):
        def gap(c):
            return float(_quarter_btc(m4, v["n1"] * (1 + c), v["s4"], v["f"], v["d4"], v["e4"])) - q1

        lo, hi = -1.0 + m4 / v["n1"] + 1e-12, 1e3  # keep miner <= network inside the bracket
        if gap(lo) < 0:
            return np.nan  # even a network shrunk to the miner itself gives less than Q1
        return brentq(gap, lo, hi, xtol=1e-12, rtol=1e-12)

    # The bracket probes networks up to 1,000x Q1, far beyond any plausible one; the inputs
    # were checked above, so the plausibility limit of the network is off inside the solve.
    with plausibility.relaxed("network_hashrate_ehs"):
        out = np.vectorize(solve, otypes=[float])(v["q4_m"])
    if np.isnan(out).any():
        raise ValueError(
            f"q4_miner_hashrate_ehs={q4_miner_hashrate_ehs!r}: Q4 cannot reach Q1 for any network change"
        )
    return like(out, q4_miner_hashrate_ehs)


def q4_cost_stack_usd_per_btc(
    network_change,
    *,
    q1_all_in_cost_usd_per_btc,
    cost_shares,
    cost_elasticities,
    **case,
):
    """Q4 cost per BTC, line by line, built from a Q1 all-in cost per BTC (seed 000's method).

    The construction, step by step (CoinShares' lines, :data:`minelib.costs.COST_LINES`):

    1. Q1 production ``Q1`` and Q4 production ``Q4(c)`` as in :func:`q4_projection`.
    2. Q1 cost: ``C1 = q1_all_in_cost_usd_per_btc x Q1``, split into lines by
       ``cost_shares`` (fractions of the all-in cost that sum to 1).
    3. Each line runs at a daily rate ``C1_line / d1``; in Q4 it grows with the miner's
       hashrate at a constant elasticity (:func:`minelib.costs.scaled_cost_usd`):
       ``C4_line = C1_line / d1 x d4 x (m4 / m1)^k_line``. Costs do not depend on the
       network: only production does.
    4. Per BTC: :func:`minelib.costs.cost_stack_usd_per_btc` of the Q4 lines over
       ``Q4(c)``; its ``all_in_cost`` is the all-in breakeven BTC price, its
       ``cash_cost`` the cash breakeven.

    The day counts cancel in the cost per BTC (both cost and production run per day);
    they do not cancel in Q4/Q1.

    Parameters
    ----------
    network_change : float or array-like
        Network hashrate change from Q1 to Q4 [fraction], > -1.
    q1_all_in_cost_usd_per_btc : float
        The miner's Q1 all-in cost [USD/BTC], > 0 (seed 000: CleanSpark ~$45,000).
    cost_shares : mapping of str to float
        Share of the Q1 all-in cost in each line of :data:`minelib.costs.COST_LINES`
        [fraction], >= 0, summing to 1; lines left out are 0.
    cost_elasticities : mapping of str to float
        Elasticity of each line to the miner's hashrate [dimensionless], >= 0, for every
        line with a share (:func:`minelib.costs.cost_elasticity` turns seed 000's "+70 %"
        at 32 EH/s into one).
    **case
        The halving case: the keyword arguments of :func:`q4_projection` (e.g.
        ``**SEED_000``) [-].

    Returns
    -------
    DataFrame
        One row per (network_change, Q4 hashrate): ``network_change,
        q4_miner_hashrate_ehs, q4_btc``, then the columns of
        :func:`minelib.costs.cost_stack_usd_per_btc` [USD/BTC].

    Raises
    ------
    ValueError
        On shares that are negative or do not sum to 1, a line with a share but no
        elasticity, an unknown line, or an invalid case (the message names it).

    References
    ----------
    000_abd4e67359fd40a7.txt: "CleanSpark ... maintains a total cost of approximately
    $45,000 per BTC"; "Assuming CLSK expands to 32 EH: Operating costs: +70%, G&A: +20%
    (due to fixed nature), Depreciation: +70%"; "If network hash rate drops 20%, CLSK
    remains profitable at BTC prices of $60K-$65K".

    Examples
    --------
    Seed 000 with 45 % power, 10 % other cost of revenue and 32.5 % depreciation growing
    +70 %, 12.5 % cash SG&A growing +20 % (shares: an ASSUMPTION), at a 20 % smaller
    network:

    >>> from minelib.costs import cost_elasticity
    >>> growth = 32 / 16.4 - 1
    >>> shares = {"power": 0.45, "other_cost_of_revenue": 0.10, "cash_sga": 0.125, "depreciation": 0.325}
    >>> k = {line: cost_elasticity(0.20 if line == "cash_sga" else 0.70, growth) for line in shares}
    >>> t = q4_cost_stack_usd_per_btc(-0.2, q1_all_in_cost_usd_per_btc=45_000, cost_shares=shares,
    ...                               cost_elasticities=k, **SEED_000)
    >>> round(float(t["all_in_cost"].iloc[0]))
    60424
    """
    unknown = set(cost_shares) - set(COST_LINES)
    if unknown:
        raise ValueError(f"cost_shares has unknown lines {sorted(unknown)}; expected some of {list(COST_LINES)}")
    shares = {line: float(check_array(f"cost_shares[{line!r}]", cost_shares.get(line, 0.0), lo=0, hi=1,
                                      unit="fraction")) for line in COST_LINES}
    if abs(sum(shares.values()) - 1.0) > 1e-9:
        raise ValueError(f"cost_shares={dict(cost_shares)!r} sum to {sum(shares.values())!r}; expected 1 [fraction]")
    missing = [line for line, share in shares.items() if share > 0 and line not in cost_elasticities]
    if missing:
        raise ValueError(f"cost_elasticities has no value for {missing}, which have a cost share")
    k = {line: float(check_array(f"cost_elasticities[{line!r}]", cost_elasticities.get(line, 0.0), lo=0,
                                 unit="dimensionless")) for line in COST_LINES}
    c1 = float(check_array("q1_all_in_cost_usd_per_btc", q1_all_in_cost_usd_per_btc, lo=0, lo_inclusive=False,
                           unit="USD/BTC"))
    proj = q4_projection(network_change, **case)  # validates the case
    d1, d4 = (float(days_in_quarter(case[f"{q}_quarter"]) if case.get(f"days_{q}") is None else case[f"days_{q}"])
              for q in ("q1", "q4"))  # [days]
    q1_cost_per_day = c1 * float(proj["q1_btc"].iloc[0]) / d1  # [USD/day]
    growth = proj["miner_growth"].to_numpy()
    q4_lines = {f"{line}_usd": scaled_cost_usd(shares[line] * q1_cost_per_day * d4, growth, k[line])
                for line in COST_LINES}
    stack = cost_stack_usd_per_btc(proj["q4_btc"].to_numpy(), **q4_lines)
    return pd.concat([proj[["network_change", "q4_miner_hashrate_ehs", "q4_btc"]], stack], axis=1)


q4_projection.__doc__ = q4_projection.__doc__.replace("{case}", _CASE_DOC)
breakeven_network_change.__doc__ = breakeven_network_change.__doc__.replace("{case}", _CASE_DOC)


@vectorized
def annualized_growth(start, end, years):
    """Compound annual growth rate: ``(end / start)^(1 / years) - 1``.

    Parameters
    ----------
    start, end : float, ndarray or Series
        Values at the start and at the end [any unit, the same for both, e.g. EH/s], > 0.
    years : float, ndarray or Series
        Time between them [years], > 0.

    Returns
    -------
    float, ndarray or Series
        Growth [fraction per year].

    Examples
    --------
    >>> round(annualized_growth(8.9, 25.0, 1.25), 3)  # Cipher: Q3 2024 -> end 2025
    1.284
    """
    s = check_array("start", start, lo=0, lo_inclusive=False)
    e = check_array("end", end, lo=0, lo_inclusive=False)
    y = check_array("years", years, lo=0, lo_inclusive=False, unit="years")
    return like((e / s) ** (1.0 / y) - 1.0, start, end, years)


def growth_race(
    miner_hashrate_ehs: dict,
    miner_annual_growth: dict,
    rest_of_network_ehs: float,
    rest_annual_growth: float,
    *,
    network_btc_per_day: float,
    years: float = 2.0,
    steps_per_year: int = 4,
    days_per_step: float | None = None,
):
    """Share of newly minted BTC over time for miners growing at different rates.

    The network is the named miners plus the rest, each growing geometrically:
    ``m_i(t) = m_i(0) * (1 + g_i)^t``, ``N(t) = sum_i m_i(t) + R(0) * (1 + g_R)^t``;
    share ``s_i(t) = m_i(t) / N(t)`` and BTC per step ``s_i(t) * B * days``. The shares of
    all miners and the rest sum to 1, so their BTC sums to the issuance.

    Parameters
    ----------
    miner_hashrate_ehs : dict of str -> float
        Starting hashrate per named miner [EH/s], > 0.
    miner_annual_growth : dict of str -> float
        Growth per year per miner [fraction], > -1; same keys.
    rest_of_network_ehs : float
        Hashrate of everyone else at the start [EH/s], >= 0.
    rest_annual_growth : float
        Growth per year of everyone else [fraction], > -1.
    network_btc_per_day : float
        Issuance to all miners [BTC/day], >= 0 (seed 000: 450 after the 2024 halving).
    years : float
        Horizon [years], > 0.
    steps_per_year : int
        Time steps per year [steps/year], >= 1 (4 = quarters).
    days_per_step : float, optional
        Length of a step [days]; default 365.25 / steps_per_year.

    Returns
    -------
    DataFrame
        Tidy: ``step, years, miner, hashrate_ehs, network_hashrate_ehs, share, btc``;
        ``miner == "rest of network"`` for everyone else.

    References
    ----------
    000_abd4e67359fd40a7.txt: "If second-tier miners grow slower than top-tier ones (e.g.,
    <80% vs. >95%), their share of newly minted BTC will shrink".

    Examples
    --------
    >>> t = growth_race({"A": 10.0}, {"A": 1.0}, 90.0, 0.0, network_btc_per_day=450.0, years=1, steps_per_year=1)
    >>> t.loc[t.miner == "A", ["years", "share"]].round(4).to_numpy().tolist()
    [[0.0, 0.1], [1.0, 0.1818]]
    """
    if set(miner_hashrate_ehs) != set(miner_annual_growth):
        raise ValueError(
            f"miner_annual_growth keys {sorted(miner_annual_growth)} do not match "
            f"miner_hashrate_ehs keys {sorted(miner_hashrate_ehs)}"
        )
    names = list(miner_hashrate_ehs)
    m0 = np.array([float(check_array(f"miner_hashrate_ehs[{k!r}]", miner_hashrate_ehs[k], lo=0, lo_inclusive=False, unit="EH/s")) for k in names])
    g = np.array([float(check_array(f"miner_annual_growth[{k!r}]", miner_annual_growth[k], lo=-1, lo_inclusive=False, unit="fraction per year")) for k in names])
    r0 = float(check_array("rest_of_network_ehs", rest_of_network_ehs, lo=0, unit="EH/s"))
    gr = float(check_array("rest_annual_growth", rest_annual_growth, lo=-1, lo_inclusive=False, unit="fraction per year"))
    y = float(check_array("years", years, lo=0, lo_inclusive=False, unit="years"))
    spy = int(check_array("steps_per_year", steps_per_year, lo=1, unit="steps/year", integer=True))
    b = float(check_array("network_btc_per_day", network_btc_per_day, lo=0, unit="BTC/day"))
    dps = 365.25 / spy if days_per_step is None else float(check_array("days_per_step", days_per_step, lo=0, lo_inclusive=False, unit="days"))

    t = np.arange(int(round(y * spy)) + 1) / spy  # years since start
    hashrates = np.vstack([m0[:, None] * (1 + g[:, None]) ** t, r0 * (1 + gr) ** t])  # (miners+1, steps)
    network = hashrates.sum(axis=0)
    shares = hashrates / network
    labels = names + ["rest of network"]
    return pd.DataFrame({
        "step": np.tile(np.arange(t.size), len(labels)),
        "years": np.tile(t, len(labels)),
        "miner": np.repeat(labels, t.size),
        "hashrate_ehs": hashrates.ravel(),
        "network_hashrate_ehs": np.tile(network, len(labels)),
        "share": shares.ravel(),
        "btc": shares.ravel() * b * dps,
    })


# --------------------------------------------------------------------------- the next halving
def halving_quarters(halving_date):
    """The last full calendar quarter before a halving and the first full one after it.

    A halving falls inside a quarter that mixes both subsidies; the comparison of seed 000
    (a quarter before against a quarter after) uses the whole quarters on either side:
    ``before = Q(date) - 1`` and ``after = Q(date) + 1``, or ``Q(date)`` itself when the
    halving block comes at the quarter's first instant.

    Parameters
    ----------
    halving_date : str, datetime, Timestamp, DatetimeIndex or Series of them
        Time of the halving block [date].

    Returns
    -------
    (Period, Period), or (PeriodIndex, PeriodIndex) for several dates
        The quarter before and the quarter after [calendar quarter].

    Raises
    ------
    ValueError
        If a value is not a date.

    References
    ----------
    000_abd4e67359fd40a7.txt compares Q1 2024 with Q4 2024 around the April 2024 halving;
    the first full quarter after it is Q3 2024.

    Examples
    --------
    The 2024 halving (block 840,000, 20 April 2024, ``data/halvings.csv``):

    >>> halving_quarters("2024-04-20")
    (Period('2024Q1', 'Q-DEC'), Period('2024Q3', 'Q-DEC'))
    >>> halving_quarters("2028-04-01 00:00")
    (Period('2028Q1', 'Q-DEC'), Period('2028Q2', 'Q-DEC'))
    """
    if isinstance(halving_date, (pd.Series, pd.DatetimeIndex, list, tuple, np.ndarray)):
        pairs = [halving_quarters(d) for d in halving_date]
        return (pd.PeriodIndex([p[0] for p in pairs], freq="Q"), pd.PeriodIndex([p[1] for p in pairs], freq="Q"))
    t = _utc_day(halving_date, "halving_date")
    q = pd.Period(t, freq="Q")
    return q - 1, (q if t == q.start_time else q + 1)


@vectorized
def required_q4_hashrate_ehs(
    network_change,
    *,
    q1_miner_hashrate_ehs,
    operational_efficiency,
    q1_network_hashrate_ehs,
    q1_block_subsidy_btc,
    q4_block_subsidy_btc,
    fees_per_block_btc,
    q1_quarter,
    q4_quarter,
    days_q1=None,
    days_q4=None,
    q4_operational_efficiency=None,
):
    """Hashrate a miner needs after the halving to mine as many BTC as in the quarter before.

    The inverse of :func:`q4_projection` in the miner's hashrate: production is linear in
    it, so the Q4 hashrate that makes ``Q4 = Q1`` is ``m1 * Q1 / Q4(m1)``, which is

    ``m4* = m1 (1 + c) ((s1 + f) / (s4 + f)) (d1 / d4) (e1 / e4)``

    With no network change and equal days the halving asks for ``(s1 + f) / (s4 + f)``
    times the hashrate: exactly twice with no fees, less with fees, which do not halve
    (3.15 / 1.5875 = 1.984 at 0.025 BTC a block).

    Parameters
    ----------
    network_change : float, ndarray or Series
        Network hashrate change from the quarter before to the quarter after [fraction],
        > -1.
    q1_miner_hashrate_ehs : float, ndarray or Series
        The miner's hashrate in the quarter before [EH/s], > 0; broadcasts against
        ``network_change`` (miners down one axis, scenarios along the other).
    operational_efficiency, q1_network_hashrate_ehs, q1_block_subsidy_btc, q4_block_subsidy_btc, fees_per_block_btc, q1_quarter, q4_quarter, days_q1, days_q4, q4_operational_efficiency
        The case, as in :func:`q4_projection` (scalars) [see there].

    Returns
    -------
    float, ndarray or Series
        Required hashrate in the quarter after [EH/s].

    Raises
    ------
    ValueError
        On an input out of range (the message names it).

    References
    ----------
    000_abd4e67359fd40a7.txt ("CleanSpark will mine the same amount of BTC in Q4 as it did
    in Q1"); Bitcoin Core ``GetBlockSubsidy`` (3.125 BTC -> 1.5625 BTC at block 1,050,000).

    Examples
    --------
    Seed 000's case: to match Q1 2024 in Q4 2024 on a flat network CleanSpark needed
    16.4 x 2 x 91 / 92 = 32.44 EH/s (it planned 32):

    >>> case = {k: SEED_000[k] for k in SEED_000.keys() if k != "q4_miner_hashrate_ehs"}
    >>> round(required_q4_hashrate_ehs(0.0, **case), 2)
    32.44
    >>> required_q4_hashrate_ehs(np.array([-0.05, 0.0]), **case).round(2)
    array([30.82, 32.44])
    """
    c = check_array("network_change", network_change, lo=-1, lo_inclusive=False, unit="fraction")
    v = _validate_projection(q1_miner_hashrate_ehs, q1_miner_hashrate_ehs, operational_efficiency,
                             q1_network_hashrate_ehs, q1_block_subsidy_btc, q4_block_subsidy_btc, fees_per_block_btc,
                             q1_quarter, q4_quarter, days_q1, days_q4, q4_operational_efficiency)
    m1 = v["q1_m"]
    q1 = _quarter_btc(m1, v["n1"], v["s1"], v["f"], v["d1"], v["e1"])
    # Q4 production of the same hashrate on the changed network; the plausibility limit of
    # the network is off for it (a large change is a scenario, its inputs were checked).
    with plausibility.relaxed("network_hashrate_ehs"):
        q4_same = _quarter_btc(m1, v["n1"] * (1.0 + c), v["s4"], v["f"], v["d4"], v["e4"])
    return like(m1 * q1 / q4_same, network_change, q1_miner_hashrate_ehs)


@vectorized
def covered_price_after_halving_usd(
    all_in_cost_usd_per_btc,
    network_change,
    *,
    q1_block_subsidy_btc,
    q4_block_subsidy_btc,
    fees_per_block_btc,
    operational_efficiency=1.0,
    q4_operational_efficiency=None,
):
    """BTC price at which an all-in cost per BTC from before a halving is covered after it.

    A miner whose all-in cost (CoinShares: cash cost plus depreciation, amortisation and
    stock-based compensation) is ``C1`` USD per BTC before the halving keeps its costs per
    day and per unit of hashrate; after it, each unit of hashrate mines
    ``(s4 + f) / ((s1 + f) (1 + c))`` times as many BTC a day (:func:`q4_projection` per
    day, at an unchanged miner hashrate), so the cost per BTC - the price that covers it -
    is

    ``P* = C1 (1 + c) ((s1 + f) / (s4 + f)) (e1 / e4)``

    The same holds if the miner grows to :func:`required_q4_hashrate_ehs` and every cost
    grows in proportion to its hashrate: it then mines as many BTC as before at
    ``m4* / m1`` times the cost per day. (Efficiency gains of new machines lower it; a
    cost that does not grow with hashrate, such as part of SG&A, does too:
    :func:`q4_cost_stack_usd_per_btc` takes cost lines and elasticities.)

    Parameters
    ----------
    all_in_cost_usd_per_btc : float, ndarray or Series
        All-in cost per BTC before the halving [USD/BTC], > 0.
    network_change : float, ndarray or Series
        Network hashrate change from before to after [fraction], > -1.
    q1_block_subsidy_btc, q4_block_subsidy_btc : float
        Subsidy per block before / after the halving [BTC/block].
    fees_per_block_btc : float
        Mean fees per block, before and after [BTC/block], >= 0.
    operational_efficiency : float
        Captured fraction of the expected reward before the halving [fraction], in (0, 1].
    q4_operational_efficiency : float, optional
        After the halving, if different [fraction].

    Returns
    -------
    float, ndarray or Series
        Covering BTC price after the halving [USD/BTC].

    Raises
    ------
    ValueError
        On an input out of range (the message names it).

    References
    ----------
    000_abd4e67359fd40a7.txt ("CleanSpark ... maintains a total cost of approximately
    $45,000 per BTC"); CoinShares' all-in cost definition (cash cost + D&A + SBC).

    Examples
    --------
    $45,000 before, a flat network and no fees: $90,000. At 0.025 BTC of fees per block
    the halving multiplies the cost by 3.15 / 1.5875 = 1.984:

    >>> covered_price_after_halving_usd(45_000.0, 0.0, q1_block_subsidy_btc=3.125, q4_block_subsidy_btc=1.5625,
    ...                                 fees_per_block_btc=0.0)
    90000.0
    >>> round(covered_price_after_halving_usd(45_000.0, 0.0, q1_block_subsidy_btc=3.125,
    ...                                       q4_block_subsidy_btc=1.5625, fees_per_block_btc=0.025))
    89291
    """
    cost = check_array("all_in_cost_usd_per_btc", all_in_cost_usd_per_btc, lo=0, lo_inclusive=False, unit="USD/BTC")
    c = check_array("network_change", network_change, lo=-1, lo_inclusive=False, unit="fraction")
    v = _validate_rewards(operational_efficiency, q1_block_subsidy_btc, q4_block_subsidy_btc, fees_per_block_btc,
                          q4_operational_efficiency)
    reward_ratio = (v["s1"] + v["f"]) / (v["s4"] + v["f"]) * (v["e1"] / v["e4"])
    return like(cost * (1.0 + c) * reward_ratio, all_in_cost_usd_per_btc, network_change)


def halving_date_paths(
    n_paths,
    *,
    start,
    start_height,
    difficulty,
    hashrate_drift_per_year,
    hashrate_volatility_per_year,
    halving_height=None,
    network_hashrate_ehs=None,
    seed=None,
):
    """Monte Carlo distribution of a halving's date on protocol-true network paths.

    Each path of :func:`minelib.montecarlo.simulate_network` grows a trend hashrate by a
    geometric Brownian motion (drift ``mu``, volatility ``sigma``, per retarget epoch),
    mines its blocks at ``H / (D 2^32)`` a second and retargets every 2,016 blocks with
    Bitcoin Core's clamp, so each path reaches the halving height at its own date. The
    post-halving dip of that simulation does not move the halving itself and is off here.

    Parameters
    ----------
    n_paths : int
        Number of paths [paths], >= 1.
    start : str or Timestamp
        Time of ``start_height`` [date].
    start_height : int
        Latest block height [blocks], >= 0.
    difficulty : float
        Difficulty in force at ``start`` [dimensionless], >= 1.
    hashrate_drift_per_year : float
        Drift ``mu`` of the trend hashrate [1/year], continuously compounded: ``log(1 + g)``
        for a growth ``g`` a year.
    hashrate_volatility_per_year : float
        Volatility ``sigma`` of the trend hashrate [1/sqrt(year)], >= 0.
    halving_height : int, optional
        Height of the halving block [blocks]; default the next one after ``start_height``.
    network_hashrate_ehs : float, optional
        Hashrate at ``start`` [EH/s]; default the steady state of ``difficulty``
        (:func:`minelib.protocol.hashrate_from_difficulty_ehs` at
        :data:`minelib.protocol.STEADY_BLOCK_TIME_S`).
    seed : int, SeedSequence or Generator, optional
        Seed [-]; the same seed gives the same dates.

    Returns
    -------
    Series
        Date of the halving block on each path (index: path number) [Timestamp].

    Raises
    ------
    ValueError
        On an invalid argument (the message names it), or when some path has not reached
        the halving within the simulated horizon (a network that shrinks too fast).

    References
    ----------
    Bitcoin Core ``CalculateNextWorkRequired`` (``src/pow.cpp``) and ``GetBlockSubsidy``
    (``src/validation.cpp``).

    Examples
    --------
    Twenty epochs before block 1,050,000 on a steady 600 EH/s network, without volatility
    every path is the deterministic one: 40,320 blocks of 600.30 s, 280.14 days
    (:func:`minelib.protocol.expected_halving_date` agrees):

    >>> from minelib.protocol import STEADY_BLOCK_TIME_S, difficulty_from_hashrate
    >>> d = halving_date_paths(2, start="2027-01-01", start_height=1_050_000 - 2016 * 20,
    ...                        difficulty=float(difficulty_from_hashrate(600.0, STEADY_BLOCK_TIME_S)),
    ...                        hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0, seed=1)
    >>> d.dt.strftime("%Y-%m-%d").tolist()
    ['2027-10-08', '2027-10-08']
    """
    from minelib.montecarlo import simulate_network  # deferred: montecarlo imports this module's peers
    from minelib.protocol import STEADY_BLOCK_TIME_S, next_halving_height

    h0 = int(check_array("start_height", start_height, lo=0, unit="blocks", integer=True))
    target = int(next_halving_height(h0)) if halving_height is None else int(
        check_array("halving_height", halving_height, lo=h0 + 1, unit="blocks", integer=True))
    d0 = float(check_array("difficulty", difficulty, lo=1, unit="dimensionless"))
    # Horizon: the blocks to go at half the steady rate, so slow paths still arrive.
    n_months = int(np.ceil(2 * (target - h0) * STEADY_BLOCK_TIME_S / SECONDS_PER_DAY / (365.25 / 12))) + 2
    net = simulate_network(
        n_paths, start=start, n_months=n_months, start_height=h0, network_hashrate_ehs=network_hashrate_ehs,
        hashrate_drift_per_year=hashrate_drift_per_year, hashrate_volatility_per_year=hashrate_volatility_per_year,
        halving_drop=(0.0, 0.0), recovery_months=0.0, difficulty=d0, keep_epochs=False, seed=seed,
    )
    row = np.flatnonzero(net.halving_heights == target)
    days = net.halving_days[row[0]] if row.size else np.full(net.n_paths, np.nan)
    if np.isnan(days).any():
        raise ValueError(
            f"hashrate_drift_per_year={hashrate_drift_per_year!r} / hashrate_volatility_per_year="
            f"{hashrate_volatility_per_year!r}: {int(np.isnan(days).sum())} path(s) do not reach block {target:,} "
            f"within {n_months} months"
        )
    dates = net.start + pd.to_timedelta(days, unit="D")
    return pd.Series(dates, name="halving_date")


def estimated_height(date, *, blocks_per_day=None):
    """Block height on ``date``, estimated from the latest dated halving block before it.

    ``height = h_k + floor(days since d_k * blocks_per_day)``

    where ``(h_k, d_k)`` is the last halving in ``data/halvings.csv`` with an actual date on
    or before ``date`` (block 840,000 on 20 Apr 2024 for dates since then). ASSUMPTION
    unless ``blocks_per_day`` is given: a constant network hashrate since that halving,
    under which blocks arrive at the protocol's steady rate, 86,400 / (600 x 2016/2015) =
    143.93 a day (:data:`minelib.protocol.STEADY_BLOCKS_PER_DAY`: Bitcoin Core measures
    each retarget over 2,015 intervals). A growing network mines faster than that between
    retargets, so on a growing network the estimate is low; a reader who knows the
    height on the day passes it to the notebooks instead. Notebooks 05, 10, 11 and 12
    take their starting height from here, each on its own start date, so they count
    blocks the same way.

    Parameters
    ----------
    date : str, date, datetime, datetime64 or Timestamp
        The day (ISO ``YYYY-MM-DD``), on or after the genesis block (3 Jan 2009).
    blocks_per_day : float, optional
        Mean blocks a day since the halving [blocks/day], in (0, 1,000]; default the
        protocol's steady rate.

    Returns
    -------
    int
        Estimated height of the last block mined by the start of ``date`` (by the instant,
        in UTC, if it carries a time) [blocks].

    Raises
    ------
    ValueError
        If ``date`` is not a date or precedes the genesis block, or ``blocks_per_day`` is
        out of range.

    References
    ----------
    ``data/halvings.csv`` (halving block dates from block timestamps); Bitcoin Core
    ``src/pow.cpp`` (``CalculateNextWorkRequired``, 2,015 intervals per retarget).

    Examples
    --------
    >>> estimated_height("2024-04-20")
    840000
    >>> estimated_height("2026-02-05")  # 656 days x 143.93 blocks a day after block 840,000
    934417
    >>> estimated_height("2026-02-05", blocks_per_day=144)
    934464
    """
    from minelib.protocol import STEADY_BLOCKS_PER_DAY

    day = _utc_day(date)
    rate = float(check_array("blocks_per_day", STEADY_BLOCKS_PER_DAY if blocks_per_day is None else blocks_per_day,
                             lo=0, hi=1_000, lo_inclusive=False, unit="blocks/day"))
    height, when = _last_dated_halving(day, date)
    days = (day - when) / pd.Timedelta(days=1)
    # + 1e-6 so a whole number of blocks that floating point lands a hair under is kept
    # (658 days x 2015/14 blocks a day is 94,705 exactly, 94,704.99999999999 in float64)
    return height + int(np.floor(days * rate + 1e-6))


def _utc_day(date, name="date"):
    """``date`` (the parameter ``name``) checked, as a naive Timestamp in UTC."""
    day = check_date(name, date)
    return day.tz_convert("UTC").tz_localize(None) if day.tzinfo is not None else day


def last_dated_halving(date):
    """The last halving block mined on or before ``date``, from ``data/halvings.csv``.

    The anchor :func:`estimated_height` counts blocks from: the last halving (or the
    genesis block, epoch 0) whose date is ``actual`` in the data, on or before ``date``.

    Parameters
    ----------
    date : str, date, datetime, datetime64 or Timestamp
        The day (ISO ``YYYY-MM-DD``), on or after the genesis block (3 Jan 2009).

    Returns
    -------
    tuple of (int, Timestamp)
        Its height [blocks] and the date it was mined [date].

    Raises
    ------
    ValueError
        If ``date`` is not a date or precedes the genesis block.

    References
    ----------
    ``data/halvings.csv`` (halving block dates from block timestamps).

    Examples
    --------
    >>> height, day = last_dated_halving("2026-02-05")
    >>> height, f"{day:%d %b %Y}"
    (840000, '20 Apr 2024')
    """
    return _last_dated_halving(_utc_day(date), date)


def _last_dated_halving(day, date):
    """:func:`last_dated_halving` on the checked ``day``; ``date`` as given, for the message."""
    from minelib.data import load_halvings

    halvings = load_halvings()
    dated = halvings[(halvings["date_status"] == "actual") & (halvings["start_date"] <= day)]
    if dated.empty:
        first = halvings["start_date"].min()
        raise ValueError(f"date={date!r} precedes the genesis block ({first:%Y-%m-%d}); expected a date on or after it")
    last = dated.iloc[-1]
    return int(last["start_height"]), pd.Timestamp(last["start_date"])
