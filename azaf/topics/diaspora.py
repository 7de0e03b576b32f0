"""Diaspora: refugees from the origin country in the host country (UNHCR)."""

from __future__ import annotations

import pandas as pd

from .. import charts, report, text
from ..data import country_name, load

METHODS = (
    "Refugee figures are UNHCR's end-year stocks of refugees and asylum-seekers by country "
    "of origin and country of asylum. The latest year of a UNHCR release is a mid-year "
    "figure, marked as such; UNHCR rounds small numbers."
)


def refugees_in_host(host: str, origin: str, start: int, end: int) -> pd.DataFrame:
    """Refugees and asylum-seekers from origin hosted by host, by year."""
    table = load("refugees")
    rows = table[
        (table["asylum"] == host) & (table["origin"] == origin) & table["year"].between(start, end)
    ]
    return rows.sort_values("year").reset_index(drop=True)


def summary(rows: pd.DataFrame, host: str, origin: str, start: int, end: int) -> None:
    """Findings composed from the refugee series, and key figures recorded."""
    h, o = country_name(host), country_name(origin)
    if rows.empty:
        text.md(f"The data hold no UNHCR figures of refugees from {o} in {h} for {start}–{end}.")
        return
    latest = rows.iloc[-1]
    mid = " (a mid-year figure)" if bool(latest["is_mid_year"]) else ""
    text.md(
        f"- At the end of {latest['year']}{mid}, {h} hosted "
        f"**{text.fmt_int(latest['refugees'])}** refugees from {o}."
    )
    report.record(
        "refugees_in_host_latest",
        latest["refugees"],
        "people",
        str(latest["year"]),
        latest["source_id"],
        label=f"refugees from {o} in {h}, latest",
    )


def hosted_chart(rows: pd.DataFrame, host: str, origin: str, start: int, end: int) -> None:
    """Refugees by year as bars; the mid-year figure hatched."""
    if rows.empty:
        text.md("No chart is drawn: there are no figures in the chosen years.")
        return
    fig, ax = charts.new_figure()
    bars = ax.bar(rows["year"].astype(int), rows["refugees"].astype(float), color=charts.PALETTE[0])
    for bar, mid in zip(bars, rows["is_mid_year"].fillna(False), strict=True):
        if mid:
            bar.set_hatch("///")
            bar.set_facecolor("white")
            bar.set_edgecolor(charts.PALETTE[0])
    ax.set_ylabel("refugees")
    ax.yaxis.set_major_formatter(charts.thousands())
    charts.show_figure(
        fig,
        f"Refugees from {country_name(origin)} in {country_name(host)}, by year",
        rows[["year", "refugees", "asylum_seekers", "is_mid_year", "source_id"]],
        alt=f"Bar chart of refugees from {country_name(origin)} in {country_name(host)} by year",
        note="Hatched bar: mid-year figure, not an end-year stock.",
    )
