"""Overview: the series in brief — key figures of every report, the timeline of relations,
the fact check of the briefs' claims, and the options the 2023 brief discusses."""

from __future__ import annotations

import html
import importlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd

from .. import charts, factcheck, tables, text
from ..data import load, sources
from ..report import cite

KEY_FIGURES_ENV = "AZAF_KEY_FIGURES"  # set by the build: the JSON of the other reports' figures
BRIEFS = ["brief_2018", "brief_2023"]

METHODS = (
    "**Key figures** are those the other reports of the series record; each report gives "
    "their context and caveats. **The timeline** lists dated events of the relationship, "
    "each from one source, as precisely dated as the source allows: an event known only to "
    "the month is drawn and listed in the middle of that month; one known only to the year "
    "is drawn at mid-year with a hollow marker and listed at the start of the year, or at "
    "its end when the source says it came late in the year. **The fact check** sets every "
    "quantitative claim of the two briefs against the rows of the data package that are "
    "about the same thing: rows from the briefs themselves do not count as a second source; "
    "the claim's hedge (more than, about, up to) decides what agrees; money is compared "
    "across scales; yearly growth rates are compounded where a claim speaks of several "
    "years; a figure counts as *close* when it is within "
    f"{text.fmt_pct(factcheck.TOLERANCE * 100)} of the brief's (relative difference). "
    "The verdicts follow from the figures: an outcome for the claim's period that agrees "
    "gives *confirmed* or *close*; where outcomes for the period all disagree, the verdict "
    "is *outdated* if the brief's figure matches an earlier period, else *differs* (and the "
    "note says when the brief's figure matches a projection made at the time); a matching "
    "projection with no outcome to compare with gives *projection*; anything else is "
    "*unverified*, with a note on what the data hold. The options are the 2023 brief's, "
    "summarised in our own words and attributed to it; the figures beside them come from "
    "the data."
)


# --- key figures of the series ---------------------------------------------------------


def _series() -> Any:
    from ..project import get_project
    from ..series import load_series

    return load_series(get_project())


def topic_figures() -> list[dict]:
    """The key figures of every other report: from this build, or computed with defaults.

    Each item: id, report, title, variant, status, outputs, key_figures, origin ("build",
    "computed", "missing" or "failed").

    Example:
        >>> [p["report"] for p in topic_figures()]
        ['trade', 'security', 'humanitarian', 'diaspora']
    """
    path = os.environ.get(KEY_FIGURES_ENV)
    handed = None
    if path and Path(path).is_file():
        handed = json.loads(Path(path).read_text(encoding="utf-8")).get("reports", [])
    panel = []
    for report in _series().reports.values():
        if report.id == "overview":
            continue
        if handed is not None:
            runs = [dict(item, origin="build") for item in handed if item["report"] == report.id]
            # A report left out of this build (and never built before) has nothing to show.
            panel += runs or [_placeholder(report, "not built")]
            continue
        item = _placeholder(report, "missing")
        try:
            module = importlib.import_module(f"azaf.topics.{report.id}")
        except ImportError:
            module = None
        function = getattr(module, "key_figures", None)
        if callable(function):
            try:
                item["key_figures"] = [_normalise(kf) for kf in function()]
                item["origin"] = "computed"
            except Exception:  # a report under repair must not stop the overview
                item["origin"] = "failed"
        panel.append(item)
    return panel


def _placeholder(report: Any, origin: str) -> dict:
    return {
        "id": report.id,
        "report": report.id,
        "title": report.title,
        "variant": None,
        "status": "",
        "outputs": {"html": f"{report.id}.html"},
        "key_figures": [],
        "origin": origin,
    }


