"""The same inputs give the same bytes: two builds in two folders on different paths give
identical HTML, PDF, volume, fact check and executed notebooks; the edition comes from
--edition, SOURCE_DATE_EPOCH or the data version; the manifest keeps run facts apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, build_in_copy, make_project

from azaf.build import BuildOptions
from azaf.edition import resolve_edition
from azaf.errors import ParameterError
from azaf.execute import normalise
from azaf.manifest import join_run_facts, split_run_facts

MINI_DATA = Path(__file__).parent / "fixtures" / "mini" / "data"


# --------------------------------------------------------------------------- fast unit tests


def test_the_edition_comes_from_the_option_the_epoch_or_the_data_never_the_clock(monkeypatch):
    monkeypatch.delenv("AZAF_EDITION", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    version = json.loads((ROOT / "data" / "datapackage.json").read_text("utf-8"))["version"]
    assert resolve_edition(None, ROOT / "data") == (
        version.replace(".", "-"),
        f"data version {version}",
    )
    assert resolve_edition(None, MINI_DATA) == ("2026-01-01", "data created 2026-01-01T00:00:00Z")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    assert resolve_edition(None, MINI_DATA) == ("2025-12-01", "SOURCE_DATE_EPOCH")
    assert resolve_edition("2026-12-24", MINI_DATA) == ("2026-12-24", "--edition")
    with pytest.raises(ParameterError, match="--edition 'soon': give a date such as"):
        resolve_edition("soon", MINI_DATA)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ParameterError, match="SOURCE_DATE_EPOCH='yesterday': give whole seconds"):
        resolve_edition(None, MINI_DATA)


def test_executed_notebooks_lose_times_paths_and_random_ids():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {
        "start_time": "2026-12-02T20:00:00",
        "end_time": "2026-12-02T20:00:05",
        "duration": 5.0,
        "input_path": "/home/me/azaf/notebooks/10_trade.ipynb",
        "output_path": "/home/me/azaf/reports/.latest.building-4242/notebooks/trade.ipynb",
        "parameters": {"start_year": 2015},
    }
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["tags"] = ["injected-parameters"]
    cell.metadata["papermill"] = {"start_time": "t", "end_time": "t", "duration": 0.1}
    cell.metadata["execution"] = {"iopub.execute_input": "2026-12-02T20:00:01Z"}
    nb.cells = [cell]
    out = normalise(nb)
    text = json.dumps(out)
    assert "2026-12-02" not in text and "/home/me" not in text and "4242" not in text
    assert out.cells[0]["id"] == "injected-parameters-0"
    assert out.metadata["papermill"]["parameters"] == {"start_year": 2015}


def test_the_manifest_keeps_run_facts_under_run_and_reads_them_back():
    manifest = {
        "edition": "2026-12-01",
        "built_at": "2026-12-02T20:00:00+00:00",
        "duration_s": 9.5,
        "reports": [{"id": "trade", "status": "ok", "built_at": "x", "duration_s": 3.2}],
    }
    written = split_run_facts(manifest)
    assert written["reports"] == [{"id": "trade", "status": "ok"}]
    assert "built_at" not in written and written["edition"] == "2026-12-01"
    assert written["run"] == {
        "built_at": "2026-12-02T20:00:00+00:00",
        "duration_s": 9.5,
        "reports": {"trade": {"built_at": "x", "duration_s": 3.2, "status": "ok"}},
    }
    assert join_run_facts(written) == manifest


# --------------------------------------------------------------------------- real builds


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def _differing(a: Path, b: Path) -> list[str]:
    fa, fb = _files(a), _files(b)
    assert set(fa) == set(fb)
    return [name for name in fa if fa[name] != fb[name]]


def _inputs(folder: Path) -> dict:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    return {k: v for k, v in manifest.items() if k != "run"}


@pytest.mark.slow
def test_two_builds_of_the_mini_series_on_different_paths_are_byte_identical(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}
    env.pop("AZAF_EDITION", None)
    env.pop("AZAF_PROJECT", None)
    folders = []
    for place in ("one", "a-much-longer-folder-name"):
        project = make_project(tmp_path / place)
        done = subprocess.run(
            [sys.executable, "-m", "azaf.cli", "build"], cwd=project, env=env, capture_output=True
        )
        assert done.returncode == 0, done.stderr
        folders.append(project / "reports" / "latest")
    a, b = folders
    assert {p.suffix for p in a.rglob("*") if p.is_file()} >= {".html", ".pdf", ".ipynb"}
    assert _differing(a, b) == []
    assert _inputs(a) == _inputs(b)
    assert _inputs(a)["edition"] == "2025-12-01"
    assert _inputs(a)["edition_from"] == "SOURCE_DATE_EPOCH"
    for nb in a.glob("notebooks/*.ipynb"):
        text = nb.read_text("utf-8")
        assert str(tmp_path) not in text and "start_time" not in text


@pytest.mark.slow
def test_two_builds_of_a_real_report_with_fact_check_and_volume_are_byte_identical(tmp_path):
    opts = BuildOptions(only=["trade"], edition="2026-12-01")
    (a,) = build_in_copy(tmp_path / "first", opts)
    (b,) = build_in_copy(tmp_path / "second-copy", opts)
    assert a.ok and b.ok
    names = set(_files(a.folder))
    assert {"trade.html", "trade.pdf", "notebooks/trade.ipynb", "factcheck.csv"} <= names
    assert any(n.endswith("-volume.pdf") for n in names)
    assert _differing(a.folder, b.folder) == []
    assert _inputs(a.folder)["edition"] == "2026-12-01"
    assert _inputs(a.folder)["edition_from"] == "--edition"
