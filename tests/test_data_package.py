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
    production = opium[opium["indicator"] == "production"]
    cultivation = opium[opium["indicator"] == "cultivation"]
    # No UNODC production figure was found for 2019 (only the World Drug Report's area).
    assert 2019 not in set(production["year"]) and 2019 in set(cultivation["year"])
    assert 2015 not in set(cultivation["year"]) and 2001 not in set(opium["year"])
    # The years the reference holds are filled, 2003 to 2011 and 2025 among them.
    assert set(range(2003, 2012)) <= set(cultivation["year"])
    assert {2025} <= set(production["year"]) & set(cultivation["year"])
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


def test_where_unodc_publications_disagree_both_rows_are_kept_and_one_is_the_latest():
    opium = data.load_quiet("opium", PROJECT)
    for year, indicator, latest, earlier in [
        (2007, "production", 7400, 8200),
        (2022, "cultivation", 232000, 233000),
    ]:
        rows = opium[(opium["year"] == year) & (opium["indicator"] == indicator)]
        assert sorted(rows["value"]) == sorted([latest, earlier])
        assert rows.loc[rows["latest_estimate"], "value"].tolist() == [latest]
    one_each = opium[opium["latest_estimate"]]
    assert not one_each.duplicated(["year", "indicator"]).any()


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
    assert deaths["release"].nunique() >= 3
    keys = ["iso3", "year", "type", "release"]
    assert not deaths.duplicated(keys).any()


def test_ucdp_25_1_is_a_whole_release_to_2024_whose_types_add_up():
    deaths = data.load_quiet("conflict_deaths", PROJECT)
    release = deaths[deaths["release"] == "UCDP Organized Violence Country-Year 25.1"]
    afg = release[release["iso3"] == "AFG"].pivot_table(
        index="year", columns="type", values="deaths"
    )
    assert (afg.index.min(), afg.index.max()) == (1989, 2024)
    assert afg.loc[2024, "all"] == 353 and afg.loc[2022, "all"] == 1574
    parts = ["intrastate", "interstate", "non-state", "one-sided"]
    assert (afg[parts].sum(axis=1) == afg["all"]).all()
    # State-based deaths are intrastate plus interstate, never a row of their own.
    assert "state-based" not in set(deaths["type"])


def test_ucdp_rows_match_the_raw_extract_kept_with_the_tools():
    raw = pd.read_csv(
        ROOT
        / "tools"
        / "raw"
        / "ucdp-organizedviolencecy-25.1"
        / "organizedviolencecy_v25_1_subset.csv"
    )
    deaths = data.load_quiet("conflict_deaths", PROJECT)
    mine = deaths[(deaths["source_id"] == "ucdp_orgvio_cy_251") & (deaths["type"] == "all")]
    expected = raw.set_index(["country_cy", "year_cy"])["cumulative_total_deaths_in_orgvio_best_cy"]
    assert len(mine) == len(expected) == 314
    aze = mine[mine["iso3"] == "AZE"].set_index("year")["deaths"]
    assert aze.to_dict() == expected.loc["Azerbaijan"].to_dict()


def test_world_bank_series_come_from_one_vintage_per_country_and_indicator():
    wb = data.load_quiet("macro_wb", PROJECT)
    assert wb.groupby(["iso3", "indicator"])["vintage"].nunique().max() == 1
    afg = wb[wb["iso3"] == "AFG"].pivot_table(index="year", columns="indicator", values="value")
    assert afg.loc[2024, "gdp_current_usd"] == 17778508876
    assert round(afg.loc[2021, "gdp_growth"], 1) == -20.7
    assert afg["exchange_rate"].last_valid_index() == 2020  # not published after 2020
    assert wb.loc[wb["iso3"] == "AZE", "year"].max() == 2025


def test_brief_claims_cover_both_briefs_with_the_brief_as_source():
    claims = data.load_quiet("brief_claims", PROJECT)
    assert set(claims["brief"].astype(str)) == {"2018", "2023"}
    kinds = data.sources(PROJECT).loc[claims["source_id"].unique(), "kind"]
    assert set(kinds) == {"brief"}


def test_every_country_code_column_has_a_foreign_key_to_countries():
    """Found by the values, not by the names: any column of three-letter codes is covered."""
    for name, res in RESOURCES.items():
        if name == "countries":
            continue
        keys = {fk["fields"]: fk["reference"] for fk in res["schema"].get("foreignKeys", [])}
        frame = pd.read_csv(ROOT / "data" / res["path"], dtype=str, keep_default_na=False)
        for column in frame.columns:
            values = frame.loc[frame[column] != "", column]
            if column in ("unit", "currency") or values.empty:
                continue
            if values.str.fullmatch(r"[A-Z]{3}").mean() > 0.5:
                assert keys.get(column) == {"resource": "countries", "fields": "iso3"}, (
                    name,
                    column,
                )
        if "source_id" in frame.columns:
            assert keys["source_id"] == {"resource": "sources", "fields": "source_id"}, name


