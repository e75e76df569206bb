"""Scale constants and unit converters.

Mining analysis goes wrong by factors of 1,000 (H/s vs TH/s vs EH/s, BTC vs sats,
$/PH/day vs $/TH/day). Every other module takes its scale factors from here; nothing
else in :mod:`minelib` hard-codes ``1e18``.

Hashrate units are SI prefixes of hashes per second: ``H/s``, ``kH/s`` ... ``ZH/s``.

Examples
--------
>>> ehs_to_ths(1.0)
1000000.0
>>> convert_hashrate(566.0, "EH/s", "PH/s")
566000.0
>>> btc_to_sats(3.125)
312500000
>>> sats_to_btc(312500000)
3.125
"""

from __future__ import annotations

import numpy as np

from minelib._validate import check_array, like, vectorized

#: Hashes per second in one unit of each prefix.
HASHRATE_SCALE: dict[str, float] = {
    "H/s": 1.0,
    "kH/s": 1e3,
    "MH/s": 1e6,
    "GH/s": 1e9,
    "TH/s": 1e12,
    "PH/s": 1e15,
    "EH/s": 1e18,
    "ZH/s": 1e21,
}
H_PER_TH: float = HASHRATE_SCALE["TH/s"]
H_PER_PH: float = HASHRATE_SCALE["PH/s"]
H_PER_EH: float = HASHRATE_SCALE["EH/s"]
TH_PER_PH: float = H_PER_PH / H_PER_TH  # 1,000
TH_PER_EH: float = H_PER_EH / H_PER_TH  # 1,000,000
PH_PER_EH: float = H_PER_EH / H_PER_PH  # 1,000

#: Satoshis per bitcoin (Bitcoin Core ``COIN``, src/consensus/amount.h).
SATS_PER_BTC: int = 100_000_000

SECONDS_PER_HOUR: float = 3_600.0
SECONDS_PER_DAY: float = 86_400.0
HOURS_PER_DAY: float = 24.0
DAYS_PER_YEAR: float = 365.25  # Julian year, used for annualising
WATTS_PER_KW: float = 1_000.0
WATTS_PER_MW: float = 1_000_000.0
#: Kilowatts per megawatt, and so kWh per MWh: 1,000.
KW_PER_MW: float = WATTS_PER_MW / WATTS_PER_KW
#: US cents per dollar (power prices are often quoted in cents per kWh).
CENTS_PER_USD: float = 100.0
#: Counts in the millions (block heights, coins issued) and trillions (difficulty is quoted
#: in T: "about 146.5 trillion", seed 003).
MILLION: float = 1_000_000.0
TRILLION: float = 1_000_000_000_000.0
#: Dollars per million dollars (company figures are quoted in USD M).
USD_PER_MILLION_USD: float = MILLION
JOULES_PER_KWH: float = 3_600_000.0
#: Energy drawn by 1 PH/s for one day per J/TH of efficiency: 1,000 TH/s x 1 J/TH = 1 kW,
#: for 24 h = 24 kWh. Power cost of hashrate [USD/PH/day] = e [J/TH] x this x p [USD/kWh].
KWH_PER_PH_DAY_PER_J_PER_TH: float = TH_PER_PH / WATTS_PER_KW * HOURS_PER_DAY


@vectorized
def convert_hashrate(value, from_unit: str, to_unit: str):
    """Convert a hashrate between SI-prefixed units.

    ``value_to = value_from * scale[from_unit] / scale[to_unit]``

    Parameters
    ----------
    value : float, ndarray or Series
        Hashrate in ``from_unit`` [``from_unit``], >= 0.
    from_unit, to_unit : str
        One of ``H/s, kH/s, MH/s, GH/s, TH/s, PH/s, EH/s, ZH/s``.

    Returns
    -------
    float, ndarray or Series
        Hashrate in ``to_unit``, same kind as ``value``.

    Raises
    ------
    ValueError
        Unknown unit, or a negative or NaN hashrate.

    Examples
    --------
    >>> convert_hashrate(1.2, "TH/s", "H/s")
    1200000000000.0
    """
    for name, unit in (("from_unit", from_unit), ("to_unit", to_unit)):
        if unit not in HASHRATE_SCALE:
            raise ValueError(
                f"{name}={unit!r} is not a hashrate unit; expected one of {sorted(HASHRATE_SCALE)}"
            )
    v = check_array("value", value, lo=0.0, unit=from_unit)
    return like(v * (HASHRATE_SCALE[from_unit] / HASHRATE_SCALE[to_unit]), value)


@vectorized
def hs_to_ths(hashrate_hs):
    """Hashrate H/s -> TH/s (divide by 1e12); see :func:`convert_hashrate`.

    Parameters
    ----------
    hashrate_hs : float, ndarray or Series
        Hashrate [H/s], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashrate [TH/s].

    Examples
    --------
    >>> hs_to_ths(1.2e12)
    1.2
    """
    return convert_hashrate(hashrate_hs, "H/s", "TH/s")


