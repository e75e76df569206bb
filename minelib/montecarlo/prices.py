"""BTC price paths: geometric Brownian motion and the block bootstrap of historical returns."""

from __future__ import annotations

import numpy as np

from minelib._validate import check_array
from minelib.montecarlo._common import MAX_LOG_RATE, checked, count, gbm_log_increments, log_rate, rng, scalar
from minelib.units import DAYS_PER_YEAR

__all__ = ["gbm_price_paths", "bootstrap_price_paths"]


def _cumulative_prices(s0, log_returns, n, m, out=None):
    """``S_k = S_0 exp(sum of the first k log returns)``, row 0 = ``S_0``: shape (n + 1, m).

    ``out``: the (n + 1, m) array to fill; ``log_returns`` may be its rows 1: (summed in place).
    """
    if out is None:
        out = np.empty((n + 1, m))
    out[0] = s0
    np.cumsum(log_returns, axis=0, out=out[1:])
    with np.errstate(over="ignore", under="ignore"):
        np.exp(out[1:], out=out[1:])
        out[1:] *= s0
    return out


def _check_price_paths(prices, cause):
    """Refuse price paths that left float64 (0 or inf), naming the arguments that ``cause`` them."""
    lo, hi = prices.min(), prices.max()  # NaN and +/-inf carry into the extremes
    if np.isfinite(lo) and np.isfinite(hi) and lo > 0:
        return prices
    bad = ~(np.isfinite(prices) & (prices > 0))
    k, j = np.argwhere(bad)[0]
    raise ValueError(f"{cause} take path {j} to {prices[k, j]!r} USD/BTC at step {k}, beyond what float64 "
                     "holds: the rates are implausible for this horizon")


