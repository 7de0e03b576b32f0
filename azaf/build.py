"""Build the series: check inputs, execute and render reports in a pool, write the folder."""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, browser, cache, reads
from .chromium import require_chromium
from .compare import changed_figures, read_manifest
from .data import descriptor, ensure_valid, package_hash, table_names, vintage
from .edition import resolve_edition
from .environment import versions
from .errors import AzafError, EnvironmentProblem, ParameterError, os_error_words
from .execute import require_kernel
from .lock import build_lock
from .manifest import join_run_facts, split_run_facts
from .params import Run, parse_set, read_params_file, resolve_runs
from .pool import AHEAD, KernelPool
from .project import Project, get_project
from .series import Series, load_series
from .signals import check as check_stop
from .signals import end_children, stop_on_signals, stopping

# jsonschema (imported by nbformat and frictionless) imports rfc3987_syntax when it is installed,
# which compiles a grammar for its "iri" format check at import: 1.3 s on an idle machine and
# far more on a busy one, in every process. No schema azaf validates against uses that format,
# and neither nbformat nor frictionless checks formats, so the build does without it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]

# The heavy stack (nbformat, papermill, nbconvert, pandas, matplotlib) is imported inside the
# functions that execute or render a report: a build with nothing to do never loads it.

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
GOOD = ("ok", "cached")
# Reports that read the key figures the others record: built after them, handed those figures
# in a JSON file named by $AZAF_KEY_FIGURES (see azaf.topics.overview).
RUNS_LAST = ("overview",)
# The overview's companions: reports it gathers no figure from (azaf.topics.overview's
# NOT_GATHERED), so it starts without waiting for them and they run beside it.
NOT_HANDED = ("factcheck",)
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
    explain: bool = False
    timeout: float | None = None  # seconds per report; None: series.yml's setting
    wait: bool = False  # wait for another build into the same folder instead of refusing
    edition: str | None = None  # YYYY-MM-DD; None: $SOURCE_DATE_EPOCH or the data version


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


def input_hash(keys: dict) -> str:
    """One digest of everything a report's outputs depend on (its cache keys)."""
    return _digest(cache.canonical(keys).encode())


def _overrides(series: Series, opts: BuildOptions) -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    if opts.params_file:
        for rid, values in read_params_file(opts.params_file, series).items():
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
    if opts.timeout is not None and not opts.timeout >= 0:
        raise ParameterError(
            f"--timeout {opts.timeout}: give the seconds a report may run (0: no limit)"
        )
    series = load_series(project)
    runs = resolve_runs(series, opts.only, _overrides(series, opts))
    if opts.compare is not None:
        read_manifest(opts.compare)
    ensure_valid(project, remember=not opts.explain)
    _check_editorial(project)
    require_chromium()
    require_kernel()
    return series, runs


def _check_editorial(project: Project) -> None:
    """The brief's editorial file, checked before any kernel starts (when the project has one)."""
    from .judgements import EDITORIAL_FILE, validate

    if (project.root / EDITORIAL_FILE).is_file():
        from .topics.brief_figures import NAMES

        validate(project.root, NAMES)


def _outputs(run_id: str) -> dict[str, str]:
    return {
        "html": f"{run_id}.html",
        "pdf": f"{run_id}.pdf",
        "notebook": f"notebooks/{run_id}.ipynb",
    }


def _outputs_kept(entry: dict | None, folder: Path) -> bool:
    files = list((entry or {}).get("outputs", {}).values())
    return bool(files) and all((folder / f).is_file() for f in files)


def _link_or_copy(src: Path, dst: Path) -> None:
    # A hard link costs nothing and is safe: outputs are written once as new files, never
    # modified in place, and the old folder is removed only after the swap.
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _copy_outputs(entry: dict, src: Path, dst: Path) -> bool:
    if not _outputs_kept(entry, src):
        return False
    for f in entry["outputs"].values():
        _link_or_copy(src / f, dst / f)
    return True


def _annex_facts(nb: Any) -> dict:
    """What the annex and the index need from a report: methods, sources, judgements."""
    from .records import judgements, sources_and_methods

    found = sources_and_methods(nb)
    return {
        "methods": found.get("methods", ""),
        "sources": list(found.get("sources", [])),
        "judgements": judgements(nb),
    }


def _short_tmp() -> str | None:
    """The temporary folder, unless its path is too long for the Unix sockets Chromium makes
    in it (108 bytes with the names it adds): then /tmp."""
    base = tempfile.gettempdir()
    if len(base) <= 40 or not os.access("/tmp", os.W_OK):
        return base
    return "/tmp"


