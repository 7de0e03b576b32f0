"""The trade report: its topic functions on the real data, and (slow) the report built with
its defaults and with parameters for which the data hold little or nothing."""

from __future__ import annotations

import json
import math
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from conftest import build_in_copy
from pypdf import PdfReader

from azaf.build import BuildOptions
from azaf.data import load_quiet, sources
from azaf.topics import trade
from azaf.topics.trade import _format, charts

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the topic functions display, as text (HTML and Markdown), in order."""
    import IPython.display

    from azaf import report

    out: list[str] = []

    def capture(*objs, raw=False, **_):
        for obj in objs:
            if isinstance(obj, dict):  # raw mime bundles: key figures, datasets read
                continue
            out.append(getattr(obj, "data", str(obj)))

    monkeypatch.setattr(IPython.display, "display", capture)
    report.STATE.__init__()  # type: ignore[misc]
    return out


# --- bilateral figures -------------------------------------------------------------------


def test_reported_turnover_keeps_both_sides_apart():
    rows = trade.reported_turnover("AZE", "AFG", 2005, 2024)
    assert rows[["year", "side", "value"]].values.tolist() == [
        [2010, "AZE", 69.4],
        [2014, "AZE", 275.0],
        [2018, "AFG", 14.0],
        [2018, "AZE", 71.5],
    ]
    assert rows.loc[rows["side"] == "AFG", "qualifier"].tolist() == ["at_least"]


def test_growth_between_reported_points_and_the_stated_change():
    rows = trade.reported_turnover("AZE", "AFG", 2005, 2024)
    stated = trade.stated_changes("AZE", "AFG", 2005, 2024)
    g = trade.growth(rows, stated)
    assert g[["side", "from_year", "to_year"]].values.tolist() == [
        ["AZE", 2010, 2014],
        ["AZE", 2014, 2018],
    ]
    assert round(g["change_pct"].iloc[0], 1) == 296.3
    assert g["stated_pct"].iloc[0] == 296  # the brief's own figure agrees with ours
    assert round(g["change_pct"].iloc[1]) == -74
    assert trade.PEAK_TO_LATEST in g["kind"].iloc[1]
    assert set(g["source_ids"].iloc[1]) == {"brief_2023", "azernews_2019_05_27"}


def test_growth_needs_two_figures_of_one_side():
    rows = trade.reported_turnover("AZE", "AFG", 2011, 2015)
    assert trade.growth(rows).empty


def test_missing_years_lists_the_gaps():
    rows = trade.reported_turnover("AZE", "AFG", 2005, 2024)
    gaps = trade.missing_years(rows, 2005, 2024)
    assert len(gaps) == 17
    assert {2010, 2014, 2018}.isdisjoint(gaps)


def test_conflicting_growth_rates_are_both_kept():
    stated = trade.stated_changes("AZE", "AFG", 2018, 2018)
    assert sorted(stated["value"]) == [30.0, 37.0]


def test_brief_claims_cover_only_years_without_a_statement():
    claims = trade.brief_claims("AZE", "AFG", 2005, 2024)
    assert claims["year"].tolist() == [2019, 2020, 2022]
    assert trade.brief_claims("AZE", "TKM", 2005, 2024).empty


# --- key figures ---------------------------------------------------------------------------


def test_key_figures_with_defaults():
    figures = {k["name"]: k for k in trade.key_figures()}
    assert set(figures) == {
        "trade.latest_turnover",
        "trade.peak_turnover",
        "trade.change_peak_to_latest",
        "trade.share_of_partner_total",
    }
    for k in figures.values():
        assert set(k) == {"name", "value", "unit", "period", "source", "label"}
    assert (
        figures["trade.latest_turnover"]["value"],
        figures["trade.latest_turnover"]["period"],
    ) == (
        71.5,
        "2018",
    )
    # The 2010 and 2014 figures come from the 2023 brief alone (the fact check calls them
    # unverified): drawn and labelled, never a headline.
    assert figures["trade.peak_turnover"]["value"] == 71.5
    assert figures["trade.peak_turnover"]["period"] == "2018"
    assert figures["trade.change_peak_to_latest"]["value"] is None
    assert "Azerbaijan" in figures["trade.latest_turnover"]["label"]
    share = figures["trade.share_of_partner_total"]
    assert share["value"] == 1.0 and share["period"] == "2018 vs 2017/18 (Afghan year 1396)"
    assert "rough scale: different periods and reporters" in share["label"]


def test_key_figures_without_data_are_empty_not_invented():
    figures = trade.key_figures(partner="TKM")
    assert [k["value"] for k in figures] == [None, None, None]
    one = {k["name"]: k for k in trade.key_figures(start_year=2011, end_year=2015)}
    assert one["trade.latest_turnover"]["value"] is None
    assert "beyond the founding briefs" in one["trade.latest_turnover"]["label"]


# --- products, regional trade, corridor --------------------------------------------------


def test_products_are_grouped_into_fuels_and_foods():
    rows = trade.products("AZE", "AFG")
    socar = rows[rows["supplier"] == "SOCAR"]
    assert set(socar["product"]) == {"diesel", "kerosene", "liquid butane"}
    assert set(socar["kind"]) == {"fuel"}
    assert {"sugar", "milk", "cream"} <= set(rows.loc[rows["kind"] == "food", "product"])
    assert trade.products("AZE", "TKM").empty


def test_regional_rows_are_the_partners_trade_with_comparators_and_world():
    rows = trade.regional("AZE", "AFG", 2005, 2025, ["IRN", "PAK", "AFG"])
    assert set(rows["other"]) == {"IRN", "PAK", "WLD"}
    assert trade.regional("AZE", "AFG", 2005, 2025, ["IND"])["other"].unique().tolist() == ["WLD"]
    # The pair's highest reported figure travels with the frame, to set beside them.
    assert rows.attrs["bilateral_peak"]["value"] == 275.0


def test_first_convoy_tonnages_are_shown_side_by_side():
    ship = trade.shipments()
    first = ship[ship["sort"].str.startswith("2018-12")]
    assert sorted(set(first["tonnes"])) == [135.0, 175.0]
    words = _format._convoy_words(first)
    # Each tonnage with its stage and who reported it; the equal arrival reports are grouped.
    assert "more than 175 t announced before departure from Herat" in words
    assert "135 t on departure from Herat" in words
    assert "175 t on arrival at Baku International Sea Trade Port (AzerNews, 28 Dec 2018; " in words
    assert "average" not in words


def test_a_share_is_phrased_as_computed_not_rounded_up():
    assert _format._about_fraction(14 / 71.5) == "19.6% (about a fifth)"
    assert _format._about_fraction(0.43) == "43.0%"
    row = pd.Series({"period": "c. 2018 (annual)", "year": 2018})
    assert _format._year_words(row) == "around 2018 (year not stated exactly)"


def test_month_only_events_follow_the_dated_events_of_their_month():
    miles = trade.corridor_milestones(2018, 2019)
    assert miles["when"].tolist()[:2] == ["13 Dec 2018", "Dec 2018"]
    assert miles["when"].iloc[-1] == "2019"  # a year-only event after the dated ones


def test_legs_show_the_countries_they_cross():
    crossed = {r["leg"]: charts._countries_crossed(r) for _, r in trade.legs().iterrows()}
    assert crossed["L8"] == "Azerbaijan → Georgia → Türkiye"
    assert crossed["L10"] == "Georgia → Türkiye"
    assert crossed["L5"] == "Turkmenistan → Azerbaijan"


def test_year_ticks_cover_the_range():
    assert _format._year_ticks(2005, 2025) == [2005, 2010, 2015, 2020, 2025]
    assert _format._year_ticks(2018, 2019) == [2018, 2019]


def test_corridor_legs_run_from_afghanistan_to_turkiye_each_with_a_source():
    legs = trade.legs()
    assert legs["country"].iloc[0] == "AFG" and legs["country"].iloc[-1] == "TUR"
    assert list(dict.fromkeys(legs["country"])) == ["AFG", "TKM", "AZE", "GEO", "TUR"]
    places = " ".join(legs["from_place"].fillna("") + " " + legs["to_place"].fillna(""))
    for place in ("Herat", "Torghundi", "Aqina", "Turkmenbashi", "Baku", "Tbilisi", "Kars"):
        assert place in places
    sea = legs[legs["mode"] == "sea"]
    assert sea[["from_place", "to_place"]].values.tolist() == [["Turkmenbashi", "Baku"]]
    assert (legs["mode"] == "rail").any()
    registry = sources()
    assert set(legs["source_id"]) <= set(registry.index)
    new = [s for s in registry.index if s.startswith("trade_")]
    assert set(new) <= set(legs["source_id"])  # every source added for the legs is used


def test_milestones_follow_the_years():
    assert "t017" in trade.corridor_milestones(2005, 2024)["id"].tolist()
    assert trade.corridor_milestones(2005, 2010).empty
    # military agreements are not trade milestones
    assert "t015" not in trade.corridor_milestones(2005, 2024)["id"].tolist()


# --- what a reader sees (topic functions rendered to text) --------------------------------


def _plain(parts: list[str]) -> str:
    return "\n".join(parts).replace("\\$", "$")


def _turnover_section(frame: pd.DataFrame) -> None:
    """The turnover section's chart and words cells, as the notebook runs them."""
    trade.turnover_chart(frame)
    trade.turnover_words(frame)


