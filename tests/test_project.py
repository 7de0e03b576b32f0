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


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([\w.+!-]+)", line.strip())
            assert m, f"constraints.txt: {line!r} should read name==version"
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def test_environment_yml_pyproject_and_the_lock_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_requirement(d) for d in project["dependencies"])
    wanted |= dict(_requirement(d) for d in project["optional-dependencies"]["dev"])
    lock = _lock()
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {}
    for d in env["dependencies"]:
        if isinstance(d, str) and d not in ("pip",) and not d.startswith("python"):
            m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([\w.]+)", d)
            assert m, f"environment.yml: {d!r} should pin name==version"
            conda[m.group(1).lower()] = m.group(2)
    assert set(conda) == set(wanted)
    for name, least in wanted.items():
        assert name in lock, f"constraints.txt does not pin {name}"
        assert conda[name] == lock[name], f"{name}: environment.yml and constraints.txt differ"
        assert _version(lock[name]) >= _version(least), f"{name} {lock[name]} < {least}"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.replace("python", "") == project["requires-python"]
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert "-e ." in pip and "-c constraints.txt" in pip


def test_setup_installs_the_locked_versions():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "LOCK ?= constraints.txt" in makefile
    assert "pip install --quiet -c $(LOCK) -e '.[dev]'" in makefile
    assert re.search(r"^lock: ", makefile, re.M), "make lock renews the constraints"


def test_this_environment_runs_the_locked_versions():
    from importlib.metadata import distributions

    if not (Path(sys.prefix) / ".azaf-installed").is_file():
        pytest.skip("not the environment `make setup` made")
    lock = _lock()
    installed = {d.metadata["Name"].lower().replace("_", "-"): d.version for d in distributions()}
    differ = {n: (installed[n], v) for n, v in lock.items() if n in installed and installed[n] != v}
    assert differ == {}, "run make setup: installed versions differ from constraints.txt"


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
