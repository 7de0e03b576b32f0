"""Figures the security report's charts, tables and words share, computed from section frames."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ... import text
from ._common import GTI_SHOWN, _claim_words, _qualifier, context, fmt_date


def _deaths_all(deaths: pd.DataFrame) -> pd.DataFrame:
    """Total deaths (type "all") by year."""
    return deaths[deaths["type"] == "all"].sort_values("year").reset_index(drop=True)


def _deaths_comparison(deaths: pd.DataFrame) -> dict[str, Any] | None:
    """The latest year against the years before it (the war years, for Afghanistan)."""
    rows = _deaths_all(deaths)
    if rows.empty:
        return None
    latest = rows.iloc[-1]
    out: dict[str, Any] = {"latest": latest, "peak": rows.loc[rows["deaths"].idxmax()]}
    takeover = deaths.attrs.get("takeover")
    take_year = takeover["when"].year if takeover else None
    if context(deaths).is_afg and take_year is not None and latest["year"] > take_year:
        before = rows[rows["year"] < take_year]
        at = rows[rows["year"] == take_year]
        out["takeover_row"] = at.iloc[0] if len(at) else None
    else:
        before = rows[rows["year"] < latest["year"]]
    if len(before):
        out["before"] = before
        out["before_mean"] = float(before["deaths"].mean())
        out["before_span"] = text.year_span(before["year"])
    return out


def _type_shares(deaths: pd.DataFrame) -> tuple[pd.Series, pd.Series, str] | None:
    """Share of each type of violence in the latest year and in the years before it."""
    rows = deaths[deaths["type"] != "all"]
    if rows.empty:
        return None
    latest_year = int(rows["year"].max())
    latest = rows[rows["year"] == latest_year].groupby("type")["deaths"].sum().astype(float)
    earlier = rows[rows["year"] < latest_year]
    if latest.sum() == 0 or earlier.empty or earlier["deaths"].sum() == 0:
        return None
    before = earlier.groupby("type")["deaths"].sum().astype(float)
    return (
        latest / latest.sum() * 100,
        before / before.sum() * 100,
        text.year_span(earlier["year"].unique()),
    )


def _gti_pivot(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per edition and data year, one column per indicator."""
    # The indicators a table can show side by side; summary changes ("attacks fell 75%")
    # stay in the notes of their edition's row.
    rows = rows[rows["indicator"].isin(GTI_SHOWN)]
    if rows.empty:
        return pd.DataFrame()
    wide = rows.pivot_table(
        index=["edition", "edition_year", "data_year"],
        columns="indicator",
        values="value",
        aggfunc="first",
    ).reset_index()
    firsts = rows.groupby(["edition", "data_year"])["source_id"].first()
    wide["source_id"] = [
        firsts[(e, y)] for e, y in zip(wide["edition"], wide["data_year"], strict=True)
    ]
    wide.columns.name = None
    return wide.sort_values(["edition_year", "data_year"]).reset_index(drop=True)


def _gti_ranks(gti: pd.DataFrame) -> pd.DataFrame:
    """Afghanistan's GTI rank, one row per edition, oldest first."""
    return gti[gti["indicator"] == "rank"].sort_values("edition_year")


def _opium_series(opium: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = opium[opium["indicator"] == indicator]
    return rows.sort_values("year").reset_index(drop=True)


def _opium_change(opium: pd.DataFrame) -> dict[str, Any] | None:
    """Latest production against the ban year's, when both are in the frame."""
    context(opium)  # a clear error if the frame lost its parameters
    ban_year = opium.attrs["ban"]["year"]
    prod = _opium_series(opium, "production")
    base = prod[prod["year"] == ban_year]
    if base.empty or prod["year"].max() <= ban_year:
        return None
    latest = prod.iloc[-1]
    return {
        "base": base.iloc[0],
        "latest": latest,
        "change": text.pct_change(base.iloc[0]["value"], latest["value"]),
    }


def _gap_years(opium: pd.DataFrame) -> dict[str, list[int]]:
    """Per indicator, the years inside the span of the UNODC rows shown without a figure."""
    out: dict[str, list[int]] = {"cultivation": [], "production": []}
    if opium.empty:
        return out
    years = opium["year"].astype(int)
    for indicator in out:
        have = set(opium.loc[opium["indicator"] == indicator, "year"].astype(int))
        out[indicator] = [y for y in range(years.min(), years.max() + 1) if y not in have]
    return out


def _contingent_primary(rows: pd.DataFrame) -> pd.DataFrame:
    """One statement per date: where two reports differ, the source that reports most dates
    is drawn as the line and the other is kept as an alternative (never averaged)."""
    if rows.empty:
        return rows
    weight = rows["source_id"].map(rows["source_id"].value_counts())
    ranked = rows.assign(_w=weight).sort_values(["date", "_w"], ascending=[True, False])
    return ranked.drop_duplicates("date").drop(columns="_w").reset_index(drop=True)


def merge_counted_events(
    events: pd.DataFrame, claims: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """One table line for events that a claim counts together ("the January and March
    attacks killed more than 20"), so the shared count is said once, not on every row.

    Returns the events with such rows merged, and the ids of the claims used.

    Example:
        >>> from azaf.topics import security
        >>> rows = security.attacks("AFG", 2023, 2023)
        >>> rows = rows[rows["event"].str.contains("IS-Khorasan")].assign(day=lambda f: f["date"])
        >>> merged, used = merge_counted_events(rows, security.claims("AFG", 2023, 2023))
        >>> len(rows), len(merged), used
        (2, 1, ['b23-23'])
    """
    out = events.reset_index(drop=True).copy()
    used: list[str] = []
    for _, claim in claims.iterrows():
        months = set(re.findall(r"\d{4}-\d{2}", str(claim["period"])))
        if len(months) < 2:
            continue
        hit = out[
            (out["date_precision"] == "month")
            & out["date"].astype(str).str[:7].isin(months)
            & (out["source_id"] == claim["source_id"])
        ]
        if len(hit) < 2:
            continue
        parts = []
        for _, row in hit.iterrows():
            # Keep what happened; the count, repeated in each row, is said once below.
            said = [c.strip() for c in str(row["event"]).rstrip(".").split(";")]
            kept = [c for c in said if not re.search(r"\bkill", c)] or said
            parts.append(f"{fmt_date(row['when'], 'month')}: {'; '.join(kept)}")
        whens = list(hit["when"])
        same_year = len({w.year for w in whens}) == 1
        day = (
            text.join_words(f"{w:%B}" for w in whens) + f" {whens[0].year}"
            if same_year
            else text.join_words(fmt_date(w, "month") for w in whens)
        )
        count = (
            f"killed {_qualifier(claim['qualifier'])}{text.fmt_int(claim['value'])} people"
            if claim["unit"] == "deaths"
            else f"left {_claim_words(claim['qualifier'], claim['value'], claim['unit'])}"
        )
        how_many = {2: "two", 3: "three", 4: "four"}.get(len(hit), str(len(hit)))
        merged = hit.iloc[0].copy()
        merged["day"] = day
        merged["event"] = ". ".join(parts) + f". The {how_many} attacks together {count}."
        first = int(hit.index[0])
        out = out.drop(index=hit.index)
        out.loc[first] = merged
        out = out.sort_index().reset_index(drop=True)
        used.append(str(claim["claim_id"]))
    return out, used
