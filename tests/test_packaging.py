"""The package as a user installs it: a wheel holds all of azaf, and builds a report from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import COPY_IGNORE, ROOT

from azaf import __version__
from azaf.cli import main


def _run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)


def test_version_names_the_package(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith(f"azaf {__version__} (Python ")


@pytest.mark.parametrize(
    "args", [["list"], ["validate"], ["data", "status"], ["--help"], ["--version"]]
)
def test_a_closed_pipe_ends_quietly(args):
    # The reader is gone before azaf writes a byte, as when `head -1` has what it wanted.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "azaf.cli", *args],
            cwd=ROOT,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_pipe_closed_after_the_first_line_ends_quietly():
    result = subprocess.run(
        f"set -o pipefail; {sys.executable} -m azaf.cli list | head -1",
        shell=True,
        executable="/bin/bash",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.slow
def test_a_build_whose_reader_has_gone_still_completes(mini):
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "azaf.cli", "build", "--jobs", "1"],
            cwd=mini,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert (mini / "reports" / "latest" / "manifest.json").is_file()
    assert list((mini / "reports" / "latest").glob("demo*.pdf"))


def _wheel(tmp_path: Path) -> Path:
    # Built from a copy, as pip would from an sdist: the checkout stays untouched.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=COPY_IGNORE)
    dist = tmp_path / "dist"
    result = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = dist.glob("azaf-*.whl")
    return wheel


@pytest.mark.slow
def test_a_wheel_installs_the_whole_package_and_builds_a_report(tmp_path):
    wheel = _wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "azaf").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    assert "azaf/topics/trade/__init__.py" in names

    # A fresh virtualenv gets azaf from the wheel only; its dependencies are the ones already
    # installed here (a path line, so this environment's editable azaf is not picked up).
    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", "--without-pip", venv).returncode == 0
    python = venv / "bin" / "python"
    purelib = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    (purelib / "azaf-test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    install = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "-q",
        wheel,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    # Run from elsewhere: Python puts the current folder first on sys.path.
    where = _run(python, "-c", "import azaf.topics.trade as m; print(m.__file__)", cwd=tmp_path)
    assert where.stdout.strip().startswith(str(venv)), where.stdout + where.stderr

    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
    shutil.rmtree(project / "azaf")  # the reports must run on the installed package alone
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "AZAF_PROJECT": str(project),
        # nbconvert's own templates are data files of this environment, not of the new one.
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
        "AZAF_EDITION": "2026-12-01",
    }
    version = _run(venv / "bin" / "azaf", "--version", cwd=elsewhere, env=env)
    assert version.stdout.startswith(f"azaf {__version__}"), version.stderr
    built = _run(
        venv / "bin" / "azaf",
        "build",
        "--only",
        "trade",
        "--name",
        "wheel",
        "--jobs",
        "1",
        cwd=elsewhere,
        env=env,
        timeout=900,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    folder = project / "reports" / "wheel"
    assert (folder / "trade.pdf").stat().st_size > 10_000
    html = (folder / "trade.html").read_text(encoding="utf-8")
    assert "ModuleNotFoundError" not in html and "<figure" in html
