"""Integration: build the made-up mini series with real papermill, nbconvert and Chromium,
and check what a reader sees in the PDF, the HTML, the index and the manifest."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from azaf.build import BuildOptions, build
from azaf.cli import main

pytestmark = pytest.mark.slow


def pdf_text(path: Path) -> str:
    """All text of a PDF, pages joined, ligatures (ﬁ) unfolded."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return unicodedata.normalize("NFKC", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini series built once for the read-only checks of this module."""
    import os

    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("built"))
    cwd = Path.cwd()
    os.chdir(project)
    try:
        result = build(BuildOptions(jobs=2), echo=lambda _: None)
    finally:
        os.chdir(cwd)
    assert result.ok, result.entries
    return project / "reports" / "latest"


def test_folder_holds_every_output_the_design_lists(built):
    names = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    for run in ("demo-afg", "demo-aze"):
        assert {f"{run}.html", f"{run}.pdf", f"notebooks/{run}.ipynb"} <= names
    assert {"index.html", "manifest.json", "test-series-volume.pdf"} <= names


def test_pdf_reads_as_a_publication(built):
    text = pdf_text(built / "demo-afg.pdf")
    reader = PdfReader(built / "demo-afg.pdf")
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5  # A4
    for expected in (
        "Demo report",
        "Edition",
        "Afghanistan",
        "2010–2015",
        "In 2014, AFG counted 90 widgets",
        "Figure 1. Widgets counted in AFG, by year",
        "Source: azaf tests, Made-up widget counts (test fixture).",
        "Table 1. Widget counts",
        "Sources and methods",
        "Data behind the charts",
        "CC0-1.0",
        "1 / ",
        "Test series · Demo report · Afghanistan edition",
        "Afghanistan edition",
    ):
        assert expected in text, expected
    for forbidden in (
        "import azaf",
        "azaf.begin",
        "Traceback",
        "Warning",
        "start_year: int",
        "injected",
        "In [",
        "Out[",
    ):
        assert forbidden not in text, forbidden


def test_html_is_offline_and_figures_have_alt_text(built):
    page = (built / "demo-aze.html").read_text()
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']https?://""", page.split('id="sources-and-methods"')[0])
    assert "@import" not in page
    figures = re.findall(r"<svg[^>]*>", page)
    assert figures and all('aria-label="' in tag for tag in figures)
    assert 'aria-label=""' not in page
    assert "Widgets counted in AZE, by year" in page
    assert "azaf.begin" not in page and "country: str" not in page


def test_manifest_records_parameters_status_hash_key_figures_and_datasets(built):
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["data"]["version"] == "0.0.1"
    entries = {e["id"]: e for e in manifest["reports"]}
    afg = entries["demo-afg"]
    assert afg["status"] == "ok"
    assert afg["parameters"] == {"country": "AFG", "start_year": 2010, "end_year": 2015}
    assert afg["notebook"] == "notebooks/demo.ipynb"
    assert len(afg["input_hash"]) == 64
    # What describes the run is kept apart from what describes the inputs.
    assert "duration_s" not in afg and "built_at" not in afg
    assert manifest["run"]["reports"]["demo-afg"]["duration_s"] > 0
    assert manifest["run"]["built_at"] and "built_at" not in manifest
    assert afg["key_figures"] == [
        {
            "name": "widgets_latest",
            "label": "widgets, latest year",
            "value": 90,
            "unit": "widgets",
            "period": "2014",
            "source": ["test-made-up"],
        }
    ]
    assert [d["name"] for d in afg["datasets"]] == ["widgets"]
    assert entries["demo-aze"]["key_figures"][0]["value"] == 55


def test_index_has_a_card_per_variant_with_links_and_parameters(built):
    page = (built / "index.html").read_text()
    for run in ("demo-afg", "demo-aze"):
        assert f'id="report-{run}"' in page
        assert f'href="{run}.pdf"' in page and f'href="{run}.html"' in page
    assert "Azerbaijan" in page and "(AZE)" not in page
    assert "Demo report — Azerbaijan edition" in page
    for build_word in ("built in this run", "Executed notebook", "manifest", "cached"):
        assert build_word not in page.split("</style>")[1].replace("manifest.json", ""), build_word
    assert "test-series-volume.pdf" in page
    assert "<script" not in page


def test_volume_has_every_report_with_bookmarks(built):
    reader = PdfReader(built / "test-series-volume.pdf")
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == [
        "Cover and citation",
        "Contents",
        "Demo report — Afghanistan edition",
        "Demo report — Azerbaijan edition",
        "Annex: methods, data, sources and licences",
    ]
    sections = [item.title for item in reader.outline[3] if not isinstance(item, list)]
    # Each report's own sections nest under it, without repeating its title.
    assert "Sources and methods" in sections and "Demo report" not in sections
    front = unicodedata.normalize("NFKC", reader.pages[2].extract_text())
    assert "Contents" in front and "Demo report — Afghanistan edition" in front
    # The contents give the page on which the Azerbaijan edition's title block stands.
    page = int(re.search(r"Demo report — Azerbaijan edition.*?\n(\d+)\n", front, re.S).group(1))
    assert "Azerbaijan edition" in reader.pages[page - 1].extract_text()
    assert "Azerbaijan edition" not in reader.pages[page - 2].extract_text()


