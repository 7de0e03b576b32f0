"""Number formats and sentence helpers, so prose with figures is composed from data."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas NA."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_int(value: Any) -> str:
    """12345.0 -> '12,345'; missing -> 'n/a'.

    Example:
        >>> fmt_int(28300000)
        '28,300,000'
    """
    if is_missing(value):
        return "n/a"
    return f"{round(float(value)):,}"


def fmt_num(value: Any, digits: int = 1) -> str:
    """A number with a fixed number of decimals and thousands separators."""
    if is_missing(value):
        return "n/a"
    return f"{float(value):,.{digits}f}"


def fmt_pct(value: Any, digits: int = 0, signed: bool = False) -> str:
    """A percentage: 37.0 -> '37%'; signed adds '+' to rises.

    Example:
        >>> fmt_pct(-93.4, signed=True)
        '−93%'
    """
    if is_missing(value):
        return "n/a"
    text = f"{abs(float(value)):,.{digits}f}%"
    if float(value) < 0:
        return "−" + text
    return ("+" + text) if signed and float(value) > 0 else text


def _scaled(value: float, digits: int) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            number = f"{value / size:,.{digits}f}".rstrip("0").rstrip(".")
            return f"{number} {word}"
    return f"{value:,.0f}"


def fmt_usd(value: Any, digits: int = 1) -> str:
    """US dollars in words: 71500000 -> 'US$71.5 million'.

    Example:
        >>> fmt_usd(4.4e9)
        'US$4.4 billion'
    """
    if is_missing(value):
        return "n/a"
    value = float(value)
    sign = "−" if value < 0 else ""
    return f"{sign}US${_scaled(abs(value), digits)}"


def fmt_count(value: Any, noun: str = "", digits: int = 1) -> str:
    """A large count in words: 28300000, 'people' -> '28.3 million people'."""
    if is_missing(value):
        return "n/a"
    value = float(value)
    text = _scaled(value, digits) if abs(value) >= 1e6 else f"{value:,.0f}"
    return f"{text} {noun}".strip()


def fmt_value(value: Any, unit: str) -> str:
    """Format a value by its unit from the data package (people, USD, percent, …)."""
    if is_missing(value):
        return "n/a"
    unit = (unit or "").strip()
    if isinstance(value, str):
        # A key figure may be a name (the largest host, say) rather than a number.
        return f"{value} {unit}".strip()
    if unit == "rank":
        return f"rank {fmt_int(value)}"
    if unit == "USD":
        return fmt_usd(value)
    if unit == "USD million":
        return fmt_usd(float(value) * 1e6)
    if unit == "percent":
        return fmt_pct(value, digits=0 if float(value).is_integer() else 1)
    if float(value).is_integer():
        return fmt_count(value, unit)
    return f"{fmt_num(value, 1)} {unit}".strip()


def fmt_date(when: Any, precision: str = "day", short: bool = False) -> str:
    """A date at the precision its source gives: '26 August 2021', 'August 2021' or '2021'.

    Example:
        >>> fmt_date("2021-08-26", "month"), fmt_date("2018-12-13", short=True)
        ('August 2021', '13 Dec 2018')
    """
    day = pd.Timestamp(when)
    month = f"{day:%b %Y}" if short else f"{day:%B %Y}"
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return month
    return f"{day.day} {month}"


def pct_change(old: Any, new: Any) -> float:
    """Percentage change from old to new (NaN when it cannot be computed)."""
    if is_missing(old) or is_missing(new) or float(old) == 0:
        return math.nan
    return (float(new) - float(old)) / abs(float(old)) * 100


def join_words(items: Iterable[Any], last: str = "and") -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def year_span(years: Iterable[Any]) -> str:
    """Compress years into ranges: [2001, 2002, 2003, 2007] -> '2001–2003 and 2007'."""
    values = sorted({int(y) for y in years if not is_missing(y)})
    if not values:
        return ""
    runs: list[tuple[int, int]] = []
    start = prev = values[0]
    for year in values[1:]:
        if year != prev + 1:
            runs.append((start, prev))
            start = year
        prev = year
    runs.append((start, prev))
    return join_words(f"{a}–{b}" if a != b else f"{a}" for a, b in runs)


def md(text: str) -> None:
    """Display composed Markdown in the report (prose built from data, never typed figures).

    Dollar signs are escaped so that two amounts in US$ are not read as a formula.

    Example:
        >>> md(f"Requirement: **{fmt_usd(4.4e9)}**.")  # doctest: +SKIP
    """
    from IPython.display import Markdown, display

    display(Markdown(re.sub(r"(?<!\\)\$", r"\\$", text)))
