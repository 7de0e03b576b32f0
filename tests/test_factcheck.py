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


def test_a_match_for_an_earlier_year_only_is_outdated():
    rows = made_up_rows((2018, 100, "stat"), (2021, 500, "stat"))
    got = check(made_up_claim(), rows)
    assert got["verdict"] == "outdated" and got["data_year"] == 2018


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
        "b18-06": "outdated",  # 39 nations: a 2016 figure
        "b18-08": "differs",  # first ISAF unit: about 20, not 100
        "b23-04": "confirmed",  # people in need 2019, OCHA
        "b23-05": "close",  # 28 vs 28.3 million
        "b23-06": "projection",  # 97 % poverty was a UNDP projection
        "b23-07": "differs",  # population: World Bank gives over 41 million
        "b23-11": "projection",  # 35 % contraction: World Bank projection
        "b23-40": "confirmed",  # opium 2022, UNODC
        "b23-47": "differs",  # Afghans' share of refugees in Azerbaijan, UNHCR
        "b23-01": "unverified",  # 2010 trade: only the brief
    }
    assert {k: real.loc[k, "verdict"] for k in expected} == expected


def test_the_2019_trade_claim_is_unverified_and_points_to_the_ministrys_2018_figure(real):
    row = real.loc["b23-33"]
    assert row["verdict"] == "unverified"
    assert "US$71.5 million" in row["note"] and "2018" in row["note"]
    assert "azernews_2019_05_27" in row["note"]


def test_verdicts_use_only_the_vocabulary_and_sources_are_never_the_briefs(real):
    assert set(real["verdict"]) <= set(fc.VERDICTS)
    assert not real["source"].str.contains("brief_").any()
    decided = real[real["verdict"] != "unverified"]
    assert decided["data_value"].notna().all() and (decided["source"] != "").all()
