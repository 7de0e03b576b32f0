"""Trade and connectivity: bilateral trade as each side reported it, what was traded,
the partner's regional trade for scale, and the Lapis Lazuli corridor."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from .. import charts, report, tables, text
from ..data import country_name, load, load_quiet, sources

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


# ---------------------------------------------------------------------------------------
# Small helpers


def _name(iso3: str) -> str:
    return country_name(iso3)


def _short(iso3: str) -> str:
    """A country name for prose and labels, without the bracketed official part."""
    return re.sub(r"\s*\(.*\)$", "", _name(iso3))


def period_words(period: Any, long: bool = False) -> str:
    """A period as a reader would write it: an Afghan solar year (21 March to 20 March)
    becomes its Gregorian years, with the Afghan year named.

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


# ---------------------------------------------------------------------------------------
# Bilateral trade


def _pair_rows(reporter: str, partner: str) -> pd.DataFrame:
    table = load("trade_reported")
    pair = {reporter, partner}
    return table[
        table["reporter"].isin(pair)
        & table["partner"].isin(pair)
        & (table["reporter"] != table["partner"])
        & (table["flow"] == "turnover")
    ]


def reported_turnover(reporter: str, partner: str, start: int, end: int) -> pd.DataFrame:
    """Yearly turnover values reported by either side for the pair, within the years.

    Example:
        >>> reported_turnover("AZE", "AFG", 2005, 2024)["value"].tolist()
        [69.4, 275.0, 14.0, 71.5]
    """
    rows = _pair_rows(reporter, partner)
    rows = rows[
        (rows["measure"] == "value")
        & (rows["period_type"] == "year")
        & rows["year"].between(start, end)
    ]
    rows = rows.assign(side=rows["reporter"])
    return rows.sort_values(["year", "side"]).reset_index(drop=True)


def stated_changes(reporter: str, partner: str, start: int, end: int) -> pd.DataFrame:
    """Growth rates officials stated for the pair (whole and part years), within the years.

    Example:
        >>> stated_changes("AZE", "AFG", 2018, 2018)["value"].tolist()
        [37.0, 30.0]
    """
    rows = _pair_rows(reporter, partner)
    rows = rows[(rows["measure"] == "change") & rows["year"].between(start, end)]
    return rows.sort_values(["year", "id"]).reset_index(drop=True)


def growth(rows: pd.DataFrame, stated: pd.DataFrame | None = None) -> pd.DataFrame:
    """Changes between reported yearly figures of the same side: each consecutive pair of
    reported years, and the peak to the latest; with any change officials stated for it.

    Example:
        >>> g = growth(reported_turnover("AZE", "AFG", 2005, 2024))
        >>> g[["from_year", "to_year"]].values.tolist()
        [[2010, 2014], [2014, 2018]]
    """
    out: list[dict[str, Any]] = []
    for side, group in rows.groupby("side", sort=False):
        group = group.sort_values("year").reset_index(drop=True)
        pairs = [(i, i + 1, NEXT_FIGURE) for i in range(len(group) - 1)]
        peak = int(group["value"].idxmax())
        last = len(group) - 1
        if peak < last and (peak, last) not in {(a, b) for a, b, _ in pairs}:
            pairs.append((peak, last, PEAK_TO_LATEST))
        elif peak < last:
            pairs = [
                (a, b, f"{k}; also {PEAK_TO_LATEST}" if (a, b) == (peak, last) else k)
                for a, b, k in pairs
            ]
        for a, b, kind in pairs:
            old, new = group.loc[a], group.loc[b]
            exact = old["qualifier"] == "exact" and new["qualifier"] == "exact"
            change = text.pct_change(old["value"], new["value"]) if exact else float("nan")
            said = pd.DataFrame()
            if stated is not None and not stated.empty:
                said = stated[
                    (stated["reporter"] == side)
                    & (stated["period_type"] == "year")
                    & (stated["year"] == new["year"])
                    & (stated["compared_with"] == str(old["year"]))
                ]
            out.append(
                {
                    "side": side,
                    "from_year": int(old["year"]),
                    "to_year": int(new["year"]),
                    "from_value": float(old["value"]),
                    "to_value": float(new["value"]),
                    "unit": old["unit"],
                    "change_pct": change,
                    "kind": kind,
                    "stated_pct": float(said["value"].iloc[0]) if len(said) else float("nan"),
                    "stated_by": str(said["statement_by"].iloc[0]) if len(said) else "",
                    "source_ids": [old["source_id"], new["source_id"]]
                    + (said["source_id"].tolist() if len(said) else []),
                }
            )
    return pd.DataFrame(out)


def missing_years(rows: pd.DataFrame, start: int, end: int) -> list[int]:
    """Years in the range with no reported yearly figure from either side.

    Example:
        >>> missing_years(reported_turnover("AZE", "AFG", 2010, 2014), 2010, 2014)
        [2011, 2012, 2013]
    """
    have = set(rows["year"].astype(int)) if len(rows) else set()
    return [y for y in range(start, end + 1) if y not in have]


def brief_claims(reporter: str, partner: str, start: int, end: int) -> pd.DataFrame:
    """Trade values the 2023 brief gives for years that no reported statement covers.

    Example:
        >>> brief_claims("AZE", "AFG", 2005, 2024)["year"].tolist()
        [2019, 2020, 2022]
    """
    if {reporter, partner} != {"AZE", "AFG"}:
        return pd.DataFrame()
    claims = load("brief_claims")
    claims = claims[(claims["topic"] == "trade") & claims["year"].between(start, end)]
    covered = set(
        _pair_rows(reporter, partner).query("measure == 'value' and period_type == 'year'")["year"]
    )
    claims = claims[~claims["year"].isin(covered)]
    return claims.sort_values("year").reset_index(drop=True)


def _last_year(reporter: str, partner: str) -> int | None:
    """The latest year with a reported yearly value for the pair, in any year."""
    rows = reported_turnover(reporter, partner, 1000, 3000)
    return int(rows["year"].max()) if len(rows) else None


