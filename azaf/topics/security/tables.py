"""The table step of the security report: sections whose figures are few or dated events show
a numbered table of the frame passed in, with its caption, note and source line."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ... import text
from ._common import (
    REVISION_TABLE_PCT,
    _afg_only,
    _claim_words,
    _dated,
    _missing,
    _qualifier,
    _table,
    _years_of,
    context,
)
from ._compute import _gti_pivot, merge_counted_events
from .words import _largest_revision_pct


def acled_table(acled: pd.DataFrame) -> None:
    """Show the ACLED aggregates (Afghanistan only), each with the date of its data."""
    rows = acled
    if not context(acled).is_afg or rows.empty:
        return
    shown = rows.assign(
        span=rows["start"].dt.strftime("%-d %b %Y") + " – " + rows["end"].dt.strftime("%-d %b %Y"),
        data_of=rows["data_date"].dt.strftime("%-d %b %Y"),
    )
    _table(
        shown,
        "Political violence in Afghanistan: ACLED aggregates for periods in "
        f"{_years_of(list(rows['start'].dt.year) + list(rows['end'].dt.year))}",
        columns={
            "period": "Period",
            "span": "Dates",
            "events": "Events",
            "events_with_fatalities": "Events with fatalities",
            "reported_fatalities": "Reported fatalities",
            "data_of": "ACLED data of",
        },
        formats={
            "events": text.fmt_int,
            "events_with_fatalities": text.fmt_int,
            "reported_fatalities": text.fmt_int,
        },
        note="ACLED data, compiled by ACCORD. ACLED revises its data; later downloads differ.",
    )


def gti_table(gti: pd.DataFrame) -> None:
    """Show GTI rank, score and deaths by edition (a chart of so few points would be mostly
    empty), each edition's remarks in a column of its row."""
    if gti.empty:
        return
    wide = _gti_pivot(gti)
    columns = {"edition": "Edition", "data_year": "Data year"}
    formats: dict[str, Any] = {"data_year": lambda v: str(int(v))}
    for indicator, heading, fmt in [
        ("rank", "Rank", lambda v: str(int(v))),
        ("score", "Score", lambda v: text.fmt_num(v, 3)),
        ("deaths", "Deaths", text.fmt_int),
        ("incidents", "Incidents", text.fmt_int),
        ("injuries", "Injuries", text.fmt_int),
    ]:
        if indicator in wide.columns:
            columns[indicator] = heading
            formats[indicator] = fmt
    notes = gti.dropna(subset=["note"])
    said = notes.groupby(["edition", "data_year"])["note"].agg(
        lambda n: "; ".join(dict.fromkeys(str(x).strip().rstrip(".") for x in n)) + "."
    )
    wide = wide.assign(
        remark=[
            said.get((e, y), "–") for e, y in zip(wide["edition"], wide["data_year"], strict=True)
        ]
    )
    if len(notes):
        columns["remark"] = "Note"
    _table(
        wide,
        "Afghanistan in the Global Terrorism Index, by edition",
        columns=columns,
        formats=formats,
        # The notes carry figures of every row read, so every row's source is cited.
        source_ids=list(dict.fromkeys(gti["source_id"])),
    )


