"""The diaspora report's sections as a researcher extends them: each data step returns a frame
carrying its parameters, and a filtered frame changes the chart's caption, its data rows, its
source line and the words (in process, and once through papermill and the series' renderer)."""

from __future__ import annotations

import pydoc
import re
from pathlib import Path
from typing import Any

import IPython.display
import pandas as pd
import pytest

from azaf import report
from azaf.topics import diaspora

ROOT = Path(__file__).resolve().parents[1]
ONE_RELEASE = "Source: UNHCR, Refugee Data Finder: refugees and asylum-seekers by origin"


class Shown(list):
    """Everything a section displayed, with its text joined for assertions."""

    @property
    def text(self) -> str:
        # Key-figure and dataset payloads are for the build, not for readers.
        return "\n".join(str(getattr(o, "data", o)) for o in self if not isinstance(o, dict))

    @property
    def words(self) -> str:
        """The text without markup, as a reader reads it."""
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", self.text))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    """Collect what the report would display, with a fresh report state."""
    seen = Shown()
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_: seen.extend(objs))
    report.STATE.__init__()  # type: ignore[misc]
    return seen


def _source_lines(shown: Shown) -> list[str]:
    return re.findall(r'<p class="azaf-source">(.*?)</p>', shown.text)


def test_a_filtered_hosted_frame_changes_caption_data_rows_source_line_and_words(shown):
    hosted = diaspora.hosted("KAZ", "AFG", 2010, 2025)
    later = hosted[hosted["year"] >= 2023]
    assert later.attrs["host"] == "KAZ" and later.attrs["start_year"] == 2010
    results = []
    for frame in (hosted, later):
        shown.clear()
        report.STATE.__init__()  # type: ignore[misc]
        assert diaspora.hosted_chart(frame) is not None
        (_label, titled, rows) = report.STATE.chart_data[-1]
        figure_source = _source_lines(shown)
        diaspora.share_table(frame)
        diaspora.breaks_words(frame)
        results.append((titled, len(rows), figure_source, shown.words))
    (full_title, full_rows, full_source, full_words) = results[0]
    (title, rows, source, words) = results[1]
    assert "by country of origin, 2010–2025, people" in full_title
    assert "by country of origin, 2023–2025, people" in title
    assert full_rows == 16 and rows == 3
    assert full_source == ["Source: UNHCR (2 documents, listed under Sources and methods)."]
    assert source[0].startswith(ONE_RELEASE)
    # The share table's caption and the breaks follow the rows kept.
    assert "in Kazakhstan, 2023–2025" in words and "in Kazakhstan, 2010–2025" not in words
    assert "People from Russian Federation: 3,697 in 2010, none in 2011." in full_words
    # The chart's legend may still name the origin; the breaks no longer do.
    assert "People from Russian Federation:" not in words
    assert "People from Ukraine: 245 in 2024, 4,240 in 2025." in words


def test_a_filtered_abroad_frame_moves_the_latest_year_of_chart_rank_and_trend(shown):
    abroad = diaspora.abroad("AZE", "AFG", 2010, 2025, 8)
    until = abroad[abroad["year"] <= 2020]
    diaspora.hosts_chart(until)
    (_label, titled, rows) = report.STATE.chart_data[-1]
    assert titled.startswith("Azerbaijan ranked 29th of 94 hosts of refugees from Afghanistan")
    assert "people, 2020" in titled and len(rows) == 9
    diaspora.rank_words(until)
    assert "and 29 of 94 in 2020; its best place was 26 in 2012" in shown.words
    diaspora.hosts_trend_chart(until)
    (_label, titled, rows) = report.STATE.chart_data[-1]
    assert titled.startswith("Pakistan hosted the most refugees from Afghanistan in 2020")
    assert "thousands, 2010–2020" in titled and len(rows) == 11


def test_a_filtered_turkic_frame_changes_the_chart_and_the_words(shown):
    turkic = diaspora.turkic("AFG", 2010, 2025)
    uzbek = turkic[turkic["label"] == "Uzbek"]
    diaspora.turkic_words(turkic)
    assert "the 2023 brief gives one figure, about 3 million people" in shown.words
    shown.clear()
    diaspora.turkic_words(uzbek)
    diaspora.turkic_chart(uzbek)
    diaspora.turkic_table(uzbek)
    (_label, titled, rows) = report.STATE.chart_data[-1]
    assert titled.startswith("4 published estimates of Turkic peoples in Afghanistan")
    assert len(rows) == 4 and set(rows["label"]) == {"Uzbek"}
    assert "2023 brief gives one figure" not in shown.words  # the brief's row is filtered out
    assert "1997" not in shown.words.split("Figure")[0]  # its year leaves the list of years


def test_all_rows_filtered_away_say_what_the_report_says_without_data(shown):
    hosted = diaspora.hosted("AZE", "AFG", 2010, 2025).iloc[0:0]
    assert diaspora.hosted_chart(hosted) is None
    diaspora.breaks_words(hosted)
    abroad = diaspora.abroad("AZE", "AFG", 2010, 2025, 8).iloc[0:0]
    assert diaspora.hosts_chart(abroad) is None
    diaspora.rank_words(abroad)
    assert diaspora.hosts_trend_chart(abroad) is None
    turkic = diaspora.turkic("AFG", 2010, 2025).iloc[0:0]
    assert diaspora.turkic_chart(turkic) is None
    diaspora.turkic_table(turkic)
    diaspora.programmes_table(diaspora.programmes("AZE", "AFG").iloc[0:0])
    diaspora.programme_events_words(diaspora.programme_events("AZE", "AFG").iloc[0:0])
    diaspora.brief_comparison(diaspora.claims("AZE", "AFG").iloc[0:0])
    words = shown.words
    assert "The data hold no refugee figures for Azerbaijan in 2010–2025; no chart" in words
    assert "Azerbaijan cannot be ranked: the data hold no figure of people from" in words
    assert "no published estimate of Afghanistan's Turkic peoples" in words
    assert "The timeline holds no dated scholarship or exchange event." in words
    assert "make no claim in figures about refugees in Azerbaijan" in words
    assert "Sudden breaks" not in words and report.STATE.chart_data == []


def test_another_origin_leaves_the_turkic_section_out_without_reading_its_table(shown):
    turkic = diaspora.turkic("SYR", 2010, 2025)
    assert turkic.empty and turkic.attrs["origin"] == "SYR"
    diaspora.turkic_words(turkic)
    assert diaspora.turkic_chart(turkic) is None
    diaspora.turkic_table(turkic)
    assert "left out of this edition" in shown.words
    assert "no published estimate" not in shown.words  # said once, not twice
    assert "turkic_groups" not in report.STATE.datasets


def test_rows_without_the_reports_parameters_get_a_clear_error():
    hosted = diaspora.hosted("AZE", "AFG", 2010, 2025)
    extra = pd.DataFrame({"year": [2026], "origin": ["AFG"], "total": [1]})
    combined = pd.concat([hosted, extra])  # pandas drops attrs that differ
    with pytest.raises(ValueError, match="lost the report's parameters"):
        diaspora.hosted_chart(combined)


def test_breaks_of_a_frame_agree_with_breaks_of_the_parameters():
    hosted = diaspora.hosted("UZB", "AFG", 2010, 2022)
    pd.testing.assert_frame_equal(
        diaspora.breaks_of(hosted), diaspora.breaks("UZB", "AFG", 2010, 2022)
    )


def test_help_lists_every_public_function_with_its_one_line_docstring():
    page = pydoc.render_doc(diaspora, renderer=pydoc.plaintext)
    assert "Every section is built in three steps" in page
    for name in diaspora.__all__:
        value = getattr(diaspora, name)
        assert name in page, name
        if callable(value):
            lines = (value.__doc__ or "").strip().splitlines()
            # One line says what it returns or shows; details, if any, after a blank line.
            assert lines and (len(lines) == 1 or not lines[1].strip()), name
    for name in ("hosted", "hosted_chart", "breaks_words", "abroad", "hosts_chart", "turkic"):
        assert name in diaspora.__all__
    for module in ("queries", "charts", "tables", "words", "summary", "methods", "_common"):
        path = ROOT / "azaf/topics/diaspora" / f"{module}.py"
        assert len(path.read_text(encoding="utf-8").splitlines()) < 600, module


# ----------------------------------------------------------------- through papermill


def run_and_render(nb: Any, tmp_path: Path, params: dict[str, Any]) -> str:
    """Execute a notebook with the real papermill in the "azaf" kernel, from the project's
    notebooks folder as a build does, and render it to HTML with the series' renderer."""
    import nbformat

    from azaf.execute import execute
    from azaf.render import render_html

    source = tmp_path / "edited.ipynb"
    nbformat.write(nb, str(source))
    executed = execute(
        source, tmp_path / "executed.ipynb", params, ROOT / "notebooks", kernel="azaf"
    )
    html, _ = render_html(executed, ROOT / "templates")
    return html


