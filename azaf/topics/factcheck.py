"""The fact check and timeline report: every quantitative claim of the two founding briefs
set against the data, with its verdict and notes, and the full timeline of relations (the
overview brief summarises both in a paragraph and a short table)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .. import charts, tables, text
from .. import factcheck as engine
from ..report import cite
from .overview import BRIEFS, fact_check, timeline

__all__ = [
    "BRIEFS",
    "METHODS",
    "fact_check",
    "fact_check_intro",
    "fact_check_table",
    "verdict_chart",
    "verdict_words",
    "fmt_claim_value",
    "key_figures",
    "ref",
    "timeline",
    "timeline_table",
    "verdict_counts",
    "verdict_notes",
]

METHODS = (
    "**The fact check** sets every quantitative claim of the two briefs against the rows of "
    "the data package about the same thing: rows from the briefs themselves do not count as "
    "a second source; the claim's hedge (more than, about, up to) decides what agrees; money "
    "is compared across scales; yearly growth rates are compounded where a claim speaks of "
    "several years; a figure counts as *close* when it is within "
    f"{text.fmt_pct(engine.TOLERANCE * 100)} of the brief's (relative difference). "
    "The verdicts follow from the figures: an outcome for the claim's period that agrees "
    "gives *confirmed* or *close*; where outcomes for the period all disagree, the verdict "
    "is *outdated* if the brief's figure matches an earlier period, else *differs* (and the "
    "note says when the brief's figure matches a projection made at the time); a matching "
    "projection with no outcome to compare with gives *projection*; anything else is "
    "*unverified*, with a note on what the data hold. **The timeline** lists dated events of "
    "the relationship, each from one source, as precisely dated as the source allows: an "
    "event known only to the month is listed in the middle of that month; one known only to "
    "the year at the start of the year, or at its end when the source says it came late in "
    "the year."
)


def timeline_table(rows: pd.DataFrame) -> None:
    """The events as a table, dated as precisely as their sources."""
    if rows.empty:
        text.md("No event of the timeline falls within the years chosen.")
        return
    first, last = rows.iloc[0], rows.iloc[-1]
    tables.show_table(
        rows.assign(category=rows["category"].str.replace("_", " ")),
        f"{len(rows)} dated events of the relationship, {first['when']} to {last['when']}",
        columns={"when": "Date", "category": "Category", "event": "Event"},
        note=(
            "Events are listed in date order. An event dated by its source only to a month is "
            "placed in the middle of that month; one dated only to a year is placed at the "
            "start of that year, or at its end when the source says it came late in the year."
        ),
    )


# --- fact check ------------------------------------------------------------------------

HEDGES = {
    "more_than": "over ",
    "at_least": "at least ",
    "about": "about ",
    "up_to": "up to ",
    "less_than": "under ",
}


def fmt_claim_value(value: Any, unit: Any, qualifier: Any = "exact") -> str:
    """A figure of a claim, or the data's figure for it, in words with the brief's hedge.

    Example:
        >>> fmt_claim_value(150, "USD million per year")
        'US$150 million a year'
        >>> fmt_claim_value(6, "school grade", "more_than")
        'beyond grade 6'
    """
    if text.is_missing(value):
        return "–"
    unit = "" if text.is_missing(unit) else str(unit)
    qualifier = "exact" if text.is_missing(qualifier) else str(qualifier)
    hedge = HEDGES.get(qualifier, "")
    number = engine.fmt_figure(value, "")
    if unit == "school grade":
        limit = {"more_than": "beyond", "less_than": "below"}.get(qualifier)
        return f"{limit} grade {number}" if limit else f"{hedge}grade {number}"
    if unit == "rank":
        return f"{hedge}rank {number}"
    if unit.startswith("ratio"):
        # "ratio (2019 to 2020)": the first period's figure to one of the second's.
        return f"{hedge}{number} to 1 {unit[len('ratio') :].strip()}".strip()
    if unit.endswith(" per year"):
        return f"{hedge}{engine.fmt_figure(value, unit[: -len(' per year')])} a year"
    unit = re.sub(r"\s*\(threshold\)", "", unit).replace("trainings", "training sessions")
    return hedge + engine.fmt_figure(value, unit)


def _count_phrase(verdict: str, n: int) -> str:
    one = n == 1
    phrases = {
        "confirmed": "is confirmed" if one else "are confirmed",
        "close": "is close" if one else "are close",
        "differs": "differs" if one else "differ",
        "outdated": "is outdated" if one else "are outdated",
        "projection": "is a projection" if one else "are projections",
        "unverified": "is unverified" if one else "are unverified",
    }
    return f"{n} {phrases[verdict]}"


def _brief_label(brief: str) -> str:
    return f"{brief} brief"


def verdict_counts(checked: pd.DataFrame) -> pd.DataFrame:
    """Claims per verdict and brief, as drawn: verdict, brief, claims, source_id (the brief)."""
    ids = checked.groupby("brief")["claim_source_id"].first().to_dict()
    rows = [
        {
            "verdict": verdict,
            "brief": _brief_label(brief),
            "claims": int(((checked["verdict"] == verdict) & (checked["brief"] == brief)).sum()),
            "source_id": ids[brief],
        }
        for verdict in engine.VERDICTS
        for brief in sorted(ids)
    ]
    return pd.DataFrame(rows, columns=["verdict", "brief", "claims", "source_id"])


def verdict_words(checked: pd.DataFrame) -> None:
    """A sentence on the verdicts of the claims in `checked`, then what each verdict means."""
    counts = engine.counts(checked)
    parts = [_count_phrase(verdict, n) for verdict, n in counts.items() if n]
    briefs = checked["brief"].nunique()
    whose = "the brief makes" if briefs == 1 else "the briefs make"
    text.md(
        f"Of the {len(checked)} quantitative claims {whose}, "
        f"{text.join_words(parts) if parts else 'none is checked'}. A figure is *close* when "
        f"it lies within {text.fmt_pct(engine.TOLERANCE * 100)} of the brief's. "
        + " ".join(f"*{v.capitalize()}*: {engine.MEANINGS[v]}." for v in engine.VERDICTS)
    )


def _verdict_title(checked: pd.DataFrame) -> str:
    """The chart's finding: the commonest verdict, then how many agree with the data."""
    counts = engine.counts(checked)
    if not len(checked):
        return "No claim of the briefs is checked"
    top = max(counts, key=lambda v: counts[v])
    agree = counts["confirmed"] + counts["close"]
    title = f"{counts[top]} of the {len(checked)} claims {_count_phrase(top, 2).split(' ', 1)[1]}"
    if top not in ("confirmed", "close"):
        title += f"; {agree} {'is' if agree == 1 else 'are'} confirmed or close"
    return title


