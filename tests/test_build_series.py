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
