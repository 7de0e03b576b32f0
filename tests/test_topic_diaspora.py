"""The diaspora topic: refugee shares and ranks, Turkic estimates and key figures, computed
on the REAL data in data/, plus one slow build of an odd edition (host TUR, origin SYR)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import build_in_copy
from pypdf import PdfReader

from azaf.data import country_name
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
    rows = diaspora.origin_rows("AFG", 1979, 2025, quiet=True)
    years = diaspora.ranked_years(rows)
    assert min(years) == 2010 and 1990 not in years
    ranks = diaspora.host_ranks(rows)
    top = ranks[(ranks["year"] == 2021) & (ranks["rank"] == 1)]
    assert top["asylum"].tolist() == ["PAK"]
    # From end-2022 UNHCR counts Afghans in refugee-like situations in Iran as refugees.
    top = ranks[(ranks["year"] == 2022) & (ranks["rank"] == 1)]
    assert top["asylum"].tolist() == ["IRN"]


def test_key_figures_are_pure_and_name_their_year():
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
    # End-2025 (UNHCR Global Trends 2025): 1,069 refugees and no asylum-seekers.
    assert latest["value"] == 1069 and latest["period"] == "2025"
    assert latest["source"] == "unhcr_refugees_2025_12"
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


def test_uzbek_shares_keep_ethnic_and_language_counts_apart():
    finding = diaspora._turkic_finding(2010, 2022)
    # 8.8% is the share the Ministry states beside its 3.6 million; 11% is the CIA's
    # language share; the sentence names both kinds instead of one mixed range.
    assert "from 8.8% to 11%" in finding
    assert "8.8–9% as an ethnic group" in finding and "11% as speakers of Uzbek" in finding
    assert "1979 and 2023 lie outside this edition's years, 2010–2022" in finding
    assert "outside" not in diaspora._turkic_finding(1970, 2030)


def test_turkic_rows_say_what_they_count_and_which_year():
    t = diaspora.turkic_estimates(quiet=True)
    cia = t[t["source_id"] == "dia_cia_wfb_2010"]
    # The 2010 Factbook gives no reference year: its edition year stands in, and says so.
    assert set(cia["year_text"]) == {"published 2010"}
    amnesty = t[t["source_id"] == "dia_amnesty_1999"]
    assert set(amnesty["year_text"]) == {"1979"}
    assert set(t.loc[t["source_id"] == "dia_routledge_turkic", "year_text"]) == {"not given"}
    # "Dari-speaking" describes a group; "speakers of Southern Uzbek" count a language.
    assert set(t.loc[t["source_id"] == "dia_loc_1997", "counts"]) == {"ethnic group"}
    assert set(t.loc[t["source_id"] == "dia_ethnologue_16", "counts"]) == {"language speakers"}


def test_breaks_list_sudden_changes_with_their_years():
    uzb = diaspora.breaks("UZB", "AFG", 2010, 2022)
    assert uzb[["series", "value_from", "value_to"]].values.tolist()[0] == [
        "refugees from Afghanistan",
        13,
        13032,
    ]
    tur = diaspora.breaks("TUR", "AFG", 2010, 2022)
    own = tur[tur["series"] == "refugees from Afghanistan"]
    assert own[["year_from", "year_to"]].values.tolist() == [[2018, 2019], [2019, 2020]]
    kaz = diaspora.breaks("KAZ", "AFG", 2010, 2022)
    assert kaz[["series", "year_from", "value_to"]].values.tolist() == [
        ["people from Russian Federation", 2010, 0]
    ]
    # Afghans in Azerbaijan change less than threefold from year to year.
    aze = diaspora.breaks("AZE", "AFG", 2010, 2022)
    assert not aze["series"].str.contains("Afghanistan").any()
    # Years of two different UNHCR extracts are never compared with each other.
    irn = diaspora.breaks("IRN", "AFG", 2005, 2012)
    assert not ((irn["year_from"] == 2009) & (irn["year_to"] == 2010)).any()


def test_methods_name_the_all_origin_hosts_and_only_the_sections_shown():
    aze, tur, syr = (
        diaspora.methods("AZE", "AFG"),
        diaspora.methods("TUR", "AFG"),
        diaspora.methods("TUR", "SYR"),
    )
    for host in diaspora.all_origin_hosts(quiet=True):
        assert country_name(host) in aze
    assert "**Programmes.**" in aze and "**Programmes.**" not in tur
    assert "**Turkic peoples.**" in tur and "**Turkic peoples.**" not in syr


def test_programme_rows_merge_the_counts_of_one_programme():
    rows = diaspora.programme_rows()
    asan = rows[rows["programme"].str.startswith("ASAN")]
    assert len(asan) == 1 and ":" not in asan.iloc[0]["programme"]
    figure = asan.iloc[0]["figure"]
    assert "people trained" in figure and "training sessions" in figure


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
    section are left out with a short paragraph; shares, ranks and breaks are shown."""
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
    # Issue 12 item 8: the Azerbaijan–Afghanistan ties stay in every edition, as context.
    assert "Azerbaijan and Afghanistan: people-to-people programmes" in text
    assert "ASAN" in text and "not shown here" not in text
    # A one-sentence brief comparison closes the refugee section without a heading.
    assert "What the briefs say" not in text
    # Sudden breaks are listed with the reason the data lack.
    assert "People from Somalia: 5,756 in 2018, none in 2019." in text
    assert "Possible causes are new arrivals, departures" in text
    assert "Largest host countries compared 3" in text and "Host country Türkiye" in text
    assert "Hosts shown" not in text and "(TUR)" not in text.split("Summary")[0]
    for forbidden in ("Traceback", "import azaf", "Error", "<NA>", "nan"):
        assert forbidden not in text
    manifest = json.loads((folder / "manifest.json").read_text())
    (entry,) = manifest["reports"]
    figures = {k["name"]: k for k in entry["key_figures"]}
    # The 2025 UNHCR release gives end-2022 stocks where the older one had mid-2022.
    assert figures["diaspora.refugees_in_host_latest"]["period"] == "2022"
    assert figures["diaspora.origin_share_latest"]["unit"] == "percent"
    assert entry["parameters"]["host"] == "TUR" and entry["id"] == "diaspora"


def test_every_edition_keeps_the_azerbaijan_afghanistan_ties(monkeypatch):
    """Issue 12 item 8: the Türkiye, Kazakhstan and Uzbekistan editions show the programmes."""
    import IPython.display

    seen: list[str] = []
    monkeypatch.setattr(
        IPython.display,
        "display",
        lambda *objs, **_: seen.extend(str(getattr(o, "data", o)) for o in objs),
    )
    for host in ("TUR", "UZB"):
        seen.clear()
        diaspora.programmes_words(diaspora.programmes(host, "AFG"))
        diaspora.programmes_table(diaspora.programmes(host, "AFG"))
        diaspora.programme_events_words(diaspora.programme_events(host, "AFG"))
        page = "\n".join(seen)
        assert "ASAN" in page and "<table" in page
        assert "kept here as context" in page
        assert "not shown here" not in page


def test_hosts_over_time_are_small_multiples_with_a_finding_title(monkeypatch):
    import IPython.display

    from azaf import report

    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: None)
    report.STATE.__init__()  # type: ignore[misc]
    diaspora.hosts_trend_chart(diaspora.abroad("AZE", "AFG", 2010, 2030, 8))
    label, caption, _ = report.STATE.chart_data[-1]
    assert "hosted the most refugees from Afghanistan in " in caption.split(".")[0]
    assert "each panel has its own scale" in caption
    assert "log" not in caption.lower()
