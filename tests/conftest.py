"""Shared fixtures: a throwaway copy of the made-up mini series, with the real templates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def make_project(tmp: Path, name: str = "mini") -> Path:
    """Copy fixtures/<name> plus the project's templates into tmp and return the copy."""
    dest = tmp / name
    shutil.copytree(FIXTURES / name, dest)
    shutil.copytree(ROOT / "templates", dest / "templates")
    return dest


# What a copy of the real project leaves out: environments, caches, outputs, history.
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", "reports", ".git", ".azaf-cache", "__pycache__", ".pytest_cache", ".ruff_cache"
)


def build_in_copy(dest: Path, *options: Any, prepare: Any = None) -> list[Any]:
    """Copy the real project into dest, then run a build there for each BuildOptions given
    (`prepare(dest)`, if given, changes the copy first)."""
    from azaf.build import build
    from azaf.project import get_project

    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    if prepare is not None:
        prepare(dest)
    cwd = Path.cwd()
    os.chdir(dest)
    try:
        project = get_project(dest)
        return [build(opts, project=project, echo=lambda _: None) for opts in options]
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="session")
def built_series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real series built once with its defaults into a copy of the project (shared by the
    tests that read a whole build), for a fixed edition."""
    from azaf.build import BuildOptions

    copy = tmp_path_factory.mktemp("series") / "azaf"
    saved = os.environ.get("AZAF_EDITION")
    os.environ["AZAF_EDITION"] = "2026-12-01"
    try:
        (result,) = build_in_copy(copy, BuildOptions())
    finally:
        os.environ.pop("AZAF_EDITION", None)
        if saved is not None:
            os.environ["AZAF_EDITION"] = saved
    assert result.ok, [(e["id"], e.get("error")) for e in result.entries]
    return copy / "reports" / "latest"


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh mini project; the test runs inside it."""
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.delenv("AZAF_PROJECT", raising=False)
    return project


@pytest.fixture(autouse=True)
def _restore_env():
    """Builds set AZAF_* variables for their kernels; keep tests independent."""
    saved = {k: v for k, v in os.environ.items() if k.startswith("AZAF_")}
    yield
    for key in [k for k in os.environ if k.startswith("AZAF_")]:
        del os.environ[key]
    os.environ.update(saved)


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """The local publisher of the refresh tests listens on 127.0.0.1 only."""
    return ("127.0.0.1", 0)


def add_report(project: Path, notebook: str, report_id: str, **entry: Any) -> None:
    """Add fixtures/notebooks/<notebook>.ipynb to a project's series as report `report_id`
    (extra series.yml keys, such as timeout, given as keyword arguments)."""
    import yaml

    target = project / "notebooks" / f"{notebook}.ipynb"
    shutil.copy(FIXTURES / "notebooks" / f"{notebook}.ipynb", target)
    series = project / "series.yml"
    raw = yaml.safe_load(series.read_text(encoding="utf-8"))
    raw["reports"].append(
        {"id": report_id, "notebook": f"notebooks/{notebook}.ipynb", "title": notebook.title()}
        | entry
    )
    series.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), "utf-8")
