"""minelib: Bitcoin mining economics as small, vectorized, unit-explicit functions.

``import minelib as ml`` gives the model functions at the top level, imported by name
below, grouped by the module that holds them: ``ml.share_unprofitable`` is
``minelib/fleet.py``. Machinery and generic names stay under their module
(``ml.data.Schema``, ``ml.treasury.POLICIES``, ``ml.halving.SEED_000``).

========================  =========================================================
``minelib.units``         scale constants and converters (H/s ... EH/s, BTC/sats)
``minelib.plausibility``  plausible magnitudes of physical quantities, and relaxing them
``minelib.protocol``      subsidy by height, halvings, difficulty <-> hashrate, retarget
``minelib.revenue``       reward capture, implied efficiency / network, hashprice
``minelib.halving``       Q1 -> Q4 projection, break-even, growth race, next halving
``minelib.costs``         power cost per BTC, cost stack, scaling, breakeven, price gauge
``minelib.depreciation``  straight-line / declining-balance, useful-life sensitivity
``minelib.fleet``         breakeven hashprice and power price, unprofitable fleet share
``minelib.treasury``      monthly selling policies, retained BTC, runway, reconciliation and its readings
``minelib.solo``          solo-mining odds, over decades of network growth and halvings; solo vs pool
``minelib.hpc``           mining vs AI/HPC per gross (utility) MW: revenue, leases, capex
``minelib.site_npv``      a site's yearly cash flows, mined or leased, NPV and payback
``minelib.data``          validated loaders for the curated datasets in ``data/``
``minelib.live``          network history from public APIs (imported on first use)
``minelib.montecarlo``    price / hashrate / difficulty paths, miner outcomes (on first use)
``minelib.sweep``         scenario grids in NumPy or on Dask (on first use)
``minelib.investment``    buy, hold or retire an ASIC: cash flows, NPV, IRR (on first use)
``minelib.hedging``       hashprice swaps and BTC forwards on Monte Carlo paths (on first use)
``minelib.plotting``      the house plot style (import it yourself: it loads seaborn)
``minelib.reports``       the papermill report pipeline (import it yourself)
========================  =========================================================
"""

import importlib

from minelib import plausibility, units

# minelib/protocol.py
from minelib.protocol import (
    HALVING_INTERVAL_BLOCKS,
    INITIAL_SUBSIDY_SATS,
    RETARGET_INTERVAL_BLOCKS,
    TARGET_BLOCK_TIME_S,
    STEADY_BLOCK_TIME_S,
    STEADY_BLOCKS_PER_DAY,
    TARGET_BLOCKS_PER_DAY,
    TARGET_TIMESPAN_S,
    block_subsidy_btc,
    block_subsidy_sats,
    blocks_per_day,
    difficulty_from_hashrate,
    expected_halving_date,
    halving_epoch,
    halving_height,
    hashrate_from_difficulty_ehs,
    next_difficulty,
    next_halving_height,
    total_issuance_sats,
)

# minelib/revenue.py
from minelib.revenue import (
    expected_btc_mined,
    hashprice_btc_per_ph_day,
    hashprice_btc_per_ph_day_from_difficulty,
    hashprice_usd_per_ph_day,
    hashprice_usd_per_ph_day_from_difficulty,
    hashprice_usd_per_th_day,
    implied_fees_per_block_btc,
    implied_miner_hashrate_ehs,
    implied_network_hashrate_ehs,
    implied_operational_efficiency,
    mining_revenue_usd_per_ph_day,
    network_btc_per_day,
    share_of_issuance,
)

# minelib/halving.py
from minelib.halving import (
    annualized_growth,
    breakeven_network_change,
    covered_price_after_halving_usd,
    days_in_quarter,
    estimated_height,
    growth_race,
    halving_date_paths,
    halving_quarters,
    last_dated_halving,
    q4_cost_stack_usd_per_btc,
    q4_projection,
    quarter_average_hashrate_ehs,
    required_q4_hashrate_ehs,
)

# minelib/costs.py
from minelib.costs import (
    all_in_cost_usd,
    breakeven_btc_price_usd,
    cash_cost_usd,
    cost_elasticity,
    cost_stack_usd_per_btc,
    cost_stack_usd_per_ph_day,
    hashcost_usd_per_ph_day,
    margin_fraction,
    power_cost_usd_per_btc,
    price_to_cost_gap,
    scaled_cost_usd,
)

# minelib/depreciation.py
from minelib.depreciation import (
    btc_mined_over_life,
    declining_balance_schedule,
    economic_life_years,
    straight_line_depreciation_usd,
    straight_line_schedule,
    useful_life_sensitivity,
)

# minelib/fleet.py
from minelib.fleet import (
    breakeven_hashprice_usd_per_ph_day,
    breakeven_power_price_usd_per_kwh,
    fleet_from_models,
    power_price_for_unprofitable_share_usd_per_kwh,
    share_unprofitable,
    shutdown_btc_price_usd,
    unprofitable_share_curve,
)

# minelib/treasury.py
from minelib.treasury import (
    implied_net_outflow_btc,
    reconcile_holdings,
    reconciliation_readings,
    runway_months,
    simulate_treasury,
    sold_to_produced_ratio,
)

# minelib/solo.py
from minelib.solo import (
    constant_network_days,
    expected_blocks,
    expected_blocks_per_day,
    expected_btc_per_year,
    expected_days_to_block,
    expected_pooled_btc,
    expected_solo_btc,
    expected_years_to_block,
    median_blocks,
    network_growth_years,
    probability_of_block,
    probability_of_k_blocks,
    simulate_solo_btc,
    solo_btc_sd,
    yearly_reward_cv,
)

# minelib/hpc.py
from minelib.hpc import (
    breakeven_hashprice_vs_hpc_usd_per_ph_day,
    contract_lease_usd_per_kw_month,
    first_year_lease_usd_per_kw_month,
    hpc_contract_revenue_usd_per_mw_year,
    hpc_lease_revenue_usd_per_mw_year,
    implied_escalator_per_year,
    mining_revenue_usd_per_mw_year,
    phs_per_mw,
    power_cost_usd_per_mw_year,
    sustaining_capex_usd_per_mw_year,
)

# minelib/site_npv.py
from minelib.site_npv import (
    discounted_payback_years,
    hpc_site_cash_flows,
    mining_site_cash_flows,
    npv_switch_hashprice_usd_per_ph_day,
    present_value_usd,
)

# minelib/data/loaders.py
from minelib.data import (
    load_asics,
    load_halvings,
    load_hpc_deals,
    load_miner_monthly,
    load_miner_quarterly,
    load_network_snapshots,
    load_treasury_events,
)

__version__ = "0.1.0"

#: Submodules loaded on first attribute access (``ml.live``): they are machinery that most
#: analyses never touch, and importing them costs a tenth of a second.
_LAZY = ("live", "montecarlo", "sweep", "investment", "hedging")

__all__ = sorted({name for name in globals() if not name.startswith("_") and name != "importlib"} | set(_LAZY)) + ["__version__"]


def __getattr__(name):
    if name in _LAZY:
        return importlib.import_module(f"minelib.{name}")
    raise AttributeError(f"module 'minelib' has no attribute {name!r}")


def __dir__():
    return __all__
