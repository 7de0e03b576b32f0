"""Integration: what a reader meets around the reports — the shared annex, each report's short
"Sources and methods", chart-data downloads, the index page and the volume as one book."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from azaf.build import BuildOptions, build
from azaf.project import get_project

pytestmark = pytest.mark.slow


def pdf_text(path: Path) -> str:
    """All text of a PDF, pages joined, ligatures unfolded."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return unicodedata.normalize("NFKC", text)


def visible(page: str) -> str:
    """An HTML page's text as a reader sees it (no styles, no tags)."""
    import html

    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The made-up mini series, built once for this module."""
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("publication"))
    cwd = Path.cwd()
    saved = dict(os.environ)
    os.chdir(project)
    try:
        # The project named, not found: an earlier module's build may leave AZAF_PROJECT set.
        result = build(BuildOptions(jobs=1), project=get_project(project), echo=lambda _: None)
    finally:
        os.chdir(cwd)
        # The build sets AZAF_* for its kernels; later modules must not inherit them.
        os.environ.clear()
        os.environ.update(saved)
    assert result.ok, result.entries
    return project / "reports" / "latest"


def test_annex_page_holds_methods_caveats_sources_and_licences_once(built):
    page = (built / "annex.html").read_text(encoding="utf-8")
    text = visible(page)
    assert "Annex: methods, data, sources and licences" in text
    # The methods text both editions share appears once, the caveat once, the source once.
    assert text.count("The counts are invented for tests.") == 1
    assert text.count("Invented numbers: they describe nothing real.") == 1
    assert text.count("Made-up widget counts (test fixture)") == 1
    assert "CC0 1.0" in text and "data/widgets.csv" in text
    assert "azaf tests (2026). Test series" in text or "azaf tests (" in text
    assert 'href="demo-afg.html"' in page and 'href="demo-aze.html"' in page
    assert "<script" not in page


def test_each_report_links_to_the_annex_and_keeps_a_short_sources_section(built):
    for run in ("demo-afg", "demo-aze"):
        page = (built / f"{run}.html").read_text(encoding="utf-8")
        assert 'href="annex.html"' in page, run
        reader = PdfReader(built / f"{run}.pdf")
        uris = [
            str(a.get_object()["/A"].get("/URI", ""))
            for p in reader.pages
            for a in p.get("/Annots") or []
            if "/A" in a.get_object()
        ]
        assert "annex.html" in uris, (run, uris)
        text = pdf_text(built / f"{run}.pdf")
        back = text.split("Sources and methods", 1)[1]
        # The caveat of the one table drawn on, once; the licence said once, not per source.
        assert back.count("Invented numbers: they describe nothing real.") == 1
        assert len(re.findall(r"\bLicen[cs]e", back)) == 1, back
        assert "Datasets read" not in text


def _csv_links(page: str) -> dict[str, str]:
    found = {}
    for tag in re.findall(r"<a\b[^>]*>", page):
        body = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)"', tag)
        name = re.search(r'download="([^"]+)"', tag)
        if body and name:
            found[name.group(1)] = unquote(body.group(1))
    return found


def test_chart_and_table_data_download_as_csv_in_html_but_not_in_pdf(built):
    from conftest import FIXTURES

    page = (built / "demo-afg.html").read_text(encoding="utf-8")
    links = _csv_links(page)
    assert set(links) == {"demo-afg-figure-1.csv", "demo-afg-table-1.csv"}, links
    rows = list(csv.DictReader(io.StringIO(links["demo-afg-figure-1.csv"])))
    data = [
        r
        for r in csv.DictReader((FIXTURES / "mini" / "data" / "widgets.csv").open(encoding="utf-8"))
        if r["iso3"] == "AFG" and 2010 <= int(r["year"]) <= 2015
    ]
    # The download holds exactly the rows drawn, each with the publication it comes from.
    assert [(r["year"], r["widgets"]) for r in rows] == [(d["year"], d["widgets"]) for d in data]
    assert {r["source"] for r in rows} == {"azaf tests, Made-up widget counts (test fixture)"}
    table = list(csv.DictReader(io.StringIO(links["demo-afg-table-1.csv"])))
    assert [r["Widgets"] for r in table] == [d["widgets"] for d in data]
    # Sits beside its chart, and the PDF has neither the link nor its words.
    assert page.index("demo-afg-figure-1.csv") - page.index('id="figure-1"') < 20000
    assert "Download" not in pdf_text(built / "demo-afg.pdf")
    for p in PdfReader(built / "demo-afg.pdf").pages:
        for a in p.get("/Annots") or []:
            assert not str(a.get_object().get("/A", {}).get("/URI", "")).startswith("data:")


def test_index_leads_with_the_message_and_speaks_no_build_words(built):
    page = (built / "index.html").read_text(encoding="utf-8")
    text = visible(page)
    assert text.index("In brief") < text.index("Demo report — Afghanistan edition")
    assert "90 widgets (2014)" in text.split("Demo report — Afghanistan edition")[0]
    for word in ("built in this run", "Executed notebook", "(AFG)", "(ISO3)", "latest,", "Build"):
        assert word not in text, word
    assert 'href="annex.html"' in page
    assert "How to cite" in text


def test_title_block_gives_parameters_in_words(built):
    first = PdfReader(built / "demo-aze.pdf").pages[0].extract_text()
    assert "Azerbaijan" in first and "(AZE)" not in first
    assert "azaf data package" not in first
    assert "version 0.0.1, compiled 1 January 2026" in first


def test_manifest_keeps_each_reports_methods_and_sources_for_the_annex(built):
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["annex"] == "annex.html"
    for entry in manifest["reports"]:
        assert entry["methods"] == "The counts are invented for tests."
        assert entry["sources"] == ["test-made-up"]
