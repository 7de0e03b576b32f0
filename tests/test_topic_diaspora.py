"""The diaspora topic: refugee shares and ranks, Turkic estimates and key figures, computed
on the REAL data in data/, plus one slow build of an odd edition (host TUR, origin SYR)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import build_in_copy
from pypdf import PdfReader

from azaf.project import get_project
from azaf.series import load_series
from azaf.topics import diaspora

ROOT = Path(__file__).resolve().parents[1]


def test_share_of_afghans_in_azerbaijan_2019_is_computed_from_all_origins():
    share = diaspora.share_by_year(diaspora.host_rows("AZE", 2019, 2019, quiet=True), "AFG")
    row = share.iloc[0]
    assert int(row["refugees"]) == 627 and int(row["all_refugees"]) == 1109
    assert round(float(row["refugee_share"]), 1) == 56.5
    assert round(float(row["share"]), 1) == round(721 / 1290 * 100, 1)


def test_share_is_only_offered_for_hosts_that_keep_every_origin():
    hosts = diaspora.all_origin_hosts(quiet=True)
    assert {"AZE", "TUR", "KAZ", "UZB", "IRN", "PAK", "DEU", "AUT"} <= set(hosts)
    assert "USA" not in hosts  # the data keep only Afghans there


def test_ranking_skips_the_years_with_only_iran_and_pakistan():
    rows = diaspora.origin_rows("AFG", 1979, 2022, quiet=True)
    years = diaspora.ranked_years(rows)
    assert min(years) == 2010 and 1990 not in years
    ranks = diaspora.host_ranks(rows)
    top = ranks[(ranks["year"] == 2022) & (ranks["rank"] == 1)]
    assert top["asylum"].tolist() == ["PAK"]


def test_key_figures_are_pure_and_carry_mid_year_period():
    figures = diaspora.key_figures()
    by_name = {f["name"]: f for f in figures}
    assert set(by_name) == {
        "diaspora.refugees_in_host_latest",
        "diaspora.origin_share_latest",
        "diaspora.largest_host_people",
        "diaspora.host_rank_latest",
    }
    for f in figures:
        assert set(f) == {"name", "value", "unit", "period", "source", "label"}
    latest = by_name["diaspora.refugees_in_host_latest"]
    assert latest["value"] == 1179 + 35 and latest["period"] == "2022 (mid-year)"
    assert "Pakistan" in by_name["diaspora.largest_host_people"]["label"]
    assert diaspora.key_figures() == figures  # same numbers for the overview


def test_key_figures_for_a_host_without_all_origins_have_no_share():
    names = {f["name"] for f in diaspora.key_figures(host="USA")}
    assert "diaspora.origin_share_latest" not in names
    assert "diaspora.refugees_in_host_latest" in names


def test_early_years_hold_no_host_figure_and_no_rank():
    names = {f["name"] for f in diaspora.key_figures(start_year=1979, end_year=1985)}
    # Only Iran and Pakistan are in the data before 2010: a largest host, but no rank.
    assert names == {"diaspora.largest_host_people"}
    assert diaspora.ranked_years(diaspora.origin_rows("AFG", 1979, 1985, quiet=True)) == []


def test_turkic_estimates_keep_sources_apart_and_shares_as_percent():
    t = diaspora.turkic_estimates(quiet=True)
    uzbek = t[(t["label"] == "Uzbek") & t["estimate_low"].notna()]
    assert uzbek["source_id"].nunique() >= 4  # several publishers, never averaged
    assert set(uzbek["unit"]) == {"people", "percent"}
    assert (uzbek.loc[uzbek["unit"] == "percent", "estimate_low"] < 100).all()
    # Groups the brief names without any figure stay visible as "no figure".
    marvi = t[t["group"] == "Marvi"]
    assert marvi["estimate"].tolist() == ["no figure"]
    # The brief's "Turkman" and "Afshar" are read as Turkmen and Qizilbash / Afshar.
    assert set(t.loc[t["group"].isin(["Turkman", "Afshar"]), "label"]) == {
        "Turkmen",
        "Qizilbash / Afshar",
    }


def test_brief_claim_on_azerbaijan_share_is_checked_against_the_data():
    from azaf.data import load_quiet

    claims = load_quiet("brief_claims")
    claim = claims[claims["claim_id"] == "b23-47"].iloc[0]
    table = diaspora._with_total(load_quiet("refugees"))
    data_text, relation = diaspora._claim_check(claim, table, "AFG")
    assert "56.5%" in data_text and "(2019)" in data_text
    assert relation.startswith("the data do not bear it out")


def test_series_declares_one_edition_per_host():
    series = load_series(get_project(ROOT))
    report = series.get("diaspora")
    assert report.matrix == {"host": ["AZE", "TUR", "KAZ", "UZB"]}
    for host in report.matrix["host"]:
        assert host in diaspora.all_origin_hosts(quiet=True)


def _pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return unicodedata.normalize("NFKC", text)


@pytest.mark.slow
def test_odd_edition_builds_and_says_what_it_cannot_show(tmp_path):
    """Host Türkiye, origin Syria, a short span: Azerbaijan's programmes and the Afghan Turkic
    section are left out with a sentence; shares and ranks are shown for Syrians."""
    from azaf.build import BuildOptions

    copy = tmp_path / "azaf"
    options = BuildOptions(
        only=["diaspora"],
        sets=[
            "diaspora.host=TUR",
            "diaspora.origin=SYR",
            "diaspora.start_year=2015",
            "diaspora.end_year=2022",
            "diaspora.top_n=3",
        ],
        name="odd",
    )
    (result,) = build_in_copy(copy, options)
    assert result.ok, result.entries
    folder = copy / "reports" / "odd"
    text = " ".join(_pdf_text(folder / "diaspora.pdf").split())
    assert "Syrian Arab Republic" in text and "Türkiye" in text
    assert "Figure 1." in text and "Sources and methods" in text
    assert "the data keep only the" in text  # ranks among the all-origin hosts only
    assert "Turkic peoples of Afghanistan; the data hold no such table" in text
    assert "so the section is left out" in text
    for forbidden in ("Traceback", "import azaf", "Error", "<NA>", "nan"):
        assert forbidden not in text
    manifest = json.loads((folder / "manifest.json").read_text())
    (entry,) = manifest["reports"]
    figures = {k["name"]: k for k in entry["key_figures"]}
    assert figures["diaspora.refugees_in_host_latest"]["period"] == "2022 (mid-year)"
    assert figures["diaspora.origin_share_latest"]["unit"] == "percent"
    assert entry["parameters"]["host"] == "TUR" and entry["id"] == "diaspora"