def _normalise(kf: dict) -> dict:
    """A key-figure dict as azaf.record stores it (value cleaned, source as a list)."""
    value = kf.get("value")
    if not text.is_missing(value) and not isinstance(value, str):
        value = float(value)
        value = int(value) if value.is_integer() else value
    elif text.is_missing(value):
        value = None
    source = kf.get("source", [])
    return {
        "name": kf["name"],
        "label": kf.get("label") or kf["name"].replace("_", " "),
        "value": value,
        "unit": kf.get("unit", ""),
        "period": str(kf.get("period", "")),
        "source": [source] if isinstance(source, str) else list(source),
    }


def _run_title(item: dict) -> str:
    variant = item.get("variant") or {}
    return item["title"] + (f" ({', '.join(map(str, variant.values()))})" if variant else "")


def label_and_period(label: str, period: Any) -> tuple[str, str]:
    """A key figure's label and period without the period said twice.

    A label that ends its subject with ", <period>" loses it; a label that otherwise
    names the period keeps it, and the period is left out.

    Example:
        >>> label_and_period("Opium production, 2024 (UNODC)", "2024")
        ('Opium production (UNODC)', '2024')
        >>> label_and_period("people in need, 2026 plan", "2026")
        ('people in need, 2026 plan', '')
    """
    period = "" if text.is_missing(period) else str(period)
    if not period or period not in label:
        return label, period
    stripped = re.sub(rf",\s*{re.escape(period)}(?=\s*\(|$)", "", label)
    return (stripped, period) if stripped != label else (label, "")


def panel_frame(panel: list[dict]) -> pd.DataFrame:
    """One row per key figure: report, label, value as shown, period, first source."""
    rows = []
    for item in panel:
        for kf in item.get("key_figures") or []:
            sources = kf.get("source") or []
            cite(sources[1:])
            label, period = label_and_period(kf.get("label", kf["name"]), kf.get("period", ""))
            rows.append(
                {
                    "report": _run_title(item),
                    "name": kf["name"],
                    "label": label,
                    "shown": text.fmt_value(kf.get("value"), kf.get("unit", "")),
                    "value": kf.get("value"),
                    "period": period,
                    "source_id": sources[0] if sources else None,
                }
            )
    return pd.DataFrame(
        rows, columns=["report", "name", "label", "shown", "value", "period", "source_id"]
    )


def headline_panel(panel: list[dict]) -> tuple[list[dict], list[str]]:
    """The panel with one headline figure for each further edition of a matrix report.

    The first edition of a report keeps all its figures; the others keep their first one
    (the rest are in their own reports and on the index page), so the panel stays short.
    Returns the trimmed panel and the titles of the trimmed editions.
    """
    seen: set[str] = set()
    trimmed, shortened = [], []
    for item in panel:
        if item["report"] in seen and len(item.get("key_figures") or []) > 1:
            item = dict(item, key_figures=item["key_figures"][:1])
            shortened.append(_run_title(item))
        seen.add(item["report"])
        trimmed.append(item)
    return trimmed, shortened


def key_figures_panel(panel: list[dict]) -> None:
    """The key-figures panel: a table of every report's figures, and what is missing."""
    panel, shortened = headline_panel(panel)
    frame = panel_frame(panel)
    if not frame.empty:
        tables.show_table(
            frame,
            "Key figures recorded by the reports of the series",
            columns={
                "report": "Report",
                "label": "Key figure",
                "shown": "Value",
                "period": "Period",
            },
        )
    if shortened:
        text.md(
            f"For {text.join_words(shortened)} the table gives the headline figure only; "
            "their other figures are in their reports and on the series' index page."
        )
    reasons = {
        "build": "recorded none in this build",
        "not built": "are not part of this build",
        "missing": "offer no key-figures function yet",
        "failed": "could not compute theirs here",
        "computed": "returned none",
    }
    for origin, reason in reasons.items():
        names = [_run_title(p) for p in panel if not p.get("key_figures") and p["origin"] == origin]
        if names:
            text.md(f"No key figures are shown for {text.join_words(names)}: they {reason}.")
    failed = [_run_title(p) for p in panel if p.get("status") == "failed"]
    if failed:
        text.md(
            f"The figures shown for {text.join_words(failed)} come from its previous good "
            "build: it failed in this one."
        )