def test_the_world_has_a_proper_name():
    countries = data.load_quiet("countries", PROJECT).set_index("iso3")
    assert countries.loc["WLD", "name"] == "World"
    assert "WLD" in set(data.load_quiet("trade_regional", PROJECT)["partner"])


def test_frictionless_refuses_a_country_code_with_no_name(tmp_path):
    import shutil

    from frictionless import Package, system

    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    path = copy / "trade_regional.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",WLD,", ",XYZ,"), encoding="utf-8")
    with system.use_context(trusted=True):
        report = Package(str(copy / "datapackage.json")).validate()
    errors = [e for t in report.tasks for e in t.errors]
    assert any(e.type == "foreign-key" and "XYZ" in e.message for e in errors)


# SPDX identifiers, and the Open Definition's for terms that are not an open licence.
OPEN_DEFINITION = {"other-at", "other-nc", "other-closed", "other-open", "notspecified"}
SPDX = {"CC-BY-4.0", "CC-BY-3.0-IGO", "CC0-1.0", "ODC-PDDL-1.0", "ODC-By-1.0"}


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_licences_use_spdx_or_open_definition_identifiers_with_a_path(name):
    for licence in RESOURCES[name]["licenses"]:
        assert licence["name"] in SPDX | OPEN_DEFINITION, (name, licence)
        assert licence.get("path"), (name, licence)
        assert licence.get("title"), (name, licence)
        if licence["name"] == "other-at":
            # Figures quoted from publications say so, and the attribution is kept.
            assert "attribut" in licence["title"], (name, licence)


def test_the_package_licence_is_the_list_of_the_tables_licences():
    listed = {lic["name"] for lic in DESCRIPTOR["licenses"]}
    used = {lic["name"] for res in RESOURCES.values() for lic in res["licenses"]}
    assert listed == used and "various" not in listed
    assert all(lic.get("path") for lic in DESCRIPTOR["licenses"])


def test_the_sync_tool_leaves_the_descriptor_as_committed():
    import importlib.util

    spec = importlib.util.spec_from_file_location("sync", ROOT / "tools" / "sync_datapackage.py")
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    text = (ROOT / "data" / "datapackage.json").read_text(encoding="utf-8")
    assert sync.sync(json.loads(text)) == json.loads(text)


def test_timeline_marks_about_ten_key_events_and_one_sided_accounts():
    timeline = data.load_quiet("timeline", PROJECT)
    key = timeline[timeline["key"]]
    assert 8 <= len(key) <= 12
    assert {"1994-11", "2017-11-15", "2024-02-15"} <= set(key["date"])
    zawahiri = timeline[timeline["event"].str.contains("al-Zawahiri")]
    assert zawahiri["date"].tolist() == ["2022-07-31"]
    one_sided = timeline[timeline["one_side_only"]]
    assert len(one_sided) >= 3
    # Whose account it is stays in the words a reader sees.
    assert one_sided["event"].str.contains("Taliban|Afghanistan's").all()
    assert timeline["date"].tolist() == sorted(timeline["date"])
    assert timeline["date"].max().startswith("2026")


def test_every_table_states_its_data_cut_off():
    """The vintage names a year for every table, and the statistical ones their release."""
    for name, res in RESOURCES.items():
        rows = len(pd.read_csv(ROOT / "data" / res["path"], dtype=str))
        if rows == 0:  # a table only a refresh fills says so
            assert "refresh" in res["vintage"], name
            continue
        assert re.search(r"\b(19|20)\d\d\b", res["vintage"]), name
    assert "25.1" in RESOURCES["conflict_deaths"]["vintage"]
    assert "2026-07-01" in RESOURCES["macro_wb"]["vintage"]
    assert "Global Trends 2025" in RESOURCES["refugees"]["vintage"]
    assert "April 2026" in RESOURCES["humanitarian_plans"]["vintage"]


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


def _reference() -> Path | None:
    """The reference snapshot the extraction reads, if this machine has it."""
    import os

    path = Path(os.environ.get("AZAF_REFERENCE", ROOT.parent / "shared" / "reference"))
    return path if (path / "raw").is_dir() else None


def test_the_extraction_rebuilds_the_statistical_tables_byte_for_byte():
    """The tables that need no R reader; the UNHCR ones also need pyreadr (maintainers only)."""
    import importlib.util

    reference = _reference()
    if reference is None:
        pytest.skip("the reference snapshot is not on this machine (set AZAF_REFERENCE)")
    spec = importlib.util.spec_from_file_location(
        "extract", ROOT / "tools" / "extract_reference.py"
    )
    extract = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extract)
    builders = {"conflict_deaths": extract.conflict_deaths, "macro_wb": extract.macro_wb}
    if importlib.util.find_spec("pyreadr") is not None:
        builders |= {"refugees": extract.refugees, "refugees_mid_year": extract.refugees_mid_year}
    for name, build in builders.items():
        written = build().to_csv(index=False, lineterminator="\n")
        assert written == (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8"), name
