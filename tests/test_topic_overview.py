"""Tests of the overview: its functions on the real data, and one build of a subset of the
series in which the overview's key-figures panel must equal the manifest's figures."""

from __future__ import annotations

import csv
import importlib
import json
import re
import unicodedata
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import build_in_copy

from azaf import factcheck
from azaf.topics import overview

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _no_handoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(overview.KEY_FIGURES_ENV, raising=False)
    monkeypatch.setenv("AZAF_PROJECT", str(ROOT))


def test_timeline_dates_are_written_as_precisely_as_the_source():
    rows = overview.timeline(1991, 2030)
    assert rows["year"].min() == 1991
    assert rows["order"].is_monotonic_increasing
    by_precision = rows.groupby("date_precision")["when"].first().to_dict()
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{4}", by_precision["month"])
    assert re.fullmatch(r"\d{4}", by_precision["year"])
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", by_precision["day"])


def test_year_only_events_sort_at_the_start_of_their_year_or_at_its_end_when_late():
    rows = overview.timeline(1991, 2030)
    for _, row in rows[rows["date_precision"] == "year"].iterrows():
        same_year = rows[rows["year"] == row["year"]]
        late = "late" in row["event"].lower()
        expected = same_year.index.max() if late else same_year.index.min()
        assert row.name == expected, (row["when"], row["event"])
        assert row["when"] == (f"late {row['year']}" if late else str(row["year"]))


def test_timeline_respects_the_years_asked_for():
    rows = overview.timeline(2015, 2020)
    assert rows["year"].between(2015, 2020).all() and not rows.empty
    assert overview.timeline(1992, 1993).empty


def test_standalone_panel_uses_each_reports_own_key_figures_function():
    panel = overview.topic_figures()
    # The fact check is the brief's companion, not a topic: the brief gathers no figure of it.
    assert [p["report"] for p in panel] == ["trade", "security", "humanitarian", "diaspora"]
    for item in panel:
        module = importlib.import_module(f"azaf.topics.{item['report']}")
        function = getattr(module, "key_figures", None)
        if function is None:
            assert item["origin"] == "missing" and item["key_figures"] == []
        else:
            expected = [overview._normalise(kf) for kf in function()]
            assert item["origin"] == "computed" and item["key_figures"] == expected


def test_in_a_build_the_panel_shows_exactly_the_figures_handed_over(tmp_path, monkeypatch):
    made_up = {  # made-up figures, as a build would hand them over
        "reports": [
            {
                "id": "trade",
                "report": "trade",
                "title": "Trade and connectivity",
                "variant": None,
                "status": "ok",
                "outputs": {"html": "trade.html"},
                "key_figures": [
                    {
                        "name": "trade.made_up",
                        "label": "A made-up figure",
                        "value": 12.5,
                        "unit": "USD million",
                        "period": "2099",
                        "source": ["azernews_2019_05_27"],
                    }
                ],
            }
        ]
    }
    path = tmp_path / "kf.json"
    path.write_text(json.dumps(made_up))
    monkeypatch.setenv(overview.KEY_FIGURES_ENV, str(path))
    panel = overview.topic_figures()
    assert panel[0]["key_figures"] == made_up["reports"][0]["key_figures"]
    assert {p["origin"] for p in panel[1:]} == {"not built"}
    # The brief takes a report's figure from what the build handed over, unchanged.
    from azaf.topics.brief_figures import from_panel

    fig = from_panel(panel, "trade.made_up", "made_up")
    assert (fig.value, fig.unit, fig.period, fig.year) == (12.5, "USD million", "2099", 2099)
    assert fig.same_as == "trade.made_up"
    assert from_panel(panel, "trade.absent", "absent").missing


def test_section_links_use_nbconverts_anchors():
    assert overview._anchor("Timeline of relations") == "Timeline-of-relations"
    link = overview.section_link("overview", "events", [])
    assert link == (
        "[“Events that shaped the relationship”](#Events-that-shaped-the-relationship) "
        "in this brief"
    )
    assert overview.section_link("trade", "no such heading", []).startswith(
        "[Trade and connectivity](trade.html"
    )


