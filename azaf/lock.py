"""One build at a time per output folder: a lock file naming the build that holds it."""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import AzafError, EnvironmentProblem, os_error_words


class BuildLocked(AzafError):
    """Another build is writing the same output folder."""

    exit_code = 3


def _alive(info: dict) -> bool:
    """True when the process named in the lock is still the build that took it."""
    import psutil

    if info.get("host") != socket.gethostname():
        return True  # cannot tell for another machine: assume it runs
    try:
        proc = psutil.Process(int(info["pid"]))
        # A reused pid belongs to a process started after the lock was taken.
        return abs(proc.create_time() - float(info.get("created", 0))) < 2
    except (psutil.Error, KeyError, ValueError, TypeError):
        return False


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # half-written or damaged: treated as stale


def describe(info: dict) -> str:
    """'pid 1234, started 2026-12-02 20:10:03 UTC' for a lock's holder."""
    return f"pid {info.get('pid', '?')}, started {info.get('started', '?')}"


class Held:
    """The lock this build holds; `note` adds facts (its scratch folder) for a later build
    to clear if this one is killed."""

    def __init__(self, path: Path, info: dict):
        self.path = path
        self.info = info

    def note(self, **facts: Any) -> None:
        """Record more about this build in its lock file."""
        self.info.update(facts)
        tmp = self.path.with_name(self.path.name + ".new")
        tmp.write_text(json.dumps(self.info), encoding="utf-8")
        tmp.replace(self.path)


def _clear_stale(held: dict) -> None:
    """Remove what a killed build left outside reports/ (its scratch folder)."""
    import shutil
    import tempfile

    scratch = held.get("scratch")
    # Only a folder this program made in the temporary folder, never any path a file names.
    if (
        isinstance(scratch, str)
        and Path(scratch).name.startswith("azaf-")
        and Path(scratch).parent in (Path(tempfile.gettempdir()), Path("/tmp"))
    ):
        shutil.rmtree(scratch, ignore_errors=True)


def _try_take(path: Path, mine: dict) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    except OSError as exc:
        raise EnvironmentProblem(os_error_words(exc, f"cannot write {path.parent}")) from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(mine, fh)
    return True


@contextlib.contextmanager
def build_lock(
    reports_dir: Path,
    name: str,
    wait: bool = False,
    echo: Callable[[str], None] = print,
    poll: float = 1.0,
) -> Iterator[Held]:
    """Hold reports/.<name>.lock while the block runs; refuse (or wait) if a live build holds
    it; clear it if the build that took it is gone."""
    import psutil

    path = reports_dir / f".{name}.lock"
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        path.parent.stat()
    except OSError as exc:
        raise EnvironmentProblem(os_error_words(exc, f"cannot use {reports_dir}")) from None
    me = psutil.Process()
    mine: dict[str, Any] = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "created": me.create_time(),
        "started": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "folder": name,
    }
    said_waiting = False
    while not _try_take(path, mine):
        held = _read(path)
        if held is None:
            continue  # released between our two looks
        if not held or not _alive(held):
            echo(
                f"Cleared a stale lock on reports/{name}/ left by a build that stopped "
                f"({describe(held) if held else 'unreadable lock file'})"
            )
            _clear_stale(held or {})
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            continue
        if not wait:
            raise BuildLocked(
                f"another build is writing reports/{name}/ ({describe(held)}); wait for it to "
                f"finish, use --wait to queue behind it, or build into another folder with --name"
            )
        if not said_waiting:
            echo(f"Waiting for the build writing reports/{name}/ ({describe(held)}) …")
            said_waiting = True
        time.sleep(poll)
    try:
        # Holding the lock, no other build into this folder runs: any staging folder left
        # beside it comes from a build that was killed.
        clear_stale_staging(reports_dir, name)
        yield Held(path, mine)
    finally:
        held = _read(path)
        if held and held.get("pid") == mine["pid"] and held.get("created") == mine["created"]:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def clear_stale_staging(reports_dir: Path, name: str) -> list[Path]:
    """Remove staging and swap folders of earlier builds into reports/<name>/ (call it only
    while holding the lock)."""
    import shutil

    removed = []
    for folder in reports_dir.glob(f".{name}.*-*"):
        kind, _, pid = folder.name.rpartition("-")
        if not folder.is_dir() or not pid.isdigit() or not kind.endswith((".building", ".old")):
            continue
        if int(pid) != os.getpid():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
