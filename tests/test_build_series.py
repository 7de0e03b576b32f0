"""Integration: the real series builds with its defaults, and every notebook also runs
standalone (nbclient, no papermill), as a researcher in JupyterLab would run it."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from pypdf import PdfReader

from azaf.project import get_project
from azaf.series import load_series

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
SERIES = load_series(get_project(ROOT))


@pytest.fixture(scope="module")
def series_build(built_series: Path) -> Path:
    """The real series, built with defaults into a copy of the project (once per session)."""
    return built_series


def test_every_report_is_built_ok_with_its_outputs(series_build):
    manifest = json.loads((series_build / "manifest.json").read_text())
    ids = [e["report"] for e in manifest["reports"]]
    # In the series' order, a matrix report's editions one after another.
    assert list(dict.fromkeys(ids)) == list(SERIES.reports)
    for entry in manifest["reports"]:
        assert entry["status"] == "ok"
        for output in entry["outputs"].values():
            assert (series_build / output).is_file()
        assert entry["datasets"], f"{entry['id']} read no dataset"


@pytest.mark.parametrize("report_id", list(SERIES.reports))
def test_each_pdf_has_title_figure_source_and_methods(series_build, report_id):
    report = SERIES.reports[report_id]
    manifest = json.loads((series_build / "manifest.json").read_text())
    # A report with a parameter matrix has one PDF per variant; check every one.
    pdfs = [e["outputs"]["pdf"] for e in manifest["reports"] if e["report"] == report_id]
    assert pdfs
    for pdf in pdfs:
        text = unicodedata.normalize(
            "NFKC", "\n".join(p.extract_text() or "" for p in PdfReader(series_build / pdf).pages)
        )
        assert report.title in text, pdf
        assert "Figure 1." in text, pdf
        assert "Source" in text, pdf
        assert "Sources and methods" in text, pdf
        for forbidden in ("Traceback", "import azaf", "report = azaf.begin", "Error"):
            assert forbidden not in text, (pdf, forbidden)


@pytest.mark.parametrize("report_id", list(SERIES.reports))
def test_notebook_runs_standalone_with_its_defaults(report_id, tmp_path):
    path = SERIES.reports[report_id].notebook
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_the_brief_shows_each_reports_figures_as_recorded_and_no_unverified_headline(
    series_build,
):
    """Every key figure of the overview against the manifest and the fact check: a figure
    another report records is the same figure (value, unit, period, sources); none rests on a
    brief alone; none is the figure of a claim the fact check leaves unverified; the brief
    runs to at most four pages before its annex and every judgement holds."""
    import csv

    from azaf.data import sources
    from azaf.factcheck import MONEY, to_claim_unit
    from azaf.topics import brief_figures

    manifest = json.loads((series_build / "manifest.json").read_text())
    overview = next(e for e in manifest["reports"] if e["report"] == "overview")
    panel = [e for e in manifest["reports"] if e["report"] != "overview"]
    mine = {k["name"]: k for k in overview["key_figures"]}
    figures = brief_figures.gather(panel)
    compared = 0
    for fig in figures.values():
        recorded = mine.get(f"overview.{fig.name}")
        if recorded is None or not fig.same_as:
            continue
        theirs = next(
            k
            for e in panel
            if not e.get("variant") or e["variant"] == {"host": "AZE"}
            for k in e["key_figures"]
            if k["name"] == fig.same_as
        )
        for key in ("value", "unit", "period", "source"):
            assert recorded[key] == theirs[key], (fig.name, key, recorded[key], theirs[key])
        compared += 1
    assert compared >= 6
    kinds = sources()["kind"].astype(str).to_dict()
    with (series_build / "factcheck.csv").open() as fh:
        unverified = [r for r in csv.DictReader(fh) if r["verdict"] == "unverified"]
    for name, k in mine.items():
        assert not all(kinds.get(s) == "brief" for s in k["source"]), name
        for claim in unverified:
            if claim["unit"] in MONEY or k["unit"] in MONEY:
                value = to_claim_unit(float(k["value"]), k["unit"], claim["unit"])
            else:
                value = float(k["value"]) if claim["unit"] == k["unit"] else None
            if value is not None:
                assert abs(value - float(claim["brief_value"])) > 1e-9, (name, claim["claim_id"])
    assert overview.get("review") == []
    pages = [
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(series_build / overview["outputs"]["pdf"]).pages
    ]
    back = next(i for i, t in enumerate(pages) if "Sources and methods" in t[:200])
    assert back <= 4, f"the brief runs to {back} pages before its sources"
    assert len(pages) <= 8, f"the brief and its back matter run to {len(pages)} pages"
    assert "Key judgements" in pages[0] and "Under review" not in " ".join(pages[:back])


def _heading_texts(page: str) -> set[str]:
    """Every heading of an HTML page as a reader reads it (tags dropped, spaces collapsed)."""
    import html
    import re

    found = set()
    for inner in re.findall(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", page, flags=re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "")
        found.add(" ".join(text.split()))
    return found


def test_volume_reads_as_one_book(series_build):
    import re

    manifest = json.loads((series_build / "manifest.json").read_text())
    reader = PdfReader(series_build / manifest["volume"])
    total = len(reader.pages)
    pages = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in reader.pages]
    # One numbering: every page after the cover and its reverse shows its place in the book.
    for number, text in enumerate(pages[2:], start=3):
        assert f"{number} / {total}" in text, number
    assert "Suggested citation" in pages[1] and manifest["data"]["version"] in pages[1]
    # The contents give the page each part starts on, and link there.
    contents = pages[2]
    starts = {}
    for entry in manifest["reports"]:
        title = entry["title"] + (f" — {entry['edition_label']}" if entry.get("variant") else "")
        found = re.search(re.escape(title) + r".*?\n(\d+)(?:\n|$)", contents, re.S)
        assert found, title
        page = int(found.group(1))
        starts[title] = page
        head = f"{manifest['series']} · {title}"
        assert head in pages[page - 1] and head not in pages[page - 2], title
        assert f"{page} / {total}" in pages[page - 1]
    annex = int(
        re.search(r"Annex: methods, data, sources and licences.*?\n(\d+)", contents, re.S)[1]
    )
    assert annex > max(starts.values()) and "Annex: methods" in pages[annex - 1]
    links = [a.get_object().get("/Dest") for a in reader.pages[2].get("/Annots") or []]
    targets = {
        reader.get_destination_page_number(reader.named_destinations[str(d)]) + 1
        for d in links
        if d is not None
    }
    assert set(starts.values()) | {annex} <= targets
    # Bookmarks: the parts in order, their sections titled with the headings' own words.
    top = [i.title for i in reader.outline if not isinstance(i, list)]
    assert top == [
        "Cover and citation",
        "Contents",
        *starts,
        "Annex: methods, data, sources and licences",
    ]
    headings = set()
    for entry in manifest["reports"]:
        headings |= _heading_texts((series_build / entry["outputs"]["html"]).read_text())
    headings |= _heading_texts((series_build / "annex.html").read_text())

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            elif item.title not in top:
                assert item.title in headings, item.title

    walk(reader.outline)
    # Tagged, with language and the edition's metadata.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert reader.metadata["/Author"] == SERIES.publisher
    assert (
        reader.metadata["/CreationDate"] == "D:" + manifest["edition"].replace("-", "") + "000000Z"
    )
    # The shared annex once, at the end: each report points there instead of repeating it.
    whole = "\n".join(pages)
    assert whole.count("Caveats of the data drawn on") == 0
    assert whole.count("set out once for the whole volume in the annex") == len(manifest["reports"])


def test_report_pdfs_say_their_licences_once(series_build):
    import re

    manifest = json.loads((series_build / "manifest.json").read_text())
    for entry in manifest["reports"]:
        text = unicodedata.normalize(
            "NFKC",
            "\n".join(
                p.extract_text() or ""
                for p in PdfReader(series_build / entry["outputs"]["pdf"]).pages
            ),
        )
        # Once: one line of licences for all sources, not one per source or dataset.
        assert len(re.findall(r"^Licences?\b", text, re.M)) <= 1, entry["id"]
        assert text.count("text not reused") <= 1, entry["id"]
        assert "annex" in text.split("Sources and methods")[-1].lower() or "Annex" in text
