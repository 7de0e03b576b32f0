"""Diaspora: refugees in the host country, where the origin's refugees live, the Turkic
peoples of Afghanistan and Azerbaijan's people-to-people programmes with Afghanistan."""

from __future__ import annotations

import re
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from .. import charts, report, tables, text
from ..data import country_name, load, load_quiet
from ..sources import source_line

METHODS_REFUGEES = (
    "**Refugees and asylum-seekers.** The figures are UNHCR's stocks of people under its "
    "mandate, by country of origin and country of asylum: *refugees* (people recognised as "
    "refugees, or in a refugee-like situation as UNHCR counted them in this release) and "
    "*asylum-seekers* (people whose claim for protection is still pending). Internally "
    "displaced people, returnees, stateless people and the category UNHCR later added for "
    "other people in need of international protection are not in these figures, so later "
    "UNHCR headline totals for Afghans are larger and are not comparable. The report adds "
    "refugees and asylum-seekers together where it speaks of people hosted, and keeps them "
    "apart in the tables.\n\n"
    "**Rounding.** UNHCR rounds small numbers to protect individuals, so a small count is an "
    "order of magnitude, not a head count (the refugees table's caveat below gives the rule).\n\n"
    "**The mid-year caveat.** The latest year of this UNHCR release is a mid-year stock, not an "
    "end-year one; it is marked wherever it appears (hatched bars, a note in tables). A change "
    "into that year mixes half a year with a whole one.\n\n"
    "**Sudden breaks.** Where a series grows or shrinks by a factor of more than {factor} "
    "from one year to the next and at least {least} people are involved, the report lists "
    "the change below the table. Possible causes are new arrivals, departures and changes in "
    "how UNHCR classified people."
)
METHODS_TURKIC = (
    "**Turkic peoples.** Afghanistan has held no full census for decades, so every figure is an "
    "estimate. Because there are so few, each estimate found is shown whatever year it refers "
    "to, including years outside those of this edition. Each is shown with its source, its "
    "year and what it counts (an ethnic group or the speakers of a language, a number of people "
    "or a share of the population); estimates that disagree are shown side by side and never "
    "averaged."
)
METHODS_PROGRAMMES = (
    "**Programmes.** The training, public-service and scholarship links come from one source, "
    "the 2023 brief; no programme records were available to confirm them."
)

ORIGIN_COLOUR = charts.PALETTE[0]
OTHER_COLOURS = [charts.PALETTE[3], charts.PALETTE[2], charts.PALETTE[4], "#bfc5ca"]
# Group names as sources spell them, mapped to one label per people (the brief writes
# "Turkman"; it equates the Qizilbash with the Afshars).
GROUP_LABELS = {
    "Qizilbash": "Qizilbash / Afshar",
    "Afshar": "Qizilbash / Afshar",
    "Turkman": "Turkmen",
    "Turkmen": "Turkmen",
    "Uzbek": "Uzbek",
    "Kyrgyz": "Kyrgyz",
    "Turkic peoples of Afghanistan (all)": "All Turkic peoples",
    "Turkic-language speakers (all)": "All Turkic peoples",
}


# ---------------------------------------------------------------- loading and computing


def _table(name: str, quiet: bool) -> pd.DataFrame:
    # key_figures() must not display anything, so it reads without announcing datasets.
    return load_quiet(name) if quiet else load(name)


def _with_total(rows: pd.DataFrame) -> pd.DataFrame:
    total = rows["refugees"].astype("Int64") + rows["asylum_seekers"].astype("Int64")
    return rows.assign(total=total)


def all_origin_hosts(quiet: bool = False) -> list[str]:
    """Hosts for which the data keep every country of origin (more than one origin listed).

    Example:
        >>> "AZE" in all_origin_hosts()
        True
    """
    table = _table("refugees", quiet)
    counts = table.groupby("asylum")["origin"].nunique()
    return sorted(counts[counts > 1].index)


def host_rows(host: str, start: int, end: int, quiet: bool = False) -> pd.DataFrame:
    """Refugees and asylum-seekers of every origin in the host, years start–end, with total.

    Example:
        >>> host_rows("AZE", 2019, 2019)["origin"].tolist()[:2]
        ['AFG', 'ARM']
    """
    table = _table("refugees", quiet)
    rows = table[(table["asylum"] == host) & table["year"].between(start, end)]
    return _with_total(rows.sort_values(["year", "origin"]).reset_index(drop=True))


def origin_rows(origin: str, start: int, end: int, quiet: bool = False) -> pd.DataFrame:
    """Refugees and asylum-seekers from the origin in every host, years start–end, with total.

    Example:
        >>> origin_rows("AFG", 1979, 1979)["asylum"].tolist()
        ['IRN', 'PAK']
    """
    table = _table("refugees", quiet)
    rows = table[(table["origin"] == origin) & table["year"].between(start, end)]
    return _with_total(rows.sort_values(["year", "asylum"]).reset_index(drop=True))


