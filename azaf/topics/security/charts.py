"""The chart step of the security report: each function draws one section's frame, shows it
numbered with its caption, subtitle, note and source line, and returns the figure."""

from __future__ import annotations

from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from ... import charts, text
from ._common import (
    SHORT_TYPES,
    TYPES,
    _fewer_words,
    _figure,
    _missing,
    _year_fraction,
    context,
    fmt_date,
)
from ._compute import _contingent_primary, _deaths_comparison, _opium_change, _opium_series


def deaths_chart(deaths: pd.DataFrame) -> Any:
    """Show deaths by year and type of violence (the takeover marked, the average of the years
    before dashed) and return the figure; None when the frame has no rows."""
    if deaths.empty:
        return None
    ctx = context(deaths)
    rows = deaths[deaths["type"] != "all"]
    wide = rows.pivot_table(index="year", columns="type", values="deaths", aggfunc="sum")
    wide = wide.reindex(columns=[t for t in TYPES if t in wide.columns]).fillna(0)
    fig, ax = charts.new_figure(3.6)
    bottom = pd.Series(0.0, index=wide.index)
    years = wide.index.astype(int)
    for i, kind in enumerate(wide.columns):
        if wide[kind].sum() == 0:
            continue  # a type with no deaths in the years chosen would only crowd the legend
        ax.bar(
            years,
            wide[kind],
            bottom=bottom,
            color=charts.PALETTE[i],
            label=SHORT_TYPES[kind],
            width=0.8,
        )
        bottom += wide[kind]
    cmp = _deaths_comparison(deaths)
    if cmp is not None and "before_mean" in cmp:
        before = cmp["before"]["year"].astype(int)
        ax.hlines(
            cmp["before_mean"],
            before.min() - 0.4,
            int(years.max()) + 0.4,
            colors=charts.PALETTE[5],
            linestyles="dashed",
            linewidth=1,
            label=f"yearly average, {cmp['before_span']}",
        )
    mark = deaths.attrs.get("takeover")
    note = ""
    if ctx.is_afg and mark and ctx.start <= mark["when"].year <= int(years.max()):
        x = _year_fraction(mark["when"], mark["precision"])
        ax.axvline(x, color=charts.PALETTE[1], linewidth=1.2, linestyle=":")
        # Headroom above the bars, and the label on two lines left of the line, so it sits
        # clear of both the bars and the legend.
        top = float(bottom.max()) * 1.22
        ax.set_ylim(0, top)
        ax.annotate(
            mark["label"].replace(", ", ",\n", 1),
            xy=(x, top * 0.98),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=7.5,
            color=charts.PALETTE[1],
            bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "none"},
        )
        note = (
            f"The dotted line marks {mark.get('words', mark['label'])}, placed within its year "
            "by month."
        )
    ax.set_ylabel("deaths")
    ax.yaxis.set_major_formatter(charts.thousands())
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=7, frameon=True, facecolor="white", framealpha=0.95)
    ax.set_xlim(int(years.min()) - 0.7, int(years.max()) + 0.7)
    # One row per year (all types side by side) keeps the appendix short.
    shown = (
        deaths.pivot_table(index=["year", "release", "source_id"], columns="type", values="deaths")
        .reset_index()
        .rename(columns=SHORT_TYPES)
    )
    shown.columns.name = None
    figure = _figure(
        fig,
        deaths_title(deaths),
        shown,
        subtitle=f"Deaths in organised violence in {ctx.name} by type of violence, UCDP best "
        f"estimates, {int(years.min())}–{int(years.max())}",
        alt=(
            f"Stacked bar chart of yearly deaths in organised violence in {ctx.name} by UCDP "
            "type of violence"
        ),
        note=note,
    )
    # What the chart cannot show: years asked for beyond the newest release.
    span = deaths.attrs.get("deaths_span")
    if span and ctx.end > span[1]:
        _missing(
            f"The newest UCDP release in the data ends in {span[1]}: no conflict-death figure "
            f"is shown for {span[1] + 1}–{ctx.end}."
        )
    return figure


