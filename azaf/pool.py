"""Kernels started ahead of need: while reports execute, the next report's kernel boots and
imports the series' libraries (pandas, matplotlib, seaborn, azaf), so that report starts at its
first cell. Kernels are forked from one process that imported those once (azaf.zygote), or,
where that cannot be, start their own interpreter. At most AHEAD kernels wait ahead (memory);
kernels are shut down when done."""

from __future__ import annotations

import collections
import contextlib
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import zygote

# What every report imports first; silent and kept out of the history, so the executed
# notebook's counts and outputs are those of a kernel started for it alone.
PRELOAD = "import " + ", ".join(zygote.LIBRARIES)
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]
START_TIMEOUT_S = 60
# Kernels warming or waiting at once: one per worker of a two-core machine, so that two
# reports ending together both find one (each costs about 150 MB while it waits).
AHEAD = 2


def _run(coro_fn: Any, *args: Any, **kwargs: Any) -> Any:
    from jupyter_core.utils import run_sync

    return run_sync(coro_fn)(*args, **kwargs)


def _start(cwd: Path, kernel: str, server: Future | None = None) -> Any:
    """A started kernel manager whose kernel has imported PRELOAD (forked from the server the
    future gives, when it gives one)."""
    from jupyter_client.manager import AsyncKernelManager

    forker = server.result() if server is not None else None
    km = zygote.kernel_manager(forker, kernel) if forker else AsyncKernelManager(kernel_name=kernel)
    _run(km.start_kernel, extra_arguments=KERNEL_ARGS, cwd=str(cwd))
    client = km.client()
    client.start_channels()
    try:
        _run(client.wait_for_ready, timeout=START_TIMEOUT_S)
        msg_id = client.execute(PRELOAD, silent=True, store_history=False)
        while True:
            reply = _run(client.get_shell_msg, timeout=START_TIMEOUT_S)
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
    except Exception:
        client.stop_channels()
        shutdown(km)
        raise
    client.stop_channels()
    return km


def shutdown(km: Any) -> None:
    """Stop a kernel and free what its manager holds."""
    try:
        _run(km.shutdown_kernel, now=False)
    except Exception:  # already gone, or deaf: then killed
        with contextlib.suppress(Exception):
            _run(km.shutdown_kernel, now=True)


class KernelPool:
    """Hands out kernels warmed ahead; `expected` is how many reports will ask for one."""

    def __init__(
        self, cwd: Path, expected: int, kernel: str | None = None, depth: int = AHEAD
    ) -> None:
        self.cwd = cwd
        self.kernel = kernel or os.environ.get("AZAF_KERNEL") or "python3"
        self._remaining = expected
        self._depth = max(1, depth)
        self._lock = threading.Lock()
        self._warmer = ThreadPoolExecutor(max_workers=self._depth, thread_name_prefix="azaf-warm")
        self._stopper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="azaf-stop")
        self._ahead: collections.deque[Future] = collections.deque()
        self._closed = False
        # Started beside the first kernels' warming, which waits for it.
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="azaf-zygote")
        self._server: Future | None = (
            self._starter.submit(zygote.start_server, self.kernel, cwd)
            if expected > 0 and zygote.enabled()
            else None
        )
        with self._lock:
            self._warm_next()

    def _warm_next(self) -> None:
        # Called with the lock held: as many warming as may still be asked for, up to depth.
        while not self._closed and len(self._ahead) < min(self._depth, self._remaining):
            self._ahead.append(self._warmer.submit(_start, self.cwd, self.kernel, self._server))

    def take(self) -> Any | None:
        """A warmed kernel manager, or None (the caller then starts a kernel as usual)."""
        with self._lock:
            self._remaining -= 1
            ahead = self._ahead.popleft() if self._ahead else None
            self._warm_next()
        if ahead is None:
            return None
        try:
            return ahead.result()
        except Exception:  # could not warm one: this report starts its own kernel
            return None

    def release(self, km: Any) -> None:
        """Shut a kernel down once its report is done (in the background)."""
        self._stopper.submit(shutdown, km)

    def close(self) -> None:
        """Shut down the kernel still waiting ahead, and wait for every shutdown."""
        with self._lock:
            self._closed = True
            waiting = list(self._ahead)
            self._ahead.clear()
        for ahead in waiting:
            ahead.add_done_callback(
                lambda f: f.exception() is None and f.result() and self.release(f.result())
            )
        self._warmer.shutdown(wait=True)
        self._stopper.shutdown(wait=True)
        self._starter.shutdown(wait=True)
        server = self._server.result() if self._server is not None else None
        if server is not None:
            server.close()