def chart_data_rows(html: str, caption_start: str) -> int:
    """How many rows "Data behind the charts" lists for the figure whose caption starts so."""
    for table in html.split('<table class="dataframe azaf-table azaf-chartdata">')[1:]:
        heading = re.search(r"<h3>Figure \d+: (.*?)</h3>", table)
        if heading and heading.group(1).startswith(caption_start):
            return table.split("</table>")[0].split("<tbody>")[-1].count("<tr")
    raise AssertionError(f"no data table for {caption_start!r}")


@pytest.mark.slow
def test_filtering_a_frame_in_the_notebook_changes_the_published_section(tmp_path: Path):
    """A researcher's cell after the first data cell (years from 2023 on), run by papermill
    and rendered as the build does: the chart, its data, source line and words follow."""
    import nbformat

    nb = nbformat.read(str(ROOT / "notebooks/40_diaspora.ipynb"), as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "hosted = diaspora.hosted(" in c.source)
    assert "data" in nb.cells[at].metadata.get("tags", [])
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell('hosted = hosted[hosted["year"] >= 2023]'))
    html = run_and_render(nb, tmp_path, {"host": "KAZ"})
    caption = "People from Afghanistan were 250 of the 4,540 refugees and asylum-seekers"
    assert f'<span class="azaf-finding">{caption} in Kazakhstan in 2025</span>' in html
    assert "by country of origin, 2023–2025, people</span>" in html
    assert "by country of origin, 2010–2025" not in html
    assert chart_data_rows(html, caption) == 3
    figure = html[html.index(caption) :]
    source = re.search(r'<p class="azaf-source">(.*?)</p>', figure).group(1)
    assert source.startswith(ONE_RELEASE)
    assert "in Kazakhstan, 2023–2025" in html  # the share table's caption
    assert "People from Ukraine: 245 in 2024, 4,240 in 2025." in html
    assert "Russian Federation: 3,697" not in html  # a break before 2023 is gone
    # The next section is as published: its frame was not filtered.
    assert chart_data_rows(html, "Pakistan hosted the most refugees from Afghanistan") == 16
    assert "hosted = hosted" not in html and "diaspora.hosted(" not in html  # no code shows
