"""Charts of the diaspora report: people hosted, largest hosts, hosts over time, Turkic peoples."""

from __future__ import annotations

import re
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from ... import charts, text
from ...data import country_name
from ._common import (
    ORIGIN_COLOUR,
    OTHER_COLOURS,
    SMALL_SHARE,
    _count_words,
    _frame_span,
    _log_axis,
    _mid_note,
    _missing,
    _ordinal,
    _params,
    _period,
    _publisher,
    _year_ticks,
)
from .queries import (
    _outside,
    all_origin_hosts,
    host_ranks,
    ranked_years,
    share_sources,
)


def _stack(ax: Any, wide: pd.DataFrame, mid: pd.Series, colours: list[str]) -> pd.Series:
    """Stacked bars of the columns of `wide` by year, mid-year bars hatched; returns the tops."""
    bottom = pd.Series(0.0, index=wide.index)
    for i, group in enumerate(wide.columns):
        bars = ax.bar(
            wide.index.astype(int),
            wide[group].astype(float),
            bottom=bottom,
            color=colours[i % len(colours)],
            label=group,
            width=0.8,
        )
        for bar, is_mid in zip(bars, mid, strict=True):
            if is_mid:
                bar.set_hatch("///")
                bar.set_edgecolor("white")
        bottom = bottom + wide[group].astype(float)
    return bottom


def hosted_chart(frame: pd.DataFrame) -> Figure | None:
    """Draw and return the people hosted in the host by year and origin (from `hosted`).

    The origin comes first, then the three next origins and the rest; a second panel shows
    the origin alone when its bars would be too small to see."""
    host, origin, start, end = _params(frame, "host", "origin", "start_year", "end_year")
    h, o = country_name(host), country_name(origin)
    rows = frame
    if rows.empty:
        _missing(f"The data hold no refugee figures for {h} in {start}–{end}; no chart is drawn.")
        return None
    full = host in all_origin_hosts(True) and rows["source_id"].isin(share_sources()).all()
    if not full:
        rows = rows[rows["origin"] == origin]
        if rows.empty:
            _missing(
                f"The data hold no figures of people from {o} in {h} for {start}–{end}; "
                "no chart is drawn."
            )
            return None
    last_year = rows["year"].max()
    others = (
        rows[(rows["origin"] != origin) & (rows["year"] == last_year)]
        .sort_values("total", ascending=False)
        .query("total > 0")["origin"]
        .head(3)
        .tolist()
    )
    rows = rows.assign(
        group=rows["origin"].map(
            lambda c: country_name(c) if c == origin or c in others else "all other origins"
        )
    )
    order = [o] + [country_name(c) for c in others] + ["all other origins"]
    wide = rows.pivot_table(index="year", columns="group", values="total", aggfunc="sum")
    wide = wide.reindex(columns=[g for g in order if g in wide.columns]).fillna(0)
    mid = rows.groupby("year")["is_mid_year"].max().reindex(wide.index).fillna(False)
    own = wide[o].astype(float) if o in wide.columns else pd.Series(0.0, index=wide.index)
    tallest = float(wide.sum(axis=1).max())
    # Under a tenth of the tallest bar, the origin's own band is a hairline: draw it apart.
    apart = full and 0 < float(own.max()) < SMALL_SHARE / 100 * tallest
    if apart:
        fig, (ax, ax2) = plt.subplots(
            2,
            1,
            figsize=(charts.WIDTH_IN, charts.HEIGHT_IN + 1.9),
            height_ratios=[2.2, 1],
            sharex=True,
            layout="constrained",
        )
    else:
        fig, ax = charts.new_figure()
    bottom = _stack(ax, wide, mid, [ORIGIN_COLOUR, *OTHER_COLOURS])
    ax.set_ylabel("refugees and asylum-seekers")
    ax.yaxis.set_major_formatter(charts.thousands())
    _year_ticks(ax, wide.index)
    ax.legend(ncols=min(len(wide.columns), 3), fontsize=7, loc="upper left")
    ax.set_ylim(0, float(bottom.max()) * 1.25)
    # The appendix gets one row per year (people hosted per origin group), not a long list.
    shown = wide.astype(int).reset_index()
    shown.columns.name = None
    if apart:
        mine = rows[rows["origin"] == origin].set_index("year")
        split = pd.DataFrame(
            {
                "refugees": mine["refugees"].astype(float),
                "asylum-seekers": mine["asylum_seekers"].astype(float),
            }
        ).reindex(wide.index, fill_value=0.0)
        tops = _stack(ax2, split, mid, [ORIGIN_COLOUR, charts.PALETTE[5]])
        ax2.set_ylim(0, float(tops.max()) * 1.3)
        ax2.set_ylabel(f"from {o}")
        ax2.yaxis.set_major_formatter(charts.thousands())
        ax2.set_title(f"People from {o} alone, on their own scale", fontsize=8, loc="left")
        ax2.legend(ncols=2, fontsize=7, loc="upper left")
        _year_ticks(ax2, wide.index)
        shown = shown.assign(
            **{
                f"{o}: refugees": shown["year"].map(split["refugees"]).astype(int),
                f"{o}: asylum-seekers": shown["year"].map(split["asylum-seekers"]).astype(int),
            }
        )
    shown = shown.assign(
        mid_year=shown["year"].map(lambda y: "yes" if mid.loc[y] else ""),
        source_id=shown["year"].map(rows.groupby("year")["source_id"].first()),
    )
    span = _frame_span(rows, start, end)
    caption = (
        f"Refugees and asylum-seekers in {h} by country of origin, {span}"
        if full
        else f"Refugees and asylum-seekers from {o} in {h}, {span}"
    )
    notes = [_mid_note(rows)]
    if not full:
        notes.append(f"The data keep only people from {o} for this host; other origins are absent.")
    if apart:
        notes.append(
            f"People from {o} never reach {text.fmt_int(SMALL_SHARE)}% of the tallest bar, so "
            "the lower panel shows them alone, refugees and asylum-seekers apart."
        )
    when = f"{int(last_year)}{' (mid-year)' if bool(mid.loc[last_year]) else ''}"
    mine_now = float(own.loc[last_year])
    if full:
        all_now = float(wide.loc[last_year].sum())
        title = (
            f"People from {o} were {_count_words(mine_now)} of the {_count_words(all_now)} "
            f"refugees and asylum-seekers in {h} in {when}"
        )
    else:
        title = f"{h} hosted {_count_words(mine_now)} people from {o} in {when}"
    return charts.show_figure(
        fig,
        title,
        shown,
        subtitle=caption + ", people",
        alt=f"Stacked bars of refugees and asylum-seekers in {h} per year, by origin"
        + (f"; below, the people from {o} alone" if apart else ""),
        note=" ".join(n for n in notes if n) + (" Hatched: mid-year figure." if notes[0] else ""),
    )