def share_by_year(rows: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Per year: people from the origin, people of all origins, and the origin's shares.

    `share` counts refugees and asylum-seekers together; `refugee_share` refugees only.

    Example:
        >>> s = share_by_year(host_rows("AZE", 2019, 2019), "AFG")
        >>> round(float(s["refugee_share"].iloc[0]), 1)
        56.5
    """
    cols = ["year", "refugees", "asylum_seekers", "total"]
    rows = rows[rows["source_id"].isin(share_sources())]
    if rows.empty:
        return pd.DataFrame(
            columns=[*cols, "all_refugees", "all_total", "share", "refugee_share"]
            + ["is_mid_year", "source_id"]
        )
    years = rows.groupby("year").agg(
        all_refugees=("refugees", "sum"),
        all_total=("total", "sum"),
        is_mid_year=("is_mid_year", "max"),
        source_id=("source_id", "first"),
    )
    mine = rows[rows["origin"] == origin].set_index("year")[cols[1:]]
    out = years.join(mine, how="left").fillna({"refugees": 0, "asylum_seekers": 0, "total": 0})
    out["share"] = out["total"].astype(float) / out["all_total"].astype(float) * 100
    out["refugee_share"] = out["refugees"].astype(float) / out["all_refugees"].astype(float) * 100
    return out.reset_index()[
        [*cols, "all_refugees", "all_total", "share", "refugee_share", "is_mid_year", "source_id"]
    ]


def ranked_years(rows: pd.DataFrame) -> list[int]:
    """Years of `rows` in which the data cover enough hosts of its origin to rank them:
    at least half as many as in the best-covered year of the whole table.

    Before 2010 the data hold Afghans only in Iran and Pakistan; a rank then says nothing.
    """
    if rows.empty:
        return []
    table = load_quiet("refugees")
    counts = table[table["origin"].isin(rows["origin"].unique())].groupby("year")["asylum"]
    counts = counts.nunique()
    covered = set(counts[counts >= counts.max() / 2].index.astype(int))
    return sorted(int(y) for y in rows["year"].unique() if int(y) in covered)


def host_ranks(rows: pd.DataFrame) -> pd.DataFrame:
    """Rank of every host by people hosted (refugees plus asylum-seekers), per ranked year."""
    years = ranked_years(rows)
    ranked = rows[rows["year"].isin(years) & (rows["total"] > 0)].copy()
    ranked["rank"] = ranked.groupby("year")["total"].rank(ascending=False, method="min").astype(int)
    ranked["hosts"] = ranked.groupby("year")["asylum"].transform("nunique")
    return ranked.sort_values(["year", "rank"]).reset_index(drop=True)


def _span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def share_sources(quiet: bool = True) -> set[str]:
    """Sources whose rows keep every origin; a share is computed only from these.

    The HDX extract behind the early Iran and Pakistan figures holds Afghans only.
    """
    table = _table("refugees", quiet)
    counts = table.groupby("source_id")["origin"].nunique()
    return set(counts[counts > 1].index)


def _limited(rows: pd.DataFrame) -> bool:
    """True when the origin's hosts are only the few for which the data keep every origin."""
    return set(rows["asylum"]) <= set(all_origin_hosts(quiet=True))


def _period(row: Any) -> str:
    year = str(int(row["year"]))
    return f"{year} (mid-year)" if bool(row["is_mid_year"]) else year


def key_figures(
    host: str = "AZE",
    origin: str = "AFG",
    start_year: int = 2010,
    end_year: int = 2025,
    top_n: int = 8,
) -> list[dict]:
    """The report's key figures, computed without displaying anything.

    Example:
        >>> key_figures()[0]["name"]
        'diaspora.refugees_in_host_latest'
    """
    h, o = country_name(host), country_name(origin)
    figures: list[dict] = []
    here = host_rows(host, start_year, end_year, quiet=True)
    mine = here[here["origin"] == origin]
    if not mine.empty:
        latest = mine.iloc[-1]
        figures.append(
            dict(
                name="diaspora.refugees_in_host_latest",
                value=int(latest["total"]),
                unit="people",
                period=_period(latest),
                source=str(latest["source_id"]),
                label=f"refugees and asylum-seekers from {o} in {h}, latest year",
            )
        )
        share = share_by_year(here, origin) if host in all_origin_hosts(True) else None
        if share is not None and (share["year"] == latest["year"]).any():
            last = share[share["year"] == latest["year"]].iloc[0]
            figures.append(
                dict(
                    name="diaspora.origin_share_latest",
                    value=round(float(last["share"]), 1),
                    unit="percent",
                    period=_period(last),
                    source=str(last["source_id"]),
                    label=f"share of {o} among refugees and asylum-seekers in {h}",
                )
            )
    abroad = origin_rows(origin, start_year, end_year, quiet=True)
    if not abroad.empty:
        year = abroad["year"].max()
        top = abroad[abroad["year"] == year].sort_values("total", ascending=False).iloc[0]
        figures.append(
            dict(
                name="diaspora.largest_host_people",
                value=int(top["total"]),
                unit="people",
                period=_period(top),
                source=str(top["source_id"]),
                label=f"refugees and asylum-seekers from {o} in the largest host"
                + (" in the data" if _limited(abroad) else "")
                + ", "
                f"{country_name(str(top['asylum']))}",
            )
        )
        ranks = host_ranks(abroad)
        mine_rank = ranks[(ranks["asylum"] == host) & (ranks["year"] == year)]
        if not mine_rank.empty:
            r = mine_rank.iloc[0]
            figures.append(
                dict(
                    name="diaspora.host_rank_latest",
                    value=int(r["rank"]),
                    unit="rank",
                    period=_period(r),
                    source=str(r["source_id"]),
                    label=f"{h}'s rank among the {int(r['hosts'])} hosts of refugees from {o}",
                )
            )
    return figures


BREAK_FACTOR = 3  # a change beyond this factor from one year to the next is listed
SMALL_SHARE = 10  # percent of the tallest bar below which the origin gets its own panel
BREAK_LEAST = 1000  # ...where the larger of the two counts reaches this many people


def coverage_text() -> str:
    """Which hosts keep every origin, and what the early years hold, composed from the data.

    Example:
        >>> "Azerbaijan" in coverage_text()
        True
    """
    table = load_quiet("refugees")
    full = all_origin_hosts(quiet=True)
    names = sorted(country_name(c) for c in full)
    rest = table[~table["asylum"].isin(full)]
    # country_name reads a table per call: name the unique codes only.
    only = text.join_words(sorted(country_name(c) for c in rest["origin"].unique()))
    main = table[table["source_id"].isin(share_sources())]
    first = int(main["year"].min())
    early = table[~table["source_id"].isin(share_sources()) & (table["year"] < first)]
    early_text = (
        f" Before {first}, the data hold only people from "
        f"{text.join_words(sorted(country_name(c) for c in early['origin'].unique()))} in "
        f"{text.join_words(sorted(country_name(c) for c in early['asylum'].unique()))} "
        "(from a second "
        f"UNHCR extract), so rankings of host countries start in {first}."
        if not early.empty
        else ""
    )
    return (
        f"**Coverage.** The data keep every country of origin for {len(names)} host countries "
        f"only: {text.join_words(names)}. For other hosts they hold people from {only} only. "
        f"Shares of a host's refugees are computed only where every origin is kept.{early_text}"
    )


def methods(host: str = "AZE", origin: str = "AFG") -> str:
    """The methods text for this edition: programmes and Turkic peoples only where shown.

    Example:
        >>> "Programmes" in methods("TUR", "AFG")
        False
    """
    parts = [
        METHODS_REFUGEES.format(factor=text.fmt_int(BREAK_FACTOR), least=text.fmt_int(BREAK_LEAST)),
        coverage_text(),
    ]
    if origin == "AFG":
        parts.append(METHODS_TURKIC)
    if host == "AZE" and origin == "AFG":
        parts.append(METHODS_PROGRAMMES)
    return "\n\n".join(parts)


# The full text (Azerbaijan edition), for readers of the module.
METHODS = METHODS_REFUGEES + "\n\n" + METHODS_TURKIC + "\n\n" + METHODS_PROGRAMMES


def breaks(host: str, origin: str, start: int, end: int, quiet: bool = True) -> pd.DataFrame:
    """Changes beyond BREAK_FACTOR from one year to the next, with BREAK_LEAST people or more.

    Series: the origin's refugees and its asylum-seekers apart, and every other origin's people
    hosted (refugees plus asylum-seekers). Years are compared within one UNHCR source only; an
    origin absent from a year of a source that keeps every origin counts as none.

    Example:
        >>> b = breaks("UZB", "AFG", 2010, 2022)
        >>> b[["series", "year_from", "year_to"]].values.tolist()[0]
        ['refugees from Afghanistan', 2020, 2021]
    """
    rows = host_rows(host, start, end, quiet=quiet)
    o = country_name(origin)
    found: list[dict] = []
    for source, part in rows.groupby("source_id"):
        full = source in share_sources() and host in all_origin_hosts(quiet=True)
        years = sorted(int(y) for y in part["year"].unique())
        mid = part.groupby("year")["is_mid_year"].max()
        series: dict[str, pd.Series] = {}
        mine = part[part["origin"] == origin].set_index("year")
        for column, noun in (("refugees", "refugees"), ("asylum_seekers", "asylum-seekers")):
            values = mine[column].astype(float)
            series[f"{noun} from {o}"] = values.reindex(years).fillna(0) if full else values
        if full:
            wide = part[part["origin"] != origin].pivot_table(
                index="year", columns="origin", values="total", aggfunc="sum"
            )
            for code in wide.columns:
                name = country_name(code)
                # "Various / unknown" is not a country: say "of … origin" instead of "from".
                who = (
                    f"people of {name.lower()} origin"
                    if "/" in name or "unknown" in name.lower()
                    else f"people from {name}"
                )
                series[who] = wide[code].astype(float).reindex(years).fillna(0)
        for name, values in series.items():
            values = values.sort_index()
            for (y0, a), (y1, b) in zip(
                values.iloc[:-1].items(), values.iloc[1:].items(), strict=True
            ):
                if int(y1) != int(y0) + 1 or max(a, b) < BREAK_LEAST:
                    continue
                if max(a, b) > BREAK_FACTOR * max(min(a, b), 1):
                    found.append(
                        dict(
                            series=name,
                            year_from=int(y0),
                            value_from=int(a),
                            year_to=int(y1),
                            value_to=int(b),
                            mid_year_to=bool(mid.get(y1, False)),
                            source_id=str(source),
                        )
                    )
    columns = ["series", "year_from", "value_from", "year_to", "value_to", "mid_year_to"]
    out = pd.DataFrame(found, columns=[*columns, "source_id"])
    # The origin's own series first, then the others by size of the change.
    out["own"] = ~out["series"].str.startswith("people ")
    out["size"] = (out["value_to"] - out["value_from"]).abs()
    out = out.sort_values(["own", "series", "year_from"], ascending=[False, True, True])
    return out.drop(columns=["own", "size"]).reset_index(drop=True)


# ---------------------------------------------------------------- display helpers


def _missing(message: str) -> None:
    """Say in place that the data cannot show something."""
    text.missing(message)


def _mid_note(frame: pd.DataFrame) -> str:
    if "is_mid_year" not in frame or not frame["is_mid_year"].fillna(False).any():
        return ""
    years = text.year_span(frame.loc[frame["is_mid_year"].fillna(False), "year"])
    return f"{years}: mid-year figure (June), not an end-year stock."


def _year_ticks(ax: Any, years: Any) -> None:
    """Whole years on the x axis (every year when there are few)."""
    years = [int(y) for y in years]
    if len(years) <= 8:
        ax.set_xticks(years)
    else:
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))


