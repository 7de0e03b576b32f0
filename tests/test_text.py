"""Number formats and sentence helpers that every report's prose goes through."""

from __future__ import annotations

import doctest

import pandas as pd

from azaf import text


def test_the_docstring_examples_hold():
    result = doctest.testmod(text)
    assert result.attempted > 0
    assert result.failed == 0


def test_values_are_formatted_by_their_unit():
    assert text.fmt_value(71.5, "USD million") == text.fmt_usd(71.5e6)
    assert text.fmt_value(18.4, "percent").startswith("18.4")
    assert text.fmt_value(None, "people") == "n/a"
    assert text.fmt_value(pd.NA, "USD") == "n/a"


def test_a_key_figure_that_is_a_name_is_shown_as_it_is():
    assert text.fmt_value("Pakistan", "") == "Pakistan"


def test_year_spans_collapse_runs_of_years():
    assert text.year_span([2005, 2006, 2007, 2009]) == "2005–2007 and 2009"


def test_percent_change_between_two_figures():
    assert round(text.pct_change(69.4, 275), 1) == 296.3


def test_missing_values_show_as_a_dash_in_tables():
    from azaf.tables import blank_missing

    frame = pd.DataFrame(
        {"name": pd.array(["a", None], dtype="string"), "n": pd.array([1, None], dtype="Int64")}
    )
    shown = blank_missing(frame).to_html()
    assert "<NA>" not in shown
    assert shown.count("–") == 2


def test_a_rank_reads_as_a_rank():
    assert text.fmt_value(9, "rank") == "rank 9"


def test_chart_data_reads_as_words_and_separated_numbers():
    from azaf.tables import readable_data

    frame = pd.DataFrame(
        {
            "plan_year": pd.array([2023, 2024], dtype="Int64"),
            "indicator": ["people_in_need", "requirement"],
            "value": [28300000.0, None],
            "share": [62.345, 0.0123],
            "is_mid_year": [True, False],
        }
    )
    shown = readable_data(frame)
    assert list(shown.columns) == ["Plan year", "Indicator", "Value", "Share", "Is mid year"]
    assert shown.iloc[0].tolist() == ["2023", "people in need", "28,300,000", "62.34", "yes"]
    assert shown.iloc[1].tolist() == ["2024", "requirement", "–", "0.0123", "no"]


def test_mixed_chart_columns_get_separators_too():
    from azaf.tables import readable_data

    frame = pd.DataFrame({"year": [2017, 2019], "people": pd.Series([3600000, "–"], dtype=object)})
    assert readable_data(frame)["People"].tolist() == ["3,600,000", "–"]


def test_chart_data_spells_acronyms_and_minus_signs():
    from azaf.tables import readable_data

    shown = readable_data(pd.DataFrame({"gdp_usd": [-25.6166]}))
    assert list(shown.columns) == ["GDP USD"]
    assert shown.iloc[0, 0] == "−25.62"
