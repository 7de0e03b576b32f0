"""Overview: the series' four-page brief — key judgements, key trends, the corridor map, the
events that matter, the options weighed (the full fact check and timeline are the factcheck
report's, azaf.topics.factcheck)."""

from __future__ import annotations

import functools
import importlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from .. import factcheck, tables, text
from ..data import load
from ..report import cite, note_judgement

KEY_FIGURES_ENV = "AZAF_KEY_FIGURES"  # set by the build: the JSON of the other reports' figures
BRIEFS = ["brief_2018", "brief_2023"]
FACTCHECK_REPORT = "factcheck"  # the brief's companion: the fact check and full timeline
# Reports whose figures the brief does not gather: itself and its companion.
NOT_GATHERED = ("overview", FACTCHECK_REPORT)

METHODS = (
    "**Key judgements** are the editors' sentences (the project's editorial file); each "
    "holds under a stated condition on the data, and its figures are filled in from the "
    "data each time the series is produced. A judgement whose condition no longer holds is "
    "shown as under review, not printed. Figures another report of the series records are "
    "taken from that record, so the brief and the report show the same figure, period and "
    "basis; changes the brief states (a fall from the peak) are calculated by the series. "
    "No figure that only a founding brief gives is used. **The key trends** draw each "
    "series from its publisher, years without a figure left empty. **The map** draws the "
    "corridor's legs between the places each names; country outlines are Natural Earth's "
    "and place positions GeoNames', both shipped with the software, so nothing is fetched "
    "to draw it. **The events** are the editors' choice from the series' timeline, each "
    "from one source and dated as precisely as it allows. **The options** are the later "
    "brief's, summarised in our words and weighed against the data. The fact check of the "
    "founding briefs and the full timeline, with their methods, are a report of their own."
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
        if report.id in NOT_GATHERED:
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


# --- options ---------------------------------------------------------------------------


def _anchor(heading: str) -> str:
    """The id nbconvert gives a Markdown heading (azaf.text computes it the same way, without
    importing nbconvert into the kernel)."""
    return text._heading_id(heading)


@functools.lru_cache(maxsize=16)
def _headings_of(notebook: str) -> tuple[str, ...]:
    """The level-2 and level-3 headings of a notebook's shown Markdown cells, in order."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    found = []
    for cell in cells:
        tags = (cell.get("metadata") or {}).get("tags") or []
        if cell.get("cell_type") != "markdown" or "remove-cell" in tags:
            continue
        source = cell.get("source", "")
        for line in ("".join(source) if isinstance(source, list) else source).splitlines():
            match = re.match(r"^#{2,3}\s+(.+?)\s*$", line)
            if match:
                found.append(match.group(1))
    return tuple(found)


def section_link(report_id: str, pattern: str, panel: list[dict]) -> str:
    """A Markdown link to the report and its first section whose heading matches pattern.

    Example:
        >>> section_link("trade", "corridor", topic_figures())
        '[Trade and connectivity, “Transport corridors”](trade.html#Transport-corridors)'
    """
    series = _series()
    report = series.reports.get(report_id)
    if report is None:
        return ""
    target = next((p for p in panel if p["report"] == report_id), None)
    page = ((target or {}).get("outputs") or {}).get("html") or f"{report_id}.html"
    heading = next(
        (h for h in _headings_of(str(report.notebook)) if re.search(pattern, h, re.IGNORECASE)),
        "",
    )
    if not heading:
        # Some reports write their section headings from their topic module.
        # A topic is a module or a package of modules.
        here = Path(__file__).parent
        modules = [here / f"{report_id}.py", *sorted((here / report_id).glob("*.py"))]
        found = [
            h
            for module in modules
            if module.is_file()
            for h in re.findall(
                r'"#{2,3} ([^"{}\n]+?)\s*(?:\\n)*"', module.read_text(encoding="utf-8")
            )
        ]
        # The plainest heading that matches: the one every edition has.
        matches = [h for h in found if re.search(pattern, h, re.IGNORECASE)]
        heading = min(matches, key=len, default="")
    if report_id == "overview":  # a section of this brief: an anchor on the same page
        return f"[“{heading}”](#{_anchor(heading)}) in this brief" if heading else ""
    if not heading:
        return f"[{report.title}]({page})"
    return f"[{report.title}, “{heading}”]({page}#{_anchor(heading)})"


# --- summary and the overview's own key figures -----------------------------------------


def editorial() -> dict:
    """The editorial file of the brief (judgements, key events, options)."""
    from ..judgements import read_editorial
    from ..project import get_project

    return read_editorial(get_project().root)


def brief_figures(panel: list[dict]) -> dict[str, Any]:
    """Every named figure the brief shows (see azaf.topics.brief_figures)."""
    from . import brief_figures as bf

    return bf.gather(panel)


def _figure_sources(figures: dict[str, Any], names: list[str]) -> list[str]:
    return list(dict.fromkeys(s for n in names if n in figures for s in figures[n].sources))


def record_brief_figures(figures: dict[str, Any], names: list[str], record: Callable) -> None:
    """Record the figures the brief shows as the overview's key figures (name overview.*)."""
    for name in names:
        fig = figures.get(name)
        if fig is None or fig.missing or isinstance(fig.value, str):
            continue
        record(
            name=f"overview.{name}",
            value=fig.value,
            unit=fig.unit,
            period=fig.period,
            source=fig.sources,
            label=fig.label,
        )


TREND_FIGURES = [
    "trade_latest",
    "deaths_latest",
    "pin_latest",
    "requirement_latest",
    "refugees_aze",
    "opium_latest",
]


def headline_names() -> list[str]:
    """The figures the brief's judgements and trends panel show: its headline figures."""
    from ..judgements import PLACEHOLDER

    used = [
        m.group(1) for j in editorial()["judgements"] for m in PLACEHOLDER.finditer(str(j["text"]))
    ]
    return list(dict.fromkeys(used + TREND_FIGURES))


def judgements_section(panel: list[dict], figures: dict[str, Any]) -> list[Any]:
    """The key judgements, each with its figure, period and the section that supports it;
    a judgement whose condition no longer holds is shown as under review and flagged."""
    from ..judgements import evaluate, flag

    found = evaluate(editorial()["judgements"], figures)
    items = []
    for j in found:
        # The index page leads with the judgements' leads (under review ones marked).
        note_judgement(j.id, j.lead, j.holds)
        cite(_figure_sources(figures, j.figures))
        link = section_link(j.report, j.section, panel)
        more = f" See {link}." if link else ""
        if j.holds:
            items.append(f"- **{j.lead}** {j.sentence}{more}")
        else:
            flag(j)
            items.append(
                f"- **{j.lead}** *Under review:* the latest figures no longer bear this "
                f"judgement out as it was worded ({j.reason}); the editors are revising it."
                f"{more}"
            )
    text.md("\n".join(items))
    return found


def fact_check_paragraph(checked: pd.DataFrame) -> None:
    """The fact check in one short paragraph, with a link to the report that holds it."""
    counts = factcheck.counts(checked)
    agree = counts["confirmed"] + counts["close"]
    differ = counts["differs"] + counts["outdated"]
    parts = [f"{agree} agree with an independent source"]
    if differ:
        parts.append(f"{differ} differ from one or match only an earlier period")
    if counts["projection"]:
        parts.append(f"{counts['projection']} match a projection")
    if counts["unverified"]:
        parts.append(f"{counts['unverified']} have no independent figure for their period")
    cite(BRIEFS)
    text.md(
        f"**The founding briefs, checked.** Of the {len(checked)} figures the two briefs "
        f"rely on, {text.join_words(parts)}; no figure in this brief rests on a founding "
        f"brief alone. The check, claim by claim, is in the companion report "
        f"{_factcheck_link()}."
    )


def _factcheck_title() -> str | None:
    """The title of the series' fact check and timeline report (None if it has none)."""
    report = _series().reports.get(FACTCHECK_REPORT)
    return report.title if report is not None else None


def _factcheck_link() -> str:
    """A Markdown link to the series' fact check and timeline report."""
    from ..judgements import _escape

    title = _factcheck_title()
    if title is None:
        return "the series' fact check"
    return f"[“{_escape(title)}”]({FACTCHECK_REPORT}.html)"


def fact_check() -> pd.DataFrame:
    """The fact check of the briefs' claims, reading the tables as this report's datasets."""
    return factcheck.run(loader=load)


def key_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events the timeline marks as key (its `key` column): the brief's short timeline."""
    if "key" not in events.columns:
        return events.iloc[0:0]
    return events[events["key"].fillna(False).astype(bool)]


def key_timeline(events: pd.DataFrame) -> None:
    """The short timeline: the chosen events, dated, in a compact table."""
    rows = key_events(events)
    if rows.empty:
        text.md("No event of the short timeline falls within the years chosen.")
        return
    first, last = rows.iloc[0], rows.iloc[-1]
    title = str(editorial().get("key_events_title") or "").strip()
    companion = _factcheck_title()
    where = f"in the report “{companion}”" if companion else "in the series' fact check"
    tables.show_table(
        rows,
        (f"{title}: " if title else "")
        + f"{len(rows)} events that shaped the relationship, {first['when']} to {last['when']}",
        columns={"when": "Date", "event": "Event"},
        note=(
            f"The events the series marks as key, of the {len(events)} it holds; all are "
            f"listed {where}."
        ),
    )


def options_weighed(figures: dict[str, Any]) -> None:
    """The options of the later brief, each with the evidence for and against, its risks
    and the signposts to watch (our words, figures from the data)."""
    from ..judgements import PLACEHOLDER, _escape, fill

    rows = []
    for option in editorial().get("options") or []:
        cells = {}
        for key in ("for", "against", "risks", "signposts"):
            words = str(option.get(key, "")).strip()
            cite(_figure_sources(figures, [m.group(1) for m in PLACEHOLDER.finditer(words)]))
            cells[key] = fill(words, figures)
        rows.append((str(option["title"]), cells))
    parts = []
    for title, cells in rows:
        parts.append(
            f"**{_escape(title)}**\n\n"
            f"- *For:* {cells['for']}\n- *Against:* {cells['against']}\n"
            f"- *Risks:* {cells['risks']}\n- *Watch for:* {cells['signposts']}"
        )
    text.md("\n\n".join(parts))


def trends(figures: dict[str, Any]) -> Any:
    """The key-trends panel (azaf.topics.brief_trends); returns the figure."""
    from . import brief_trends

    return brief_trends.show(figures)


def corridor_map(figures: dict[str, Any]) -> Any:
    """The map of the Lapis Lazuli corridor, titled with what it shows; returns the figure."""
    from .. import corridor_map as cmap

    countries = figures.get("corridor_countries")
    signed = figures.get("lapis_signed")
    title = "The Lapis Lazuli corridor"
    if countries is not None and not countries.missing:
        title = (
            f"The Lapis Lazuli corridor links {text.fmt_int(countries.value)} countries: "
            f"{countries.words['names']}"
        )
    subtitle = "The route leg by leg, as described at signing and at the first shipments"
    if signed is not None and not signed.missing:
        subtitle = f"The route of the agreement signed on {signed.period}, leg by leg"
    return cmap.show(title, subtitle)