def deaths_title(deaths: pd.DataFrame) -> str:
    """The deaths chart's finding: the latest year against the years before it.

    Example:
        >>> from azaf.topics import security
        >>> deaths_title(security.deaths("AFG", 2020, 2021))
        'Conflict deaths rose to 36,386 in 2021, 75% above 2020'
    """
    ctx = context(deaths)
    cmp = _deaths_comparison(deaths)
    if cmp is None:
        return f"No UCDP conflict-death figure for {ctx.name} in {ctx.span}"
    latest = cmp["latest"]
    n, year = text.fmt_int(latest["deaths"]), int(latest["year"])
    if "before_mean" not in cmp:
        return f"UCDP counted {n} conflict deaths in {ctx.name} in {year}"
    change = text.pct_change(cmp["before_mean"], latest["deaths"])
    if round(change) == 0:
        return f"Conflict deaths in {year} ({n}) matched the {cmp['before_span']} average"
    verb = "fell" if change < 0 else "rose"
    against = cmp["before_span"] if len(cmp["before"]) == 1 else f"the {cmp['before_span']} average"
    return f"Conflict deaths {verb} to {n} in {year}, {_fewer_words(change)} {against}"


def opium_chart(opium: pd.DataFrame) -> Any:
    """Show UNODC's area under poppy and production by year (gaps as gaps, the ban year
    shaded) and return the figure; None when the frame has no rows."""
    if opium.empty:
        return None
    ctx = context(opium)
    ban = opium.attrs["ban"]
    fig, axes = plt.subplots(
        2, 1, figsize=(charts.WIDTH_IN, 4.4), sharex=True, layout="constrained"
    )
    years = opium["year"].astype(int)
    span = range(years.min(), years.max() + 1)
    for ax, (indicator, label, colour) in zip(
        axes,
        [
            ("cultivation", "area under poppy (hectares)", charts.PALETTE[2]),
            ("production", "dry opium production (tonnes)", charts.PALETTE[3]),
        ],
        strict=True,
    ):
        rows = _opium_series(opium, indicator)
        ax.bar(rows["year"].astype(int), rows["value"].astype(float), color=colour, width=0.75)
        missing = [y for y in span if y not in set(rows["year"].astype(int))]
        if missing:
            ax.plot(
                missing,
                [0] * len(missing),
                "x",
                color=charts.PALETTE[5],
                markersize=5,
                label="not in this series' data",
            )
            ax.legend(loc="upper left", fontsize=7)
        ax.set_xlim(years.min() - 0.7, years.max() + 0.7)
        ax.set_ylabel(label, fontsize=8)
        ax.yaxis.set_major_formatter(charts.thousands())
        ax.set_ylim(0, float(rows["value"].max()) * 1.25 if len(rows) else 1)
        # Values from the ban year on are written out: the bars after it are too short to read.
        for _, row in rows[rows["year"] >= ban["year"]].iterrows():
            ax.annotate(
                text.fmt_int(row["value"]),
                (int(row["year"]), float(row["value"])),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                rotation=90,
                fontsize=6.5,
            )
        if ctx.start <= ban["year"] <= ctx.end:
            ax.axvspan(ban["year"] - 0.45, ban["year"] + 0.45, color="#fdebd0", zorder=0)
    if ctx.start <= ban["year"] <= ctx.end:
        axes[0].annotate(
            f"shaded: the year of {ban['short']}",
            xy=(ban["year"] - 0.5, axes[0].get_ylim()[1]),
            ha="right",
            va="top",
            fontsize=7,
            xytext=(-4, -2),
            textcoords="offset points",
        )
    axes[1].xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    shown = opium.sort_values(["indicator", "year"])
    return _figure(
        fig,
        opium_title(opium),
        shown[["year", "indicator", "value", "unit", "source_id"]],
        subtitle=f"Area under opium poppy (hectares) and dry opium production (tonnes) in "
        f"Afghanistan, UNODC estimates, {years.min()}–{years.max()}",
        alt="Two bar charts of Afghanistan's opium poppy area and production by year, with gaps",
        note="A cross on the axis marks a year whose UNODC figure is not in this series' data.",
    )