def test_no_figure_is_typed_into_the_editorial_file_or_the_notebook():
    editorial = overview.editorial()
    words = []
    for j in editorial["judgements"]:
        words += [j["lead"], j["text"]]
    for option in editorial["options"]:
        words += [option[k] for k in ("title", "for", "against", "risks", "signposts")]
    words.append(editorial["trends"]["title"])
    for sentence in words:
        # Digits may only appear inside placeholders ({name.year}); none stands as a figure.
        assert not re.search(r"\d", re.sub(r"\{[^}]*\}", "", sentence)), sentence
    nb = nbformat.read(ROOT / "notebooks" / "00_overview.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "remove-cell" not in cell.metadata.get("tags", []):
            assert not re.search(r"\d", cell.source), cell.source
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert all(
        c.get("execution_count") is None and not c.get("outputs")
        for c in nb.cells
        if c.cell_type == "code"
    )


def test_the_editorial_file_fills_from_the_real_data_and_every_judgement_holds_today():
    from azaf.judgements import evaluate

    figures = overview.brief_figures(overview.topic_figures())
    found = evaluate(overview.editorial()["judgements"], figures)
    assert 3 <= len(found) <= 5
    for j in found:
        assert j.holds, (j.id, j.reason)
        assert "{" not in j.sentence and "no figure" not in j.sentence, j.sentence
    events = overview.key_events(overview.timeline(1991, 2026))
    assert 1 <= len(events) <= 10


def test_no_figure_the_brief_shows_comes_from_a_brief_alone():
    from azaf.data import sources

    kinds = sources()["kind"].astype(str).to_dict()
    figures = overview.brief_figures(overview.topic_figures())
    for fig in figures.values():
        if fig.missing or isinstance(fig.value, str):
            continue  # dates and events are not figures
        assert fig.sources, fig.name
        assert not all(kinds.get(s) == "brief" for s in fig.sources), fig.name


# --- one build -------------------------------------------------------------------------


@pytest.mark.slow
def test_build_overview_after_trade_flags_judgements_whose_figures_are_not_built(tmp_path):
    from pypdf import PdfReader

    from azaf.build import BuildOptions

    copy = tmp_path / "azaf"
    opts = BuildOptions(
        only=["trade", "overview", "factcheck"],
        sets=[
            "overview.start_year=2015",
            "overview.end_year=2021",
            "factcheck.start_year=2015",
            "factcheck.end_year=2021",
        ],
        jobs=2,
    )
    (result,) = build_in_copy(copy, opts)
    assert result.ok, [(e["id"], e.get("error")) for e in result.entries]
    folder = copy / "reports" / "latest"
    manifest = json.loads((folder / "manifest.json").read_text())
    trade = next(e for e in manifest["reports"] if e["report"] == "trade")
    ov = next(e for e in manifest["reports"] if e["report"] == "overview")
    fc = next(e for e in manifest["reports"] if e["report"] == "factcheck")
    # The brief shows trade's own latest figure, same value, unit and period.
    mine = {k["name"]: k for k in ov["key_figures"]}["overview.trade_latest"]
    theirs = {k["name"]: k for k in trade["key_figures"]}["trade.latest_turnover"]
    assert (mine["value"], mine["unit"], mine["period"]) == (
        theirs["value"],
        theirs["unit"],
        theirs["period"],
    )
    # Security and humanitarian were not built: their judgements cannot be checked, so they
    # are flagged for review in the manifest and marked in the brief, not printed.
    flagged = {item["id"] for item in ov["review"]}
    assert {"violence", "opium", "aid"} <= flagged and "trade" not in flagged
    events = {k["name"]: k for k in fc["key_figures"]}["factcheck.timeline_events"]
    assert events["period"] == "2015–2021"
    with (folder / "factcheck.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert {"claim_id", "claim", "brief_value", "data_value", "verdict", "source"} <= set(rows[0])
    assert manifest["factcheck"]["claims"] == len(rows)
    assert 'href="factcheck.csv"' in (folder / "index.html").read_text()

    def pdf_text(name: str) -> tuple[int, str]:
        pages = [
            unicodedata.normalize("NFKC", p.extract_text() or "")
            for p in PdfReader(folder / name).pages
        ]
        return len(pages), " ".join("\n".join(pages).split())

    n_pages, text = pdf_text("overview.pdf")
    # A brief: four pages of findings, its sources and the data behind its charts.
    assert n_pages <= 8, n_pages
    for expected_text in ("Key judgements", "Key trends", "Options for Baku", "Under review"):
        assert expected_text in text, expected_text
    # The full check and timeline are the companion report's, linked from the brief.
    assert "The check, claim by claim, is in the companion report “Fact check and timeline”" in text
    assert "Claims of the 2018 brief set against the data" not in text
    assert "Caveats of the data drawn on" not in text
    assert 'href="factcheck.html"' in (folder / "overview.html").read_text()
    assert "Traceback" not in text and "import azaf" not in text
    counts = factcheck.counts(pd.DataFrame(rows))
    assert f"Of the {len(rows)} figures the two briefs rely on" in text
    assert manifest["factcheck"]["counts"] == counts
    for phrase in ("this notebook", "A build also publishes", "holds_if", "{"):
        assert phrase not in text, phrase
    _, companion = pdf_text("factcheck.pdf")
    for expected_text in (
        "How the founding briefs' figures hold up",
        "Claims of the 2018 brief set against the data",
        "Claims of the 2023 brief set against the data",
        "Timeline of relations",
    ):
        assert expected_text in companion, expected_text
    # Its sources are linked titles; the caveats of its many tables are in the annex.
    assert "Caveats of the data drawn on" not in companion and "Read via" not in companion
    assert f"Of the {len(rows)} quantitative claims the briefs make" in companion
    assert f"{events['value']} dated events of the relationship" in companion


def test_the_queries_give_exactly_the_figures_they_declare():
    from azaf.topics.brief_figures import NAMES

    assert sorted(overview.brief_figures(overview.topic_figures())) == sorted(NAMES)


def test_the_build_and_the_brief_agree_on_the_reports_it_gathers_no_figure_from():
    from azaf import build

    assert set(overview.NOT_GATHERED) == set(build.RUNS_LAST) | set(build.NOT_HANDED)