@vectorized
def ths_to_hs(hashrate_ths):
    """Hashrate TH/s -> H/s (multiply by 1e12); see :func:`convert_hashrate`.

    Parameters
    ----------
    hashrate_ths : float, ndarray or Series
        Hashrate [TH/s], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashrate [H/s].

    Examples
    --------
    >>> ths_to_hs(1.2)
    1200000000000.0
    """
    return convert_hashrate(hashrate_ths, "TH/s", "H/s")


@vectorized
def ehs_to_ths(hashrate_ehs):
    """Hashrate EH/s -> TH/s (multiply by 1e6); see :func:`convert_hashrate`.

    Parameters
    ----------
    hashrate_ehs : float, ndarray or Series
        Hashrate [EH/s], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashrate [TH/s].

    Examples
    --------
    >>> ehs_to_ths(566.0)
    566000000.0
    """
    return convert_hashrate(hashrate_ehs, "EH/s", "TH/s")


@vectorized
def ths_to_ehs(hashrate_ths):
    """Hashrate TH/s -> EH/s (divide by 1e6); see :func:`convert_hashrate`.

    Parameters
    ----------
    hashrate_ths : float, ndarray or Series
        Hashrate [TH/s], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashrate [EH/s].

    Examples
    --------
    >>> ths_to_ehs(32e6)
    32.0
    """
    return convert_hashrate(hashrate_ths, "TH/s", "EH/s")


@vectorized
def ehs_to_phs(hashrate_ehs):
    """Hashrate EH/s -> PH/s (multiply by 1e3); see :func:`convert_hashrate`.

    Parameters
    ----------
    hashrate_ehs : float, ndarray or Series
        Hashrate [EH/s], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashrate [PH/s].

    Examples
    --------
    >>> ehs_to_phs(0.5)
    500.0
    """
    return convert_hashrate(hashrate_ehs, "EH/s", "PH/s")


@vectorized
def hs_to_ehs(hashrate_hs):
    """Hashrate H/s -> EH/s (divide by 1e18); see :func:`convert_hashrate`.

    Parameters
    ----------
    hashrate_hs : float, ndarray or Series
        Hashrate [H/s], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashrate [EH/s].

    Examples
    --------
    >>> hs_to_ehs(913e18)
    913.0
    """
    return convert_hashrate(hashrate_hs, "H/s", "EH/s")


@vectorized
def ehs_to_hs(hashrate_ehs):
    """Hashrate EH/s -> H/s (multiply by 1e18); see :func:`convert_hashrate`.

    Parameters
    ----------
    hashrate_ehs : float, ndarray or Series
        Hashrate [EH/s], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashrate [H/s].

    Examples
    --------
    >>> ehs_to_hs(1.0)
    1e+18
    """
    return convert_hashrate(hashrate_ehs, "EH/s", "H/s")


@vectorized
def btc_to_sats(amount_btc):
    """Amount in BTC -> integer satoshis, rounded to the nearest satoshi.

    Parameters
    ----------
    amount_btc : float, ndarray or Series
        Amount [BTC], >= 0.

    Returns
    -------
    int, ndarray of int64 or Series of int64
        Amount [sats].

    Examples
    --------
    >>> btc_to_sats(0.00000001)
    1
    """
    v = check_array("amount_btc", amount_btc, lo=0.0, unit="BTC")
    return like(np.rint(v * SATS_PER_BTC).astype(np.int64), amount_btc)


@vectorized
def sats_to_btc(amount_sats):
    """Amount in satoshis -> BTC (divide by 100,000,000).

    Parameters
    ----------
    amount_sats : int, float, ndarray or Series
        Amount [sats], >= 0.

    Returns
    -------
    float, ndarray or Series
        Amount [BTC].

    Examples
    --------
    >>> sats_to_btc(5_000_000_000)
    50.0
    """
    v = check_array("amount_sats", amount_sats, lo=0.0, unit="sats")
    return like(v / SATS_PER_BTC, amount_sats)


@vectorized
def usd_per_ph_day_to_usd_per_th_day(hashprice_usd_per_ph_day):
    """Hashprice $/PH/day -> $/TH/day (divide by 1,000).

    Parameters
    ----------
    hashprice_usd_per_ph_day : float, ndarray or Series
        Hashprice [USD/PH/day], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashprice [USD/TH/day].

    Examples
    --------
    >>> usd_per_ph_day_to_usd_per_th_day(40.0)
    0.04
    """
    v = check_array("hashprice_usd_per_ph_day", hashprice_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    return like(v / TH_PER_PH, hashprice_usd_per_ph_day)


@vectorized
def usd_per_th_day_to_usd_per_ph_day(hashprice_usd_per_th_day):
    """Hashprice $/TH/day -> $/PH/day (multiply by 1,000).

    Parameters
    ----------
    hashprice_usd_per_th_day : float, ndarray or Series
        Hashprice [USD/TH/day], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashprice [USD/PH/day].

    Examples
    --------
    >>> usd_per_th_day_to_usd_per_ph_day(0.04)
    40.0
    """
    v = check_array("hashprice_usd_per_th_day", hashprice_usd_per_th_day, lo=0.0, unit="USD/TH/day")
    return like(v * TH_PER_PH, hashprice_usd_per_th_day)
