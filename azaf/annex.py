"""The series' annex, written once by the build: methods of every report, the datasets read
with their caveats, every source cited and the licences (annex.html and the volume's end)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .report import ANNEX_PAGE, ANNEX_TITLE, data_version_words

GOOD = ("ok", "cached")


def _env(template_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(template_dir)), autoescape=select_autoescape(["html", "j2"])
    )


def _markdown(text: str) -> Markup:
    from .text import md_html

    # Any HTML inside the methods text stays text; only safe links become links.
    return Markup(md_html(text or ""))


def edition_words(edition: str) -> str:
    """'2026-12-02' -> '2 December 2026' (other text is returned as it is)."""
    try:
        day = _dt.date.fromisoformat(str(edition)[:10])
    except ValueError:
        return str(edition)
    return f"{day.day} {day:%B %Y}"


def part_title(entry: dict) -> str:
    """A report's title in the series, with its edition for a matrix report."""
    title = str(entry.get("title", entry.get("id", "")))
    if entry.get("variant"):
        label = entry.get("edition_label") or ", ".join(str(v) for v in entry["variant"].values())
        title += " — " + label
    return title


def citation(series: Any, manifest: dict) -> str:
    """The suggested citation of the series' edition, as plain text."""
    edition = str(manifest.get("edition", ""))
    year = edition[:4] if edition[:4].isdigit() else ""
    who = ", ".join(series.authors) or series.publisher
    title = series.title + (f": {series.subtitle}" if series.subtitle else "")
    version = (manifest.get("data") or {}).get("version")
    parts = [f"{who} ({year})." if year else f"{who}.", f"{title}."]
    data = f", data version {version}." if version else "."
    parts.append(f"Edition of {edition_words(edition)}{data}")
    if series.publisher and series.publisher != who:
        parts.append(f"{series.publisher}.")
    if series.url:
        parts.append(series.url)
    return " ".join(parts)


def _group_methods(entries: list[dict]) -> list[dict]:
    """One methods entry per report: the editions of a matrix report share every paragraph
    they have in common, and a paragraph only some editions have says which."""
    groups: dict[str, list[dict]] = {}
    for entry in entries:
        groups.setdefault(entry.get("report", entry["id"]), []).append(entry)
    out = []
    for items in groups.values():
        paragraphs: dict[str, list[dict]] = {}
        for e in items:
            for para in str(e.get("methods", "")).split("\n\n"):
                if para.strip():
                    paragraphs.setdefault(para.strip(), []).append(e)
        text = []
        for para, having in paragraphs.items():
            if len(items) > 1 and len(having) < len(items):
                which = ", ".join(e.get("edition_label") or e["id"] for e in having)
                para += f" *({which} only.)*"
            text.append(para)
        first = items[0]
        out.append(
            {
                "title": first.get("title", first["id"]),
                "editions": [e.get("edition_label", "") for e in items if e.get("variant")],
                "methods": _markdown("\n\n".join(text)),
                "entries": items,
            }
        )
    return out


def _datasets(project: Any, entries: list[dict]) -> list[dict]:
    from .data import descriptor

    resources = {r["name"]: r for r in descriptor(project).get("resources", [])}
    used: dict[str, list[str]] = {}
    for entry in entries:
        for d in entry.get("datasets") or []:
            titles = used.setdefault(d["name"], [])
            if entry.get("title") not in titles:
                titles.append(entry.get("title"))
    out = []
    for name, readers in used.items():
        res = resources.get(name, {})
        out.append(
            {
                "name": name,
                "title": res.get("title", name),
                "path": f"data/{res.get('path', name + '.csv')}",
                "description": res.get("description", ""),
                "vintage": res.get("vintage", ""),
                "licences": res.get("licenses", []),
                "caveats": [str(c) for c in res.get("caveats", []) if str(c).strip()],
                "read_by": readers,
            }
        )
    return out


def _text(value: Any) -> str:
    from .text import is_missing

    return "" if is_missing(value) else str(value)


def _sources(project: Any, entries: list[dict]) -> list[dict]:
    from .data import sources

    registry = sources(project)
    ids: list[str] = []
    for entry in entries:
        ids += [s for s in entry.get("sources") or [] if s not in ids]
    out = []
    for sid in ids:
        if sid not in registry.index:
            continue
        row = registry.loc[sid]
        url = _text(row.get("url"))
        out.append(
            {
                "id": sid,
                "publisher": _text(row.get("publisher")),
                "title": _text(row.get("title")),
                # Links from data keep only web and mail addresses.
                "url": url if url.startswith(("http://", "https://", "mailto:")) else "",
                "published": _text(row.get("published")),
                "accessed": _text(row.get("accessed"))[:10],
                "via": _text(row.get("cited_via")),
                "licence": _text(row.get("licence")) or "not stated",
            }
        )
    return sorted(out, key=lambda s: (s["publisher"].casefold(), s["title"].casefold()))


def _licences(datasets: list[dict], sources: list[dict]) -> list[dict]:
    """Each licence once: its title, address, the tables under it and how many sources."""
    found: dict[str, dict] = {}
    for d in datasets:
        for lic in d["licences"]:
            key = lic.get("title") or lic.get("name", "")
            item = found.setdefault(
                key, {"title": key, "path": lic.get("path", ""), "tables": [], "sources": 0}
            )
            item["tables"].append(d["title"])
    by_source: dict[str, int] = {}
    for s in sources:
        by_source[s["licence"]] = by_source.get(s["licence"], 0) + 1
    return sorted(found.values(), key=lambda x: -len(x["tables"])), sorted(
        by_source.items(), key=lambda kv: -kv[1]
    )


def context(project: Any, series: Any, manifest: dict) -> dict:
    """Everything the annex shows, from the manifest, datapackage.json and the sources table."""
    entries = [e for e in manifest.get("reports", []) if e.get("status") in GOOD]
    datasets = _datasets(project, entries)
    sources = _sources(project, entries)
    table_licences, source_licences = _licences(datasets, sources)
    return {
        "series": series,
        "manifest": manifest,
        "title": ANNEX_TITLE,
        "edition": edition_words(manifest.get("edition", "")),
        "data_words": _upper_first(data_version_words(project)),
        "citation": citation(series, manifest),
        "reports": _group_methods(entries),
        "datasets": datasets,
        "sources": sources,
        "table_licences": table_licences,
        "source_licences": source_licences,
        "part_title": part_title,
    }


def annex_body(project: Any, series: Any, manifest: dict, links: dict[str, str]) -> str:
    """The annex as an HTML fragment; links maps a report id to where its page is."""
    ctx = context(project, series, manifest) | {"links": links}
    return _env(project.template_dir).get_template("annex_body.html.j2").render(**ctx)


def write_annex(project: Any, folder: Path, series: Any, manifest: dict) -> str:
    """Write folder/annex.html and return its file name."""
    links = {
        e["id"]: e["outputs"]["html"]
        for e in manifest.get("reports", [])
        if (e.get("outputs") or {}).get("html")
    }
    body = Markup(annex_body(project, series, manifest, links))
    page = (
        _env(project.template_dir)
        .get_template("annex.html.j2")
        .render(series=series, manifest=manifest, title=ANNEX_TITLE, body=body)
    )
    (folder / ANNEX_PAGE).write_text(page, encoding="utf-8")
    return ANNEX_PAGE


def _upper_first(text: str) -> str:
    """'version 1, compiled 2 December' -> 'Version 1, compiled 2 December' (str.capitalize
    would lower-case the month)."""
    return text[:1].upper() + text[1:]
