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
    "**Key figures** are those the other reports of the series recorded in the same build "
    "(run on its own, this notebook computes them with each report's own function and "
    "defaults). **The timeline** lists dated events of the relationship, each from one "
    "source; dates known only to the month or year are drawn at mid-month or mid-year with "
    "a hollow marker for year-only dates. **The fact check** sets every quantitative claim "
    "of the two briefs against the rows of the data package that are about the same thing: "
    "rows from the briefs themselves do not count as a second source; the claim's hedge "
    "(more than, about, up to) decides what agrees; money is compared across scales; a "
    "figure counts as *close* when it is within "
    f"{text.fmt_pct(factcheck.TOLERANCE * 100)} of the brief's (relative difference). "
    "Verdicts are computed, never typed: a same-period outcome that agrees is *confirmed* "
    "or *close*; a projection that agrees gives *projection*; another same-period figure "
    "gives *differs*; a match for an earlier year only gives *outdated*; anything else is "
    "*unverified*. The options are summarised in our own words; the figures beside them "
    "come from the data."
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


def panel_frame(panel: list[dict]) -> pd.DataFrame:
    """One row per key figure: report, label, value as shown, period, first source."""
    rows = []
    for item in panel:
        for kf in item.get("key_figures") or []:
            sources = kf.get("source") or []
            cite(sources[1:])
            rows.append(
                {
                    "report": _run_title(item),
                    "name": kf["name"],
                    "label": kf.get("label", kf["name"]),
                    "shown": text.fmt_value(kf.get("value"), kf.get("unit", "")),
                    "value": kf.get("value"),
                    "period": kf.get("period", ""),
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


def timeline(start: int, end: int) -> pd.DataFrame:
    """Timeline events within the years, with a drawing position and a date as written.

    Example:
        >>> timeline(1991, 2026)[["when", "category"]].head(1)
    """
    table = load("timeline")
    parts = table["date"].astype(str).str.split("-", expand=True).reindex(columns=[0, 1, 2])
    year = pd.to_numeric(parts[0]).astype(int)
    month = pd.to_numeric(parts[1], errors="coerce").astype("float64")
    day = pd.to_numeric(parts[2], errors="coerce").astype("float64")
    # Drawn at the middle of what the source says: mid-year, mid-month or the day itself.
    position = year + (month.fillna(1) - 1) / 12 + (day.fillna(15) - 1) / 365
    position = position.where(month.notna(), year + 0.5)
    names = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month.fillna(1), "day": 1})
    ).dt.strftime("%b")
    when = year.astype(str).where(month.isna(), names + " " + year.astype(str))
    when = when.where(day.isna(), day.fillna(0).astype(int).astype(str) + " " + when)
    rows = table.assign(year=year, position=position, when=when)
    rows = rows[rows["year"].between(start, end)]
    return rows.sort_values(["position", "id"]).reset_index(drop=True)


def timeline_chart(rows: pd.DataFrame, start: int, end: int) -> None:
    """Events on a time axis, one lane per category, the first and latest labelled."""
    if rows.empty:
        text.md(f"The timeline holds no event for {start}–{end}.")
        return
    categories = list(dict.fromkeys(rows["category"]))
    fig, ax = charts.new_figure(height=3.6)
    for i, category in enumerate(categories):
        group = rows[rows["category"] == category]
        colour = charts.PALETTE[i % len(charts.PALETTE)]
        exact = group["date_precision"] != "year"
        ax.scatter(group.loc[exact, "position"], [i] * exact.sum(), s=28, color=colour, zorder=3)
        ax.scatter(
            group.loc[~exact, "position"],
            [i] * (~exact).sum(),
            s=28,
            facecolors="white",
            edgecolors=colour,
            linewidths=1.4,
            zorder=3,
        )
    ax.set_yticks(range(len(categories)), [c.replace("_", " ") for c in categories])
    ax.invert_yaxis()
    ax.grid(axis="x", color="#e5e8e8")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(5))
    ax.xaxis.set_minor_locator(matplotlib.ticker.MultipleLocator(1))
    ax.set_xlim(start - 0.5, max(rows["position"].max(), start) + 1.5)
    for row in (rows.iloc[0], rows.iloc[-1]) if len(rows) > 1 else (rows.iloc[0],):
        ax.annotate(
            row["when"],
            (row["position"], categories.index(row["category"])),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=7.5,
        )
    shown = rows[["when", "category", "event", "source_id"]].rename(columns={"when": "date"})
    charts.show_figure(
        fig,
        f"Events in Azerbaijan–Afghanistan relations by category, {rows['year'].min()}–"
        f"{rows['year'].max()}",
        shown,
        alt=(
            f"Timeline of {len(rows)} events from {rows['when'].iloc[0]} to "
            f"{rows['when'].iloc[-1]}, one row per category"
        ),
        note="Hollow markers: the source gives the year only (drawn at mid-year).",
    )


