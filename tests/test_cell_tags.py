"""Which notebook cells reach a reader: a section's data cell never does."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from azaf.render import render_html

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def _cell(source: str, text: str, tags: list[str]) -> nbformat.NotebookNode:
    cell = new_code_cell(source, metadata={"tags": tags})
    cell.outputs = [new_output("display_data", data={"text/html": f"<p>{text}</p>"})]
    return cell


def test_data_cells_and_their_output_are_left_out_while_chart_and_words_cells_stay():
    nb = new_notebook(
        cells=[
            new_markdown_cell("## Turnover"),
            _cell("turnover = load()", "ROWS-A-RESEARCHER-PEEKED-AT", ["data"]),
            _cell("fig = chart(turnover)", "THE-CHART", []),
            _cell("words(turnover)", "THE-WORDS", []),
        ],
        metadata={"kernelspec": {"name": "azaf", "display_name": "azaf", "language": "python"}},
    )
    html, _ = render_html(nb, TEMPLATES)
    assert "THE-CHART" in html and "THE-WORDS" in html
    assert "ROWS-A-RESEARCHER-PEEKED-AT" not in html
    assert "turnover = load()" not in html and "chart(turnover)" not in html