def opium_title(opium: pd.DataFrame) -> str:
    """The opium chart's finding: production after the ban against the ban year, or the
    latest figure against the peak.

    Example:
        >>> from azaf.topics import security
        >>> opium_title(security.opium("AFG", 2015, 2024))[:34]
        'Opium production fell 93% from 2022'
    """
    change = _opium_change(opium)
    if change is not None:
        base, latest = change["base"], change["latest"]
        verb = "fell" if change["change"] < 0 else "rose"
        return (
            f"Opium production {verb} {text.fmt_pct(abs(change['change']))} from "
            f"{int(base['year'])}, the year of {opium.attrs['ban']['short']}, to "
            f"{text.fmt_int(latest['value'])} tonnes in {int(latest['year'])}"
        )
    prod = _opium_series(opium, "production")
    if prod.empty:
        return "UNODC's estimates of the area under opium poppy in Afghanistan"
    latest, peak = prod.iloc[-1], prod.loc[prod["value"].idxmax()]
    if int(peak["year"]) == int(latest["year"]):
        return (
            f"Opium production reached {text.fmt_int(latest['value'])} tonnes in "
            f"{int(latest['year'])}, the highest in these years"
        )
    return (
        f"Opium production was {text.fmt_int(latest['value'])} tonnes in {int(latest['year'])}, "
        f"against a peak of {text.fmt_int(peak['value'])} tonnes in {int(peak['year'])}"
    )