def _log_axis(axis: Any) -> None:
    """Thousands on a log axis, no 2 × 10⁶-style minor labels."""
    axis.set_major_formatter(charts.thousands())
    axis.set_minor_formatter(matplotlib.ticker.NullFormatter())


def _pct(value: Any) -> str:
    return text.fmt_pct(value, digits=1)


# ---------------------------------------------------------------- summary


def summary(host: str, origin: str, start: int, end: int, top_n: int) -> None:
    """Three to five findings composed from the data; the key figures recorded."""
    h, o = country_name(host), country_name(origin)
    here = host_rows(host, start, end, quiet=True)
    mine = here[here["origin"] == origin]
    lines: list[str] = []
    sources: list[str] = []
    if mine.empty:
        lines.append(
            f"The data hold no UNHCR figure of refugees or asylum-seekers from {o} in {h} "
            f"for {start}–{end}."
        )
    else:
        first, latest = mine.iloc[0], mine.iloc[-1]
        change = text.pct_change(first["total"], latest["total"])
        # Beyond a tripling, "N times as many" reads better than a four-digit percentage.
        words = (
            f"{text.fmt_num(float(latest['total']) / float(first['total']), 0)} times as many"
            if change > 200
            else text.fmt_pct(change, signed=True)
        )
        trend = (
            f", against {text.fmt_int(first['total'])} in {first['year']} ({words})"
            if len(mine) > 1 and not text.is_missing(change)
            else ""
        )
        lines.append(
            f"{h} hosted **{text.fmt_int(latest['total'])}** refugees and asylum-seekers from "
            f"{o} in {_period(latest)}{trend}."
        )
        sources.append(str(latest["source_id"]))
        share = share_by_year(here, origin) if host in all_origin_hosts(True) else None
        if share is not None and not share.empty:
            last = share.iloc[-1]
            peak = share.loc[share["share"].idxmax()]
            peak_text = (
                f"; the highest share in {_span(start, end)} was {_pct(peak['share'])} in "
                f"{int(peak['year'])}"
                if abs(float(peak["share"]) - float(last["share"])) >= 0.05
                else ""
            )
            if float(last["share"]) >= 99.95:
                lines.append(
                    f"Every refugee and asylum-seeker the data record in {h} in "
                    f"{_period(last)} came from {o}{peak_text}."
                )
            else:
                lines.append(
                    f"People from {o} made up **{_pct(last['share'])}** of all refugees and "
                    f"asylum-seekers in {h} in {_period(last)}{peak_text}."
                )
            lines.append(_share_change(here, share, origin, h))
    abroad = origin_rows(origin, start, end, quiet=True)
    if not abroad.empty:
        year = int(abroad["year"].max())
        latest_abroad = abroad[abroad["year"] == year].sort_values("total", ascending=False)
        top = latest_abroad.iloc[0]
        ranks = host_ranks(abroad)
        mine_rank = ranks[(ranks["asylum"] == host) & (ranks["year"] == year)]
        rank_text = (
            f"; {h} ranked {int(mine_rank.iloc[0]['rank'])} of "
            f"{int(mine_rank.iloc[0]['hosts'])} hosts in the data"
            if not mine_rank.empty and host != top["asylum"]
            else ""
        )
        among = (
            f" (among the {abroad['asylum'].nunique()} hosts the data keep for {o})"
            if _limited(abroad)
            else ""
        )
        lines.append(
            f"The largest host{among} of refugees and asylum-seekers from {o} in "
            f"{_period(top)} was **{country_name(str(top['asylum']))}** with "
            f"{text.fmt_count(top['total'], 'people')}{rank_text}."
        )
        sources.append(str(top["source_id"]))
    if origin == "AFG":
        lines.append(_turkic_finding(start, end))
    if host == "AZE" and origin == "AFG":
        lines.append(_programme_finding())
    report.cite(sources)
    text.summary_box([line for line in lines if line])
    for kf in key_figures(host, origin, start, end, top_n):
        report.record(**kf)


