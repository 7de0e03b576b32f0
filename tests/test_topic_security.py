"""The security report: its topic functions on the real data, and one build with odd
parameters through the real pipeline (papermill, nbconvert, Chromium)."""

from __future__ import annotations

import inspect
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import IPython.display
import pandas as pd
import pytest
from conftest import build_in_copy
from pypdf import PdfReader

from azaf import report
from azaf.data import load_quiet
from azaf.notebook_params import read_parameters
from azaf.topics import security
from azaf.topics.security import _compute

ROOT = Path(__file__).resolve().parents[1]


class Shown(list):
    """Everything a section displayed, with its text joined for assertions."""

    @property
    def text(self) -> str:
        parts = []
        for obj in self:
            if isinstance(obj, dict):
                continue  # key-figure and dataset payloads for the build, not for readers
            parts.append(str(getattr(obj, "data", obj)))
        return "\n".join(parts)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    """Collect what the report would display, with a fresh report state."""
    seen = Shown()

    def display(*objs: Any, **_: Any) -> None:
        seen.extend(objs)

    # The topic module displays through azaf.text and azaf.charts, which look display up
    # in IPython.display when they are called.
    monkeypatch.setattr(IPython.display, "display", display)
    report.STATE.__init__()  # type: ignore[misc]
    return seen


def run_all(data: security.Security) -> None:
    """Every section, in the notebook's order (data step, then its chart, tables and words)."""
    security.summary(data)
    security.deaths_words(data.deaths)
    security.deaths_chart(data.deaths)
    security.acled_words(data.acled)
    security.acled_table(data.acled)
    security.acled_comparison(data.acled)
    security.gti_words(data.gti)
    security.gti_table(data.gti)
    run_threats(data.attacks, data.claims)
    security.opium_words(data.opium)
    security.opium_chart(data.opium)
    security.opium_related_words(data.related)
    security.opium_related_table(data.related)
    security.alcis_words(data.alcis)
    security.alcis_table(data.alcis)
    security.alcis_comparison(data.alcis)
    security.drug_events_table(data.drug_events)
    run_nato(data.milestones, data.nato)
    security.contingent_chart(data.contingent)
    security.contingent_table(data.contingent)
    security.revisions_words(data.revisions)
    security.revisions_table(data.revisions)


def run_threats(attacks: pd.DataFrame, claims: pd.DataFrame) -> None:
    """The terrorism section's attacks table, al-Qaeda paragraph and claims table."""
    security.attacks_table(attacks, claims)
    security.qaeda_words(attacks)
    security.claims_table(claims, attacks)


def run_nato(milestones: pd.DataFrame, sizes: pd.DataFrame) -> None:
    """The NATO section's two tables and its words."""
    security.nato_milestones_table(milestones)
    security.nato_sizes_table(sizes)
    security.nato_words(sizes)


# ------------------------------------------------------------------------- fast unit tests


def test_deaths_come_from_one_release_the_newest():
    deaths = security.deaths("AFG", 1989, 2024)
    assert deaths["release"].nunique() == 1
    assert deaths["year"].max() == deaths.attrs["deaths_span"][1]
    assert deaths.attrs["release"] not in deaths.attrs["other_releases"]
    assert deaths.attrs["other_releases"]  # the older release is there to be mentioned
    revisions = security.revisions("AFG", 1989, 2024)
    assert not revisions.empty and revisions["release"].nunique() == 1
    assert deaths.attrs["release"] not in set(revisions["release"])


def test_a_shorter_range_cuts_every_table_to_it():
    data = security.gather("AFG", 2015, 2020)
    assert data.deaths["year"].between(2015, 2020).all()
    assert data.opium["year"].between(2015, 2020).all()
    assert data.gti["data_year"].between(2015, 2020).all()
    assert data.nato["when"].dt.year.between(2015, 2020).all()
    assert data.contingent["date"].dt.year.between(2015, 2020).all()
    for events in (data.attacks, data.milestones, data.drug_events):
        assert events["when"].dt.year.between(2015, 2020).all()
    assert (data.acled["start"].dt.year >= 2015).all()


