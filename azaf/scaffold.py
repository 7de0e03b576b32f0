"""`azaf new`: scaffold a report notebook with the standard structure and its series entry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .errors import SeriesError
from .project import Project
from .series import ID_PATTERN, load_series

KERNELSPEC = {"display_name": "Python (azaf)", "language": "python", "name": "azaf"}


def _cells(report_id: str, title: str) -> list:
    return [
        new_markdown_cell(
            f"# {title}\n\nRun this notebook top to bottom in JupyterLab, or build it with "
            f"`azaf build --only {report_id}`. The title block below is composed from "
            "`series.yml` and the parameters."
        ),
        new_code_cell(
            "start_year: int = 2010  # first year shown\n"
            "end_year: int = 2022  # last year shown\n"
            'country: str = "AFG"  # country shown'
        ),
        new_code_cell(f'import azaf\n\nreport = azaf.begin("{report_id}", globals())'),
        new_markdown_cell("## Summary"),
        new_code_cell(
            "# Load: read validated tables from data/ (see data/README.md for what exists).\n"
            'population = azaf.load("macro_wb")\n'
            "rows = population[\n"
            "    (population.iso3 == country)\n"
            '    & (population.indicator == "population")\n'
            "    & population.year.between(start_year, end_year)\n"
            "]"
        ),
        new_code_cell(
            "# Analyse: compose every sentence with figures from the data.\n"
            "if rows.empty:\n"
            '    azaf.md(f"The data hold no population figure for {country} in '
            '{start_year}–{end_year}.")\n'
            "else:\n"
            '    first, last = rows.sort_values("year").iloc[[0, -1]].itertuples()\n'
            "    change = azaf.pct_change(first.value, last.value)\n"
            "    azaf.md(\n"
            '        f"Population of {country}: {azaf.fmt_count(first.value)} in {first.year}, "\n'
            '        f"{azaf.fmt_count(last.value)} in {last.year} '
            '({azaf.fmt_pct(change, 1, signed=True)})."\n'
            "    )\n"
            '    azaf.record("population_latest", last.value, "people", str(last.year), '
            "last.source_id)"
        ),
        new_markdown_cell("## Population by year"),
        new_code_cell(
            "# Show: standard charts and tables add numbers, captions and source lines.\n"
            "if not rows.empty:\n"
            '    ax = azaf.points_by_year(rows, "year", "value", ylabel="people", connect=True)\n'
            "    azaf.show_figure(\n"
            "        ax.figure,\n"
            '        f"Population of {country}, {start_year}–{end_year}",\n'
            '        rows[["year", "value", "source_id"]],\n'
            '        alt=f"Line of the population of {country} by year",\n'
            "    )"
        ),
        new_code_cell(
            'azaf.sources_and_methods(\n    "Describe here what the report counts, how, and '
            'its limits."\n)'
        ),
    ]


def _next_number(notebooks: Path) -> int:
    numbers = [
        int(m.group(1)) for p in notebooks.glob("*.ipynb") if (m := re.match(r"(\d+)_", p.name))
    ]
    return (max(numbers, default=0) // 10 + 1) * 10


def new_report(project: Project, report_id: str, title: str) -> Path:
    """Write notebooks/NN_<id>.ipynb and append its entry to series.yml; return the notebook."""
    if not ID_PATTERN.match(report_id):
        raise SeriesError(
            f"report id {report_id!r} is not a valid slug: use lower-case letters, digits and "
            "underscores, starting with a letter (e.g. energy_ties)"
        )
    if not title.strip():
        raise SeriesError("give the new report a title with --title")
    series = load_series(project)
    if report_id in series.reports:
        raise SeriesError(f"report '{report_id}' already exists in series.yml")
    path = project.notebooks_dir / f"{_next_number(project.notebooks_dir):02d}_{report_id}.ipynb"
    if path.exists():
        raise SeriesError(f"{path} already exists")
    nb = new_notebook(cells=_cells(report_id, title.strip()))
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    nb.cells[1].metadata["tags"] = ["parameters"]
    nb.cells[0].metadata["tags"] = ["remove-cell"]
    for i, cell in enumerate(nb.cells):
        cell.id = f"{report_id[:20]}-{i:02d}"
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
    entry = (
        f"\n  - id: {report_id}\n"
        f"    notebook: notebooks/{path.name}\n"
        f"    title: {json.dumps(title.strip(), ensure_ascii=False)}\n"
        f'    subtitle: ""\n'
        f'    summary: ""\n'
        "    parameters:\n"
        "      start_year: {min: 1991, max: 2030}\n"
        "      end_year: {min: 1991, max: 2030}\n"
        "      country: {allowed_from: countries.iso3}\n"
        "    rules:\n"
        "      - start_year <= end_year\n"
    )
    text = project.series_file.read_text(encoding="utf-8")
    project.series_file.write_text(text.rstrip("\n") + "\n" + entry, encoding="utf-8")
    load_series(project)  # the new entry must load; fail loudly if it does not
    return path
