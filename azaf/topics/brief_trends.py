"""The brief's key-trends panel: six small charts on one page, each with its latest value,
period and source (trade, conflict deaths, people in need, the appeal and its funding,
refugees in Azerbaijan, opium)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib
import pandas as pd

from .. import charts
from ..data import load, sources
from ..judgements import Figure, shown
from . import brief_figures as bf

FIRST_YEAR = 2010  # the panel's common first year: a decade before the takeover
MAX_SOURCE = 54  # characters: a panel's source line stays on one line under its chart


@dataclass
class Panel:
    """One small chart: its rows (year, value, series, source_id) and its latest figure."""

    key: str
    title: str
    unit_words: str
    rows: pd.DataFrame
    latest: Figure
    kind: str = "points"  # points, bars


def _frame(year: Any, value: Any, series: Any, source_id: Any) -> pd.DataFrame:
    return pd.DataFrame({"year": year, "value": value, "series": series, "source_id": source_id})


def trade_panel(figures: dict[str, Figure]) -> Panel:
    """Reported turnover, either side (the briefs' own figures are not drawn)."""
    rows = bf.trade_rows()
    rows = rows[~rows["brief"]]
    by = rows["reporter"].map({"AZE": "as Azerbaijan reported", "AFG": "as Afghanistan reported"})
    return Panel(
        "trade",
        "Trade turnover",
        "US$ million",
        _frame(rows["year"], rows["value"], by, rows["source_id"]),
        figures["trade_latest"],
    )


def deaths_panel(figures: dict[str, Figure]) -> Panel:
    """Deaths in organised violence per year, from the newest UCDP release in the data."""
    table = load("conflict_deaths")
    rows = table[(table["iso3"] == "AFG") & (table["type"] == "all")]
    release = rows.groupby("release")["year"].max().idxmax()
    rows = rows[rows["release"] == release].sort_values("year")
    return Panel(
        "deaths",
        "Deaths in organised violence",
        "deaths",
        _frame(rows["year"], rows["deaths"], "deaths", rows["source_id"]),
        figures["deaths_latest"],
        kind="bars",
    )


def need_panel(figures: dict[str, Figure]) -> Panel:
    """People in need per plan year: the latest version of each year's plan."""
    plans = load("humanitarian_plans")
    rows = plans[plans["indicator"] == "people_in_need"].copy()
    rows["rank"] = (rows["version"] == "revision").astype(int)
    rows = rows.sort_values(["plan_year", "rank"]).groupby("plan_year").tail(1)
    return Panel(
        "need",
        "People in need of aid",
        "million people",
        _frame(rows["plan_year"], rows["value"] / 1e6, "in need", rows["source_id"]),
        figures["pin_latest"],
        kind="bars",
    )


def funding_panel(figures: dict[str, Figure]) -> Panel:
    """The appeal's requirement (original plan) and the funding received, latest count."""
    plans = load("humanitarian_plans")
    need = bf.requirements()
    got = plans[plans["indicator"] == "funding_received"].sort_values("as_of")
    got = got.groupby("plan_year").tail(1)
    rows = pd.concat(
        [
            _frame(need["plan_year"], need["value"] / 1e9, "requirement", need["source_id"]),
            _frame(got["plan_year"], got["value"] / 1e9, "funding received", got["source_id"]),
        ],
        ignore_index=True,
    )
    return Panel(
        "funding",
        "The UN appeal and its funding",
        "US$ billion",
        rows,
        figures["requirement_latest"],
    )


def refugees_panel(figures: dict[str, Figure]) -> Panel:
    """Refugees and asylum-seekers from Afghanistan in Azerbaijan per year (UNHCR)."""
    table = load("refugees")
    rows = table[(table["origin"] == "AFG") & (table["asylum"] == "AZE")].sort_values("year")
    total = rows["refugees"].astype("float") + rows["asylum_seekers"].astype("float")
    return Panel(
        "refugees",
        "Afghans seeking refuge in Azerbaijan",
        "people",
        _frame(rows["year"], total, "refugees and asylum-seekers", rows["source_id"]),
        figures["refugees_aze"],
        kind="bars",
    )


def opium_panel(figures: dict[str, Figure]) -> Panel:
    """Opium production per year (UNODC); years the data lack are left empty."""
    table = load("opium")
    rows = table[table["indicator"] == "production"].sort_values("year")
    if "latest_estimate" in rows.columns:  # one figure a year: the publisher's latest estimate
        rows = rows[rows["latest_estimate"].fillna(True).astype(bool)]
    rows = rows.drop_duplicates("year", keep="last")
    return Panel(
        "opium",
        "Opium production",
        "tonnes",
        _frame(rows["year"], rows["value"], "production", rows["source_id"]),
        figures["opium_latest"],
        kind="bars",
    )


def panels(figures: dict[str, Figure]) -> list[Panel]:
    """The six panels in reading order."""
    return [
        f(figures)
        for f in (
            trade_panel,
            deaths_panel,
            need_panel,
            funding_panel,
            refugees_panel,
            opium_panel,
        )
    ]


def _source_words(ids: list[str]) -> str:
    """One short line naming the publishers behind a panel."""
    registry = sources()
    names = list(
        dict.fromkeys(str(registry.loc[s, "publisher"]) for s in ids if s in registry.index)
    )
    if not names:
        return ""
    for n in range(len(names), 0, -1):
        more = len(names) - n
        line = "Source: " + " and ".join(names[:n]) + (f" and {more} more" if more else "")
        if len(line) <= MAX_SOURCE or n == 1:
            return line
    return ""


def _latest_words(fig: Figure) -> str:
    if fig.missing:
        return "Latest: no figure in this series' data"
    period = factcheck_flat(fig.period)
    return f"Latest: {shown(fig)}" + (f" ({period})" if period else "")


def factcheck_flat(period: str) -> str:
    from ..factcheck import flat

    return flat(period)


def drawn(panel: Panel) -> pd.DataFrame:
    """The rows of a panel its small chart draws: years from FIRST_YEAR with a figure."""
    rows = panel.rows.dropna(subset=["value"])
    rows = rows[rows["year"].astype(float) >= FIRST_YEAR]
    if panel.latest.year is not None:
        # The chart ends where its latest figure does: the brief shows the figure the
        # report records, over the years that report covers.
        rows = rows[rows["year"].astype(float) <= panel.latest.year]
    return rows


def _figure_text(value: Any) -> str:
    from ..tables import _number

    return _number(value)


def by_year(items: list[Panel]) -> pd.DataFrame:
    """The figures drawn, one row per year and one column per series (its unit in brackets),
    as the appendix shows them."""
    columns = []
    for panel in items:
        rows = drawn(panel)
        several = rows["series"].nunique() > 1
        for series, group in rows.groupby("series", sort=False):
            name = f"{panel.title}, {series}" if several else panel.title
            # Two publishers' figures for one year are both drawn, so both are listed.
            values = group.groupby(group["year"].astype(int), sort=True)["value"].agg(
                lambda v: v.iloc[0] if len(v) == 1 else " or ".join(map(_figure_text, v))
            )
            columns.append(values.rename(f"{name} ({panel.unit_words})"))
    if not columns:
        return pd.DataFrame({"year": []})
    wide = pd.concat(columns, axis=1).sort_index()
    return wide.rename_axis("year").reset_index()


def draw(items: list[Panel], takeover_year: int | None) -> Any:
    """The six small charts on one figure."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(3, 2, figsize=(charts.WIDTH_IN, 7.6), layout="constrained")
    years = pd.concat([p.rows["year"] for p in items]).astype(float)
    left, right = FIRST_YEAR - 0.7, float(years.max()) + 0.7
    for ax, panel in zip(axes.flat, items, strict=True):
        rows = drawn(panel)
        for i, (series, group) in enumerate(rows.groupby("series", sort=False)):
            colour = charts.PALETTE[i % len(charts.PALETTE)]
            if panel.kind == "bars":
                ax.bar(group["year"], group["value"], color=colour, width=0.8, label=series)
            else:
                ax.plot(
                    group["year"],
                    group["value"],
                    "o",
                    color=colour,
                    markersize=5,
                    label=series,
                )
        if rows["series"].nunique() > 1:
            ax.legend(loc="upper left", fontsize=6.5, handlelength=1)
        if takeover_year is not None:
            ax.axvline(takeover_year + 0.62, color="#7f8c8d", linewidth=0.8, linestyle=":")
        ax.set_xlim(left, right)
        ax.set_ylim(bottom=0)
        ax.set_title(f"{panel.title}\n", fontsize=8.5, loc="left")
        ax.text(
            0,
            1.02,
            _latest_words(panel.latest),
            transform=ax.transAxes,
            fontsize=7,
            color="#34495e",
        )
        ax.set_ylabel(panel.unit_words, fontsize=7)
        ax.tick_params(labelsize=7)
        ax.yaxis.set_major_formatter(
            matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 10 else f"{v:g}")
        )
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=6))
        # The source line sits where an x label would: the layout keeps room for it.
        ax.set_xlabel(
            _source_words(list(panel.rows["source_id"].dropna())),
            fontsize=6.2,
            color="#7f8c8d",
            loc="left",
        )
    return fig


def _caption(figures: dict[str, Figure], n: int) -> str:
    """The panel's title: the editors' finding while its condition holds (editorial file,
    `trends`), then what the panel shows."""
    from ..judgements import check, fill
    from .overview import editorial

    spec = editorial().get("trends") or {}
    if spec.get("title") and spec.get("holds_if"):
        holds, _ = check(spec["holds_if"], figures)
        if holds:
            return fill(str(spec["title"]).strip(), figures)
    return f"Key trends in {n} indicators"


def show(figures: dict[str, Figure]) -> Any:
    """Draw the panel with its caption, its source line and the data behind it; returns the
    figure."""
    items = panels(figures)
    took = figures.get("takeover")
    fig = draw(items, took.year if took is not None else None)
    data = pd.concat(
        [drawn(p).assign(chart=p.title, unit=p.unit_words) for p in items], ignore_index=True
    )[["chart", "series", "year", "value", "unit", "source_id"]]
    when = took.period if took is not None and not took.missing else ""
    caption = _caption(figures, len(items))
    charts.show_figure(
        fig,
        caption,
        data,
        subtitle=(
            f"{len(items)} indicators by year, {FIRST_YEAR} onwards, each with its latest "
            "figure and period"
        ),
        alt=(
            "Six small charts: "
            + "; ".join(f"{p.title.lower()}, {_latest_words(p.latest).lower()}" for p in items)
        ),
        note=(
            (f"Dotted line: the Taliban's return to power ({when}). " if when else "")
            + "Years without a figure in the series' data are left empty; the briefs' own "
            "figures are not drawn."
        ),
        table=by_year(items),
    )
    return fig