def _share_change(here: pd.DataFrame, share: pd.DataFrame, origin: str, h: str) -> str:
    """Why the share moved most in the last year, when another origin's arrivals explain it."""
    if len(share) < 2:
        return ""
    prev, last = share.iloc[-2], share.iloc[-1]
    if abs(float(last["share"]) - float(prev["share"])) < 10:
        return ""
    wide = here.pivot_table(index="origin", columns="year", values="total", aggfunc="sum")
    growth = (wide[last["year"]].fillna(0) - wide[prev["year"]].fillna(0)).drop(
        origin, errors="ignore"
    )
    if growth.empty or growth.max() <= 0 or float(last["share"]) > float(prev["share"]):
        return ""
    who = growth.idxmax()
    before = wide.loc[who, prev["year"]]
    before_text = "none" if text.is_missing(before) or before == 0 else text.fmt_int(before)
    return (
        f"The share fell in {_period(last)} because people from {country_name(who)} arrived: "
        f"{text.fmt_int(wide.loc[who, last['year']])} against {before_text} a year earlier."
    )


# ---------------------------------------------------------------- refugees in the host


def refugees_intro(host: str, origin: str) -> None:
    """Heading and introduction of the section on refugees in the host, naming both countries."""
    h, o = country_name(host), country_name(origin)
    text.md(
        f"## Refugees and asylum-seekers in {h}\n\n"
        f"Who the refugees and asylum-seekers in {h} are, by country of origin, and how large a "
        f"part of them come from {o}. UNHCR counts recognised refugees and people whose asylum "
        "claim is pending separately; both are shown."
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


def hosted_chart(host: str, origin: str, start: int, end: int) -> None:
    """People hosted by year, the origin first, then the three next origins and the rest;
    a second panel shows the origin alone when its bars would be too small to see."""
    import matplotlib.pyplot as plt

    h, o = country_name(host), country_name(origin)
    rows = host_rows(host, start, end)
    if rows.empty:
        _missing(f"The data hold no refugee figures for {h} in {start}–{end}; no chart is drawn.")
        return
    full = host in all_origin_hosts() and rows["source_id"].isin(share_sources()).all()
    if not full:
        rows = rows[rows["origin"] == origin]
        if rows.empty:
            _missing(
                f"The data hold no figures of people from {o} in {h} for {start}–{end}; "
                "no chart is drawn."
            )
            return
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
    caption = (
        f"Refugees and asylum-seekers in {h} by country of origin, {_span(start, end)}"
        if full
        else f"Refugees and asylum-seekers from {o} in {h}, {_span(start, end)}"
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
    charts.show_figure(
        fig,
        title,
        shown,
        subtitle=caption + ", people",
        alt=f"Stacked bars of refugees and asylum-seekers in {h} per year, by origin"
        + (f"; below, the people from {o} alone" if apart else ""),
        note=" ".join(n for n in notes if n) + (" Hatched: mid-year figure." if notes[0] else ""),
    )


def share_table(host: str, origin: str, start: int, end: int) -> None:
    """The origin's people and share of all refugees and asylum-seekers in the host, by year."""
    h, o = country_name(host), country_name(origin)
    if host not in all_origin_hosts():
        _missing(
            f"The data keep only people from {o} for {h}, not every origin, so the share of "
            f"{o} among all refugees in {h} cannot be computed."
        )
        return
    here = host_rows(host, start, end)
    share = share_by_year(here, origin)
    if share.empty:
        _missing(
            f"For {_span(start, end)} the data hold no figures of every origin in {h} (only a "
            f"separate UNHCR extract of Afghans, where there is one), so no share is computed."
        )
        return
    skipped = sorted(set(here["year"].astype(int)) - set(share["year"].astype(int)))
    if skipped:
        _missing(
            f"In {text.year_span(skipped)} the data hold Afghans only for {h} (a separate UNHCR "
            "extract), so those years have no share."
        )
    share = share.assign(
        year_label=share.apply(lambda r: f"{int(r['year'])}{'*' if r['is_mid_year'] else ''}", 1)
    )
    tables.show_table(
        share,
        f"People from {o} among all refugees and asylum-seekers in {h}, {_span(start, end)}",
        columns={
            "year_label": "Year",
            "refugees": f"Refugees from {o}",
            "asylum_seekers": f"Asylum-seekers from {o}",
            "all_total": "All origins, refugees and asylum-seekers",
            "share": f"Share of {o}, refugees and asylum-seekers",
            "refugee_share": f"Share of {o}, refugees only",
        },
        formats={
            "refugees": text.fmt_int,
            "asylum_seekers": text.fmt_int,
            "all_total": text.fmt_int,
            "share": _pct,
            "refugee_share": _pct,
        },
        note=("* " + _mid_note(share)) if _mid_note(share) else "",
    )


def _ordinal(value: Any) -> str:
    """29 -> '29th'."""
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _count_words(value: Any) -> str:
    return "none" if int(value) == 0 else text.fmt_int(value)


def breaks_note(host: str, origin: str, start: int, end: int) -> None:
    """The sudden breaks in the host's series, in words, with the reason the data lack."""
    found = breaks(host, origin, start, end)
    if found.empty:
        return
    h = country_name(host)
    report.cite(found["source_id"])
    items: list[str] = []
    for name, part in found.groupby("series", sort=False):
        steps: list[str] = []
        for _, r in part.iterrows():
            here = f"{_count_words(r['value_from'])} in {r['year_from']}"
            if not steps or not steps[-1].endswith(here):
                steps.append(here)
            to_year = f"{r['year_to']}{' (mid-year)' if r['mid_year_to'] else ''}"
            steps[-1] += f", {_count_words(r['value_to'])} in {to_year}"
        items.append(f"{str(name)[0].upper()}{str(name)[1:]}: " + "; ".join(steps) + ".")
    rule = (
        f"a change by a factor of more than {text.fmt_int(BREAK_FACTOR)} from one year to the "
        f"next, with {text.fmt_int(BREAK_LEAST)} people or more"
    )
    why = "Possible causes are new arrivals, departures and changes in how UNHCR classified people."
    if len(items) == 1:
        text.md(f"One sudden break in the figures for {h} ({rule}): {items[0]} {why}")
    else:
        listed = "\n".join(f"- {item}" for item in items)
        text.md(f"Sudden breaks in the figures for {h} ({rule}):\n\n{listed}\n\n{why}")


def brief_comparison(host: str, origin: str) -> None:
    """What the briefs say about refugees in the host, beside what the data show."""
    h, o = country_name(host), country_name(origin)
    claims = load("brief_claims")
    claims = claims[claims["data_table"] == "refugees"]
    claims = claims[claims["data_filter"].fillna("").str.contains(f"asylum == '{host}'")]
    if claims.empty:
        # One sentence needs no heading of its own: it closes the section above.
        text.md(
            f"The two briefs the series grew from make no claim in figures about refugees in {h}."
        )
        return
    text.md("### What the briefs say, beside the data")
    table = _with_total(load_quiet("refugees"))
    rows = []
    for _, claim in claims.iterrows():
        data_text, relation = _claim_check(claim, table, origin)
        rows.append(
            {
                "claim": str(claim["claim"]),
                "brief_says": f"{_qualified(claim)} ({claim['brief']} brief; attributed to "
                f"{claim['brief_attribution']})",
                "data_show": data_text,
                "relation": relation,
                "source_id": str(claim["source_id"]),
            }
        )
    frame = pd.DataFrame(rows)
    frame["source_id"] = frame["source_id"].astype(str)
    # The table's source line names the briefs; the data column's source is the refugees table.
    report.cite(table["source_id"].unique())
    tables.show_table(
        frame,
        f"What the briefs say about refugees in {h}, beside the UNHCR data",
        columns={
            "claim": "Claim (our paraphrase)",
            "brief_says": "The brief says",
            "data_show": f"UNHCR data: share of {o}",
            "relation": "How they relate",
        },
        note="The UNHCR column is computed from the refugees table. "
        + source_line(table[table["asylum"] == host]).replace("Source:", "Its source:"),
    )


def _claim_check(claim: Any, table: pd.DataFrame, origin: str) -> tuple[str, str]:
    """The data's figure for a refugee-share claim, and how it relates to the claim."""
    year = None if text.is_missing(claim["year"]) else int(claim["year"])
    picked = (
        table.query(str(claim["data_filter"]))
        if not text.is_missing(claim["data_filter"])
        else table.iloc[0:0]
    )
    if year is not None:
        picked = picked[picked["year"] == year]
    # data_measure "share(col; query)": the rows matching query as a percentage of all rows.
    measure = "" if text.is_missing(claim.get("data_measure")) else str(claim["data_measure"])
    found = re.match(r"share\((\w+); (.+)\)$", measure)
    column, subset = found.groups() if found else ("refugees", f"origin == '{origin}'")
    if picked.empty or year is None or float(picked[column].sum()) == 0:
        return "no comparable figure in the data", "cannot be checked"
    part = picked.query(subset)
    share = float(part[column].sum()) / float(picked[column].sum()) * 100
    both = float(part["total"].sum()) / float(picked["total"].sum()) * 100
    data_text = (
        f"{_pct(share)} of {column.replace('_', '-')}; {_pct(both)} with asylum-seekers ({year})"
    )
    return data_text, _relation(claim, share, both)


def _qualified(claim: Any) -> str:
    words = {
        "more_than": "more than",
        "about": "about",
        "at_least": "at least",
        "up_to": "up to",
        "less_than": "less than",
        "exact": "",
    }
    hedge = words.get(str(claim["qualifier"]), "")
    return f"{hedge} {text.fmt_value(claim['value'], claim['unit'])}".strip()


def _relation(claim: Any, refugee_share: float, share: float) -> str:
    value = float(claim["value"])
    q = str(claim["qualifier"])
    holds = {
        "more_than": refugee_share > value,
        "at_least": refugee_share >= value,
        "less_than": refugee_share < value,
        "up_to": refugee_share <= value,
    }.get(q, abs(refugee_share - value) < 1)
    if holds:
        return "the data agree"
    gap = refugee_share - value
    return (
        f"the data do not bear it out: the share is {text.fmt_num(abs(gap), 1)} points "
        f"{'below' if gap < 0 else 'above'} the brief's figure with refugees alone "
        f"({text.fmt_num(abs(share - value), 1)} with asylum-seekers); the brief may count "
        "another population or use another release"
    )


# ---------------------------------------------------------------- hosts of the origin


def hosts_intro(host: str, origin: str) -> None:
    """Heading and introduction of the section on the hosts of the origin's refugees."""
    h, o = country_name(host), country_name(origin)
    text.md(
        f"## Where refugees from {o} live\n\n"
        f"The countries of asylum that host the most refugees and asylum-seekers from {o}, and "
        f"where {h} stands among them."
    )


def hosts_chart(host: str, origin: str, start: int, end: int, top_n: int) -> None:
    """The top_n hosts in the latest year, the chosen host marked and added if outside."""
    h, o = country_name(host), country_name(origin)
    rows = origin_rows(origin, start, end)
    if rows.empty:
        _missing(f"The data hold no figures of refugees from {o} in {start}–{end}.")
        return
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
    charts.show_figure(
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


def hosts_trend_chart(host: str, origin: str, start: int, end: int, top_n: int) -> None:
    """People hosted over time by the top_n hosts of the latest year (and the chosen host)."""
    o = country_name(origin)
    rows = origin_rows(origin, start, end)
    if rows.empty:
        return
    year = rows["year"].max()
    latest = rows[rows["year"] == year].sort_values("total", ascending=False)
    keep = latest["asylum"].head(top_n).tolist()
    if host not in keep and host in rows["asylum"].values:
        keep.append(host)
    sub = rows[rows["asylum"].isin(keep) & (rows["total"] > 0)]
    if sub["year"].nunique() < 2:
        text.md("With a single year in range, the chart above is the whole picture over time.")
        return
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
    charts.show_figure(
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


def rank_sentence(host: str, origin: str, start: int, end: int) -> None:
    """Where the chosen host ranked among hosts of the origin's refugees, year by year."""
    h, o = country_name(host), country_name(origin)
    rows = origin_rows(origin, start, end, quiet=True)
    ranks = host_ranks(rows)
    mine = ranks[ranks["asylum"] == host]
    if ranks.empty and not rows.empty:
        few = text.join_words(sorted(rows["asylum"].map(country_name).unique()))
        _missing(
            f"In {start}–{end} the data hold figures of people from {o} for {few} only, "
            "too few countries to rank the hosts."
        )
        return
    if mine.empty:
        _missing(
            f"{h} cannot be ranked: the data hold no figure of people from {o} there "
            f"in {start}–{end}."
        )
        return
    first, last = mine.iloc[0], mine.iloc[-1]
    best = mine.loc[mine["rank"].idxmin()]
    partial = (
        f" For {o} the data keep only the {rows['asylum'].nunique()} host countries with "
        "every origin, so the rank is among those only."
        if _limited(rows)
        else ""
    )
    text.md(
        f"Among the countries hosting people from {o}, {h} ranked {int(first['rank'])} of "
        f"{int(first['hosts'])} in {int(first['year'])} and {int(last['rank'])} of "
        f"{int(last['hosts'])} in {_period(last)}; its best place was {int(best['rank'])} "
        f"in {int(best['year'])}.{partial}"
    )
    report.cite(mine["source_id"])


# ---------------------------------------------------------------- Turkic peoples


def _published_year(source_id: str) -> int | None:
    from ..data import sources

    reg = sources()
    if source_id not in reg.index or text.is_missing(reg.loc[source_id, "published"]):
        return None
    return int(str(reg.loc[source_id, "published"])[:4])


def _counts(scope: Any) -> str:
    """What a row counts: the speakers of a language, or the members of an ethnic group."""
    # "Dari-speaking" describes a group, not a count of speakers: match whole words only.
    found = re.search(r"\blanguages?\b|\bspeakers\b|\bspeak(ing)? Turkic", str(scope), re.I)
    return "language speakers" if found else "ethnic group"


def _stated_share(scope: Any) -> float | None:
    """A share of the population the source states beside a number of people, if any."""
    found = re.search(r"\((\d+(?:\.\d+)?) percent\)", str(scope))
    return float(found.group(1)) if found else None


def _share_text(value: float) -> str:
    return f"{text.fmt_num(value, 0 if float(value).is_integer() else 1)}%"


def turkic_estimates(quiet: bool = False) -> pd.DataFrame:
    """The Turkic groups table with one label per people, a readable estimate, what each row
    counts, and the year as the reader should read it.

    Example:
        >>> t = turkic_estimates(quiet=True)
        >>> sorted(t.loc[t["label"] == "Uzbek", "unit"].unique())
        ['people', 'percent']
    """
    table = _table("turkic_groups", quiet)
    table = table.assign(label=table["group"].map(GROUP_LABELS).fillna(table["group"]))

    def estimate(r: Any) -> str:
        if text.is_missing(r["estimate_low"]):
            return "no figure"
        lo, hi = r["estimate_low"], r["estimate_high"]
        if r["unit"] == "percent":
            return f"{lo}% of the population" if lo == hi else f"{lo}–{hi}% of the population"
        return text.fmt_int(lo) if lo == hi else f"{text.fmt_int(lo)}–{text.fmt_int(hi)}"

    def year(r: Any) -> str:
        # The schema: the year the figure refers to where the source says so, otherwise the
        # year of the edition. Equal to the publication year, it is read as the latter.
        if text.is_missing(r["estimate_year"]):
            return "not given"
        if _published_year(str(r["source_id"])) == int(r["estimate_year"]):
            return f"published {r['estimate_year']}"
        return str(r["estimate_year"])

    table["estimate"] = table.apply(estimate, axis=1)
    table["counts"] = table["scope"].map(_counts)
    table["year_text"] = table.apply(year, axis=1)
    return table


def _publisher(source_id: str) -> str:
    from ..data import sources

    reg = sources()
    return str(reg.loc[source_id, "publisher"]) if source_id in reg.index else source_id


def _outside(t: pd.DataFrame, start: int, end: int) -> list[int]:
    """Years of the estimates with a figure that fall outside start–end."""
    years = t.loc[t["estimate_low"].notna() & t["estimate_year"].notna(), "estimate_year"]
    return sorted({int(y) for y in years if not start <= int(y) <= end})


def _turkic_finding(start: int = 2010, end: int = 2022) -> str:
    t = turkic_estimates(quiet=True)
    uz = t[(t["label"] == "Uzbek") & t["estimate_low"].notna()]
    people = uz[uz["unit"] == "people"]
    report.cite(uz["source_id"])
    if people.empty:
        return ""
    lo, hi = (
        people.loc[people["estimate_low"].idxmin()],
        people.loc[people["estimate_high"].idxmax()],
    )
    # Shares: the percent rows, and a share a source states beside its number of people.
    shares = [
        (float(v), c)
        for _, r in uz[uz["unit"] == "percent"].iterrows()
        for v, c in ((r["estimate_low"], r["counts"]), (r["estimate_high"], r["counts"]))
    ] + [
        (_stated_share(r["scope"]), r["counts"])
        for _, r in people.iterrows()
        if _stated_share(r["scope"]) is not None
    ]
    share_text = ""
    if shares:
        values = [v for v, _ in shares]
        kinds = {}
        for v, c in shares:
            kinds.setdefault(c, []).append(v)
        words = {"ethnic group": "as an ethnic group", "language speakers": "as speakers of Uzbek"}

        def span(vs: list[float]) -> str:
            return (
                _share_text(min(vs))
                if min(vs) == max(vs)
                else (f"{_share_text(min(vs))[:-1]}–{_share_text(max(vs))}")
            )

        split = (
            " (" + "; ".join(f"{span(vs)} {words.get(k, k)}" for k, vs in kinds.items()) + ")"
            if len(kinds) > 1
            else ""
        )
        share_text = (
            f"; shares of the population run from {_share_text(min(values))} to "
            f"{_share_text(max(values))}{split}"
        )
    named = {int(y) for y in (lo["estimate_year"], hi["estimate_year"]) if not text.is_missing(y)}
    outside = sorted(y for y in named if not start <= y <= end)
    years_text = (
        f" Estimates are so few that all are shown whatever their year, although "
        f"{text.join_words(outside)} {'lies' if len(outside) == 1 else 'lie'} outside this "
        f"edition's years, {_span(start, end)}."
        if outside
        else ""
    )
    return (
        f"No census counts Afghanistan's Turkic peoples: published estimates of the Uzbeks alone "
        f"run from **{text.fmt_count(lo['estimate_low'], 'people')}** ({lo['year_text']}) to "
        f"**{text.fmt_count(hi['estimate_high'], 'people')}** ({hi['year_text']}){share_text}."
        f"{years_text}"
    )


def turkic_section(origin: str, start: int = 2010, end: int = 2022) -> None:
    """Groups, regions and population estimates side by side; groups without figures named."""
    if origin != "AFG":
        text.md(
            "## The Turkic peoples of Afghanistan (Afghan editions only)\n\n"
            "This section is about the Turkic peoples of Afghanistan; the data hold no such "
            f"table for {country_name(origin)}, so it is left out of this edition."
        )
        return
    t = turkic_estimates()
    with_fig = t[t["estimate_low"].notna()]
    without = t[t["estimate_low"].isna()]
    outside = _outside(t, start, end)
    years_text = (
        f" Estimates are few, so all are shown, from "
        f"{text.join_words(sorted(int(y) for y in with_fig['estimate_year'].dropna().unique()))}."
        if outside
        else ""
    )
    text.md(
        "## The Turkic peoples of Afghanistan\n\n"
        "Uzbeks, Turkmens, Kyrgyz, and smaller communities that the 2023 brief regards as kin "
        "of the Azerbaijanis, the Qizilbash (also called Afshars) among them. Afghanistan has "
        "no census to count them: every number is an estimate, shown with its source." + years_text
    )
    groups_with = set(with_fig["label"])
    no_figure = sorted(set(without["label"]) - groups_with)
    brief = t[(t["source_id"] == "brief_2023") & t["estimate_low"].notna()]
    if not brief.empty:
        b = brief.iloc[0]
        text.md(
            f"For all Turkic peoples taken together the 2023 brief gives one figure, about "
            f"**{text.fmt_count(b['estimate_low'], 'people')}**, with no source, method or "
            "breakdown by group. It lists "
            f"{text.join_words(sorted(without['group'].unique()))} as communities related to "
            "the Azerbaijanis, and names these regions for the Turkic population: "
            f"{text.join_words(str(b['regions']).split('; '))}. Other publishers count Uzbeks, "
            "Turkmens and Kyrgyz, in people or as a share of the population; they are set side "
            "by side below."
        )
    if no_figure:
        _missing(
            "Population figures for the "
            + text.join_words(no_figure)
            + " communities are not in this series' data, which holds their names only."
        )
    _turkic_chart(with_fig[with_fig["unit"] == "people"], start, end)
    shown = with_fig.assign(
        regions=with_fig["regions"].fillna("–"),
        publisher=with_fig["source_id"].map(_publisher),
    ).sort_values(["label", "unit", "estimate_year"])
    tables.show_table(
        shown,
        "Published estimates of the Turkic peoples of Afghanistan, side by side",
        columns={
            "label": "Group",
            "estimate": "Estimate",
            "counts": "Counts",
            "year_text": "Year",
            "scope": "Notes on the figure",
            "regions": "Regions named",
            "publisher": "Publisher",
        },
        note="Year: the year the figure refers to; 'published' where the source gives no such "
        "year and its edition or publication year stands in. Estimates are shown whatever their "
        "year, as there are few, and are not averaged: they count different things at "
        "different dates.",
    )


def _turkic_chart(people: pd.DataFrame, start: int = 2010, end: int = 2022) -> None:
    if people.empty:
        return
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
    charts.show_figure(
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


# ---------------------------------------------------------------- programmes


def _programme_finding() -> str:
    p = load_quiet("people_programmes")
    report.cite(p["source_id"])
    parts = []
    diplo = p[p["programme"].str.contains("diplomat", case=False, na=False)]
    if not diplo.empty:
        d = diplo.iloc[0]
        parts.append(
            f"courses for Afghan diplomats and civil servants ran from {d['start']} to {d['end']}"
        )
    asan = p[p["programme"].str.contains("ASAN", na=False) & p["value"].notna()]
    if not asan.empty:
        counts = text.join_words(_programme_value(r) for _, r in asan.iterrows())
        parts.append(
            f"the ASAN Xidmət model was taken up from {asan['start'].min()}, with {counts}"
        )
    if not parts:
        return ""
    return "In Azerbaijan's programmes, " + "; ".join(parts) + " (as the 2023 brief reports)."


def _programme_value(r: Any) -> str:
    """'more than 100 people trained': the count with the hedge the brief put on it."""
    claims = load_quiet("brief_claims")
    match = claims[
        (claims["data_table"] == "people_programmes")
        & (claims["unit"] == r["unit"])
        & (claims["value"] == float(r["value"]))
    ]
    words = {"more_than": "more than", "about": "about", "at_least": "at least"}
    hedge = words.get(str(match.iloc[0]["qualifier"]), "") if not match.empty else ""
    noun = "people trained" if r["unit"] == "people" else "training sessions"
    return f"{hedge} {text.fmt_int(r['value'])} {noun}".strip()


def _programme_name(name: str, unit: Any) -> str:
    """The programme's name without the suffix after ': ' that names the count the row holds
    (the Figure column says it)."""
    if text.is_missing(unit) or ": " not in name:
        return name
    return name.rsplit(": ", 1)[0].strip()


def programme_rows() -> pd.DataFrame:
    """The programmes as shown: one row per programme, its counts joined in one Figure cell.

    Example:
        >>> p = programme_rows()
        >>> int(p["programme"].str.startswith("ASAN").sum())
        1
    """
    p = load_quiet("people_programmes")
    p = p.assign(
        name=[_programme_name(n, u) for n, u in zip(p["programme"], p["unit"], strict=True)],
        when=p.apply(
            lambda r: (
                "not stated"
                if text.is_missing(r["start"])
                else f"{r['start']}–{'' if text.is_missing(r['end']) else r['end']}"
            ),
            axis=1,
        ),
        figure=p.apply(lambda r: "" if text.is_missing(r["value"]) else _programme_value(r), 1),
    )
    grouped = p.groupby("name", sort=False).agg(
        partner_body=("partner_body", "first"),
        when=("when", "first"),
        figure=("figure", lambda f: "; ".join(v for v in f if v) or "–"),
        description=("description", lambda d: " ".join(str(v) for v in d)),
        source_id=("source_id", "first"),
    )
    out = grouped.reset_index().rename(columns={"name": "programme"})
    return out.assign(partner_body=out["partner_body"].fillna("–"))


def programmes_section(host: str, origin: str) -> None:
    """Azerbaijan's training, public-service and scholarship links with Afghanistan."""
    context = (
        f" This edition is about {country_name(host)}; the series is about Azerbaijan and "
        "Afghanistan, so their ties are kept here as context."
        if host != "AZE"
        else ""
    ) + (
        f" This edition is about refugees from {country_name(origin)}; the programmes are "
        "Azerbaijan's with Afghanistan."
        if origin != "AFG"
        else ""
    )
    text.md(
        "## Azerbaijan and Afghanistan: people-to-people programmes\n\n"
        "What Azerbaijan has done with Afghanistan in training and public-service reform: "
        "courses for Afghan diplomats and civil servants, the ASAN Xidmət one-stop service "
        "model, and scholarships and exchanges." + context
    )
    load("people_programmes")  # announce the dataset for Sources and methods
    shown = programme_rows()
    tables.show_table(
        shown,
        "Azerbaijan's training, public-service and education links with Afghanistan",
        columns={
            "programme": "Programme",
            "partner_body": "Partner body",
            "when": "Years",
            "figure": "Figure",
            "description": "What it is",
        },
        note="As described by the 2023 brief; no programme records confirm them. An open end "
        "means the source gives no end year.",
    )
    timeline = load("timeline")
    rows = timeline[
        # Case-sensitive on purpose: "asan" also occurs inside "Khorasan".
        timeline["event"].str.contains(r"\bASAN\b|Diplomatic Academy|[Ss]cholarship|[Ss]tudent")
    ]
    if not rows.empty:
        items = "\n".join(f"- **{r['date']}**: {r['event']}" for _, r in rows.iterrows())
        text.md(f"The same links in the timeline of relations:\n\n{items}")
        report.cite(rows["source_id"])
    else:
        _missing("The timeline holds no dated scholarship or exchange event.")