def _side_rows(rows: pd.DataFrame, reporter: str, partner: str) -> tuple[pd.DataFrame, str]:
    """The reporter's own figures, or the partner's where the reporter gave none."""
    own = rows[rows["side"] == reporter]
    if len(own):
        return own, reporter
    mirror = rows[rows["side"] == partner]
    return mirror, partner


def _beyond_briefs(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows whose source is not one of the founding briefs.

    Headline figures use only these: the fact check calls a figure the briefs alone give
    unverified, so it is drawn and labelled, never made a headline.
    """
    if rows.empty:
        return rows
    kinds = sources()["kind"]
    return rows[rows["source_id"].map(kinds).ne("brief")]


def key_figures(
    reporter: str = "AZE",
    partner: str = "AFG",
    start_year: int = 2005,
    end_year: int = 2025,
    comparators: Sequence[str] = DEFAULT_COMPARATORS,
) -> list[dict[str, Any]]:
    """The report's key figures, computed without displaying anything (the overview calls
    this too): latest and peak reported turnover, the change between them, and the bilateral
    figure as a share of the partner's total trade.

    Example:
        >>> [k["name"] for k in key_figures()][:2]
        ['trade.latest_turnover', 'trade.peak_turnover']
    """
    rows = reported_turnover(reporter, partner, start_year, end_year)
    a, b = _short(reporter), _short(partner)
    side_rows, side = _side_rows(rows, reporter, partner)
    by = f"as reported by {_short(side)}"
    sourced = _beyond_briefs(side_rows)
    if sourced.empty:
        none = (
            f"no reported figure in {start_year}–{end_year}"
            if side_rows.empty
            else f"no figure beyond the founding briefs in {start_year}–{end_year}"
        )
        return [
            {
                "name": "trade.latest_turnover",
                "value": None,
                "unit": "USD million",
                "period": "",
                "source": [],
                "label": f"{a}–{b} turnover, latest reported ({none})",
            },
            {
                "name": "trade.peak_turnover",
                "value": None,
                "unit": "USD million",
                "period": "",
                "source": [],
                "label": f"{a}–{b} turnover, peak reported ({none})",
            },
            {
                "name": "trade.change_peak_to_latest",
                "value": None,
                "unit": "percent",
                "period": "",
                "source": [],
                "label": f"{a}–{b} turnover, change from peak to latest ({none})",
            },
        ]
    latest = sourced.sort_values("year").iloc[-1]
    peak = sourced.loc[sourced["value"].idxmax()]
    change = text.pct_change(peak["value"], latest["value"]) if peak["id"] != latest["id"] else None
    figures = [
        {
            "name": "trade.latest_turnover",
            "value": float(latest["value"]),
            "unit": str(latest["unit"]),
            "period": str(latest["year"]),
            "source": str(latest["source_id"]),
            "label": f"{a}–{b} turnover, latest reported ({by})",
        },
        {
            "name": "trade.peak_turnover",
            "value": float(peak["value"]),
            "unit": str(peak["unit"]),
            "period": str(peak["year"]),
            "source": str(peak["source_id"]),
            "label": f"{a}–{b} turnover, highest reported ({by})",
        },
        {
            "name": "trade.change_peak_to_latest",
            "value": None if change is None else round(change, 1),
            "unit": "percent",
            "period": f"{peak['year']}–{latest['year']}",
            "source": list(dict.fromkeys([str(peak["source_id"]), str(latest["source_id"])])),
            "label": f"{a}–{b} turnover, change from peak to latest ({by})"
            + (" (one figure only)" if change is None else ""),
        },
    ]
    share = _share_of_total(latest, partner)
    if share is not None:
        world = share["world"]
        figures.append(
            {
                "name": "trade.share_of_partner_total",
                "value": round(share["share"], 1),
                "unit": "percent",
                "period": f"{latest['year']} vs {period_words(world['period'])}",
                "source": [str(latest["source_id"]), str(world["source_id"])],
                "label": f"{a}–{b} turnover as a share of {b}'s total trade "
                "(rough scale: different periods and reporters)",
            }
        )
    return figures


# ---------------------------------------------------------------------------------------
# Regional trade


def regional(partner: str, comparators: Sequence[str]) -> pd.DataFrame:
    """Reported trade of `partner` with the comparator countries and with the world.

    Example:
        >>> sorted(set(regional("AFG", ["IRN", "PAK"])["other"]))
        ['IRN', 'PAK', 'WLD']
    """
    table = load("trade_regional")
    others = [c for c in comparators if c != partner]
    own = (table["reporter"] == partner) & table["partner"].isin([*others, "WLD"])
    theirs = (table["partner"] == partner) & table["reporter"].isin(others)
    rows = table[own | theirs].copy()
    rows["other"] = rows["partner"].where(rows["reporter"] == partner, rows["reporter"])
    # Partners in alphabetical order of their names, the world last; years within each.
    rows["order"] = [("~" if o == "WLD" else _short(o)) for o in rows["other"]]
    rows = rows.sort_values(["order", "year", "id"]).drop(columns="order")
    return rows.reset_index(drop=True)


def _flow_words(row: pd.Series) -> str:
    if row["flow"] == "turnover":
        return "trade (both ways)"
    if row["reporter"] == "WLD":
        return f"{row['flow']} (world)"
    other = "the world" if row["partner"] == "WLD" else _short(row["partner"])
    linker = "from" if row["flow"] == "imports" else "to"
    return f"{_short(row['reporter'])} {row['flow']} {linker} {other}"


def _flow_phrase(row: pd.Series) -> str:
    if row["flow"] == "turnover":
        return f"trade with {_short(row['other'])}"
    return _flow_words(row)


def _share_of_total(latest: pd.Series, partner: str) -> dict[str, Any] | None:
    """The bilateral figure as a share of the partner's total trade in the nearest period."""
    if latest["unit"] != "USD million":
        return None
    table = load_quiet("trade_regional")
    world = table[
        (table["reporter"] == partner)
        & (table["partner"] == "WLD")
        & (table["flow"] == "turnover")
        & (table["unit"] == "USD million")
    ]
    if world.empty:
        return None
    gap = (world["year"] - int(latest["year"])).abs()
    if int(gap.min()) > 1:  # a share across more than a year's distance would mislead
        return None
    row = world.loc[gap.idxmin()]
    return {"share": float(latest["value"]) / float(row["value"]) * 100, "world": row}