def _corridor_section(start: int, end: int) -> None:
    """The corridor section's cells, as the notebook runs them."""
    trade.milestones_table(trade.corridor_milestones(start, end))
    shipments = trade.shipments(start, end)
    trade.shipments_words(shipments)
    trade.shipments_table(shipments)
    route = trade.legs()
    trade.route_words(route)
    trade.route_table(route)
    trade.capacity_words()


def test_summary_has_three_to_five_findings_with_figures_and_periods(shown):
    trade.summary_words(trade.findings("AZE", "AFG", 2005, 2024))
    text = _plain(shown)
    # The findings are a Markdown list, rendered (and escaped) by azaf.text.md.
    bullets = [line for line in text.splitlines() if line.startswith("<li>")]
    assert 3 <= len(bullets) <= 5
    assert "US$275 million</strong> in 2014" in text
    assert "US$71.5 million</strong> in 2018" in text
    assert "No official yearly figure for 2019–2024 is in this series' data" in text
    assert "three different tonnages" in text  # more than 175 t, 135 t and 175 t
    assert "Afghan year 1396 (March 2017 to March 2018)" in text and "SY1396" not in text
    assert "135 t" in text and "175 t" in text
    assert "which is at least 19.6% (about a fifth) of Azerbaijan's figure" in text
    assert "around 2018 (year not stated exactly)" in text
    assert "rough scale only, since the periods and the reporting bodies differ" in text
    assert "Ministry of Economy of Azerbaijan etc" not in text