def test_dates_for_the_markers_come_from_the_data():
    data = security.gather("AFG", 1989, 2024)
    takeover = data.deaths.attrs["takeover"]
    assert takeover["label"] == "Taliban takeover, August 2021"
    assert takeover["precision"] == "month"
    # The timeline has no dated ban: the wording, without a date.
    assert data.opium.attrs["ban"]["words"] == "the 2022 ban"
    assert data.gti.attrs["gti_break"] == 2023


def test_opium_change_against_the_ban_year():
    change = _compute._opium_change(security.opium("AFG", 1989, 2024))
    assert int(change["base"]["year"]) == 2022 and int(change["latest"]["year"]) == 2024
    assert round(change["change"]) == -93
    assert _compute._opium_change(security.opium("AFG", 2015, 2020)) is None


def test_gaps_stay_gaps():
    gaps = _compute._gap_years(security.opium("AFG", 1989, 2024))
    # UNODC's World Drug Report gives the 2019 area; no 2019 production figure was found.
    assert 2019 not in gaps["cultivation"] and 2019 in gaps["production"]
    assert 2015 in gaps["cultivation"] and 2015 not in gaps["production"]
    assert 2001 in gaps["cultivation"] and 2005 in gaps["production"]
    assert not set(range(2003, 2012)) & set(gaps["cultivation"])


def test_conflicting_contingent_reports_are_kept_not_averaged():
    rows = security.contingent("AFG", 1989, 2024)
    line = _compute._contingent_primary(rows)
    assert line["date"].is_unique
    first = rows[rows["date"] == rows["date"].min()]
    assert sorted(first["personnel"]) == [21, 22]
    assert int(line.iloc[0]["personnel"]) in (21, 22)


def test_fmt_date_keeps_the_precision():
    day = pd.Timestamp("2021-08-01")
    assert security.fmt_date(day, "month") == "August 2021"
    assert security.fmt_date(day, "year") == "2021"
    assert security.fmt_date(pd.Timestamp("2021-08-26")) == "26 August 2021"


def test_default_report_summary_and_key_figures(shown):
    data = security.gather("AFG", 1989, 2024)
    security.summary(data)
    box = shown.text
    assert box.count("<li>") in range(3, 6)
    assert "353" in box and "2024" in box  # the latest year of UCDP's newest release (25.1)
    assert "93% below" in box
    figures = report.STATE.key_figures
    assert figures["security.conflict_deaths_latest"]["value"] == 353
    assert figures["security.conflict_deaths_latest"]["period"] == "2024"
    assert figures["security.opium_production_change_vs_ban_year"]["value"] == -93
    assert figures["security.contingent_max"]["value"] == 120


def test_captions_and_labels_name_the_years_the_data_cover(shown):
    data = security.gather("AFG", 1989, 2024)
    run_all(data)
    page = shown.text
    # UCDP 25.1 ends in 2024, ACLED's periods run 2018–2020, Alcis 2022–2023: not the report's span.
    assert "ACLED aggregates for periods in 2018–2020" in page
    assert "by Alcis, 2022–2023" in page
    assert "ACLED aggregates for periods in 1989–2024" not in page
    peak = report.STATE.key_figures["security.conflict_deaths_peak"]
    assert peak["label"].endswith("1989–2024 (UCDP)")


def test_summary_names_the_missions_not_nato_led_from_2002(shown):
    security.summary(security.gather("AFG", 1989, 2024))
    box = shown.text
    assert "NATO-led" not in box
    assert "international missions in Afghanistan (ISAF, then Resolute Support)" in box
    assert "the most recent year with a UCDP figure in the data" in box
    assert "for the years chosen" not in box


def test_two_attacks_counted_together_are_one_line_with_one_count(shown):
    run_threats(security.attacks("AFG", 2023, 2023), security.claims("AFG", 2023, 2023))
    page = shown.text
    assert "January and March 2023" in page
    assert page.count("more than 20") == 1  # once, not on each row and again in the claims
    assert "The two attacks together killed more than 20 people." in page


def test_nato_statements_of_one_year_and_weak_provenance_are_said(shown):
    run_nato(security.nato_milestones("AFG", 1989, 2024), security.nato_sizes("AFG", 1989, 2024))
    page = shown.text
    assert "Two statements for 2020." in page and "15,937 (June 2020)" in page
    assert "about 10,000 (2020)" in page
    assert "address of the page read was not recorded" in page


