"""Every loader through the real HTTP client against made-up answers on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from refresh_support import ROOT, copy_project, folder_hash, serve_all

from azaf.project import Project
from azaf.refresh import refresh

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def project(tmp_path, httpserver, monkeypatch):
    """A copy of the project, with every publisher served locally."""
    root = copy_project(tmp_path / "proj")
    monkeypatch.setenv("AZAF_PROJECT", str(root))
    serve_all(httpserver, monkeypatch)
    return Project(root)


def _table(project: Project, name: str) -> pd.DataFrame:
    return pd.read_csv(project.data_dir / f"{name}.csv", dtype=str, keep_default_na=False)


def _resource(project: Project, name: str) -> dict:
    desc = json.loads((project.data_dir / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in desc["resources"] if r["name"] == name)


def test_worldbank_reads_every_page_and_replaces_the_refreshed_years(project):
    before = _table(project, "macro_wb")
    lines: list[str] = []
    result = refresh(project, ["worldbank"], since=2022, echo=lines.append, today=TODAY)
    macro = _table(project, "macro_wb")
    afg = macro[(macro.iso3 == "AFG") & (macro.indicator == "gdp_current_usd")]
    # Page 2 holds AZE's later years: both pages were read.
    assert afg.set_index("year").loc["2024", "value"] == "17900000000"
    assert afg.set_index("year").loc["2024", "source_id"] == "live_wb_gdp_current_usd_20261015"
    aze_2024 = macro[(macro.iso3 == "AZE") & (macro.year == "2024")]
    assert set(aze_2024.indicator) == {
        "gdp_current_usd",
        "population",
        "gdp_growth",
        "exchange_rate",
    }
    assert "EAS" not in set(macro.iso3)  # an aggregate, not in countries.csv
    afg_2025 = macro[(macro.iso3 == "AFG") & (macro.year == "2025")].set_index("indicator")
    assert afg_2025.loc["gdp_current_usd", "source_id"].startswith("live_wb_")  # a new year
    others = afg_2025.drop(index="gdp_current_usd")
    assert not others.source_id.str.startswith("live_").any()  # a null value is no row
    # Rows outside the refreshed slice keep their snapshot source.
    irn = before[before.iso3 == "IRN"].reset_index(drop=True)
    assert irn.equals(macro[macro.iso3 == "IRN"].reset_index(drop=True))
    growth = macro[(macro.iso3 == "AFG") & (macro.indicator == "gdp_growth")]
    assert growth.set_index("year").loc["2022", "value"] == "-6.2"
    res = _resource(project, "macro_wb")
    assert res["refresh"]["publisher_vintage"]["NY.GDP.MKTP.CD"] == "2026-10-15"
    assert res["refresh"]["accessed"] == "2026-12-02"
    assert res["refresh"]["query"]["filters"]["date"] == "2022:2026"
    assert res["refresh"]["licence"].startswith("CC BY 4.0")
    sources = _table(project, "sources").set_index("source_id")
    assert sources.loc["live_wb_gdp_current_usd_20261015", "published"] == "2026-10-15"
    assert sources.loc["live_wb_gdp_current_usd_20261015", "kind"] == "statistical"
    change = {c.table: c for c in result.changes}
    assert change["macro_wb"].changed > 0 and change["macro_wb"].removed == 0
    assert any(line.startswith("macro_wb ") for line in lines)
    log = (project.data_dir / "refresh-log.jsonl").read_text().splitlines()
    assert {json.loads(line)["table"] for line in log} == {"macro_wb"}


def test_a_second_refresh_changes_nothing_and_supersedes_its_own_rows(project):
    refresh(project, ["worldbank"], since=2022, echo=lambda _: None, today=TODAY)
    first = _table(project, "macro_wb")
    result = refresh(project, ["worldbank"], since=2022, echo=lambda _: None, today=TODAY)
    assert not any(c.any for c in result.changes)
    assert _table(project, "macro_wb").equals(first)


def test_dry_run_prints_the_changes_and_writes_nothing(project):
    before = folder_hash(project.data_dir)
    lines: list[str] = []
    result = refresh(
        project, ["worldbank"], since=2022, dry_run=True, echo=lines.append, today=TODAY
    )
    assert folder_hash(project.data_dir) == before
    assert result.changes and any("Dry run" in line for line in lines)


def test_unhcr_reads_pages_marks_mid_year_and_adds_new_countries(project):
    refresh(project, ["unhcr"], since=2023, echo=lambda _: None, today=dt.date(2026, 3, 1))
    ref = _table(project, "refugees")
    row = ref[(ref.year == "2025") & (ref.origin == "AFG") & (ref.asylum == "AZE")].iloc[0]
    assert row.refugees == "140" and row.is_mid_year == "True"  # before June 2026
    iran = ref[(ref.year == "2024") & (ref.origin == "AFG") & (ref.asylum == "IRN")].iloc[0]
    assert iran.asylum_seekers == "0"  # UNHCR's "-"
    assert ((ref.origin == "RUS") & (ref.asylum == "AZE") & (ref.year == "2024")).any()
    countries = _table(project, "countries").set_index("iso3")
    assert countries.loc["XKX", "source_id"].startswith("live_unhcr_")
    assert countries.loc["AFG", "source_id"] == "unhcr_popstats_2022"  # never replaced


def test_ucdp_sums_events_by_type_and_follows_the_next_page(project):
    refresh(project, ["ucdp"], since=2023, echo=lambda _: None, today=TODAY)
    deaths = _table(project, "conflict_deaths")
    new = deaths[(deaths.release == "UCDP GED 26.1") & (deaths.iso3 == "AFG")]
    by = new.set_index(["year", "type"])["deaths"]
    assert by[("2023", "all")] == "57"
    assert by[("2024", "intrastate")] == "30" and by[("2024", "interstate")] == "3"
    assert by[("2024", "one-sided")] == "7"
    aze = deaths[(deaths.release == "UCDP GED 26.1") & (deaths.iso3 == "AZE")]
    assert set(aze.deaths) == {"0"}  # no event: zero deaths in the release's years
    old = deaths[deaths.release != "UCDP GED 26.1"].reset_index(drop=True)
    shipped = pd.read_csv(ROOT / "data" / "conflict_deaths.csv", dtype=str, keep_default_na=False)
    assert old.equals(shipped)  # the snapshot's releases are kept, never mixed


def test_fts_writes_plans_with_requirements_and_funding(project):
    refresh(project, ["fts"], since=2018, echo=lambda _: None, today=TODAY)
    plans = _table(project, "humanitarian_funding").set_index("plan_code")
    assert plans.loc["HAFG23", "revised_requirement_usd"] == "3230000000"
    assert plans.loc["HAFG23", "funding_usd"] == "1670000000"
    assert plans.loc["HAFG24", "as_of"] == "2026-12-02"
    assert "HAFG17" not in plans.index  # before --since
    curated = (ROOT / "data" / "humanitarian_plans.csv").read_bytes()
    assert (project.data_dir / "humanitarian_plans.csv").read_bytes() == curated


def test_comtrade_keeps_each_reporter_apart(project):
    refresh(project, ["comtrade"], since=2010, echo=lambda _: None, today=TODAY)
    trade = _table(project, "trade_mirror")
    aze = trade[(trade.reporter == "AZE") & (trade.partner == "AFG")]
    afg = trade[(trade.reporter == "AFG") & (trade.partner == "AZE")]
    assert aze.set_index(["year", "flow"]).loc[("2010", "export"), "value"] == "310000000"
    assert afg.set_index(["year", "flow"]).loc[("2010", "import"), "value"] == "95000000"
    assert set(trade[trade.partner == "AFG"].reporter) == {"AZE", "IRN", "PAK", "UZB"}
    res = _resource(project, "trade_mirror")
    assert res["refresh"]["query"]["endpoint"].endswith("/public/v1/preview/C/A/HS")
    assert res["refresh"]["query"]["filters"]["keyed"] is False


def test_after_a_worldbank_refresh_the_economy_section_reaches_the_new_year(project):
    from azaf.topics import humanitarian

    assert humanitarian.gather("AFG", 2015, 2026, quiet=True).gdp["year"].max() == 2024
    refresh(project, ["worldbank"], since=2022, echo=lambda _: None, today=TODAY)
    gdp = humanitarian.gather("AFG", 2015, 2026, quiet=True).gdp.set_index("year")
    assert gdp["value"].get(2025) == 18_400_000_000  # the made-up 2025 figure
    assert gdp["source_id"].get(2025) == "live_wb_gdp_current_usd_20261015"
