"""The real data package: valid, fully sourced, and honest about gaps, sides and projections."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from azaf import data
from azaf.project import get_project

ROOT = Path(__file__).resolve().parents[1]
DESCRIPTOR = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
PROJECT = get_project(ROOT)

REQUIRED_TABLES = {
    "sources", "countries", "trade_reported", "trade_products", "trade_regional",
    "corridor_legs", "timeline", "conflict_deaths", "acled_aggregates", "gti", "opium",
    "opium_alcis", "nato_missions", "aze_contingent", "humanitarian_plans", "food_insecurity",
    "poverty", "macro_wb", "macro_statements", "refugees", "brief_claims",
}  # fmt: skip


def test_the_package_validates_with_frictionless():
    assert data.validation_errors(PROJECT) == []


def test_every_table_the_issue_names_is_described():
    assert set(RESOURCES) >= REQUIRED_TABLES


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_each_table_has_licence_vintage_primary_key_and_missing_marker(name):
    res = RESOURCES[name]
    assert res["licenses"], name
    assert res.get("vintage"), name
    assert res["schema"].get("primaryKey"), name
    assert res["schema"].get("missingValues") == [""], name
    for field in res["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"


@pytest.mark.parametrize("name", sorted(set(RESOURCES) - {"sources"}))
def test_every_row_traces_to_exactly_one_source(name):
    frame = data.load_quiet(name, PROJECT)
    assert "source_id" in frame.columns, name
    registry = set(data.sources(PROJECT).index)
    ids = frame["source_id"]
    assert ids.notna().all(), f"{name}: rows without a source"
    assert set(ids) <= registry, f"{name}: {sorted(set(ids) - registry)}"
    # The resource's own list of sources is exactly the set its rows cite.
    cited = {s["source_id"] for s in RESOURCES[name].get("sources", [])}
    assert cited == set(ids), name


def test_sources_name_publisher_title_address_and_access_date():
    sources = data.sources(PROJECT)
    assert sources["publisher"].notna().all()
    assert sources["title"].notna().all()
    assert sources["accessed"].notna().all()
    where = sources["url"].fillna(sources["cited_via"])
    assert where.notna().mean() > 0.9


def test_trade_statements_keep_the_two_sides_apart():
    trade = data.load_quiet("trade_reported", PROJECT)
    values = trade[(trade["measure"] == "value") & (trade["flow"] == "turnover")]
    assert {"AZE", "AFG"} <= set(values["reporter"])
    by_ministry = values[(values["reporter"] == "AZE") & (values["year"] == 2018)]
    assert by_ministry["value"].tolist() == [71.5]


def test_opium_gaps_are_left_as_gaps_and_alcis_is_kept_apart():
    opium = data.load_quiet("opium", PROJECT)
    assert 2019 not in set(opium["year"])
    assert not ((opium["year"] == 2015) & (opium["indicator"] == "cultivation")).any()
    alcis = data.load_quiet("opium_alcis", PROJECT)
    assert set(alcis["source_id"]).isdisjoint(set(opium["source_id"]))


def test_unhcr_end_year_series_runs_to_2025_and_mid_year_stocks_are_kept_apart():
    refugees = data.load_quiet("refugees", PROJECT)
    assert refugees["year"].max() == 2025
    # The 2025 release replaced the older release's mid-2022 figures with end-2022 stocks.
    assert not refugees["is_mid_year"].any()
    assert not refugees.duplicated(["year", "origin", "asylum"]).any()
    afghans_in_iran = refugees[(refugees["origin"] == "AFG") & (refugees["asylum"] == "IRN")]
    by_year = afghans_in_iran.set_index("year")
    assert by_year.loc[2021, "source_id"] == "unhcr_popstats_2022"
    assert by_year.loc[2022, "source_id"] == "unhcr_refugees_2025_12"
    assert by_year.loc[2025, "refugees"] == 758339
    # Figures held only by the newer release are blank, never zero, in the older one.
    assert by_year.loc[2021, "other_in_need"] is pd.NA
    assert by_year.loc[2025, "other_in_need"] == 879500
    mid = data.load_quiet("refugees_mid_year", PROJECT)
    assert set(mid["as_of"].dt.strftime("%Y-%m-%d")) == {"2025-06-30"}
    in_iran = mid[(mid["origin"] == "AFG") & (mid["asylum"] == "IRN")]
    assert in_iran["refugees"].tolist() == [2485339]


def test_plan_revisions_are_rows_of_their_own_and_funding_is_dated():
    plans = data.load_quiet("humanitarian_plans", PROJECT)
    assert (plans["version"] == "revision").sum() >= 2
    funding = plans[plans["indicator"] == "funding_received"]
    assert funding["as_of"].notna().all()


def test_projections_are_marked():
    poverty = data.load_quiet("poverty", PROJECT)
    assert (poverty["status"] == "projection").any()
    statements = data.load_quiet("macro_statements", PROJECT)
    assert (statements["status"] == "projection").any()


def test_conflict_deaths_keep_their_release():
    deaths = data.load_quiet("conflict_deaths", PROJECT)
    assert deaths["release"].nunique() >= 2
    keys = ["iso3", "year", "type", "release"]
    assert not deaths.duplicated(keys).any()


def test_brief_claims_cover_both_briefs_with_the_brief_as_source():
    claims = data.load_quiet("brief_claims", PROJECT)
    assert set(claims["brief"].astype(str)) == {"2018", "2023"}
    kinds = data.sources(PROJECT).loc[claims["source_id"].unique(), "kind"]
    assert set(kinds) == {"brief"}


def test_every_country_code_has_a_name():
    names = set(data.load_quiet("countries", PROJECT)["iso3"])
    used: set[str] = set()
    for table, columns in {
        "refugees": ["origin", "asylum"],
        "conflict_deaths": ["iso3"],
        "macro_wb": ["iso3"],
        "trade_reported": ["reporter", "partner"],
    }.items():
        frame = data.load_quiet(table, PROJECT)
        for column in columns:
            used |= set(pd.unique(frame[column]))
    assert used <= names, sorted(used - names)


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_what_readers_see_of_a_table_has_no_column_names_or_source_ids(name):
    """Titles, descriptions and caveats are printed under Sources and methods."""
    res = RESOURCES[name]
    for text in [res["title"], res["description"], *res.get("caveats", [])]:
        assert not re.search(r"\b[a-z]+_[a-z0-9]+(_[a-z0-9]+)*\b", text), (name, text)
        # Row ids (t028, wf42, m019) mean nothing to a reader and go stale when rows move.
        assert not re.search(r"\b[a-z]{1,3}\d{2,3}\b", text), (name, text)
