"""Unit tests of the parameter contract: parsing, coercion, ranges, rules, messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from azaf.errors import ParameterError, ProjectError, SeriesError
from azaf.notebook_params import parse_parameters
from azaf.params import coerce, parse_set, read_params_file, resolve_runs
from azaf.project import get_project
from azaf.series import load_series


def test_parse_parameters_reads_types_defaults_and_descriptions():
    params = parse_parameters(
        'start_year: int = 2010  # first year shown\nhosts: list[str] = ["AZE", "TUR"]\n'
        'label: str = "a # b"  # text with a hash\n'
    )
    assert [(p.name, p.type, p.default) for p in params] == [
        ("start_year", "int", 2010),
        ("hosts", "list[str]", ["AZE", "TUR"]),
        ("label", "str", "a # b"),
    ]
    assert params[0].description == "first year shown"
    assert params[2].description == "text with a hash"


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("x = 1", "annotated assignments"),
        ("x: dict = {}", "supported types"),
        ("x: int = 1 + len('a')", "must be a literal"),
        ("import os", "annotated assignments"),
    ],
)
def test_parse_parameters_refuses_what_is_not_a_literal_annotated_default(source, fragment):
    with pytest.raises(ProjectError, match=fragment):
        parse_parameters(source)


def _demo(mini: Path):
    series = load_series(get_project(mini))
    return series, series.get("demo")


def test_coerce_turns_command_line_text_into_the_declared_type(mini):
    series, demo = _demo(mini)
    assert coerce(series, demo, "start_year", "2012") == 2012
    assert coerce(series, demo, "country", " AZE ") == "AZE"


def test_wrong_type_names_report_parameter_value_and_what_is_allowed(mini):
    series, demo = _demo(mini)
    with pytest.raises(ParameterError) as err:
        coerce(series, demo, "start_year", "twenty")
    message = str(err.value)
    assert "report 'demo'" in message
    assert "parameter 'start_year'" in message
    assert "'twenty'" in message
    assert "an integer, from 2000 to 2030" in message


def test_out_of_range_and_not_allowed_values_are_refused(mini):
    series, demo = _demo(mini)
    with pytest.raises(ParameterError, match="below the minimum 2000"):
        coerce(series, demo, "start_year", 1999)
    with pytest.raises(ParameterError, match=r"'TKM' is not allowed.*one of: AFG, AZE"):
        coerce(series, demo, "country", "TKM")


def test_unknown_parameter_lists_the_known_ones(mini):
    series, demo = _demo(mini)
    with pytest.raises(ParameterError, match="unknown parameter 'colour'.*country, start_year"):
        coerce(series, demo, "colour", "red")


def test_rules_refuse_an_impossible_combination(mini):
    series, _ = _demo(mini)
    with pytest.raises(ParameterError, match="start_year=2014 and end_year=2012"):
        resolve_runs(series, ["demo"], {"demo": {"start_year": 2014, "end_year": 2012}})


def test_matrix_expands_to_one_run_per_value_and_a_set_value_overrides_it(mini):
    series, _ = _demo(mini)
    runs = resolve_runs(series)
    assert [r.id for r in runs] == ["demo-afg", "demo-aze"]
    assert runs[1].params["country"] == "AZE"
    single = resolve_runs(series, ["demo"], {"demo": {"country": "AZE"}})
    assert [r.id for r in single] == ["demo"]


def test_unknown_report_is_refused_with_the_known_ids(mini):
    series, _ = _demo(mini)
    with pytest.raises(SeriesError, match="unknown report 'trade'; the series has: demo"):
        resolve_runs(series, ["trade"])


def test_parse_set_and_params_file(tmp_path):
    assert parse_set(["trade.start_year=2015", "trade.partner=TKM"]) == {
        "trade": {"start_year": "2015", "partner": "TKM"}
    }
    with pytest.raises(ParameterError, match="ID.param=value"):
        parse_set(["start_year=2015"])
    good = tmp_path / "p.yml"
    good.write_text("demo:\n  start_year: 2011\n")
    assert read_params_file(good) == {"demo": {"start_year": 2011}}
    bad = tmp_path / "bad.yml"
    bad.write_text("- 1\n- 2\n")
    with pytest.raises(ParameterError, match="mapping of report ids"):
        read_params_file(bad)


def test_list_values_from_the_command_line(mini):
    series, demo = _demo(mini)
    spec = demo.params["country"]
    assert spec.type == "str"
    from azaf.params import _coerce_scalar

    assert _coerce_scalar("bool", "yes") is True
    with pytest.raises(ValueError):
        _coerce_scalar("int", True)


def test_the_real_trade_contract_refuses_a_partner_equal_to_the_reporter():
    root = Path(__file__).resolve().parents[1]
    series = load_series(get_project(root))
    with pytest.raises(ParameterError, match="reporter != partner"):
        resolve_runs(series, ["trade"], {"trade": {"partner": "AZE"}})
