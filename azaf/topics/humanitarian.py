"""Humanitarian conditions: people in need by plan year."""

from __future__ import annotations

import pandas as pd

from .. import charts, report, text
from ..data import country_name, load

METHODS = (
    "People in need and people targeted come from the humanitarian response plans that the "
    "UN Office for the Coordination of Humanitarian Affairs (OCHA) publishes for each plan "
    "year. A plan revised during the year appears as its own point."
)


def people_in_need(country: str, start: int, end: int) -> pd.DataFrame:
    """People in need by plan year, original plans and revisions."""
    table = load("humanitarian_plans")
    rows = table[(table["indicator"] == "people_in_need") & table["plan_year"].between(start, end)]
    if "iso3" in rows.columns:
        rows = rows[rows["iso3"] == country]
    elif country != "AFG":
        rows = rows.iloc[0:0]
    return rows.sort_values(["plan_year", "version"]).reset_index(drop=True)


def summary(rows: pd.DataFrame, country: str, start: int, end: int) -> None:
    """Findings composed from the plans, and key figures recorded."""
    name = country_name(country)
    if rows.empty:
        text.md(f"The data hold no humanitarian plan figures for {name} in {start}–{end}.")
        return
    original = rows[rows["version"] == "original"]
    latest = original.iloc[-1] if not original.empty else rows.iloc[-1]
    peak = rows.loc[rows["value"].idxmax()]
    text.md(
        f"- The {latest['plan_year']} plan counts **{text.fmt_count(latest['value'], 'people')}** "
        f"in need of humanitarian aid in {name}.\n"
        f"- The highest count in {start}–{end} is **{text.fmt_count(peak['value'], 'people')}** "
        f"({peak['plan_year']}, {peak['version']} plan)."
    )
    report.record(
        "people_in_need_latest",
        latest["value"],
        "people",
        str(latest["plan_year"]),
        latest["source_id"],
        label="people in need, latest plan",
    )
    report.record(
        "people_in_need_peak",
        peak["value"],
        "people",
        str(peak["plan_year"]),
        peak["source_id"],
        label="people in need, peak",
    )


def needs_chart(rows: pd.DataFrame, country: str, start: int, end: int) -> None:
    """People in need by plan year as points, revisions marked apart."""
    if rows.empty:
        text.md("No chart is drawn: there are no plan figures in the chosen years.")
        return
    shown = rows.assign(millions=rows["value"] / 1e6)
    ax = charts.points_by_year(
        shown, "plan_year", "millions", hue="version", ylabel="people in need (millions)"
    )
    charts.show_figure(
        ax.figure,
        f"People in need of humanitarian aid in {country_name(country)} by plan year",
        shown[["plan_year", "version", "value", "source_id"]],
        alt="Points of people in need by plan year; revised plans in a second colour",
    )