def hosts_chart(frame: pd.DataFrame) -> Figure | None:
    """Draw and return the top_n hosts of the origin's refugees (from `abroad`), latest year.

    The chosen host is marked, and added when it is not among them."""
    host, origin, start, end, top_n = _params(
        frame, "host", "origin", "start_year", "end_year", "top_n"
    )
    h, o = country_name(host), country_name(origin)
    rows = frame
    if rows.empty:
        _missing(f"The data hold no figures of refugees from {o} in {start}–{end}.")
        return None
    ranks = host_ranks(rows)
    year = int(rows["year"].max())
    latest = ranks[ranks["year"] == year]
    if latest.empty:  # only the early two-host years are in range
        latest = rows[rows["year"] == year].assign(rank=pd.NA, hosts=pd.NA)
        latest = latest.sort_values("total", ascending=False)
    shown = latest.head(top_n)
    extra = latest[(latest["asylum"] == host) & ~latest["asylum"].isin(shown["asylum"])]
    shown = pd.concat([shown, extra])
    shown = shown.assign(country=shown["asylum"].map(country_name))
    fig, ax = charts.new_figure(height=max(2.0, 0.3 * len(shown) + 0.8))
    labels = [
        f"{c} (rank {int(r)})" if a == host and not text.is_missing(r) else c
        for c, a, r in zip(shown["country"], shown["asylum"], shown["rank"], strict=True)
    ]
    colours = [charts.PALETTE[1] if a == host else ORIGIN_COLOUR for a in shown["asylum"]]
    # Dots, not bars: on a logarithmic axis a bar's length depends on where the axis starts.
    values = shown["total"].astype(float).tolist()
    positions = list(range(len(shown)))[::-1]
    ax.scatter(values, positions, color=colours, s=28, zorder=3)
    for value, y, colour in zip(values, positions, colours, strict=True):
        ax.annotate(
            text.fmt_int(value),
            (value, y),
            textcoords="offset points",
            xytext=(6, -3),
            fontsize=6.5,
            color=colour,
        )
    ax.set_yticks(positions, labels)
    ax.set_ylim(-0.7, len(shown) - 0.3)
    ax.set_xscale("log")
    ax.set_xlim(min(values) / 2, max(values) * 4)
    _log_axis(ax.xaxis)
    ax.set_xlabel("refugees and asylum-seekers (logarithmic scale)")
    ax.grid(True)
    period = _period(shown.iloc[0])
    note = (
        f"Red dot: {h}." if host in shown["asylum"].values else f"{h} holds no figure for {year}."
    )
    mine = shown[shown["asylum"] == host]
    if len(mine) and not text.is_missing(mine.iloc[0]["rank"]):
        r = mine.iloc[0]
        title = (
            f"{h} ranked {_ordinal(r['rank'])} of {text.fmt_int(r['hosts'])} hosts of refugees "
            f"from {o} in {period}"
        )
    else:
        top = shown.iloc[0]
        title = (
            f"{top['country']} hosted the most refugees from {o} in {period}: "
            f"{_count_words(top['total'])}"
        )
    figure = charts.show_figure(
        fig,
        title,
        shown[["year", "country", "refugees", "asylum_seekers", "total", "source_id"]],
        subtitle=f"Largest hosts of refugees and asylum-seekers from {o}, people, {period}",
        alt=f"Dots on a logarithmic scale for the {len(shown)} largest hosts of refugees from {o}",
        note=f"{note} A logarithmic scale: each gridline is ten times the one before. "
        + _mid_note(shown),
    )
    if host not in shown["asylum"].values:
        _missing(f"The data hold no figure of people from {o} in {h} for {period}.")
    return figure