def failure_words(exc: BaseException) -> str:
    """Why a report failed, in one line for the summary and the manifest."""
    if isinstance(exc, AzafError):
        return str(exc)
    if isinstance(exc, OSError):
        return os_error_words(exc, "could not write the report")
    return f"{type(exc).__name__}: {exc}"


@contextlib.contextmanager
def worker_pool(jobs: int) -> Iterator[ThreadPoolExecutor]:
    """A pool of report workers that, when the build is interrupted, drops queued reports and
    gives running ones a few seconds to unwind (their kernels and Chromium are gone)."""
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        end_children()
        deadline = time.monotonic() + 2.5
        for thread in list(getattr(pool, "_threads", ())):
            thread.join(max(0.0, deadline - time.monotonic()))
        raise
    pool.shutdown(wait=True)


def report_timeout(series: Series, run: Run, opts: BuildOptions) -> float | None:
    """Seconds the report may execute: --timeout, else its own setting, else the series'."""
    from .execute import DEFAULT_TIMEOUT_S

    for value in (opts.timeout, run.report.timeout, series.timeout):
        if value is not None:
            return float(value) or None  # 0 means no limit
    return float(DEFAULT_TIMEOUT_S)


def failed_notebook_path(run_id: str) -> str:
    """Where a failed report's executed notebook (with its traceback) is kept."""
    return f"notebooks/{run_id}.failed.ipynb"


def keep_failed_notebook(staging: Path, run_id: str, exc: BaseException) -> str | None:
    """Write the executed notebook of a failed report beside the good outputs, for debugging."""
    nb = getattr(exc, "notebook", None)
    if nb is None:
        return None
    import nbformat

    path = failed_notebook_path(run_id)
    (staging / path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(staging / path))
    return path


def _params_in_words(series: Series, run: Run) -> list[list[str]]:
    from .report import describe_params

    return [list(p) for p in describe_params(series, run.report, run.params)]


@dataclass
class Job:
    """One report of this build: its run, its previous entry, its cache keys and the decision."""

    run: Run
    prev: dict | None
    execute_key: dict
    render_key: dict
    decision: cache.Decision


def _input_facts(manifest: dict, drop: tuple[str, ...] = ()) -> dict:
    """The manifest without what describes the run (times, durations, cache notes): what the
    index and the volume are made from. ok and cached read the same on them."""
    facts = {
        k: v
        for k, v in manifest.items()
        if k not in ("built_at", "duration_s", "cache", "run", *drop)
    }
    facts["data"] = {k: v for k, v in (manifest.get("data") or {}).items() if k != "hash"}
    facts["reports"] = [
        {k: v for k, v in entry.items() if k not in cache.RUN_FACTS}
        | {"status": "good" if entry.get("status") in GOOD else entry.get("status")}
        for entry in manifest.get("reports", [])
    ]
    return facts


def _handed(reports: list[dict]) -> dict[str, str]:
    """What the overview is handed, as one digest per report: its key figures."""
    return {r["id"]: cache.digest(cache.canonical(r.get("key_figures") or [])) for r in reports}


