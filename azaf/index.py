"""The series' landing page: reports/<name>/index.html, from the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .text import fmt_value


def write_index(project: Any, folder: Path, series: Any, manifest: dict) -> Path:
    """Render templates/azaf/series_index.html.j2 into folder/index.html."""
    env = Environment(
        loader=FileSystemLoader(str(project.template_dir)),
        autoescape=select_autoescape(["html", "j2"]),
    )
    env.filters["figure"] = lambda k: fmt_value(k.get("value"), k.get("unit", ""))
    page = env.get_template("series_index.html.j2").render(series=series, manifest=manifest)
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
