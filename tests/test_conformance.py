"""The built series against checkers nobody here wrote: the Nu HTML validator and axe-core in
Chromium; and the structure they ask for (one figcaption, real table captions, heading order)."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from html_checkers import FAILING_IMPACTS, axe, missing_tools, summary, vnu  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from azaf.charts import _svg, scoped_ids  # noqa: E402
from azaf.render import DocumentInfo, finish_pdf  # noqa: E402
from azaf.tables import with_caption  # noqa: E402


def _chart(title: str) -> str:
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 1, 2], "o-")
    ax.set_title(title)
    return fig


def test_two_charts_on_one_page_share_no_id_and_keep_their_references():
    first, second = _svg(_chart("A"), "figure-1-"), _svg(_chart("B"), "figure-2-")
    ids = [re.findall(r'\bid="([^"]+)"', svg) for svg in (first, second)]
    assert ids[0] and ids[1], "clip paths and markers keep (prefixed) ids"
    assert not set(ids[0]) & set(ids[1])
    for svg, own in zip((first, second), ids, strict=True):
        refs = re.findall(r'(?:url\(#|href="#)([^)"]+)', svg)
        assert refs and set(refs) <= set(own), "every reference points at an id of its own SVG"
        assert "<metadata" not in svg and "rdf:" not in svg


def test_ids_nothing_refers_to_are_dropped():
    svg = '<svg><g id="figure_1"><g id="axes_1"><path id="p1" d=""/></g></g><use href="#p1"/></svg>'
    assert (
        scoped_ids(svg, "x-")
        == '<svg><g><g><path id="x-p1" d=""/></g></g><use href="#x-p1"/></svg>'
    )


def test_a_caption_becomes_the_tables_first_child():
    table = '<table class="azaf-table">\n  <thead><tr><th>a</th></tr></thead></table>'
    out = with_caption(table, "<b>Table 1.</b> Trade")
    assert out.startswith('<table class="azaf-table"><caption class="azaf-caption">')
    assert out.count("<caption") == 1


def _pages(folder: Path) -> list[Path]:
    # Every page a reader can open: the reports, the index, the annex (wherever it lives).
    pages = sorted(p for p in folder.rglob("*.html") if "notebooks" not in p.parts)
    assert any(p.name == "index.html" for p in pages)
    return pages


@pytest.fixture(scope="module")
def tools() -> None:
    missing = missing_tools()
    if missing:
        message = "missing " + ", ".join(missing) + ": run make validators"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.slow
def test_every_page_passes_the_nu_html_validator(built_series, tools):
    found = vnu(_pages(built_series))
    assert sum(map(len, found.values())) == 0, summary(found)


@pytest.mark.slow
def test_every_page_passes_axe_core_in_chromium(built_series, tools):
    found = axe(_pages(built_series))
    failing = {
        page: [v for v in vs if v["impact"] in FAILING_IMPACTS] for page, vs in found.items()
    }
    assert sum(map(len, failing.values())) == 0, summary(failing)


@pytest.mark.slow
def test_headings_tables_and_figures_have_the_structure_readers_rely_on(built_series):
    for page in _pages(built_series):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels and levels[0] == 1, page.name
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert skips == [], f"{page.name}: heading levels skip {skips}"
        for table in soup.find_all("table"):
            first = table.find(True)
            assert first is not None and first.name == "caption", (page.name, str(table)[:200])
        for figure in soup.find_all("figure"):
            children = [c.name for c in figure.find_all(True, recursive=False)]
            assert children.count("figcaption") == 1, (page.name, children)
            assert "figcaption" in (children[0], children[-1]), (page.name, children)


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/CreationDate": "D:20991231235959Z", "/Creator": "HeadlessChrome"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_document_info_comes_from_the_series_and_the_edition_not_the_clock():
    info = DocumentInfo("Trade — Series", "The publisher", "What was traded", "2026-12-01")
    reader = PdfReader(io.BytesIO(finish_pdf(_blank_pdf(), info=info)))
    meta = reader.metadata
    assert (meta.title, meta.author, meta.subject) == (
        "Trade — Series",
        "The publisher",
        "What was traded",
    )
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20261201000000Z"
    assert meta.creator.startswith("azaf ")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


@pytest.mark.parametrize("edition", ["2026-12", "2026"])
def test_an_edition_given_as_month_or_year_dates_the_first_day(edition):
    assert (
        DocumentInfo("T", "A", "S", edition)
        .pdf_date()
        .startswith("D:2026" + ("12" if "-" in edition else "01") + "01")
    )


def _report_pdfs(folder: Path) -> tuple[list[tuple[dict, Path]], dict]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [(e, folder / e["outputs"]["pdf"]) for e in manifest["reports"]], manifest


@pytest.mark.slow
def test_every_report_pdf_is_tagged_with_language_title_author_subject_and_edition(built_series):
    from azaf.project import get_project
    from azaf.series import load_series

    series = load_series(get_project(built_series.parents[1]))
    pdfs, manifest = _report_pdfs(built_series)
    expected_date = "D:" + manifest["edition"].replace("-", "") + "000000Z"
    for entry, path in pdfs:
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], path.name
        assert root["/Lang"] == "en", path.name
        meta = reader.metadata
        assert meta.title.startswith(entry["title"]) and series.title in meta.title, meta.title
        if entry.get("edition_label"):
            assert entry["edition_label"] in meta.title, meta.title
        assert meta.author == series.publisher, path.name
        assert meta.subject == series.reports[entry["report"]].summary, path.name
        assert meta["/CreationDate"] == meta["/ModDate"] == expected_date, path.name
