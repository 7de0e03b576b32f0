"""The state of the report being written in a kernel: title block, key figures, sources."""

from __future__ import annotations

import datetime as _dt
import html
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where needed: the build reads labels from here without pandas
    import pandas as pd

AZAF_MIME_PREFIX = "application/vnd.azaf."
KEYFIGURE_MIME = "application/vnd.azaf.keyfigure+json"
DATASET_MIME = "application/vnd.azaf.dataset+json"
SOURCES_MIME = "application/vnd.azaf.sources+json"
JUDGEMENT_MIME = "application/vnd.azaf.judgement+json"


@dataclass
class ReportState:
    """What one report has shown so far: counters, datasets read, sources cited, chart data."""

    report_id: str = ""
    run_id: str = ""  # the report's file name in the series, e.g. diaspora-tur
    title: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    figures: int = 0
    tables: int = 0
    datasets: dict[str, dict] = field(default_factory=dict)
    source_ids: list[str] = field(default_factory=list)
    chart_data: list[tuple[str, str, pd.DataFrame]] = field(default_factory=list)
    key_figures: dict[str, dict] = field(default_factory=dict)


STATE = ReportState()


def _pd() -> Any:
    import pandas as pd

    return pd


def _display(obj: Any, raw: bool = False) -> None:
    from IPython.display import display

    display(obj, raw=raw)


def _emit(mime: str, payload: dict) -> None:
    # An empty text/plain keeps JupyterLab from warning about an unknown mimetype; the
    # render step strips these outputs from the publication.
    _display({mime: payload, "text/plain": ""}, raw=True)


def note_dataset(name: str, attrs: dict) -> None:
    """Remember (and announce to the build) that the report read table `name`."""
    if name in STATE.datasets:
        return
    STATE.datasets[name] = dict(attrs)
    _emit(
        DATASET_MIME,
        {
            "name": name,
            "title": attrs.get("title", name),
            "vintage": attrs.get("vintage", ""),
            "path": attrs.get("path", ""),
        },
    )


def cite(source_ids: Any) -> list[str]:
    """Remember source ids used by a chart, table or sentence; return them in first-use order."""
    seen: list[str] = []
    for sid in source_ids:
        if isinstance(sid, str) and sid and sid not in seen:
            seen.append(sid)
            if sid not in STATE.source_ids:
                STATE.source_ids.append(sid)
    return seen


def edition_date() -> _dt.date:
    """The edition date: $AZAF_EDITION (set by the build), else as a build would choose it
    ($SOURCE_DATE_EPOCH or the data version; never the clock)."""
    text = os.environ.get("AZAF_EDITION")
    if text:
        return _dt.date.fromisoformat(text)
    from .edition import resolve_edition
    from .project import get_project

    return _dt.date.fromisoformat(resolve_edition(None, get_project().data_dir)[0])


