"""Two tables charted side by side (azaf.side_by_side), and the README's worked example run
in the security notebook through the real papermill and the series' renderer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import IPython.display
import pandas as pd
import pytest

import azaf
from azaf import report

ROOT = Path(__file__).resolve().parents[1]


def readme_block(heading: str) -> str:
    """The first Python code block under a README heading (so the README cannot go stale)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"### {heading}\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What the helpers display, with a fresh report state."""
    seen: list[Any] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_: seen.extend(objs))
    report.STATE.__init__()  # type: ignore[misc]
    return seen


def _page(shown: list[Any]) -> str:
    return "\n".join(str(getattr(o, "data", o)) for o in shown if not isinstance(o, dict))


def test_two_tables_make_one_numbered_figure_with_both_publishers(shown):
    opium = azaf.load("opium")
    opium = opium[(opium["indicator"] == "production") & opium["latest_estimate"]]
    opium = opium[opium["year"] >= 2023]
    deaths = azaf.load("conflict_deaths")
    deaths = deaths[(deaths["iso3"] == "AFG") & (deaths["type"] == "all")]
    newest = deaths.loc[deaths["year"].idxmax(), "release"]
    deaths = deaths[(deaths["release"] == newest) & (deaths["year"] >= 2023)]
    assert len(deaths) == 2  # 2023 and 2024
    fig = azaf.side_by_side(
        opium,
        deaths,
        y=("value", "deaths"),
        labels=("Opium production (tonnes)", "Conflict deaths"),
        caption="Made-up test caption",
        subtitle="Made-up test subtitle",
        alt="Two bar charts",
    )
    assert len(fig.axes) == 2
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        "Opium production (tonnes)",
        "Conflict deaths",
    ]
    assert fig.axes[0].get_xlim() == fig.axes[1].get_xlim()  # a year sits alike in both
    page = _page(shown)
    assert "Figure 1." in page and "Made-up test caption" in page and 'aria-label="Two bar' in page
    source = re.search(r'<p class="azaf-source">(.*?)</p>', page).group(1)
    assert "UNODC" in source and "Uppsala Conflict Data Program" in source
    (_label, titled, rows) = report.STATE.chart_data[-1]
    assert titled == "Made-up test caption. Made-up test subtitle"
    assert list(rows.columns) == ["year", "chart", "value"]
    assert len(rows) == len(opium) + len(deaths)
    assert set(rows["chart"]) == {"Opium production (tonnes)", "Conflict deaths"}


def test_side_by_side_refuses_rows_without_their_source():
    rows = pd.DataFrame({"year": [2020], "value": [1.0]})
    with pytest.raises(ValueError, match="source_id"):
        azaf.side_by_side(rows, rows, ("value", "value"), ("a", "b"), "caption", "alt")
    with pytest.raises(ValueError, match="kind"):
        azaf.side_by_side(rows, rows, ("value", "value"), ("a", "b"), "c", "a", kind="pie")


def test_new_figure_gives_a_row_of_axes():
    fig, axes = azaf.new_figure(ncols=2)
    assert len(axes) == 2
    fig, ax = azaf.new_figure()
    assert not isinstance(ax, (list, tuple)) and hasattr(ax, "plot")


def test_the_readme_example_composes_its_caption_from_the_rows(shown):
    exec(readme_block("Put two tables side by side"), {"azaf": azaf})
    (_label, titled, rows) = report.STATE.chart_data[-1]
    production = rows[rows["chart"] == "Opium production (tonnes)"]
    last = int(rows["year"].max())
    tonnes = production.set_index("year")["value"][last]
    assert titled.startswith(f"In {last}, Afghanistan produced {tonnes:,} tonnes of opium")


@pytest.mark.slow
def test_readme_side_by_side_example_runs_in_the_security_notebook(tmp_path: Path):
    """The README's block, pasted before Sources and methods of the security notebook,
    executed by papermill in the "azaf" kernel and rendered as the build renders it."""
    import nbformat
    from test_topic_security import chart_data_rows, run_and_render

    nb = nbformat.read(str(ROOT / "notebooks/20_security.ipynb"), as_version=4)
    last = next(
        i for i, c in enumerate(nb.cells) if c.source.startswith("azaf.sources_and_methods")
    )
    nb.cells.insert(last, nbformat.v4.new_code_cell(readme_block("Put two tables side by side")))
    html = run_and_render(nb, tmp_path)
    found = re.search(
        r'<span class="azaf-num">Figure (\d+)\.</span> <span class="azaf-finding">'
        r"(In \d{4}, Afghanistan produced [\d,]+ tonnes of opium[^<]*)</span>"
        r'<span class="azaf-figsub">([^<]*)</span>',
        html,
    )
    assert found, "the side-by-side figure is not on the page"
    number, caption, subtitle = found.groups()
    assert int(number) == 4  # after the series' own three figures
    assert subtitle.startswith("Afghanistan, UNODC production estimates and UCDP best estimates")
    figure = html[found.start() : html.index("</figure>", found.start())]
    assert re.search(r'<svg aria-label="Two bar charts side by side[^"]*" role="img"', figure)
    source = re.search(r'<p class="azaf-source">(.*?)</p>', figure).group(1)
    assert "UNODC" in source and "Uppsala Conflict Data Program (UCDP)" in source
    assert chart_data_rows(html, caption) > 20  # both tables' years, under Data behind the charts
    assert "side_by_side" not in html and "azaf.load" not in html  # no code shows
