"""The series.yml model: reports, their parameter contracts, matrices and defaults."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
)

from .errors import SeriesError
from .notebook_params import DeclaredParameter, read_parameters
from .project import Project

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
RULE_PATTERN = re.compile(r"^\s*(\w+)\s*(<=|<|>=|>|!=)\s*(\w+)\s*$")


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
    allow_empty: bool = False  # a list parameter may be given as an empty list


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
    timeout: float | None = None  # seconds its execution may take; None: the series' setting


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
    timeout: float | None = None  # seconds a report's execution may take; None: the default
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


# ------------------------------------------------------------------ the schema of series.yml


class _Strict(BaseModel):
    """Every key must be known: a typo such as `parameter:` is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", strict=False)


class ConstraintsEntry(_Strict):
    """What series.yml may say about one parameter."""

    allowed: list[StrictStr | StrictInt | StrictFloat | StrictBool] | None = None
    allowed_from: Annotated[str, StringConstraints(pattern=r"^\w+\.\w+$")] | None = None
    min: StrictInt | StrictFloat | None = None
    max: StrictInt | StrictFloat | None = None
    label: StrictStr | None = None
    allow_empty: StrictBool = False


Seconds = Annotated[float, Field(ge=0)]


class ReportEntry(_Strict):
    """One report's entry in series.yml."""

    id: StrictStr
    notebook: Annotated[StrictStr, StringConstraints(min_length=1)]
    title: Annotated[StrictStr, StringConstraints(min_length=1)]
    subtitle: StrictStr = ""
    summary: StrictStr = ""
    parameters: dict[StrictStr, ConstraintsEntry | None] = {}
    rules: list[StrictStr] = []
    matrix: dict[StrictStr, Annotated[list[Any], Field(min_length=1)]] = {}
    defaults: dict[StrictStr, Any] = {}
    timeout: Seconds | None = None


class DataEntry(_Strict):
    """series.yml's settings about data/ (read by azaf.status)."""

    stale_after_months: Annotated[StrictInt, Field(ge=1)] = 18


class SeriesFile(_Strict):
    """series.yml as a whole."""

    title: StrictStr = "azaf"
    subtitle: StrictStr = ""
    publisher: StrictStr = ""
    timeout: Seconds | None = None
    data: DataEntry | None = None
    # The colophon (citation block, PDF metadata); _colophon checks their finer shape.
    authors: StrictStr | list[StrictStr] | None = None
    licence: StrictStr | dict[StrictStr, StrictStr] | None = None
    url: StrictStr | None = None
    reports: Annotated[list[ReportEntry], Field(min_length=1)]


