"""Locate the project (the folder holding series.yml) and its standard paths."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import ProjectError

SERIES_FILE = "series.yml"


@dataclass(frozen=True)
class Project:
    """Paths of one azaf project."""

    root: Path

    @property
    def series_file(self) -> Path:
        """The series description."""
        return self.root / SERIES_FILE

    @property
    def data_dir(self) -> Path:
        """The shared datasets."""
        return self.root / "data"

    @property
    def notebooks_dir(self) -> Path:
        """The report notebooks."""
        return self.root / "notebooks"

    @property
    def template_dir(self) -> Path:
        """The nbconvert template folder (templates/azaf)."""
        return self.root / "templates" / "azaf"

    @property
    def reports_dir(self) -> Path:
        """Where builds are written."""
        return self.root / "reports"

    @property
    def cache_dir(self) -> Path:
        """Scratch space that may be deleted at any time."""
        return self.root / ".azaf-cache"


def find_root(start: Path | None = None) -> Path:
    """Walk up from start (or $AZAF_PROJECT, or the cwd) to the folder holding series.yml."""
    env = os.environ.get("AZAF_PROJECT")
    here = Path(start or env or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SERIES_FILE).is_file():
            return folder
    # A notebook run by papermill's CLI from elsewhere still belongs to the checkout that
    # holds this (editable) package.
    home = Path(__file__).resolve().parents[1]
    if start is None and not env and (home / SERIES_FILE).is_file():
        return home
    raise ProjectError(
        f"no {SERIES_FILE} found in {here} or any folder above it; "
        "run azaf inside an azaf project, or set AZAF_PROJECT to its folder"
    )


@cache
def _project(root: Path) -> Project:
    return Project(root)


def get_project(start: Path | None = None) -> Project:
    """The project around start (default: the current directory)."""
    return _project(find_root(start))
