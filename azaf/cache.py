"""The build's cache: what each report depends on, and whether to run, re-render or reuse it.

A report is re-executed only when one of its execution inputs changed: its notebook's cells, its
entry in series.yml, its resolved parameters, the content of the data tables it read (as the
executed notebook recorded them), the data package's own description, the edition, the azaf
code, or the versions of the libraries that execute and render it. When only what shapes the
page changed (the template and its CSS, the running header, Chromium) it is re-rendered from the
executed notebook kept in the previous build. Everything here is cheap: no heavy import.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

# Versions that can change what a notebook computes or how a page looks.
LIBRARIES = (
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "jinja2",
    "pypdf",
    "playwright",
)
# Templates of the series' own pages, not of a report: a change to them rewrites the index or
# the volume's front matter, never a report.
SERIES_PAGES = (
    "series_index.html.j2",
    "volume_front.html.j2",
    "annex.html.j2",
    "annex_body.html.j2",
)
RUN, RENDER, CACHED = "run", "render", "cached"
# Entry fields that describe a run rather than its inputs.
RUN_FACTS = ("built_at", "duration_s", "carried_over", "cache")


def digest(data: bytes | str) -> str:
    """A short, stable content digest."""
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()[:16]


def canonical(value: Any) -> str:
    """JSON with sorted keys: the same value always gives the same text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def notebook_cells(path: Path) -> str:
    """A digest of what a notebook runs: each cell's type, source and tags (not outputs)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        cells.append(
            [
                cell.get("cell_type"),
                "".join(source) if isinstance(source, list) else source,
                sorted(cell.get("metadata", {}).get("tags", [])),
            ]
        )
    return digest(canonical(cells))


def _files(root: Path, pattern: str, base: Path) -> dict[str, str]:
    return {
        str(p.relative_to(base)): digest(p.read_bytes())
        for p in sorted(root.rglob(pattern))
        if p.is_file() and "__pycache__" not in p.parts
    }


@dataclass
class Decision:
    """What to do with one report, and why."""

    action: str
    reasons: list[str] = field(default_factory=list)

    def words(self) -> str:
        """The decision in one line, e.g. 'run: data table opium changed'."""
        return self.action + (": " + "; ".join(self.reasons) if self.reasons else "")


class Inputs:
    """The inputs of one build, computed once and shared by every report's key."""

    def __init__(self, project: Any, series: Any, edition: str):
        self.project = project
        self.series = series
        self.edition = edition

    @cached_property
    def code_files(self) -> dict[str, str]:
        """Digest of every module of the azaf package, by path."""
        package = Path(__file__).resolve().parent
        return _files(package, "*.py", package.parent)

    @cached_property
    def code(self) -> str:
        """One digest of the azaf code."""
        return digest(canonical(self.code_files))

    @cached_property
    def libraries(self) -> dict[str, str]:
        """Python's and the key libraries' versions."""
        found = {"python": ".".join(map(str, sys.version_info[:3]))}
        for name in LIBRARIES:
            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                found[name] = "not installed"
        return found

    @cached_property
    def template_files(self) -> dict[str, str]:
        """Digest of every file of the report template (not the series' own pages)."""
        files = self.all_template_files
        return {k: v for k, v in files.items() if Path(k).name not in SERIES_PAGES}

    @cached_property
    def all_template_files(self) -> dict[str, str]:
        """Digest of every file of templates/azaf, the series' own pages included."""
        root = self.project.template_dir
        return _files(root, "*", root) if root.is_dir() else {}

    @cached_property
    def descriptor_file(self) -> str:
        """Digest of datapackage.json as a whole (the annex and the index read it)."""
        path = self.project.data_dir / "datapackage.json"
        return digest(path.read_bytes()) if path.is_file() else "missing"

    @cached_property
    def chromium(self) -> str:
        """The printing browser's identity: its path, size and modification time."""
        from .chromium import find_chromium

        path = find_chromium()
        if not path:
            return "none"
        real = Path(path).resolve()
        try:
            stat = real.stat()
        except OSError:
            return str(real)
        return f"{real} {stat.st_size} {int(stat.st_mtime)}"

    @cached_property
    def _descriptor(self) -> dict:
        from .data import descriptor

        return descriptor(self.project)

    @cached_property
    def package(self) -> str:
        """Digest of the data package's own description (name, version, dates, licences)."""
        return digest(canonical({k: v for k, v in self._descriptor.items() if k != "resources"}))

    @cached_property
    def _resources(self) -> dict[str, dict]:
        return {r["name"]: r for r in self._descriptor.get("resources", [])}

    def table(self, name: str) -> str:
        """Digest of one table: its description in datapackage.json and its file's bytes."""
        return self._tables.setdefault(name, self._table(name))

    @cached_property
    def _tables(self) -> dict[str, str]:
        return {}

    def _table(self, name: str) -> str:
        res = self._resources.get(name)
        if res is None:
            return "missing"
        path = self.project.data_dir / str(res.get("path", ""))
        content = path.read_bytes() if path.is_file() else b"<missing>"
        return digest(canonical(res).encode() + b"\0" + content)

    def tables(self, names: list[str]) -> dict[str, str]:
        """Digests of the named tables."""
        return {name: self.table(name) for name in sorted(names)}

    @cached_property
    def all_tables(self) -> dict[str, str]:
        """Digests of every table in the package."""
        return self.tables(list(self._resources))

    def entry(self, report: Any) -> str:
        """Digest of a report's entry in series.yml and the series' own title lines."""
        spec = {
            "series": [self.series.title, self.series.subtitle, self.series.publisher],
            "notebook": report.notebook.name,
            "title": report.title,
            "subtitle": report.subtitle,
            "summary": report.summary,
            "params": {name: vars(p) for name, p in report.params.items()},
            "rules": report.rules,
            "matrix": report.matrix,
            "defaults": report.defaults,
        }
        return digest(canonical(spec))

    def run_key(self, run: Any, tables: list[str], handed: dict[str, str] | None) -> dict:
        """Everything a report's execution depends on (tables: the ones it read last time)."""
        key = {
            "notebook": notebook_cells(run.report.notebook),
            "entry": self.entry(run.report),
            "parameters": run.params,
            "tables": self.tables(tables),
            "package": self.package,
            "edition": self.edition,
            "code": self.code,
            "libraries": self.libraries,
        }
        if handed is not None:
            key["handed"] = handed
        return key

    def render_key(self, header: Any) -> dict:
        """Everything a report's pages depend on beyond its executed notebook (header: what
        its running header is made from)."""
        return {"template": self.template_files, "header": header, "chromium": self.chromium}

    def top(self) -> dict:
        """Build-wide facts kept in the manifest so the next build can name what changed."""
        return {"code_files": self.code_files}


