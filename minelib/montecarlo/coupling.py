"""How the network path hears the price path: machines that switch off, and shared shocks.

Two options of :func:`minelib.montecarlo.simulate_network`, each off by default:

* **Hashrate that responds to hashprice.** The network's installed machines are a fleet of
  efficiency classes (:func:`minelib.fleet.share_unprofitable`). A class whose power cost
  per PH/s per day exceeds the hashprice (Luxor's, at the difficulty in force,
  :func:`minelib.revenue.hashprice_usd_per_ph_day_from_difficulty`) is under water and
  switches off; it comes back when the hashprice covers it again. The share that hashes
  follows the share above water with a first-order lag of ``tau`` days::

      a(t) = a* + (a(t_0) - a*) exp(-(t - t_0) / tau)

  with ``a*`` the share above water observed at ``t_0`` (held until the next observation:
  each retarget and each halving block, between which the model's hashrate is constant).
  ``tau = 0`` switches at the next observation. The network hashrate is the installed
  (trend) hashrate times ``a``. The fleet's mix is the installed fleet's at the start;
  optionally, what the trend adds beyond the starting capacity are new machines of one
  efficiency (the installed share of the old classes then falls as the network grows)::

      under water = min(X_0, X) / X * u_0(h) + (1 - min(X_0, X) / X) * [c_new > h]

  with ``u_0`` the starting fleet's share under water and ``c_new`` the new machines' power
  cost per PH/s per day.
* **Correlated price and hashrate shocks.** The trend hashrate's Brownian motion is
  ``W_h = rho W_p + sqrt(1 - rho^2) W_perp``, with ``W_p`` the Brownian motion of the GBM
  price. The price is drawn month by month; the network moves epoch by epoch, at times
  of its own, so ``W_p`` at an epoch's end is drawn from the Brownian bridge between the
  nearest known points around it (the epoch's start and the next month end), which
  keeps the joint law exact.

References
----------
Seed 000_abd4e67359fd40a7.txt ("hash rate dips 10-30% shortly after each halving, as
unprofitable miners shut down [...] rising Bitcoin prices restore profitability, drawing
hash power back online"); seed 001_edb144c9be488f88.txt ("older machines at higher
electricity rates can fall below breakeven quickly"; CoinShares: 15-20 % of the fleet
unprofitable); Glasserman (2003), *Monte Carlo Methods in Financial Engineering*, 3.1
(the Brownian bridge).
"""

from __future__ import annotations

import numpy as np

from minelib.costs import power_cost_usd_per_ph_day
from minelib.fleet import _fleet_arrays, _fleet_breakevens, _share_unprofitable
from minelib.montecarlo._common import SECONDS_PER_YEAR
from minelib.revenue import _hashprice_btc_per_ph_day_from_difficulty
from minelib.units import DAYS_PER_YEAR, SECONDS_PER_DAY


def _edge_index(edges, t):
    """Index of the last month edge at or before ``t`` (same unit), at most the last edge."""
    return np.minimum(np.searchsorted(edges, t, side="right") - 1, len(edges) - 1)