def test_summary_for_a_partner_without_data_says_so(shown):
    trade.summary_words(trade.findings("AZE", "TKM", 2005, 2024))
    text = _plain(shown)
    assert "No reported figure for trade between Azerbaijan and Turkmenistan" in text
    assert "goods traded between Azerbaijan and Turkmenistan" in text


def test_turnover_section_draws_points_and_states_the_gaps(shown):
    _turnover_section(trade.turnover("AZE", "AFG", 2005, 2024))
    text = _plain(shown)
    assert "Figure 1." in text and "<svg" in text
    assert "Years without a figure." in text and "2019–2024" in text
    assert "only from the 2023 brief" in text
    assert "US$805,000" in text  # the brief's claim, in its own table
    assert "Table 3." in text


def test_turnover_section_with_no_figure_in_range_draws_nothing(shown):
    _turnover_section(trade.turnover("AZE", "AFG", 2019, 2024))
    text = _plain(shown)
    assert "<svg" not in text
    assert "Neither side's yearly turnover for Azerbaijan and Afghanistan in 2019–2024" in text
    assert "2010, 2014 and 2018, outside the chosen years" in text


def test_corridor_section_shows_route_and_what_is_missing(shown):
    _corridor_section(2005, 2024)
    text = _plain(shown)
    assert "The first convoy." in text
    assert "Turkmenbashi" in text and "Kars" in text
    assert "capacity figures for the Caspian ferry crossing" in text
    assert "cannot say" not in text


