"""The parameter contract: coerce and check values before any kernel starts."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    create_model,
)

from .errors import ParameterError
from .series import ParamSpec, Report, Series, shorten

_OPS = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "!=": lambda a, b: a != b,
}
_TYPE_WORDS = {
    "int": "an integer",
    "float": "a number",
    "str": "a text value",
    "bool": "true or false",
    "list[str]": "a list of text values (comma-separated on the command line)",
    "list[int]": "a list of integers (comma-separated on the command line)",
}


@dataclass(frozen=True)
class Run:
    """One report to build: a report (or matrix variant) with fully resolved parameters."""

    id: str
    report: Report
    params: dict[str, Any]
    variant: dict[str, Any]


def describe_allowed(series: Series, spec: ParamSpec) -> str:
    """What a parameter accepts, in words (used in errors and `azaf list`)."""
    words = _TYPE_WORDS[spec.type]
    allowed = series.allowed_values(spec)
    if allowed is not None:
        shown = ", ".join(map(str, allowed[:40])) + (" …" if len(allowed) > 40 else "")
        words += f", one of: {shown}" if not spec.type.startswith("list") else f", each of: {shown}"
    if spec.min is not None and spec.max is not None:
        words += f", from {spec.min} to {spec.max}"
    elif spec.min is not None:
        words += f", at least {spec.min}"
    elif spec.max is not None:
        words += f", at most {spec.max}"
    return words


def _fail(
    report: Report, spec: ParamSpec, value: Any, series: Series, why: str = "", quoted: bool = False
) -> None:
    # Long values are quoted shortened, and once: `why` may already quote the value.
    what = why if quoted else f"got {shorten(value)}" + (f" ({why})" if why else "")
    raise ParameterError(
        f"report '{report.id}', parameter '{spec.name}': {what}; "
        f"allowed: {describe_allowed(series, spec)}"
    )


def _coerce_scalar(kind: str, value: Any) -> Any:
    if kind == "int":
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
            return int(value)
        raise ValueError
    if kind == "float":
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            return float(value)
        raise ValueError
    if kind == "str":
        if isinstance(value, str):
            return value.strip()
        raise ValueError
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false", "yes", "no"}:
            return value.lower() in {"true", "yes"}
        raise ValueError
    raise ValueError


def coerce(series: Series, report: Report, name: str, value: Any) -> Any:
    """Turn a value (from YAML or the command line) into the parameter's type, and check it."""
    spec = report.params.get(name)
    if spec is None:
        raise ParameterError(
            f"report '{report.id}': unknown parameter '{name}'; "
            f"its parameters are: {', '.join(report.params) or 'none'}"
        )
    try:
        if spec.type.startswith("list["):
            if isinstance(value, str) and value.strip().startswith("["):
                value = yaml.safe_load(value)
            items = value.split(",") if isinstance(value, str) else value
            if not isinstance(items, list | tuple):
                raise ValueError
            inner = spec.type[5:-1]
            result: Any = [_coerce_scalar(inner, v) for v in items if v != ""]
        else:
            result = _coerce_scalar(spec.type, value)
    except (ValueError, TypeError):
        _fail(report, spec, value, series, f"not {_TYPE_WORDS[spec.type]}")
    values = result if isinstance(result, list) else [result]
    if isinstance(result, list):
        if not result and not spec.allow_empty:
            _fail(report, spec, value, series, "an empty list; give at least one value")
        seen: set = set()
        for v in result:
            if v in seen:
                _fail(report, spec, value, series, f"{shorten(v)} is given twice")
            seen.add(v)
    allowed = series.allowed_values(spec)
    for v in values:
        if allowed is not None and v not in allowed:
            _fail(report, spec, value, series, f"{shorten(v)} is not allowed", quoted=True)
        if spec.min is not None and v < spec.min:
            _fail(report, spec, value, series, f"below the minimum {spec.min}")
        if spec.max is not None and v > spec.max:
            _fail(report, spec, value, series, f"above the maximum {spec.max}")
    return result


def check_rules(report: Report, params: dict[str, Any]) -> None:
    """Check combinations such as start_year <= end_year."""
    for left, op, right in report.rules:
        if not _OPS[op](params[left], params[right]):
            raise ParameterError(
                f"report '{report.id}': {left}={params[left]!r} and {right}={params[right]!r} "
                f"do not satisfy {left} {op} {right}"
            )


