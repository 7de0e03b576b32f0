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
    assert "How to cite" in text and "Version 0.0.1, compiled 1 January 2026" in text


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


def _contents(reader: PdfReader) -> list[tuple[str, int]]:
    """The volume's contents as (title, page) pairs, read from the contents page's text."""
    text = unicodedata.normalize("NFKC", reader.pages[2].extract_text())
    found = []
    for title in ("Demo report — Afghanistan edition", "Demo report — Azerbaijan edition"):
        # The page number stands on its own line, after the title and its summary.
        m = re.search(re.escape(title) + r".*?\n(\d+)(?:\n|$)", text, re.S)
        assert m, (title, text)
        found.append((title, int(m.group(1))))
    m = re.search(r"Annex: methods, data, sources and licences.*?\s(\d+)\s*$", text, re.S)
    assert m, text
    found.append(("Annex", int(m.group(1))))
    return found


def test_volume_is_one_book_whose_footers_agree_with_its_contents(built):
    reader = PdfReader(built / "test-series-volume.pdf")
    total = len(reader.pages)
    pages = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages]
    # The cover and its reverse carry no number; every other page its place in the book.
    for number, text in enumerate(pages, start=1):
        if number <= 2:
            assert f"{number} / {total}" not in text
        else:
            assert f"{number} / {total}" in text, (number, text[:200])
    for title, page in _contents(reader):
        text = pages[page - 1]
        assert f"{page} / {total}" in text
        if title == "Annex":
            assert "Test series · Annex" in text and "Annex: methods, data" in text
        else:
            # The running head names the part, and the part's own title page starts there.
            assert f"Test series · {title}" in text and "Demo report" in text
            assert title.split(" — ")[1] in text
            assert f"Test series · {title}" not in pages[page - 2]


def test_volume_contents_link_to_their_pages_and_bookmarks_keep_their_words(built):
    reader = PdfReader(built / "test-series-volume.pdf")
    expected = {page for _, page in _contents(reader)}
    targets = set()
    for annot in reader.pages[2].get("/Annots") or []:
        annot = annot.get_object()
        dest = annot.get("/Dest")
        if dest is None and "/A" in annot:
            dest = annot["/A"].get("/D")
        if dest is not None:
            if not isinstance(dest, list) and str(dest) in [
                str(k) for k in reader.named_destinations
            ]:
                dest = reader.named_destinations[str(dest)]
                targets.add(reader.get_destination_page_number(dest) + 1)
            else:
                targets.add(reader._get_page_number_by_indirect(dest[0]) + 1)
    assert expected <= targets, (expected, targets)
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [
        "Cover and citation",
        "Contents",
        "Demo report — Afghanistan edition",
        "Demo report — Azerbaijan edition",
        "Annex: methods, data, sources and licences",
    ]
    sections = [i.title for i in reader.outline[3] if not isinstance(i, list)]
    assert sections[:2] == ["Summary", "Widgets by year"], sections
    assert "Demo report" not in sections


def test_volume_is_tagged_with_language_and_the_editions_metadata(built):
    manifest = json.loads((built / "manifest.json").read_text())
    reader = PdfReader(built / "test-series-volume.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    meta = reader.metadata
    assert meta["/Author"] == "azaf tests"  # the publisher in series.yml
    assert meta["/Title"].startswith("Test series") and meta["/Subject"]
    assert meta["/CreationDate"] == "D:" + manifest["edition"].replace("-", "") + "000000Z"


def test_volume_has_its_citation_on_the_cover_reverse_and_the_annex_once_at_the_end(built):
    reader = PdfReader(built / "test-series-volume.pdf")
    reverse = unicodedata.normalize("NFKC", reader.pages[1].extract_text())
    assert "Suggested citation" in reverse and "azaf tests (" in reverse
    assert "Data version 0.0.1" in reverse and "Publisher" in reverse
    text = pdf_text(built / "test-series-volume.pdf")
    # Methods, caveats and sources once, in the annex; each report points there.
    assert text.count("The counts are invented for tests.") == 1
    assert text.count("Invented numbers: they describe nothing real.") == 1
    assert "Caveats of the data drawn on" not in text
    assert text.count("set out once for the whole volume in the annex, page") == 2
    last = unicodedata.normalize("NFKC", reader.pages[-1].extract_text())
    assert "Test series · Annex" in last


def test_volume_measured_ahead_prints_once_and_a_wrong_guess_is_corrected(
    built, tmp_path, monkeypatch
):
    """The build measures the parts done while the last report runs; given those lengths the
    volume prints the missing part alone and itself once, and lengths that are wrong still
    give contents that agree with the pages."""
    import json
    import shutil

    from azaf import browser, render
    from azaf.series import load_series
    from azaf.volume import part_lengths, write_volume

    folder = tmp_path / "copy"
    shutil.copytree(built, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    project = built.parents[1]
    series = load_series(get_project(project))
    templates = get_project(project).template_dir
    printed: list[int] = []
    real = render.render_pdf

    def counted(*args, **kwargs):
        printed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "render_pdf", counted)
    with browser.shared():
        expected = _contents(PdfReader(built / manifest["volume"]))
        first, *rest = manifest["reports"]
        early = part_lengths(folder, series, {**manifest, "reports": rest}, templates)
        assert set(early) == {"", *(e["id"] for e in rest)} and early[""] >= 3
        printed.clear()
        name = write_volume(folder, series, manifest, templates, early)
        assert len(printed) == 2  # the part measured now, then the volume once
        assert _contents(PdfReader(folder / name)) == expected
        wrong = {key: pages + 1 for key, pages in early.items()}
        name = write_volume(folder, series, manifest, templates, wrong)
        assert _contents(PdfReader(folder / name)) == expected