def test_methods_name_the_comtrade_query_without_claiming_a_loader():
    assert "reporter (UN M49 code 31)" in trade.METHODS
    assert "code\n4)" in trade.METHODS or "code 4)" in trade.METHODS
    assert "(not yet in this series' data)" in trade.METHODS
    assert "No statistical office publishes" not in trade.METHODS
    assert "loader" not in trade.METHODS  # plain words, no developer talk
    assert "mirror" in trade.METHODS


def test_corridor_table_has_no_empty_source():
    legs = load_quiet("corridor_legs")
    assert legs["source_id"].notna().all()
    assert not legs["source_id"].eq("brief_2023").any()  # places now come from pages read


# --- the built report (slow) ---------------------------------------------------------------


def _pdf_text(path: Path) -> str:
    return unicodedata.normalize(
        "NFKC", "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)
    )


@pytest.mark.slow
def test_trade_report_builds_with_defaults_and_with_thin_parameters(tmp_path):
    copy = tmp_path / "azaf"
    runs = {
        "defaults": [],
        "tkm": ["trade.partner=TKM"],
        "one": ["trade.start_year=2011", "trade.end_year=2015"],
    }
    results = build_in_copy(
        copy, *(BuildOptions(only=["trade"], sets=sets, name=name) for name, sets in runs.items())
    )
    for result in results:
        assert result.ok, [(e["id"], e.get("error")) for e in result.entries]
    reports = copy / "reports"

    # Defaults: the figures, sources and methods a reader needs; key figures = key_figures().
    text = _pdf_text(reports / "defaults" / "trade.pdf")
    for expected in (
        "Figure 1. The only independently sourced yearly figure is US$71.5 million for 2018; "
        "no official figure since 2018",
        "Claimed in the 2023 brief",
        "US$275 million",
        "US$71.5 million",
        "Reported by Afghanistan",
        "Years without a figure.",
        "Turkmenbashi",
        "Sources and methods",
        "UN Comtrade",
    ):
        assert expected in " ".join(text.split()), expected  # titles may wrap
    for forbidden in ("Traceback", "import azaf", "Error", "$$", "**"):
        assert forbidden not in text, forbidden
    manifest = json.loads((reports / "defaults" / "manifest.json").read_text())
    recorded = {k["name"]: k["value"] for k in manifest["reports"][0]["key_figures"]}
    expected_kf = {k["name"]: k["value"] for k in trade.key_figures()}
    assert recorded.keys() == expected_kf.keys()
    for name, value in expected_kf.items():
        assert recorded[name] == value or math.isclose(recorded[name], value), name

    # A partner the data know nothing about: the report says so and draws nothing.
    tkm = _pdf_text(reports / "tkm" / "trade.pdf")
    assert "No reported figure for trade between Azerbaijan and Turkmenistan" in tkm.replace(
        "\n", " "
    )
    assert "Figure 1." not in tkm
    assert "Figure 2." not in text  # the mixed-period regional figures are a table, not bars
    kf = json.loads((reports / "tkm" / "manifest.json").read_text())["reports"][0]["key_figures"]
    assert all(k["value"] is None for k in kf)

    # Five years with one figure: one point, no change computed, the gaps named.
    one = _pdf_text(reports / "one" / "trade.pdf").replace("\n", " ")
    assert "Figure 1. Only a founding brief gives a yearly figure: US$275 million in 2014" in one
    assert "no change can be computed" in one
    assert "2011–2013 and 2015" in one


def test_products_named_differently_by_two_sources_are_counted_once(shown):
    rows = trade.products("AZE", "AFG")
    assert "kerosene fuel" not in set(rows["product"]) and "butane gas" not in set(rows["product"])
    trade.products_words(rows)
    trade.products_table(rows)
    text = _plain(shown)
    assert "the sources name 8 products" in text
    assert text.count("<td>Kerosene</td>") == 1
    assert "<td>Fuel</td>" in text and "<td>fuel</td>" not in text


