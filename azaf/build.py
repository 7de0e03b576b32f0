"""Build the series: check inputs, execute and render reports in a pool, write the folder."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from . import __version__
from .chromium import require_chromium
from .compare import changed_figures, read_manifest
from .data import descriptor, ensure_valid, package_hash, table_names, vintage
from .errors import AzafError, ParameterError
from .execute import execute
from .params import Run, parse_set, read_params_file, resolve_runs
from .project import Project, get_project
from .records import datasets, key_figures, reviews
from .render import render_html, render_pdf
from .report import edition_label
from .series import Series, load_series

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
GOOD = ("ok", "cached")
# Reports that read the key figures the others record: built after them, handed those figures
# in a JSON file named by $AZAF_KEY_FIGURES (see azaf.topics.overview).
RUNS_LAST = ("overview",)
KEY_FIGURES_ENV = "AZAF_KEY_FIGURES"
FACTCHECK_FILE = "factcheck.csv"


@dataclass
class BuildOptions:
    """What the user asked for on the command line."""

    only: list[str] = field(default_factory=list)
    sets: list[str] = field(default_factory=list)
    params_file: Path | None = None
    name: str = "latest"
    force: bool = False
    jobs: int | None = None
    compare: Path | None = None


@dataclass
class BuildResult:
    """Where the build went and how each report ended."""

    folder: Path
    entries: list[dict]
    manifest: dict

    @property
    def ok(self) -> bool:
        """True when every report is ok or cached."""
        return all(e["status"] in GOOD for e in self.entries)


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def code_hash(project: Project) -> str:
    """A digest of the azaf package and the template: a change to either rebuilds reports."""
    # rglob: the topic modules (azaf/topics/) are code the reports run, too.
    files = sorted(Path(__file__).parent.rglob("*.py")) + sorted(project.template_dir.rglob("*"))
    return _digest(*(p.name.encode() + p.read_bytes() for p in files if p.is_file()))


def input_hash(run: Run, code: str, data: str) -> str:
    """The identity of a report's inputs: notebook, parameters, data, code and template."""
    params = json.dumps(run.params, sort_keys=True).encode()
    return _digest(run.report.notebook.read_bytes(), params, code.encode(), data.encode())


def _overrides(series: Series, opts: BuildOptions) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    if opts.params_file:
        for rid, values in read_params_file(opts.params_file).items():
            merged.setdefault(rid, {}).update(values)
    for rid, values in parse_set(opts.sets).items():
        merged.setdefault(rid, {}).update(values)
    return merged


def plan(project: Project, opts: BuildOptions) -> tuple[Series, list[Run]]:
    """Everything that can be checked before a kernel starts; raises on bad input."""
    if not NAME_PATTERN.match(opts.name):
        raise ParameterError(
            f"--name {opts.name!r}: use letters, digits, '.', '_' or '-' (e.g. 2026-q4)"
        )
    if opts.jobs is not None and opts.jobs < 1:
        raise ParameterError(f"--jobs {opts.jobs}: use a whole number of at least 1")
    series = load_series(project)
    runs = resolve_runs(series, opts.only, _overrides(series, opts))
    if opts.compare is not None:
        read_manifest(opts.compare)
    ensure_valid(project)
    require_chromium()
    return series, runs


def _outputs(run_id: str) -> dict[str, str]:
    return {
        "html": f"{run_id}.html",
        "pdf": f"{run_id}.pdf",
        "notebook": f"notebooks/{run_id}.ipynb",
    }


def _copy_outputs(entry: dict, src: Path, dst: Path) -> bool:
    files = list(entry.get("outputs", {}).values())
    if not files or not all((src / f).is_file() for f in files):
        return False
    for f in files:
        (dst / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / f, dst / f)
    return True


def _params_in_words(series: Series, run: Run) -> list[list[str]]:
    from .report import describe_params

    return [list(p) for p in describe_params(series, run.report, run.params)]