def verdict_chart(checked: pd.DataFrame) -> Any:
    """Bars counting the claims in `checked` by verdict, one colour per brief; returns the
    figure."""
    data = verdict_counts(checked)
    fig, ax = charts.new_figure(height=2.5)
    names = list(engine.VERDICTS)
    left = pd.Series(0, index=names)
    for i, (brief, grp) in enumerate(data.groupby("brief", sort=True)):
        widths = grp.set_index("verdict")["claims"].reindex(names, fill_value=0)
        ax.barh(
            names, widths, left=left, color=charts.PALETTE[i % len(charts.PALETTE)], label=brief
        )
        left = left + widths
    for i, v in enumerate(names):
        ax.annotate(
            str(int(left[v])), (left[v], i), xytext=(3, 0), textcoords="offset points", va="center"
        )
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("claims")
    ax.legend(loc="upper right", frameon=False)
    return charts.show_figure(
        fig,
        _verdict_title(checked),
        data,
        subtitle="Quantitative claims of the founding briefs by verdict, brief by brief",
        note="The claims are the briefs'; the verdicts are this series', computed from the data.",
        alt=(
            "Bar chart counting the briefs' claims by verdict: "
            + ", ".join(f"{v} {int(left[v])}" for v in names)
        ),
    )


def fact_check_table(checked: pd.DataFrame, brief: str) -> None:
    """The claims of one brief with the brief's value, the data's value and the verdict,
    then the notes that explain the verdicts."""
    rows = checked[checked["brief"] == brief].copy()
    if rows.empty:
        return
    rows["brief_shown"] = [
        fmt_claim_value(v, u, q)
        for v, q, u in zip(rows["brief_value"], rows["qualifier"], rows["unit"], strict=True)
    ]
    rows["data_shown"] = [
        "–" if text.is_missing(v) else fmt_claim_value(v, u) + (f" ({p})" if p else "")
        for v, u, p in zip(rows["data_value"], rows["unit"], rows["data_period"], strict=True)
    ]
    rows["source_id"] = rows["_first_source"].where(
        rows["_first_source"] != "", rows["claim_source_id"]
    )
    rows["source_shown"] = rows["source_name"].where(rows["source_name"] != "", "–")
    rows["ref"] = rows["claim_id"].map(ref)
    tables.show_table(
        rows,
        f"Claims of the {_brief_label(brief)} set against the data",
        columns={
            "ref": "Ref.",
            "claim": "Claim",
            "brief_shown": "Brief",
            "data_shown": "Data (period)",
            "verdict": "Verdict",
            "source_shown": "Source of the data",
        },
        note=(
            "Notes on the verdicts follow the table. The table and its notes are also "
            "available as a CSV file (factcheck.csv) beside the reports."
        ),
    )
    verdict_notes(rows)