def _gbm_args(price0_usd, drift_per_year, volatility_per_year, names):
    """Validated ``(S_0, mu, sigma)`` of :func:`gbm_price_paths`, the messages under ``names``."""
    s0 = scalar(names[0], price0_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    mu = log_rate(names[1], drift_per_year, unit="1/year")
    sigma = log_rate(names[2], volatility_per_year, lo=0, unit="1/sqrt(year)")
    return s0, mu, sigma


def _gbm_paths(s0, mu, sigma, step_days, n, m, gen):
    """:func:`gbm_price_paths` on validated arguments (``step_days`` scalar or ``(n,)``): ``(prices, Z)``."""
    dt_y = np.broadcast_to(step_days / DAYS_PER_YEAR, (n,))[:, None]
    z = gen.standard_normal((n, m))
    prices = np.empty((n + 1, m))  # the log increments are summed in place into rows 1:
    return _cumulative_prices(s0, gbm_log_increments(mu, sigma, dt_y, z, out=prices[1:]), n, m, out=prices), z


def _bootstrap_args(price0_usd, log_returns, block_length, names):
    """Validated ``(S_0, returns, block)`` of :func:`bootstrap_price_paths`, under ``names``."""
    s0 = scalar(names[0], price0_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    r = checked(names[1], log_returns, lo=-MAX_LOG_RATE, hi=MAX_LOG_RATE, unit="log return per step")
    if r.ndim != 1 or len(r) == 0:
        raise ValueError(f"{names[1]} must be a non-empty one-dimensional array; got shape {r.shape}")
    b = count(names[2], block_length, unit="steps")
    if b > len(r):
        raise ValueError(f"{names[2]}={block_length!r} exceeds the {len(r)} {names[1]} given [steps]")
    return s0, r, b


def _bootstrap_paths(s0, r, b, n, m, gen):
    """:func:`bootstrap_price_paths` on validated arguments."""
    n_blocks = -(-n // b)
    starts = gen.integers(0, len(r) - b + 1, size=(n_blocks, m))
    idx = (starts[:, None, :] + np.arange(b)[None, :, None]).reshape(n_blocks * b, m)[:n]
    return _cumulative_prices(s0, r[idx], n, m)


def gbm_price_paths(price0_usd, drift_per_year, volatility_per_year, n_steps, n_paths,
                    step_days=1.0, seed=None, return_shocks=False):
    """BTC price paths by geometric Brownian motion.

    ``S_{k+1} = S_k * exp((mu - sigma^2 / 2) dt + sigma sqrt(dt) Z_k)``, ``Z ~ N(0, 1)``,
    ``dt = step_days / 365.25`` years; so ``E[S_t] = S_0 e^{mu t}`` and the median path
    grows at ``mu - sigma^2 / 2`` per year.

    Parameters
    ----------
    price0_usd : float
        Price at the start [USD/BTC], > 0.
    drift_per_year : float
        Drift ``mu`` [1/year] (continuously compounded mean growth; 0 = flat in expectation),
        a fraction in [-5, 5]: 0.2, not 20, for 20 % a year.
    volatility_per_year : float
        Volatility ``sigma`` [1/sqrt(year)], a fraction in [0, 5]: 0.6, not 60.
    n_steps : int
        Number of steps [steps], >= 1.
    n_paths : int
        Number of paths [paths], >= 1.
    step_days : float or ndarray
        Length of each step [days], > 0: 1 for daily steps, 14 for epochs, or an array of
        ``n_steps`` lengths (e.g. calendar months from :func:`month_grid`).
    seed : int, SeedSequence or Generator, optional
        Seed of ``numpy.random.default_rng`` [-]; the same seed gives identical paths.
    return_shocks : bool
        Also return the standard normal innovations ``Z`` [-] (e.g. to correlate the
        network's shocks with them: ``simulate_network(price_shocks=...)``).

    Returns
    -------
    ndarray, shape (n_steps + 1, n_paths)
        Prices [USD/BTC]; row 0 is ``price0_usd``.
    ndarray, shape (n_steps, n_paths)
        With ``return_shocks=True``: the innovations ``Z_k`` [-].

    Raises
    ------
    ValueError
        On an invalid argument (the message names it, with a hint where a value reads as a
        percent), or if the rates take a path to 0 or infinity in float64.

    References
    ----------
    Black and Scholes (1973), the lognormal price model; Glasserman (2003), *Monte Carlo
    Methods in Financial Engineering*, section 3.2 (exact simulation of GBM).

    Examples
    --------
    >>> p = gbm_price_paths(70_000.0, 0.0, 0.6, n_steps=365, n_paths=4, seed=1)
    >>> p.shape, float(p[0, 0])
    ((366, 4), 70000.0)
    >>> bool(np.all(gbm_price_paths(70_000.0, 0.0, 0.6, 365, 4, seed=1) == p))
    True
    >>> p, z = gbm_price_paths(70_000.0, 0.0, 0.6, 365, 4, seed=1, return_shocks=True)
    >>> z.shape
    (365, 4)
    """
    s0, mu, sigma = _gbm_args(price0_usd, drift_per_year, volatility_per_year,
                             ("price0_usd", "drift_per_year", "volatility_per_year"))
    n = count("n_steps", n_steps, unit="steps")
    m = count("n_paths", n_paths, unit="paths")
    if not isinstance(return_shocks, (bool, np.bool_)):
        raise ValueError(f"return_shocks={return_shocks!r} must be True or False")
    dt = check_array("step_days", step_days, lo=0, lo_inclusive=False, unit="days")
    if dt.ndim == 1 and len(dt) != n:
        raise ValueError(f"step_days has {len(dt)} steps; expected a scalar or {n} [days]")
    if dt.ndim > 1:
        raise ValueError(f"step_days must be a scalar or one-dimensional; got shape {dt.shape}")
    prices, z = _gbm_paths(s0, mu, sigma, dt, n, m, rng(seed))
    prices = _check_price_paths(prices, f"drift_per_year={drift_per_year!r} and volatility_per_year={volatility_per_year!r}")
    return (prices, z) if return_shocks else prices

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
        Historical log returns ``ln(S_{t+1} / S_t)`` [-] of one period each, in [-5, 5] (not
        percents), at least ``block_length`` of them. The function does not invent a
        history: pass one.
    n_steps : int
        Steps [steps], >= 1.
    n_paths : int
        Paths [paths], >= 1.
    block_length : int
        Consecutive returns per resampled block [steps], 1 <= block_length <= len(log_returns).
    seed : int, SeedSequence or Generator, optional
        Seed of ``numpy.random.default_rng`` [-].

    Returns
    -------
    ndarray, shape (n_steps + 1, n_paths)
        Prices [USD/BTC].

    Raises
    ------
    ValueError
        On an invalid argument (the message names it), or if the returns take a path to 0 or
        infinity in float64.

    References
    ----------
    Künsch (1989), "The jackknife and the bootstrap for general stationary observations"
    (the moving-block bootstrap).

    Examples
    --------
    >>> r = np.log([1.1, 0.9, 1.05])
    >>> p = bootstrap_price_paths(100.0, r, n_steps=2, n_paths=3, seed=0)
    >>> p.shape
    (3, 3)
    >>> bool(np.all(np.isin(np.round(p[1] / 100.0, 12), np.round(np.exp(r), 12))))
    True
    """
    s0, r, b = _bootstrap_args(price0_usd, log_returns, block_length, ("price0_usd", "log_returns", "block_length"))
    n = count("n_steps", n_steps, unit="steps")
    m = count("n_paths", n_paths, unit="paths")
    return _check_price_paths(_bootstrap_paths(s0, r, b, n, m, rng(seed)), "the log_returns given")
