"""The series volume: every report's PDF in series order, with bookmarks, in one file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter


def volume_name(series: Any) -> str:
    """File name of the volume, from the series title."""
    slug = re.sub(r"[^a-z0-9]+", "-", series.title.lower()).strip("-") or "series"
    return f"{slug}-volume.pdf"


def write_volume(folder: Path, series: Any, entries: list[dict]) -> str | None:
    """Concatenate the reports' PDFs with a bookmark per report; return the file name."""
    writer = PdfWriter()
    added = 0
    for entry in entries:
        pdf = entry.get("outputs", {}).get("pdf")
        if not pdf or not (folder / pdf).is_file():
            continue
        title = entry["title"]
        if entry.get("variant"):
            title += " (" + ", ".join(f"{v}" for v in entry["variant"].values()) + ")"
        writer.append(PdfReader(folder / pdf), outline_item=title, import_outline=True)
        added += 1
    if not added:
        return None
    name = volume_name(series)
    writer.add_metadata({"/Title": series.title, "/Creator": "azaf"})
    with (folder / name).open("wb") as fh:
        writer.write(fh)
    return name