def hosts_trend_chart(frame: pd.DataFrame) -> Figure | None:
    """Draw and return the people hosted over time by the largest hosts (from `abroad`).

    One small panel each for the top_n hosts of the latest year and the chosen host."""
    host, origin, top_n = _params(frame, "host", "origin", "top_n")
    o = country_name(origin)
    rows = frame
    if rows.empty:
        return None
    year = rows["year"].max()
    latest = rows[rows["year"] == year].sort_values("total", ascending=False)
    keep = latest["asylum"].head(top_n).tolist()
    if host not in keep and host in rows["asylum"].values:
        keep.append(host)
    sub = rows[rows["asylum"].isin(keep) & (rows["total"] > 0)]
    if sub["year"].nunique() < 2:
        text.md("With a single year in range, the chart above is the whole picture over time.")
        return None
    # Small multiples, one panel per host with its own linear scale: readable in print, where
    # nine lines on one logarithmic axis were not.
    codes = [c for c in keep if not sub[sub["asylum"] == c].empty]
    cols = 3
    rows_n = -(-len(codes) // cols)
    fig, axes = plt.subplots(
        rows_n,
        cols,
        figsize=(charts.WIDTH_IN, 1.55 * rows_n + 0.3),
        sharex=True,
        layout="constrained",
        squeeze=False,
    )
    for ax in axes.flat[len(codes) :]:
        ax.set_visible(False)
    for ax, code in zip(axes.flat, codes, strict=False):
        one = sub[sub["asylum"] == code].sort_values("year")
        years = one["year"].astype(int)
        consecutive = bool((years.diff().dropna() == 1).all())
        colour = charts.PALETTE[1] if code == host else charts.PALETTE[0]
        ax.plot(
            years,
            one["total"].astype(float) / 1000,
            "o" + ("-" if consecutive else ""),
            color=colour,
            markersize=2.5,
            linewidth=1.3,
        )
        last = one.iloc[-1]
        # Short names fit a third of the page: "Iran", "United Kingdom".
        short = re.sub(r"\s*\(.*\)$", "", country_name(code)).split(" of Great Britain")[0]
        ax.set_title(
            f"{short}: {_count_words(last['total'])}",
            fontsize=7.5,
            loc="left",
            color=colour,
        )
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(charts.thousands())
        ax.tick_params(labelsize=6.5)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4, integer=True))
    fig.supylabel("thousands of people", fontsize=7.5)
    top = latest.iloc[0]
    early = sorted(set(rows["year"].astype(int)) - set(ranked_years(rows)))
    early_hosts = rows[rows["year"].isin(early)]["asylum"].map(country_name).unique()
    note = (
        f"In {text.year_span(early)} the data hold figures for "
        f"{text.join_words(sorted(early_hosts))} only. "
        if early
        else ""
    )
    return charts.show_figure(
        fig,
        f"{country_name(top['asylum'])} hosted the most refugees from {o} in {_period(top)}: "
        f"{_count_words(top['total'])}",
        _wide_by_country(sub),
        subtitle=f"Refugees and asylum-seekers from {o} in the largest hosts, thousands, "
        f"{int(rows['year'].min())}–{int(year)}; each panel has its own scale",
        alt=f"Small line charts, one per host country, of refugees from {o} by year",
        note=f"{note}Each panel has its own scale; its title gives the latest figure. Lines "
        "join consecutive years only. " + _mid_note(sub),
    )