def test_gti_notes_sit_in_a_column_of_their_rows(shown):
    gti = security.gti("AFG", 1989, 2024)
    security.gti_words(gti)
    security.gti_table(gti)
    page = shown.text
    assert "<th>Note</th>" in page
    assert "GTI 2020, 2019:" not in page


SECURITY_FIGURES = [
    "security.conflict_deaths_latest",
    "security.conflict_deaths_peak",
    "security.gti_rank_latest",
    "security.opium_production_latest",
    "security.opium_production_change_vs_ban_year",
    "security.contingent_max",
]
RECORD_KEYS = {"name", "value", "unit", "period", "source", "label"}


def test_key_figures_defaults_are_the_notebooks_parameters():
    declared = {p.name: p.default for p in read_parameters(ROOT / "notebooks/20_security.ipynb")}
    signature = inspect.signature(security.key_figures).parameters
    assert {name: p.default for name, p in signature.items()} == declared


def test_key_figures_are_what_the_report_records_and_show_nothing(shown):
    figures = security.key_figures()
    # Pure: nothing displayed, no dataset noted, nothing cited, nothing recorded.
    assert list(shown) == [] and report.STATE.datasets == {} and report.STATE.source_ids == []
    assert report.STATE.key_figures == {}
    assert [kf["name"] for kf in figures] == SECURITY_FIGURES
    assert all(set(kf) == RECORD_KEYS for kf in figures)
    # The summary (the report's one place of recording) stores exactly these, in this order.
    security.summary(security.gather("AFG", 1989, 2025))
    recorded = list(report.STATE.key_figures.values())
    report.STATE.key_figures.clear()
    for kf in figures:
        report.record(**kf)
    assert recorded == list(report.STATE.key_figures.values())


def test_key_figures_values_match_the_data_read_independently():
    figures = {kf["name"]: kf for kf in security.key_figures()}
    deaths = load_quiet("conflict_deaths")
    deaths = deaths[(deaths["iso3"] == "AFG") & (deaths["type"] == "all")]
    newest = deaths.groupby("release")["year"].max().idxmax()
    rows = deaths[(deaths["release"] == newest) & deaths["year"].between(1989, 2025)]
    latest = rows.sort_values("year").iloc[-1]
    assert figures["security.conflict_deaths_latest"]["value"] == latest["deaths"]
    assert figures["security.conflict_deaths_latest"]["period"] == str(latest["year"])
    assert figures["security.conflict_deaths_peak"]["value"] == rows["deaths"].max()
    opium = load_quiet("opium")
    opium = opium[opium["latest_estimate"]]  # one figure a year, as the report draws
    prod = opium[(opium["indicator"] == "production") & opium["year"].between(1989, 2025)]
    prod = prod.set_index("year")["value"]
    assert int(prod.index.max()) == 2025  # UNODC's 2025 survey
    last_year = int(prod.index.max())
    assert figures["security.opium_production_latest"]["value"] == prod[last_year]
    change = figures["security.opium_production_change_vs_ban_year"]
    assert change["value"] == round((prod[last_year] - prod[2022]) / prod[2022] * 100, 1)
    assert change["period"] == f"2022–{last_year}"


def test_key_figures_follow_the_parameters():
    aze = {kf["name"]: kf for kf in security.key_figures(country="AZE")}
    assert "Azerbaijan" in aze["security.conflict_deaths_latest"]["label"]
    early = {kf["name"] for kf in security.key_figures(start_year=2015, end_year=2020)}
    assert "security.opium_production_change_vs_ban_year" not in early  # ends before the ban


def test_every_section_runs_and_charts_stay_in_a_short_range(shown):
    data = security.gather("AFG", 2015, 2020)
    run_all(data)
    assert report.STATE.figures >= 3
    for label, _caption, frame in report.STATE.chart_data:
        for column in ("year", "data_year"):
            if column in frame.columns:
                assert frame[column].astype(int).between(2015, 2020).all(), label
        if "day" in frame.columns:
            assert frame["day"].str[:4].astype(int).between(2015, 2020).all(), label
    page = shown.text
    assert "end before the 2022 ban" in page
    # The summary names no year outside the range, except in the name of the ban.
    box = next(str(o.data) for o in shown if "azaf-summary" in str(getattr(o, "data", "")))
    years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", box.replace("2022 ban", ""))}
    assert years and all(2015 <= y <= 2020 for y in years), years


