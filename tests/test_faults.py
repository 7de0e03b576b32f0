"""Faults while building: a report that raises or hangs, a Chromium that will not start, a
missing kernel, an output folder that cannot be written or fills up. Each gives a clear
message and exit code, keeps the last good outputs, and never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import add_report

from azaf.cli import main

pytestmark = pytest.mark.slow


def _manifest(project: Path, name: str = "latest") -> dict:
    return json.loads((project / "reports" / name / "manifest.json").read_text("utf-8"))


def _entry(manifest: dict, rid: str) -> dict:
    return next(e for e in manifest["reports"] if e["id"] == rid)


def test_a_failing_cell_keeps_its_notebook_with_the_traceback(mini, capsys):
    add_report(mini, "failing", "failing")
    assert main(["build", "--only", "failing", "demo", "--set", "demo.country=AFG"]) == 1
    out = capsys.readouterr().out
    assert "cell 4 raised ValueError: the widgets do not add up (made up)" in out
    failed = mini / "reports" / "latest" / "notebooks" / "failing.failed.ipynb"
    assert f"executed notebook with the traceback: {failed}" in out
    entry = _entry(_manifest(mini), "failing")
    assert entry["status"] == "failed"
    assert entry["error"] == "cell 4 raised ValueError: the widgets do not add up (made up)"
    assert entry["failed_notebook"] == "notebooks/failing.failed.ipynb"
    nb = nbformat.read(failed, as_version=4)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors and errors[0].ename == "ValueError" and errors[0].traceback
    # The good report of the same build is there and ok.
    assert _entry(_manifest(mini), "demo")["status"] == "ok", _entry(_manifest(mini), "demo")[
        "error"
    ]
    assert (mini / "reports" / "latest" / "demo.pdf").is_file()
    assert "Traceback" not in out


def test_a_hanging_report_times_out_keeps_its_last_good_outputs_and_others_build(mini, capsys):
    add_report(mini, "sleepy", "sleepy", timeout=3)
    assert main(["build", "--only", "sleepy", "--set", "sleepy.seconds=0"]) == 0
    good = (mini / "reports" / "latest" / "sleepy.pdf").read_bytes()
    capsys.readouterr()
    # series.yml's timeout (3 s) for this report …
    assert main(["build", "--only", "sleepy", "demo", "--set", "demo.country=AZE"]) == 1
    out = capsys.readouterr().out
    assert "failed  sleepy" in out and "timed out after 3 s in cell 4" in out
    manifest = _manifest(mini)
    entry = _entry(manifest, "sleepy")
    assert entry["status"] == "failed" and entry["error"] == "timed out after 3 s in cell 4"
    assert entry["kept_previous"] and entry["failed_notebook"] == "notebooks/sleepy.failed.ipynb"
    assert (mini / "reports" / "latest" / "sleepy.pdf").read_bytes() == good
    assert _entry(manifest, "demo")["status"] == "ok"
    # … and --timeout on the command line, over it; the good outputs survive a second failure.
    assert main(["build", "--only", "sleepy", "--timeout", "2"]) == 1
    out = capsys.readouterr().out
    assert "timed out after 2 s in cell 4" in out
    assert (mini / "reports" / "latest" / "sleepy.pdf").read_bytes() == good
    assert _entry(_manifest(mini), "sleepy")["kept_previous"]


def test_a_chromium_that_will_not_start_fails_the_reports_cleanly(mini, tmp_path, capsys):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    os.environ["AZAF_CHROMIUM"] = str(broken)
    code = main(["build", "--set", "demo.country=AFG"])
    captured = capsys.readouterr()
    assert code == 3
    assert f"Chromium at {broken} would not start" in captured.out
    assert "point AZAF_CHROMIUM at a working Chromium" in captured.out
    assert "Traceback" not in captured.out + captured.err
    manifest = _manifest(mini)
    assert manifest["reports"][0]["status"] == "failed"
    assert manifest["reports"][0]["error_kind"] == "environment"
    assert manifest["volume"] is None


def test_a_missing_kernel_is_named_before_anything_runs(mini, capsys):
    os.environ["AZAF_KERNEL"] = "no-such-kernel"
    assert main(["build"]) == 3
    err = capsys.readouterr().err
    assert "no Jupyter kernel named 'no-such-kernel' is installed" in err
    assert "python -m ipykernel install --user --name no-such-kernel" in err
    assert not (mini / "reports").exists()


def test_a_file_where_the_output_folder_should_be_is_named(mini, capsys):
    (mini / "reports").write_text("not a folder")
    assert main(["build"]) == 3
    err = capsys.readouterr().err
    assert "a file stands where a folder is needed" in err and "reports" in err
    assert "Traceback" not in err


def test_a_full_disk_is_said_in_words_and_leaves_no_staging(mini, capsys):
    reports = mini / "reports"
    reports.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=150k", "tmpfs", str(reports)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here to fill up")
    try:
        code = main(["build", "--set", "demo.country=AFG"])
        captured = capsys.readouterr()
        assert code == 3
        assert "no space left on the device" in captured.out + captured.err
        assert "Traceback" not in captured.out + captured.err
        assert sorted(p.name for p in reports.iterdir()) in ([], ["latest"])
    finally:
        subprocess.run(["umount", str(reports)], check=False)
    shutil.rmtree(reports, ignore_errors=True)