def _wide_by_country(sub: pd.DataFrame) -> pd.DataFrame:
    """Year by host country (people hosted), for the appendix: one row per year."""
    wide = sub.pivot_table(index="year", columns="asylum", values="total", aggfunc="sum")
    wide = wide.rename(columns=country_name)
    wide.columns.name = None
    out = wide.reset_index()
    for column in out.columns[1:]:
        out[column] = out[column].map(lambda v: "" if pd.isna(v) else text.fmt_int(v))
    return out.assign(source_id=out["year"].map(sub.groupby("year")["source_id"].first()))


def turkic_chart(frame: pd.DataFrame) -> Figure | None:
    """Draw and return the estimates in people (from `turkic`), one dot or range per source."""
    start, end = _params(frame, "start_year", "end_year")
    people = frame[frame["estimate_low"].notna() & (frame["unit"] == "people")]
    if people.empty:
        return None
    order = ["All Turkic peoples", "Uzbek", "Turkmen", "Qizilbash / Afshar", "Kyrgyz"]
    labels = [g for g in order if g in set(people["label"])] + sorted(
        set(people["label"]) - set(order)
    )
    fig, ax = charts.new_figure(height=3.4)
    publishers = list(dict.fromkeys(people["source_id"]))
    for i, label in enumerate(labels):
        rows = people[people["label"] == label].sort_values("estimate_year")
        offsets = [(k - (len(rows) - 1) / 2) * 0.2 for k in range(len(rows))]
        for off, (_, r) in zip(offsets, rows.iterrows(), strict=True):
            colour = charts.PALETTE[publishers.index(r["source_id"]) % len(charts.PALETTE)]
            y = len(labels) - 1 - i + off
            lo, hi = float(r["estimate_low"]), float(r["estimate_high"])
            if hi > lo:
                ax.plot([lo, hi], [y, y], "-", color=colour, linewidth=3)
            ax.plot([lo, hi], [y, y], "o", color=colour, markersize=4)
            short = " ".join(re.split(r"[,(]", _publisher(str(r["source_id"])))[0].split()[:3])
            ax.annotate(
                f"{r['year_text']}, {short}",
                (hi, y),
                textcoords="offset points",
                xytext=(5, -3),
                fontsize=6,
                color=colour,
            )
    ax.set_yticks(range(len(labels)), labels[::-1])
    ax.set_xscale("log")
    _log_axis(ax.xaxis)
    ax.set_xlabel("people (logarithmic scale); labels: year of the estimate, publisher")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(float(people["estimate_low"].min()) / 2, float(people["estimate_high"].max()) * 20)
    shown = people.assign(publisher=people["source_id"].map(_publisher))
    outside = _outside(people, start, end)
    years_note = " Estimates are few, so all are shown, whatever their year." if outside else ""
    years = sorted({int(y) for y in people["estimate_year"].dropna()})
    return charts.show_figure(
        fig,
        f"{len(people)} published estimates of Turkic peoples in Afghanistan, from "
        f"{years[0]} to {years[-1]}, differ widely by source"
        if len(years) > 1
        else "Published estimates of Turkic peoples in Afghanistan",
        shown[["label", "estimate_low", "estimate_high", "year_text", "publisher", "source_id"]],
        subtitle="Estimates of Turkic peoples in Afghanistan, people, by source (logarithmic "
        "scale)",
        alt="Dots and ranges of published population estimates per Turkic group, one colour "
        "per source, on a logarithmic scale",
        note="One dot per source (a bar where the source gives a range); colours tell sources "
        "apart. Shares of the population are in the table below. Figures for all Turkic "
        "peoples and for one group are not comparable." + years_note,
    )