def test_another_country_says_which_sections_are_about_afghanistan(shown):
    data = security.gather("AZE", 1989, 2024)
    run_all(data)
    page = shown.text
    assert "ACLED aggregates in the data are for Afghanistan only" in page
    assert "about Afghanistan, not Azerbaijan" in page
    assert "Taliban takeover" not in page  # no Afghan marker on Azerbaijan's chart
    figures = report.STATE.key_figures
    assert "Azerbaijan" in figures["security.conflict_deaths_latest"]["label"]
    assert "Afghanistan" in figures["security.opium_production_latest"]["label"]


def test_a_range_without_data_says_so(shown):
    data = security.gather("AFG", 2025, 2025)
    run_all(data)
    page = shown.text
    assert "The data hold no UCDP figures for Afghanistan in 2025" in page
    assert "none of them within 2025" in page


# ----------------------------------------------------------------- slow integration test


@pytest.mark.slow
def test_build_with_odd_parameters(tmp_path: Path):
    """Azerbaijan over 2016–2023, through the real build, into a copy of the project."""
    from azaf.build import BuildOptions

    copy = tmp_path / "azaf"
    options = BuildOptions(
        only=["security"],
        sets=["security.country=AZE", "security.start_year=2016", "security.end_year=2023"],
        name="odd",
    )
    (result,) = build_in_copy(copy, options)
    assert result.ok, [(e["id"], e.get("error")) for e in result.entries]
    folder = copy / "reports" / "odd"
    pdf = unicodedata.normalize(
        "NFKC",
        "\n".join(p.extract_text() or "" for p in PdfReader(folder / "security.pdf").pages),
    )
    assert re.search(r"Country\s+Azerbaijan", pdf) and "2016–2023" in pdf  # the cover, in words
    assert "for Afghanistan only" in pdf
    assert "Figure 1." in pdf and "Sources and methods" in pdf
    for forbidden in ("Traceback", "import azaf", "security.gather", "<NA>"):
        assert forbidden not in pdf
    assert not re.search(r"\bnan\b", pdf)
    entry = json.loads((folder / "manifest.json").read_text())["reports"][0]
    figures = {k["name"]: k for k in entry["key_figures"]}
    # UCDP 25.1, the newest release, ends in 2024; the years asked for end in 2023.
    assert figures["security.conflict_deaths_latest"]["period"] == "2023"
    assert figures["security.conflict_deaths_latest"]["value"] == 442
    assert figures["security.opium_production_latest"]["period"] == "2023"
    assert figures["security.contingent_max"]["value"] == 120
    html = (folder / "security.html").read_text()
    assert "Satellite estimates" in html


# ------------------------------------------------------- titles, gaps and al-Qaeda (issue 12)


def test_chart_titles_state_findings_composed_from_the_data():
    data = security.gather("AFG", 1989, 2024)
    deaths = _compute._deaths_all(data.deaths)
    latest = deaths.iloc[-1]
    title = security.deaths_title(data.deaths)
    assert title.startswith(f"Conflict deaths fell to {int(latest['deaths']):,} in ")
    assert str(int(latest["year"])) in title
    prod = data.opium[data.opium["indicator"] == "production"].sort_values("year")
    assert security.opium_title(data.opium).endswith(
        f"to {int(prod['value'].iloc[-1]):,} tonnes in {int(prod['year'].iloc[-1])}"
    )
    assert security.contingent_title(data.contingent).endswith("left Kabul in August 2021")
    # Before the ban there is no fall to report: the title compares with the peak instead.
    early = security.opium_title(security.opium("AFG", 2010, 2020))
    assert "peak" in early and "ban" not in early


def test_gaps_are_gaps_in_this_series_data_not_in_unodc_publishing(shown):
    opium = security.opium("AFG", 1989, 2024)
    security.opium_words(opium)
    security.opium_chart(opium)
    page = shown.text
    assert "no UNODC figure" not in page and "The data hold no UNODC" not in page
    if _compute._gap_years(opium)["production"]:
        assert "not in this series' data" in page
        assert "Afghanistan Opium Survey" in page


