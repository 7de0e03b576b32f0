"""`azaf new`: scaffold a report into a copy of the mini project and build it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from azaf.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_new_refuses_bad_or_duplicate_ids(mini, capsys):
    assert main(["new", "Bad-Id", "--title", "x"]) == 2
    assert "not a valid slug" in capsys.readouterr().err
    assert main(["new", "demo", "--title", "Again"]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.slow
def test_new_report_builds_straight_away(mini, capsys):
    # The scaffold reads population from the real data package.
    shutil.rmtree(mini / "data")
    shutil.copytree(ROOT / "data", mini / "data")
    (mini / "series.yml").write_text(
        (mini / "series.yml")
        .read_text()
        .replace("allowed_from: widgets.iso3", "allowed: [AFG, AZE]")
    )
    assert main(["new", "energy_ties", "--title", "Energy ties"]) == 0
    notebook = mini / "notebooks" / "10_energy_ties.ipynb"
    assert notebook.is_file()
    nb = json.loads(notebook.read_text())
    assert any("parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert (
        "Sources and methods" in notebook.read_text()
        or "sources_and_methods" in notebook.read_text()
    )
    assert main(["build", "--only", "energy_ties"]) == 0
    out = mini / "reports" / "latest"
    text = "\n".join(p.extract_text() for p in PdfReader(out / "energy_ties.pdf").pages)
    assert "Energy ties" in text and "Figure 1." in text and "Sources and methods" in text
    manifest = json.loads((out / "manifest.json").read_text())
    entry = next(e for e in manifest["reports"] if e["id"] == "energy_ties")
    assert entry["status"] == "ok"
    assert entry["key_figures"][0]["name"] == "population_latest"