def test_afghan_solar_years_read_as_their_gregorian_years():
    assert trade.period_words("SY1396 (2017/18)") == "2017/18 (Afghan year 1396)"
    assert trade.period_words("SY1401", long=True) == (
        "the Afghan year 1401 (March 2022 to March 2023)"
    )
    assert trade.period_words("2016") == "2016"


def test_turnover_title_states_the_finding_from_the_figures():
    rows = trade.reported_turnover("AZE", "AFG", 2005, 2025)
    # The 2014 peak is the 2023 brief's alone (unverified in the fact check): not the headline.
    assert trade.turnover_title(rows, "AZE", "AFG", 2025) == (
        "The only independently sourced yearly figure is US$71.5 million for 2018; "
        "no official figure since 2018"
    )
    # Data ending in the last year shown: no "since" clause.
    assert trade.turnover_title(rows, "AZE", "AFG", 2018) == (
        "The only independently sourced yearly figure is US$71.5 million for 2018"
    )
    # A made-up later, higher figure moves the peak: the title follows the data.
    later = pd.concat(
        [rows, rows.iloc[[-1]].assign(id="x", year=2024, value=300.0)], ignore_index=True
    )
    assert trade.turnover_title(later, "AZE", "AFG", 2025) == (
        "Reported trade was highest in the latest year reported: US$300 million in 2024"
    )


def test_regional_figures_are_a_table_not_a_ranking_chart(shown):
    rows = trade.regional("AZE", "AFG", 2005, 2025, trade.DEFAULT_COMPARATORS)
    trade.regional_words(rows)
    trade.regional_table(rows)
    text = _plain(shown)
    assert "<svg" not in text and "Table 1." in text
    assert "a sense of scale, not a ranking" in text
    assert "SY1396" not in text and "2017/18 (Afghan year 1396)" in text


# --- a researcher's view: data, chart and words of a section --------------------------------


def test_help_lists_the_public_functions_each_with_a_one_line_docstring():
    import pydoc

    page = pydoc.render_doc(trade, renderer=pydoc.plaintext)
    for name in trade.__all__:
        assert name in page, name
        obj = getattr(trade, name)
        if callable(obj):
            assert (obj.__doc__ or "").strip(), name
    for step in ("turnover", "turnover_chart", "turnover_words", "findings", "summary_words"):
        assert f"{step}(" in page, step


def test_every_module_of_the_topic_is_small():
    folder = ROOT / "azaf" / "topics" / "trade"
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in folder.glob("*.py")}
    assert {"queries.py", "charts.py", "words.py"} <= set(sizes)
    assert max(sizes.values()) < 600, sizes


def test_the_turnover_frame_carries_its_parameters_and_keeps_them_when_filtered():
    frame = trade.turnover("AZE", "AFG", 2005, 2025)
    assert set(frame["measure"]) == {"value", "change", "claim"}
    kept = frame[frame["side"] == "AFG"]
    assert kept.attrs["reporter"] == "AZE" and kept.attrs["end_year"] == 2025
    assert kept.attrs["reported_years"] == [2010, 2014, 2018]


def _figure(shown: list[str], number: int = 1) -> str:
    return next(p for p in shown if f'id="figure-{number}"' in p)


def test_a_filtered_turnover_frame_changes_caption_rows_source_and_words(shown):
    from azaf import report

    frame = trade.turnover("AZE", "AFG", 2005, 2025)
    _turnover_section(frame)
    full, full_rows = _plain(shown), len(report.STATE.chart_data[-1][2])
    full_figure = _figure(shown)
    shown.clear()
    report.STATE.__init__()  # type: ignore[misc]
    _turnover_section(frame[frame["side"] == "AFG"])  # Afghanistan's own figures only
    afg, afg_rows = _plain(shown), len(report.STATE.chart_data[-1][2])
    afg_figure = _figure(shown)

    assert "The only independently sourced yearly figure is US$71.5 million" in full_figure
    # The lower bound the Afghan chamber gave stays a lower bound in the title.
    assert "One yearly figure reported: at least US$14 million in 2018" in afg_figure
    assert (full_rows, afg_rows) == (6, 1)  # four reported values and two claims, then one
    assert "Baku Dialogues" in full_figure and "Baku Dialogues" not in afg_figure
    assert "Afghanistan Chamber of Commerce and Industries (ACCI)" in afg_figure
    assert "In words: from 2010 to 2014 the figures Azerbaijan reported rose" in full
    assert "In words:" not in afg
    assert "Each side gave at most one yearly figure in these years" in afg
    assert "What the 2023 brief says about later years" in full
    assert "What the 2023 brief says about later years" not in afg