def test_gti_is_a_table_and_a_sentence_not_a_chart_of_empty_panels(shown):
    gti = security.gti("AFG", 1989, 2024)
    security.gti_words(gti)
    security.gti_table(gti)
    page = shown.text
    assert "<svg" not in page and "Table 1." in page
    assert "ranked Afghanistan" in page
    assert "no figure in" not in page


def test_al_qaeda_uses_the_timeline_and_never_says_the_report_cannot(shown):
    attacks = security.attacks("AFG", 1989, 2024)
    made_up = pd.DataFrame(
        {
            "id": ["x1"],
            "date": ["2022-07-31"],
            "date_precision": ["day"],
            "category": ["security"],
            "event": ["A made-up test event: al-Zawahiri, al-Qaeda's leader, killed in Kabul."],
            "source_id": ["brief_2023"],
            "when": [pd.Timestamp("2022-07-31")],
        }
    )
    # New rows built by hand carry no attrs: copy them, as the README tells researchers.
    made_up.attrs = attacks.attrs
    attacks = pd.concat([attacks, made_up], ignore_index=True)
    run_threats(attacks, security.claims("AFG", 1989, 2024))
    page = shown.text
    assert "cannot" not in page
    assert "al-Zawahiri" in page and "31 July 2022" in page
    assert "Monitoring Team" in page


def test_small_ucdp_revisions_are_a_sentence_not_a_table(shown):
    revisions = security.revisions("AFG", 1989, 2024)
    security.revisions_words(revisions)
    security.revisions_table(revisions)
    page = shown.text
    assert "Table" not in page
    assert "the two releases tell the same story" in page
    assert re.search(r"differ in \d+ of (\d+) years", page)
    shared, total = re.search(r"differ in (\d+) of (\d+) years", page).groups()
    assert int(total) <= 2024 - 1989 + 1  # one older release, no year counted twice


# ----------------------------------------- data → chart → words in the notebook (issue 16)


def _source_lines(shown: Shown) -> list[str]:
    return re.findall(r'<p class="azaf-source">(.*?)</p>', shown.text)


def test_a_filtered_frame_changes_the_chart_its_data_source_line_and_words(shown):
    opium = security.opium("AFG", 1989, 2025)
    later = opium[opium["year"] >= 2023]
    assert later.attrs["ban"] == opium.attrs["ban"]  # the context travels with the rows
    results = []
    for frame in (opium, later):
        shown.clear()
        report.STATE.__init__()  # type: ignore[misc]
        security.opium_words(frame)
        security.opium_chart(frame)
        (_label, titled, rows) = report.STATE.chart_data[-1]
        words = [str(o.data) for o in shown if "<figure" not in str(getattr(o, "data", ""))]
        results.append((titled, len(rows), _source_lines(shown), " ".join(words)))
    (full_title, full_rows, full_source, full_words) = results[0]
    (title, rows, source, words) = results[1]
    assert "fell 95% from 2022" in full_title and "1999–2025" in full_title
    assert title.startswith("Opium production was 296 tonnes in 2025, against a peak of 433")
    assert title.endswith("UNODC estimates, 2023–2025")
    assert rows == len(later) == 6 and full_rows == len(opium)
    assert source == ["Source: UNODC (3 documents, listed under Sources and methods)."]
    assert source != full_source
    assert "6,200 tonnes" in full_words and "6,200" not in words
    assert "The figures below begin in 2023, after the 2022 ban" in words


def test_filtered_deaths_and_contingent_change_their_titles_and_words(shown):
    deaths = security.deaths("AFG", 1989, 2024)
    recent = deaths[deaths["year"] >= 2010]
    assert security.deaths_title(deaths).startswith("Conflict deaths fell to 353 in 2024")
    assert security.deaths_title(deaths).endswith("below the 1989–2020 average")
    assert security.deaths_title(recent).endswith("below the 2010–2020 average")
    security.deaths_words(recent)
    assert "yearly average of 2010–2020" in shown.text
    # Before the takeover only: the takeover year itself is the latest, set against the rest.
    assert security.deaths_title(deaths[deaths["year"] >= 2022]).startswith("UCDP counted 353")
    contingent = security.contingent("AFG", 1989, 2024)
    early = contingent[contingent["date"].dt.year <= 2005]
    assert "left Kabul" in security.contingent_title(contingent)
    assert "left Kabul" not in security.contingent_title(early)
    security.contingent_chart(early)
    (_label, _titled, rows) = report.STATE.chart_data[-1]
    assert rows["day"].str[:4].astype(int).max() <= 2005