# --- timeline --------------------------------------------------------------------------

LATE = r"\blate\b|\bend of\b"  # an event the source places late in its year


def timeline(start: int, end: int) -> pd.DataFrame:
    """Timeline events within the years, in order, with a drawing position and a date in words.

    Dates known to the day sort on that day and dates known to the month in the middle of
    the month; dates known to the year only sort at the start of the year, or at its end
    when the event is said to be late in the year.

    Example:
        >>> timeline(1991, 2026)[["when", "category"]].head(1)
    """
    table = load("timeline")
    parts = table["date"].astype(str).str.split("-", expand=True).reindex(columns=[0, 1, 2])
    year = pd.to_numeric(parts[0]).astype(int)
    month = pd.to_numeric(parts[1], errors="coerce").astype("float64")
    day = pd.to_numeric(parts[2], errors="coerce").astype("float64")
    year_only = month.isna()
    late = year_only & table["event"].str.contains(LATE, case=False, regex=True, na=False)
    # Listed in order: a day as it is, a month at its middle, a year at its start (or end).
    order = year + (month.fillna(1) - 1) / 12 + (day.fillna(15) - 1) / 365
    order = order.where(~year_only, year - 0.001).where(~late, year + 0.999)
    # Drawn at the middle of what the source says: the day, mid-month, mid-year or, for an
    # event late in its year, the middle of its last quarter.
    position = order.where(~year_only, year + 0.5).where(~late, year + 0.875)
    names = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month.fillna(1), "day": 1})
    ).dt.strftime("%b")
    when = year.astype(str).where(~late, "late " + year.astype(str))
    when = when.where(month.isna(), names + " " + year.astype(str))
    when = when.where(day.isna(), day.fillna(0).astype(int).astype(str) + " " + when)
    # A clause about how the data were compiled ("the inputs give the month …") is a note
    # for the data's makers, not part of the event.
    event = table["event"].str.replace(r";\s*the inputs\b[^.;]*", "", regex=True)
    rows = table.assign(event=event, year=year, order=order, position=position, when=when)
    rows = rows[rows["year"].between(start, end)]
    return rows.sort_values(["order", "id"]).reset_index(drop=True)


def _spread(positions: list[float], near: float) -> list[float]:
    """Vertical offsets so markers closer than `near` on one lane do not hide each other."""
    steps = [0.0, -0.24, 0.24, -0.12, 0.12, -0.36, 0.36]
    placed: list[tuple[float, float]] = []
    offsets = []
    for x in positions:
        taken = {dy for px, dy in placed if abs(px - x) < near}
        dy = next((s for s in steps if all(abs(s - t) > 0.06 for t in taken)), 0.0)
        placed.append((x, dy))
        offsets.append(dy)
    return offsets


