"""The diaspora report's summary findings and key figures, composed from the data."""

from __future__ import annotations

import pandas as pd

from ... import report, text
from ...data import country_name, load_quiet
from ._common import (
    _pct,
    _period,
    _share_text,
    _span,
)
from .queries import (
    _limited,
    _programme_value,
    _stated_share,
    all_origin_hosts,
    host_ranks,
    host_rows,
    origin_rows,
    share_by_year,
    turkic_estimates,
)


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
