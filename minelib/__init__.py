"""minelib: Bitcoin mining economics as small, vectorized, unit-explicit functions.

``import minelib as ml`` gives every model function at the top level
(``ml.hashprice_usd_per_ph_day``, ``ml.q4_projection``, ``ml.simulate_treasury`` ...);
the submodules say which economics they hold:

========================  =========================================================
``minelib.units``         scale constants and converters (H/s ... EH/s, BTC/sats)
``minelib.protocol``      subsidy by height, halvings, difficulty <-> hashrate, retarget
``minelib.revenue``       reward capture, implied efficiency / network, hashprice
``minelib.halving``       Q1 -> Q4 halving projection, break-even, growth race
``minelib.costs``         power cost per BTC, cost stack, scaling, breakeven, price gauge
``minelib.depreciation``  straight-line / declining-balance, useful-life sensitivity
``minelib.fleet``         breakeven hashprice and power price, unprofitable fleet share
``minelib.treasury``      monthly selling policies, retained BTC, runway, reconciliation
``minelib.solo``          solo-mining odds for small devices
``minelib.hpc``           mining vs AI/HPC revenue per MW
``minelib.data``          validated loaders for the curated datasets in ``data/``
``minelib.live``          network history from public APIs: fetch, normalise, cache
``minelib.montecarlo``    price / hashrate / difficulty paths, miner outcomes, probabilities
``minelib.sweep``         scenario grids in NumPy, or chunked on Dask for grids beyond memory
``minelib.plotting``      the house plot style (imported on demand: it loads seaborn)
``minelib.reports``       the papermill report pipeline (imported on demand)
========================  =========================================================
"""

from minelib import (
    costs, data, depreciation, fleet, halving, hpc, live, montecarlo, protocol, revenue, solo, sweep, treasury, units,
)
from minelib.costs import *  # noqa: F401,F403
from minelib.data import *  # noqa: F401,F403
from minelib.depreciation import *  # noqa: F401,F403
from minelib.fleet import *  # noqa: F401,F403
from minelib.halving import *  # noqa: F401,F403
from minelib.hpc import *  # noqa: F401,F403
from minelib.protocol import *  # noqa: F401,F403
from minelib.revenue import *  # noqa: F401,F403
from minelib.solo import *  # noqa: F401,F403
from minelib.treasury import *  # noqa: F401,F403

__version__ = "0.1.0"

__all__ = sorted(
    {name for mod in (costs, data, depreciation, fleet, halving, hpc, protocol, revenue, solo, treasury) for name in mod.__all__}
    | {"units", "live", "montecarlo", "sweep", "__version__"}
)