def timeline_chart(rows: pd.DataFrame, start: int, end: int) -> None:
    """Events on a time axis, one lane per category, the first and latest labelled."""
    if rows.empty:
        text.md(f"The timeline holds no event for {start}–{end}.")
        return
    categories = list(dict.fromkeys(rows["category"]))
    fig, ax = charts.new_figure(height=3.8)
    left, right = start - 0.5, max(rows["position"].max(), start) + 1.5
    # About one marker's width, in years, at the width the figure is drawn.
    near = (right - left) * 9 / (fig.get_size_inches()[0] * 72 * 0.85)
    y = pd.Series(0.0, index=rows.index)
    for i, category in enumerate(categories):
        group = rows[rows["category"] == category].sort_values("position")
        colour = charts.PALETTE[i % len(charts.PALETTE)]
        y[group.index] = [i + dy for dy in _spread(group["position"].tolist(), near)]
        exact = group["date_precision"] != "year"
        ax.scatter(
            group.loc[exact, "position"], y[group.index[exact]], s=24, color=colour, zorder=3
        )
        ax.scatter(
            group.loc[~exact, "position"],
            y[group.index[~exact]],
            s=24,
            facecolors="white",
            edgecolors=colour,
            linewidths=1.3,
            zorder=3,
        )
    ax.set_yticks(range(len(categories)), [c.replace("_", " ") for c in categories])
    ax.set_ylim(len(categories) - 0.5, -0.5)
    ax.grid(axis="x", color="#e5e8e8")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(5))
    ax.xaxis.set_minor_locator(matplotlib.ticker.MultipleLocator(1))
    ax.set_xlim(left, right)
    ends = (rows.index[0], rows.index[-1]) if len(rows) > 1 else (rows.index[0],)
    for idx in ends:
        ax.annotate(
            rows.loc[idx, "when"],
            (rows.loc[idx, "position"], y[idx]),
            xytext=(0, 8),
            textcoords="offset points",
            ha="center",
            fontsize=7.5,
        )
    shown = rows[["when", "category", "event", "source_id"]].rename(columns={"when": "date"})
    charts.show_figure(
        fig,
        f"Events in Azerbaijan–Afghanistan relations by category, {rows['year'].min()}–"
        f"{rows['year'].max()}",
        shown.assign(category=shown["category"].str.replace("_", " ")),
        alt=(
            f"Timeline of {len(rows)} events from {rows['when'].iloc[0]} to "
            f"{rows['when'].iloc[-1]}, one row per category"
        ),
        note=(
            "Hollow markers: the source gives the year only (drawn at mid-year, or late in the "
            "year where the source says so). Events close in time are drawn slightly above "
            "or below one another."
        ),
    )


def timeline_table(rows: pd.DataFrame) -> None:
    """The events as a table, dated as precisely as their sources."""
    if rows.empty:
        return
    tables.show_table(
        rows.assign(category=rows["category"].str.replace("_", " ")),
        "Timeline of relations",
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
    number = factcheck.fmt_figure(value, "")
    if unit == "school grade":
        limit = {"more_than": "beyond", "less_than": "below"}.get(qualifier)
        return f"{limit} grade {number}" if limit else f"{hedge}grade {number}"
    if unit == "rank":
        return f"{hedge}rank {number}"
    if unit.startswith("ratio"):
        # "ratio (2019 to 2020)": the first period's figure to one of the second's.
        return f"{hedge}{number} to 1 {unit[len('ratio') :].strip()}".strip()
    if unit.endswith(" per year"):
        return f"{hedge}{factcheck.fmt_figure(value, unit[: -len(' per year')])} a year"
    unit = re.sub(r"\s*\(threshold\)", "", unit).replace("trainings", "training sessions")
    return hedge + factcheck.fmt_figure(value, unit)


def fact_check() -> pd.DataFrame:
    """The fact check of the briefs' claims, reading the tables as this report's datasets."""
    return factcheck.run(loader=load)


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
        for verdict in factcheck.VERDICTS
        for brief in sorted(ids)
    ]
    return pd.DataFrame(rows, columns=["verdict", "brief", "claims", "source_id"])