def shorten(value: Any, limit: int = 60) -> str:
    """A value as it is quoted in a message, cut to `limit` characters.

    Example:
        >>> shorten("x" * 1000)
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (1000 characters)"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    if isinstance(value, str):
        size = f"{len(value)} characters"
    elif isinstance(value, list | tuple | dict):
        size = f"{len(value)} item{'s' if len(value) != 1 else ''}"
    else:
        size = f"{len(text)} characters"
    return f"{text[: limit - 4]}… ({size})"


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that owns the last key of `loc` (to list the keys it allows)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field_info = current.model_fields.get(str(part))
            if field_info is not None:
                current = _inner_model(field_info.annotation)
            # otherwise `part` is a key of a mapping (a parameter's name): same model
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside list[...], dict[..., ...] or X | None, if any."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _where(raw: Any, loc: tuple) -> str:
    """'reports[1] (trade).parameters.reporter' for a location in the raw YAML."""
    parts: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            rid = (
                node[part].get("id")
                if isinstance(node, list) and isinstance(node[part], dict)
                else None
            )
            parts[-1] += f"[{part}]" + (f" ({rid})" if isinstance(rid, str) else "")
        else:
            parts.append(str(part))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts)


def schema_errors(model: type[BaseModel], raw: Any, exc: ValidationError, what: str) -> str:
    """A pydantic ValidationError in words: where, what was wrong, what is allowed."""
    lines = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if p not in ("function-after", "function-plain"))
        place = _where(raw, loc) or "the top level"
        if err["type"] == "extra_forbidden":
            place = _where(raw, loc[:-1]) or "the top level"
            owner = _model_at(model, loc)
            allowed = ", ".join(owner.model_fields) if owner else "see the documentation"
            lines.append(f"{what}: {place}: unknown key '{loc[-1]}'; allowed keys: {allowed}")
        elif err["type"] == "missing":
            lines.append(f"{what}: {place}: missing; it is required")
        else:
            got = shorten(err.get("input"))
            lines.append(f"{what}: {place}: {err['msg'].lower()} (got {got})")
    return "\n".join(lines[:10]) + (f"\n… and {len(lines) - 10} more" if len(lines) > 10 else "")


# ------------------------------------------------------------------------- building the model


def _build_param(declared: DeclaredParameter, constraints: ConstraintsEntry | None) -> ParamSpec:
    c = constraints or ConstraintsEntry()
    return ParamSpec(
        name=declared.name,
        type=declared.type,
        default=declared.default,
        description=declared.description,
        label=c.label or _label(declared.name, declared.description),
        allowed=tuple(c.allowed) if c.allowed is not None else None,
        allowed_from=c.allowed_from,
        min=c.min,
        max=c.max,
        allow_empty=c.allow_empty,
    )


def _build_report(project: Project, raw: ReportEntry, index: int) -> Report:
    rid = raw.id
    if not ID_PATTERN.match(rid):
        raise SeriesError(
            f"series.yml: reports[{index}] has id {shorten(rid)}; an id is lower-case letters, "
            "digits and underscores, starting with a letter"
        )
    notebook = project.root / raw.notebook
    if not notebook.is_file():
        raise SeriesError(f"series.yml: report '{rid}': notebook {raw.notebook} does not exist")
    declared = {p.name: p for p in read_parameters(notebook)}
    for name in raw.parameters:
        if name not in declared:
            raise SeriesError(
                f"series.yml: report '{rid}' constrains parameter '{name}', which its notebook "
                f"does not declare; it declares: {', '.join(declared) or 'nothing'}"
            )
    params = {name: _build_param(d, raw.parameters.get(name)) for name, d in declared.items()}
    rules = []
    for rule in raw.rules:
        m = RULE_PATTERN.match(str(rule))
        if not m or m.group(1) not in params or m.group(3) not in params:
            raise SeriesError(
                f"series.yml: report '{rid}' rule {shorten(rule)}: write `a <= b` (or <, >=, >, "
                f"!=) with two of its parameters ({', '.join(params)})"
            )
        rules.append((m.group(1), m.group(2), m.group(3)))
    for name in raw.matrix:
        if name not in params:
            raise SeriesError(
                f"series.yml: report '{rid}' matrix '{name}' must name one of its parameters "
                f"({', '.join(params)}) and list at least one value"
            )
    for name in raw.defaults:
        if name not in params:
            raise SeriesError(
                f"series.yml: report '{rid}' sets a default for unknown '{name}'; "
                f"its parameters are: {', '.join(params)}"
            )
    return Report(
        id=rid,
        notebook=notebook,
        title=raw.title,
        subtitle=raw.subtitle,
        summary=raw.summary,
        params=params,
        rules=rules,
        matrix=dict(raw.matrix),
        defaults=dict(raw.defaults),
        timeout=raw.timeout,
    )


def load_series(project: Project) -> Series:
    """Read and check series.yml (and each notebook's parameters cell)."""
    try:
        raw = yaml.safe_load(project.series_file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SeriesError("series.yml: not a text file (expected UTF-8 YAML)") from None
    except (OSError, yaml.YAMLError) as exc:
        raise SeriesError(f"series.yml: cannot read it ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("reports"), list):
        raise SeriesError("series.yml: expected a mapping with a 'reports' list")
    try:
        parsed = SeriesFile.model_validate(raw)
    except ValidationError as exc:
        raise SeriesError(schema_errors(SeriesFile, raw, exc, "series.yml")) from None
    reports: dict[str, Report] = {}
    for i, item in enumerate(parsed.reports):
        report = _build_report(project, item, i)
        if report.id in reports:
            raise SeriesError(f"series.yml: report id '{report.id}' appears twice")
        reports[report.id] = report
    return Series(
        project=project,
        title=parsed.title,
        subtitle=parsed.subtitle,
        publisher=parsed.publisher,
        reports=reports,
        **_colophon(raw),
        timeout=parsed.timeout,
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
