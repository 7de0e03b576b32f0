"""The humanitarian report: its computations on the real data, and one real build with odd
parameters (another country, a range ending before the 2021 takeover)."""

from __future__ import annotations

import inspect
import json
import math
import re
import unicodedata
from pathlib import Path

import IPython.display
import pytest
from conftest import build_in_copy
from pypdf import PdfReader

from azaf import report
from azaf.data import load_quiet
from azaf.notebook_params import read_parameters
from azaf.topics import humanitarian as h
from azaf.topics.humanitarian.charts_women import _label_places

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts with an empty report state (key figures, citations)."""
    report.STATE.__init__()  # type: ignore[misc]
    yield
    report.STATE.__init__()  # type: ignore[misc]


@pytest.fixture(scope="module")
def afg() -> h.Inputs:
    return h.gather("AFG", 2015, 2026)


def test_period_years_reads_solar_years_ranges_and_dates():
    assert h.period_years("SY1401 (2022/23)") == (2022, 2023)
    assert h.period_years("2015-2020 (annual average)") == (2015, 2020)
    assert h.period_years("2023-01-01/2023-10-23") == (2023, 2023)
    assert h.period_years("2021-08/2023") == (2021, 2023)
    assert h.period_years("") == (None, None)
    assert h.month_words("2024-04") == "April 2024"


def test_revisions_are_rows_of_their_own_with_population_share(afg):
    needs = h.needs_by_plan(afg)
    y2020 = needs[needs["plan_year"] == 2020].set_index("version")
    assert set(y2020.index) == {"original", "revision"}
    assert y2020.loc["revision", "people_in_need"] > y2020.loc["original", "people_in_need"]
    assert y2020.loc["revision", "revision_date"] == "2020-06"
    row = needs[(needs["plan_year"] == 2022)].iloc[0]
    assert row["pop_year"] == 2022
    assert math.isclose(row["share"], row["people_in_need"] / row["population"] * 100)
    # The World Bank series ends before the newest plans: the latest population year is used.
    newest = needs[needs["plan_year"] == needs["plan_year"].max()].iloc[0]
    assert newest["pop_year"] < newest["plan_year"]


def test_conflicting_requirements_side_by_side_and_part_year_funding(afg):
    frame = h.appeals(afg)
    y2024 = frame[frame["plan_year"] == 2024]
    assert sorted(y2024["requirement"]) == [3.06e9, 3.6e9]  # both kept, not averaged
    # The latest funding of the 2024 plan is FTS's of April 2026: the whole year, not part.
    assert (y2024["as_of"] == "2026-04").all() and not y2024["part_year"].any()
    y2023 = frame[(frame["plan_year"] == 2023) & (frame["version"] == "revision")].iloc[0]
    assert y2023["as_of"] == "2026-04" and not y2023["part_year"]
    assert round(y2023["coverage"]) == 52  # 1.68 of the revised 3.2 billion (FTS)
    y2026 = frame[frame["plan_year"] == 2026].iloc[0]
    assert y2026["as_of"] == "2026-04" and y2026["part_year"]


def test_contraction_sets_outcomes_beside_the_projection(afg):
    cut = h.contraction(afg)
    compounded = cut[cut["kind"] == "compounded"].iloc[0]
    assert round(compounded["low"], 1) == -25.6
    projection = cut[cut["status"] == "projection"].iloc[0]
    assert (projection["low"], projection["high"]) == (-35, -30)


def test_revenue_keeps_afghani_and_published_dollar_conversion_together(afg):
    rev = h.revenue(afg)
    domestic = rev[(rev["measure"] == "Domestic revenue") & rev["afn_bn"].notna()].iloc[0]
    assert domestic["solar_year"] == "SY1401"
    assert round(domestic["implied_rate"], 1) == 86.6
    assert "conversion" in domestic["usd_kind"]


def test_projections_keep_their_status(afg):
    assert set(afg.poverty.loc[afg.poverty["year"] == 2022, "status"]) == {"projection"}
    assert "projection" in set(afg.food["status"])
    assert "brief_2023" not in set(afg.women["source_id"])


def test_summary_records_the_key_figures_for_the_overview(afg):
    h.executive_summary(afg)
    figures = report.STATE.key_figures
    for name in (
        "humanitarian.people_in_need_latest",
        "humanitarian.people_in_need_peak",
        "humanitarian.funding_coverage_latest",
        "humanitarian.gdp_change_2020_latest",
    ):
        assert name in figures, name
    assert figures["humanitarian.people_in_need_peak"]["value"] == 28_800_000
    assert figures["humanitarian.funding_coverage_latest"]["period"] == (
        "2026 plan, received by 2026-04"
    )
    assert figures["humanitarian.funding_coverage_year_end"]["period"] == (
        "2025 plan, received by 2026-04"
    )
    # World Bank WDI of July 2026: Afghanistan's GDP runs to 2024.
    assert figures["humanitarian.gdp_change_2020_latest"]["period"] == "2020–2024"


def test_another_country_has_only_its_economy():
    aze = h.gather("AZE", 2015, 2026)
    assert aze.plans.empty and aze.food.empty and aze.women.empty and aze.statements.empty
    assert not aze.gdp.empty and not h.gdp_per_person(aze).empty
    assert h.gdp_per_person(h.gather("TUR", 2015, 2026)).empty  # no population for Türkiye


def test_a_range_without_plans_is_empty_but_knows_what_exists():
    early = h.gather("AFG", 2000, 2012)
    assert early.plans.empty
    assert 2017 in early.plan_years_all


HUMANITARIAN_FIGURES = {
    "humanitarian.people_in_need_latest",
    "humanitarian.people_in_need_peak",
    "humanitarian.people_in_need_share_latest",
    "humanitarian.funding_coverage_latest",
    "humanitarian.funding_coverage_year_end",
    "humanitarian.gdp_latest",
    "humanitarian.gdp_per_person_latest",
    "humanitarian.gdp_change_2020_latest",
    "humanitarian.girls_out_of_secondary_latest",
    "humanitarian.women_employment_change",
}


def test_key_figures_defaults_are_the_notebooks_parameters():
    path = ROOT / "notebooks/30_humanitarian.ipynb"
    declared = {p.name: p.default for p in read_parameters(path)}
    signature = inspect.signature(h.key_figures).parameters
    assert {name: p.default for name, p in signature.items()} == declared


def test_key_figures_are_what_the_summary_records_and_show_nothing(monkeypatch, afg):
    shown: list = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_: shown.extend(objs))
    figures = h.key_figures()
    # Pure: nothing displayed, no dataset noted, nothing cited, nothing recorded.
    assert shown == [] and report.STATE.datasets == {} and report.STATE.source_ids == []
    assert report.STATE.key_figures == {}
    assert {kf["name"] for kf in figures} == HUMANITARIAN_FIGURES
    assert all(set(kf) == {"name", "value", "unit", "period", "source", "label"} for kf in figures)
    # The summary (the report's one place of recording) stores exactly these, in this order,
    # each once.
    h.executive_summary(afg)
    records = [o for o in shown if isinstance(o, dict) and report.KEYFIGURE_MIME in o]
    assert len(records) == len(figures)
    recorded = list(report.STATE.key_figures.values())
    report.STATE.key_figures.clear()
    for kf in figures:
        report.record(**kf)
    assert recorded == list(report.STATE.key_figures.values())


def test_key_figures_values_match_the_data_read_independently():
    figures = {kf["name"]: kf for kf in h.key_figures()}
    macro = load_quiet("macro_wb")
    gdp = macro[
        (macro["iso3"] == "AFG")
        & (macro["indicator"] == "gdp_current_usd")
        & macro["year"].between(2015, 2026)
    ].set_index("year")["value"]
    last = int(gdp.index.max())
    assert figures["humanitarian.gdp_latest"]["value"] == gdp[last]
    assert figures["humanitarian.gdp_latest"]["period"] == str(last)
    change = figures["humanitarian.gdp_change_2020_latest"]
    assert change["value"] == round((gdp[last] - gdp[2020]) / gdp[2020] * 100, 1)
    plans = load_quiet("humanitarian_plans")
    need = plans[(plans["indicator"] == "people_in_need") & plans["plan_year"].between(2015, 2026)]
    assert figures["humanitarian.people_in_need_peak"]["value"] == need["value"].max()


def test_key_figures_for_another_country_are_its_economy_only():
    names = {kf["name"] for kf in h.key_figures(country="AZE")}
    assert names and all(n.startswith("humanitarian.gdp_") for n in names)


@pytest.mark.slow
def test_report_builds_for_another_country_and_before_the_takeover(tmp_path):
    from azaf.build import BuildOptions

    copy = tmp_path / "azaf"
    runs = {
        "aze": ["humanitarian.country=AZE"],
        "early": ["humanitarian.start_year=2010", "humanitarian.end_year=2020"],
    }
    results = build_in_copy(
        copy,
        *(BuildOptions(only=["humanitarian"], sets=sets, name=name) for name, sets in runs.items()),
    )
    for result in results:
        assert result.ok, [(e["id"], e.get("error")) for e in result.entries]

    def pdf_text(name: str) -> str:
        pdf = copy / "reports" / name / "humanitarian.pdf"
        pages = PdfReader(pdf).pages
        return " ".join(unicodedata.normalize("NFKC", p.extract_text() or "") for p in pages)

    aze = " ".join(pdf_text("aze").split())
    assert "GDP and GDP per person of Azerbaijan" in aze
    # WDI of July 2026: Azerbaijan's GDP runs to 2025.
    assert "Azerbaijan's GDP was US$75.9 billion in 2025" in aze
    assert "humanitarian plans for Afghanistan only" in aze
    assert "The World Bank counts Azerbaijan's population" in aze  # the third finding
    assert "Sources and methods" in aze
    for forbidden in ("Traceback", "import azaf", "Error"):
        assert forbidden not in aze
    assert not re.search(r"\b(nan|NaN|<NA>|None)\b", aze.split("Sources and methods")[0])

    early = " ".join(pdf_text("early").split())
    assert "The 2020 plan counts 9.4 million people" in early
    assert "revised in June 2020" in early
    assert "after the chosen years" in early  # the restrictions come later
    assert "not the year's total" in early  # the 2017 funding figure is from September
    assert "2022" not in early.split("Sources and methods")[0].split("Summary", 1)[1][:600]

    manifest = json.loads((copy / "reports" / "early" / "manifest.json").read_text())
    entry = next(e for e in manifest["reports"] if e["report"] == "humanitarian")
    figures = {f["name"]: f for f in entry["key_figures"]}
    assert figures["humanitarian.people_in_need_latest"]["period"] == "2020"
    assert "humanitarian.gdp_change_2020_latest" not in figures


def test_plan_share_is_read_from_the_data_note_and_shown_beside_ours(afg):
    assert h.plan_share_words("About 45 % of the population, as reported.") == "about 45%"
    assert h.plan_share_words("Overviews give 21.3 to 22.3 million.") == ""
    needs = h.needs_by_plan(afg).set_index(["plan_year", "version"])
    plans = load_quiet("humanitarian_plans")
    for _, row in plans[plans["indicator"] == "people_in_need"].iterrows():
        stated = h.plan_share_words(row["note"])
        assert needs.loc[(row["plan_year"], row["version"]), "plan_share"] == stated


def test_the_brief_figure_is_a_claim_that_matches_the_projection_not_the_outcomes(afg):
    cut = h.contraction(afg)
    brief = cut[cut["kind"] == "brief"]
    assert len(brief) == 1 and brief.iloc[0]["status"] == "brief's claim"
    remark = brief.iloc[0]["remark"]
    assert remark.startswith("the 2023 brief's figure")
    assert "matches the October 2022 projection" in remark and "not the outcomes" in remark
    # The compounding uses the stated outcomes only, never the brief's figure.
    calc = cut[cut["kind"] == "compounded"].iloc[0]
    assert "World Bank" in calc["stated_by"] and "azaf" not in calc["stated_by"]
    assert h.brief_claim("brief_2023") == "claim in the 2023 brief (unverified)"
    assert h.brief_claim("tl_wb_afg_overview") == ""


def test_brief_rows_elsewhere_are_marked_as_claims(afg):
    rev = h.revenue(afg)
    assert (
        rev.loc[rev["source_id"] == "brief_2023", "usd_kind"] == h.brief_claim("brief_2023")
    ).all()
    assert (
        rev.loc[rev["source_id"] != "brief_2023", "usd_kind"] != h.brief_claim("brief_2023")
    ).all()


def test_figures_are_placed_by_the_date_they_refer_to():
    assert h.period_date("since Sept 2021, as of Jan 2023", 2023) == 2023.0
    assert h.period_date("as of June 2024", 2024) == 2024 + 5 / 12
    assert h.period_date("by 2030 if ban persists", 2030) == 2030.0
    places = _label_places([(2023.0, 1.0), (2023.0, 1.1), (2024.4, 1.5), (2024.6, 1.4)], 0.2, 0.5)
    assert places[1][1] - places[0][1] >= 0.2 - 1e-9  # stacked apart
    assert places[2][0] == "left"  # a neighbour to its right: label on the left


def test_a_country_without_plans_still_has_three_findings(monkeypatch):
    said = _shown_text(monkeypatch)
    for country in ("AZE", "TUR"):
        said.clear()
        h.executive_summary(h.gather(country, 2015, 2026, quiet=True))
        assert said[0].count("<li>") >= 3, said


def _shown_text(monkeypatch) -> list[str]:
    """What the topic functions display, as text."""
    import IPython.display

    out: list[str] = []

    def capture(*objs, **_):
        out.extend(str(getattr(o, "data", o)) for o in objs if not isinstance(o, dict))

    monkeypatch.setattr(IPython.display, "display", capture)
    return out


def test_titles_state_findings_composed_from_the_data(afg):
    needs = h.needs_by_plan(afg)
    counted = needs.dropna(subset=["people_in_need"])
    peak = counted["people_in_need"].astype(float).max()
    assert f"{peak / 1e6:,.1f} million" in h.needs_title(needs)
    title = h.funding_title(h.appeals(afg))
    assert title.startswith("Funding covered ") and "%" in title
    assert h.contraction_title(h.contraction(afg)).startswith("The stated outcomes compound")


def test_a_mostly_unfunded_set_of_appeals_is_a_table_not_an_empty_chart(monkeypatch, afg):
    shown = _shown_text(monkeypatch)
    frame = h.appeals(afg)
    h.appeals_words(frame)
    h.appeals_chart(frame)
    h.funding_table(h.funding_history(afg), frame)
    page = "\n".join(shown)
    funded = frame["coverage"].notna().sum()
    if funded * 2 <= len(frame):
        assert "<svg" not in page and "Table 1." in page
    else:
        assert "<svg" in page and "Figure 1." in page
    assert "no funding figure in the data" not in page
    if funded < len(frame):
        assert "Financial Tracking Service" in page


def test_the_report_says_what_azerbaijan_did(monkeypatch, afg):
    rows = h.azerbaijan_help(afg)
    words = " ".join(rows["what"])
    assert "ANAMA" in words and "ASAN" in words and "Training courses" in words
    assert "Lapis Lazuli" not in words  # transit talks are trade, not aid ("said" is not "aid")
    shown = _shown_text(monkeypatch)
    h.azerbaijan_words(rows)
    h.azerbaijan_table(rows)
    page = "\n".join(shown)
    assert "more than 100 people" in page and "about 20 trainings" in page
    assert "Table 1." in page and "What Azerbaijan did for Afghans" in page
    shown.clear()
    elsewhere = h.azerbaijan_help(h.gather("AZE", 2015, 2026, quiet=True))
    h.azerbaijan_words(elsewhere)
    h.azerbaijan_table(elsewhere)
    assert len(shown) == 1 and "for Afghanistan only" in shown[0]


# --- each section as data, chart and words: a researcher's filtered frame ------------------

PACKAGE = ROOT / "azaf" / "topics" / "humanitarian"
SOURCE_LINE = re.compile(r'<p class="azaf-source">([^<]*)</p>')
CAPTION = re.compile(r'<span class="azaf-finding">([^<]*)</span><span class="azaf-figsub">([^<]*)')


def _chart_and_words(monkeypatch, steps) -> dict:
    """What a section's steps show: the figure's caption and subtitle, its source line, the
    rows kept for "Data behind the charts", and all the text shown."""
    shown = _shown_text(monkeypatch)
    before = len(report.STATE.chart_data)
    figures = [step() for step in steps]
    page = "\n".join(shown)
    (label, titled, rows), *_ = report.STATE.chart_data[before:]
    return {
        "figures": figures,
        "caption": CAPTION.search(page).groups(),
        "source": SOURCE_LINE.search(page).group(1),
        "rows": len(rows),
        "page": page,
    }


def test_a_filtered_needs_frame_changes_the_chart_its_data_its_source_and_the_words(
    monkeypatch, afg
):
    needs = h.needs_by_plan(afg)
    early = needs[needs["plan_year"] <= 2021]
    assert early.attrs["country"] == "AFG" and early.attrs["end"] == 2026  # context travels
    full, part = (
        _chart_and_words(monkeypatch, [lambda f=f: h.needs_words(f), lambda f=f: h.needs_chart(f)])
        for f in (needs, early)
    )
    assert part["figures"][1] is not None and hasattr(part["figures"][1], "savefig")
    assert full["caption"][0] == h.needs_title(needs).replace("'", "&#x27;")
    assert part["caption"][0] == "People in need rose to 18.4 million in the 2021 plan"
    assert (part["rows"], full["rows"]) == (len(early), len(needs)) and len(early) < len(needs)
    assert part["source"] != full["source"]
    assert "plans of 2019–2026" in full["page"] and "plans of 2019–2021" in part["page"]
    assert "revised in May 2023" in full["page"] and "revised in May 2023" not in part["page"]


def test_girls_of_one_agency_only_change_the_girls_chart_and_the_table(monkeypatch, afg):
    women = h.women_figures(afg)
    unesco = women[~women["source_id"].str.startswith("wg_unicef")]
    full, part = (
        _chart_and_words(monkeypatch, [lambda f=f: h.girls_chart(f), lambda f=f: h.women_table(f)])
        for f in (women, unesco)
    )
    assert full["caption"][0] == "2.2 million girls were out of secondary school as of Mar 2025"
    assert part["caption"][0] == "1.1 million girls were out of secondary school as of Jan 2023"
    assert part["rows"] < full["rows"]
    assert "UNICEF" in full["source"] and "UNICEF" not in part["source"]
    assert "UNICEF" in full["page"].split("</figure>")[-1]  # the table's "From" column
    assert "UNICEF" not in part["page"].split("</figure>")[-1]


def test_gdp_up_to_2020_changes_title_subtitle_and_words(monkeypatch, afg):
    gdp = h.gdp_by_year(afg)
    before = gdp[gdp["year"] <= 2020]
    full, part = (
        _chart_and_words(monkeypatch, [lambda f=f: h.gdp_words(f), lambda f=f: h.gdp_chart(f)])
        for f in (gdp, before)
    )
    assert full["caption"][1].endswith("2015–2024") and part["caption"][1].endswith("2015–2020")
    assert "its 2020 level" in full["caption"][0] and "2020 was" in part["caption"][0]
    assert (full["rows"], part["rows"]) == (len(gdp), len(before))
    assert "From 2020 to 2024" in full["page"] and "From 2020" not in part["page"]
    assert "series in the data ends in 2020" in part["page"]


def test_words_of_an_emptied_frame_are_what_the_report_says_when_the_data_have_none(
    monkeypatch, afg
):
    shown = _shown_text(monkeypatch)
    needs = h.needs_by_plan(afg)
    none = needs[needs["plan_year"] > 2030]
    h.needs_words(none)
    assert h.needs_chart(none) is None
    h.needs_table(none)
    assert shown == [
        "<p>The data hold no humanitarian plan figures for 2015–2026; the plans in the data "
        "cover 2017–2026.</p>\n"
    ]
    shown.clear()
    women = h.women_figures(afg)
    empty = women.iloc[0:0]
    assert h.girls_chart(empty) is None and h.employment_chart(empty) is None
    h.women_table(empty)
    assert shown == ["<p>The data hold no figure on women and girls for 2015–2026.</p>\n"]


def test_a_frame_without_its_context_gets_a_clear_error(afg):
    import pandas as pd

    bare = pd.DataFrame(h.needs_by_plan(afg))
    bare.attrs = {}
    with pytest.raises(ValueError, match="which country and years"):
        h.needs_chart(bare)


def test_help_lists_the_public_functions_each_with_a_docstring():
    import pydoc

    page = pydoc.render_doc(h, renderer=pydoc.plaintext)
    listed = set(re.findall(r"^    (\w+)\(", page, re.M))
    functions = {n for n in h.__all__ if callable(getattr(h, n)) and n != "Inputs"}
    assert functions <= listed, functions - listed
    for name in ("gather", "needs_by_plan", "needs_chart", "needs_words", "key_figures"):
        assert name in listed
    for name in functions:
        first = (getattr(h, name).__doc__ or "").strip().splitlines()
        assert first and first[0], name
    assert "data" in page and "chart" in page and "words" in page  # how a section is built


def test_every_module_of_the_topic_is_small():
    sizes = {p.name: len(p.read_text().splitlines()) for p in PACKAGE.glob("*.py")}
    assert sizes and all(n < 600 for n in sizes.values()), sizes


def test_the_notebook_shows_each_section_as_data_then_its_chart_and_words():
    import nbformat

    nb = nbformat.read(ROOT / "notebooks/30_humanitarian.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    data = [c for c in code if "data" in c.metadata.get("tags", [])]
    assert len(data) >= 9
    for cell in data:
        # A data step names frames and shows nothing: it ends with an assignment.
        last = cell.source.strip().splitlines()[-1]
        assert re.match(r"^\w+ = humanitarian\.\w+\(", last), cell.source
    charts_ = [c.source for c in code if "_chart(" in c.source]
    assert charts_ and all(s.startswith("fig = humanitarian.") for s in charts_)
    assert code[-1].source == "azaf.sources_and_methods(humanitarian.METHODS)"


@pytest.mark.slow
def test_a_researcher_filters_the_needs_frame_and_the_published_section_follows(tmp_path):
    """Through the real papermill and the series' renderer: a cell inserted after the needs
    data cell keeps the plans up to 2021; chart, data table, source line and words follow."""
    import nbformat
    import papermill
    from nbformat.v4 import new_code_cell

    from azaf.render import render_html
    from azaf.sources import source_line

    nb = nbformat.read(ROOT / "notebooks/30_humanitarian.ipynb", as_version=4)
    at = next(
        i
        for i, c in enumerate(nb.cells)
        if "data" in c.metadata.get("tags", []) and "needs_by_plan" in c.source
    )
    nb.cells.insert(at + 1, new_code_cell('needs = needs[needs["plan_year"] <= 2021]'))
    source = tmp_path / "30_humanitarian.ipynb"
    nbformat.write(nb, source)
    executed = papermill.execute_notebook(
        str(source),
        str(tmp_path / "executed.ipynb"),
        kernel_name="azaf",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
        progress_bar=False,
        log_output=False,
    )
    html, _ = render_html(executed, ROOT / "templates")

    inputs = h.gather("AFG", 2015, 2026, quiet=True)
    needs = h.needs_by_plan(inputs)
    early = needs[needs["plan_year"] <= 2021]
    figure = html.split('<figure class="azaf-figure" id="figure-1">', 1)[1].split("</figure>")[0]
    # The chart's title and its source line follow the filtered rows.
    assert h.needs_title(early) in figure and h.needs_title(needs) not in html
    shown_source = SOURCE_LINE.search(figure).group(1)
    assert shown_source == source_line(early) != source_line(needs)
    # "Data behind the charts": the figure's table holds the filtered rows only.
    annex = html.split("Data behind the charts</h2>", 1)[1]
    table = annex.split("<h3>Figure 1:", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == len(early) < len(needs)
    assert "28,800,000" not in table and "18,400,000" in table
    # The section's words (and its table) follow too; the next section does not move.
    section = html.split("People in need of humanitarian aid", 1)[1].split("Appeals and funding")[0]
    assert "people-in-need figures for the plans of 2019–2021" in section
    assert "revised in May 2023" not in section
    assert "2023, revised" not in section  # Table 1 lost the later plans' rows
    assert h.funding_title(h.appeals(inputs)) in html
    # A publication still: no code, and the filter cell left no mark.
    for code in ("needs[needs", "humanitarian.", "import azaf", "Traceback"):
        assert code not in html
