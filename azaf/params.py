"""The parameter contract: coerce and check values before any kernel starts."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ParameterError
from .series import ParamSpec, Report, Series

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


def _fail(report: Report, spec: ParamSpec, value: Any, series: Series, why: str = "") -> None:
    reason = f" ({why})" if why else ""
    raise ParameterError(
        f"report '{report.id}', parameter '{spec.name}': got {value!r}{reason}; "
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
    allowed = series.allowed_values(spec)
    for v in values:
        if allowed is not None and v not in allowed:
            _fail(report, spec, value, series, f"{v!r} is not allowed")
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


def read_params_file(path: Path) -> dict[str, dict[str, Any]]:
    """Read a --params YAML file: {report id: {param: value}}."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ParameterError(f"--params {path}: cannot read it ({exc})") from exc
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise ParameterError(
            f"--params {path}: expected a mapping of report ids to mappings of parameters, "
            "e.g.\ntrade:\n  start_year: 2015"
        )
    return raw


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
    runs: list[Run] = []
    for report in selected:
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
    return runs
