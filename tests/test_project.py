"""Checks of the repository itself: clean notebooks, agreeing environments, lint."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from azaf.notebook_params import parameters_cell

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "tests" / "fixtures").rglob("*.ipynb")
)
ALLOWED_METADATA = {"kernelspec", "language_info"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs_and_with_clean_metadata(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert set(nb["metadata"]) <= ALLOWED_METADATA, set(nb["metadata"]) - ALLOWED_METADATA
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: a code cell has outputs"
            assert cell["execution_count"] is None
        assert set(cell["metadata"]) <= {"tags"}, f"{path.name}: cell metadata {cell['metadata']}"
    assert parameters_cell(nb) is not None
    tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1, "exactly one parameters cell"


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_markdown_cells_hold_no_typed_figures(path):
    figure = re.compile(
        r"(?<![\w#./-])\d[\d,.]*\s*(%|percent|million|billion|bn|tons|tonnes|ha\b|hectares)", re.I
    )
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not figure.search(text), f"{path.name}: typed figure {figure.search(text)[0]!r}"


def _requirement(spec: str) -> tuple[str, str]:
    m = re.fullmatch(r"([A-Za-z0-9_.-]+)(\[[^\]]+\])?\s*>=\s*([\w.]+)", spec.strip())
    assert m, f"dependency {spec!r} should read name>=version"
    return m.group(1).lower(), m.group(3)


def test_environment_yml_and_pyproject_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_requirement(d) for d in project["dependencies"])
    wanted |= dict(_requirement(d) for d in project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(
        _requirement(d)
        for d in env["dependencies"]
        if isinstance(d, str) and d not in ("pip",) and not d.startswith("python")
    )
    assert conda == wanted
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.replace("python", "") == project["requires-python"]
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert "-e ." in pip


def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a dev dependency"
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run([ruff, *args], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_no_reference_file_is_copied_into_the_project():
    reference = ROOT.parent / "shared" / "reference"
    if not reference.is_dir():
        pytest.skip("../shared/reference is not beside this checkout")
    digest = {
        hashlib.sha256(p.read_bytes()).hexdigest() for p in reference.rglob("*") if p.is_file()
    }
    tracked = [p for p in (ROOT / "data").rglob("*") if p.is_file()]
    copies = [p.name for p in tracked if hashlib.sha256(p.read_bytes()).hexdigest() in digest]
    assert copies == []


def test_generated_files_are_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text()
    for entry in (".venv/", "reports/", ".azaf-cache/", "__pycache__/"):
        assert entry in ignored