def fact_check_summary(checked: pd.DataFrame) -> None:
    """A sentence on the verdicts and a bar chart counting them by brief."""
    counts = factcheck.counts(checked)
    parts = [_count_phrase(verdict, n) for verdict, n in counts.items() if n]
    text.md(
        f"Of the {len(checked)} quantitative claims the briefs make, "
        f"{text.join_words(parts)}. A figure is *close* when it lies within "
        f"{text.fmt_pct(factcheck.TOLERANCE * 100)} of the brief's. "
        + " ".join(f"*{v.capitalize()}*: {factcheck.MEANINGS[v]}." for v in factcheck.VERDICTS)
    )
    data = verdict_counts(checked)
    fig, ax = charts.new_figure(height=2.5)
    names = list(factcheck.VERDICTS)
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
    charts.show_figure(
        fig,
        "Claims of the two briefs by verdict",
        data,
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


# --- options ---------------------------------------------------------------------------


def _anchor(heading: str) -> str:
    """The id nbconvert gives a Markdown heading."""
    from nbconvert.filters.strings import add_anchor

    found = re.search(r'id="([^"]+)"', add_anchor(f"<h2>{html.escape(heading)}</h2>"))
    return found.group(1) if found else ""


def section_link(report_id: str, pattern: str, panel: list[dict]) -> str:
    """A Markdown link to the report and its first section whose heading matches pattern.

    Example:
        >>> section_link("trade", "corridor", topic_figures())
        '[Trade and connectivity, “Transport corridors”](trade.html#Transport-corridors)'
    """
    import nbformat

    series = _series()
    report = series.reports.get(report_id)
    if report is None:
        return ""
    target = next((p for p in panel if p["report"] == report_id), None)
    page = ((target or {}).get("outputs") or {}).get("html") or f"{report_id}.html"
    heading = ""
    for cell in nbformat.read(report.notebook, as_version=4).cells:
        if cell.cell_type != "markdown" or "remove-cell" in cell.metadata.get("tags", []):
            continue
        for line in cell.source.splitlines():
            match = re.match(r"^#{2,3}\s+(.+?)\s*$", line)
            if match and re.search(pattern, match.group(1), re.IGNORECASE):
                heading = match.group(1)
                break
        if heading:
            break
    if not heading:
        # Some reports write their section headings from their topic module.
        module = Path(__file__).with_name(f"{report_id}.py")
        found = (
            re.findall(r'"#{2,3} ([^"{}\n]+?)\s*(?:\\n)*"', module.read_text(encoding="utf-8"))
            if module.is_file()
            else []
        )
        # The plainest heading that matches: the one every edition has.
        matches = [h for h in found if re.search(pattern, h, re.IGNORECASE)]
        heading = min(matches, key=len, default="")
    if report_id == "overview":  # a section of this brief: an anchor on the same page
        return f"[“{heading}” above](#{_anchor(heading)})" if heading else ""
    if not heading:
        return f"[{report.title}]({page})"
    return f"[{report.title}, “{heading}”]({page}#{_anchor(heading)})"


def fact_check_line(checked: pd.DataFrame, ids: list[str]) -> str:
    """'Fact check: <claim> — <verdict>; …' for the claims named (by reference).

    Example:
        >>> fact_check_line(fact_check(), ["b23-28"])
        'Fact check: Taliban official says … 16 countries — unverified.'
    """
    rows = checked.set_index("claim_id").reindex(ids).dropna(subset=["claim"])
    if rows.empty:
        return ""
    cite([s for s in rows["_first_source"] if s])
    return "Fact check: " + " ".join(
        f"{r.claim.rstrip('.')} — {r.verdict}." for r in rows.itertuples()
    )


def _events(events: pd.DataFrame, pattern: str) -> pd.DataFrame:
    return events[events["event"].str.contains(pattern, case=False, regex=True, na=False)]


def _event_list(rows: pd.DataFrame) -> str:
    cite(rows["source_id"])
    # An event whose text already opens with its date ("In late 2020 …") is not dated twice.
    return "; ".join(
        r.event.rstrip(".")
        if r.event.lower().startswith(f"in {r.when.lower()}")
        else f"{r.when}: {r.event.rstrip('.')}"
        for r in rows.itertuples()
    )


def _programmes(pattern: str) -> pd.DataFrame:
    table = load("people_programmes")
    rows = table[table["programme"].str.contains(pattern, case=False, regex=True, na=False)]
    cite(rows["source_id"])
    return rows


def _later_brief() -> str:
    """'the 2023 brief': the later brief named by its year of publication."""
    published = str(sources().loc[BRIEFS[-1], "published"])
    cite([BRIEFS[-1]])
    return f"the {published[:4]} brief"


def options(events: pd.DataFrame, checked: pd.DataFrame, panel: list[dict]) -> None:
    """The options the 2023 brief discusses, each with the evidence the series holds."""
    for option in OPTIONS:
        prose = option["prose"].format(The_brief=_later_brief().capitalize())
        text.md(f"### {option['title']}\n\n{prose}")
        evidence = [f(events) for f in option["evidence"]]
        links = [section_link(rid, pattern, panel) for rid, pattern in option["links"]]
        items = [e for e in evidence if e]
        items.append(fact_check_line(checked, option["claims"]))
        items.append(f"Read more: {text.join_words([lk for lk in links if lk])}.")
        text.md("\n".join(f"- {item}" for item in items if item))


def _diplomacy(events: pd.DataFrame) -> str:
    rows = events[events["category"] == "diplomacy"]
    latest = events.iloc[[-1]] if not events.empty else events
    if rows.empty:
        return "The timeline holds no diplomatic event for the years chosen."
    return (
        f"The timeline holds {len(rows)} diplomatic events, the latest in "
        f"{rows['when'].iloc[-1]}; its most recent entry of any kind: {_event_list(latest)}."
    )


def _embassies(events: pd.DataFrame) -> str:
    rows = _events(events, r"embass|ambassador")
    if rows.empty:
        return "The timeline holds no event about embassies for the years chosen."
    return f"Embassies and envoys in the timeline — {_event_list(rows)}."


def _asan(events: pd.DataFrame) -> str:
    rows = _programmes(r"ASAN|DOST")
    people = rows[rows["unit"] == "people"]["value"].dropna()
    trainings = rows[rows["unit"] == "trainings"]["value"].dropna()
    start = rows["start"].dropna()
    parts = []
    if not start.empty:
        parts.append(f"work on the one-stop service model began in {start.min()}")
    if not people.empty and not trainings.empty:
        parts.append(
            f"the brief reports more than {text.fmt_int(people.iloc[0])} Afghan staff trained "
            f"in about {text.fmt_int(trainings.iloc[0])} sessions, with no second source"
        )
    dost = rows[rows["programme"].str.contains("DOST", case=False, na=False)]
    if not dost.empty:
        parts.append("for DOST there is an expression of interest, no programme")
    return ("According to the data, " + "; ".join(parts) + ".") if parts else ""


def _education(events: pd.DataFrame) -> str:
    rows = _programmes(r"Training courses|scholarship")
    courses = rows[rows["programme"].str.contains("Training courses", na=False)]
    parts = []
    if not courses.empty:
        c = courses.iloc[0]
        parts.append(
            f"the Diplomatic Academy's courses for Afghan officials ran from {c['start']} "
            f"to {c['end']}"
        )
    women = load("women_figures")
    share = women[
        (women["indicator"] == "share_school_age_girls_out_of_school")
        & (women["source_id"] != "brief_2023")
    ].sort_values("year")
    if not share.empty:
        row = share.iloc[-1]
        cite([row["source_id"]])
        publisher = sources().loc[row["source_id"], "publisher"]
        parts.append(
            f"{publisher} counted {text.fmt_pct(row['value'])} of school-age Afghan girls out of "
            f"school ({row['period']}), girls who never enrolled included"
        )
    return ("In the data: " + "; ".join(parts) + ".") if parts else ""


def _minority(events: pd.DataFrame) -> str:
    groups = load("turkic_groups")
    kinds = sources()["kind"]
    from_brief = groups["source_id"].map(kinds).eq("brief")
    named = groups[from_brief & groups["estimate_low"].isna()]["group"].tolist()
    total = groups[from_brief & groups["estimate_low"].notna()]
    parts = []
    if named:
        cite(groups.loc[from_brief, "source_id"])
        parts.append(
            f"{_later_brief()} counts {text.join_words(named)} among the Turkic peoples close to "
            "Azerbaijanis"
        )
    if not total.empty:
        parts.append(
            f"it puts the Turkic peoples at about "
            f"{text.fmt_count(total['estimate_low'].iloc[0], 'people')} in all, a figure with "
            "no second source"
        )
    other = groups[
        ~from_brief & (groups["group"] == "Qizilbash") & groups["estimate_low"].notna()
    ].sort_values("estimate_year")
    if not other.empty:
        row = other.iloc[-1]
        cite([row["source_id"]])
        said = sources().loc[row["source_id"]]
        speech = (
            "; it describes them as Dari-speaking"
            if "dari-speaking" in str(row["scope"]).lower()
            else ""
        )
        parts.append(
            f"{said['publisher']} put the Qizilbash at perhaps "
            f"{text.fmt_int(row['estimate_low'])} ({row['estimate_year']}){speech}"
        )
    if not _programmes(r"Turkic communities").empty:
        parts.append("a community organisation has asked Baku for schools or scholarships")
    return ("In the data: " + "; ".join(parts) + ".") if parts else ""


OPTIONS: list[dict[str, Any]] = [
    {
        "title": "Informal contacts through partners",
        "prose": (
            "{The_brief} rules out reopening an embassy in Kabul for now, since that would "
            "mean recognising the Taliban government, but suggests that Baku build informal "
            "contacts with the de facto authorities, as Türkiye, the Central Asian states and "
            "Arab states have done, with such partners helping to open the channels."
        ),
        "evidence": [_diplomacy],
        "claims": ["b23-28"],
        "links": [
            ("overview", r"timeline"),
            ("trade", r"corridor|lapis"),
            ("security", r"NATO|mission"),
        ],
    },
    {
        "title": "A representative accredited without recognition",
        "prose": (
            "The brief also suggests that Baku could later accredit a representative of the "
            "Kabul authorities to work at the Afghan embassy in Baku, as it says Moscow and "
            "Ankara have done, which in its view would not amount to formal recognition."
        ),
        "evidence": [_embassies],
        "claims": [],
        "links": [("overview", r"timeline")],
    },
    {
        "title": "Advice on ASAN Xidmət and DOST",
        "prose": (
            "The brief recalls that Azerbaijani specialists helped Afghanistan adopt the "
            "ASAN Xidmət one-stop model for public services before the Taliban returned, work "
            "it describes as unfinished. It proposes that Baku resume that advice, and notes "
            "Kabul's interest in projects modelled on Azerbaijan's DOST social-security agency."
        ),
        "evidence": [_asan],
        "claims": ["b23-48", "b23-49"],
        "links": [("diaspora", r"programme|institution|ASAN"), ("humanitarian", r"econom")],
    },
    {
        "title": "Education and scholarships",
        "prose": (
            "The brief points to the Diplomatic Academy's courses for Afghan civil servants "
            "and diplomats and to exchange and scholarship schemes for Afghan students, and "
            "suggests renewing them."
        ),
        "evidence": [_education],
        "claims": ["b23-26", "b23-30"],
        "links": [("diaspora", r"programme|education"), ("humanitarian", r"women|girls")],
    },
    {
        "title": "Support for the Qizilbash and Afshar community",
        "prose": (
            "{The_brief} counts the Qizilbash, whom it equates with the Afshars, among "
            "Afghanistan's Turkic peoples close to Azerbaijanis. It says that these "
            "communities have no ties with Azerbaijan and, citing local activists, that their "
            "younger members have largely lost their native language; community "
            "organisations, it reports, have asked Baku for schools, quotas or scholarships."
        ),
        "evidence": [_minority],
        "claims": ["b23-45", "b23-46"],
        "links": [("diaspora", r"turkic|minorit")],
    },
]


# --- summary and the overview's own key figures -----------------------------------------


def key_figures(start_year: int = 1991, end_year: int = 2026) -> list[dict]:
    """The overview's own key figures (fact-check counts, timeline events), without display.

    Example:
        >>> [kf["name"] for kf in key_figures()][:1]
        ['overview.claims_checked']
    """
    from ..data import load_quiet

    checked = factcheck.run()
    counts = factcheck.counts(checked)
    table = load_quiet("timeline")
    years = pd.to_numeric(table["date"].str[:4])
    events = table[years.between(start_year, end_year)]
    period = "briefs of " + text.join_words(sorted(checked["brief"].unique()))
    return [
        dict(
            name="overview.claims_checked",
            value=len(checked),
            unit="claims",
            period=period,
            source=BRIEFS,
            label="Quantitative claims of the briefs checked",
        ),
        dict(
            name="overview.claims_confirmed",
            value=counts["confirmed"] + counts["close"],
            unit="claims",
            period=period,
            source=BRIEFS,
            label="Claims confirmed or close to an independent source",
        ),
        dict(
            name="overview.claims_unverified",
            value=counts["unverified"],
            unit="claims",
            period=period,
            source=BRIEFS,
            label="Claims with no source other than the brief",
        ),
        dict(
            name="overview.timeline_events",
            value=len(events),
            unit="events",
            period=f"{start_year}–{end_year}",
            source=sorted(set(events["source_id"])),
            label="Dated events in the timeline",
        ),
    ]


def summary(
    events: pd.DataFrame, checked: pd.DataFrame, panel: list[dict], start: int, end: int
) -> None:
    """The executive summary, composed from the timeline, the fact check and the panel."""
    # One entry per report: a matrix report's variants share its title and its headline.
    firsts = list({p["report"]: p for p in reversed(panel)}.values())[::-1]
    titles = [p["title"] for p in firsts]
    lines = [
        f"This brief draws together the other reports of the series — "
        f"{text.join_words(titles)} — and checks the figures the founding briefs rely on."
    ]
    if events.empty:
        lines.append(f"The timeline holds no event for {start}–{end}.")
    else:
        first, last = events.iloc[0], events.iloc[-1]
        cite([first["source_id"], last["source_id"]])
        lines.append(
            f"The timeline runs from {first['when']} ({first['event'].rstrip('.')}) to "
            f"{last['when']} ({last['event'].rstrip('.')})."
        )
    counts = factcheck.counts(checked)
    agree = counts["confirmed"] + counts["close"]
    phrases = [
        (agree, "agrees with an independent source", "agree with an independent source"),
        (counts["differs"], "differs from one", "differ from one"),
        (
            counts["outdated"],
            "matches only an earlier period",
            "match only an earlier period",
        ),
        (
            counts["projection"],
            "matches a projection with no outcome yet to compare with",
            "match a projection with no outcome yet to compare with",
        ),
        (
            counts["unverified"],
            "has no independent figure for its period",
            "have no independent figure for their period",
        ),
    ]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in phrases if n]
    lines.append(
        f"Of the {len(checked)} quantitative claims in the briefs, {text.join_words(parts)}."
    )
    heads = []
    for item in firsts:
        figures = item.get("key_figures") or []
        if figures:
            kf = figures[0]
            cite(kf.get("source") or [])
            label, period = label_and_period(kf.get("label", kf["name"]), kf.get("period", ""))
            value = text.fmt_value(kf.get("value"), kf.get("unit"))
            heads.append(f"{label}: {value}" + (f" ({factcheck.flat(period)})" if period else ""))
    if heads:
        lines.append("Headline figures: " + "; ".join(heads) + ".")
    text.md("\n\n".join(lines))


def record_key_figures(start_year: int, end_year: int, record: Callable[..., Any]) -> None:
    """Record the overview's own key figures."""
    for kf in key_figures(start_year, end_year):
        record(**kf)
