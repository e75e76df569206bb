"""Buy, hold or retire an ASIC: one machine's cash flows over its life, from the protocol.

A machine of hashrate ``m`` [PH/s] and efficiency ``e`` [J/TH] is bought for ``capex`` at
time 0 and run month by month on a network path (:class:`minelib.montecarlo.NetworkPaths`:
the difficulty retargeted every 2,016 blocks as Bitcoin Core does, the subsidy by block
height, so each path reaches block 1,050,000 on its own date). In month ``j`` (``d_j``
days, BTC price ``S_j`` at its end):

* hashprice (Luxor's definition, the month's time average at the difficulty in force):
  ``h_j = BTC earned by 1 EH/s in the month / 1000 / d_j`` [BTC/PH/day], i.e. the mean
  over the month of ``86400 (s(height) + f) 10^15 / (D 2^32)``;
* revenue per PH/s-day after the pool fee and the downtime,
  ``r_j = S_j h_j (1 - pool_fee) uptime`` (:func:`minelib.revenue.mining_revenue_usd_per_ph_day`);
* cash cost per PH/s-day, ``c = 24 e PUE p uptime`` (:func:`minelib.costs.power_cost_usd_per_ph_day`)
  ``+ k e PUE uptime 12 / 365.25`` for other cash costs of ``k`` USD per kW of wall power
  per month (hosting margin, maintenance);
* the machine runs in the month only if ``r_j > c`` (it is switched off, drawing and
  earning nothing, in any month below its cash cost, and on again when hashprice
  recovers): ``CF_j = 1[r_j > c] m d_j (r_j - c)``;
* resale at month end (ASSUMPTION, see :func:`resale_value_usd`):
  ``V_j = V_0 (1 - delta)^{t_j} max(r_j - c, 0) / (r_0 - c)``;
* cash flows ``CF_0 = -capex``, ``CF_1 .. CF_n``, plus ``V_n`` at the horizon if the machine
  is sold; ``NPV = sum_k CF_k (1 + rate)^{-t_k}`` with ``t_k`` the month end in years.

The same flows in BTC: mined BTC less each month's cash costs at that month's price, plus
the resale at the last price; "mine or buy" compares that with ``capex / S_0``, the BTC the
capex buys on day one.

References
----------
Luxor Hashrate Index, "Hashprice" methodology (USD or BTC per PH/s per day at the current
difficulty); Bitcoin Core ``src/pow.cpp`` (retarget) and ``src/validation.cpp`` (subsidy);
seed 000_abd4e67359fd40a7.txt (ASIC depreciation lives of 3-5 years; 10-30 % post-halving
hashrate dips); Luxor, "Hashrate Index Launches ASIC Rig Price Index" (2020: "The value of
a Rig is highly dependent on its ability to generate cashflows"); CoinShares' cash cost
(power + cash operating costs).

One module a job:

=======================================  ==============================================
``minelib.investment.scenarios``         :func:`network_scenario` (one deterministic
                                         epoch walk), :func:`price_scenario_usd`
``minelib.investment.finance``           :func:`npv_usd`, :func:`irr_per_year`,
                                         :func:`resale_value_usd`
``minelib.investment.machine``           :class:`Operation`, :func:`machine_cash_flows`,
                                         :class:`MachineCashFlows`
``minelib.investment.decisions``         :func:`investment_summary`,
                                         :func:`compare_machines`, :func:`retire_or_keep`
=======================================  ==============================================
"""

from minelib.investment.decisions import compare_machines, investment_summary, retire_or_keep
from minelib.investment.finance import irr_per_year, npv_usd, resale_value_usd
from minelib.investment.machine import MachineCashFlows, Operation, machine_cash_flows
from minelib.investment.scenarios import network_scenario, price_scenario_usd

__all__ = [
    "Operation",
    "MachineCashFlows",
    "network_scenario",
    "price_scenario_usd",
    "resale_value_usd",
    "npv_usd",
    "irr_per_year",
    "machine_cash_flows",
    "investment_summary",
    "compare_machines",
    "retire_or_keep",
]
