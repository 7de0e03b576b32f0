"""The series.yml model: reports, their parameter contracts, matrices and defaults."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import SeriesError
from .notebook_params import DeclaredParameter, read_parameters
from .project import Project

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
RULE_PATTERN = re.compile(r"^\s*(\w+)\s*(<=|<|>=|>|!=)\s*(\w+)\s*$")
CONSTRAINT_KEYS = {"allowed", "allowed_from", "min", "max", "label"}


@dataclass(frozen=True)
class ParamSpec:
    """The contract of one parameter: declared type and default plus series.yml constraints."""

    name: str
    type: str
    default: Any
    description: str
    label: str
    allowed: tuple | None = None
    allowed_from: str | None = None
    min: float | None = None
    max: float | None = None


@dataclass
class Report:
    """One report of the series: its notebook and parameter contract."""

    id: str
    notebook: Path
    title: str
    subtitle: str
    summary: str
    params: dict[str, ParamSpec]
    rules: list[tuple[str, str, str]] = field(default_factory=list)
    matrix: dict[str, list[Any]] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)


@dataclass
class Series:
    """The whole series as series.yml declares it, in series order."""

    project: Project
    title: str
    subtitle: str
    publisher: str
    reports: dict[str, Report]
    # For the citation block and PDF metadata: who wrote it, under what licence, where.
    authors: list[str] = field(default_factory=list)
    licence: dict[str, str] = field(default_factory=dict)
    url: str = ""
    _allowed: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def get(self, report_id: str) -> Report:
        """The report with this id, or a SeriesError naming the known ids."""
        try:
            return self.reports[report_id]
        except KeyError:
            raise SeriesError(
                f"unknown report '{report_id}'; the series has: {', '.join(self.reports)}"
            ) from None

    def allowed_values(self, spec: ParamSpec) -> tuple | None:
        """The values a parameter may take, reading data/ where the contract says so."""
        if spec.allowed is not None:
            return spec.allowed
        if spec.allowed_from is None:
            return None
        if spec.allowed_from not in self._allowed:
            self._allowed[spec.allowed_from] = read_column(self.project, spec.allowed_from)
        return self._allowed[spec.allowed_from]


def read_column(project: Project, ref: str) -> tuple[str, ...]:
    """Distinct values of `table.column` in data/, sorted."""
    table, _, column = ref.partition(".")
    path = project.data_dir / f"{table}.csv"
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            # csv.reader with the column's position: DictReader builds a dict per row, which
            # costs `azaf list` a quarter of a second on the refugees table.
            reader = csv.reader(fh)
            header = next(reader, [])
            if column not in header:
                raise SeriesError(
                    f"series.yml: allowed_from '{ref}': {path} has no column '{column}'"
                )
            at = header.index(column)
            return tuple(sorted({row[at] for row in reader if len(row) > at and row[at]}))
    except OSError as exc:
        raise SeriesError(f"series.yml: allowed_from '{ref}': cannot read {path} ({exc})") from exc


def _label(name: str, description: str) -> str:
    if description:
        return description[0].upper() + description[1:].split(";")[0].rstrip(".")
    return name.replace("_", " ").capitalize()


def _build_param(declared: DeclaredParameter, constraints: dict, where: str) -> ParamSpec:
    unknown = set(constraints) - CONSTRAINT_KEYS
    if unknown:
        raise SeriesError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"allowed keys: {', '.join(sorted(CONSTRAINT_KEYS))}"
        )
    allowed = constraints.get("allowed")
    return ParamSpec(
        name=declared.name,
        type=declared.type,
        default=declared.default,
        description=declared.description,
        label=constraints.get("label") or _label(declared.name, declared.description),
        allowed=tuple(allowed) if allowed is not None else None,
        allowed_from=constraints.get("allowed_from"),
        min=constraints.get("min"),
        max=constraints.get("max"),
    )


def _build_report(project: Project, raw: Any, index: int) -> Report:
    if not isinstance(raw, dict):
        raise SeriesError(f"series.yml: reports[{index}] must be a mapping")
    rid = raw.get("id")
    if not isinstance(rid, str) or not ID_PATTERN.match(rid):
        raise SeriesError(
            f"series.yml: reports[{index}] has id {rid!r}; an id is lower-case letters, "
            "digits and underscores, starting with a letter"
        )
    for key in ("notebook", "title"):
        if not raw.get(key):
            raise SeriesError(f"series.yml: report '{rid}' has no '{key}'")
    notebook = project.root / raw["notebook"]
    if not notebook.is_file():
        raise SeriesError(f"series.yml: report '{rid}': notebook {raw['notebook']} does not exist")
    declared = {p.name: p for p in read_parameters(notebook)}
    constraints = raw.get("parameters") or {}
    for name in constraints:
        if name not in declared:
            raise SeriesError(
                f"series.yml: report '{rid}' constrains parameter '{name}', which its notebook "
                f"does not declare; it declares: {', '.join(declared) or 'nothing'}"
            )
    params = {
        name: _build_param(d, constraints.get(name) or {}, f"series.yml: {rid}.{name}")
        for name, d in declared.items()
    }
    rules = []
    for rule in raw.get("rules") or []:
        m = RULE_PATTERN.match(str(rule))
        if not m or m.group(1) not in params or m.group(3) not in params:
            raise SeriesError(
                f"series.yml: report '{rid}' rule {rule!r}: write `a <= b` (or <, >=, >, !=) "
                f"with two of its parameters ({', '.join(params)})"
            )
        rules.append((m.group(1), m.group(2), m.group(3)))
    matrix = raw.get("matrix") or {}
    for name, values in matrix.items():
        if name not in params or not isinstance(values, list) or not values:
            raise SeriesError(
                f"series.yml: report '{rid}' matrix '{name}' must name one of its parameters "
                "and list at least one value"
            )
    defaults = raw.get("defaults") or {}
    for name in defaults:
        if name not in params:
            raise SeriesError(f"series.yml: report '{rid}' sets a default for unknown '{name}'")
    return Report(
        id=rid,
        notebook=notebook,
        title=raw["title"],
        subtitle=raw.get("subtitle", ""),
        summary=raw.get("summary", ""),
        params=params,
        rules=rules,
        matrix=matrix,
        defaults=defaults,
    )


def load_series(project: Project) -> Series:
    """Read and check series.yml (and each notebook's parameters cell)."""
    try:
        raw = yaml.safe_load(project.series_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SeriesError(f"series.yml: cannot read it ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("reports"), list):
        raise SeriesError("series.yml: expected a mapping with a 'reports' list")
    reports: dict[str, Report] = {}
    for i, item in enumerate(raw["reports"]):
        report = _build_report(project, item, i)
        if report.id in reports:
            raise SeriesError(f"series.yml: report id '{report.id}' appears twice")
        reports[report.id] = report
    return Series(
        project=project,
        title=raw.get("title", "azaf"),
        subtitle=raw.get("subtitle", ""),
        publisher=raw.get("publisher", ""),
        reports=reports,
        **_colophon(raw),
    )


def _colophon(raw: dict) -> dict[str, Any]:
    """Authors, licence and address of the series, checked (they reach every cover)."""
    authors = raw.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise SeriesError("series.yml: 'authors' must be a name or a list of names")
    licence = raw.get("licence") or {}
    if isinstance(licence, str):
        licence = {"name": licence}
    if not isinstance(licence, dict) or not all(
        k in {"name", "title", "path"} and isinstance(v, str) for k, v in licence.items()
    ):
        raise SeriesError(
            "series.yml: 'licence' must be an identifier (e.g. CC-BY-4.0) or a mapping "
            "with name, title and path"
        )
    url = raw.get("url") or ""
    if not isinstance(url, str) or (url and not re.match(r"^https?://", url)):
        raise SeriesError("series.yml: 'url' must be an http or https address")
    return {"authors": list(authors), "licence": dict(licence), "url": url}