def ref(claim_id: str) -> str:
    """A claim's reference as shown, kept on one line (a non-breaking hyphen)."""
    return str(claim_id).replace("-", "\u2011")


NO_TABLE = "No table in the data covers this claim."
BRIEF_ONLY = "Only the brief's own figure is in the data."


def verdict_notes(rows: pd.DataFrame) -> None:
    """Notes on the verdicts of one brief's claims, by reference; the common reasons for
    an unverified claim are grouped in one sentence."""
    grouped = []
    for note, words in (
        (NO_TABLE, "no table in the data covers the claim"),
        (BRIEF_ONLY, "the brief's own figure is the only one in the data"),
    ):
        refs = rows.loc[rows["note"] == note, "claim_id"].map(ref).tolist()
        if refs:
            grouped.append(f"for {text.join_words(refs)}, {words}")
    cite([s for ids in rows["_note_sources"] for s in str(ids).split(";") if s])
    items = [
        f"**{ref(r.claim_id)}** ({r.verdict}): {r.note}"
        for r in rows.itertuples()
        if r.note and r.note not in (NO_TABLE, BRIEF_ONLY)
    ]
    lines = []
    if items:
        lines.append("\n".join(f"- {i}" for i in items))
    if grouped:
        lines.append("Unverified claims: " + "; ".join(grouped) + ".")
    if lines:
        text.md("\n\n".join(lines))


def fact_check_intro() -> None:
    """What the fact check is, in two sentences."""
    text.md(
        "The series grew from two policy briefs. Every quantitative claim they make is set "
        "here against the figures the series' data hold for the same thing and period; the "
        "verdict is computed from the data, and a figure the series calculated (a share, a "
        "total implied by a part) is marked as such."
    )


# --- key figures -----------------------------------------------------------------------


def key_figures(start_year: int = 1991, end_year: int = 2026) -> list[dict]:
    """The fact check's key figures (fact-check counts, timeline events), without display.

    Example:
        >>> [kf["name"] for kf in key_figures()][:1]
        ['factcheck.claims_checked']
    """
    from ..data import load_quiet

    checked = engine.run()
    counts = engine.counts(checked)
    table = load_quiet("timeline")
    years = pd.to_numeric(table["date"].str[:4])
    events = table[years.between(start_year, end_year)]
    period = "briefs of " + text.join_words(sorted(checked["brief"].unique()))
    return [
        dict(
            name="factcheck.claims_checked",
            value=len(checked),
            unit="claims",
            period=period,
            source=BRIEFS,
            label="Quantitative claims of the briefs checked",
        ),
        dict(
            name="factcheck.claims_confirmed",
            value=counts["confirmed"] + counts["close"],
            unit="claims",
            period=period,
            source=BRIEFS,
            label="Claims confirmed or close to an independent source",
        ),
        dict(
            name="factcheck.claims_unverified",
            value=counts["unverified"],
            unit="claims",
            period=period,
            source=BRIEFS,
            label="Claims with no independent figure for their period",
        ),
        dict(
            name="factcheck.timeline_events",
            value=len(events),
            unit="events",
            period=f"{start_year}–{end_year}",
            source=sorted(set(events["source_id"])),
            label="Dated events in the timeline",
        ),
    ]