def timeline_table(rows: pd.DataFrame) -> None:
    """The events as a table, dated as precisely as their sources."""
    if rows.empty:
        return
    tables.show_table(
        rows.assign(category=rows["category"].str.replace("_", " ")),
        "Timeline of relations",
        columns={"when": "Date", "category": "Category", "event": "Event"},
    )


# --- fact check ------------------------------------------------------------------------


def fact_check() -> pd.DataFrame:
    """The fact check of the briefs' claims, reading the tables as this report's datasets."""
    return factcheck.run(loader=load)


def fact_check_summary(checked: pd.DataFrame) -> None:
    """A sentence on the verdicts and a bar chart counting them."""
    counts = factcheck.counts(checked)
    parts = [f"{n} {verdict}" for verdict, n in counts.items() if n]
    text.md(
        f"Of the {len(checked)} quantitative claims the briefs make, "
        f"{text.join_words(parts)}. A figure is *close* when it lies within "
        f"{text.fmt_pct(factcheck.TOLERANCE * 100)} of the brief's. "
        + " ".join(f"*{v.capitalize()}*: {factcheck.MEANINGS[v]}." for v in factcheck.VERDICTS)
    )
    fig, ax = charts.new_figure(height=2.4)
    names = list(counts)
    ax.barh(names, [counts[v] for v in names], color=charts.PALETTE[0])
    for i, v in enumerate(names):
        ax.annotate(
            str(counts[v]), (counts[v], i), xytext=(3, 0), textcoords="offset points", va="center"
        )
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("claims")
    data = checked.assign(
        source_id=checked["_first_source"].where(
            checked["_first_source"] != "", checked["claim_source_id"]
        )
    )[["claim_id", "verdict", "source_id"]]
    charts.show_figure(
        fig,
        "Claims of the two briefs by verdict",
        data,
        alt="Bar chart counting the briefs' claims by verdict",
    )


def fact_check_table(checked: pd.DataFrame, brief: str) -> None:
    """The claims of one brief with the brief's value, the data's value and the verdict."""
    rows = checked[checked["brief"] == brief].copy()
    if rows.empty:
        return
    rows["brief_shown"] = [
        _hedged(v, q, u)
        for v, q, u in zip(rows["brief_value"], rows["qualifier"], rows["unit"], strict=True)
    ]
    rows["data_shown"] = [
        "–"
        if text.is_missing(v)
        else factcheck.fmt_figure(v, u) + ("" if text.is_missing(y) else f" ({y})")
        for v, u, y in zip(rows["data_value"], rows["unit"], rows["data_year"], strict=True)
    ]
    rows["source_id"] = rows["_first_source"].where(
        rows["_first_source"] != "", rows["claim_source_id"]
    )
    rows["source_shown"] = rows["source_name"].where(rows["source_name"] != "", "–")
    rows["claim_shown"] = rows["claim_id"] + " " + rows["claim"]
    tables.show_table(
        rows,
        f"Claims of the {brief} brief set against the data",
        columns={
            "claim_shown": "Claim",
            "brief_shown": "Brief",
            "data_shown": "Data (year)",
            "verdict": "Verdict",
            "source_shown": "Source of the data",
        },
        note=(
            "A build also publishes this table as factcheck.csv beside the reports, with a "
            "note per claim: the other figures for the period, or the nearest year held."
        ),
    )


