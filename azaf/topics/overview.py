"""Overview: the timeline of Azerbaijan–Afghanistan relations."""

from __future__ import annotations

import pandas as pd

from .. import charts, tables, text
from ..data import load

METHODS = (
    "The timeline lists dated events of the relationship, each with its source; dates "
    "known only to the month or year are shown at that precision."
)


def timeline(start: int, end: int) -> pd.DataFrame:
    """Timeline events within the years."""
    table = load("timeline")
    rows = table[table["date"].dt.year.between(start, end)]
    return rows.sort_values("date").reset_index(drop=True)


def summary(rows: pd.DataFrame, start: int, end: int) -> None:
    """A sentence about the timeline's span and categories."""
    if rows.empty:
        text.md(f"The timeline holds no event for {start}–{end}.")
        return
    counts = rows["category"].value_counts()
    text.md(
        f"The timeline holds {len(rows)} dated events from {rows['date'].dt.year.min()} to "
        f"{rows['date'].dt.year.max()}, most of them about "
        f"{text.join_words(counts.index[:3].str.replace('_', ' '))}."
    )


def timeline_chart(rows: pd.DataFrame, start: int, end: int) -> None:
    """Events per year and category as a stacked bar chart."""
    if rows.empty:
        return
    counts = (
        rows.assign(year=rows["date"].dt.year)
        .groupby(["year", "category"])
        .size()
        .unstack(fill_value=0)
    )
    fig, ax = charts.new_figure()
    bottom = None
    for i, category in enumerate(counts.columns):
        ax.bar(
            counts.index,
            counts[category],
            bottom=bottom,
            label=category.replace("_", " "),
            color=charts.PALETTE[i % len(charts.PALETTE)],
        )
        bottom = counts[category] if bottom is None else bottom + counts[category]
    ax.set_ylabel("events")
    ax.legend(ncols=3, fontsize=7)
    shown = rows.assign(year=rows["date"].dt.year)[["year", "category", "source_id"]]
    charts.show_figure(
        fig,
        f"Dated events in the timeline of relations, {start}–{end}",
        shown,
        alt="Stacked bars counting timeline events per year by category",
    )


def timeline_table(rows: pd.DataFrame) -> None:
    """The events as a table."""
    if rows.empty:
        return
    shown = rows.assign(when=rows["date"].dt.strftime("%Y-%m-%d"))
    tables.show_table(
        shown,
        "Timeline of relations",
        columns={"when": "Date", "category": "Category", "event": "Event"},
    )
