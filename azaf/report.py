"""The state of the report being written in a kernel: title block, key figures, sources."""

from __future__ import annotations

import datetime as _dt
import html
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where needed: the build reads labels from here without pandas
    import pandas as pd

KEYFIGURE_MIME = "application/vnd.azaf.keyfigure+json"
DATASET_MIME = "application/vnd.azaf.dataset+json"


@dataclass
class ReportState:
    """What one report has shown so far: counters, datasets read, sources cited, chart data."""

    report_id: str = ""
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
    """The edition date: $AZAF_EDITION (set by the build) or today."""
    text = os.environ.get("AZAF_EDITION")
    return _dt.date.fromisoformat(text) if text else _dt.date.today()


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
    STATE.__init__(report_id=report_id, title=report.title, params=params)  # type: ignore[misc]
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

        def word(v: Any) -> str:
            return f"{names[v]} ({v})" if isinstance(v, str) and v in names else str(v)

        text = join_words(word(v) for v in value) if isinstance(value, list) else word(value)
        pairs.append((spec.label, text or "none"))
    return pairs


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

    from .data import vintage

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
        f"<dt>Data</dt><dd>azaf data package, {html.escape(vintage())}</dd>"
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


def sources_and_methods(methods: str = "") -> None:
    """Close the report: methods text, the datasets read, the sources cited, chart data."""
    from IPython.display import HTML

    from .data import sources
    from .text import link_html, md_html

    _display(HTML('<h2 id="sources-and-methods">Sources and methods</h2>'))
    if methods:
        _display(HTML(md_html(methods)))
    rows = []
    for name, attrs in STATE.datasets.items():
        caveats = "".join(f"<li>{html.escape(c)}</li>" for c in attrs.get("caveats", []))
        rows.append(
            f"<tr><td><code>{html.escape(attrs.get('path', name))}</code></td>"
            f"<td>{html.escape(attrs.get('title', name))}</td>"
            f"<td>{html.escape('; '.join(attrs.get('licenses', [])))}</td>"
            f"<td>{html.escape(attrs.get('vintage', ''))}"
            f"{'<ul>' + caveats + '</ul>' if caveats else ''}</td></tr>"
        )
    _display(
        HTML(
            # The heading is the table's caption: one title, both navigable and announced.
            '<table class="azaf-table azaf-datasets"><caption class="azaf-heading">'
            "<h3>Datasets read</h3></caption><thead><tr>"
            "<th>File</th><th>Table</th><th>Licence</th><th>Vintage and caveats</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    )
    registry = sources()
    items = []
    for sid in STATE.source_ids:
        if sid not in registry.index:
            continue
        s = registry.loc[sid]
        via = (
            f" Read via {html.escape(str(s['cited_via']))}." if _present(s.get("cited_via")) else ""
        )
        url = " " + link_html(s["url"], s["url"]) if _present(s.get("url")) else ""
        accessed = (
            _present(s.get("accessed"))
            and f" Accessed {_pd().Timestamp(s['accessed']).date()}."
            or ""
        )
        items.append(
            f'<li id="src-{html.escape(sid)}"><strong>{html.escape(str(s["publisher"]))}</strong>, '
            f"<em>{html.escape(str(s['title']))}</em>.{url}{accessed}{via}"
            f" Licence: {html.escape(str(s.get('licence', '')))}.</li>"
        )
    _display(HTML(f'<h3>Sources cited</h3><ol class="azaf-sources">{"".join(items)}</ol>'))
    if STATE.chart_data:
        _display(
            HTML(
                '<h2 id="data-behind-the-charts">Data behind the charts</h2>'
                "<p>The figures drawn in each chart, as text.</p>"
            )
        )
        from .tables import readable_data, with_caption

        for label, caption, frame in STATE.chart_data:
            table = readable_data(frame).to_html(
                index=False,
                classes="azaf-table azaf-chartdata",
                na_rep="–",
                border=0,
            )
            # h3 under the h2 above (no skipped level), and the table's caption at once.
            title = f"<h3>{html.escape(label)}: {html.escape(caption)}</h3>"
            _display(HTML(with_caption(table, title, "azaf-heading")))


def _present(value: Any) -> bool:
    from .text import is_missing

    return not is_missing(value) and str(value) != ""