class HashpriceResponse:
    """The share of the network's installed hashrate that hashes, path by path.

    Parameters
    ----------
    fleet : pandas.DataFrame
        The network's machine classes, as :func:`minelib.fleet.share_unprofitable` takes them.
    power_price_usd_per_kwh : float or None
        Their power price [USD/kWh]; None: the fleet's own column.
    lag_days : float
        The lag ``tau`` [days], >= 0.
    new_efficiency_j_per_th : float or None
        Efficiency of the machines the trend adds beyond the starting capacity [J/TH];
        None: they have the starting fleet's mix.
    price_usd : ndarray (n_months + 1, n_paths)
        BTC price at time 0 and at each month's end [USD/BTC]; the machines see the last one.
    edges_days : ndarray (n_months + 1,)
        The month edges [days since start].
    """

    def __init__(self, fleet, power_price_usd_per_kwh, lag_days, price_usd, edges_days, new_efficiency_j_per_th=None):
        # the fleet checked and its classes' break-even hashprices computed once: they do not
        # change along the paths (share_unprofitable would redo both at every observation)
        e, self.weights, per_machine_price = _fleet_arrays(fleet, power_price_usd_per_kwh)
        self.breakeven = _fleet_breakevens(e, per_machine_price, power_price_usd_per_kwh)
        self.lag_s = lag_days * SECONDS_PER_DAY
        self.price, self.edges_s = price_usd, edges_days * SECONDS_PER_DAY
        self._paths = np.arange(price_usd.shape[1])
        self.new_cost = None if new_efficiency_j_per_th is None else float(
            power_cost_usd_per_ph_day(new_efficiency_j_per_th, power_price_usd_per_kwh))
        self.x0 = None  # the installed capacity at the start [H/s]
        self.active = self.target = self.t = self.hashprice = None

    def above_water(self, t_s, difficulty, subsidy_btc, fees_btc, installed_hs):
        """Share of the installed fleet whose power cost the hashprice at ``t_s`` covers [fraction]."""
        price = self.price[_edge_index(self.edges_s, t_s), self._paths]
        # Luxor's hashprice without its input checks: price and difficulty are the paths' own
        # state, and over years a GBM tail may pass $5M and the difficulty today's 1.4e16 (the
        # plausible ranges, which catch a user's unit mistakes), still a price and a difficulty
        hp = price * _hashprice_btc_per_ph_day_from_difficulty(difficulty, subsidy_btc, fees_btc)
        self.hashprice = hp  # the last one observed [USD/PH/day], for simulate_network's error message
        under = _share_unprofitable(self.breakeven, self.weights, hp)  # minelib.fleet.share_unprofitable
        if self.new_cost is not None and self.x0 is not None:
            old = np.minimum(self.x0, installed_hs) / installed_hs
            under = old * under + (1.0 - old) * (self.new_cost > hp)
        return 1.0 - under

    def step(self, t_s, difficulty, subsidy_btc, fees_btc, installed_hs):
        """Advance the hashing share to ``t_s`` [s] and observe the hashprice there; return the share."""
        if self.active is None:
            self.active = self.above_water(t_s, difficulty, subsidy_btc, fees_btc, installed_hs)
        else:
            decay = np.exp(-(t_s - self.t) / self.lag_s) if self.lag_s > 0 else 0.0
            self.active = self.target + (self.active - self.target) * decay
        self.target = self.above_water(t_s, difficulty, subsidy_btc, fees_btc, installed_hs)
        self.t = np.array(t_s, dtype=np.float64)  # a copy: the network reuses its time buffers
        return self.active


class PriceBrownian:
    """The GBM price's standard Brownian motion ``W_p``, sampled at the network's epoch ends.

    Parameters
    ----------
    shocks : ndarray (n_months, n_paths)
        The standard normal innovations of the monthly price steps [-].
    edges_days : ndarray (n_months + 1,)
        The month edges [days since start].
    """

    def __init__(self, shocks, edges_days):
        self.edges_y = edges_days / DAYS_PER_YEAR
        w = np.cumsum(np.sqrt(np.diff(self.edges_y))[:, None] * shocks, axis=0)
        self.w_edges = np.vstack([np.zeros((1, shocks.shape[1])), w])  # W_p at each edge [sqrt(year)]
        self._paths = np.arange(shocks.shape[1])
        self.t_a = np.zeros(shocks.shape[1])
        self.w_a = np.zeros(shocks.shape[1])

    def innovation(self, t_b_s, z):
        """Standardised price innovation ``(W_p(t_b) - W_p(t_a)) / sqrt(t_b - t_a)`` since the last call.

        ``W_p(t_b)`` comes from the Brownian bridge between the nearest known points: the
        previous epoch end ``t_a`` or the last month end before ``t_b``, whichever is later,
        and the first month end after it (past the horizon, a free Brownian step); ``z`` are
        its standard normal draws.
        """
        t_b = t_b_s / SECONDS_PER_YEAR
        n = len(self.edges_y) - 1
        r = np.searchsorted(self.edges_y, t_b, side="right")  # first edge after t_b (n + 1: none)
        left_t, left_w = self.edges_y[r - 1], self.w_edges[r - 1, self._paths]
        later = self.t_a > left_t
        left_t, left_w = np.where(later, self.t_a, left_t), np.where(later, self.w_a, left_w)
        inside = r <= n
        rr = np.minimum(r, n)
        right_t, right_w = self.edges_y[rr], self.w_edges[rr, self._paths]
        span = np.where(inside, right_t - left_t, 1.0)
        frac = np.where(inside, (t_b - left_t) / span, 0.0)
        var = np.where(inside, (t_b - left_t) * (right_t - t_b) / span, t_b - left_t)
        w_b = left_w + frac * (right_w - left_w) + np.sqrt(np.maximum(var, 0.0)) * z
        u = (w_b - self.w_a) / np.sqrt(t_b - self.t_a)
        self.t_a, self.w_a = t_b, w_b
        return u