def parse_set(items: list[str]) -> dict[str, dict[str, str]]:
    """Parse repeated `--set ID.param=value` options into {id: {param: raw value}}."""
    out: dict[str, dict[str, str]] = {}
    for item in items:
        m = re.fullmatch(r"\s*([a-z][a-z0-9_]*)\.(\w+)\s*=(.*)", item)
        if not m:
            raise ParameterError(
                f"--set {item!r}: write it as ID.param=value, e.g. --set trade.start_year=2015"
            )
        out.setdefault(m.group(1), {})[m.group(2)] = m.group(3).strip()
    return out


def params_file_model(series: Series) -> type[BaseModel]:
    """The schema of a --params file for this series: report ids, then their parameters."""
    value = (
        StrictStr | StrictInt | StrictFloat | StrictBool | list[StrictStr | StrictInt | StrictFloat]
    )
    config = ConfigDict(extra="forbid")
    fields: dict[str, Any] = {}
    for report in series.reports.values():
        inner = create_model(  # type: ignore[call-overload]
            f"Parameters of {report.id}",
            __config__=config,
            **{name: (value | None, Field(None, alias=name)) for name in report.params},
        )
        fields[report.id] = (inner | None, Field(None, alias=report.id))
    return create_model("Parameters file", __config__=config, **fields)  # type: ignore[call-overload]


def read_params_file(path: Path, series: Series | None = None) -> dict[str, dict[str, Any]]:
    """Read a --params YAML file: {report id: {param: value}}, checked against the series."""
    example = "e.g.\ntrade:\n  start_year: 2015"
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError:
        raise ParameterError(
            f"--params {path}: not a text file; give a UTF-8 YAML file, {example}"
        ) from None
    except IsADirectoryError:
        raise ParameterError(f"--params {path}: is a folder; give a YAML file, {example}") from None
    except FileNotFoundError:
        raise ParameterError(f"--params {path}: no such file") from None
    except PermissionError:
        raise ParameterError(f"--params {path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise ParameterError(f"--params {path}: cannot read it ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ParameterError(f"--params {path}: not valid YAML{at} ({problem})") from None
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise ParameterError(
            f"--params {path}: expected a mapping of report ids to mappings of parameters, "
            + example
        )
    if series is not None:
        model = params_file_model(series)
        try:
            model.model_validate(raw)
        except ValidationError as exc:
            raise ParameterError(_params_file_errors(series, raw, exc, path)) from None
    return raw


def _params_file_errors(series: Series, raw: dict, exc: ValidationError, path: Path) -> str:
    lines = []
    for err in exc.errors():
        loc = err["loc"]
        if err["type"] == "extra_forbidden" and len(loc) == 1:
            lines.append(
                f"--params {path}: unknown report {shorten(loc[0])}; "
                f"allowed keys (the series' reports): {', '.join(series.reports)}"
            )
        elif err["type"] == "extra_forbidden":
            report = series.reports[str(loc[0])]
            lines.append(
                f"--params {path}: report '{loc[0]}': unknown parameter {shorten(loc[1])}; "
                f"allowed keys: {', '.join(report.params)}"
            )
        else:
            place = ".".join(str(p) for p in loc[:2])
            lines.append(
                f"--params {path}: {place}: expected a value or a list of values "
                f"(got {shorten(err.get('input'))})"
            )
    return "\n".join(dict.fromkeys(lines))


def _slug(value: Any) -> str:
    text = "-".join(map(str, value)) if isinstance(value, list) else str(value)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def resolve_runs(
    series: Series,
    only: list[str] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> list[Run]:
    """Expand the series (or `only` reports) into runs with checked parameters."""
    overrides = overrides or {}
    for rid in list(only or []) + list(overrides):
        series.get(rid)
    selected = [series.get(r) for r in only] if only else list(series.reports.values())
    # Values given for reports outside --only are checked all the same (and then not used):
    # a mistake in a parameters file must not wait for the day its report is built.
    chosen = {report.id for report in selected}
    checked = selected + [series.get(rid) for rid in overrides if rid not in chosen]
    runs: list[Run] = []
    for report in checked:
        base = {name: spec.default for name, spec in report.params.items()}
        for name, value in report.defaults.items():
            base[name] = coerce(series, report, name, value)
        given = {
            name: coerce(series, report, name, value)
            for name, value in overrides.get(report.id, {}).items()
        }
        matrix = {k: v for k, v in report.matrix.items() if k not in given}
        combos = list(itertools.product(*matrix.values())) if matrix else [()]
        for combo in combos:
            variant = {
                name: coerce(series, report, name, value)
                for name, value in zip(matrix, combo, strict=True)
            }
            params = {**base, **variant, **given}
            check_rules(report, params)
            run_id = report.id + "".join(f"-{_slug(v)}" for v in variant.values())
            runs.append(Run(run_id, report, params, variant))
    return [run for run in runs if run.report.id in chosen]
