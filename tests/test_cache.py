"""The build's cache: which reports run, re-render or are reused, and what --explain says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from azaf import cache, reads
from azaf.build import BuildOptions, build
from azaf.cli import main
from azaf.manifest import join_run_facts


def _keys(**changes: object) -> tuple[dict, dict]:
    execute = {
        "notebook": "n1",
        "entry": "e1",
        "parameters": {"start_year": 2005, "country": "AFG"},
        "tables": {"opium": "o1", "countries": "c1"},
        "package": "p1",
        "edition": "2026-12-01",
        "code": "k1",
        "libraries": {"python": "3.11.7", "pandas": "2.2.3"},
    }
    render = {"template": {"azaf.css": "css1", "index.html.j2": "t1"}, "header": ["S", "T", {}]}
    for name, value in changes.items():
        (render if name in render else execute)[name] = value
    return execute, render


PREV_EXECUTE, PREV_RENDER = _keys()
PREV = {"status": "ok", "cache": {"execute": PREV_EXECUTE, "render": PREV_RENDER}}
INPUTS = SimpleNamespace(code_files={"azaf/a.py": "1"})


def _decide(prev: dict | None = PREV, force: bool = False, **changes: object) -> cache.Decision:
    execute, render = _keys(**changes)
    return cache.decide(prev, {}, execute, render, INPUTS, force, outputs_kept=True)


def test_nothing_changed_is_cached():
    assert _decide().words() == "cached: nothing it depends on changed"


def test_a_changed_parameter_is_named_with_both_values():
    decision = _decide(parameters={"start_year": 2015, "country": "AFG"})
    assert decision.action == "run"
    assert decision.reasons == ["parameter start_year 2005 → 2015"]


def test_only_the_changed_table_is_named():
    decision = _decide(tables={"opium": "o2", "countries": "c1"})
    assert decision.words() == "run: data table opium changed"
    assert _decide(tables={"opium": "missing", "countries": "c1"}).reasons == [
        "data table opium removed"
    ]


def test_a_template_change_renders_only():
    decision = _decide(template={"azaf.css": "css2", "index.html.j2": "t1"})
    assert decision.action == "render"
    assert decision.reasons == ["template changed (azaf.css): render only"]


def test_an_execution_input_wins_over_a_template_change():
    decision = _decide(template={"azaf.css": "css2"}, notebook="n2", edition="2026-12-02")
    assert decision.action == "run"
    assert decision.reasons == ["notebook cells changed", "edition 2026-12-01 → 2026-12-02"]


def test_code_and_library_changes_are_named():
    prev_top = {"cache": {"code_files": {"azaf/a.py": "0"}}}
    execute, render = _keys(code="k2", libraries={"python": "3.11.7", "pandas": "2.3.0"})
    decision = cache.decide(PREV, prev_top, execute, render, INPUTS, False, outputs_kept=True)
    assert decision.reasons == ["azaf code changed (azaf/a.py)", "pandas 2.2.3 → 2.3.0"]


def test_force_failure_missing_record_and_missing_outputs_run():
    assert _decide(force=True).words() == "run: --force"
    assert _decide(prev=None).words() == "run: not built before"
    assert _decide(prev={"status": "failed"}).reasons == ["it failed in the previous build"]
    assert _decide(prev={"status": "ok"}).reasons == [
        "the previous build kept no cache record for it"
    ]
    execute, render = _keys()
    gone = cache.decide(PREV, {}, execute, render, INPUTS, False, outputs_kept=False)
    assert gone.reasons == ["its outputs are missing from the previous build"]


def test_handed_key_figures_are_named_by_report():
    prev = {
        "status": "ok",
        "cache": {"execute": PREV_EXECUTE | {"handed": {"trade": "a", "security": "b"}}}
        | {"render": PREV_RENDER},
    }
    decision = _decide(prev=prev, handed={"trade": "a", "security": "c"})
    assert decision.reasons == ["key figures handed to it changed (security)"]


def test_notebook_digest_ignores_outputs_but_not_sources(tmp_path):
    cell = {"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []}
    path = tmp_path / "a.ipynb"
    path.write_text(json.dumps({"cells": [cell]}))
    before = cache.notebook_cells(path)
    cell["outputs"] = [{"output_type": "stream", "text": "1"}]
    cell["execution_count"] = 3
    path.write_text(json.dumps({"cells": [cell]}))
    assert cache.notebook_cells(path) == before
    cell["source"] = "x = 2"
    path.write_text(json.dumps({"cells": [cell]}))
    assert cache.notebook_cells(path) != before


def test_every_read_of_a_table_is_tracked_quiet_lookups_included(mini):
    from azaf import data

    with reads.tracking() as seen:
        data.load_quiet("countries")
        data.load("widgets")
        data.sources()
    assert seen == {"countries", "widgets", "sources"}


# -- integration: real builds of a two-report series -------------------------------------


def _add_tally_report(project: Path) -> None:
    """A second report that reads its own table (gadgets), so a change to one table touches
    one report only."""
    data = project / "data"
    shutil.copy(data / "widgets.csv", data / "gadgets.csv")
    package = json.loads((data / "datapackage.json").read_text())
    widgets = next(r for r in package["resources"] if r["name"] == "widgets")
    package["resources"].append(
        json.loads(json.dumps(widgets).replace("widgets.csv", "gadgets.csv"))
        | {"name": "gadgets", "title": "Gadgets (made up)"}
    )
    (data / "datapackage.json").write_text(json.dumps(package, indent=2))
    notebook = (project / "notebooks" / "demo.ipynb").read_text()
    notebook = notebook.replace('azaf.begin(\\"demo\\"', 'azaf.begin(\\"tally\\"')
    notebook = notebook.replace('azaf.load(\\"widgets\\")', 'azaf.load(\\"gadgets\\")')
    (project / "notebooks" / "tally.ipynb").write_text(notebook)
    with (project / "series.yml").open("a") as fh:
        fh.write(
            "  - id: tally\n"
            "    notebook: notebooks/tally.ipynb\n"
            "    title: Tally report\n"
            "    parameters:\n"
            "      country: {allowed_from: widgets.iso3}\n"
            "      start_year: {min: 2000, max: 2030}\n"
            "      end_year: {min: 2000, max: 2030}\n"
        )


def _statuses(result) -> dict[str, str]:
    return {e["id"]: e["status"] for e in result.entries}


def _explained(capsys, *args: str) -> dict[str, str]:
    assert main(["build", "--explain", *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    return {line.split()[0]: " ".join(line.split()[1:]) for line in lines if line.strip()}


def _inode(path: Path) -> int:
    return path.stat().st_ino


@pytest.mark.slow
def test_cache_runs_only_what_changed_and_explains_why(mini, capsys, monkeypatch):
    monkeypatch.setenv("AZAF_EDITION", "2026-12-01")
    _add_tally_report(mini)
    quiet = {"echo": lambda _: None}
    latest = mini / "reports" / "latest"
    first = build(BuildOptions(jobs=2), **quiet)
    assert _statuses(first) == {"demo-afg": "ok", "demo-aze": "ok", "tally": "ok"}
    # Cache records are run facts: the manifest keeps them apart, the build joins them back.
    manifest = join_run_facts(json.loads((latest / "manifest.json").read_text()))
    tally = next(e for e in manifest["reports"] if e["id"] == "tally")
    assert sorted(tally["cache"]["execute"]["tables"]) == ["countries", "gadgets", "sources"]

    # Nothing changed: every report cached, nothing in the folder rewritten.
    assert _explained(capsys) == {
        "demo-afg": "cached nothing it depends on changed",
        "demo-aze": "cached nothing it depends on changed",
        "tally": "cached nothing it depends on changed",
        "volume": "keep nothing it shows changed",
        "index": "keep nothing it shows changed",
    }
    files = {p: (_inode(p), p.stat().st_mtime_ns) for p in latest.rglob("*") if p.is_file()}
    second = build(BuildOptions(jobs=2), **quiet)
    assert set(_statuses(second).values()) == {"cached"}
    assert {p: (_inode(p), p.stat().st_mtime_ns) for p in latest.rglob("*") if p.is_file()} == files

    # One table changed: only the reports that read it run.
    widgets = mini / "data" / "widgets.csv"
    widgets.write_text(widgets.read_text().replace("AZE,2012,55,", "AZE,2012,60,"))
    said = _explained(capsys)
    assert said["demo-afg"] == said["demo-aze"] == "run data table widgets changed"
    assert said["tally"] == "cached nothing it depends on changed"
    assert said["volume"].startswith("rewrite demo-afg, demo-aze rebuilt")
    tally_pdf = _inode(latest / "tally.pdf")
    third = build(BuildOptions(jobs=2), **quiet)
    assert _statuses(third) == {"demo-afg": "ok", "demo-aze": "ok", "tally": "cached"}
    assert _inode(latest / "tally.pdf") == tally_pdf  # reused, not rewritten
    assert "60" in (latest / "demo-aze.html").read_text()

    # The template's CSS changed: every report re-rendered from its kept notebook.
    css = mini / "templates" / "azaf" / "azaf.css"
    css.write_text(css.read_text() + "\n/* a change of style */\n")
    said = _explained(capsys)
    assert said["tally"] == "render template changed (azaf.css): render only"
    notebooks = {p.name: p.read_bytes() for p in (latest / "notebooks").iterdir()}
    fourth = build(BuildOptions(jobs=2), **quiet)
    assert set(_statuses(fourth).values()) == {"ok"}
    assert {e["cache"]["decision"] for e in fourth.entries} == {"render"}
    assert {p.name: p.read_bytes() for p in (latest / "notebooks").iterdir()} == notebooks
    assert "a change of style" in (latest / "tally.html").read_text()

    # Only the index's own template changed: the reports and the volume stay as they are.
    page = mini / "templates" / "azaf" / "series_index.html.j2"
    page.write_text(page.read_text().replace("</main>", "<p>Index note.</p></main>"))
    said = _explained(capsys)
    assert said["index"] == "rewrite template changed (series_index.html.j2)"
    assert said["volume"] == "keep nothing it shows changed"
    volume = _inode(latest / "test-series-volume.pdf")
    fifth = build(BuildOptions(jobs=2), **quiet)
    assert set(_statuses(fifth).values()) == {"cached"}
    assert _inode(latest / "test-series-volume.pdf") == volume
    assert "Index note." in (latest / "index.html").read_text()

    # A parameter given on the command line, and --force.
    said = _explained(capsys, "--set", "tally.start_year=2012")
    assert said["tally"] == "run parameter start_year 2010 → 2012"
    assert said["demo-afg"].startswith("cached")
    said = _explained(capsys, "--force")
    assert {v for k, v in said.items() if k.startswith(("demo", "tally"))} == {"run --force"}
    assert not list((mini / "reports").glob(".*"))  # --explain wrote nothing


def test_a_read_while_ipython_is_half_imported_is_still_recorded(monkeypatch):
    import sys
    import types

    # What another thread of the build leaves in sys.modules while it imports IPython.
    monkeypatch.setitem(sys.modules, "IPython", types.ModuleType("IPython"))
    with reads.tracking() as seen:
        reads.note("half_imported_table")
    assert seen == {"half_imported_table"}