def _attack_rows(attacks: pd.DataFrame, claims: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The attacks as table rows, events a claim counts together merged into one."""
    shown = attacks[attacks["category"] == "security"]
    return merge_counted_events(shown.assign(day=_dated(shown)), claims)


def attacks_table(attacks: pd.DataFrame, claims: pd.DataFrame) -> None:
    """Show the notable attacks and armed-group events (one line for events a claim counts
    together), or say that the timeline holds none in the years."""
    _afg_only(attacks, "The dated events on attacks and armed groups")
    if attacks.empty:
        _missing(f"The timeline holds no attack or armed-group event in {context(attacks).span}.")
        return
    shown, _ = _attack_rows(attacks, claims)
    _table(
        shown,
        f"Notable attacks and armed-group events in Afghanistan, "
        f"{_years_of(attacks['when'].dt.year)}",
        columns={"day": "Date", "event": "Event"},
        note="Events paraphrased from one source each, dated as precisely as the source.",
    )


def claims_table(claims: pd.DataFrame, attacks: pd.DataFrame) -> None:
    """Show what the briefs state about armed groups and terrorism in the years (claims not
    checked here), leaving out counts the attacks table already gives."""
    ctx = context(claims)
    counted = _attack_rows(attacks, claims)[1] if len(attacks) else []
    rows = claims[
        (claims["topic"] == "security")
        # A count already given with its events in the attacks table is not repeated here.
        & ~claims["claim_id"].isin(counted)
        & claims["claim"].str.contains(r"IS-Khorasan|Resistance|Terror|armed|insurg", case=False)
        & claims["year"].between(ctx.start, ctx.end)
    ]
    if rows.empty:
        return
    shown = rows.assign(
        stated=[
            _claim_words(q, v, u)
            for q, v, u in zip(rows["qualifier"], rows["value"], rows["unit"], strict=True)
        ]
    )
    briefs = text.join_words(sorted(set(rows["brief"])))
    _table(
        shown,
        f"Armed groups and terrorism: what the {briefs} brief states (claims, not checked here)",
        columns={
            "claim": "Claim (paraphrased)",
            "stated": "As stated",
            "period": "Period",
            "brief_attribution": "Source the brief names",
        },
        note=(
            "Reported statements from one of the series' founding briefs, kept apart from the "
            "statistical series; the overview report checks them against the data."
        ),
    )


def _related_words(value: Any, unit: Any) -> str:
    """The same precision in the table as in the sentences above it."""
    if unit == "USD million":
        return text.fmt_usd(float(value) * 1e6, 2)
    return text.fmt_value(value, str(unit))


def opium_related_table(related: pd.DataFrame) -> None:
    """Show world share, farmers' income and harvest value as UNODC reported them."""
    rows = related.sort_values(["indicator", "year"])
    if rows.empty:
        return
    labels = {
        "farmer_income": "Farmers' income from opium",
        "harvest_value": "Farm-gate value of the harvest",
        "share_of_world_production": "Share of world opium production",
    }
    shown = rows.assign(
        what=rows["indicator"].map(labels),
        figure=[_related_words(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
    )
    _table(
        shown,
        f"Related opium figures for Afghanistan, {_years_of(rows['year'])} (UNODC)",
        columns={"year": "Year", "what": "Figure", "figure": "Value", "status": "Status"},
        formats={"year": lambda v: str(int(v))},
        note="Status as UNODC gave it: an outcome, or an estimate.",
    )


def _alcis_words(row: pd.Series) -> str:
    value = float(row["value"])
    qualifier = _qualifier(row["qualifier"])
    if row["unit"] == "percent":
        direction = "a fall of " if value < 0 else "a rise of "
        return f"{direction}{qualifier}{text.fmt_pct(abs(value))}"
    return f"{qualifier}{text.fmt_int(value)} hectares"


def alcis_table(alcis: pd.DataFrame) -> None:
    """Show Alcis's satellite estimates, apart from UNODC's series as a different source."""
    if alcis.empty:
        return
    rows = alcis.sort_values(["area", "year", "indicator"])
    shown = rows.assign(
        figure=[_alcis_words(r) for _, r in rows.iterrows()],
        what=rows["indicator"].map(
            {"cultivation": "area under poppy", "cultivation_change": "change on the year before"}
        ),
    )
    _table(
        shown,
        f"Satellite estimates of poppy cultivation by Alcis, {_years_of(alcis['year'])} "
        "(a different source)",
        columns={"area": "Area", "year": "Year", "what": "Estimate", "figure": "Value"},
        formats={"year": lambda v: str(int(v))},
        note="Reported statements: read in news reports of Alcis's analysis.",
    )


def drug_events_table(drug_events: pd.DataFrame) -> None:
    """Show the timeline's events on drugs and trafficking in the years (nothing if none)."""
    rows = drug_events
    if rows.empty:
        return
    _table(
        rows.assign(day=_dated(rows)),
        "Dated events on drugs in Afghanistan and on the routes through Azerbaijan, "
        f"{_years_of(rows['when'].dt.year)}",
        columns={"day": "Date", "event": "Event"},
        note="Events paraphrased from one source each; figures in them are as the source states.",
    )


def nato_milestones_table(milestones: pd.DataFrame) -> None:
    """Show the NATO missions' milestones in the timeline (Afghanistan, whatever the country)."""
    ctx = context(milestones)
    if not ctx.is_afg:
        text.md(
            f"*The NATO-led missions were in Afghanistan; this section is about them and "
            f"Azerbaijan's part in them, whatever the country chosen ({ctx.name}).*"
        )
    if milestones.empty:
        return
    _table(
        milestones.assign(day=_dated(milestones)),
        "The NATO missions in Afghanistan: milestones in the timeline, "
        f"{_years_of(milestones['when'].dt.year)}",
        columns={"day": "Date", "event": "Event"},
    )


def nato_sizes_table(nato: pd.DataFrame) -> None:
    """Show the NATO-led missions' size statements, or say the data hold none for the years."""
    rows = nato
    if rows.empty:
        _missing(
            f"The data hold no statement of the size of a NATO mission for {context(nato).span}."
        )
        return
    shown = rows.assign(
        stated=[
            f"{'about ' if q == 'about' else ''}{text.fmt_int(v)}"
            for q, v in zip(rows["qualifier"], rows["personnel"], strict=True)
        ],
        day=_dated(rows),
    )
    _table(
        shown,
        "Size statements of the NATO-led missions in Afghanistan, "
        f"{_years_of(rows['when'].dt.year)}",
        columns={
            "mission": "Mission",
            "day": "Date",
            "stated": "Personnel",
            "countries": "Contributing nations",
            "note": "Note",
        },
        formats={"countries": text.fmt_int},
        note="Dates are those of the statements; several web pages are dated only roughly.",
    )


def contingent_table(contingent: pd.DataFrame) -> None:
    """Show the Azerbaijani contingent's reported sizes, missions and tasks."""
    rows = contingent
    if rows.empty:
        return
    shown = rows.assign(day=_dated(rows, "date"))
    _table(
        shown,
        "The Azerbaijani contingent: reported sizes, missions and tasks",
        columns={
            "day": "Date",
            "personnel": "Personnel",
            "mission": "Mission",
            "tasks": "Tasks",
            "note": "Note",
        },
        formats={"personnel": text.fmt_int},
    )


def revisions_table(revisions: pd.DataFrame) -> None:
    """Show the largest revisions between the UCDP releases, one row per year and release,
    when the largest is at least REVISION_TABLE_PCT of its year's count."""
    if revisions.empty or _largest_revision_pct(revisions) < REVISION_TABLE_PCT:
        return
    changed = revisions[revisions["diff"] != 0]
    old_release = str(revisions["release"].iloc[0])
    top = changed.reindex(changed["diff"].abs().sort_values(ascending=False).index).head(6)
    # One row per year and release, so each figure keeps its own source in the source line.
    newer = top.assign(which=revisions.attrs["release"], shown=top["deaths"], rev=top["diff"])
    older = top.assign(
        which=old_release, shown=top["deaths_old"], rev=pd.NA, source_id=top["source_id_old"]
    )
    frame = pd.concat([older, newer]).sort_values(["year", "rev"], na_position="first")
    _table(
        frame[["year", "which", "shown", "rev", "source_id"]],
        f"Total deaths in organised violence in {context(revisions).name}: the largest "
        "revisions between the UCDP releases",
        columns={"year": "Year", "which": "Release", "shown": "Deaths", "rev": "Revision"},
        formats={
            "year": lambda v: str(int(v)),
            "shown": text.fmt_int,
            "rev": lambda v: ("+" if v > 0 else "−" if v < 0 else "") + text.fmt_int(abs(v)),
        },
    )