# ---------------------------------------------------------------------------------------
# Products and corridor


def products(reporter: str, partner: str) -> pd.DataFrame:
    """Goods the sources name as moving between the two countries, with a kind column.

    Example:
        >>> "diesel" in products("AZE", "AFG")["product"].tolist()
        True
    """
    table = load("trade_products")
    ways = {f"{reporter}->{partner}", f"{partner}->{reporter}"}
    rows = table[table["direction"].isin(ways)].copy()
    rows["kind"] = rows["product"].map(PRODUCT_KINDS).fillna("other goods")
    # One name per product, so two sources' words for the same good are counted once.
    rows["product"] = rows["product"].replace(PRODUCT_SAME)
    return rows.reset_index(drop=True)


def _merged_products(rows: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """One row per product and direction, with every source's supplier, period and detail."""

    def joined(values: Iterable[Any]) -> str:
        kept = [str(v) for v in dict.fromkeys(values) if not text.is_missing(v)]
        return "; ".join(kept) if kept else "–"

    names = {reporter: _short(reporter), partner: _short(partner)}
    out = []
    for (way, product), group in rows.groupby(["direction", "product"], sort=False):
        src, dst = way.split("->")
        out.append(
            {
                "product": product[:1].upper() + product[1:],
                "kind": KIND_WORDS.get(group["kind"].iloc[0], group["kind"].iloc[0]),
                "way": f"{names.get(src, src)} → {names.get(dst, dst)}",
                "supplier_shown": joined(group["supplier"]),
                "when": joined(group["period"].fillna("not dated")),
                "detail": " ".join(dict.fromkeys(group["detail"].dropna())),
            }
        )
    return pd.DataFrame(out)


def corridor_milestones(start: int, end: int) -> pd.DataFrame:
    """Timeline events on the corridor, trade agreements and economic ties, in the years.

    Example:
        >>> "t017" in corridor_milestones(2017, 2017)["id"].tolist()
        True
    """
    table = load("timeline")
    trade_words = r"trade|transport|transit|corridor|customs|Lapis"
    keep = table["category"].isin(["corridor", "economy"]) | (
        (table["category"] == "agreement") & table["event"].str.contains(trade_words, regex=True)
    )
    rows = table[keep].copy()
    rows["year"] = rows["date"].str[:4].astype(int)
    rows = rows[rows["year"].between(start, end)]
    rows["when"] = [
        _fmt_date(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)
    ]
    rows["category"] = rows["category"].str.capitalize()
    rows["sort"] = [
        _date_key(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)
    ]
    return rows.sort_values("sort", kind="stable").drop(columns="sort").reset_index(drop=True)


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
QUALIFIER_WORDS = {"more_than": "more than ", "about": "about ", "at_least": "at least "}


def shipments() -> pd.DataFrame:
    """Corridor shipments with a tonnage, one row per report (data/shipments.csv), in date
    order; conflicting reports of one shipment stay side by side.

    Example:
        >>> shipments()["tonnes"].tolist()
        [175.0, 135.0, 175.0, 175.0, 115.0]
    """
    table = load("shipments")
    rows: list[dict[str, Any]] = []
    for _, r in table.iterrows():
        dated = not text.is_missing(r["date"])
        place = "an unnamed place" if text.is_missing(r["place"]) else str(r["place"])
        rows.append(
            {
                "when": _fmt_date(r["date"], r["date_precision"]) if dated else "not dated",
                "sort": _date_key(r["date"], r["date_precision"]) if dated else "9999",
                "tonnes": float(r["value"]),
                "qualifier": QUALIFIER_WORDS.get(str(r["qualifier"]), ""),
                "published": _published(r["source_id"]),
                "what": f"{r['shipment']}: {STAGE_WORDS[str(r['stage'])].format(place=place)}",
                "reported_in": str(r["reported_by"]),
                "source_id": r["source_id"],
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values("sort", kind="stable").reset_index(drop=True)


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


def legs() -> pd.DataFrame:
    """The Lapis Lazuli route's legs in route order, with country names.

    Example:
        >>> legs()["country"].iloc[0]
        'AFG'
    """
    rows = load("corridor_legs").sort_values(["seq", "leg"], key=lambda s: s.map(_leg_key))
    rows = rows.assign(country_name=rows["country"].map(_short))
    return rows.reset_index(drop=True)


def _leg_key(value: Any) -> Any:
    # L10 sorts after L9, not after L1.
    return int(value[1:]) if isinstance(value, str) and value[:1] == "L" else value


# ---------------------------------------------------------------------------------------
# What the reader sees


def summary(
    reporter: str,
    partner: str,
    start: int,
    end: int,
    comparators: Sequence[str] = DEFAULT_COMPARATORS,
) -> None:
    """Three to five findings, each composed from the data with its figure and period."""
    a, b = _short(reporter), _short(partner)
    if reporter == partner:
        text.md(
            f"The reporting and the partner country are both {a}: there is no bilateral trade "
            "to report. Choose two different countries."
        )
        return
    rows = reported_turnover(reporter, partner, start, end)
    findings: list[str] = []
    side_rows, side = _side_rows(rows, reporter, partner)
    if side_rows.empty:
        findings.append(
            f"No reported figure for trade between {a} and {b} in {start}–{end} is in this "
            "series' data; UN Comtrade publishes yearly trade by partner country."
        )
    else:
        ordered = side_rows.sort_values("year")
        first, latest = ordered.iloc[0], ordered.iloc[-1]
        peak = side_rows.loc[side_rows["value"].idxmax()]
        by = f"{_short(side)}'s figures"
        if len(ordered) == 1:
            findings.append(
                f"{by} give one yearly turnover in {start}–{end}: "
                f"**{_money(latest['value'], latest['unit'], latest['qualifier'])}** for "
                f"{latest['year']}, from {_by(latest['statement_by'])}. With one figure no "
                "change can be computed."
            )
        else:
            parts = []
            if first["id"] != peak["id"]:
                rise = text.pct_change(first["value"], peak["value"])
                parts.append(
                    f"rose from **{_money(first['value'], first['unit'])}** in {first['year']} "
                    f"to **{_money(peak['value'], peak['unit'])}** in {peak['year']} "
                    f"({text.fmt_pct(rise, signed=True)})"
                )
            else:
                parts.append(
                    f"were highest at **{_money(peak['value'], peak['unit'])}** in {peak['year']}"
                )
            if latest["id"] != peak["id"]:
                fall = text.pct_change(peak["value"], latest["value"])
                parts.append(
                    f"then stood at **{_money(latest['value'], latest['unit'])}** in "
                    f"{latest['year']} ({text.fmt_pct(fall, signed=True)} on the peak)"
                )
            from_brief = ordered[ordered["source_id"] == "brief_2023"]
            brief_note = (
                f" The {'figures' if len(from_brief) > 1 else 'figure'} for "
                f"{text.join_words(from_brief['year'].astype(int))} "
                f"{'are' if len(from_brief) > 1 else 'is'} known only from the 2023 brief."
                if len(from_brief)
                else ""
            )
            findings.append(
                f"On {by}, trade between {a} and {b} {' and '.join(parts)}.{brief_note}"
            )
    claims = brief_claims(reporter, partner, start, end)
    last_year = _last_year(reporter, partner)
    if last_year is not None and last_year < end:
        first_gap = max(last_year + 1, start)
        gap_years = text.year_span([first_gap, end]).replace(" and ", "–")
        sentence = (
            f"No official yearly figure for {gap_years} is in this series' data: the latest "
            f"is for {last_year}. Azerbaijan's State Statistical Committee and UN Comtrade "
            "publish yearly trade by partner country."
        )
        values = claims[~claims["unit"].str.startswith("ratio")] if len(claims) else claims
        if len(values):
            said = text.join_words(
                f"**{_money(v, u, q)}** for {y}"
                for v, u, q, y in zip(
                    values["value"],
                    values["unit"],
                    values["qualifier"],
                    values["year"],
                    strict=True,
                )
            )
            sentence += f" The 2023 brief, naming no source, gives {said}."
        findings.append(sentence)
    both = rows.groupby("year")["side"].nunique()
    same_year = [int(y) for y, n in both.items() if n > 1]
    if same_year:
        year = same_year[-1]
        here = rows[rows["year"] == year]
        own = here[here["side"] == reporter].iloc[0]
        other = here[here["side"] == partner].iloc[0]
        ratio = float(other["value"]) / float(own["value"])
        # A lower bound stays a lower bound when compared: "at least 19.6%".
        bound = "at least " if other["qualifier"] == "at_least" else ""
        findings.append(
            f"The two sides' figures differ widely: for {_year_words(own)}, "
            f"{_by(own['statement_by'])} gave "
            f"**{_money(own['value'], own['unit'], own['qualifier'])}**; for "
            f"{_year_words(other)}, {_by(other['statement_by'])} gave "
            f"**{_money(other['value'], other['unit'], other['qualifier'])}**, "
            f"which is {bound}{_about_fraction(ratio)} of {_short(own['side'])}'s figure."
        )
    if not side_rows.empty:
        latest = side_rows.sort_values("year").iloc[-1]
        share = _share_of_total(latest, partner)
        if share is not None:
            world = share["world"]
            findings.append(
                f"As a rough scale only, since the periods and the reporting bodies differ: "
                f"{a}'s {latest['year']} figure (from {_by(latest['statement_by'])}) equals "
                f"about **{text.fmt_pct(share['share'], digits=1)}** of {b}'s total trade of "
                f"{_money(world['value'], world['unit'], world['qualifier'])} "
                f"in {period_words(world['period'], long=True)}, as reported by "
                f"{_by(world['statement_by'])}."
            )
    ship = shipments()
    first_convoy = ship[ship["sort"].str.startswith("2018-12")] if len(ship) else ship
    in_years = first_convoy["sort"].str[:4].astype(int).between(start, end).all()
    if len(first_convoy) > 1 and in_years:
        findings.append(
            f"Reports of the first Lapis Lazuli cargo, in December 2018, give "
            f"{_tonnage_count(first_convoy)}: {_convoy_words(first_convoy, bold=True)}."
        )
    lacking = []
    if products(reporter, partner).empty:
        lacking.append(f"the goods traded between {a} and {b}")
    if regional(partner, comparators).empty:
        lacking.append(f"{b}'s trade with the chosen regional partners")
    if lacking:
        findings.append(
            f"{text.join_words(lacking)[:1].upper()}{text.join_words(lacking)[1:]} "
            f"{'are' if len(lacking) > 1 else 'are'} not in this series' data either."
        )
    text.md("\n".join(f"- {f}" for f in findings[:5]))


def turnover_section(reporter: str, partner: str, start: int, end: int) -> None:
    """Reported turnover as labelled points, changes between them, the stated growth rates,
    which years lack a figure, and the brief's unsourced claims."""
    a, b = _short(reporter), _short(partner)
    if reporter == partner:
        text.md("No bilateral figures: the reporting and partner country are the same.")
        return
    rows = reported_turnover(reporter, partner, start, end)
    stated = stated_changes(reporter, partner, start, end)
    figure_no = None
    if rows.empty:
        elsewhere = reported_turnover(reporter, partner, 1000, 3000)
        where = (
            f" The pair's reported yearly figures are for "
            f"{text.year_span(elsewhere['year'])}, outside the chosen years."
            if len(elsewhere)
            else ""
        )
        text.md(
            f"Neither side's yearly turnover for {a} and {b} in {start}–{end} is in this "
            f"series' data.{where}"
        )
    else:
        _turnover_chart(rows, reporter, partner, start, end)
        figure_no = report.STATE.figures
        from_brief = rows[rows["source_id"] == "brief_2023"]
        if len(from_brief):
            # "State Statistical Committee of Azerbaijan (as cited in the 2023 brief)"
            _bodies = [_by(s.split(" (")[0]) for s in from_brief["statement_by"]]
            plural = len(from_brief) > 1
            text.md(
                f"The {'figures' if plural else 'figure'} for "
                f"{text.join_words(from_brief['year'].astype(int))} "
                f"{'come' if plural else 'comes'} only "
                f"from the 2023 brief, which attributes {'them' if plural else 'it'} to "
                f"{text.join_words(dict.fromkeys(_bodies))}"
                "; no independent copy of those statistics was found."
            )
        _growth_table(rows, stated, reporter)
    gaps = missing_years(rows, start, end)
    if gaps and len(rows):
        text.md(
            f"**Years without a figure.** {len(gaps)} of the {end - start + 1} years in "
            f"{start}–{end} have no reported yearly figure from either side: "
            f"{text.year_span(gaps)}. They are left empty, not filled in."
        )
    stated_number = _stated_table(stated) if len(stated) else None
    claims = brief_claims(reporter, partner, start, end)
    last = _last_year(reporter, partner)
    if last is not None and last < end:
        part = stated[stated["year"] > last]
        part_words = (
            f" For {text.year_span(part['year'])} there are only growth rates for parts of "
            f"the year (Table {stated_number}), with no value to apply them to."
            if len(part) and stated_number
            else ""
        )
        takeover = _takeover()
        text.md(
            f"**After {last}.** No reported yearly value after {last} is in this series' data."
            f"{part_words}"
            + (
                f" Official figures for the years since the Taliban took power ({takeover}) "
                "are published by Azerbaijan's State Statistical Committee and UN Comtrade but "
                "are not yet in this series' data; the 2023 brief's values for those years, "
                "listed below, name no source."
                if takeover and len(claims)
                else ""
            )
        )
    if len(claims):
        shown = claims.assign(
            claimed=[
                _money(v, u, q)
                for v, u, q in zip(
                    claims["value"], claims["unit"], claims["qualifier"], strict=True
                )
            ]
        )
        _table(
            shown,
            "What the 2023 brief says about later years, without naming a source (claims, not "
            "reported statistics)",
            {"period": "Period", "claim": "Claim (our paraphrase)", "claimed": "Value claimed"},
            note=(
                f"Yearly values are drawn as open diamonds in Figure {figure_no}. "
                if figure_no
                else ""
            )
            + "No statement by either government or a statistical office in this series' data "
            "confirms these values.",
        )


def _takeover_row() -> pd.Series | None:
    """The timeline row of the Taliban's takeover (None if absent)."""
    table = load_quiet("timeline")
    hit = table[table["event"].str.contains("Taliban took power", na=False)]
    return None if hit.empty else hit.iloc[0]


def _takeover() -> str:
    """The month the Taliban took power, as the timeline dates it ('' if absent)."""
    row = _takeover_row()
    return "" if row is None else text.fmt_date(row["date"], row["date_precision"])


def _claimed_points(reporter: str, partner: str, start: int, end: int) -> pd.DataFrame:
    """The 2023 brief's unsourced yearly values, in USD million, for drawing as open points."""
    claims = brief_claims(reporter, partner, start, end)
    if claims.empty:
        return claims
    claims = claims[claims["unit"].isin(["USD", "USD million"])]
    scale = claims["unit"].map({"USD": 1e-6, "USD million": 1.0})
    return claims.assign(
        year=claims["year"].astype(int), value_musd=claims["value"].astype(float) * scale
    ).reset_index(drop=True)


def turnover_title(rows: pd.DataFrame, reporter: str, partner: str, end: int) -> str:
    """The turnover chart's finding, from the figures drawn: where the reported figures
    peaked and how recent the latest one is.

    Example:
        >>> rows = reported_turnover("AZE", "AFG", 2005, 2025)
        >>> turnover_title(rows, "AZE", "AFG", 2025).split("; ")[0]
        'The only independently sourced yearly figure is US$71.5 million for 2018'
    """
    side_rows, _ = _side_rows(rows, reporter, partner)
    if side_rows.empty:
        side_rows = rows
    sourced = _beyond_briefs(side_rows)
    ordered = (sourced if len(sourced) else side_rows).sort_values("year")
    peak, latest = ordered.loc[ordered["value"].idxmax()], ordered.iloc[-1]
    peak_words = (
        f"US${_amount(peak['value'])} million"
        if peak["unit"] == "USD million"
        else (_money(peak["value"], peak["unit"]))
    )
    if sourced.empty:
        head = f"Only a founding brief gives a yearly figure: {peak_words} in {int(peak['year'])}"
    elif len(ordered) == 1 and len(side_rows) > 1:
        head = f"The only independently sourced yearly figure is {peak_words} for " + str(
            int(peak["year"])
        )
    elif len(ordered) == 1:
        head = f"One yearly figure reported: {peak_words} in {int(peak['year'])}"
    elif peak["id"] == latest["id"]:
        head = f"Reported trade was highest in the latest year reported: {peak_words} in " + str(
            int(peak["year"])
        )
    else:
        head = f"Reported trade peaked at {peak_words} in {int(peak['year'])}"
    last = int(rows["year"].max())
    # The year just past may simply not be published yet: only a longer silence is news.
    if last < end - 1 and len(side_rows) > 1:
        return f"{head}; no official figure since {last}"
    return head


def _turnover_chart(rows: pd.DataFrame, reporter: str, partner: str, start: int, end: int) -> None:
    shown = rows.assign(
        reported_by=[f"Reported by {_short(s)}" for s in rows["side"]],
        year=rows["year"].astype(int),
        value=rows["value"].astype(float),
    )
    # The reporter's side first, so its colour stays the same across reruns.
    shown["order"] = (shown["side"] != reporter).astype(int)
    shown = shown.sort_values(["order", "year"])
    ax = charts.points_by_year(shown, "year", "value", hue="reported_by", ylabel="USD million")
    # A figure whose year the source does not state exactly is drawn as an open marker.
    loose = shown[[_approximate(r) for _, r in shown.iterrows()]]
    colours = {
        name: charts.PALETTE[i % len(charts.PALETTE)]
        for i, name in enumerate(dict.fromkeys(shown["reported_by"]))
    }
    for _, row in loose.iterrows():
        ax.plot(
            [row["year"]],
            [row["value"]],
            "o",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor=colours[row["reported_by"]],
            markeredgewidth=1.4,
            zorder=5,
        )
    claimed = _claimed_points(reporter, partner, start, end)
    if len(claimed):
        ax.plot(
            claimed["year"],
            claimed["value_musd"],
            "D",
            markersize=5,
            markerfacecolor="white",
            markeredgecolor=charts.PALETTE[5],
            markeredgewidth=1.2,
            linestyle="none",
            label="Claimed in the 2023 brief (no source named)",
        )
        for _, row in claimed.iterrows():
            small = row["value_musd"] < float(shown["value"].max()) * 0.05
            ax.annotate(
                _claim_label(row["value_musd"]),
                (row["year"], row["value_musd"]),
                textcoords="offset points",
                xytext=(5, 3) if small else (0, 6),
                ha="left" if small else "center",
                fontsize=7,
                color=charts.PALETTE[5],
            )
    taken = _takeover_row()
    if taken is not None:
        when = pd.Timestamp(str(taken["date"]))
        x = when.year + (when.month - 0.5) / 12
        if start <= x <= end + 0.5:
            ax.axvline(x, color=charts.PALETTE[5], linewidth=0.8, linestyle="--")
            ax.annotate(
                f"Taliban takeover, {_takeover()}",
                (x, 1),
                xycoords=("data", "axes fraction"),
                xytext=(-3, -2),
                textcoords="offset points",
                ha="right",
                va="top",
                fontsize=7,
                color=charts.PALETTE[5],
            )
    ax.set_xticks(_year_ticks(start, end))
    for _, row in shown.iterrows():
        mark = QUALIFIER_MARKS.get(str(row["qualifier"]), "")
        ax.annotate(
            f"{mark}{_amount(row['value'])}",
            (row["year"], row["value"]),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=7,
        )
    ax.set_xlim(start - 0.5, end + 0.5)
    tallest = max([float(shown["value"].max()), *claimed.get("value_musd", pd.Series()).tolist()])
    ax.set_ylim(0, tallest * 1.18)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=7)
    drawn = shown[
        ["year", "period", "value", "unit", "qualifier", "reported_by", "statement_by", "source_id"]
    ]
    if len(claimed):
        drawn = pd.concat(
            [
                drawn,
                pd.DataFrame(
                    {
                        "year": claimed["year"],
                        "period": claimed["period"],
                        "value": claimed["value_musd"],
                        "unit": "USD million",
                        "qualifier": claimed["qualifier"],
                        "reported_by": "Claimed in the 2023 brief (no source named)",
                        "statement_by": "Baku Dialogues brief (2023)",
                        "source_id": claimed["source_id"],
                    }
                ),
            ],
            ignore_index=True,
        )
    charts.show_figure(
        ax.figure,
        turnover_title(rows, reporter, partner, end),
        drawn,
        subtitle=f"Trade turnover between {_short(reporter)} and {_short(partner)} as each side "
        f"reported it, USD million, {start}–{end}",
        alt="Points of reported yearly trade turnover, one colour per reporting side; years "
        "without a reported figure are empty"
        + ("; the 2023 brief's unsourced values as open diamonds" if len(claimed) else ""),
        note="Points, not a line: the years between them have no reported figure."
        + (" Open diamonds: the 2023 brief's values, with no source named." if len(claimed) else "")
        + (" A ≥ sign marks a lower bound." if (shown["qualifier"] == "at_least").any() else "")
        + (
            f" An open marker: the source does not state the year exactly ("
            f"{text.join_words(f'{_by(r.statement_by)}, {r.period}' for r in loose.itertuples())}"
            "); it is drawn at the year it is read as."
            if len(loose)
            else ""
        ),
    )


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


def _growth_table(rows: pd.DataFrame, stated: pd.DataFrame, reporter: str) -> None:
    table = growth(rows, stated)
    if table.empty:
        text.md(
            "Each side gave at most one yearly figure in these years, so no change between "
            "reported years can be computed."
        )
        return
    table = table.assign(
        side_name=[f"{_short(s)}" for s in table["side"]],
        span=[f"{f}–{t}" for f, t in zip(table["from_year"], table["to_year"], strict=True)],
        old=[_money(f, u) for f, u in zip(table["from_value"], table["unit"], strict=True)],
        new=[_money(t, u) for t, u in zip(table["to_value"], table["unit"], strict=True)],
        computed=[
            text.fmt_pct(c, digits=0, signed=True) if not text.is_missing(c) else "not computed"
            for c in table["change_pct"]
        ],
        stated_words=[
            f"{text.fmt_pct(s, signed=True)} ({by})" if not text.is_missing(s) else "–"
            for s, by in zip(table["stated_pct"], table["stated_by"], strict=True)
        ],
    )
    ids = [sid for group in table["source_ids"] for sid in group]
    _table(
        table,
        "Change between reported yearly figures of the same side (computed here)",
        {
            "side_name": "Reported by",
            "span": "Years",
            "old": "From",
            "new": "To",
            "computed": "Change (computed)",
            "stated_words": "Change as stated",
            "kind": "Which figures",
        },
        source_ids=ids,
        note="Computed as (new − old) / old from the figures in the chart; no value is "
        "estimated for the years between.",
    )
    first = table.iloc[0]
    text.md(
        "In words: "
        + "; ".join(
            f"from {r['from_year']} to {r['to_year']} the figures {_short(r['side'])} reported "
            f"{'rose' if r['change_pct'] > 0 else 'fell'} by "
            f"{text.fmt_pct(abs(r['change_pct']))}"
            for _, r in table.iterrows()
            if not text.is_missing(r["change_pct"])
        )
        + "."
        + (
            f" The computed change from {first['from_year']} to {first['to_year']} agrees with "
            f"the {text.fmt_pct(first['stated_pct'])} stated by {_by(first['stated_by'])}."
            if not text.is_missing(first["stated_pct"])
            and round(first["change_pct"]) == round(first["stated_pct"])
            else ""
        )
    )


def _stated_table(stated: pd.DataFrame) -> int:
    shown = stated.assign(
        change=[
            (QUALIFIER_WORDS.get(str(q), "") + text.fmt_pct(v, signed=True)).strip()
            for v, q in zip(stated["value"], stated["qualifier"], strict=True)
        ],
        compared=stated["compared_with"].fillna("–"),
    )
    conflicts = shown.groupby(["period", "compared"])["value"].nunique()
    clash = [p for (p, _), n in conflicts.items() if n > 1]
    note = (
        f"Two different growth rates were stated for {text.join_words(clash)}; both are shown "
        "with who stated them, not averaged."
        if clash
        else ""
    )
    _table(
        shown,
        "Growth rates stated by officials, whole and part years (reported statements)",
        {
            "period": "Period",
            "compared": "Compared with",
            "change": "Stated change",
            "statement_by": "Stated by",
        },
        note=note,
    )
    return report.STATE.tables


def products_section(reporter: str, partner: str) -> None:
    """What was traded, by direction and kind, as a table with sources."""
    a, b = _short(reporter), _short(partner)
    rows = products(reporter, partner)
    if rows.empty:
        text.md(f"The data name no goods traded between {a} and {b}.")
        return
    out = rows[rows["direction"] == f"{reporter}->{partner}"]
    back = rows[rows["direction"] == f"{partner}->{reporter}"]
    lines = []
    for frame, src, dst in ((out, a, b), (back, b, a)):
        if frame.empty:
            lines.append(f"The data name no goods going from {src} to {dst}.")
            continue
        kinds = []
        for kind in ("fuel", "food", "other goods"):
            names = list(dict.fromkeys(frame.loc[frame["kind"] == kind, "product"]))
            if names:
                label = {"fuel": "fuels", "food": "foods"}.get(kind, kind)
                kinds.append(f"{label} ({text.join_words(names)})")
        lines.append(
            f"From {src} to {dst} the sources name {len(set(frame['product']))} products: "
            f"{text.join_words(kinds)}."
        )
    suppliers = rows.dropna(subset=["supplier"])
    for name, group in suppliers.groupby("supplier"):
        lines.append(
            f"{name} is named as the supplier of {text.join_words(group['product'])} "
            f"({text.join_words(dict.fromkeys(group['period'].dropna()))})."
        )
    text.md(" ".join(lines))
    shown = _merged_products(rows, reporter, partner)
    _table(
        shown,
        f"Goods named as traded between {a} and {b}",
        {
            "product": "Product",
            "kind": "Kind",
            "way": "Direction",
            "supplier_shown": "Supplier",
            "when": "Period",
            "detail": "Detail",
        },
        note="A list of goods named in news reports and the 2023 brief, not customs data: it "
        "gives no values or shares. Where sources name one good differently, it is listed once "
        "under one name.",
        source_ids=rows["source_id"].tolist(),
    )


def regional_section(
    reporter: str, partner: str, start: int, end: int, comparators: Sequence[str]
) -> None:
    """The partner's reported trade with its regional partners and the world, for scale."""
    b = _short(partner)
    rows = regional(partner, comparators)
    wanted = [c for c in comparators if c != partner]
    have = set(rows["other"])
    lacking = [c for c in wanted if c not in have]
    if rows.empty:
        text.md(
            f"The data hold no figures for {b}'s trade with "
            f"{text.join_words(_short(c) for c in wanted) or 'any comparator'}, so there is "
            "nothing to compare the bilateral figures with."
        )
        return
    outside = rows[~rows["year"].between(start, end)]
    words = []
    if lacking:
        words.append(
            f"The data hold no figure for {b}'s trade with "
            f"{text.join_words(_short(c) for c in lacking)}."
        )
    if len(outside):
        words.append(
            f"{len(outside)} of the {len(rows)} figures "
            f"{'falls' if len(outside) == 1 else 'fall'} outside {start}–{end}; they are "
            "still listed below for scale, with their periods."
        )
    bil = reported_turnover(reporter, partner, 1900, 2100)
    usd = rows[(rows["unit"] == "USD million") & (rows["other"] != "WLD")]
    if len(usd):
        top = usd.loc[usd["value"].idxmax()]
        words.append(
            f"The largest reported partner figure is "
            f"{_money(top['value'], top['unit'], top['qualifier'])} for "
            f"{_flow_phrase(top)} in {period_words(top['period'], long=True)}, reported by "
            f"{_by(top['statement_by'])}."
        )
        if len(bil):
            ours = bil.loc[bil["value"].idxmax()]
            words.append(
                f"The highest {_short(reporter)}–{b} figure, "
                f"{_money(ours['value'], ours['unit'], ours['qualifier'])} in {ours['year']}, "
                f"is {_about_fraction(float(ours['value']) / float(top['value']))} of it. "
                "The figures below have different periods and reporting bodies, so they give a "
                "sense of scale, not a ranking."
            )
    if words:
        text.md(" ".join(words))
    shown = rows.assign(
        period=[period_words(p) for p in rows["period"]],
        with_=[_short(o) if o != "WLD" else "World" for o in rows["other"]],
        flow_words=[_flow_words(r) for _, r in rows.iterrows()],
        amount=[
            _money(v, u, q)
            for v, u, q in zip(rows["value"], rows["unit"], rows["qualifier"], strict=True)
        ],
    )
    _table(
        shown,
        f"{b}'s trade with regional partners and the world, as reported",
        {
            "with_": "Partner",
            "period": "Period",
            "flow_words": "Flow",
            "amount": "Value",
            "statement_by": "Reported by",
        },
        note="Different bodies, periods and definitions; an Afghan year runs from 21 March to 20 "
        "March. Values in afghanis and the ministry's own dollar conversions are both kept. "
        "Not a consistent series.",
    )


def corridor_section(reporter: str, partner: str, start: int, end: int) -> None:
    """Milestones, the first shipments with each source's tonnage, and the route's legs."""
    miles = corridor_milestones(start, end)
    if miles.empty:
        text.md(
            f"The data hold no corridor, trade-agreement or economic milestone in {start}–{end}."
        )
    else:
        _table(
            miles,
            f"Milestones of the corridor and of economic ties, {start}–{end}",
            {"when": "Date", "category": "Kind", "event": "What happened (our paraphrase)"},
            note="In date order; an event dated only to a month or a year is listed after the "
            "events with a full date in that month or year.",
        )
    ship = shipments()
    if len(ship):
        dated = ship["sort"].str[:4].astype(int)
        keep = dated.between(start, end) | ((dated == 9999) & (end >= dated.min()))
        ship = ship[keep].reset_index(drop=True)
    if len(ship):
        first = ship[ship["sort"].str.startswith("2018-12")]
        if len(first) > 1:
            tonnes = sorted(set(first["tonnes"]))
            text.md(
                f"**The first convoy.** Reports of the first cargo give "
                f"{_tonnage_count(first)}: "
                + _convoy_words(first)
                + (
                    f"; the lowest and highest are {text.fmt_num(tonnes[-1] - tonnes[0], 0)} t "
                    "apart. Each is shown as its source gives it, not averaged."
                    if len(tonnes) > 1
                    else "."
                )
            )
        ship = ship.assign(
            tonnes_shown=[
                f"{q}{text.fmt_num(t, 0)}"
                for q, t in zip(ship["qualifier"], ship["tonnes"], strict=True)
            ]
        )
        _table(
            ship,
            "Shipments on the Lapis Lazuli route with a stated tonnage",
            {
                "when": "Date",
                "tonnes_shown": "Tonnes",
                "what": "As recorded (our paraphrase)",
                "reported_in": "Reported in",
            },
            note="Transit cargo bound for Türkiye and Europe passed through Baku; it is not "
            "trade with Azerbaijan unless the source says so.",
        )
    route = legs()
    route = route.assign(
        crossed=[_countries_crossed(r) for _, r in route.iterrows()],
        from_shown=route["from_place"].fillna("not stated"),
        to_shown=route["to_place"].fillna("not stated"),
        mode_shown=route["mode"].fillna("not stated"),
        reported_in=[_publisher(sid).split(",")[0] for sid in route["source_id"]],
    )
    countries = list(dict.fromkeys(route["country_name"]))
    text.md(
        f"**The route.** The corridor crosses {len(countries)} countries, "
        f"{text.join_words(countries)}, with a sea crossing of the Caspian between "
        f"{_route_place(route, 'sea', 'from_place')} and {_route_place(route, 'sea', 'to_place')}"
        "."
        + "".join(
            f" One alternative runs by rail from {r['from_place']} to {r['to_place']}."
            for _, r in route[route["mode"] == "rail"].iterrows()
        )
        + " Reports differ on some legs; each leg below cites the report that describes it."
    )
    _table(
        route,
        "The Lapis Lazuli route, leg by leg, as reported",
        {
            "seq": "Step",
            "from_shown": "From",
            "to_shown": "To",
            "mode_shown": "Mode",
            "crossed": "Countries",
            "note": "What the report says",
            "reported_in": "Reported in",
        },
        note="Alternatives share a step number. Countries: those of the leg's start, of any place "
        "it runs via, and of its end, in that order.",
    )
    text.md(
        "**What the corridors carry and could carry.** Yearly tonnages and values carried on "
        "the Lapis Lazuli route after the first shipments, and capacity figures for the Caspian "
        "ferry crossing and the Baku–Tbilisi–Kars railway, are not in this series' data."
    )


def _countries_crossed(leg: pd.Series) -> str:
    """The countries of a leg's start, 'via' places and end: 'Azerbaijan → Georgia → Türkiye'.

    Example:
        >>> _countries_crossed(legs().set_index("leg").loc["L8"])
        'Azerbaijan → Georgia → Türkiye'
    """
    ends = str(leg["to_place"]) if not text.is_missing(leg["to_place"]) else ""
    to_main, _, via = ends.partition(", via ")
    found: list[str] = []
    for place in (str(leg["from_place"]), via, to_main):
        # The first place name in each part: "Kars (Türkiye)" -> Kars; "Istanbul, then Europe"
        # -> Istanbul (the main end point, before any "then").
        hits = [(place.find(name), iso) for name, iso in PLACE_COUNTRY.items() if name in place]
        if hits:
            iso = min(hits)[1]
            if not found or found[-1] != iso:
                found.append(iso)
    if not found:
        found = [str(leg["country"])]
    return " → ".join(_short(iso) for iso in found)


def _route_place(route: pd.DataFrame, mode: str, column: str) -> str:
    rows = route[route["mode"] == mode]
    return str(rows[column].iloc[0]) if len(rows) else "not stated"