def contingent_chart(contingent: pd.DataFrame) -> Any:
    """Show Azerbaijan's contingent as a step chart by date, in the colour of each mission,
    and return the figure; says so in place and returns None when the frame has no rows."""
    ctx = context(contingent)
    rows = contingent.reset_index(drop=True)
    if rows.empty:
        _missing(f"The data hold no report of the Azerbaijani contingent's size in {ctx.span}.")
        return None
    line = _contingent_primary(rows)
    alt = rows.merge(
        line[["date", "source_id"]], on=["date", "source_id"], how="left", indicator=True
    )
    alt = alt[alt["_merge"] == "left_only"]
    fig, ax = charts.new_figure(3.2)
    missions = list(dict.fromkeys(line["mission"]))
    colours = {m: charts.PALETTE[i % len(charts.PALETTE)] for i, m in enumerate(missions)}
    dates = list(line["date"])
    handovers = contingent.attrs.get("handovers", [])
    switches = [
        h["when"] + pd.Timedelta(days=14 if h["precision"] == "month" else 0) for h in handovers
    ]
    unstated = False
    for i, row in line.iterrows():
        # Each level holds from its report to the next one: a step, not a slope, in the
        # colour of its mission. Past a change of mission with no new report, the size under
        # the new mission was not stated: that stretch is dashed and grey.
        end = dates[i + 1] if i + 1 < len(dates) else row["date"]
        cut = next((w for w in switches if row["date"] < w < end), None)
        ax.hlines(
            row["personnel"], row["date"], cut or end, colors=colours[row["mission"]], linewidth=1.8
        )
        if cut is not None:
            unstated = True
            ax.hlines(
                row["personnel"], cut, end, colors="#999999", linewidth=1.4, linestyles="dashed"
            )
        if i + 1 < len(dates):
            ax.vlines(
                end, row["personnel"], line.iloc[i + 1]["personnel"], colors="#aaaaaa", linewidth=1
            )
    if unstated:
        ax.plot(
            [],
            [],
            color="#999999",
            linestyle="dashed",
            label="no size stated under the new mission",
        )
    if handovers:
        ax.axvline(switches[0], color=charts.PALETTE[5], linestyle=":", linewidth=1)
        ax.annotate(
            f"ISAF → Resolute Support, {fmt_date(handovers[0]['when'], handovers[0]['precision'])}",
            (switches[0], 4),
            xytext=(4, 0),
            textcoords="offset points",
            fontsize=7,
            color=charts.PALETTE[5],
        )
    for mission in missions:
        part = line[line["mission"] == mission]
        ax.plot(
            part["date"],
            part["personnel"],
            "o",
            color=colours[mission],
            label=mission,
            markersize=5,
        )
    if len(alt):
        ax.plot(
            alt["date"],
            alt["personnel"],
            "o",
            markerfacecolor="white",
            color=charts.PALETTE[5],
            label="another report of the same date",
            markersize=5,
        )
    for _, row in line.iterrows():
        ax.annotate(
            text.fmt_int(row["personnel"]),
            (row["date"], row["personnel"]),
            xytext=(-4, 5),
            textcoords="offset points",
            ha="right",
            fontsize=7,
        )
    last = line.iloc[-1]
    if "withdraw" in str(last["tasks"]).lower() or "withdraw" in str(last["note"]).lower():
        ax.annotate(
            f"withdrawn, {fmt_date(last['date'], last['date_precision'])}",
            (last["date"], last["personnel"]),
            xytext=(-4, -14),
            textcoords="offset points",
            ha="right",
            fontsize=7,
            # A white ground keeps the step lines behind it from running through the words.
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            zorder=6,
        )
    ax.set_ylim(0, float(rows["personnel"].max()) * 1.25)
    # Some room either side of the reports, never beyond the years chosen.
    left = max(pd.Timestamp(ctx.start, 1, 1), line["date"].min() - pd.DateOffset(years=1))
    right = min(pd.Timestamp(ctx.end, 12, 31), line["date"].max() + pd.DateOffset(years=1))
    ax.set_xlim(left, right)
    ax.set_ylabel("service members")
    ax.xaxis.set_major_locator(mdates.YearLocator(base=2 if len(line) > 2 else 1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.legend(loc="upper left", fontsize=7)
    shown = rows.assign(day=rows["date"].dt.strftime("%Y-%m-%d"))
    return _figure(
        fig,
        contingent_title(contingent),
        shown[["day", "personnel", "mission", "source_id"]],
        subtitle=f"Reported size of Azerbaijan's contingent in Afghanistan, service members, "
        f"{fmt_date(line.iloc[0]['date'])} to {fmt_date(last['date'])}",
        alt="Step chart of the reported size of the Azerbaijani contingent in Afghanistan",
        note=(
            "Each step holds a reported size until the next report, in the colour of its "
            "mission; the size between two reports is not known."
            + (
                " Dashed: after the change of mission, until the next report, no size was stated."
                if unstated
                else ""
            )
            + " Where two reports of the same date differ, the second is drawn as a hollow point."
        ),
    )


def contingent_title(contingent: pd.DataFrame) -> str:
    """The contingent chart's finding: from the first reported size to the largest, and
    the withdrawal where the last report records it.

    Example:
        >>> from azaf.topics import security
        >>> contingent_title(security.contingent("AFG", 1989, 2024))
        'Azerbaijan’s contingent grew from 22 to 120 service members and left Kabul in August 2021'
    """
    line = _contingent_primary(contingent)
    first, last = line.iloc[0], line.iloc[-1]
    top = line.loc[line["personnel"].idxmax()]
    head = (
        f"Azerbaijan’s contingent grew from {text.fmt_int(first['personnel'])} to "
        f"{text.fmt_int(top['personnel'])} service members"
        if int(top["personnel"]) > int(first["personnel"])
        else f"Azerbaijan’s contingent numbered {text.fmt_int(first['personnel'])} service members"
    )
    if "withdraw" in f"{last['tasks']} {last['note']}".lower():
        return f"{head} and left Kabul in {fmt_date(last['date'], 'month')}"
    return head
