"""The fact check and timeline report's functions on the real data: claim values in words,
verdict counts, its key figures and the full timeline table."""

from __future__ import annotations

import IPython.display
import pytest

from azaf import factcheck as engine
from azaf import report
from azaf.topics import factcheck


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list:
    """What the report would display, with a fresh report state."""
    seen: list = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_: seen.extend(objs))
    report.STATE.__init__()  # type: ignore[misc]
    return seen


def _html(shown: list) -> str:
    return "\n".join(str(getattr(o, "data", o)) for o in shown if not isinstance(o, dict))


def test_claim_values_read_as_words():
    f = factcheck.fmt_claim_value
    assert f(6, "school grade", "more_than") == "beyond grade 6"
    assert f(2, "ratio (2019 to 2020)", "about") == "about 2 to 1 (2019 to 2020)"
    assert f(150, "USD million per year") == "US$150 million a year"
    assert f(1, "rank") == "rank 1"
    assert f(35, "years of age (threshold)", "less_than") == "under 35 years of age"
    assert f(18.7173, "percent", "up_to") == "up to 18.7%"
    assert f(3_125_000, "people") == "3.1 million people"


def test_verdict_counts_read_as_sentences_and_chart_data_holds_the_counts():
    assert factcheck._count_phrase("differs", 4) == "4 differ"
    assert factcheck._count_phrase("differs", 1) == "1 differs"
    assert factcheck._count_phrase("projection", 2) == "2 are projections"
    checked = factcheck.fact_check()
    counts = factcheck.verdict_counts(checked)
    assert len(counts) == len(engine.VERDICTS) * 2
    assert set(counts["source_id"]) == {"brief_2018", "brief_2023"}
    by_verdict = counts.groupby("verdict")["claims"].sum().to_dict()
    assert by_verdict == engine.counts(checked)


def test_key_figures_agree_with_the_fact_check_and_the_timeline():
    figures = {kf["name"]: kf for kf in factcheck.key_figures()}
    counts = engine.counts(engine.run())
    assert figures["factcheck.claims_checked"]["value"] == sum(counts.values())
    assert figures["factcheck.claims_confirmed"]["value"] == counts["confirmed"] + counts["close"]
    assert figures["factcheck.claims_unverified"]["value"] == counts["unverified"]
    assert figures["factcheck.timeline_events"]["value"] == len(factcheck.timeline(1991, 2026))
    short = {kf["name"]: kf for kf in factcheck.key_figures(2015, 2021)}
    assert short["factcheck.timeline_events"]["period"] == "2015–2021"


def test_the_timeline_table_is_titled_with_its_count_and_span_and_cites_each_event(shown):
    events = factcheck.timeline(2015, 2021)
    factcheck.timeline_table(events)
    page = _html(shown)
    first, last = events.iloc[0]["when"], events.iloc[-1]["when"]
    assert f"{len(events)} dated events of the relationship, {first} to {last}" in page
    assert set(events["source_id"]) <= set(report.STATE.source_ids)


def test_a_timeline_with_no_event_in_its_years_says_so(shown):
    factcheck.timeline_table(factcheck.timeline(1992, 1993))
    assert "No event of the timeline falls within the years chosen." in _html(shown)


def test_help_lists_the_public_functions_with_their_docstrings():
    import pydoc

    page = pydoc.render_doc(factcheck, renderer=pydoc.plaintext)
    for name in factcheck.__all__:
        obj = getattr(factcheck, name)
        if callable(obj):
            assert name in page and obj.__doc__, name


@pytest.mark.slow
def test_filtering_the_claims_in_the_notebook_changes_chart_tables_and_words(tmp_path):
    """A researcher keeps only the 2023 brief's claims in a new cell after the data cell; run
    by papermill and rendered as the build does, the chart's title, its data, the words and
    the tables follow, and no code shows."""
    import re
    from pathlib import Path

    import nbformat

    from azaf.execute import execute
    from azaf.render import render_html

    root = Path(__file__).resolve().parents[1]
    nb = nbformat.read(str(root / "notebooks/50_factcheck.ipynb"), as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "checked = factcheck.fact_check()" in c.source)
    assert "data" in nb.cells[at].metadata.get("tags", [])
    nb.cells.insert(
        at + 1, nbformat.v4.new_code_cell('checked = checked[checked["brief"] == "2023"]')
    )
    source = tmp_path / "edited.ipynb"
    nbformat.write(nb, str(source))
    executed = execute(source, tmp_path / "executed.ipynb", {}, root / "notebooks", kernel="azaf")
    page, _ = render_html(executed, root / "templates")
    later = factcheck.fact_check()
    later = later[later["brief"] == "2023"]
    counts = engine.counts(later)
    top = max(counts, key=lambda v: counts[v])
    assert f"{counts[top]} of the {len(later)} claims" in page
    assert f"Of the {len(later)} quantitative claims the brief makes" in page
    assert "Claims of the 2023 brief set against the data" in page
    assert "Claims of the 2018 brief set against the data" not in page
    assert "(factcheck.csv) beside the reports" in page
    data = page.split('id="data-behind-the-charts"')[1]
    assert "2018 brief" not in data and "2023 brief" in data
    assert "checked = checked" not in page and "factcheck.fact_check(" not in page
    assert not re.search(r"Traceback|Error", page)