def test_a_turnover_frame_cut_to_later_years_changes_rows_and_words(shown):
    from azaf import report

    frame = trade.turnover("AZE", "AFG", 2005, 2025)
    later = frame[frame["year"] >= 2014]
    fig = trade.turnover_chart(later)
    trade.turnover_words(later)
    text = _plain(shown)
    assert fig is not None and hasattr(fig, "savefig")
    assert len(report.STATE.chart_data[-1][2]) == 5  # 2010 is gone from the data behind it
    assert "The figure for 2014 comes only from the 2023 brief" in text
    assert "19 of the 21 years in 2005–2025 have no reported yearly figure" in text
    assert "open diamonds in Figure 1" in text


def test_a_turnover_frame_filtered_to_nothing_says_so_and_draws_nothing(shown):
    frame = trade.turnover("AZE", "AFG", 2005, 2025)
    assert trade.turnover_chart(frame.iloc[:0]) is None
    trade.turnover_words(frame.iloc[:0])
    text = _plain(shown)
    assert "<svg" not in text and "Figure" not in text
    assert "Neither side's yearly turnover for Azerbaijan and Afghanistan in 2005–2025" in text


def test_filtered_products_and_regional_frames_change_their_words(shown):
    rows = trade.products("AZE", "AFG")
    trade.products_words(rows[rows["kind"] == "fuel"])
    trade.products_table(rows[rows["kind"] == "fuel"])
    text = _plain(shown)
    assert "foods (" not in text and "<td>Food</td>" not in text
    assert "fuels (" in text
    shown.clear()
    regional = trade.regional("AZE", "AFG", 2005, 2025, trade.DEFAULT_COMPARATORS)
    trade.regional_words(regional[regional["other"] != "IRN"])
    assert "The data hold no figure for Afghanistan's trade with Iran" in _plain(shown)


def test_a_filtered_findings_frame_changes_the_summary(shown):
    found = trade.findings("AZE", "AFG", 2005, 2025)
    assert found["source_ids"].map(len).gt(0).sum() >= 4  # the sources behind each sentence
    trade.summary_words(found[found["about"] != "the first convoy"])
    text = _plain(shown)
    assert "first Lapis Lazuli cargo" not in text
    assert "US$71.5 million</strong> in 2018" in text


# --- a researcher filters a section's data in the notebook (slow) ---------------------------


def _between(page: str, start: str, end: str) -> str:
    i = page.index(start)
    return page[i : page.index(end, i)]


def _words(page: str) -> str:
    """The page as a reader reads it: tags dropped, entities decoded, spaces collapsed."""
    import html
    import re

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _run_and_render(notebook: Path, project: Path, out: Path) -> str:
    """Execute a notebook as the build does (papermill, kernel "azaf") and render its HTML."""
    import nbformat

    from azaf.execute import execute
    from azaf.render import render_html

    nb = execute(notebook, out, {}, project / "notebooks", kernel="azaf")
    nb.metadata["azaf"] = {"id": "trade", "report": "trade", "title": "Trade and connectivity"}
    nbformat.write(nb, str(out))
    page, _ = render_html(nb, project / "templates")
    return page


