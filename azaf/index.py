"""The series' landing page: reports/<name>/index.html, from the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .text import fmt_value

GOOD = ("ok", "cached")


def headline(manifest: dict) -> list[dict]:
    """What the index leads with: the overview's key judgements when it records them, else
    the first key figure of each topic report, in words, each linking to its report."""
    for entry in manifest.get("reports", []):
        judgements = entry.get("judgements") or []
        if entry.get("report") == "overview" and entry.get("status") in GOOD and judgements:
            href = (entry.get("outputs") or {}).get("html", "")
            return [
                {"text": str(j.get("lead", "")), "flagged": not j.get("holds", True), "href": href}
                for j in judgements
                if j.get("lead")
            ]
    lines, seen = [], set()
    for entry in manifest.get("reports", []):
        report = entry.get("report", entry.get("id"))
        if report == "overview" or report in seen or entry.get("status") not in GOOD:
            continue
        figures = [k for k in entry.get("key_figures") or [] if k.get("value") is not None]
        if not figures:
            continue
        seen.add(report)
        k = figures[0]
        label = str(k.get("label", ""))
        lines.append(
            {
                "text": f"{label[:1].upper()}{label[1:]}: "
                f"{fmt_value(k.get('value'), k.get('unit', ''))} ({k.get('period', '')}).",
                "flagged": False,
                "href": (entry.get("outputs") or {}).get("html", ""),
            }
        )
    return lines


def _stale_by_report(project: Any, manifest: dict) -> dict[str, list[str]]:
    """Per report: titles of the tables it read that are past the staleness threshold."""
    import datetime as dt

    from .status import table_status

    try:
        edition = dt.date.fromisoformat(str(manifest.get("edition", ""))[:10])
        stale = {t.name: t.title for t in table_status(project, edition) if t.stale}
    except Exception:  # a package without dates or kinds of source: nothing to flag
        return {}
    out = {}
    for entry in manifest.get("reports", []):
        read = [d.get("name") for d in entry.get("datasets") or [] if isinstance(d, dict)]
        titles = [stale[n] for n in read if n in stale]
        if titles:
            out[entry["id"]] = titles
    return out


def write_index(project: Any, folder: Path, series: Any, manifest: dict) -> Path:
    """Render templates/azaf/series_index.html.j2 into folder/index.html."""
    from .annex import _upper_first, citation, edition_words
    from .report import data_version_words

    env = Environment(
        loader=FileSystemLoader(str(project.template_dir)),
        autoescape=select_autoescape(["html", "j2"]),
    )
    env.filters["figure"] = lambda k: fmt_value(k.get("value"), k.get("unit", ""))
    page = env.get_template("series_index.html.j2").render(
        series=series,
        manifest=manifest,
        edition=edition_words(manifest.get("edition", "")),
        data_words=_upper_first(data_version_words(project)),
        headline=headline(manifest),
        citation=citation(series, manifest),
        stale=_stale_by_report(project, manifest),
    )
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
