"""Unit tests of azaf.factcheck: every verdict path on small MADE-UP frames, then the real
claims table against the real data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from azaf import factcheck as fc
from azaf.data import load_quiet

# --- made-up fixtures (not real figures) -------------------------------------------------

KINDS = {"stat": "statistical", "news": "reported statement", "brief_x": "brief"}


def made_up_rows(*rows: tuple) -> pd.DataFrame:
    """Made-up table rows: (year, value, source_id[, status])."""
    records = [
        {
            "year": r[0],
            "value": r[1],
            "source_id": r[2],
            "status": r[3] if len(r) > 3 else "outcome",
        }
        for r in rows
    ]
    frame = pd.DataFrame(records)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def made_up_claim(value: float = 100, qualifier: str = "exact", year: int | None = 2020, **kw):
    """A made-up claim about a made-up thing."""
    return {"value": value, "qualifier": qualifier, "year": year, "unit": "widgets", **kw}


def check(claim: dict, rows: pd.DataFrame, measure: str = "") -> dict:
    found = fc.candidates(rows, fc.parse_measure(measure))
    return fc.verdict(claim, found, KINDS)


def test_same_figure_same_year_from_an_independent_source_is_confirmed():
    got = check(made_up_claim(), made_up_rows((2020, 100, "stat")))
    assert got["verdict"] == "confirmed" and got["data_value"] == 100 and got["source"] == "stat"


def test_a_figure_within_the_tolerance_is_close_and_beyond_it_differs():
    near = 100 * (1 + fc.TOLERANCE / 2)
    far = 100 * (1 + fc.TOLERANCE * 2)
    assert check(made_up_claim(), made_up_rows((2020, near, "stat")))["verdict"] == "close"
    assert check(made_up_claim(), made_up_rows((2020, far, "stat")))["verdict"] == "differs"


def test_qualifiers_decide_what_agrees():
    rows = made_up_rows((2020, 120, "stat"))
    assert check(made_up_claim(qualifier="more_than"), rows)["verdict"] == "confirmed"
    assert check(made_up_claim(qualifier="up_to"), rows)["verdict"] == "differs"
    assert check(made_up_claim(qualifier="up_to", value=150), rows)["verdict"] == "confirmed"
    ranged = made_up_claim(value=110, value_high=130)
    assert check(ranged, rows)["verdict"] == "confirmed"


def test_rows_from_a_brief_do_not_count_as_independent():
    got = check(made_up_claim(), made_up_rows((2020, 100, "brief_x")))
    assert got["verdict"] == "unverified"
    assert "brief" in got["note"]


def test_a_projection_that_matches_gives_projection_not_confirmed():
    rows = made_up_rows((2020, 100, "stat", "projection"))
    assert check(made_up_claim(), rows)["verdict"] == "projection"


def test_an_outcome_for_the_period_beats_a_matching_projection_and_the_note_says_so():
    rows = made_up_rows((2020, 100, "stat", "projection"), (2020, 70, "news"))
    got = check(made_up_claim(), rows)
    assert got["verdict"] == "differs" and got["data_value"] == 70
    assert "matches a projection made at the time: 100 widgets" in got["note"]


def test_an_earlier_match_with_a_different_figure_for_the_period_is_outdated():
    rows = made_up_rows((2018, 100, "stat"), (2020, 500, "stat"))
    got = check(made_up_claim(), rows)
    assert got["verdict"] == "outdated"
    # The data value is the figure for the claim's period; the note gives the earlier match.
    assert got["data_year"] == 2020 and got["data_value"] == 500
    assert "matches an earlier one: 100 widgets (2018; stat)" in got["note"]


def test_an_earlier_match_with_nothing_for_the_period_is_unverified_not_outdated():
    rows = made_up_rows((2018, 100, "stat"), (2021, 500, "stat"))
    got = check(made_up_claim(), rows)
    assert got["verdict"] == "unverified" and math.isnan(got["data_value"])
    assert got["note"].startswith("Matches 100 widgets (2018; stat)")
    assert "no independent figure for 2020" in got["note"]


def test_no_row_or_other_years_only_is_unverified_and_says_what_the_data_hold():
    assert check(made_up_claim(), made_up_rows((2020, 1, "stat")).iloc[0:0])["verdict"] == (
        "unverified"
    )
    got = check(made_up_claim(), made_up_rows((2017, 40, "news")))
    assert got["verdict"] == "unverified" and "2017" in got["note"] and "news" in got["note"]


def test_conflicting_sources_are_listed_side_by_side_not_averaged():
    rows = made_up_rows((2020, 100, "stat"), (2020, 300, "news"))
    got = check(made_up_claim(), rows)
    assert got["verdict"] == "confirmed" and got["data_value"] == 100
    assert "300 widgets" in got["note"]


def test_money_is_compared_across_scales():
    rows = made_up_rows((2020, 4_600_000_000, "stat")).assign(unit="USD")
    claim = made_up_claim(value=4.62, unit="USD billion")
    got = check(claim, rows)
    assert got["verdict"] == "close" and math.isclose(got["data_value"], 4.6)


def test_a_fall_stated_as_a_positive_percentage_is_compared_as_a_magnitude():
    rows = made_up_rows((2020, -35, "stat")).assign(unit="percent")
    assert check(made_up_claim(value=35, unit="percent"), rows)["verdict"] == "confirmed"


def test_derived_measures_on_made_up_rows():
    table = pd.DataFrame(
        {
            "year": pd.array([2019, 2019, 2019, 2020, 2020], dtype="Int64"),
            "origin": ["A", "B", "C", "A", "B"],
            "n": [60, 30, 10, 50, 50],
            "source_id": "stat",
        }
    )
    share = fc.candidates(table, fc.parse_measure("share(n; origin == 'A')"))
    assert dict(zip(share["year"], share["value"], strict=True)) == {2019: 60.0, 2020: 50.0}
    assert fc.candidates(table, fc.parse_measure("sum(n)"))["value"].tolist() == [100, 100]
    ratio = fc.candidates(table, fc.parse_measure("ratio(n; year == 2019)"))
    assert ratio["value"].tolist() == [1.0]
    change = fc.candidates(table, fc.parse_measure("change(n)"))
    assert change["value"].tolist() == [0.0]
    pct = fc.candidates(table, fc.parse_measure("percent_of(n; origin == 'C')"))
    assert pct["value"].round(2).tolist() == [round(10 / 190 * 100, 2)]
    first = fc.candidates(table, fc.parse_measure("first(n)"))
    assert first["year"].unique().tolist() == [2019] and first["any_period"].all()


def test_compound_turns_yearly_growth_into_one_change_and_keeps_the_other_rows():
    # Made up: -20 % then -10 % is -28 % over the two years; a projection row stands as it is.
    rows = made_up_rows(
        (2021, -20, "stat"), (2022, -10, "news"), (2022, -35, "stat", "projection")
    ).assign(kind=["growth", "growth", "cumulative"])
    found = fc.candidates(rows, fc.parse_measure("compound(value; kind == 'growth')"))
    compounded = found[found["status"] == "outcome"].iloc[0]
    assert round(compounded["value"], 6) == -28.0 and compounded["when"] == "2021–2022"
    assert compounded["source_id"] == "stat;news" and compounded["year"] == 2022
    assert found[found["status"] == "projection"]["value"].tolist() == [-35.0]
    claim = made_up_claim(value=35, unit="percent", year=2022)
    assert fc.verdict(claim, found, KINDS)["verdict"] == "differs"
    # A gap in the years is never compounded over.
    gap = made_up_rows((2019, -5, "stat"), (2021, -20, "stat"))
    assert fc.candidates(gap, fc.parse_measure("compound(value)")).empty


def test_whole_divides_a_part_by_its_percentage_of_the_same_year_and_source():
    # Made up: 2.5 million is 80 % of all, so all is 3.125 million.
    rows = made_up_rows((2023, 2_500_000, "stat"), (2023, 80, "stat"), (2023, 50, "news"))
    rows = rows.assign(kind=["count", "share", "share"])
    found = fc.candidates(rows, fc.parse_measure("whole(value; kind == 'share')"))
    assert found["value"].tolist() == [3_125_000.0]


def test_periods_are_written_as_the_table_gives_them():
    plans = pd.DataFrame(
        {
            "plan_year": pd.array([2023, 2023, 2023], dtype="Int64"),
            "version": ["original", "revision", "revision"],
            "revision_date": [None, "2023-05", "2023-05"],
            "as_of": [None, None, "2023-07"],
        }
    )
    assert fc.row_periods(plans).tolist() == [
        "2023 plan",
        "2023 plan revised May 2023",
        "to Jul 2023",
    ]
    assert fc.month_name("2002-11-20") == "20 Nov 2002"
    assert fc.flat("c. 2018 (annual)") == "c. 2018, annual"


def test_first_rows_count_for_the_claims_period_whatever_their_year():
    rows = made_up_rows((2002, 22, "stat"), (2008, 100, "stat"))
    got = check(made_up_claim(value=100, qualifier="about", year=2003), rows, "first(value)")
    assert got["verdict"] == "differs" and got["data_value"] == 22 and got["data_year"] == 2002


def test_a_bad_measure_is_refused_with_the_grammar():
    with pytest.raises(ValueError, match="op\\(column\\)"):
        fc.parse_measure("mean(value)")


def test_check_claims_reports_a_broken_filter_in_place():
    claims = pd.DataFrame(
        [
            {
                "claim_id": "x-01",
                "claim": "made up",
                "value": 1.0,
                "qualifier": "exact",
                "year": 2020,
                "unit": "widgets",
                "data_table": "t",
                "data_filter": "nope ==",
                "data_measure": None,
                "source_id": "brief_x",
            },
        ]
    )
    sources = pd.DataFrame({"kind": ["brief"], "publisher": ["X"]}, index=["brief_x"])
    out = fc.check_claims(claims, {"t": made_up_rows((2020, 1, "stat"))}, sources)
    assert out.loc[0, "verdict"] == "unverified"
    assert "could not be made" in out.loc[0, "note"]


def test_a_change_since_a_date_is_matched_by_a_measurement_within_the_span():
    # Made up: the claim (stated in 2023) speaks of a change since 2021; a figure measured in
    # 2022 is within that span, one from 2020 is before it.
    claim = made_up_claim(25, year=2023, period="since 2021-08 (to 2023)")
    assert check(claim, made_up_rows((2022, 25, "stat")))["verdict"] == "confirmed"
    assert check(claim, made_up_rows((2020, 25, "stat")))["verdict"] == "unverified"
    # Without "since" the claim's own year alone counts.
    plain = made_up_claim(25, year=2023, period="2023")
    assert check(plain, made_up_rows((2022, 25, "stat")))["verdict"] == "unverified"
    assert fc.since_year("since 2021-08 (to 2023)") == 2021 and fc.since_year("2019") is None


def test_a_ranking_edition_row_counts_for_the_year_its_figures_are_about():
    # Made up: the 2099 edition of an index reports figures for 2098.
    rows = made_up_rows((2099, 75, "stat")).assign(edition_year=[2099], data_year=[2098])
    rows = rows.drop(columns=["year"])
    found = fc.candidates(rows, fc.parse_measure(""))
    assert found["when"].tolist() == ["2099 edition (data for 2098)"]
    claim = made_up_claim(75, year=2098, period="2098 vs 2097")
    assert fc.verdict(claim, found, KINDS)["verdict"] == "confirmed"
    assert fc.verdict(made_up_claim(75, year=2097), found, KINDS)["verdict"] == "unverified"


def test_a_figure_the_series_calculates_is_labelled_as_its_own_not_the_publishers():
    claims = pd.DataFrame(
        [
            {
                "claim_id": f"x-0{i}",
                "claim": "made up",
                "value": value,
                "qualifier": "exact",
                "year": 2023,
                "unit": "widgets",
                "data_table": "t",
                "data_filter": query,
                "data_measure": measure,
                "source_id": "brief_x",
            }
            for i, (value, query, measure) in enumerate(
                [
                    (3_125_000.0, None, "whole(value; kind == 'share')"),
                    (2_500_000.0, "kind == 'count'", None),
                ]
            )
        ]
    )
    rows = made_up_rows((2023, 2_500_000, "stat"), (2023, 80, "stat"))
    rows = rows.assign(kind=["count", "share"])
    sources = pd.DataFrame(
        {"kind": ["brief", "statistical"], "publisher": ["X", "Made-up Office"]},
        index=["brief_x", "stat"],
    )
    out = fc.check_claims(claims, {"t": rows}, sources).set_index("claim_id")
    assert out.loc["x-00", "derived"] and out.loc["x-00", "verdict"] == "confirmed"
    assert out.loc["x-00", "source_name"] == (
        "calculated by the series from figures of Made-up Office"
    )
    assert not out.loc["x-01", "derived"] and out.loc["x-01", "source_name"] == "Made-up Office"


# --- the real claims against the real data ---------------------------------------------


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return fc.run().set_index("claim_id")


def test_every_real_filter_and_measure_runs_and_selects_rows():
    claims = load_quiet("brief_claims")
    tables = {n: load_quiet(n) for n in claims["data_table"].dropna().unique()}
    report = fc.filter_report(claims, tables)
    assert [r for r in report if r["error"]] == []
    # Only the 2019/2020 ratio has no rows: the data hold no annual figure for those years.
    assert [r["claim_id"] for r in report if r["rows"] == 0] == ["b23-34"]


def test_real_verdicts_are_plausible(real):
    counts = fc.counts(real.reset_index())
    assert sum(counts.values()) == len(load_quiet("brief_claims"))
    assert all(counts[v] >= 1 for v in fc.VERDICTS)
    assert counts["unverified"] > counts["confirmed"]  # most claims have no second source
    expected = {
        "b18-05": "confirmed",  # Resolute Support size, NATO
        "b18-06": "unverified",  # 39 nations matches 2016; nothing for 2018
        "b18-08": "differs",  # first ISAF unit: about 20, not 100
        "b23-04": "confirmed",  # people in need 2019, OCHA
        "b23-05": "close",  # 28 vs 28.3 million
        "b23-06": "projection",  # 97 % poverty was a UNDP projection
        "b23-07": "outdated",  # about 34 million is the 2015 population; 2023 is over 41
        "b23-11": "differs",  # 35 % was a projection; the outcomes compound to about 26 %
        "b23-25": "differs",  # 2.5 million are the girls out of school, not all girls
        "b23-26": "confirmed",  # 80 %, UNESCO
        "b23-27": "confirmed",  # ILO's 25 %, end-2022, within "since the takeover" to 2023
        "b23-40": "confirmed",  # opium 2022, UNODC
        "b23-47": "differs",  # Afghans' share of refugees in Azerbaijan, UNHCR
        "b23-01": "unverified",  # 2010 trade: only the brief
    }
    assert {k: real.loc[k, "verdict"] for k in expected} == expected


def test_the_2019_trade_claim_is_unverified_and_points_to_the_ministrys_2018_figure(real):
    row = real.loc["b23-33"]
    assert row["verdict"] == "unverified"
    assert "US$71.5 million" in row["note"] and "2018" in row["note"]
    assert "Ministry of Economy of Azerbaijan" in row["note"]


def test_the_economy_claim_differs_from_the_compounded_outcomes_and_names_the_projection(real):
    row = real.loc["b23-11"]
    assert row["data_period"] == "2021–2022" and round(row["data_value"], 1) == 25.6
    assert "matches a projection made at the time: 35%" in row["note"]
    assert "World Bank, Oct 2022" in row["note"]


def test_both_funding_claims_use_the_original_requirement_and_show_the_month(real):
    need, share = real.loc["b23-17"], real.loc["b23-18"]
    assert need["data_period"] == "2023 plan" and need["data_value"] == 4.6
    assert "original 2023 plan (US$4.6 billion)" in need["note"]
    assert "revised to US$3.2 billion in May 2023" in need["note"]
    assert share["data_period"] == "to Jul 2023" and share["verdict"] == "differs"
    assert "original plan's requirement (US$4.6 billion)" in share["note"]
    assert "revised to US$3.2 billion in May 2023" in share["note"]


def test_the_ilo_claim_is_confirmed_by_the_ilos_figure_for_the_span_it_speaks_of(real):
    row = real.loc["b23-27"]
    assert row["verdict"] == "confirmed" and row["data_value"] == 25
    assert row["data_period"] == "2022Q4 vs 2021Q2" and not row["derived"]


def test_the_girls_claims_say_what_unescos_figures_count(real):
    total, share = real.loc["b23-25"], real.loc["b23-26"]
    assert "2.5 million is the number of school-age girls out of school" in total["note"]
    assert "about 3.1 million" in total["note"]
    assert "never enrolled" in share["note"]


def test_earlier_matches_are_unverified_with_the_period_they_match(real):
    assert real.loc["b18-06", "note"].startswith("Matches 39 countries (2016;")


def test_verdicts_use_only_the_vocabulary_and_sources_are_never_the_briefs(real):
    assert set(real["verdict"]) <= set(fc.VERDICTS)
    assert not real["source"].str.contains("brief_").any()
    decided = real[real["verdict"] != "unverified"]
    assert decided["data_value"].notna().all() and (decided["source"] != "").all()
