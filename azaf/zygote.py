"""A fork server for kernels: one process starts Python and imports ipykernel and the series'
libraries once; each report's kernel is then forked from it, ready in about half a second
rather than the second and a half or more a new interpreter takes to import the same modules.

Only the build uses it, and only for a kernel started as `<python> -m ipykernel_launcher`;
anything else, or any failure of the server, starts kernels the usual way.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

LAUNCHER = ["-m", "ipykernel_launcher"]
DISABLE_ENV = "AZAF_FORK_KERNELS"  # "0": every kernel starts its own interpreter
# What every report imports first: imported here once for forked kernels, and by the pool in
# a kernel started the usual way.
LIBRARIES = (
    "seaborn",
    "azaf",
    "azaf.charts",
    "azaf.tables",
    "azaf.text",
    "azaf.report",
    "azaf.data",
)
# What each forked kernel finds imported. The inline backend's module is left out on purpose:
# importing it before a shell exists would skip its hook into the kernel.
IMPORTS = ("ipykernel.kernelapp", "ipykernel.ipkernel", *LIBRARIES)
READY_TIMEOUT_S = 60
REPLY_TIMEOUT_S = 30


def enabled() -> bool:
    """Whether builds may fork kernels (unset, or anything but 0, means yes)."""
    return os.environ.get(DISABLE_ENV, "1") != "0" and hasattr(os, "pidfd_open")


def interpreter(cmd: list[str]) -> list[str] | None:
    """The interpreter part of a kernel command (`python [-X…]`) if the rest of it is
    `-m ipykernel_launcher …`, else None: such a kernel cannot come from the server."""
    for i in range(1, len(cmd) - 1):
        if cmd[i : i + 2] == LAUNCHER:
            return cmd[:i]
    return None


# --- the server's side --------------------------------------------------------------------


def _send(sock: socket.socket, message: dict) -> None:
    sock.sendall(json.dumps(message).encode() + b"\n")


def _child(sock: socket.socket, wake: tuple[int, int], request: dict) -> None:
    """In a forked child: become the kernel the request describes, then exit."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in wake:
            os.close(fd)
        sock.close()
        # As jupyter_client starts a kernel: a session of its own (interrupts reach its whole
        # group), stdin from nowhere, the given folder and environment.
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.chdir(request["cwd"])
        if sys.path and sys.path[0] == request["server_cwd"]:
            sys.path[0] = request["cwd"]  # `python -m` puts the start folder first
        os.environ.clear()
        os.environ.update(request["env"])
        # The kernel ends itself if this server, its parent, goes away (ipykernel read
        # JPY_PARENT_PID when this server imported it: the option says it again).
        parent = os.getppid()
        os.environ["JPY_PARENT_PID"] = str(parent)
        args = [*request["args"], f"--IPKernelApp.parent_handle={parent}"]
        from ipykernel import kernelapp

        sys.argv = ["ipykernel_launcher", *args]
        kernelapp.launch_new_instance(argv=args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # the kernel's own failure: said on stderr, as a kernel would
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            import atexit

            atexit._run_exitfuncs()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _reap(sock: socket.socket) -> None:
    """Collect every child that ended, and tell the build how each ended."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _send(sock, {"exited": pid, "status": os.waitstatus_to_exitcode(status)})


def serve(fd: int) -> None:
    """The server: import once, then fork a kernel for each request read from socket `fd`,
    until the build closes it."""
    sock = socket.socket(fileno=fd)
    # As ipykernel sets it before a notebook's first import of matplotlib, so that the
    # forked kernels' matplotlib is configured exactly as a new kernel's would be.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import importlib

    for name in IMPORTS:
        importlib.import_module(name)
    wake = os.pipe()
    for end in wake:
        os.set_blocking(end, False)
    signal.set_wakeup_fd(wake[1])
    signal.signal(signal.SIGCHLD, lambda *_: None)
    _send(sock, {"ready": os.getpid()})
    buffer = b""
    server_cwd = os.getcwd()
    while True:
        readable, _, _ = select.select([sock, wake[0]], [], [])
        if wake[0] in readable:
            with contextlib.suppress(BlockingIOError):
                os.read(wake[0], 512)
            _reap(sock)
        if sock not in readable:
            continue
        chunk = sock.recv(65536)
        if not chunk:
            return  # the build is done, or gone: its kernels see this process end
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            request = json.loads(line) | {"server_cwd": server_cwd}
            pid = os.fork()
            if pid == 0:
                _child(sock, wake, request)
            _send(sock, {"pid": pid})


# --- the build's side ---------------------------------------------------------------------


class ForkServer:
    """A running server, started with the kernel's interpreter in the kernels' folder."""

    def __init__(self, python: list[str], cwd: Path, env: dict[str, str] | None = None):
        self.python = list(python)
        self.cwd = str(cwd)
        ours, theirs = socket.socketpair()
        self._sock = ours
        self._lock = threading.Lock()
        self._replies: list[int] = []
        self._exits: dict[int, int] = {}
        self._changed = threading.Condition()
        self._closed = False
        self._ready = False
        try:
            self.process = subprocess.Popen(
                [*self.python, "-m", "azaf.zygote", str(theirs.fileno())],
                cwd=self.cwd,
                env=env,
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                # Out of the terminal's process group: Ctrl-C reaches the build, which ends
                # this server itself.
                start_new_session=True,
            )
        finally:
            theirs.close()
        self._reader = threading.Thread(target=self._read, daemon=True, name="azaf-zygote")
        self._reader.start()
        with self._changed:
            if not self._changed.wait_for(
                lambda: self._ready or self._closed, timeout=READY_TIMEOUT_S
            ):
                self.close()
                raise RuntimeError("the kernel fork server did not start in time")
        if not self._ready:
            self.close()
            raise RuntimeError("the kernel fork server stopped while starting")

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._sock.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                with self._changed:
                    self._closed = True
                    self._changed.notify_all()
                return
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                message = json.loads(line)
                with self._changed:
                    if "ready" in message:
                        self._ready = True
                    elif "pid" in message:
                        self._replies.append(int(message["pid"]))
                    elif "exited" in message:
                        self._exits[int(message["exited"])] = int(message["status"])
                    self._changed.notify_all()

    @property
    def alive(self) -> bool:
        """Whether the server still takes requests."""
        return not self._closed and self.process.poll() is None

    def fork(self, cmd: list[str], env: dict[str, str], cwd: str) -> int:
        """The pid of a new kernel forked for `cmd` (whose interpreter must be the server's)."""
        if interpreter(cmd) != self.python:
            raise ValueError("this kernel's interpreter is not the fork server's")
        args = cmd[len(self.python) + len(LAUNCHER) :]
        with self._lock:
            with self._changed:
                if self._closed:
                    raise RuntimeError("the kernel fork server has stopped")
            _send(self._sock, {"args": args, "env": dict(env), "cwd": str(cwd)})
            with self._changed:
                if not self._changed.wait_for(
                    lambda: self._replies or self._closed, timeout=REPLY_TIMEOUT_S
                ):
                    raise RuntimeError("the kernel fork server did not answer")
                if not self._replies:
                    raise RuntimeError("the kernel fork server has stopped")
                return self._replies.pop(0)

    def exit_status(self, pid: int) -> int | None:
        """How a kernel forked by this server ended, once the server has said."""
        with self._changed:
            return self._exits.get(pid)

    def close(self) -> None:
        """Stop the server (its kernels, if any still run, end when they see it gone)."""
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ForkedProcess:
    """The part of subprocess.Popen that jupyter_client uses, for a kernel the server forked
    (not this process's child: followed through a pidfd, which no later process can reuse)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, server: ForkServer):
        self.pid = pid
        self._server = server
        self._fd: int | None = os.pidfd_open(pid)
        self.returncode: int | None = None

    def _ended(self, timeout: float) -> bool:
        if self._fd is None:
            return True
        readable, _, _ = select.select([self._fd], [], [], timeout)
        return bool(readable)

    def poll(self) -> int | None:
        """None while the kernel runs, else how it ended."""
        if self.returncode is None and self._ended(0):
            self._finish()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end; how it ended."""
        if self.returncode is None:
            if not self._ended(-1 if timeout is None else timeout):
                raise subprocess.TimeoutExpired("kernel", timeout or 0)
            self._finish()
        assert self.returncode is not None
        return self.returncode

    def _finish(self) -> None:
        status = self._server.exit_status(self.pid)
        self.returncode = status if status is not None else -signal.SIGKILL
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def send_signal(self, signum: int) -> None:
        """Signal the kernel, unless it has ended."""
        if self._fd is not None and self.returncode is None:
            signal.pidfd_send_signal(self._fd, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def __del__(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)


def kernel_manager(server: ForkServer, kernel_name: str) -> Any:
    """An AsyncKernelManager whose kernel is forked from `server` (or, if the kernel's command
    is not one the server can fork, started as usual)."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            if interpreter(cmd) != server.python or not server.alive:
                return await super().launch_kernel(cmd, **kwargs)
            env = kwargs.get("env") or dict(os.environ)
            cwd = kwargs.get("cwd") or os.getcwd()
            pid = server.fork(cmd, env, str(cwd))
            self.process = ForkedProcess(pid, server)
            self.pid = self.pgid = pid  # the child made a session of its own
            self.cwd = cwd
            return self.connection_info

    class ForkKernelManager(AsyncKernelManager):  # type: ignore[misc]
        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            if self.provisioner is None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = ForkProvisioner(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
                )
            return await super()._async_pre_start_kernel(**kw)

    return ForkKernelManager(kernel_name=kernel_name)


def start_server(kernel_name: str, cwd: Path) -> ForkServer | None:
    """A fork server for kernels of `kernel_name` started in `cwd`, or None when that kernel
    is not an ipykernel of a Python this machine runs, or the server does not start."""
    if not enabled():
        return None
    try:
        from jupyter_client.manager import AsyncKernelManager

        km = AsyncKernelManager(kernel_name=kernel_name)
        if km.kernel_spec.env:
            return None  # variables the imports might read: not worth the doubt
        cmd = km.format_kernel_cmd()
        python = interpreter(cmd)
        if python is None:
            return None
        return ForkServer(python, cwd)
    except Exception:  # a kernel that cannot be forked starts as usual
        return None


if __name__ == "__main__":
    serve(int(sys.argv[1]))