def test_all_rows_filtered_away_say_what_the_report_says_without_data(shown):
    opium = security.opium("AFG", 1989, 2025)
    none = opium[opium["year"] > 2030]
    security.opium_words(none)
    assert security.opium_chart(none) is None
    assert "are not in this series' data" in shown.text
    nato = security.nato_sizes("AFG", 1989, 2025)
    security.nato_sizes_table(nato.iloc[0:0])
    assert "no statement of the size of a NATO mission" in shown.text


def test_rows_without_the_reports_parameters_get_a_clear_error():
    opium = security.opium("AFG", 1989, 2025)
    extra = pd.DataFrame({"year": [2026], "indicator": ["production"], "value": [1.0]})
    combined = pd.concat([opium, extra])  # pandas drops attrs that differ
    with pytest.raises(ValueError, match="lost the report's parameters"):
        security.opium_title(combined)


def test_help_lists_every_public_function_with_its_one_line_docstring():
    import pydoc

    page = pydoc.render_doc(security, renderer=pydoc.plaintext)
    assert "Every section is built in three steps" in page
    for name in security.__all__:
        value = getattr(security, name)
        assert name in page, name
        if callable(value):
            assert (value.__doc__ or "").strip().splitlines()[0], name
    for name in ("deaths", "deaths_chart", "deaths_words", "opium", "opium_chart", "opium_words"):
        assert name in security.__all__


def run_and_render(nb: Any, tmp_path: Path, params: dict[str, Any] | None = None) -> str:
    """Execute a notebook with the real papermill in the "azaf" kernel, from the project's
    notebooks folder as a build does, and render it to HTML with the series' renderer."""
    import nbformat

    from azaf.execute import execute
    from azaf.render import render_html

    source = tmp_path / "edited.ipynb"
    nbformat.write(nb, str(source))
    executed = execute(
        source, tmp_path / "executed.ipynb", params or {}, ROOT / "notebooks", kernel="azaf"
    )
    html, _ = render_html(executed, ROOT / "templates")
    return html


def chart_data_rows(html: str, caption_start: str) -> int:
    """How many rows "Data behind the charts" lists for the figure whose caption starts so."""
    for table in html.split('<table class="dataframe azaf-table azaf-chartdata">')[1:]:
        heading = re.search(r"<h3>Figure \d+: (.*?)</h3>", table)
        if heading and heading.group(1).startswith(caption_start):
            body = table.split("</table>")[0].split("<tbody>")[-1]
            return body.count("<tr")
    raise AssertionError(f"no data table for {caption_start!r}")


@pytest.mark.slow
def test_filtering_a_frame_in_the_notebook_changes_the_published_section(tmp_path: Path):
    """A researcher's cell after the opium data cell (years from 2023 on), run by papermill
    and rendered as the build does: the chart, its data, source line and words follow."""
    import nbformat

    nb = nbformat.read(str(ROOT / "notebooks/20_security.ipynb"), as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.source.startswith("opium = security.opium("))
    assert "data" in nb.cells[at].metadata.get("tags", [])
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell('opium = opium[opium["year"] >= 2023]'))
    html = run_and_render(nb, tmp_path)
    before = security.opium("AFG", 1989, 2025)
    assert security.opium_title(before) not in html  # "fell 95% from 2022 …"
    caption = "Opium production was 296 tonnes in 2025, against a peak of 433 tonnes in 2024"
    assert f'<span class="azaf-finding">{caption}</span>' in html
    assert "UNODC estimates, 2023–2025</span>" in html
    assert chart_data_rows(html, caption) == 6
    figure = html[html.index(caption) :]
    source = re.search(r'<p class="azaf-source">(.*?)</p>', figure).group(1)
    assert source == "Source: UNODC (3 documents, listed under Sources and methods)."
    assert "The figures below begin in 2023, after the 2022 ban" in html
    assert "6,200 tonnes" not in html.split("Opium after the ban")[1].split("Figure")[0]
    # The other sections are as published: the deaths chart keeps its full span.
    assert chart_data_rows(html, "Conflict deaths fell to 353 in 2024") == 2024 - 1989 + 1
    assert "opium = opium" not in html and "security.opium(" not in html  # no code shows
