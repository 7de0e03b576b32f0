"""Shared helpers of the trade report: names, periods, amounts in words, and the constants
that say how the sources' words are grouped and shown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ... import tables, text
from ...data import country_name, sources

METHODS = """\
**What the bilateral figures are.** Yearly trade by partner country is published by
Azerbaijan's State Statistical Committee and by the UN Comtrade database, but neither series
is yet in this series' data. The figures shown are statements: each carries its period, the
side whose authority gave it, and the publication that carried it. The earliest values reach
us only through the 2023 Baku Dialogues brief, which attributes them to Azerbaijan's State
Statistical Committee; no independent copy of those statistics was found. Changes between
reported years are computed from the values shown (new minus old, over old) and never fill
the years between them.

**Why the two sides' figures differ (mirror statistics).** One country's exports should
equal its partner's imports, but in practice they rarely match: exports are valued free on
board and imports with freight and insurance, goods in transit may be credited to the
country of consignment rather than of origin or destination, re-exports through third
countries and informal or unrecorded trade are counted differently or not at all, and the
two sides may simply count different things (a ministry's turnover estimate against a chamber
of commerce's view of registered trade). The report therefore keeps each side's figures apart
and never averages or joins them into one line.

**Claims without a named source.** The 2023 brief also gives trade values for later years
without saying where they come from. They are listed as the brief's claims, apart from
the reported figures, and are not drawn.

**Regional trade, for scale.** Figures for the partner's trade with its neighbours come from
different bodies, periods and definitions (calendar years, Afghan solar years running from
March to March, parts of a year); each keeps its own period and is not converted or summed.

**The corridor.** The Lapis Lazuli route is described leg by leg as news reports of the
agreement and of the first shipments describe it; an empty place or mode means the report
read does not state it. Shipment tonnages are the figures each report gives.

**Where the full series is published.** A complete yearly series is in the UN Comtrade
database (not yet in this series' data): Azerbaijan as reporter (UN M49 code 31) and
Afghanistan as partner (code 4), exports and imports, all years; then the mirror view,
Afghanistan as reporter and Azerbaijan as partner, with the two answers kept apart.

**Order of dated events.** In the tables of milestones and shipments, an event dated only to
a month (or a year) is listed after the events with a full date in that month (or year).
"""

# How a source's hedging reads in prose ("more than 175 t"); exact figures need no word.
QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "up_to": "up to ",
    "less_than": "less than ",
}
QUALIFIER_MARKS = {"about": "≈", "more_than": ">", "at_least": "≥", "up_to": "≤", "less_than": "<"}

# Product names as the sources give them, grouped so the report can say what kind of goods
# moved; anything not listed here is shown as "other goods".
PRODUCT_KINDS = {
    "diesel": "fuel",
    "kerosene": "fuel",
    "kerosene fuel": "fuel",
    "liquid butane": "fuel",
    "butane gas": "fuel",
    "light distillates": "fuel",
    "gas oils": "fuel",
    "sugar": "food",
    "milk": "food",
    "cream": "food",
    "dried fruit": "food",
    "spices": "food",
}

# Names that different sources give to one product, mapped to the one the report uses, so a
# product is counted once ("kerosene fuel" is kerosene; "butane gas" is liquid butane).
PRODUCT_SAME = {"kerosene fuel": "kerosene", "butane gas": "liquid butane"}
KIND_WORDS = {"fuel": "Fuel", "food": "Food", "other goods": "Other goods"}

DEFAULT_COMPARATORS = ("IRN", "PAK", "CHN", "TKM", "UZB", "KAZ")
# Why a pair of figures is compared, in the growth table's words.
NEXT_FIGURE = "consecutive reported years"
PEAK_TO_LATEST = "peak to latest"
# Simple fractions for prose ("about a fifth"), tried in this order.
FRACTIONS = (
    (0.1, "a tenth"),
    (0.2, "a fifth"),
    (0.25, "a quarter"),
    (1 / 3, "a third"),
    (0.5, "half"),
    (2 / 3, "two thirds"),
    (0.75, "three quarters"),
)
# Where the places named in the corridor legs lie (ISO3): the legs give places, and one
# "country" per leg (the Caspian crossing under its departure port), so the countries a leg
# crosses are read from its places. A place not listed falls back to the leg's country.
PLACE_COUNTRY = {
    "Herat": "AFG",
    "Aqina": "AFG",
    "Torghundi": "AFG",
    "Ashgabat": "TKM",
    "Turkmenbashi": "TKM",
    "Baku": "AZE",
    "Tbilisi": "GEO",
    "Poti": "GEO",
    "Batumi": "GEO",
    "Kars": "TUR",
    "Ankara": "TUR",
    "Istanbul": "TUR",
}
TONNES = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*t\b")
# An Afghan solar year as the sources write it: "SY1396 (2017/18)" or "SY1401".
SOLAR_YEAR = re.compile(r"SY(\d{4})(?:\s*\(\d{4}/\d{2}\))?")


def _name(iso3: str) -> str:
    return country_name(iso3)


def _short(iso3: str) -> str:
    """A country name for prose and labels, without the bracketed official part."""
    return re.sub(r"\s*\(.*\)$", "", _name(iso3))


def period_words(period: Any, long: bool = False) -> str:
    """A period as a reader would write it: Afghan solar years as Gregorian years.

    An Afghan solar year runs from 21 March to 20 March; the Afghan year stays named.

    Example:
        >>> period_words("SY1396 (2017/18)"), period_words("SY1401", long=True)
        ('2017/18 (Afghan year 1396)', 'the Afghan year 1401 (March 2022 to March 2023)')
    """

    def solar(match: re.Match[str]) -> str:
        year = int(match.group(1))
        first = year + 621  # the Afghan year starts on 21 March of this Gregorian year
        if long:
            return f"the Afghan year {year} (March {first} to March {first + 1})"
        return f"{first}/{(first + 1) % 100:02d} (Afghan year {year})"

    return SOLAR_YEAR.sub(solar, str(period)).replace("Jan-", "Jan–")


def _money(value: Any, unit: str, qualifier: str = "exact") -> str:
    """A reported amount in words with its hedging: 'at least US$14 million'."""
    if text.is_missing(value):
        return "n/a"
    unit = str(unit)
    if unit == "USD million":
        words = text.fmt_usd(float(value) * 1e6, digits=2)
    elif unit == "USD":
        words = f"US${float(value):,.0f}" if float(value) < 1e6 else text.fmt_usd(value)
    elif unit == "AFN billion":
        words = f"AFN {text.fmt_num(value, 2).rstrip('0').rstrip('.')} billion"
    elif unit == "percent":
        words = text.fmt_pct(value, digits=0 if float(value).is_integer() else 1)
    elif unit.startswith("ratio"):
        words = f"{text.fmt_num(value, 1).removesuffix('.0')} times {unit[5:].strip()}"
    elif unit == "tonnes":
        words = f"{text.fmt_num(value, 0)} t"
    else:
        words = f"{text.fmt_num(value, 2).rstrip('0').rstrip('.')} {unit}"
    return QUALIFIER_WORDS.get(str(qualifier), "") + words


def _about_fraction(ratio: float) -> str:
    """A share as computed, with a simple fraction when one is close: '19.6% (about a fifth)'.

    Example:
        >>> _about_fraction(14 / 71.5)
        '19.6% (about a fifth)'
    """
    pct = text.fmt_pct(ratio * 100, digits=1)
    for value, words in FRACTIONS:
        if abs(ratio - value) <= 0.015:
            return f"{pct} (about {words})"
    return pct


def _year_words(row: pd.Series) -> str:
    """A reported figure's year, saying so when the source does not state it exactly.

    Example:
        >>> _year_words(pd.Series({"period": "c. 2018 (annual)", "year": 2018}))
        'around 2018 (year not stated exactly)'
    """
    if _approximate(row):
        return f"around {int(row['year'])} (year not stated exactly)"
    return str(int(row["year"]))


def _approximate(row: pd.Series) -> bool:
    """True when the row's period is given as 'c. YEAR': the year is not stated exactly."""
    return str(row.get("period", "")).startswith("c.")


def _amount(value: float) -> str:
    """A chart label with the decimals the figure has: 275, 71.5, 2,000 (both charts)."""
    return text.fmt_num(value, 0 if float(value).is_integer() else 1)


def _by(body: str) -> str:
    """'Ministry of Economy of Azerbaijan' -> 'the Ministry of Economy of Azerbaijan'."""
    body = str(body)
    return body if body.lower().startswith(("the ", "a ")) else f"the {body}"


def _publisher(source_id: str) -> str:
    registry = sources()
    return str(registry.loc[source_id, "publisher"]) if source_id in registry.index else source_id


def _fmt_date(date: str, precision: str) -> str:
    return text.fmt_date(date, precision, short=True)


def _table(
    frame: pd.DataFrame,
    caption: str,
    columns: dict[str, str],
    source_ids: Iterable[str] | None = None,
    note: str = "",
) -> None:
    """azaf.show_table with the source line naming every source behind a row."""
    ids = list(source_ids) if source_ids is not None else None
    tables.show_table(frame, caption, columns=columns, note=note, source_ids=ids)


def _date_key(date: str, precision: str) -> str:
    """A sort key that puts an event dated only to a month (or year) after the events with a
    full date in that month (or year): its day is not known, so it is not put first.

    Example:
        >>> sorted([_date_key("2018-12", "month"), _date_key("2018-12-13", "day")])
        ['2018-12-13', '2018-12-99']
    """
    date = str(date)
    if precision == "month":
        return date[:7] + "-99"
    if precision == "year":
        return date[:4] + "-99-99"
    return date


STAGE_WORDS = {
    "announced": "announced before departure from {place}",
    "departure": "on departure from {place}",
    "arrival": "on arrival at {place}",
    "shipment": "the shipment",
}


def _published(source_id: str) -> str:
    """When the source was published, at the precision the registry gives: '16 Dec 2018'."""
    registry = sources()
    if source_id not in registry.index or text.is_missing(registry.loc[source_id, "published"]):
        return ""
    date = str(registry.loc[source_id, "published"])
    return _fmt_date(date, {4: "year", 7: "month"}.get(len(date), "day"))


def _convoy_words(rows: pd.DataFrame, bold: bool = False) -> str:
    """Each reported tonnage with its stage and who reported it when; equal reports grouped.

    Example:
        >>> _convoy_words(shipments().iloc[[1]])[:30]
        '135 t on departure from Herat '
    """
    star = "**" if bold else ""
    groups: dict[tuple[str, float, str], list[str]] = {}
    for _, r in rows.iterrows():
        stage = r["what"].split(": ", 1)[-1]
        who = r["reported_in"] + (f", {r['published']}" if r["published"] else "")
        groups.setdefault((r.get("qualifier", ""), r["tonnes"], stage), []).append(who)
    parts = [
        f"{star}{q}{text.fmt_num(t, 0)} t{star} {stage} ({'; '.join(who)})"
        for (q, t, stage), who in groups.items()
    ]
    return "; ".join(parts)


def _count_word(n: int) -> str:
    """2 -> 'Two': small counts in words at the start of a sentence."""
    words = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    return words.get(n, str(n))


def _tonnage_count(rows: pd.DataFrame) -> str:
    """How many different tonnages the reports give ('more than 175 t' and '175 t' are two).

    Example:
        >>> _tonnage_count(shipments().iloc[:3])
        'three different tonnages'
    """
    n = len({(q, t) for q, t in zip(rows["qualifier"], rows["tonnes"], strict=True)})
    return "one tonnage" if n == 1 else f"{_count_word(n).lower()} different tonnages"


def _claim_label(value_musd: float) -> str:
    """A claimed value's label: millions as drawn, a small one in thousands ('0.8 (805k)')."""
    if value_musd < 1:
        return f"{_amount(round(value_musd, 1))} (US${value_musd * 1000:,.0f}k)"
    return _amount(value_musd)


def _year_ticks(start: int, end: int) -> list[int]:
    """Year ticks from the first year shown, at most about eight, ending at or near the last.

    Example:
        >>> _year_ticks(2005, 2025)
        [2005, 2010, 2015, 2020, 2025]
    """
    span = max(end - start, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 8)
    return list(range(start, end + 1, step))


def _takeover_words(ctx: dict[str, Any]) -> str:
    """The month the Taliban took power, from a frame's attrs ('' if the timeline lacks it)."""
    date = ctx.get("takeover_date")
    return text.fmt_date(date, ctx.get("takeover_precision")) if date else ""


def _flow_words(row: pd.Series) -> str:
    """A regional figure's flow in words: 'Afghanistan imports from the world'."""
    if row["flow"] == "turnover":
        return "trade (both ways)"
    if row["reporter"] == "WLD":
        return f"{row['flow']} (world)"
    other = "the world" if row["partner"] == "WLD" else _short(row["partner"])
    linker = "from" if row["flow"] == "imports" else "to"
    return f"{_short(row['reporter'])} {row['flow']} {linker} {other}"
