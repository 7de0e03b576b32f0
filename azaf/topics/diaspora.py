"""Diaspora: refugees in the host country, where the origin's refugees live, the Turkic
peoples of Afghanistan and Azerbaijan's people-to-people programmes with Afghanistan."""

from __future__ import annotations

import html
import re
from typing import Any

import matplotlib
import pandas as pd

from .. import charts, report, tables, text
from ..data import country_name, load, load_quiet
from ..sources import source_line

METHODS = (
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
    "**Coverage.** The data keep every origin only for a small set of host countries (those "
    "next to Afghanistan, Türkiye and two European hosts); for other hosts they hold Afghans "
    "only. Shares of a host's refugees are computed only where every origin is kept. Before "
    "the main release begins, the data hold Afghan refugees only in Iran and Pakistan (from "
    "a second UNHCR extract), so rankings of host countries start with the main release.\n\n"
    "**Turkic peoples.** Afghanistan has held no full census since the aborted 1979 survey. "
    "Each estimate is shown with its source, its year and what it counts (an ethnic group or "
    "the speakers of a language, a number of people or a share of the population); estimates "
    "that disagree are shown side by side and never averaged.\n\n"
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
    end_year: int = 2022,
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
                    unit=f"rank among {int(r['hosts'])} hosts",
                    period=_period(r),
                    source=str(r["source_id"]),
                    label=f"{h}'s rank among hosts of refugees from {o}",
                )
            )
    return figures


# ---------------------------------------------------------------- display helpers


def _missing(message: str) -> None:
    """Say in place that the data cannot show something."""
    from IPython.display import HTML, display

    display(HTML(f'<div class="azaf-missing"><p>{html.escape(message)}</p></div>'))


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
        lines.append(_turkic_finding())
    if host == "AZE" and origin == "AFG":
        lines.append(_programme_finding())
    report.cite(sources)
    body = "".join(f"<li>{_inline_md(line)}</li>" for line in lines if line)
    from IPython.display import HTML, display

    display(HTML(f'<div class="azaf-summary"><ul>{body}</ul></div>'))
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


def _inline_md(line: str) -> str:
    # The summary box is HTML; bold marks from the composed sentences become <strong>.
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(line))


# ---------------------------------------------------------------- refugees in the host


