"""Trade and connectivity: bilateral trade as each side reported it."""

from __future__ import annotations

import pandas as pd

from .. import charts, report, text
from ..data import country_name, load

METHODS = (
    "No statistical office publishes a yearly Azerbaijan–Afghanistan trade series that the "
    "series could ship, so this report shows the figures as they were reported: each with "
    "its period, the side whose authority stated it, and the statement's source. The two "
    "sides' figures differ widely (a common problem of mirror statistics: exports counted by "
    "one side are not the imports counted by the other, transit and re-exports are "
    "attributed differently, and informal trade is missed), so they are never joined into "
    "one line. Years without a reported figure are left empty."
)


def reported_turnover(reporter: str, partner: str, start: int, end: int) -> pd.DataFrame:
    """Yearly turnover figures reported by either side for the pair, within the years."""
    table = load("trade_reported")
    pair = {reporter, partner}
    rows = table[
        table["reporter"].isin(pair)
        & table["partner"].isin(pair)
        & (table["reporter"] != table["partner"])
        & (table["flow"] == "turnover")
        & (table["measure"] == "value")
        & (table["period_type"] == "year")
        & table["year"].between(start, end)
    ]
    return rows.sort_values(["year", "reporter"]).reset_index(drop=True)


def summary(rows: pd.DataFrame, reporter: str, partner: str, start: int, end: int) -> None:
    """Findings composed from the reported figures, and key figures recorded."""
    a, b = country_name(reporter), country_name(partner)
    if rows.empty:
        text.md(
            f"The data hold no reported yearly trade figure between {a} and {b} for {start}–{end}."
        )
        return
    latest = rows.sort_values("year").iloc[-1]
    peak = rows.loc[rows["value"].idxmax()]
    unit = rows.attrs["units"].get("value") or latest["unit"]
    missing = sorted(set(range(start, end + 1)) - set(rows["year"].astype(int)))
    lines = [
        f"- The latest reported yearly turnover between {a} and {b} is "
        f"**{text.fmt_value(latest['value'], latest['unit'])}** for {latest['year']}, as stated "
        f"by {latest['statement_by']}.",
        f"- The highest reported figure is **{text.fmt_value(peak['value'], peak['unit'])}** "
        f"for {peak['year']} ({peak['statement_by']}).",
    ]
    if missing:
        lines.append(
            f"- {len(missing)} of the {end - start + 1} years in the range have no reported "
            f"figure: {text.year_span(missing)}."
        )
    text.md("\n".join(lines))
    report.record(
        "trade_turnover_latest",
        latest["value"],
        str(latest["unit"] or unit),
        str(latest["year"]),
        latest["source_id"],
        label=f"{a}–{b} turnover, latest reported",
    )
    report.record(
        "trade_turnover_peak",
        peak["value"],
        str(peak["unit"] or unit),
        str(peak["year"]),
        peak["source_id"],
        label=f"{a}–{b} turnover, peak reported",
    )


def turnover_chart(rows: pd.DataFrame, reporter: str, partner: str, start: int, end: int) -> None:
    """Reported turnover as labelled points, one colour per reporting side."""
    if rows.empty:
        text.md("No chart is drawn: there is no reported figure in the chosen years.")
        return
    shown = rows.assign(reported_by=rows["statement_by"])
    ax = charts.points_by_year(
        shown, "year", "value", hue="reported_by", ylabel=str(rows["unit"].iloc[0])
    )
    for _, row in shown.iterrows():
        ax.annotate(
            text.fmt_num(row["value"], 1),
            (row["year"], row["value"]),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=7,
        )
    ax.set_xlim(start - 0.5, end + 0.5)
    charts.show_figure(
        ax.figure,
        f"Trade turnover between {country_name(reporter)} and {country_name(partner)} as "
        f"reported, {start}–{end}",
        shown[["year", "value", "unit", "reported_by", "source_id"]],
        alt="Points of reported yearly trade turnover, coloured by the side that reported them",
        note="Points, not a line: years between them have no reported figure.",
    )
