"""The series volume: a cover, contents with page numbers, then every report's PDF in series
order, with a bookmark per report and its sections."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pypdf import PdfReader, PdfWriter


def volume_name(series: Any) -> str:
    """File name of the volume, from the series title."""
    slug = re.sub(r"[^a-z0-9]+", "-", series.title.lower()).strip("-") or "series"
    return f"{slug}-volume.pdf"


def _title(entry: dict) -> str:
    title = entry["title"]
    if entry.get("variant"):
        title += " — " + (
            entry.get("edition_label") or ", ".join(f"{v}" for v in entry["variant"].values())
        )
    return title


def _front_matter(template_dir: Path, series: Any, manifest: dict, parts: list[dict]) -> bytes:
    from .render import render_pdf

    env = Environment(
        loader=FileSystemLoader(str(template_dir)), autoescape=select_autoescape(["html", "j2"])
    )
    page = env.get_template("volume_front.html.j2").render(
        series=series, manifest=manifest, parts=parts
    )
    return render_pdf(page, "", page_furniture=False)


def _sections(outline: list) -> list:
    """A report's bookmarks without its title: Chromium makes the page's h1 the only top item,
    which would repeat the report's own bookmark one level down."""
    if len(outline) == 2 and not isinstance(outline[0], list) and isinstance(outline[1], list):
        return outline[1]
    return outline


def _copy_outline(writer: PdfWriter, reader: PdfReader, items: list, parent: Any, start: int):
    """Copy bookmarks (nested lists follow the item they belong to) under parent."""
    last = parent
    for item in items:
        if isinstance(item, list):
            _copy_outline(writer, reader, item, last, start)
            continue
        page = reader.get_destination_page_number(item)
        last = writer.add_outline_item(
            title=str(item.title), page_number=start + page, parent=parent
        )


def write_volume(folder: Path, series: Any, manifest: dict, template_dir: Path) -> str | None:
    """Write the volume into folder and return its file name (None if no report has a PDF)."""
    readers: list[tuple[dict, PdfReader]] = []
    for entry in manifest["reports"]:
        pdf = entry.get("outputs", {}).get("pdf")
        if pdf and (folder / pdf).is_file():
            readers.append((entry, PdfReader(folder / pdf)))
    if not readers:
        return None
    front_pages = 2
    for _ in range(3):  # the contents' own length moves the page numbers it lists
        parts, page = [], front_pages + 1
        for entry, reader in readers:
            parts.append(
                {
                    "title": _title(entry),
                    "page": page,
                    "pages": len(reader.pages),
                    "status": entry["status"],
                    "summary": entry.get("summary", ""),
                }
            )
            page += len(reader.pages)
        front = _front_matter(template_dir, series, manifest, parts)
        count = len(PdfReader(io.BytesIO(front)).pages)
        if count == front_pages:
            break
        front_pages = count
    writer = PdfWriter()
    writer.append(
        PdfReader(io.BytesIO(front)), outline_item="Cover and contents", import_outline=False
    )
    for (_, reader), part in zip(readers, parts, strict=True):
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        parent = writer.add_outline_item(title=part["title"], page_number=start)
        _copy_outline(writer, reader, _sections(reader.outline), parent, start)
    writer.add_metadata(
        {"/Title": f"{series.title} — {manifest.get('edition', '')}", "/Creator": "azaf"}
    )
    name = volume_name(series)
    with (folder / name).open("wb") as fh:
        writer.write(fh)
    return name