def _changed(old: dict, new: dict) -> list[str]:
    return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))


def _short(value: Any) -> str:
    text = canonical(value) if isinstance(value, list | dict) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _run_reasons(old: dict, new: dict, old_files: dict, new_files: dict) -> list[str]:
    reasons: list[str] = []
    if old.get("notebook") != new["notebook"]:
        reasons.append("notebook cells changed")
    if old.get("entry") != new["entry"]:
        reasons.append("its entry in series.yml changed")
    before, now = old.get("parameters") or {}, new["parameters"]
    for name in _changed(before, now):
        if name not in before:
            reasons.append(f"new parameter {name} = {_short(now[name])}")
        elif name not in now:
            reasons.append(f"parameter {name} removed")
        else:
            reasons.append(f"parameter {name} {_short(before[name])} → {_short(now[name])}")
    tables_before, tables_now = old.get("tables") or {}, new["tables"]
    for name in _changed(tables_before, tables_now):
        if tables_now.get(name) == "missing":
            reasons.append(f"data table {name} removed")
        else:
            reasons.append(f"data table {name} changed")
    if old.get("package") != new["package"]:
        reasons.append("data package description changed (datapackage.json)")
    if old.get("edition") != new["edition"]:
        reasons.append(f"edition {old.get('edition')} → {new['edition']}")
    if old.get("code") != new["code"]:
        files = _changed(old_files, new_files) if old_files else []
        named = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        reasons.append("azaf code changed" + (f" ({named})" if files else ""))
    libs_before, libs_now = old.get("libraries") or {}, new["libraries"]
    for name in _changed(libs_before, libs_now):
        reasons.append(f"{name} {libs_before.get(name, 'none')} → {libs_now.get(name, 'none')}")
    handed_before, handed_now = old.get("handed") or {}, new.get("handed") or {}
    changed = _changed(handed_before, handed_now)
    if changed:
        reasons.append("key figures handed to it changed (" + ", ".join(changed) + ")")
    return reasons


def _render_reasons(old: dict, new: dict) -> list[str]:
    reasons = []
    files = _changed(old.get("template") or {}, new["template"])
    if files:
        reasons.append(f"template changed ({', '.join(files)}): render only")
    if old.get("header") != new["header"]:
        reasons.append("running header changed: render only")
    if old.get("chromium") != new.get("chromium"):
        reasons.append("Chromium changed: render only")
    return reasons


def decide(
    prev: dict | None,
    prev_top: dict,
    run_key: dict,
    render_key: dict,
    inputs: Inputs,
    force: bool,
    outputs_kept: bool,
) -> Decision:
    """Run, re-render or reuse one report, given its previous manifest entry (or None)."""
    if force:
        return Decision(RUN, ["--force"])
    if prev is None:
        return Decision(RUN, ["not built before"])
    if prev.get("status") not in ("ok", "cached"):
        return Decision(RUN, ["it failed in the previous build"])
    keys = prev.get("cache")
    if not isinstance(keys, dict) or "execute" not in keys or "render" not in keys:
        return Decision(RUN, ["the previous build kept no cache record for it"])
    if not outputs_kept:
        return Decision(RUN, ["its outputs are missing from the previous build"])
    old_files = (prev_top.get("cache") or {}).get("code_files") or {}
    reasons = _run_reasons(keys["execute"], run_key, old_files, inputs.code_files)
    if reasons:
        return Decision(RUN, reasons)
    reasons = _render_reasons(keys["render"], render_key)
    if reasons:
        return Decision(RENDER, reasons)
    return Decision(CACHED, ["nothing it depends on changed"])


def env_for_kernels() -> dict[str, str]:
    """Environment for kernels: one BLAS/OpenMP thread each, as the workers already share cores."""
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    return {name: os.environ.get(name, "1") for name in names}
