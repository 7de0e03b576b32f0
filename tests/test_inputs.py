"""Bad input is refused before any kernel starts, naming what was wrong and what is allowed:
series.yml and parameter files against their schemas, every value checked whether or not its
report is built, unreadable files, long values shortened."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from azaf.cli import main


def _edit_series(project: Path, change) -> None:
    path = project / "series.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), "utf-8")


def _build(capsys, *args: str) -> tuple[int, str]:
    code = main(["build", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.err


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda r: r["reports"][0].update(parameter=r["reports"][0].pop("parameters")),
            "series.yml: reports[0] (demo): unknown key 'parameter'; allowed keys: id, notebook, "
            "title, subtitle, summary, parameters, rules, matrix, defaults, timeout",
        ),
        (
            lambda r: r.update(titel="x"),
            "series.yml: the top level: unknown key 'titel'; allowed keys: title, subtitle, "
            "publisher, timeout, data, authors, licence, url, reports",
        ),
        (
            lambda r: r["reports"][0]["parameters"]["country"].update(alowed=["AFG"]),
            "series.yml: reports[0] (demo).parameters.country: unknown key 'alowed'; allowed "
            "keys: allowed, allowed_from, min, max, label, allow_empty",
        ),
        (
            lambda r: r["reports"][0].update(timeout=-1),
            "series.yml: reports[0] (demo).timeout: input should be greater than or equal to 0",
        ),
        (
            lambda r: r["reports"][0].update(title=["not", "text"]),
            "series.yml: reports[0] (demo).title: input should be a valid string",
        ),
        (
            lambda r: r.update(data={"stale_after_month": 3}),
            "series.yml: data: unknown key 'stale_after_month'; allowed keys: stale_after_months",
        ),
    ],
)
def test_series_yml_is_checked_against_its_schema(mini, capsys, change, message):
    _edit_series(mini, change)
    code, err = _build(capsys)
    assert code == 2
    assert message in err
    assert not (mini / "reports").exists()
    assert main(["validate"]) == 2


def test_a_long_value_in_series_yml_is_quoted_shortened(mini, capsys):
    _edit_series(mini, lambda r: r["reports"][0].update(subtitle=["x" * 10_000]))
    code, err = _build(capsys)
    assert code == 2
    assert "(got ['xxxxxxxx" in err and "… (1 item)" in err
    assert len(err) < 400


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "not a text file; give a UTF-8 YAML file"),
        (b"demo: [\n", "not valid YAML at line 2, column 1"),
        (b"- a\n- b\n", "expected a mapping of report ids to mappings of parameters"),
        (
            b"dmeo:\n  country: AFG\n",
            "unknown report 'dmeo'; allowed keys (the series' reports): demo",
        ),
        (
            b"demo:\n  contry: AFG\n",
            "report 'demo': unknown parameter 'contry'; "
            "allowed keys: country, start_year, end_year",
        ),
        (b"demo:\n  country: {a: 1}\n", "demo.country: expected a value or a list of values"),
    ],
)
def test_a_bad_parameters_file_is_named_with_what_is_wrong(mini, capsys, content, message):
    path = mini / "params.yml"
    path.write_bytes(content)
    code, err = _build(capsys, "--params", str(path))
    assert code == 2
    assert f"--params {path}: {message}" in err
    assert not (mini / "reports").exists()


def test_a_parameters_file_that_is_a_folder_or_missing_is_named(mini, capsys):
    code, err = _build(capsys, "--params", str(mini))
    assert code == 2 and f"--params {mini}: is a folder" in err
    code, err = _build(capsys, "--params", str(mini / "nope.yml"))
    assert code == 2 and f"--params {mini / 'nope.yml'}: no such file" in err


def test_values_for_reports_outside_only_are_checked_too(mini, capsys):
    add = lambda r: r["reports"].append(dict(r["reports"][0], id="other", matrix={}))  # noqa: E731
    _edit_series(mini, add)
    path = mini / "params.yml"
    path.write_text("other:\n  start_year: 1800\n", encoding="utf-8")
    code, err = _build(capsys, "--only", "demo", "--params", str(path))
    assert code == 2
    assert "report 'other', parameter 'start_year': got 1800 (below the minimum 2000)" in err
    code, err = _build(capsys, "--only", "demo", "--set", "other.end_year=abc")
    assert code == 2 and "report 'other', parameter 'end_year': got 'abc'" in err
    assert not (mini / "reports").exists()


def test_list_parameters_refuse_duplicates_and_empty_lists(mini, capsys):
    from azaf.params import coerce
    from azaf.project import get_project
    from azaf.series import ParamSpec, load_series

    series = load_series(get_project(mini))
    report = series.reports["demo"]
    report.params["countries"] = ParamSpec(
        "countries", "list[str]", ["AFG"], "", "Countries", allowed=("AFG", "AZE")
    )
    with pytest.raises(Exception, match="'AFG' is given twice"):
        coerce(series, report, "countries", "AFG,AZE,AFG")
    with pytest.raises(Exception, match="an empty list; give at least one value"):
        coerce(series, report, "countries", "")
    with pytest.raises(Exception, match="an empty list"):
        coerce(series, report, "countries", [])
    assert coerce(series, report, "countries", "AZE, AFG") == ["AZE", "AFG"]
    report.params["countries"] = ParamSpec(
        "countries", "list[str]", [], "", "Countries", allowed=("AFG",), allow_empty=True
    )
    assert coerce(series, report, "countries", []) == []


def test_a_long_parameter_value_is_quoted_once_and_shortened(mini, capsys):
    code, err = _build(capsys, "--set", "demo.country=" + "X" * 10_000)
    assert code == 2
    assert "report 'demo', parameter 'country': 'XXXXXXXX" in err
    assert "… (10000 characters) is not allowed; allowed: a text value, one of: AFG, AZE" in err
    assert len(re.findall("X+", err)) == 1 and len(err) < 300


def test_bad_build_options_are_refused(mini, capsys):
    code, err = _build(capsys, "--timeout", "-5")
    assert code == 2 and "--timeout -5.0: give the seconds a report may run (0: no limit)" in err
    code, err = _build(capsys, "--jobs", "0")
    assert code == 2 and "--jobs 0" in err


def test_a_binary_series_yml_is_named(mini, capsys):
    (mini / "series.yml").write_bytes(b"\x00\xff\xfe\x89binary")
    code, err = _build(capsys)
    assert code == 2 and "series.yml: not a text file (expected UTF-8 YAML)" in err