class Builder:
    """One build of the series into reports/<name>/."""

    def __init__(self, project: Project, opts: BuildOptions, echo: Callable[[str], None]):
        self.project = project
        self.opts = opts
        self.echo = echo
        self.target = project.reports_dir / opts.name
        self.staging = project.reports_dir / f".{opts.name}.building-{os.getpid()}"
        self.lock: Any = None
        self.edition, self.edition_source = resolve_edition(opts.edition, project.data_dir)
        self.previous: dict[str, dict] = {}
        self.previous_manifest: dict = {}
        self._load_previous()
        self.inputs: cache.Inputs | None = None
        self.kernels: KernelPool | None = None

    # -- what to do -------------------------------------------------------------------------

    def _job(self, series: Series, run: Run, handed: dict[str, str] | None = None) -> Job:
        """Compute a report's cache keys and decide whether to run, re-render or reuse it."""
        assert self.inputs is not None
        prev = self.previous.get(run.id)
        read_before = ((prev or {}).get("cache") or {}).get("execute", {}).get("tables") or {}
        execute_key = self.inputs.run_key(run, list(read_before), handed)
        render_key = self.inputs.render_key([series.title, run.report.title, run.variant])
        decision = cache.decide(
            prev,
            self.previous_manifest,
            execute_key,
            render_key,
            self.inputs,
            self.opts.force,
            _outputs_kept(prev, self.target),
        )
        return Job(run, prev, execute_key, render_key, decision)

    def _split(self, runs: list[Run]) -> tuple[list[Run], list[Run]]:
        return (
            [run for run in runs if run.report.id not in RUNS_LAST],
            [run for run in runs if run.report.id in RUNS_LAST],
        )

    def _predicted_last(self, series: Series, runs: list[Run], first: list[Job]) -> list[Job]:
        """The overview's jobs, assuming reports that run hand over their previous figures."""
        done = {job.run.id: job.prev or {"id": job.run.id} for job in first}
        handed = _handed(self._handoff_reports(series, runs, done))
        return [self._job(series, run, handed) for run in self._split(runs)[1]]

    def _factcheck_key(self, tables: list[str]) -> str:
        assert self.inputs is not None
        return cache.digest(
            cache.canonical(
                {
                    "tables": self.inputs.tables(tables),
                    "package": self.inputs.package,
                    "code": self.inputs.code,
                    "libraries": self.inputs.libraries,
                }
            )
        )

    @staticmethod
    def _templates_of(what: str, files: dict[str, str]) -> dict[str, str]:
        """The template files the index or the volume is made from (not the other's page)."""
        other = "volume_front.html.j2" if what == "index" else "series_index.html.j2"
        return {k: v for k, v in files.items() if Path(k).name != other}

    def _extras_key(self, what: str, manifest: dict, folder: Path) -> str:
        """The identity of the index's or the volume's inputs."""
        assert self.inputs is not None
        parts: dict[str, Any] = {
            "what": what,
            "manifest": _input_facts(manifest, drop=("volume",) if what == "volume" else ()),
            "templates": self._templates_of(what, self.inputs.all_template_files),
            "code": self.inputs.code,
            "descriptor": self.inputs.descriptor_file,
            "chromium": self.inputs.chromium if what == "volume" else "",
        }
        if what == "volume":
            parts["pdfs"] = {
                e["id"]: cache.digest((folder / e["outputs"]["pdf"]).read_bytes())
                for e in manifest.get("reports", [])
                if e.get("outputs", {}).get("pdf") and (folder / e["outputs"]["pdf"]).is_file()
            }
        return cache.digest(cache.canonical(parts))

    def _extras_decisions(self, jobs: list[Job], ids_same: bool) -> dict[str, cache.Decision]:
        """Whether the fact check, the volume and the index must be rewritten, and why."""
        assert self.inputs is not None
        prev = self.previous_manifest
        keys = prev.get("cache") or {}
        out: dict[str, cache.Decision] = {}
        if "brief_claims" in table_names(self.project):
            tables = keys.get("factcheck_tables")
            if self.opts.force:
                out["fact check"] = cache.Decision(cache.RUN, ["--force"])
            elif tables is None or not (self.target / FACTCHECK_FILE).is_file():
                out["fact check"] = cache.Decision(cache.RUN, ["not written before"])
            elif self._factcheck_key(list(tables)) != keys.get("factcheck"):
                now = self.inputs.tables(list(tables))
                reasons = [f"data table {n} changed" for n in sorted(now) if now[n] != tables[n]]
                out["fact check"] = cache.Decision(cache.RUN, reasons or ["its inputs changed"])
            else:
                out["fact check"] = cache.Decision(cache.CACHED, ["its tables are unchanged"])
        changed = [job.run.id for job in jobs if job.decision.action != cache.CACHED]
        for what, file in (("volume", prev.get("volume")), ("index", "index.html")):
            reasons = []
            if self.opts.force:
                reasons.append("--force")
            if changed:
                reasons.append(", ".join(changed) + " rebuilt")
            if not ids_same:
                reasons.append("the set of reports changed")
            if what == "index" and out.get("fact check", cache.Decision("")).action == cache.RUN:
                reasons.append("the fact check may change")
            if not file or not (self.target / file).is_file():
                reasons.append("not written before")
            elif not reasons and self._extras_key(what, prev, self.target) != keys.get(what):
                before = self._templates_of(what, keys.get("templates") or {})
                now = self._templates_of(what, self.inputs.all_template_files)
                files = sorted(n for n in set(before) | set(now) if before.get(n) != now.get(n))
                reasons.append(
                    f"template changed ({', '.join(files)})" if files else "its inputs changed"
                )
            out[what] = (
                cache.Decision(cache.RUN, reasons)
                if reasons
                else cache.Decision(cache.CACHED, ["nothing it shows changed"])
            )
        return out

    def _expected_ids(self, series: Series, runs: list[Run]) -> list[str]:
        built = {run.report.id for run in runs}
        ids: list[str] = []
        for report in series.reports.values():
            if report.id in built:
                ids += [run.id for run in runs if run.report.id == report.id]
            else:
                ids += [
                    p["id"]
                    for p in self.previous.values()
                    if p.get("report") == report.id and _outputs_kept(p, self.target)
                ]
        return ids

    def _plan_all(
        self, series: Series, runs: list[Run]
    ) -> tuple[list[Job], list[Job], dict[str, cache.Decision], bool]:
        first = [self._job(series, run) for run in self._split(runs)[0]]
        last = self._predicted_last(series, runs, first)
        ids_same = self._expected_ids(series, runs) == [
            e.get("id") for e in self.previous_manifest.get("reports", [])
        ]
        extras = self._extras_decisions(first + last, ids_same)
        return first, last, extras, ids_same

    def explain(self) -> list[tuple[str, cache.Decision]]:
        """For every report and the series' own files: run or cached, and why (nothing runs)."""
        series, runs = plan(self.project, self.opts)
        self.inputs = cache.Inputs(self.project, series, self.edition)
        first, last, extras, _ = self._plan_all(series, runs)
        running = [job.run.id for job in first if job.decision.action == cache.RUN]
        lines = [(job.run.id, job.decision) for job in first]
        for job in last:
            decision = job.decision
            if decision.action == cache.CACHED and running:
                decision = cache.Decision(
                    cache.CACHED,
                    [
                        "unless the key figures of "
                        + ", ".join(running)
                        + " change (they run first)"
                    ],
                )
            lines.append((job.run.id, decision))
        order = {run.id: i for i, run in enumerate(runs)}
        lines.sort(key=lambda line: order[line[0]])
        words = {cache.RUN: "rewrite", cache.CACHED: "keep"}
        return lines + [
            (name, cache.Decision(words[d.action], d.reasons)) for name, d in extras.items()
        ]

    def _nothing_to_do(self, series: Series, runs: list[Run], data_hash: str) -> list[dict] | None:
        """The entries of the previous build when it is up to date in every respect."""
        prev = self.previous_manifest
        if self.opts.force or self.opts.compare is not None or "compare" in prev:
            return None
        if prev.get("edition") != self.edition or (prev.get("data") or {}).get("hash") != data_hash:
            return None
        if not (self.target / "manifest.json").is_file():
            return None
        first, last, extras, ids_same = self._plan_all(series, runs)
        jobs = first + last
        if not ids_same or any(job.decision.action != cache.CACHED for job in jobs):
            return None
        if any(d.action != cache.CACHED for d in extras.values()):
            return None
        return [{**e, "status": "cached", "duration_s": 0.0} for e in prev.get("reports", [])]

    # -- the build --------------------------------------------------------------------------

    def _load_previous(self) -> None:
        """The manifest of the build now in reports/<name>/, if any."""
        previous = self.target / "manifest.json"
        self.previous, self.previous_manifest = {}, {}
        if previous.is_file():
            try:
                self.previous_manifest = join_run_facts(
                    json.loads(previous.read_text(encoding="utf-8"))
                )
                for entry in self.previous_manifest.get("reports", []):
                    self.previous[entry["id"]] = entry
            except (ValueError, KeyError, TypeError, AttributeError):
                self.previous, self.previous_manifest = {}, {}

    def run(self) -> BuildResult:
        """Plan, then, holding the folder's lock, build (or find nothing to do)."""
        series, runs = plan(self.project, self.opts)
        with (
            stop_on_signals(),
            build_lock(self.project.reports_dir, self.opts.name, self.opts.wait, self.echo) as lock,
        ):
            self.lock = lock
            # A build waited for (--wait) may have replaced the folder meanwhile.
            self._load_previous()
            return self._run_planned(series, runs)

    def _run_planned(self, series: Series, runs: list[Run]) -> BuildResult:
        """Execute, render, write the index, volume and manifest, then swap folders."""
        data_hash = package_hash(self.project)
        self.inputs = cache.Inputs(self.project, series, self.edition)
        unchanged = self._nothing_to_do(series, runs, data_hash)
        if unchanged is not None:
            self.echo(
                f"Nothing changed since the build of {self.previous_manifest.get('built_at')}: "
                f"{self.target} is up to date"
            )
            _echo_reviews(unchanged, self.echo)
            return BuildResult(self.target, unchanged, self.previous_manifest)
        os.environ.update(
            {
                "AZAF_PROJECT": str(self.project.root),
                "AZAF_EDITION": self.edition,
                "PYDEVD_DISABLE_FILE_VALIDATION": "1",
                "JUPYTER_PLATFORM_DIRS": "1",
                **cache.env_for_kernels(),
            }
        )
        with self._scratch():
            return self._run_locked(series, runs, data_hash)

    def _run_locked(self, series: Series, runs: list[Run], data_hash: str) -> BuildResult:
        """The build proper, holding the folder's lock, in its own scratch space."""
        try:
            shutil.rmtree(self.staging, ignore_errors=True)
            (self.staging / "notebooks").mkdir(parents=True)
        except OSError as exc:
            raise EnvironmentProblem(
                os_error_words(exc, f"cannot write {self.staging.parent}")
            ) from None
        # Known from the start, so that a kernel warmed ahead for the overview has it too; the
        # file is written once the reports it summarises are done.
        os.environ[KEY_FIGURES_ENV] = str(self.staging / ".key-figures.json")
        jobs = self.opts.jobs or os.cpu_count() or 1
        self.echo(f"Building {len(runs)} report(s) into {self.target} with {jobs} worker(s)")
        started = time.perf_counter()
        done: dict[str, dict] = {}
        first, last = self._split(runs)
        try:
            with (
                browser.shared(),
                worker_pool(jobs) as pool,
                ThreadPoolExecutor(max_workers=1) as side,
            ):
                expected = self._kernels_expected(series, runs)
                printer = browser.active()
                if printer is not None and expected:
                    # Chromium starts while the first kernels boot, not when the first PDF
                    # is due (both workers then waited about a second for it).
                    printer.warm()
                if expected > 1:
                    # One kernel ready per worker, up to the pool's cap (memory).
                    self.kernels = KernelPool(
                        self.project.notebooks_dir, expected, depth=min(jobs, AHEAD)
                    )
                # The fact check reads data/ only: written whatever became of the kernels, in a
                # thread of its own so that it costs no time after the last report.
                factcheck = (
                    side.submit(self._factcheck)
                    if "brief_claims" in table_names(self.project)
                    else None
                )
                gathered = [run for run in first if run.report.id not in NOT_HANDED]
                companions = [run for run in first if run.report.id in NOT_HANDED]
                # Companions queue behind the reports the overview waits for, and may still
                # run while it does.
                pending = self._submit(
                    pool,
                    series,
                    self._longest_first(series, gathered) + self._longest_first(series, companions),
                )
                self._wait(
                    {f: j for f, j in pending.items() if j.run.report.id not in NOT_HANDED}, done
                )
                if last:
                    handoff = self._write_key_figures(series, runs, done)
                    # The figures handed over are an input of these reports: a change to them
                    # must rebuild them rather than reuse a cached copy.
                    # Only the figures count: the topic reports' status (ok or cached) and
                    # build times change from build to build without changing the overview.
                    handed = _handed(json.loads(handoff.read_text(encoding="utf-8"))["reports"])
                    pending.update(
                        self._submit(pool, series, [self._job(series, r, handed) for r in last])
                    )
                self._wait(
                    {
                        f: j
                        for f, j in pending.items()
                        if j.run.id not in done and j.run.report.id not in RUNS_LAST
                    },
                    done,
                )
                # While the overview still runs, the volume's other parts are measured (one
                # print, on the core the overview leaves free), so the volume prints once.
                lengths = (
                    side.submit(self._part_lengths, series, runs, done)
                    if any(j.run.id not in done for j in pending.values())
                    else None
                )
                self._wait({f: j for f, j in pending.items() if j.run.id not in done}, done)
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
                # Inside the block: the volume prints with the same browser as the reports.
                try:
                    self._write_extras(series, manifest, factcheck, lengths)
                except OSError as exc:
                    raise EnvironmentProblem(
                        os_error_words(exc, f"cannot write the build into {self.target}")
                    ) from None
            check_stop()
            try:
                self._swap()
            except OSError as exc:
                raise EnvironmentProblem(
                    os_error_words(exc, f"cannot write the build into {self.target}")
                ) from None
        finally:
            if self.kernels is not None:
                if stopping():
                    # Interrupted: its kernels are already ended; waiting for their orderly
                    # shutdown (or for one still starting) would take longer than allowed.
                    end_children(grace=0.5)
                else:
                    self.kernels.close()
                self.kernels = None
            os.environ.pop(KEY_FIGURES_ENV, None)
            shutil.rmtree(self.staging, ignore_errors=True)
        return BuildResult(self.target, entries, manifest)

    def _kernels_expected(self, series: Series, runs: list[Run]) -> int:
        """How many reports of this build will start a kernel (the overview counted when the
        figures handed to it may change)."""
        first = [self._job(series, run) for run in self._split(runs)[0]]
        running = sum(job.decision.action == cache.RUN for job in first)
        last = self._split(runs)[1]
        if running:
            return running + len(last)
        predicted = self._predicted_last(series, runs, first)
        return sum(job.decision.action == cache.RUN for job in predicted)

    def _longest_first(self, series: Series, runs: list[Run]) -> list[Job]:
        """Jobs to run, those that took longest last time first, so that no long report starts
        last while the other workers sit idle."""
        jobs = [self._job(series, run) for run in runs]

        def cost(job: Job) -> float:
            if job.decision.action == cache.CACHED:
                return 0.0  # a copy: out of the way at once
            seconds = ((job.prev or {}).get("cache") or {}).get("seconds")
            return float(seconds) if seconds else float("inf")

        return sorted(jobs, key=lambda job: -cost(job))

    @contextlib.contextmanager
    def _scratch(self) -> Iterator[Path]:
        """Temporary files of this build (Chromium's profile and pages, kernels' connection
        files) in one temporary folder, removed whatever happens (or, after a kill, by the
        next build, which finds it named in the stale lock)."""
        try:
            scratch = Path(
                tempfile.mkdtemp(prefix=f"azaf-{self.opts.name[:12]}-", dir=_short_tmp())
            )
            (scratch / "runtime").mkdir()
        except OSError as exc:
            raise EnvironmentProblem(
                os_error_words(exc, "cannot create a temporary folder (set TMPDIR to another)")
            ) from None
        if self.lock is not None:
            self.lock.note(scratch=str(scratch))
        saved = {k: os.environ.get(k) for k in ("TMPDIR", "JUPYTER_RUNTIME_DIR")}
        saved_tempdir = tempfile.tempdir
        os.environ["TMPDIR"] = str(scratch)
        os.environ["JUPYTER_RUNTIME_DIR"] = str(scratch / "runtime")
        tempfile.tempdir = str(scratch)
        try:
            yield scratch
        finally:
            tempfile.tempdir = saved_tempdir
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            shutil.rmtree(scratch, ignore_errors=True)

    def _submit(self, pool: Any, series: Series, jobs: list[Job]) -> dict[Any, Job]:
        """Queue jobs in the pool, in the order given."""
        return {pool.submit(self._build_one, series, job): job for job in jobs}

    def _wait(self, futures: dict[Any, Job], done: dict) -> None:
        """Wait for the given jobs, noting and announcing each as it ends."""
        for future in as_completed(futures):
            entry = future.result()
            done[entry["id"]] = entry
            self.echo(
                f"  {entry['status']:<7} {entry['id']:<28} {entry['duration_s']:>6.1f} s"
                + (f"  {entry['error']}" if entry.get("error") else "")
            )

    def _handoff_reports(self, series: Series, runs: list[Run], done: dict) -> list[dict]:
        """The other reports' entries as handed to the overview.

        Reports built now give theirs; reports not asked for this time give those of the
        previous build, which _collect carries over into this one.
        """
        built = {run.report.id for run in runs}
        reports = []
        for report in series.reports.values():
            if report.id in RUNS_LAST or report.id in NOT_HANDED:
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
        return reports

    def _write_key_figures(self, series: Series, runs: list[Run], done: dict) -> Path:
        """The key figures of the other reports of this build, for the overview to show."""
        reports = self._handoff_reports(series, runs, done)
        path = self.staging / ".key-figures.json"
        path.write_text(
            json.dumps({"edition": self.edition, "reports": reports}, indent=1, default=str),
            encoding="utf-8",
        )
        return path

    def _build_one(self, series: Series, job: Job) -> dict:
        t0 = time.perf_counter()
        run, prev = job.run, job.prev
        if stopping():
            return {
                "id": run.id,
                "report": run.report.id,
                "status": "failed",
                "error": "interrupted",
                "duration_s": 0.0,
            }
        outputs = _outputs(run.id)
        entry: dict[str, Any] = {
            "id": run.id,
            "report": run.report.id,
            "title": run.report.title,
            "summary": run.report.summary,
            "notebook": str(run.report.notebook.relative_to(self.project.root)),
            "parameters": run.params,
            "variant": run.variant,
            "outputs": outputs,
        }
        keys = {"execute": job.execute_key, "render": job.render_key}
        notes = {"decision": job.decision.action, "reasons": job.decision.reasons}
        if (
            job.decision.action == cache.CACHED
            and prev
            and _copy_outputs(prev, self.target, self.staging)
        ):
            # Everything the previous build found out about this report still holds.
            entry = {**prev, **entry}
            seconds = (prev.get("cache") or {}).get("seconds")
            entry.update(
                status="cached",
                input_hash=input_hash(keys),
                cache=keys | notes | {"seconds": seconds},
                duration_s=round(time.perf_counter() - t0, 2),
            )
            entry.pop("carried_over", None)
            return entry
        entry["parameters_in_words"] = _params_in_words(series, run)
        from .report import edition_label

        entry["edition_label"] = edition_label(run.variant, self.project)
        try:
            import nbformat

            from .records import datasets, key_figures, reviews
            from .render import document_info, render_html, render_pdf

            nb_path = self.staging / outputs["notebook"]
            if job.decision.action == cache.RENDER and prev:
                # Only the page changed: the executed notebook of the last build is reused.
                _link_or_copy(self.target / prev["outputs"]["notebook"], nb_path)
                nb = nbformat.read(str(nb_path), as_version=4)
            else:
                from .execute import execute

                km = self.kernels.take() if self.kernels is not None else None
                try:
                    nb = execute(
                        run.report.notebook,
                        nb_path,
                        run.params,
                        self.project.notebooks_dir,
                        km=km,
                        timeout=report_timeout(series, run, self.opts),
                    )
                finally:
                    if km is not None and self.kernels is not None:
                        self.kernels.release(km)
                nb.metadata["azaf"] = {
                    "id": run.id,
                    "report": run.report.id,
                    "title": run.report.title,
                    "series": series.title,
                    "parameters": run.params,
                    "edition": self.edition,
                }
                nbformat.write(nb, str(nb_path))
                assert self.inputs is not None
                keys["execute"] = job.execute_key | {
                    "tables": self.inputs.tables(reads.from_notebook(nb))
                }
            html, resources = render_html(nb, self.project.root / "templates")
            (self.staging / outputs["html"]).write_text(html, encoding="utf-8")
            header = " · ".join(
                part for part in (series.title, run.report.title, entry["edition_label"]) if part
            )
            info = document_info(series, run.report, self.edition, entry["edition_label"])
            pdf = render_pdf(html, header, info=info)
            (self.staging / outputs["pdf"]).write_bytes(pdf)
            entry.update(
                status="ok",
                built_at=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                key_figures=key_figures(nb),
                datasets=datasets(nb),
                review=reviews(nb),
                # For the series' annex: each report's methods and the sources it cited.
                **_annex_facts(nb),
                warnings=[w.strip() for w in resources.get("azaf_stderr", []) if w.strip()],
            )
        except Exception as exc:  # one failed report must not stop the others
            message = failure_words(exc)
            entry.update(status="failed", error=message.splitlines()[0][:500] if message else "")
            if isinstance(exc, EnvironmentProblem | OSError):
                entry["error_kind"] = "environment"
            for f in outputs.values():
                (self.staging / f).unlink(missing_ok=True)
            kept = keep_failed_notebook(self.staging, run.id, exc)
            if kept:
                entry["failed_notebook"] = kept
            if (
                prev
                # A report that failed before kept the good outputs of an earlier build:
                # they stay the last good ones until it builds again.
                and (prev.get("status") in GOOD or prev.get("kept_previous"))
                and _copy_outputs(prev, self.target, self.staging)
            ):
                entry["kept_previous"] = prev.get("built_at") or prev.get("kept_previous") or True
                entry["key_figures"] = prev.get("key_figures", [])
            else:
                entry["outputs"] = {}
        entry["input_hash"] = input_hash(keys)
        entry["duration_s"] = round(time.perf_counter() - t0, 2)
        # How long the work took, kept through cached builds: the next build starts the
        # longest reports first.
        entry["cache"] = keys | notes | {"seconds": entry["duration_s"]}
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
                    failed = prev.get("failed_notebook")
                    if failed and (self.target / failed).is_file():
                        shutil.copy2(self.target / failed, self.staging / failed)
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
            "edition_from": self.edition_source,
            "built_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "azaf_version": __version__,
            "versions": versions(self.project.root, require_chromium()),
            "duration_s": round(seconds, 2),
            "data": {
                "name": desc.get("name"),
                "version": desc.get("version"),
                "vintage": vintage(self.project),
                "hash": data_hash,
            },
            "reports": entries,
        }

    def _reuse(self, name: str | None, key: str, what: str) -> bool:
        """Link the previous build's file into staging when its inputs are unchanged."""
        prev_keys = self.previous_manifest.get("cache") or {}
        if self.opts.force or not name or prev_keys.get(what) != key:
            return False
        if not (self.target / name).is_file():
            return False
        _link_or_copy(self.target / name, self.staging / name)
        return True

    def _factcheck(self) -> tuple[dict, list[str], str]:
        """Write the fact check (or reuse the previous one): its summary, tables read and key."""
        prev = self.previous_manifest
        names = list((prev.get("cache") or {}).get("factcheck_tables") or {})
        key = self._factcheck_key(names) if names else ""
        if names and prev.get("factcheck") and self._reuse(FACTCHECK_FILE, key, "factcheck"):
            return prev["factcheck"], names, key
        from .factcheck import write_csv

        with reads.tracking() as seen:
            summary = write_csv(self.staging / FACTCHECK_FILE, self.project)
        names = sorted(seen)
        return summary, names, self._factcheck_key(names)

    def _part_lengths(self, series: Series, runs: list[Run], done: dict) -> dict[str, int]:
        """The volume's page count of each report built so far (azaf.volume.part_lengths);
        {} when they cannot be measured (the volume then measures as it prints)."""
        from .volume import part_lengths

        built = [done[run.id] for run in runs if run.id in done and done[run.id].get("outputs")]
        try:
            return part_lengths(
                self.staging,
                series,
                {"reports": built, "edition": self.edition},
                self.project.template_dir,
            )
        except Exception:  # a head start only: the volume measures as it prints
            return {}

    def _write_extras(
        self, series: Series, manifest: dict, factcheck: Any = None, lengths: Any = None
    ) -> None:
        """The fact check, the volume and the index, each rewritten only if its inputs changed
        (factcheck: the future of _factcheck, which reads data/ only and runs beside the
        reports; lengths: the future of _part_lengths, or None)."""
        assert self.inputs is not None
        prev = self.previous_manifest
        keys: dict[str, Any] = {
            "code_files": self.inputs.code_files,
            "templates": self.inputs.all_template_files,
        }
        if factcheck is not None:
            summary, names, key = factcheck.result()
            manifest["factcheck"] = summary
            keys.update(factcheck=key, factcheck_tables=self.inputs.tables(names))
        (self.staging / ".key-figures.json").unlink(missing_ok=True)
        # The annex is cheap to write, and the volume ends with it: always written, first.
        from .annex import write_annex

        manifest["annex"] = write_annex(self.project, self.staging, series, manifest)
        key = self._extras_key("volume", manifest, self.staging)
        if prev.get("volume") and self._reuse(prev["volume"], key, "volume"):
            manifest["volume"] = prev["volume"]
        else:
            from .volume import write_volume

            try:
                measured = lengths.result() if lengths is not None else None
                manifest["volume"] = write_volume(
                    self.staging, series, manifest, self.project.template_dir, measured
                )
            except (AzafError, OSError) as exc:
                # The reports and their manifest still count without the volume: say why it
                # is missing rather than lose the whole build.
                manifest["volume"] = None
                manifest["volume_error"] = failure_words(exc)
                self.echo(f"  the volume was not written: {manifest['volume_error']}")
        keys["volume"] = key
        key = self._extras_key("index", manifest, self.staging)
        if not self._reuse("index.html", key, "index"):
            from .index import write_index

            write_index(self.project, self.staging, series, manifest)
        keys["index"] = key
        manifest["cache"] = keys
        (self.staging / "manifest.json").write_text(
            json.dumps(split_run_facts(manifest), indent=2, ensure_ascii=False, default=str) + "\n",
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


def explain(opts: BuildOptions, project: Project | None = None) -> list[tuple[str, cache.Decision]]:
    """What a build with these options would do, and why; starts no kernel, writes nothing."""
    opts.explain = True
    return Builder(project or get_project(), opts, print).explain()
