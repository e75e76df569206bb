"""How the report pages show a parameter value to a reader.

A parameter box is read by people, not parsed: ``None`` reads "none", ``''`` reads
"(empty)", numbers get thousands separators (exactly as given: a parameter is an input,
never rounded), strings lose their Python quotes, and a list becomes its items, so a page
can break lines between items and never inside one.

>>> value_items(146500000000000.0), value_items(0.035), value_items(934000), value_items(2024)
(['146,500,000,000,000'], ['0.035'], ['934,000'], ['2024'])
>>> value_items(None), value_items(""), value_items(["Antminer S21", "Avalon A1466"])
(['none'], ['(empty)'], ['Antminer S21', 'Avalon A1466'])
>>> value_text([0.03, 0.05]), value_text(True), value_text([])
('0.03, 0.05', 'yes', '(empty list)')
"""

from __future__ import annotations

import math

__all__ = ["number_text", "value_items", "item_separator", "value_text"]


def number_text(value: int | float) -> str:
    """A number exactly as given, with thousands separators from 10,000 up.

    Four-digit numbers (years, heights like 2016) stay unseparated; non-finite floats
    read "∞", "-∞" and "NaN"; tiny or huge floats keep Python's exponent form.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("∞" if value > 0 else "-∞")
    if abs(value) < 10_000:
        text = repr(value)
    else:
        text = format(value, ",")
    if isinstance(value, float) and text.endswith(".0"):
        text = text[:-2]
    return text


def value_items(value) -> list[str]:
    """The pieces a parameter value is shown as (one per list item)."""
    if value is None:
        return ["none"]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, (int, float)):
        return [number_text(value)]
    if isinstance(value, str):
        return [value] if value else ["(empty)"]
    if isinstance(value, (list, tuple)):
        if not value:
            return ["(empty list)"]
        return [value_text(v) if isinstance(v, (list, tuple, dict)) else value_items(v)[0]
                for v in value]
    if isinstance(value, dict):
        if not value:
            return ["(empty)"]
        return [f"{k}: {value_text(v)}" for k, v in value.items()]
    return [str(value)]


def item_separator(value) -> str:
    """'; ' between the items of a list holding text (which may hold commas), else ', '."""
    texty = isinstance(value, (list, tuple)) and any(isinstance(v, str) for v in value)
    return "; " if texty else ", "


def value_text(value) -> str:
    """A parameter value on one line: its items joined by :func:`item_separator`."""
    return item_separator(value).join(value_items(value))
