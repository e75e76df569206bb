"""Halving projections: a miner's Q1 -> Q4 production and the growth race for share.

Seed ``000_abd4e67359fd40a7.txt`` models CleanSpark across the April 2024 halving:
900 BTC/day network issuance over ~91 days in Q1 at 566 EH/s, CleanSpark growing from
16.4 to 32 EH/s (+95 %) at 86 % operational efficiency, 450 BTC/day after the halving.
Its claim: "If total network hash rate drops just 5% from Q1's 566 EH level, CleanSpark
will mine the same amount of BTC in Q4 as it did in Q1". That case is :data:`SEED_000`,
passed explicitly (``q4_projection(changes, **SEED_000)``); the functions have no defaults
that describe one article.

Production in a quarter is :func:`minelib.revenue.expected_btc_mined` with the seed's
network issuance per day as ``blocks/day x reward per block``::

    BTC_q = (m_q / N_q) * network_BTC_per_day_q * days_q * efficiency_q
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from minelib import plausibility
from minelib._validate import check_array, like, vectorized
from minelib.protocol import TARGET_BLOCKS_PER_DAY
from minelib.revenue import expected_btc_mined

__all__ = [
    "HalvingCase",
    "SEED_000",
    "q4_projection",
    "breakeven_network_change",
    "annualized_growth",
    "growth_race",
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
        The miner's hashrate in Q4 [EH/s].
    operational_efficiency : float
        Captured fraction of the expected reward, Q1 and Q4 [fraction].
    q1_network_hashrate_ehs : float
        Network hashrate in Q1 [EH/s].
    q1_network_btc_per_day : float
        BTC paid to all miners per day before the halving [BTC/day].
    q4_network_btc_per_day : float
        BTC paid to all miners per day after the halving [BTC/day].
    days_q1, days_q4 : float
        Days in each quarter [days].
    """

    q1_miner_hashrate_ehs: float
    q4_miner_hashrate_ehs: float
    operational_efficiency: float
    q1_network_hashrate_ehs: float
    q1_network_btc_per_day: float
    q4_network_btc_per_day: float
    days_q1: float
    days_q4: float

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
    q1_network_btc_per_day=900.0,  # "Assuming 900 BTC mined daily across ~91 days (Q1)"
    q4_network_btc_per_day=450.0,  # "daily Bitcoin issuance dropped from ~900 BTC to ~450 BTC"
    days_q1=91.0,  # "across ~91 days (Q1)"
    days_q4=91.0,  # ASSUMPTION: the article gives ~91 days for Q1 only and compares equal quarters
)


def _quarter_btc(miner_hashrate_ehs, network_hashrate_ehs, network_btc_per_day, days, operational_efficiency):
    """A quarter's production; the seed states issuance per day, i.e. 144 blocks x reward per block."""
    return np.asarray(expected_btc_mined(
        miner_hashrate_ehs, network_hashrate_ehs, days, network_btc_per_day / TARGET_BLOCKS_PER_DAY,
        operational_efficiency=operational_efficiency,
    ))


