"""Monte Carlo: price, hashrate and protocol-faithful difficulty paths, and a miner on them.

Seed 000 asks whether a fast-growing miner produces as much BTC in Q4 as in Q1 although
the April 2024 halving falls in between, and notes that "hash rate dips 10-30% shortly
after each halving [...] over time [...] hash power back online". A single scenario
answers it for one network path; this package answers it for many, vectorized over paths
(NumPy arrays of shape ``(time, path)``; the only Python loops run over epochs or months).

One module a model:

==========================================  =============================================
``minelib.montecarlo.prices``               :func:`gbm_price_paths`,
                                            :func:`bootstrap_price_paths`
``minelib.montecarlo.network``              :func:`post_halving_factor`,
                                            :func:`simulate_network` (hashrate and
                                            difficulty epoch by epoch, the halving on each
                                            path's own date), :class:`NetworkPaths`,
                                            :func:`trend_drift_from_snapshots`
``minelib.montecarlo.coupling``             the network hearing the price: hashrate that
                                            responds to hashprice, correlated shocks
``minelib.montecarlo.miner``                :func:`simulate_miner_paths` (production,
                                            cash and all-in costs per BTC, the treasury of
                                            :func:`minelib.treasury.simulate_treasury_paths`),
                                            :func:`fleet_mix_efficiency_j_per_th`,
                                            :func:`run_monte_carlo` (all of it from one
                                            seed), :class:`MinerPaths`
``minelib.montecarlo.summaries``            :func:`fan_chart_data`,
                                            :func:`quarter_production_paths_btc`,
                                            :func:`prob_production_at_least`,
                                            :func:`prob_treasury_depletion`,
                                            :func:`depletion_curve`,
                                            :func:`breakeven_price_percentiles`,
                                            :func:`breakeven_bridge`,
                                            :func:`prob_negative_cash_margin`
``minelib.montecarlo._common``              seeding, :func:`month_grid`, path-shaped
                                            argument checks
==========================================  =============================================

References
----------
Seed 000_abd4e67359fd40a7.txt (Q1 -> Q4 across the 2024 halving; 10-30 % post-halving
hashrate dips and recovery); seed 001_edb144c9be488f88.txt (selling to stay online);
Bitcoin Core ``src/pow.cpp`` (retarget) and ``src/validation.cpp`` (subsidy).
"""

from minelib.montecarlo._common import month_grid
from minelib.montecarlo.miner import MinerPaths, fleet_mix_efficiency_j_per_th, run_monte_carlo, simulate_miner_paths
from minelib.montecarlo.network import NetworkPaths, post_halving_factor, simulate_network, trend_drift_from_snapshots
from minelib.montecarlo.prices import bootstrap_price_paths, gbm_price_paths
from minelib.montecarlo.summaries import (
    breakeven_bridge,
    breakeven_price_percentiles,
    depletion_curve,
    fan_chart_data,
    prob_negative_cash_margin,
    prob_production_at_least,
    prob_treasury_depletion,
    quarter_production_paths_btc,
)

__all__ = [
    "gbm_price_paths",
    "bootstrap_price_paths",
    "post_halving_factor",
    "month_grid",
    "NetworkPaths",
    "simulate_network",
    "trend_drift_from_snapshots",
    "MinerPaths",
    "fleet_mix_efficiency_j_per_th",
    "simulate_miner_paths",
    "run_monte_carlo",
    "fan_chart_data",
    "quarter_production_paths_btc",
    "prob_production_at_least",
    "prob_treasury_depletion",
    "depletion_curve",
    "breakeven_price_percentiles",
    "breakeven_bridge",
    "prob_negative_cash_margin",
]
