"""The versions a build ran with (Python, azaf, its libraries, Chromium), for the manifest."""

from __future__ import annotations

import platform
import re
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__

LOCK_FILE = "constraints.txt"


def _name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower().replace("_", "-")


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def library_versions() -> dict[str, str | None]:
    """Installed versions of the libraries azaf depends on (extras such as dev left out)."""
    try:
        requires = metadata.requires("azaf") or []
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        requires = []
    # numpy is not named by azaf but draws every chart's numbers.
    names = sorted({_name(r) for r in requires if "extra ==" not in r} | {"numpy"})
    return {name: _installed(name) for name in names}


def _all_installed() -> dict[str, str]:
    return {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def locked_versions(root: Path) -> dict[str, str]:
    """The pins of the project's constraints file (empty if it has none)."""
    path = root / LOCK_FILE
    if not path.is_file():
        return {}
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, _, version = line.strip().partition("==")
            pins[_name(name)] = version.split(";")[0].strip()
    return pins


@cache
def chromium_version(executable: str) -> str | None:
    """What the Chromium that prints the PDFs says its version is."""
    try:
        out = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except OSError:
        return None
    return out.strip() or None


def versions(root: Path, chromium: str | None = None) -> dict[str, Any]:
    """Python, azaf, the libraries and Chromium of this build, and any installed package whose
    version differs from the project's constraints file (what the series was tested with)."""
    libraries = library_versions()
    lock = locked_versions(root)
    installed = _all_installed()
    return {
        "python": platform.python_version(),
        "azaf": __version__,
        "libraries": libraries,
        "chromium": chromium_version(chromium) if chromium else None,
        "differs_from_lock": {
            name: {"installed": v, "locked": lock[name]}
            for name, v in sorted(installed.items())
            if name in lock and v != lock[name]
        },
    }
