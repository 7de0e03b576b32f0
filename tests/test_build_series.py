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
    assert ids[: len(SERIES.reports)] == list(SERIES.reports)
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
        if name.startswith("overview.claims_") or name == "overview.timeline_events":
            continue  # counts of the fact check and the timeline themselves
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
    annex = next(i for i, t in enumerate(pages) if "Fact check of the founding briefs" in t[:200])
    assert annex <= 4, f"the brief runs to {annex} pages before its annex"
    assert "Key judgements" in pages[0] and "Under review" not in " ".join(pages[:annex])
