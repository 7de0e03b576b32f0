"""Shared helpers of the security topic: constants, dates, wording, and showing figures/tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ... import charts, tables, text

AFG = "AFG"

# UCDP's types of violence, in the order they are stacked, with the words a reader needs.
TYPES = {
    "intrastate": "fighting between the state and armed groups",
    "interstate": "fighting between states",
    "non-state": "fighting between armed groups, none of them a state",
    "one-sided": "deliberate killing of civilians",
}
SHORT_TYPES = {
    "intrastate": "state against armed groups",
    "interstate": "between states",
    "non-state": "between armed groups",
    "one-sided": "against civilians",
}
# Where figures missing from this series' data are published, for the words beside a gap.
PUBLISHED_IN = {
    "opium": "UNODC's yearly Afghanistan Opium Survey and its World Drug Report",
    "gti": "each edition of the Global Terrorism Index (Institute for Economics & Peace)",
    "qaeda": "the reports of the UN Security Council's Analytical Support and Sanctions "
    "Monitoring Team",
}

# The issue fixes the wording when the timeline holds no date for the ban: "the 2022 ban".
# The year is the one UNODC's own releases in data/ compare against (their "pre-ban" year).
BAN_YEAR = 2022
# Revisions smaller than this share of the year's count are told in a sentence, not a table:
# they do not change what a reader takes from the series.
REVISION_TABLE_PCT = 10.0
GTI_SHOWN = ("rank", "score", "deaths", "incidents", "injuries")
# Used only if the timeline has no row for the Taliban takeover (the fallback).
TAKEOVER_FALLBACK_YEAR = 2021


@dataclass(frozen=True)
class Context:
    """The parameters a section's frame carries in its attrs (country, years)."""

    country: str
    name: str
    start: int
    end: int

    @property
    def is_afg(self) -> bool:
        """True when the report's country is Afghanistan."""
        return self.country == AFG

    @property
    def span(self) -> str:
        """The chosen years in words, e.g. '1989–2024'."""
        return f"{self.start}–{self.end}" if self.start != self.end else str(self.start)


def context(frame: pd.DataFrame) -> Context:
    """The parameters stored in a section frame's attrs by its data function."""
    a = frame.attrs
    if not {"country", "name", "start_year", "end_year"} <= set(a):
        # pandas keeps attrs through filtering and assign, but pd.concat with a frame that
        # has none (new rows built by hand) drops them.
        raise ValueError(
            "this table has lost the report's parameters (country and years) that its chart "
            "and words need; pandas drops them when it combines tables with different attrs. "
            "Copy them back from the table the rows came from: new.attrs = old.attrs"
        )
    return Context(str(a["country"]), str(a["name"]), int(a["start_year"]), int(a["end_year"]))


def _when(date: str) -> pd.Timestamp:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    parts = [int(p) for p in str(date).split("-")]
    return pd.Timestamp(
        parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    )


def fmt_date(when: Any, precision: str = "day") -> str:
    """A date at its precision: '26 August 2021', 'August 2021' or '2021'.

    Example:
        >>> fmt_date(pd.Timestamp("2021-08-01"), "month")
        'August 2021'
    """
    return text.fmt_date(when, precision)


def _year_fraction(when: pd.Timestamp, precision: str) -> float:
    """Where a dated event sits on an axis whose yearly bars are centred on the year."""
    if precision == "year":
        return float(when.year)
    return when.year - 0.5 + (when.month - 0.5) / 12


def _fewer(old: Any, new: Any) -> str:
    """'96% fewer' / '12% more' for the change from old to new."""
    change = text.pct_change(old, new)
    if text.is_missing(change):
        return "no comparable figure"
    if round(change) == 0:
        return "about as many"
    return f"{text.fmt_pct(abs(change))} {'fewer' if change < 0 else 'more'}"


def _fewer_words(change: float) -> str:
    """-93.0 -> '93% below'; 12.0 -> '12% above'."""
    return f"{text.fmt_pct(abs(change))} {'below' if change < 0 else 'above'}"


def _missing(sentence: str) -> None:
    """Say in place that data is missing for the parameters (highlighted for the reader)."""
    text.missing(sentence)


def _b(value: str) -> str:
    """Bold in the summary box (Markdown: azaf.text renders and escapes it)."""
    return f"**{value}**"


def _dashes(frame: pd.DataFrame, skip: Any = ()) -> pd.DataFrame:
    """Missing text as a dash: pandas prints <NA> for missing strings, whatever na_rep says."""
    frame = frame.copy()
    for column in frame.columns:
        if column not in skip and frame[column].dtype == "string":
            frame[column] = frame[column].astype(object).where(frame[column].notna(), "–")
    return frame


def _figure(
    fig: Any, caption: str, data: pd.DataFrame, alt: str, note: str = "", subtitle: str = ""
) -> Any:
    """show_figure (title = finding, subtitle = what is drawn), appendix data free of <NA>."""
    return charts.show_figure(
        fig, caption, _dashes(data, skip=("source_id",)), alt=alt, note=note, subtitle=subtitle
    )


def _table(
    frame: pd.DataFrame,
    caption: str,
    columns: dict[str, str],
    formats: dict[str, Any] | None = None,
    note: str = "",
    source_ids: list[str] | None = None,
) -> None:
    """show_table, with missing text shown as a dash rather than pandas' <NA>."""
    frame = _dashes(frame, skip=[*(formats or {}), "source_id"])
    tables.show_table(
        frame, caption, columns=columns, formats=formats, note=note, source_ids=source_ids
    )


def _years_of(years: Any) -> str:
    """The years a table's rows actually cover, as 'first–last' (or one year).

    Example:
        >>> _years_of(pd.Series([2022, 2018, 2020]))
        '2018–2022'
    """
    found = sorted({int(y) for y in years})
    if not found:
        return ""
    return str(found[0]) if found[0] == found[-1] else f"{found[0]}–{found[-1]}"


def _in_range(years: pd.Series, start: int, end: int) -> pd.Series:
    return years.astype(int).between(start, end)


def _afg_only(frame: pd.DataFrame, what: str) -> None:
    """For another country: say that this section is about Afghanistan."""
    ctx = context(frame)
    if not ctx.is_afg:
        text.md(
            f"*{what} in the data are for Afghanistan only, so this section is about "
            f"Afghanistan, not {ctx.name}.*"
        )


def _ordinal(value: Any) -> str:
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _qualifier(word: Any) -> str:
    return {
        "more_than": "more than ",
        "about": "about ",
        "at_least": "at least ",
        "up_to": "up to ",
        "less_than": "less than ",
    }.get(str(word), "")


def _claim_words(qualifier: Any, value: Any, unit: Any) -> str:
    """A brief's figure as stated: '75%', 'ranked 1st', 'more than 20 deaths'."""
    if unit == "rank":
        return f"ranked {_ordinal(value)}"
    if unit == "percent":
        return f"{_qualifier(qualifier)}{text.fmt_pct(value)}"
    return f"{_qualifier(qualifier)}{text.fmt_int(value)} {unit}".strip()


def _dated(frame: pd.DataFrame, when: str = "when") -> list[str]:
    """Each row's date in words at its own precision."""
    return [fmt_date(w, p) for w, p in zip(frame[when], frame["date_precision"], strict=True)]