class Builder:
    """One build of the series into reports/<name>/."""

    def __init__(self, project: Project, opts: BuildOptions, echo: Callable[[str], None]):
        self.project = project
        self.opts = opts
        self.echo = echo
        self.target = project.reports_dir / opts.name
        self.staging = project.reports_dir / f".{opts.name}.building-{os.getpid()}"
        self.edition = os.environ.get("AZAF_EDITION") or _dt.date.today().isoformat()
        previous = self.target / "manifest.json"
        self.previous: dict[str, dict] = {}
        if previous.is_file():
            try:
                for entry in json.loads(previous.read_text(encoding="utf-8")).get("reports", []):
                    self.previous[entry["id"]] = entry
            except (ValueError, KeyError):
                self.previous = {}

    def run(self) -> BuildResult:
        """Plan, execute, render, write the index, volume and manifest, then swap folders."""
        series, runs = plan(self.project, self.opts)
        data_hash = package_hash(self.project)
        code = code_hash(self.project)
        os.environ.update(
            {
                "AZAF_PROJECT": str(self.project.root),
                "AZAF_EDITION": self.edition,
                "PYDEVD_DISABLE_FILE_VALIDATION": "1",
                "JUPYTER_PLATFORM_DIRS": "1",
            }
        )
        shutil.rmtree(self.staging, ignore_errors=True)
        (self.staging / "notebooks").mkdir(parents=True)
        jobs = self.opts.jobs or os.cpu_count() or 1
        self.echo(f"Building {len(runs)} report(s) into {self.target} with {jobs} worker(s)")
        started = time.perf_counter()
        done: dict[str, dict] = {}
        first = [run for run in runs if run.report.id not in RUNS_LAST]
        last = [run for run in runs if run.report.id in RUNS_LAST]
        try:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                self._run_batch(pool, series, first, code, data_hash, done)
                if last:
                    handoff = self._write_key_figures(series, runs, done)
                    os.environ[KEY_FIGURES_ENV] = str(handoff)
                    # The figures handed over are an input of these reports: a change to them
                    # must rebuild them rather than reuse a cached copy.
                    # Only the figures count: the topic reports' status (ok or cached) and
                    # build times change from build to build without changing the overview.
                    handed = json.loads(handoff.read_text(encoding="utf-8"))["reports"]
                    figures = [(r["id"], r["key_figures"]) for r in handed]
                    inputs = data_hash + _digest(json.dumps(figures, default=str).encode())
                    self._run_batch(pool, series, last, code, inputs, done)
            entries = self._collect(series, runs, done)
            _echo_reviews(entries, self.echo)
            manifest = self._manifest(series, entries, data_hash, time.perf_counter() - started)
            if self.opts.compare is not None:
                old = read_manifest(self.opts.compare)
                manifest["compare"] = {
                    "with": str(self.opts.compare),
                    "built_at": old.get("built_at"),
                    "changes": changed_figures(old, entries),
                }
            self._write_extras(series, manifest)
            self._swap()
        finally:
            os.environ.pop(KEY_FIGURES_ENV, None)
            shutil.rmtree(self.staging, ignore_errors=True)
        return BuildResult(self.target, entries, manifest)

    def _run_batch(
        self, pool: Any, series: Series, runs: list[Run], code: str, inputs: str, done: dict
    ) -> None:
        """Build runs in the pool and wait for all of them."""
        futures = {
            pool.submit(self._build_one, series, run, input_hash(run, code, inputs)): run
            for run in runs
        }
        for future in as_completed(futures):
            entry = future.result()
            done[entry["id"]] = entry
            self.echo(
                f"  {entry['status']:<7} {entry['id']:<28} {entry['duration_s']:>6.1f} s"
                + (f"  {entry['error']}" if entry.get("error") else "")
            )

    def _write_key_figures(self, series: Series, runs: list[Run], done: dict) -> Path:
        """The key figures of the other reports of this build, for the overview to show.

        Reports built now give theirs; reports not asked for this time give those of the
        previous build, which _collect carries over into this one.
        """
        built = {run.report.id for run in runs}
        reports = []
        for report in series.reports.values():
            if report.id in RUNS_LAST:
                continue
            if report.id in built:
                entries = [done[run.id] for run in runs if run.report.id == report.id]
            else:
                entries = [
                    prev
                    for prev in self.previous.values()
                    if prev.get("report") == report.id and prev.get("status") in GOOD
                ]
            for entry in entries:
                reports.append(
                    {
                        k: entry.get(k)
                        for k in ("id", "report", "title", "variant", "status", "outputs")
                    }
                    | {"key_figures": entry.get("key_figures") or []}
                )
        path = self.staging / ".key-figures.json"
        path.write_text(
            json.dumps({"edition": self.edition, "reports": reports}, indent=1, default=str),
            encoding="utf-8",
        )
        return path

    def _build_one(self, series: Series, run: Run, digest: str) -> dict:
        t0 = time.perf_counter()
        outputs = _outputs(run.id)
        entry: dict[str, Any] = {
            "id": run.id,
            "report": run.report.id,
            "title": run.report.title,
            "summary": run.report.summary,
            "notebook": str(run.report.notebook.relative_to(self.project.root)),
            "parameters": run.params,
            "parameters_in_words": _params_in_words(series, run),
            "variant": run.variant,
            "edition_label": edition_label(run.variant, self.project),
            "input_hash": digest,
            "outputs": outputs,
        }
        prev = self.previous.get(run.id)
        if (
            not self.opts.force
            and prev
            and prev.get("status") in GOOD
            and prev.get("input_hash") == digest
            and _copy_outputs(prev, self.target, self.staging)
        ):
            entry.update(
                {k: prev.get(k) for k in ("key_figures", "datasets", "warnings", "review")}
            )
            entry.update(
                status="cached",
                built_at=prev.get("built_at"),
                duration_s=round(time.perf_counter() - t0, 2),
            )
            return entry
        try:
            nb_path = self.staging / outputs["notebook"]
            nb = execute(run.report.notebook, nb_path, run.params, self.project.notebooks_dir)
            nb.metadata["azaf"] = {
                "id": run.id,
                "report": run.report.id,
                "title": run.report.title,
                "series": series.title,
                "parameters": run.params,
                "edition": self.edition,
            }
            nbformat.write(nb, str(nb_path))
            html, resources = render_html(nb, self.project.root / "templates")
            (self.staging / outputs["html"]).write_text(html, encoding="utf-8")
            header = " · ".join(
                part for part in (series.title, run.report.title, entry["edition_label"]) if part
            )
            pdf = render_pdf(html, header)
            (self.staging / outputs["pdf"]).write_bytes(pdf)
            entry.update(
                status="ok",
                built_at=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                key_figures=key_figures(nb),
                datasets=datasets(nb),
                review=reviews(nb),
                warnings=[w.strip() for w in resources.get("azaf_stderr", []) if w.strip()],
            )
        except Exception as exc:  # one failed report must not stop the others
            message = str(exc) if isinstance(exc, AzafError) else f"{type(exc).__name__}: {exc}"
            entry.update(status="failed", error=message.splitlines()[0][:500] if message else "")
            for f in outputs.values():
                (self.staging / f).unlink(missing_ok=True)
            if (
                prev
                and prev.get("status") in GOOD
                and _copy_outputs(prev, self.target, self.staging)
            ):
                entry["kept_previous"] = prev.get("built_at") or True
                entry["key_figures"] = prev.get("key_figures", [])
            else:
                entry["outputs"] = {}
        entry["duration_s"] = round(time.perf_counter() - t0, 2)
        return entry

    def _collect(self, series: Series, runs: list[Run], done: dict[str, dict]) -> list[dict]:
        """Entries in series order; reports not asked for this time are carried over."""
        entries: list[dict] = []
        built_reports = {run.report.id for run in runs}
        for report in series.reports.values():
            if report.id in built_reports:
                entries += [done[run.id] for run in runs if run.report.id == report.id]
                continue
            for prev in self.previous.values():
                if prev.get("report") == report.id and _copy_outputs(
                    prev, self.target, self.staging
                ):
                    entries.append({**prev, "status": "cached", "carried_over": True})
        return entries

    def _manifest(
        self, series: Series, entries: list[dict], data_hash: str, seconds: float
    ) -> dict:
        desc = descriptor(self.project)
        return {
            "series": series.title,
            "name": self.opts.name,
            "edition": self.edition,
            "built_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "azaf_version": __version__,
            "duration_s": round(seconds, 2),
            "data": {
                "name": desc.get("name"),
                "version": desc.get("version"),
                "vintage": vintage(self.project),
                "hash": data_hash,
            },
            "reports": entries,
        }

    def _write_extras(self, series: Series, manifest: dict) -> None:
        from .factcheck import write_csv
        from .index import write_index
        from .volume import write_volume

        # The fact check reads data/ only: written whatever became of the kernels.
        if "brief_claims" in table_names(self.project):
            manifest["factcheck"] = write_csv(self.staging / FACTCHECK_FILE, self.project)
        (self.staging / ".key-figures.json").unlink(missing_ok=True)
        volume = write_volume(self.staging, series, manifest, self.project.template_dir)
        manifest["volume"] = volume
        write_index(self.project, self.staging, series, manifest)
        (self.staging / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n",
            encoding="utf-8",
        )

    def _swap(self) -> None:
        """Replace reports/<name>/ only now that the new folder is complete."""
        old = self.project.reports_dir / f".{self.opts.name}.old-{os.getpid()}"
        if self.target.exists():
            self.target.rename(old)
        self.staging.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)


def _echo_reviews(entries: list[dict], echo: Callable[[str], None]) -> None:
    """Say which key judgements a report flagged because their condition no longer holds."""
    for entry in entries:
        for item in entry.get("review") or []:
            echo(
                f"  review  {entry['id']:<28} judgement '{item.get('id', '')}' no longer "
                f"holds: {item.get('reason', '')}"
            )


def build(
    opts: BuildOptions, project: Project | None = None, echo: Callable[[str], None] = print
) -> BuildResult:
    """Build the series (or part of it) as the options say."""
    return Builder(project or get_project(), opts, echo).run()
