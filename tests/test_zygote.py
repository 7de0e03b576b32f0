"""The kernel fork server: kernels forked from it behave as kernels started on their own (their
folder, environment, interrupts, death and shutdown), and a kernel it cannot fork starts as
usual."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from azaf import pool, zygote


def test_the_interpreter_part_of_a_kernel_command():
    python = ["/usr/bin/python3", "-Xfrozen_modules=off"]
    assert zygote.interpreter([*python, "-m", "ipykernel_launcher", "-f", "c.json"]) == python
    assert zygote.interpreter(["python", "-m", "ipykernel_launcher"]) == ["python"]
    assert zygote.interpreter(["ir", "--kernel", "-m", "other"]) is None
    assert zygote.interpreter(["-m", "ipykernel_launcher"]) is None


def test_forking_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv(zygote.DISABLE_ENV, "0")
    assert not zygote.enabled()
    assert zygote.start_server("python3", tmp_path) is None


def test_a_kernel_with_its_own_environment_is_not_forked(tmp_path, monkeypatch):
    spec = tmp_path / "kernels" / "withenv"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        '{"argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],'
        ' "display_name": "x", "language": "python", "env": {"SOMETHING": "1"}}'
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    assert zygote.start_server("withenv", tmp_path) is None


def _run(client, code: str, timeout: float = 30) -> dict:
    """Execute `code`; the text it printed and the reply's status."""
    from jupyter_core.utils import run_sync

    msg_id = client.execute(code)
    text = []
    while True:
        msg = run_sync(client.get_iopub_msg)(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            text.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = run_sync(client.get_shell_msg)(timeout=timeout)
    return {"text": "".join(text), "status": reply["content"]["status"]}


@pytest.fixture
def server(tmp_path: Path):
    started = zygote.start_server("python3", tmp_path)
    assert started is not None, "the fork server did not start"
    yield started
    started.close()


def test_a_forked_kernel_runs_in_its_folder_with_its_environment(server, tmp_path, monkeypatch):
    monkeypatch.setenv("AZAF_TEST_VALUE", "forty-two")
    km = pool._start(tmp_path, "python3", _done(server))
    try:
        pid = km.provisioner.pid
        assert psutil.Process(pid).ppid() == server.process.pid  # forked, not started
        client = km.client()
        client.start_channels()
        out = _run(
            client,
            "import os, sys; print(os.getcwd(), os.environ['AZAF_TEST_VALUE'], sys.path[0],"
            " 'seaborn' in sys.modules, os.getpid() == os.getpgid(0))",
        )
        assert out["status"] == "ok"
        assert out["text"].split() == [str(tmp_path), "forty-two", str(tmp_path), "True", "True"]
        # An interrupt reaches the forked kernel as it does one started on its own.
        msg_id = client.execute("import time; time.sleep(30)")
        time.sleep(1)
        from jupyter_core.utils import run_sync

        run_sync(km.interrupt_kernel)()
        reply = run_sync(client.get_shell_msg)(timeout=10)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        client.stop_channels()
    finally:
        pool.shutdown(km)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_killed_forked_kernel_is_seen_dead(server, tmp_path):
    from jupyter_core.utils import run_sync

    km = pool._start(tmp_path, "python3", _done(server))
    pid = km.provisioner.pid
    assert run_sync(km.is_alive)()
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while run_sync(km.is_alive)() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not run_sync(km.is_alive)()
    pool.shutdown(km)
    # The server reaped it and said how it ended.
    while server.exit_status(pid) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.exit_status(pid) == -signal.SIGKILL


def test_the_server_ends_when_closed_and_its_kernels_with_it(server, tmp_path):
    km = pool._start(tmp_path, "python3", _done(server))
    pid = km.provisioner.pid
    server.close()
    assert server.process.poll() is not None
    # Orphaned, the kernel notices its parent gone and ends (ipykernel's parent poller).
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and time.monotonic() < deadline:
        with_status = psutil.Process(pid).status() if psutil.pid_exists(pid) else None
        if with_status == psutil.STATUS_ZOMBIE:
            break
        time.sleep(0.1)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    pool.shutdown(km)


def test_without_a_server_a_kernel_starts_as_usual(tmp_path):
    km = pool._start(tmp_path, "python3", None)
    try:
        assert "ipykernel" in " ".join(psutil.Process(km.provisioner.pid).cmdline())
    finally:
        pool.shutdown(km)


def _done(value):
    from concurrent.futures import Future

    future: Future = Future()
    future.set_result(value)
    return future
