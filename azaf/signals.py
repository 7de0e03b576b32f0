"""Stop a build cleanly on SIGINT or SIGTERM: end its kernels and Chromium, then unwind."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

from .errors import AzafError

EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
_NAMES = {signal.SIGINT: "SIGINT (Ctrl-C)", signal.SIGTERM: "SIGTERM"}
_stop: dict[str, Any] = {"signum": None, "depth": 0}


class Interrupted(AzafError):
    """The build was stopped by a signal; nothing it had started is left behind."""

    def __init__(self, signum: int):
        self.signum = signum
        self.exit_code = EXIT_CODES.get(signal.Signals(signum), 128 + signum)
        super().__init__(f"interrupted by {_NAMES.get(signal.Signals(signum), signum)}")


def stopping() -> bool:
    """True once a signal asked the build to stop (workers check it before each step)."""
    return _stop["signum"] is not None


def check() -> None:
    """Raise Interrupted if a signal asked the build to stop."""
    if _stop["signum"] is not None:
        raise Interrupted(_stop["signum"])


def end_children(grace: float = 1.5) -> int:
    """Terminate every process this one started (kernels, Chromium, Playwright's driver),
    killing those still there after `grace` seconds; return how many there were."""
    import psutil

    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return 0
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(alive, timeout=grace)
    return len(children)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGINT and SIGTERM end the child processes at once and raise
    Interrupted in the main thread, so the build can remove what it started and exit."""
    if threading.current_thread() is not threading.main_thread() or _stop["depth"]:
        yield  # not ours to handle, or already handled by an outer block
        return

    def handler(signum: int, frame: Any) -> None:
        if _stop["signum"] is not None:
            return  # a second signal while stopping: already on the way out
        _stop["signum"] = signum
        end_children()
        raise Interrupted(signum)

    previous = {sig: signal.getsignal(sig) for sig in EXIT_CODES}
    for sig in EXIT_CODES:
        signal.signal(sig, handler)
    _stop["depth"] = 1
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        _stop.update(signum=None, depth=0)


def exit_now(code: int) -> None:
    """Leave without waiting for worker threads that are still unwinding."""
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
