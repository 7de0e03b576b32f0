"""SIGINT and SIGTERM stop a real build within seconds, end its kernels and Chromium, remove
its temporary files and staging folder, keep the previous folder; one build per folder."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from conftest import add_report

pytestmark = pytest.mark.slow
AZAF = [sys.executable, "-m", "azaf.cli"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _start(project: Path, tmp: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmp)}
    env.pop("AZAF_PROJECT", None)
    return subprocess.Popen(
        [*AZAF, "build", *args],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _is_kernel(process: psutil.Process) -> bool:
    """A kernel started as its own interpreter, or forked from the build's kernel server."""
    try:
        if "ipykernel" in " ".join(process.cmdline()):
            return True
        parent = process.parent()
        return parent is not None and "azaf.zygote" in " ".join(parent.cmdline())
    except psutil.Error:
        return False


def _wait_for_kernel(proc: subprocess.Popen, limit: float = 120) -> list[psutil.Process]:
    """The build's child processes once a kernel runs the sleeping cell."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        children = psutil.Process(proc.pid).children(recursive=True)
        if any(_is_kernel(c) for c in children):
            time.sleep(2)  # past start-up, into the cell that sleeps
            return psutil.Process(proc.pid).children(recursive=True)
        time.sleep(0.3)
    raise AssertionError("no kernel started")


@pytest.fixture
def sleepy(mini: Path) -> Iterator[tuple[Path, Path, dict[str, bytes]]]:
    """The mini project with a report that sleeps, built once (quickly) to have a previous
    complete folder; a private TMPDIR for the builds that follow."""
    add_report(mini, "sleepy", "sleepy")
    # A private temporary folder with a short path (Chromium's sockets need one).
    tmp = Path(tempfile.mkdtemp(prefix="azt", dir="/tmp"))
    done = subprocess.run(
        [*AZAF, "build", "--only", "sleepy", "--set", "sleepy.seconds=0"],
        cwd=mini,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    yield mini, tmp, _snapshot(mini / "reports" / "latest")
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.parametrize(
    "sig, code, name", [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "SIGINT")]
)
def test_a_signal_stops_the_build_and_leaves_everything_as_it_was(sleepy, sig, code, name):
    project, tmp, before = sleepy
    proc = _start(project, tmp, "--only", "sleepy", "demo", "--force")
    children = _wait_for_kernel(proc)
    sent = time.monotonic()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=5)  # the bound the issue sets: 5 s
    stopped_in = time.monotonic() - sent
    assert proc.returncode == code, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == [f"azaf: interrupted by {name}" + lines[0].split(name, 1)[1]], err
    assert "reports/ left as it was before this build" in lines[0]
    assert "Traceback" not in out + err
    gone, alive = psutil.wait_procs(children, timeout=max(0.1, 5 - stopped_in))
    assert alive == [], [c.cmdline() for c in alive]
    reports = project / "reports"
    assert sorted(p.name for p in reports.iterdir()) == ["latest"]  # no staging, no lock
    assert _snapshot(reports / "latest") == before
    assert list(tmp.iterdir()) == []  # no temporary file left


def test_a_second_build_into_the_same_folder_refuses_or_waits(sleepy):
    project, tmp, before = sleepy
    first = _start(project, tmp, "--only", "sleepy", "--force", "--set", "sleepy.seconds=25")
    try:
        _wait_for_kernel(first)
        second = subprocess.run(
            [*AZAF, "build", "--only", "demo"], cwd=project, capture_output=True, text=True
        )
        assert second.returncode == 3
        assert f"another build is writing reports/latest/ (pid {first.pid}, started " in (
            second.stderr
        )
        assert "use --wait" in second.stderr
        waited = subprocess.run(
            [*AZAF, "build", "--only", "demo", "--wait", "--set", "demo.country=AFG"],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert waited.returncode == 0, waited.stderr
        assert f"Waiting for the build writing reports/latest/ (pid {first.pid}" in waited.stdout
        out, err = first.communicate(timeout=60)
        assert first.returncode == 0, out + err
    finally:
        if first.poll() is None:
            first.terminate()
            first.wait(timeout=10)


def test_a_stale_lock_from_a_killed_build_is_cleared(sleepy):
    project, tmp, before = sleepy
    killed = _start(project, tmp, "--only", "sleepy", "--force")
    children = _wait_for_kernel(killed)
    killed.kill()  # SIGKILL: nothing of the build's own runs to tidy up
    killed.wait(timeout=10)
    for child in children:  # its orphaned kernel and helpers, which this test started
        if child.is_running():
            child.kill()
    reports = project / "reports"
    assert (reports / ".latest.lock").is_file()
    assert any(p.name.startswith(".latest.building-") for p in reports.iterdir())
    assert _snapshot(reports / "latest") == before
    after = subprocess.run(
        [*AZAF, "build", "--only", "sleepy", "--set", "sleepy.seconds=0"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
    )
    assert after.returncode == 0, after.stderr
    assert (
        f"Cleared a stale lock on reports/latest/ left by a build that stopped (pid {killed.pid}"
        in (after.stdout)
    )
    assert sorted(p.name for p in reports.iterdir()) == ["latest"]
    assert [p for p in tmp.iterdir() if p.name.startswith("azaf-")] == []