def _validate_projection(q1_miner_hashrate_ehs, q4_miner_hashrate_ehs, operational_efficiency,
                         q1_network_hashrate_ehs, q1_network_btc_per_day, q4_network_btc_per_day,
                         days_q1, days_q4, q4_operational_efficiency):
    vals = dict(
        q1_m=check_array("q1_miner_hashrate_ehs", q1_miner_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s"),
        q4_m=check_array("q4_miner_hashrate_ehs", q4_miner_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s"),
        e1=check_array("operational_efficiency", operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction"),
        n1=check_array("q1_network_hashrate_ehs", q1_network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s"),
        b1=check_array("q1_network_btc_per_day", q1_network_btc_per_day, lo=0, lo_inclusive=False, unit="BTC/day"),
        b4=check_array("q4_network_btc_per_day", q4_network_btc_per_day, lo=0, lo_inclusive=False, unit="BTC/day"),
        d1=check_array("days_q1", days_q1, lo=0, lo_inclusive=False, unit="days"),
        d4=check_array("days_q4", days_q4, lo=0, lo_inclusive=False, unit="days"),
    )
    vals["e4"] = vals["e1"] if q4_operational_efficiency is None else check_array(
        "q4_operational_efficiency", q4_operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction"
    )
    scalars = dict(e1="operational_efficiency", n1="q1_network_hashrate_ehs", b1="q1_network_btc_per_day",
                   b4="q4_network_btc_per_day", d1="days_q1", d4="days_q4", e4="q4_operational_efficiency")
    for key, name in scalars.items():
        if vals[key].ndim:
            raise ValueError(f"{name} must be a scalar here; sweep scenarios through network_change and "
                             "q4_miner_hashrate_ehs")
    return vals


def q4_projection(
    network_change=np.round(np.arange(-0.30, 0.301, 0.05), 2),
    *,
    q4_miner_hashrate_ehs,
    q1_miner_hashrate_ehs,
    operational_efficiency,
    q1_network_hashrate_ehs,
    q1_network_btc_per_day,
    q4_network_btc_per_day,
    days_q1,
    days_q4,
    q4_operational_efficiency=None,
):
    """Tidy table of Q4 production and Q4/Q1 over network and target-hashrate scenarios.

    ``Q1 = m1 / N1 * B1 * d1 * e1`` and ``Q4 = m4 / (N1 * (1 + c)) * B4 * d4 * e4`` for
    every combination of network change ``c`` and Q4 miner hashrate ``m4``.

    Parameters
    ----------
    network_change : float or array-like
        Network hashrate change from Q1 to Q4 [fraction], > -1 (-0.05 = 5 % drop);
        default -30 % to +30 % in 5 % steps.
    q4_miner_hashrate_ehs : float or array-like
        The miner's Q4 hashrate scenarios [EH/s], > 0.
    q1_miner_hashrate_ehs : float
        The miner's Q1 hashrate [EH/s], > 0.
    operational_efficiency : float
        Captured fraction of expected reward [fraction], in (0, 1]; Q1 and, by default, Q4.
    q1_network_hashrate_ehs : float
        Network hashrate in Q1 [EH/s], > 0.
    q1_network_btc_per_day, q4_network_btc_per_day : float
        Network issuance per day before/after the halving [BTC/day], > 0.
    days_q1, days_q4 : float
        Days in each quarter [days], > 0.
    q4_operational_efficiency : float, optional
        Q4 efficiency if different from Q1 [fraction].

    Returns
    -------
    DataFrame
        One row per (network_change, q4_miner_hashrate_ehs) with columns
        ``network_change, q4_network_hashrate_ehs, q4_miner_hashrate_ehs, miner_growth,
        q1_btc, q4_btc, q4_over_q1``.

    References
    ----------
    000_abd4e67359fd40a7.txt.

    Examples
    --------
    >>> t = q4_projection(network_change=[-0.05, 0.0], **SEED_000)
    >>> t[["network_change", "q4_btc", "q4_over_q1"]].round(3)
       network_change    q4_btc  q4_over_q1
    0           -0.05  2095.860       1.027
    1            0.00  1991.067       0.976
    """
    v = _validate_projection(q1_miner_hashrate_ehs, q4_miner_hashrate_ehs, operational_efficiency,
                             q1_network_hashrate_ehs, q1_network_btc_per_day, q4_network_btc_per_day,
                             days_q1, days_q4, q4_operational_efficiency)
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
    q1 = float(_quarter_btc(v["q1_m"], v["n1"], v["b1"], v["d1"], v["e1"]))
    n4 = v["n1"] * (1.0 + cc)
    q4 = _quarter_btc(mm, n4, v["b4"], v["d4"], v["e4"])
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
    q1_network_btc_per_day,
    q4_network_btc_per_day,
    days_q1,
    days_q4,
    q4_operational_efficiency=None,
):
    """Network hashrate change from Q1 to Q4 at which Q4 production equals Q1.

    Solves ``Q4(c) - Q1 = 0`` for ``c`` with Brent's method (``scipy.optimize.brentq``) on
    ``(-0.999, 1000)``. Q4 falls monotonically in ``c``, so the root is unique. (In this
    model the root also has the closed form
    ``c* = (m4 / m1) * (B4 / B1) * (d4 / d1) * (e4 / e1) - 1``, which the tests use.)

    Parameters
    ----------
    q4_miner_hashrate_ehs : float, ndarray or Series
        Q4 hashrate scenarios [EH/s], > 0.
    q1_miner_hashrate_ehs : float
        The miner's Q1 hashrate [EH/s], > 0.
    operational_efficiency : float
        Captured fraction of expected reward [fraction], in (0, 1]; Q1 and, by default, Q4.
    q1_network_hashrate_ehs : float
        Network hashrate in Q1 [EH/s], > 0.
    q1_network_btc_per_day, q4_network_btc_per_day : float
        Network issuance per day before/after the halving [BTC/day], > 0.
    days_q1, days_q4 : float
        Days in each quarter [days], > 0.
    q4_operational_efficiency : float, optional
        Q4 efficiency if different from Q1 [fraction].

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
    Seed 000's case (:data:`SEED_000`) breaks even at a 2.44 % drop, not the article's 5 %:

    >>> round(breakeven_network_change(**SEED_000), 4)
    -0.0244
    """
    from scipy.optimize import brentq  # deferred: scipy.optimize costs ~0.25 s to import

    v = _validate_projection(q1_miner_hashrate_ehs, q4_miner_hashrate_ehs, operational_efficiency,
                             q1_network_hashrate_ehs, q1_network_btc_per_day, q4_network_btc_per_day,
                             days_q1, days_q4, q4_operational_efficiency)
    q1 = float(_quarter_btc(v["q1_m"], v["n1"], v["b1"], v["d1"], v["e1"]))

    def solve(m4):
        def gap(c):
            return float(_quarter_btc(m4, v["n1"] * (1 + c), v["b4"], v["d4"], v["e4"])) - q1

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
