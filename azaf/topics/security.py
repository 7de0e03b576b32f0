"""Security: conflict deaths (UCDP)."""

from __future__ import annotations

import pandas as pd

from .. import charts, report, text
from ..data import country_name, load

METHODS = (
    "Conflict deaths are the Uppsala Conflict Data Program's best estimates of deaths in "
    "organised violence in the country, as exported by Our World in Data. UCDP revises "
    "earlier years between releases, so each figure carries the release it comes from and "
    "releases are never mixed in one series."
)


def conflict_deaths(country: str, start: int, end: int) -> pd.DataFrame:
    """All-type conflict deaths by year from the newest release that covers the country."""
    table = load("conflict_deaths")
    rows = table[(table["iso3"] == country) & (table["type"] == "all")]
    if rows.empty:
        return rows
    newest = rows.groupby("release")["year"].max().idxmax()
    rows = rows[(rows["release"] == newest) & rows["year"].between(start, end)]
    return rows.sort_values("year").reset_index(drop=True)


def summary(rows: pd.DataFrame, country: str, start: int, end: int) -> None:
    """Findings composed from the deaths series, and key figures recorded."""
    name = country_name(country)
    if rows.empty:
        text.md(f"The data hold no conflict-death figures for {name} in {start}–{end}.")
        return
    latest = rows.iloc[-1]
    peak = rows.loc[rows["deaths"].idxmax()]
    text.md(
        f"- In {latest['year']}, UCDP counted **{text.fmt_int(latest['deaths'])}** deaths in "
        f"organised violence in {name}.\n"
        f"- The highest yearly count in {start}–{end} was **{text.fmt_int(peak['deaths'])}** "
        f"in {peak['year']}."
    )
    report.record(
        "conflict_deaths_latest",
        latest["deaths"],
        "deaths",
        str(latest["year"]),
        latest["source_id"],
        label=f"conflict deaths in {name}, latest year",
    )


def deaths_chart(rows: pd.DataFrame, country: str, start: int, end: int) -> None:
    """Deaths by year as bars."""
    if rows.empty:
        text.md("No chart is drawn: there are no figures in the chosen years.")
        return
    fig, ax = charts.new_figure()
    ax.bar(rows["year"].astype(int), rows["deaths"].astype(float), color=charts.PALETTE[0])
    ax.set_ylabel("deaths")
    ax.yaxis.set_major_formatter(charts.thousands())
    charts.show_figure(
        fig,
        f"Deaths in organised violence in {country_name(country)}, {start}–{end}",
        rows[["year", "deaths", "release", "source_id"]],
        alt=f"Bar chart of yearly conflict deaths in {country_name(country)}",
    )
