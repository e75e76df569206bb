"""Headline numbers: what a notebook publishes for the report header, index and manifest.

This is the kernel side of the pipeline: notebooks call :func:`headline` in a cell
(``from minelib.reports import headline``). The module imports only the standard library
(IPython is imported inside :func:`headline`, when a kernel is displaying), so importing
it in a kernel costs nothing and pulls in none of the exporters.
"""

from __future__ import annotations

import html
import json
import math

__all__ = ["HEADLINE_MIME", "headline", "headline_payload", "collect_headlines"]

#: MIME type of the machine-readable output of :func:`headline`.
HEADLINE_MIME = "application/vnd.minelib.headline+json"


def _format_value(value, fmt):
    if fmt is None:
        fmt = "," if isinstance(value, int) else ",.2f"
    if "{" in fmt:
        return fmt.format(value)
    return format(value, fmt)


def headline(name: str, value, unit: str = "", fmt: str | None = None, *,
             label: str | None = None) -> None:
    """Publish a headline number of the notebook for the report index.

    Call it in a notebook cell; it displays a small "key figure" line and emits a
    machine-readable output of MIME type :data:`HEADLINE_MIME` (JSON with ``name``,
    ``label``, ``value``, ``unit``, ``text``) that the report pipeline collects into the
    report header, ``index.html`` and ``manifest.json``.

    Parameters
    ----------
    name : str
        Machine key, unique within the notebook, e.g. ``"hashprice_usd_per_ph_day"``.
    value : int or float
        The number [in the unit ``unit`` names] (a NumPy scalar or 0-d array is
        accepted); not NaN. An infinite value (e.g. runway when production covers costs)
        is shown as "unbounded" and stored as ``null``.
    unit : str
        Unit shown after the number, e.g. ``"USD/PH/day"``.
    fmt : str, optional
        A format spec (``",.1f"``) or a format string (``"{:,.0f}"``). Default: ``",.2f"``
        for floats, ``","`` for integers.
    label : str, optional
        Human-readable name for the report (default ``name``).

    Returns
    -------
    None
        So that a ``headline(...)`` ending a cell does not echo anything.

    Raises
    ------
    ValueError
        On an empty name, a non-numeric or NaN value, or a bad ``fmt``.

    Examples
    --------
    Outside a kernel it validates and displays nothing (the payload is
    :func:`headline_payload`'s):

    >>> headline("hashprice_usd_per_ph_day", 52.3127, unit="USD/PH/day", fmt=",.1f")
    >>> headline("hashprice_usd_per_ph_day", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: headline 'hashprice_usd_per_ph_day': value=nan is not a number
    """
    payload = headline_payload(name, value, unit=unit, fmt=fmt, label=label)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # plain Python without IPython: nothing to display to
        return None
    if get_ipython() is None:
        return None
    text = f"{payload['label']}: {payload['text']}{(' ' + unit) if unit else ''}"
    html_out = (
        '<div class="minelib-headline"><span class="hl-label">'
        f"{html.escape(payload['label'])}</span> "
        f'<span class="hl-value">{html.escape(payload["text"])}</span> '
        f'<span class="hl-unit">{html.escape(unit)}</span></div>'
    )
    display({HEADLINE_MIME: payload, "text/plain": text, "text/html": html_out}, raw=True)
    return None


def headline_payload(name, value, *, unit="", fmt=None, label=None) -> dict:
    """Validate and format a headline (the JSON :func:`headline` emits).

    Parameters
    ----------
    name : str
        Machine key, non-empty.
    value : int or float
        The number [in the unit ``unit`` names]; a NumPy scalar or 0-d array becomes a
        Python number; a boolean, text or NaN is refused; +-inf is stored as None.
    unit : str
        The unit, stored as given (``""`` for none).
    fmt : str, optional
        A format spec (``",.1f"``) or a format string (``"{:,.0f}"``); default ``",.2f"``
        for floats, ``","`` for integers.
    label : str, optional
        Human-readable name; default ``name``.

    Returns
    -------
    dict
        ``name``, ``label``, ``value`` (a JSON number, or None if infinite), ``unit`` and
        ``text`` (the formatted value; ``"unbounded"`` / ``"-unbounded"`` if infinite).

    Raises
    ------
    ValueError
        On an empty name, a non-numeric or NaN value, or a ``fmt`` that cannot format it;
        the message names the headline.

    Examples
    --------
    >>> headline_payload("n", 3)["text"], headline_payload("x", 1234.5, fmt=",.0f")["text"]
    ('3', '1,234')
    >>> headline_payload("runway_months", float("inf"), unit="months")
    {'name': 'runway_months', 'label': 'runway_months', 'value': None, 'unit': 'months', 'text': 'unbounded'}
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"headline name={name!r} must be a non-empty string")
    v = value
    if hasattr(v, "item") and getattr(v, "ndim", None) == 0:
        v = v.item()  # NumPy scalar / 0-d array -> Python number
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"headline {name!r}: value={value!r} is not a real number")
    if isinstance(v, float) and math.isnan(v):
        raise ValueError(f"headline {name!r}: value=nan is not a number")
    if isinstance(v, float) and math.isinf(v):
        # e.g. months of runway when production covers costs: shown, stored as JSON null
        return {"name": name, "label": label or name, "value": None, "unit": unit or "",
                "text": "unbounded" if v > 0 else "-unbounded"}
    try:
        text = _format_value(v, fmt)
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise ValueError(f"headline {name!r}: fmt={fmt!r} cannot format {v!r}: {exc}") from None
    return {"name": name, "label": label or name, "value": v, "unit": unit or "",
            "text": text}


def collect_headlines(nb) -> list[dict]:
    """Headlines emitted by :func:`headline` in an executed notebook, in cell order.

    A later headline with the same name replaces an earlier one (and takes its place at
    the end of the list). A payload stored as a JSON string is parsed.

    Parameters
    ----------
    nb : dict
        The executed notebook's JSON (or an nbformat node): its cells' outputs are read.

    Returns
    -------
    list of dict
        The payloads (see :func:`headline_payload`).

    Examples
    --------
    >>> out = {"output_type": "display_data",
    ...        "data": {HEADLINE_MIME: headline_payload("runway_months", 14.2, unit="months", fmt=".1f")}}
    >>> [(h["name"], h["text"]) for h in collect_headlines({"cells": [{"outputs": [out]}]})]
    [('runway_months', '14.2')]
    """
    found: dict[str, dict] = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data") or {}
            if HEADLINE_MIME in data:
                payload = data[HEADLINE_MIME]
                if isinstance(payload, str):
                    payload = json.loads(payload)
                found.pop(payload.get("name"), None)
                found[payload.get("name")] = dict(payload)
    return list(found.values())
