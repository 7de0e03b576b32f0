"""Tables of the diaspora report: the origin's share in the host and the briefs beside the data."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ... import report, tables, text
from ...data import country_name, load_quiet
from ...sources import source_line
from ._common import (
    _frame_span,
    _mid_note,
    _missing,
    _params,
    _pct,
    _publisher,
    _span,
    _with_total,
)
from .queries import (
    all_origin_hosts,
    share_by_year,
)


def share_table(frame: pd.DataFrame) -> None:
    """Show the origin's people and share of all people hosted in the host (from `hosted`)."""
    host, origin, start, end = _params(frame, "host", "origin", "start_year", "end_year")
    h, o = country_name(host), country_name(origin)
    if host not in all_origin_hosts(quiet=True):
        _missing(
            f"The data keep only people from {o} for {h}, not every origin, so the share of "
            f"{o} among all refugees in {h} cannot be computed."
        )
        return
    here = frame
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
        f"People from {o} among all refugees and asylum-seekers in {h}, "
        f"{_frame_span(share, start, end)}",
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


def brief_comparison(claims: pd.DataFrame) -> None:
    """Show what the briefs say about refugees in the host (from `claims`), beside the data."""
    host, origin = _params(claims, "host", "origin")
    h, o = country_name(host), country_name(origin)
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


def turkic_table(frame: pd.DataFrame) -> None:
    """Show the published estimates (from `turkic`) side by side, with what each counts."""
    (origin,) = _params(frame, "origin")
    with_fig = frame[frame["estimate_low"].notna()]
    if with_fig.empty:
        # Another origin's edition has said the section is left out; say nothing twice.
        if origin == "AFG":
            _missing(
                "The data hold no published estimate of Afghanistan's Turkic peoples "
                "for this edition."
            )
        return
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


def programmes_table(frame: pd.DataFrame) -> None:
    """Show Azerbaijan's programmes with Afghanistan (from `programmes`), one row each."""
    if frame.empty:
        _missing("The data hold no record of Azerbaijan's programmes with Afghanistan.")
        return
    tables.show_table(
        frame,
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