def _fmt_date(day: _dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def begin(report_id: str, namespace: dict) -> ReportState:
    """Start a report: check its parameters against the contract and show the title block.

    Example:
        >>> report = azaf.begin("trade", globals())
    """
    from . import charts
    from .params import check_rules, coerce
    from .project import get_project
    from .series import load_series

    series = load_series(get_project())
    report = series.get(report_id)
    params = {name: coerce(series, report, name, namespace[name]) for name in report.params}
    check_rules(report, params)
    from .params import _slug

    run_id = report_id + "".join(f"-{_slug(params[k])}" for k in report.matrix if k in params)
    STATE.__init__(report_id=report_id, run_id=run_id, title=report.title, params=params)  # type: ignore[misc]
    charts.setup()
    _display(_title_block(series, report, params))
    return STATE


def describe_params(series: Any, report: Any, params: dict[str, Any]) -> list[tuple[str, str]]:
    """The parameters written out in words, as (label, value) pairs."""
    from .text import join_words

    names = _country_names()
    pairs: list[tuple[str, str]] = []
    done: set[str] = set()
    if "start_year" in params and "end_year" in params:
        pairs.append(("Years", f"{params['start_year']}–{params['end_year']}"))
        done |= {"start_year", "end_year"}
    for name, value in params.items():
        if name in done:
            continue
        spec = report.params[name]

        # Countries by name only: a reader knows "Afghanistan", not "AFG".
        def word(v: Any) -> str:
            return names[v] if isinstance(v, str) and v in names else str(v)

        text = join_words(word(v) for v in value) if isinstance(value, list) else word(value)
        pairs.append((_plain_label(spec.label), text or "none"))
    return pairs


def _plain_label(label: str) -> str:
    """A parameter's label without code-book notes such as '(ISO3)'."""
    import re

    return re.sub(r"\s*\((?:ISO[- ]?3?|ISO 3166[^)]*|code|codes)\)", "", label, flags=re.I).strip()


def data_version_words(project: Any = None) -> str:
    """'version 2026.11.26, compiled 26 November 2026', from datapackage.json."""
    from .data import descriptor

    desc = descriptor(project)
    version = str(desc.get("version", ""))
    try:
        created = _fmt_date(_dt.date.fromisoformat(str(desc.get("created", ""))[:10]))
    except ValueError:
        created = ""
    return ", compiled ".join(p for p in (f"version {version}" if version else "", created) if p)


def _country_names(project: Any = None) -> dict[str, str]:
    from .data import load_quiet

    try:
        countries = load_quiet("countries", project)
    except Exception:  # the title block must not fail for want of country names
        return {}
    return dict(zip(countries["iso3"], countries["name"], strict=False))


def edition_label(variant: dict[str, Any] | None, project: Any = None) -> str:
    """'Türkiye edition' for a matrix report's variant {'host': 'TUR'}; '' without one.

    Example:
        >>> edition_label({"host": "TUR"})  # doctest: +SKIP
        'Türkiye edition'
    """
    if not variant:
        return ""
    names = _country_names(project)
    return ", ".join(names.get(str(v), str(v)) for v in variant.values()) + " edition"


def _title_block(series: Any, report: Any, params: dict[str, Any]) -> Any:
    from IPython.display import HTML

    rows = "".join(
        f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>"
        for k, v in describe_params(series, report, params)
    )
    subtitle = (
        f'<p class="azaf-subtitle">{html.escape(report.subtitle)}</p>' if report.subtitle else ""
    )
    edition = edition_label({k: params[k] for k in report.matrix if k in params})
    if edition:
        subtitle += f'<p class="azaf-edition">{html.escape(edition)}</p>'

    return HTML(
        f'<header class="azaf-title" data-report="{html.escape(report.id)}">'
        f'<p class="azaf-series">{html.escape(series.title)}</p>'
        f"<h1>{html.escape(report.title)}</h1>{subtitle}"
        f'<dl class="azaf-meta"><dt>Edition</dt><dd>{_fmt_date(edition_date())}</dd>'
        f"<dt>Data</dt><dd>{html.escape(data_version_words())}</dd>"
        f'</dl><dl class="azaf-params">{rows}</dl></header>'
    )


def record(
    name: str,
    value: Any,
    unit: str,
    period: str,
    source: str | list[str],
    label: str = "",
) -> Any:
    """Record a named key figure for the manifest and the overview; returns the value.

    Example:
        >>> azaf.record("opium_production_latest", 433, "tonnes", "2024", "unodc-2024")
    """
    from .text import is_missing

    sources = [source] if isinstance(source, str) else list(source)
    cite(sources)
    clean = None if is_missing(value) else (float(value) if not isinstance(value, str) else value)
    if isinstance(clean, float) and clean.is_integer():
        clean = int(clean)
    payload = {
        "name": name,
        "label": label or name.replace("_", " "),
        "value": clean,
        "unit": unit,
        "period": str(period),
        "source": sources,
    }
    STATE.key_figures[name] = payload
    _emit(KEYFIGURE_MIME, payload)
    return value


def note_judgement(judgement_id: str, lead: str, holds: bool) -> None:
    """Tell the build a key judgement the report shows (the index leads with them)."""
    _emit(JUDGEMENT_MIME, {"id": judgement_id, "lead": lead, "holds": bool(holds)})


ANNEX_PAGE = "annex.html"
ANNEX_TITLE = "Annex: methods, data, sources and licences"


def sources_and_methods(methods: str = "", compact: bool = False) -> None:
    """Close the report: its methods, the caveats of the tables it drew on, its sources (one
    line each, licences once), a link to the series' annex, and the data behind the charts.

    compact (for a short brief): the caveats are left to the series' annex, which lists them
    all, and each source is its linked title on one line instead of title and address."""
    from IPython.display import HTML

    _emit(SOURCES_MIME, {"methods": methods, "sources": list(STATE.source_ids)})
    _display(HTML(_sources_section(methods, compact)))
    _stale_note()
    if STATE.chart_data:
        from .tables import readable_data, with_caption

        parts = [
            '<section class="azaf-chartdata-section" id="data-behind-the-charts">'
            "<h2>Data behind the charts</h2><p>The figures drawn in each chart, as text.</p>"
        ]
        for label, caption, frame in STATE.chart_data:
            table = readable_data(frame).to_html(
                index=False, classes="azaf-table azaf-chartdata", na_rep="–", border=0
            )
            # h3 under the h2 above (no skipped level), and the table's caption at once.
            title = f"<h3>{html.escape(label)}: {html.escape(caption)}</h3>"
            parts.append(with_caption(table, title, "azaf-heading"))
        _display(HTML("".join(parts) + "</section>"))


def _sources_section(methods: str, compact: bool = False) -> str:
    """The report's own "Sources and methods", as one section the volume can replace."""
    from .text import md_html

    out = ['<section class="azaf-sources-methods" id="sources-and-methods">']
    out.append("<h2>Sources and methods</h2>")
    if methods:
        out.append(md_html(methods))
    out.append(
        '<p class="azaf-annex-link">The methods of every report, each dataset with all its '
        "caveats, every source and the licences are set out once, for the whole series, in "
        f'the <a href="{ANNEX_PAGE}">{html.escape(ANNEX_TITLE)}</a>.</p>'
    )
    caveats = []
    for name, attrs in [] if compact else STATE.datasets.items():
        notes = [str(c) for c in attrs.get("caveats", []) if str(c).strip()]
        if not notes:
            continue
        caveats.append(
            f"<li><strong>{html.escape(str(attrs.get('title', name)))}</strong> "
            f"({html.escape(str(attrs.get('vintage', '')))}). "
            + " ".join(html.escape(n if n.rstrip().endswith(".") else n + ".") for n in notes)
            + "</li>"
        )
    if caveats:
        out.append(
            f'<h3>Caveats of the data drawn on</h3><ul class="azaf-caveats">{"".join(caveats)}</ul>'
        )
    out.append(_sources_list(STATE.source_ids, compact))
    out.append("</section>")
    return "".join(out)


def _sources_list(source_ids: list[str], compact: bool = False) -> str:
    """One line per source cited, then the licences once, grouped (compact: each title links
    to its address rather than printing it)."""
    from .data import sources
    from .text import link_html

    registry = sources()
    items, licences, accessed = [], {}, set()
    cited = [sid for sid in source_ids if sid in registry.index]
    for number, sid in enumerate(cited, start=1):
        s = registry.loc[sid]
        has_url = _present(s.get("url"))
        via = s.get("cited_via")
        url = " " + link_html(s["url"], s["url"]) if has_url and not compact else ""
        title = f"<em>{html.escape(str(s['title']))}</em>"
        if compact:
            # The title links to the publisher's address, else to where it was read; the
            # series' annex spells both out.
            target = s["url"] if has_url else (via if _present(via) else None)
            if target is not None:
                title = f"<em>{link_html(s['title'], target)}</em>"
        via = f" Read via {html.escape(str(via))}." if _present(via) and not compact else ""
        items.append(
            f'<li id="src-{html.escape(sid)}"><strong>{html.escape(str(s["publisher"]))}</strong>, '
            f"{title}.{url}{via}</li>"
        )
        licence = str(s.get("licence", "")) if _present(s.get("licence")) else "not stated"
        licences.setdefault(licence, []).append(number)
        if _present(s.get("accessed")):
            accessed.add(_pd().Timestamp(s["accessed"]).date())
    if not items:
        return ""
    notes = []
    if licences:
        ranked = sorted(licences.items(), key=lambda kv: -len(kv[1]))
        parts = [f"{html.escape(name)} (sources {_numbers(nums)})" for name, nums in ranked[1:]]
        main = html.escape(ranked[0][0])
        if parts:
            notes.append(f"Licences: {'; '.join(parts)}; all other sources: {main}.")
        else:
            notes.append(f"Licence of every source: {main}.")
    if len(accessed) == 1:
        notes.append(f"All addresses were read on {_fmt_date(accessed.pop())}.")
    elif accessed:
        notes.append(
            f"Addresses were read between {_fmt_date(min(accessed))} and "
            f"{_fmt_date(max(accessed))}."
        )
    return (
        f'<h3>Sources</h3><ol class="azaf-sources{" azaf-sources-compact" if compact else ""}">'
        f"{''.join(items)}</ol>"
        f'<p class="azaf-licences">{" ".join(notes)}</p>'
    )


def _numbers(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1–3, 5'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def _stale_note() -> None:
    """Flag the tables read that are older than the series' threshold (azaf.status)."""
    from IPython.display import HTML

    from .status import stale_note

    note = stale_note(list(STATE.datasets), edition_date())
    if note:
        _display(HTML(f'<p class="azaf-note azaf-stale">{html.escape(note)}</p>'))


def _present(value: Any) -> bool:
    from .text import is_missing

    return not is_missing(value) and str(value) != ""
