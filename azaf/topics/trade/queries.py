"""The trade report's data step: functions returning the DataFrames its sections draw and
describe, each carrying in `attrs` the parameters its chart and words need. No display."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ... import text
from ...data import load, load_quiet, sources, table_names
from ._format import (
    NEXT_FIGURE,
    PEAK_TO_LATEST,
    PRODUCT_KINDS,
    PRODUCT_SAME,
    QUALIFIER_WORDS,
    STAGE_WORDS,
    _date_key,
    _fmt_date,
    _published,
    _short,
)
from .comtrade import TABLE


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
    """Changes between one side's reported yearly figures, with any change stated for them.

    Each consecutive pair of reported years, and the peak to the latest.

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


def _reported_years(reporter: str, partner: str) -> list[int]:
    """The years, in any range, with a yearly value reported for the pair."""
    rows = reported_turnover(reporter, partner, 1000, 3000)
    return sorted({int(y) for y in rows["year"]})


def _last_year(reporter: str, partner: str) -> int | None:
    """The latest year with a reported yearly value for the pair, in any year."""
    years = _reported_years(reporter, partner)
    return years[-1] if years else None


# The columns of the turnover frame: the statements' own, and the claim a brief makes.
TURNOVER_COLUMNS = [
    "id",
    "measure",
    "side",
    "year",
    "period",
    "period_type",
    "value",
    "unit",
    "qualifier",
    "compared_with",
    "statement_by",
    "claim",
    "reporter",
    "partner",
    "flow",
    "note",
    "source_id",
]


def turnover(reporter: str, partner: str, start_year: int, end_year: int) -> pd.DataFrame:
    """The turnover section's data: every statement on the pair's turnover in the years.

    One row per statement, its `measure` saying which kind: "value" (a yearly turnover one
    side reported), "change" (a growth rate officials stated) or "claim" (the 2023 brief's
    values naming no source).

    `attrs` carry the parameters and the context the chart and words need: the years with a
    reported value in any range, and the month the Taliban took power.

    Example:
        >>> frame = turnover("AZE", "AFG", 2005, 2025)
        >>> frame["measure"].value_counts().to_dict()
        {'change': 7, 'value': 4, 'claim': 3}
    """
    values = reported_turnover(reporter, partner, start_year, end_year)
    changes = stated_changes(reporter, partner, start_year, end_year)
    claims = brief_claims(reporter, partner, start_year, end_year)
    parts = [values.assign(measure="value"), changes.assign(side=changes["reporter"])]
    if len(claims):
        parts.append(
            claims.rename(columns={"claim_id": "id"})[
                ["id", "year", "period", "value", "unit", "qualifier", "claim", "source_id"]
            ].assign(measure="claim", period_type="year", flow="turnover")
        )
    parts = [p.reindex(columns=TURNOVER_COLUMNS) for p in parts if len(p)]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=TURNOVER_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype(float)
    taken = _takeover_row()
    frame.attrs = {
        "reporter": reporter,
        "partner": partner,
        "start_year": int(start_year),
        "end_year": int(end_year),
        "reported_years": _reported_years(reporter, partner) if reporter != partner else [],
        "takeover_date": "" if taken is None else str(taken["date"]),
        "takeover_precision": "" if taken is None else str(taken["date_precision"]),
    }
    return frame


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


def regional(
    reporter: str,
    partner: str,
    start_year: int,
    end_year: int,
    comparators: Sequence[str],
) -> pd.DataFrame:
    """The regional section's data: the partner's reported trade with comparators and world.

    Reported trade of `partner` with the comparator countries and with the world (every period:
    figures outside the years are listed for scale); `attrs` carry the parameters and the
    pair's highest reported turnover in any year, to set beside them.

    Example:
        >>> sorted(set(regional("AZE", "AFG", 2005, 2025, ["IRN", "PAK"])["other"]))
        ['IRN', 'PAK', 'WLD']
    """
    rows = _regional_rows(partner, comparators)
    bilateral = reported_turnover(reporter, partner, 1900, 2100) if reporter != partner else None
    peak = None
    if bilateral is not None and len(bilateral):
        top = bilateral.loc[bilateral["value"].idxmax()]
        peak = {k: top[k] for k in ("value", "unit", "qualifier", "source_id")}
        peak["year"] = int(top["year"])
        peak["value"] = float(peak["value"])
    rows.attrs.update(
        reporter=reporter,
        partner=partner,
        start_year=int(start_year),
        end_year=int(end_year),
        comparators=list(comparators),
        bilateral_peak=peak,
    )
    return rows


def _regional_rows(partner: str, comparators: Sequence[str]) -> pd.DataFrame:
    """The partner's reported trade with the comparators and the world, partners in order."""
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
    rows = rows.reset_index(drop=True)
    rows.attrs.update(reporter=reporter, partner=partner)
    return rows


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
    rows = rows.sort_values("sort", kind="stable").drop(columns="sort").reset_index(drop=True)
    rows.attrs.update(start_year=int(start), end_year=int(end))
    return rows


def shipments(start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Corridor shipments with a tonnage, one row per report, in date order.

    From data/shipments.csv; conflicting reports of one shipment stay side by side. Given years,
    only those dated in them (and undated ones, unless the years end before the first dated
    one).

    Example:
        >>> shipments()["tonnes"].tolist()
        [175.0, 135.0, 175.0, 175.0, 115.0]
    """
    frame = _all_shipments()
    if len(frame) and start_year is not None and end_year is not None:
        dated = frame["sort"].str[:4].astype(int)
        keep = dated.between(start_year, end_year) | ((dated == 9999) & (end_year >= dated.min()))
        frame = frame[keep].reset_index(drop=True)
    frame.attrs.update(start_year=start_year, end_year=end_year)
    return frame


def _all_shipments() -> pd.DataFrame:
    """Every shipment report, in date order (undated ones last)."""
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


def _takeover_row() -> pd.Series | None:
    """The timeline row of the Taliban's takeover (None if absent)."""
    table = load_quiet("timeline")
    hit = table[table["event"].str.contains("Taliban took power", na=False)]
    return None if hit.empty else hit.iloc[0]


def comtrade(reporter: str, partner: str, start_year: int, end_year: int) -> pd.DataFrame:
    """The Comtrade section's data: each reporter's exports and imports with the partner.

    UN Comtrade's rows for the pair (after `azaf data refresh comtrade`): each reporter's
    exports and imports by year, both sides reporting; empty with the shipped snapshot.

    Example:
        >>> comtrade("AZE", "AFG", 2005, 2025).attrs["reporter"]
        'AZE'
    """
    rows = mirror_rows(reporter, partner, start_year, end_year)
    if len(rows):
        rows = mirror_rows(reporter, partner, start_year, end_year, quiet=False)  # as read
    rows.attrs.update(
        reporter=reporter, partner=partner, start_year=int(start_year), end_year=int(end_year)
    )
    return rows


def mirror_rows(reporter: str, partner: str, start: int, end: int, quiet: bool = True) -> Any:
    """Rows of trade_mirror for the pair, either side reporting, within the years."""
    if TABLE not in table_names():
        return pd.DataFrame()
    table = (load_quiet if quiet else load)(TABLE)
    pair = ((table["reporter"] == reporter) & (table["partner"] == partner)) | (
        (table["reporter"] == partner) & (table["partner"] == reporter)
    )
    return table[pair & table["year"].between(start, end)].reset_index(drop=True)