def _hedged(value: float, qualifier: str, unit: str) -> str:
    words = {
        "more_than": "over ",
        "at_least": "at least ",
        "about": "about ",
        "up_to": "up to ",
        "less_than": "under ",
    }
    return words.get(str(qualifier), "") + factcheck.fmt_figure(value, unit)


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
    if report_id == "overview":  # a section of this brief: an anchor on the same page
        return f"[“{heading}” above](#{_anchor(heading)})" if heading else ""
    if not heading:
        return f"[{report.title}]({page})"
    return f"[{report.title}, “{heading}”]({page}#{_anchor(heading)})"


def _verdicts(checked: pd.DataFrame, ids: list[str]) -> str:
    rows = checked[checked["claim_id"].isin(ids)]
    return text.join_words(
        f"{r.claim_id} ({_hedged(r.brief_value, r.qualifier, r.unit)}): {r.verdict}"
        for r in rows.itertuples()
    )


def _events(events: pd.DataFrame, pattern: str) -> pd.DataFrame:
    return events[events["event"].str.contains(pattern, case=False, regex=True, na=False)]


def _event_list(rows: pd.DataFrame) -> str:
    cite(rows["source_id"])
    return "; ".join(f"{r.when}: {r.event.rstrip('.')}" for r in rows.itertuples())


def _programmes(pattern: str) -> pd.DataFrame:
    table = load("people_programmes")
    rows = table[table["programme"].str.contains(pattern, case=False, regex=True, na=False)]
    cite(rows["source_id"])
    return rows


def options(events: pd.DataFrame, checked: pd.DataFrame, panel: list[dict]) -> None:
    """The options the 2023 brief discusses, each with the evidence the series holds."""
    for option in OPTIONS:
        text.md(f"### {option['title']}\n\n{option['prose']}")
        evidence = [f(events, checked) for f in option["evidence"]]
        links = [section_link(rid, pattern, panel) for rid, pattern in option["links"]]
        items = [e for e in evidence if e] + [
            f"Read more: {text.join_words([lk for lk in links if lk])}."
        ]
        text.md("\n".join(f"- {item}" for item in items))


def _diplomacy(events: pd.DataFrame, checked: pd.DataFrame) -> str:
    rows = events[events["category"] == "diplomacy"]
    latest = events.iloc[[-1]] if not events.empty else events
    if rows.empty:
        return "The timeline holds no diplomatic event for the years chosen."
    return (
        f"The timeline holds {len(rows)} diplomatic events, the latest in "
        f"{rows['when'].iloc[-1]}; its most recent entry of any kind: {_event_list(latest)}. "
        f"Fact check: {_verdicts(checked, ['b23-28'])}."
    )


def _embassies(events: pd.DataFrame, checked: pd.DataFrame) -> str:
    rows = _events(events, r"embass|ambassador")
    if rows.empty:
        return "The timeline holds no event about embassies for the years chosen."
    return f"Embassies and envoys in the timeline — {_event_list(rows)}."


def _asan(events: pd.DataFrame, checked: pd.DataFrame) -> str:
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
            f"in about {text.fmt_int(trainings.iloc[0])} sessions (the brief is the only "
            "source: "
            f"{_verdicts(checked, ['b23-48', 'b23-49'])})"
        )
    dost = rows[rows["programme"].str.contains("DOST", case=False, na=False)]
    if not dost.empty:
        parts.append("for DOST there is an expression of interest, no programme")
    return ("According to the data, " + "; ".join(parts) + ".") if parts else ""


def _education(events: pd.DataFrame, checked: pd.DataFrame) -> str:
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
            f"school ({row['period']})"
        )
    parts.append(f"fact check: {_verdicts(checked, ['b23-26', 'b23-30'])}")
    return "In the data: " + "; ".join(parts) + "."