@pytest.mark.slow
def test_a_filter_cell_after_the_turnover_data_changes_the_published_section(tmp_path, monkeypatch):
    import re
    import shutil

    import nbformat
    from conftest import COPY_IGNORE

    project = tmp_path / "azaf"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
    monkeypatch.setenv("AZAF_PROJECT", str(project))
    monkeypatch.setenv("AZAF_EDITION", "2026-12-01")
    original = project / "notebooks" / "10_trade.ipynb"
    nb = nbformat.read(str(original), as_version=4)
    data = next(
        i for i, c in enumerate(nb.cells) if c.source.startswith("turnover = trade.turnover(")
    )
    assert "data" in nb.cells[data].metadata.get("tags", [])
    # The researcher's cell: keep Afghanistan's own figures only, then rerun what follows.
    nb.cells.insert(
        data + 1,
        nbformat.v4.new_code_cell('turnover = turnover[turnover["side"] == "AFG"]'),
    )
    filtered = project / "notebooks" / "10_trade_filtered.ipynb"
    nbformat.write(nb, str(filtered))

    pages = {
        name: _run_and_render(path, project, tmp_path / f"{name}.ipynb")
        for name, path in (("before", original), ("after", filtered))
    }
    figure = {
        n: _between(p, '<figure class="azaf-figure" id="figure-1">', "</figure>")
        for n, p in pages.items()
    }
    behind = {
        n: _between(p, '<table class="dataframe azaf-table azaf-chartdata">', "</table>")
        for n, p in pages.items()
    }
    section = {
        n: _words(_between(p, 'id="Bilateral-turnover-as-reported"', 'id="What-was-traded"'))
        for n, p in pages.items()
    }

    # The chart's title and its rows in "Data behind the charts" follow the filtered frame.
    assert "The only independently sourced yearly figure is US$71.5 million" in figure["before"]
    assert "One yearly figure reported: at least US$14 million in 2018" in figure["after"]
    assert "Figure 1: One yearly figure reported: at least US$14 million" in behind["after"]
    assert (behind["before"].count("<tr>"), behind["after"].count("<tr>")) == (6, 1)
    # Its source line names only the Afghan chamber.
    source = {n: _words(_between(f, '<p class="azaf-source">', "</p>")) for n, f in figure.items()}
    assert "Baku Dialogues" in source["before"] and "Ministry of Economy" in source["before"]
    assert source["after"] == (
        "Source: Afghanistan Chamber of Commerce and Industries (ACCI), Afghanistan–Azerbaijan "
        "trade ties improving (as reported by Customs Today)."
    )
    # Its words: no change can be computed from one figure, and no claim is listed.
    assert "In words: from 2010 to 2014 the figures Azerbaijan reported rose" in section["before"]
    assert "Each side gave at most one yearly figure in these years" in section["after"]
    assert "In words:" not in section["after"]
    assert "20 of the 21 years in 2005–2025" in section["after"]
    # The other sections did not move, and no code reached the page.
    rest = {
        # Tables are numbered through the report: fewer tables above renumber those below.
        n: re.sub(r"Table \d+", "Table", _words(_between(p, 'id="Summary"', 'id="Bilateral')))
        + re.sub(
            r"Table \d+",
            "Table",
            _words(_between(p, 'id="What-was-traded"', 'id="sources-and-methods"')),
        )
        for n, p in pages.items()
    }
    assert rest["before"] == rest["after"]
    for name, page in pages.items():
        assert "turnover = " not in page and "trade.turnover" not in page, name


def test_a_stated_upper_bound_is_shown_as_one(shown):
    trade.turnover_words(trade.turnover("AZE", "AFG", 2019, 2019))
    text = _plain(shown)
    assert "<td>up to +50%</td>" in text  # the ministry said "up to 50%" for Jan–Apr 2019
    assert "<td>+46%</td>" in text


def test_a_ratio_to_a_lower_bound_is_an_upper_bound(shown):
    # Afghanistan as reporter: its own figure (at least US$14 million) is under the line.
    trade.summary_words(trade.findings("AFG", "AZE", 2005, 2025, ["IND"]))
    text = _plain(shown)
    assert "which is at most 510.7% of Afghanistan's figure" in text
    assert (
        "Azerbaijan's trade with the chosen regional partners is not in this series' data" in text
    )
