"""Source lines under charts and tables: complete for a few sources, short for many."""

from __future__ import annotations

from azaf import data
from azaf.sources import MAX_PUBLISHERS, source_line


def test_a_few_sources_are_named_with_their_documents():
    opium = data.load_quiet("opium")
    line = source_line(opium[opium["year"] == 2024])
    assert line.startswith("Source: UNODC, ")
    assert "press release" in line


def test_many_publishers_give_a_short_line_that_points_to_the_full_list():
    timeline = data.load_quiet("timeline")
    publishers = data.sources().loc[timeline["source_id"].unique(), "publisher"].nunique()
    assert publishers > MAX_PUBLISHERS
    line = source_line(timeline)
    assert len(line) < 400
    assert f"from {publishers} publishers" in line
    assert "listed under Sources and methods" in line


def test_a_long_list_of_documents_shortens_to_the_publishers_on_one_line():
    shipments = data.load_quiet("shipments")
    line = source_line(shipments)
    assert len(line) <= 200
    assert "listed under Sources and methods" in line
    publishers = data.sources().loc[shipments["source_id"].unique(), "publisher"].unique()
    for publisher in publishers:
        assert publisher in line