def test_executed_notebook_is_kept_as_audit_record(built):
    nb = json.loads((built / "notebooks" / "demo-afg.ipynb").read_text())
    assert nb["metadata"]["azaf"]["parameters"]["country"] == "AFG"
    tags = [c["metadata"].get("tags", []) for c in nb["cells"]]
    assert ["injected-parameters"] in tags


def test_rebuild_is_cached_force_rebuilds_and_only_keeps_the_rest(mini):
    first = build(BuildOptions(jobs=2), echo=lambda _: None)
    assert {e["status"] for e in first.entries} == {"ok"}
    second = build(BuildOptions(jobs=2), echo=lambda _: None)
    assert {e["status"] for e in second.entries} == {"cached"}
    third = build(
        BuildOptions(only=["demo"], sets=["demo.country=AZE"], force=True), echo=lambda _: None
    )
    assert [(e["id"], e["status"]) for e in third.entries] == [("demo", "ok")]
    assert "AZE" in pdf_text(mini / "reports" / "latest" / "demo.pdf")


def test_a_failed_report_does_not_overwrite_the_good_one(mini):
    assert build(BuildOptions(jobs=1), echo=lambda _: None).ok
    good = (mini / "reports" / "latest" / "demo-afg.pdf").read_bytes()
    nb = mini / "notebooks" / "demo.ipynb"
    nb.write_text(nb.read_text().replace('azaf.load(\\"widgets\\")', 'azaf.load(\\"gadgets\\")'))
    result = build(BuildOptions(jobs=1), echo=lambda _: None)
    assert not result.ok
    entry = result.entries[0]
    assert entry["status"] == "failed"
    assert "no table 'gadgets'" in entry["error"]
    assert entry["kept_previous"]
    assert (mini / "reports" / "latest" / "demo-afg.pdf").read_bytes() == good
    manifest = json.loads((mini / "reports" / "latest" / "manifest.json").read_text())
    assert manifest["reports"][0]["status"] == "failed"


def test_cli_build_with_a_bad_parameter_fails_before_any_kernel_and_writes_nothing(mini, capsys):
    code = main(["build", "--set", "demo.start_year=1800"])
    err = capsys.readouterr().err
    assert code == 2
    assert "report 'demo', parameter 'start_year': got '1800'" in err
    assert "from 2000 to 2030" in err
    assert not (mini / "reports").exists()
    assert main(["build", "--set", "demo.start_year=2014", "--set", "demo.end_year=2011"]) == 2
    assert main(["build", "--only", "nope"]) == 2
    assert "unknown report 'nope'" in capsys.readouterr().err
    assert not (mini / "reports").exists()


def test_cli_build_names_a_folder_and_reports_progress(mini, capsys):
    params = mini / "p.yml"
    params.write_text("demo:\n  start_year: 2011\n  end_year: 2013\n")
    code = main(["build", "--params", str(params), "--name", "q4", "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert re.search(r"ok\s+demo-afg\s+\d+\.\d s", out)
    assert "2 of 2 report(s) ok or cached" in out
    text = pdf_text(mini / "reports" / "q4" / "demo-afg.pdf")
    assert "2011–2013" in text and "In 2013, AFG counted 150 widgets" in text


def test_compare_lists_key_figures_that_changed(mini, capsys):
    assert main(["build", "--name", "before"]) == 0
    assert main(["build", "--compare", "reports/nowhere"]) == 2
    assert "no manifest.json there" in capsys.readouterr().err
    widgets = mini / "data" / "widgets.csv"
    widgets.write_text(widgets.read_text().replace("AZE,2012,55,", "AZE,2012,60,"))
    assert main(["build", "--compare", "reports/before"]) == 0
    assert "1 key figure(s) differ from reports/before" in capsys.readouterr().out
    manifest = json.loads((mini / "reports" / "latest" / "manifest.json").read_text())
    assert manifest["compare"]["changes"] == [
        {
            "report": "demo-aze",
            "name": "widgets_latest",
            "label": "widgets, latest year",
            "unit": "widgets",
            "old_value": 55,
            "old_period": "2012",
            "new_value": 60,
            "new_period": "2012",
        }
    ]
    page = (mini / "reports" / "latest" / "index.html").read_text()
    assert "What changed since the previous edition" in page and "60 widgets" in page