def _minority(events: pd.DataFrame, checked: pd.DataFrame) -> str:
    groups = load("turkic_groups")
    cite(groups["source_id"])
    named = groups[groups["estimate_low"].isna()]["group"].tolist()
    total = groups["estimate_low"].dropna()
    request = _programmes(r"Turkic communities")
    parts = [f"the brief names {text.join_words(named)} among the Turkic peoples"]
    if not total.empty:
        parts.append(
            f"it puts them at about {text.fmt_count(total.iloc[0], 'people')} in all, a figure "
            f"with no second source ({_verdicts(checked, ['b23-45'])})"
        )
    if not request.empty:
        parts.append("a community organisation has asked Baku for schools or scholarships")
    return "In the data: " + "; ".join(parts) + "."


OPTIONS: list[dict[str, Any]] = [
    {
        "title": "Informal contacts through partners",
        "prose": (
            "Baku could open working channels to the de facto authorities in Kabul without "
            "recognising them, relying on partners that already deal with them — Türkiye, "
            "the Central Asian states and Gulf states — as go-betweens. The risk is "
            "reputational; the gain is a say on transit, trade and the security of a "
            "neighbourhood Azerbaijan shares."
        ),
        "evidence": [_diplomacy],
        "links": [
            ("overview", r"timeline"),
            ("trade", r"corridor|lapis"),
            ("security", r"NATO|mission"),
        ],
    },
    {
        "title": "A representative accredited without recognition",
        "prose": (
            "Azerbaijan could let a representative named by Kabul work at the Afghan embassy "
            "in Baku, as some other capitals have done, while stating that this is not "
            "recognition. It would keep consular and trade business moving."
        ),
        "evidence": [_embassies],
        "links": [("overview", r"timeline")],
    },
    {
        "title": "Advice on ASAN Xidmət and DOST",
        "prose": (
            "Azerbaijan's one-stop public service model was being adapted in Afghanistan "
            "before the Taliban returned to power and was left unfinished. Resuming expert "
            "advice, and extending it to the DOST social-services model, is low-cost help that "
            "reaches citizens directly."
        ),
        "evidence": [_asan],
        "links": [("diaspora", r"programme|institution|ASAN"), ("humanitarian", r"econom")],
    },
    {
        "title": "Education and scholarships",
        "prose": (
            "Training for Afghan officials and places for Afghan students at Azerbaijani "
            "universities could be renewed; with girls barred from secondary school at home, "
            "scholarships open to young women would matter most."
        ),
        "evidence": [_education],
        "links": [("diaspora", r"programme|education"), ("humanitarian", r"women|girls")],
    },
    {
        "title": "Support for the Qizilbash and Afshar community",
        "prose": (
            "Afghanistan's Turkic communities close to Azerbaijanis, the Qizilbash or Afshars "
            "among them, have little contact with Azerbaijan and are losing their language. "
            "Schools, quotas or scholarships would answer requests they have made to Baku."
        ),
        "evidence": [_minority],
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
    lines.append(
        f"Of the {len(checked)} quantitative claims in the briefs, {agree} agree with an "
        f"independent source, {counts['differs']} differ from one, {counts['outdated']} held "
        f"only for an earlier period and {counts['projection']} repeat a projection as if it "
        f"were an outcome; {counts['unverified']} rest on the brief alone."
    )
    heads = []
    for item in firsts:
        figures = item.get("key_figures") or []
        if figures:
            kf = figures[0]
            cite(kf.get("source") or [])
            heads.append(
                f"{kf.get('label', kf['name'])}: {text.fmt_value(kf.get('value'), kf.get('unit'))}"
                f" ({kf.get('period', '')})"
            )
    if heads:
        lines.append("Headline figures: " + "; ".join(heads) + ".")
    text.md("\n\n".join(lines))


def record_key_figures(start_year: int, end_year: int, record: Callable[..., Any]) -> None:
    """Record the overview's own key figures."""
    for kf in key_figures(start_year, end_year):
        record(**kf)