def hosted_chart(host: str, origin: str, start: int, end: int) -> None:
    """People hosted by year, the origin first, then the three next origins and the rest."""
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
    fig, ax = charts.new_figure()
    bottom = pd.Series(0.0, index=wide.index)
    colours = [ORIGIN_COLOUR, *OTHER_COLOURS]
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
    ax.set_ylabel("refugees and asylum-seekers")
    ax.yaxis.set_major_formatter(charts.thousands())
    _year_ticks(ax, wide.index)
    ax.legend(ncols=min(len(wide.columns), 3), fontsize=7, loc="upper left")
    ax.set_ylim(0, float(bottom.max()) * 1.25)
    # The appendix gets one row per year (people hosted per origin group), not a long list.
    shown = wide.astype(int).reset_index()
    shown.columns.name = None
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
    charts.show_figure(
        fig,
        caption,
        shown,
        alt=f"Stacked bars of refugees and asylum-seekers in {h} per year, by origin",
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


def brief_comparison(host: str, origin: str) -> None:
    """What the briefs say about refugees in the host, beside what the data show."""
    h, o = country_name(host), country_name(origin)
    claims = load("brief_claims")
    claims = claims[claims["data_table"] == "refugees"]
    claims = claims[claims["data_filter"].fillna("").str.contains(f"asylum == '{host}'")]
    if claims.empty:
        text.md(f"The two briefs make no quantitative claim about refugees in {h}.")
        return
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
    ax.barh(labels[::-1], shown["total"].astype(float).iloc[::-1], color=colours[::-1])
    ax.set_xscale("log")
    _log_axis(ax.xaxis)
    ax.set_xlabel("refugees and asylum-seekers (logarithmic scale)")
    ax.grid(axis="x")
    period = _period(shown.iloc[0])
    note = f"Red: {h}." if host in shown["asylum"].values else f"{h} holds no figure for {year}."
    charts.show_figure(
        fig,
        f"Largest hosts of refugees and asylum-seekers from {o}, {period}",
        shown[["year", "country", "refugees", "asylum_seekers", "total", "source_id"]],
        alt=f"Horizontal bars of the {len(shown)} largest hosts of refugees from {o}",
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
    fig, ax = charts.new_figure(height=3.6)
    for i, code in enumerate(keep):
        one = sub[sub["asylum"] == code].sort_values("year")
        if one.empty:
            continue
        years = one["year"].astype(int)
        consecutive = bool((years.diff().dropna() == 1).all())
        colour = charts.PALETTE[1] if code == host else charts.PALETTE[(i + 2) % 7]
        style = "-" if code != host else "--"
        ax.plot(
            years,
            one["total"].astype(float),
            "o" + (style if consecutive else ""),
            color=colour if code == host else None,
            label=country_name(code),
            markersize=3,
            linewidth=1.8 if code == host else 1.2,
        )
    ax.set_yscale("log")
    _log_axis(ax.yaxis)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_ylabel("refugees and asylum-seekers (log scale)")
    ax.legend(fontsize=6.5, ncols=2, loc="center left", bbox_to_anchor=(1.0, 0.5))
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
        f"Refugees and asylum-seekers from {o} in the largest hosts, {int(rows['year'].min())}–"
        f"{int(year)}",
        _wide_by_country(sub),
        alt=f"Lines of refugees from {o} by year in each of the largest host countries",
        note=f"{note}Logarithmic scale. Lines join consecutive years only. " + _mid_note(sub),
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


def turkic_estimates(quiet: bool = False) -> pd.DataFrame:
    """The Turkic groups table with one label per people and a readable estimate column.

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
            return f"{lo}%" if lo == hi else f"{lo}–{hi}%"
        return text.fmt_int(lo) if lo == hi else f"{text.fmt_int(lo)}–{text.fmt_int(hi)}"

    table["estimate"] = table.apply(estimate, axis=1)
    return table


def _publisher(source_id: str) -> str:
    from ..data import sources

    reg = sources()
    return str(reg.loc[source_id, "publisher"]) if source_id in reg.index else source_id


def _turkic_finding() -> str:
    t = turkic_estimates(quiet=True)
    uz = t[(t["label"] == "Uzbek") & t["estimate_low"].notna()]
    people = uz[uz["unit"] == "people"]
    share = uz[uz["unit"] == "percent"]
    report.cite(uz["source_id"])
    if people.empty:
        return ""
    lo, hi = (
        people.loc[people["estimate_low"].idxmin()],
        people.loc[people["estimate_high"].idxmax()],
    )
    share_text = (
        f"; shares of the population range from {share['estimate_low'].min()}% to "
        f"{share['estimate_high'].max()}%"
        if not share.empty
        else ""
    )
    return (
        f"No census counts Afghanistan's Turkic peoples: published estimates of the Uzbeks alone "
        f"run from **{text.fmt_count(lo['estimate_low'], 'people')}** ({lo['estimate_year']}) to "
        f"**{text.fmt_count(hi['estimate_high'], 'people')}** ({hi['estimate_year']}){share_text}."
    )


def turkic_section(origin: str) -> None:
    """Groups, regions and population estimates side by side; groups without figures named."""
    if origin != "AFG":
        _missing(
            f"This section is about the Turkic peoples of Afghanistan; the data hold no such "
            f"table for {country_name(origin)}, so it is left out."
        )
        return
    t = turkic_estimates()
    with_fig = t[t["estimate_low"].notna()]
    without = t[t["estimate_low"].isna()]
    groups_with = set(with_fig["label"])
    no_figure = sorted(set(without["label"]) - groups_with)
    brief = t[(t["source_id"] == "brief_2023") & t["estimate_low"].notna()]
    if not brief.empty:
        b = brief.iloc[0]
        text.md(
            f"The 2023 brief puts the Turkic peoples of Afghanistan at about "
            f"**{text.fmt_count(b['estimate_low'], 'people')}** and names "
            f"{text.join_words(sorted(without['group'].unique()))} among the groups close to "
            f"Azerbaijani Turks, living mainly in "
            f"{text.join_words(str(b['regions']).split('; '))}. It gives no source or method and "
            "no figure per group. Other publishers count Uzbeks, Turkmens and Kyrgyz, in people or "
            "as a share of the population; they are set side by side below."
        )
    if no_figure:
        _missing(
            "No published figure was found for: "
            + text.join_words(no_figure)
            + ". The data hold their names only."
        )
    _turkic_chart(with_fig[with_fig["unit"] == "people"])
    shown = with_fig.assign(
        regions=with_fig["regions"].fillna("–"),
        publisher=with_fig["source_id"].map(_publisher),
        year=with_fig["estimate_year"].map(lambda v: "–" if text.is_missing(v) else str(v)),
        counted=with_fig["unit"].map({"people": "people", "percent": "share of population"}),
    ).sort_values(["label", "unit", "estimate_year"])
    tables.show_table(
        shown,
        "Published estimates of the Turkic peoples of Afghanistan, side by side",
        columns={
            "label": "Group",
            "estimate": "Estimate",
            "counted": "As",
            "year": "Year",
            "scope": "What is counted",
            "regions": "Regions named",
            "publisher": "Publisher",
        },
        note="Year: the year the figure refers to where the source says so, else the edition. "
        "Estimates are not averaged: they count different things at different dates.",
    )


def _turkic_chart(people: pd.DataFrame) -> None:
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
                f"{r['estimate_year']}, {short}",
                (hi, y),
                textcoords="offset points",
                xytext=(5, -3),
                fontsize=6,
                color=colour,
            )
    ax.set_yticks(range(len(labels)), labels[::-1])
    ax.set_xscale("log")
    _log_axis(ax.xaxis)
    ax.set_xlabel("people (logarithmic scale); labels: year the estimate refers to, publisher")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(float(people["estimate_low"].min()) / 2, float(people["estimate_high"].max()) * 20)
    shown = people.assign(publisher=people["source_id"].map(_publisher))
    charts.show_figure(
        fig,
        "Estimates of Turkic peoples in Afghanistan, in people, by source",
        shown[
            ["label", "estimate_low", "estimate_high", "estimate_year", "publisher", "source_id"]
        ],
        alt="Dots and ranges of published population estimates per Turkic group, one colour "
        "per source, on a logarithmic scale",
        note="One dot per source (a bar where the source gives a range); colours tell sources "
        "apart. Shares of the population are in the table below. Figures for all Turkic "
        "peoples and for one group are not comparable.",
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


def programmes_section(host: str, origin: str) -> None:
    """Azerbaijan's training, public-service and scholarship links with Afghanistan."""
    if host != "AZE" or origin != "AFG":
        who = country_name(host) if host != "AZE" else country_name(origin)
        _missing(
            "The programmes in the data are Azerbaijan's, with Afghanistan; this edition is about "
            f"{who}, so the section is left out. The Azerbaijan edition of this report shows them."
        )
        return
    p = load("people_programmes")
    shown = p.assign(
        partner_body=p["partner_body"].fillna("–"),
        when=p.apply(
            lambda r: (
                "not stated"
                if text.is_missing(r["start"])
                else f"{r['start']}–{'' if text.is_missing(r['end']) else r['end']}"
            ),
            axis=1,
        ),
        figure=p.apply(
            lambda r: "–" if text.is_missing(r["value"]) else _programme_value(r), axis=1
        ),
    )
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
