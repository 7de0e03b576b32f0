"""Which data tables a report read: noted where data.py reads, read back by the build's cache."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# One output per table the first time a kernel reads it (quiet lookups included), so the
# executed notebook itself says which tables its outputs depend on. Stripped from the
# publication like the other build records.
READ_MIME = "application/vnd.azaf.read+json"

_SEEN: set[str] = set()
# Per thread: the build writes the fact check in one thread while others render reports.
_LOCAL = threading.local()


def _trackers() -> list[set[str]]:
    if not hasattr(_LOCAL, "trackers"):
        _LOCAL.trackers = []
    return _LOCAL.trackers


def _in_kernel() -> bool:
    # Only a running IPython kernel has somewhere to send the record; importing IPython in
    # the build process just to find out would cost time for nothing.
    ipython = sys.modules.get("IPython")
    # Another thread of the build may be importing IPython right now: a module still being
    # initialised has no get_ipython yet, and a kernel would have finished importing it.
    get_ipython = getattr(ipython, "get_ipython", None)
    if get_ipython is None:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def note(name: str) -> None:
    """Record that table `name` was read (once per process, plus every active tracker)."""
    for tracker in _trackers():
        tracker.add(name)
    if name in _SEEN:
        return
    _SEEN.add(name)
    if _in_kernel():
        from IPython.display import display

        display({READ_MIME: {"name": name}, "text/plain": ""}, raw=True)


@contextmanager
def tracking() -> Iterator[set[str]]:
    """Collect the tables this thread reads while the block runs (e.g. the fact check)."""
    seen: set[str] = set()
    _trackers().append(seen)
    try:
        yield seen
    finally:
        _trackers().remove(seen)


def from_notebook(nb: Any) -> list[str]:
    """Tables an executed notebook read, sorted."""
    names: set[str] = set()
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            data = out.get("data", {}) if hasattr(out, "get") else {}
            if READ_MIME in data:
                names.add(str(data[READ_MIME].get("name")))
    return sorted(names)
