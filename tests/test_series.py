"""Unit tests of series.yml loading and its error messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from azaf.errors import ProjectError, SeriesError
from azaf.project import find_root, get_project
from azaf.series import load_series


def _edit(mini: Path, change) -> None:
    path = mini / "series.yml"
    raw = yaml.safe_load(path.read_text())
    change(raw)
    path.write_text(yaml.safe_dump(raw))


def test_series_reads_reports_params_and_constraints(mini):
    series = load_series(get_project(mini))
    demo = series.get("demo")
    assert list(series.reports) == ["demo"]
    assert demo.params["start_year"].min == 2000
    assert demo.params["end_year"].default == 2015
    assert demo.params["country"].label == "Country shown"
    assert series.allowed_values(demo.params["country"]) == ("AFG", "AZE")


def test_root_is_found_from_a_subfolder(mini):
    assert find_root(mini / "notebooks") == mini.resolve()


def test_no_series_file_is_a_clear_error(tmp_path):
    with pytest.raises(ProjectError, match="no series.yml found"):
        find_root(tmp_path)


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda r: r["reports"][0].update(id="Bad Id"), "lower-case letters"),
        (lambda r: r["reports"][0].update(notebook="notebooks/none.ipynb"), "does not exist"),
        (lambda r: r["reports"][0]["parameters"].update(colour={"min": 1}), "does not declare"),
        (lambda r: r["reports"][0]["parameters"]["country"].update(sizes=1), "unknown key"),
        (lambda r: r["reports"][0].update(rules=["start_year <= nothing"]), "rule"),
        (lambda r: r["reports"].append(dict(r["reports"][0])), "appears twice"),
        (lambda r: r["reports"][0].update(matrix={"country": []}), "matrix"),
    ],
)
def test_malformed_series_is_refused_with_the_place_named(mini, change, fragment):
    _edit(mini, change)
    with pytest.raises(SeriesError, match=fragment):
        load_series(get_project(mini))
