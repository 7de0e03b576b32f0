"""Words of the diaspora report: headings, introductions and sentences composed from the data."""

from __future__ import annotations

import pandas as pd

from ... import report, text
from ...data import country_name
from ._common import (
    BREAK_FACTOR,
    BREAK_LEAST,
    _count_words,
    _missing,
    _params,
    _period,
)
from .queries import (
    _limited,
    _outside,
    breaks_of,
    host_ranks,
)


def refugees_intro(frame: pd.DataFrame) -> None:
    """Show the heading and introduction of the section on refugees in the host (`hosted`)."""
    host, origin = _params(frame, "host", "origin")
    h, o = country_name(host), country_name(origin)
    text.md(
        f"## Refugees and asylum-seekers in {h}\n\n"
        f"Who the refugees and asylum-seekers in {h} are, by country of origin, and how large a "
        f"part of them come from {o}. UNHCR counts recognised refugees and people whose asylum "
        "claim is pending separately; both are shown."
    )


def breaks_words(frame: pd.DataFrame) -> None:
    """Show the sudden breaks in the host's series (from `hosted`), with the possible causes."""
    (host,) = _params(frame, "host")
    found = breaks_of(frame)
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


def hosts_intro(frame: pd.DataFrame) -> None:
    """Show the heading and introduction of the section on the origin's hosts (`abroad`)."""
    host, origin = _params(frame, "host", "origin")
    h, o = country_name(host), country_name(origin)
    text.md(
        f"## Where refugees from {o} live\n\n"
        f"The countries of asylum that host the most refugees and asylum-seekers from {o}, and "
        f"where {h} stands among them."
    )


def rank_words(frame: pd.DataFrame) -> None:
    """Show where the chosen host ranked among hosts of the origin's refugees (`abroad`)."""
    host, origin, start, end = _params(frame, "host", "origin", "start_year", "end_year")
    h, o = country_name(host), country_name(origin)
    rows = frame
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


def turkic_words(frame: pd.DataFrame) -> None:
    """Show the heading and words on the Turkic peoples (from `turkic`).

    The brief's figure, its regions, and the groups the data name without a figure."""
    origin, start, end = _params(frame, "origin", "start_year", "end_year")
    if origin != "AFG":
        text.md(
            "## The Turkic peoples of Afghanistan (Afghan editions only)\n\n"
            "This section is about the Turkic peoples of Afghanistan; the data hold no such "
            f"table for {country_name(origin)}, so it is left out of this edition."
        )
        return
    t = frame
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


def programmes_words(frame: pd.DataFrame) -> None:
    """Show the heading and introduction of the programmes section (from `programmes`)."""
    host, origin = _params(frame, "host", "origin")
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


def programme_events_words(frame: pd.DataFrame) -> None:
    """Show the timeline's dated training and exchange events (from `programme_events`)."""
    if frame.empty:
        _missing("The timeline holds no dated scholarship or exchange event.")
        return
    items = "\n".join(f"- **{r['date']}**: {r['event']}" for _, r in frame.iterrows())
    text.md(f"The same links in the timeline of relations:\n\n{items}")
    report.cite(frame["source_id"])
