"""Unit tests of the data loader and of the refusal of bad data (file, row, column named)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from azaf import data
from azaf.errors import DataError
from azaf.project import get_project


def test_load_returns_typed_frame_with_units_licence_and_vintage(mini):
    frame = data.load("widgets", get_project(mini))
    assert str(frame["year"].dtype) == "Int64"
    assert str(frame["share_pct"].dtype) == "float64"
    assert frame.attrs["units"] == {"widgets": "widgets", "share_pct": "percent"}
    assert frame.attrs["licenses"] == ["CC0 1.0"]
    assert frame.attrs["vintage"].startswith("made up")
    assert frame.attrs["path"] == "data/widgets.csv"


def test_repeated_loads_reuse_the_parsed_file_and_return_independent_copies(mini):
    project = get_project(mini)
    first = data.load("widgets", project)
    first.loc[0, "widgets"] = -1
    second = data.load("widgets", project)
    assert second.loc[0, "widgets"] == 120
    assert data._read.cache_info().hits >= 1


def test_unknown_table_lists_the_tables(mini):
    with pytest.raises(DataError, match="no table 'opium'.*sources, countries, widgets"):
        data.load("opium", get_project(mini))


def _rewrite(mini: Path, line_no: int, new: str) -> None:
    path = mini / "data" / "widgets.csv"
    lines = path.read_text().splitlines()
    lines[line_no] = new
    path.write_text("\n".join(lines) + "\n")


BAD_CASES = {
    "wrong type": (2, "AFG,2010,many,12.5,test-made-up", ["row 3", "column 'widgets'", "type"]),
    "negative count": (
        2,
        "AFG,2010,-5,12.5,test-made-up",
        ["row 3", "column 'widgets'", "minimum"],
    ),
    "share above 100": (
        3,
        "AFG,2011,135,130,test-made-up",
        ["row 4", "column 'share_pct'", "maximum"],
    ),
    "duplicate key": (3, "AFG,2010,135,13,test-made-up", ["row 4", "primary"]),
    "unknown source": (4, "AFG,2013,150,15,nobody", ["row 5", "foreign"]),
    "missing column": (0, "iso3,year,widgets,share_pct", ["column", "source_id"]),
    "extra column": (0, "iso3,year,widgets,share_pct,source_id,colour", ["colour"]),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_data_is_refused_naming_file_row_and_column(mini, case):
    line_no, new, fragments = BAD_CASES[case]
    if case == "missing column":
        path = mini / "data" / "widgets.csv"
        rows = [",".join(r.split(",")[:4]) for r in path.read_text().splitlines()]
        path.write_text("\n".join(rows) + "\n")
    elif case == "extra column":
        path = mini / "data" / "widgets.csv"
        rows = path.read_text().splitlines()
        rows = [new] + [r + ",blue" for r in rows[1:]]
        path.write_text("\n".join(rows) + "\n")
    else:
        _rewrite(mini, line_no, new)
    with pytest.raises(DataError) as err:
        data.load("widgets", get_project(mini))
    message = str(err.value)
    assert "data/widgets.csv" in message
    for fragment in fragments:
        assert fragment in message, message


def test_validation_result_is_cached_per_data_version(mini):
    project = get_project(mini)
    data.ensure_valid(project)
    stamps = list((mini / ".azaf-cache" / "validated").iterdir())
    assert [s.name for s in stamps] == [data.package_hash(project)]
    _rewrite(mini, 2, "AFG,2010,many,12.5,test-made-up")
    with pytest.raises(DataError):
        data.ensure_valid(project)


def test_broken_descriptor_is_reported(mini):
    (mini / "data" / "datapackage.json").write_text("{not json")
    with pytest.raises(DataError, match="not valid JSON"):
        data.load("widgets", get_project(mini))


def test_sources_registry_is_indexed_by_id(mini):
    registry = data.sources(get_project(mini))
    assert registry.loc["test-made-up", "publisher"] == "azaf tests"
    desc = json.loads((mini / "data" / "datapackage.json").read_text())
    assert data.vintage(get_project(mini)).startswith(f"version {desc['version']}")


def test_the_packages_digest_follows_every_change_even_one_of_the_same_size(mini):
    project = get_project(mini)
    table = mini / "data" / "widgets.csv"
    first = data.package_hash(project)
    assert data.package_hash(project) == first  # remembered while nothing changed
    text = table.read_text()
    swapped = text.replace("120", "121", 1)
    assert swapped != text and len(swapped) == len(text)
    stat = table.stat()
    table.write_text(swapped)
    os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with its old times
    second = data.package_hash(project)
    assert second != first
    table.write_text(text)
    assert data.package_hash(project) == first
