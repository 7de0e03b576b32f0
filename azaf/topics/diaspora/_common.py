"""Shared pieces of the diaspora topic: colours, thresholds, group labels and formatting."""

from __future__ import annotations

from typing import Any

import matplotlib
import pandas as pd

from ... import charts, text
from ...data import load, load_quiet

ORIGIN_COLOUR = charts.PALETTE[0]
OTHER_COLOURS = [charts.PALETTE[3], charts.PALETTE[2], charts.PALETTE[4], "#bfc5ca"]


# Group names as sources spell them, mapped to one label per people (the brief writes
# "Turkman"; it equates the Qizilbash with the Afshars).
GROUP_LABELS = {
    "Qizilbash": "Qizilbash / Afshar",
    "Afshar": "Qizilbash / Afshar",
    "Turkman": "Turkmen",
    "Turkmen": "Turkmen",
    "Uzbek": "Uzbek",
    "Kyrgyz": "Kyrgyz",
    "Turkic peoples of Afghanistan (all)": "All Turkic peoples",
    "Turkic-language speakers (all)": "All Turkic peoples",
}


BREAK_FACTOR = 3  # a change beyond this factor from one year to the next is listed
SMALL_SHARE = 10  # percent of the tallest bar below which the origin gets its own panel
BREAK_LEAST = 1000  # ...where the larger of the two counts reaches this many people


def _table(name: str, quiet: bool) -> pd.DataFrame:
    # key_figures() must not display anything, so it reads without announcing datasets.
    return load_quiet(name) if quiet else load(name)


def _with_total(rows: pd.DataFrame) -> pd.DataFrame:
    total = rows["refugees"].astype("Int64") + rows["asylum_seekers"].astype("Int64")
    return rows.assign(total=total)


def _span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _period(row: Any) -> str:
    year = str(int(row["year"]))
    return f"{year} (mid-year)" if bool(row["is_mid_year"]) else year


def _missing(message: str) -> None:
    """Say in place that the data cannot show something."""
    text.missing(message)


def _mid_note(frame: pd.DataFrame) -> str:
    if "is_mid_year" not in frame or not frame["is_mid_year"].fillna(False).any():
        return ""
    years = text.year_span(frame.loc[frame["is_mid_year"].fillna(False), "year"])
    return f"{years}: mid-year figure (June), not an end-year stock."


def _year_ticks(ax: Any, years: Any) -> None:
    """Whole years on the x axis (every year when there are few)."""
    years = [int(y) for y in years]
    if len(years) <= 8:
        ax.set_xticks(years)
    else:
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))


def _log_axis(axis: Any) -> None:
    """Thousands on a log axis, no 2 × 10⁶-style minor labels."""
    axis.set_major_formatter(charts.thousands())
    axis.set_minor_formatter(matplotlib.ticker.NullFormatter())


def _pct(value: Any) -> str:
    return text.fmt_pct(value, digits=1)


def _ordinal(value: Any) -> str:
    """29 -> '29th'."""
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _count_words(value: Any) -> str:
    return "none" if int(value) == 0 else text.fmt_int(value)


def _published_year(source_id: str) -> int | None:
    from ...data import sources

    reg = sources()
    if source_id not in reg.index or text.is_missing(reg.loc[source_id, "published"]):
        return None
    return int(str(reg.loc[source_id, "published"])[:4])


def _publisher(source_id: str) -> str:
    from ...data import sources

    reg = sources()
    return str(reg.loc[source_id, "publisher"]) if source_id in reg.index else source_id


def _share_text(value: float) -> str:
    return f"{text.fmt_num(value, 0 if float(value).is_integer() else 1)}%"


def _with(frame: pd.DataFrame, **params: Any) -> pd.DataFrame:
    """The frame, renumbered, with the parameters its chart and words need in attrs."""
    frame = frame.reset_index(drop=True)
    frame.attrs.update(params)
    return frame


def _params(frame: pd.DataFrame, *keys: str) -> list[Any]:
    """The parameters a data step stored in `frame.attrs`, or a clear error if they are lost."""
    lost = [k for k in keys if k not in frame.attrs]
    if lost:
        raise ValueError(
            f"This frame lost the report's parameters ({', '.join(lost)}): make it with the "
            "section's data function and filter it, rather than building or joining frames "
            "(pandas drops attrs that differ)."
        )
    return [frame.attrs[k] for k in keys]


def _frame_span(frame: pd.DataFrame, start: int, end: int, column: str = "year") -> str:
    """The edition's years, narrowed to those the (possibly filtered) frame still holds."""
    years = pd.to_numeric(frame[column], errors="coerce").dropna() if column in frame else []
    if len(years) == 0:
        return _span(start, end)
    return _span(max(int(start), int(years.min())), min(int(end), int(years.max())))
