"""The conditions under which key judgements hold, and how they are filled, on made-up
figures: a judgement is printed while its condition holds and is under review after."""

from __future__ import annotations

import pytest

from azaf.judgements import EditorialError, Figure, check, evaluate, fill, read_editorial


def _figures(trade_year: int = 2018, trade_value: float = 71.5) -> dict[str, Figure]:
    return {
        "trade": Figure("trade", trade_value, "USD million", "2018", trade_year, ["s1"], "trade"),
        "takeover": Figure("takeover", "Aug 2099", period="Aug 2099", year=2099),
        "gone": Figure("gone", None, "people", label="a figure no longer in the data"),
        "drop": Figure("drop", -80, "percent", "2090–2098", 2098, ["s2"], "the fall"),
        "rise": Figure("rise", -20, "percent", "2090–2098", 2098, ["s3"], "the other fall"),
        "event": Figure("event", "Jul 2098", period="Jul 2098", year=2098, words={"event": "A*b"}),
    }


JUDGEMENT = {
    "id": "trade",
    "lead": "Trade stopped.",
    "text": "Turnover was {trade} in {trade.period}, none since {takeover.period}.",
    "holds_if": [["trade.year", "<", "takeover.year"], ["trade", "<", 100]],
    "report": "trade",
    "section": "turnover",
}


def test_a_judgement_whose_conditions_hold_is_printed_with_its_figures():
    (j,) = evaluate([JUDGEMENT], _figures())
    assert j.holds and j.reason == ""
    assert j.sentence == "Turnover was US$71.5 million in 2018, none since Aug 2099."
    assert j.figures == ["trade", "takeover"]


def test_a_newer_figure_puts_the_judgement_under_review_and_says_why():
    # A figure for a year after the takeover: the sentence would be stale.
    (j,) = evaluate([JUDGEMENT], _figures(trade_year=2100))
    assert not j.holds and j.sentence == ""
    assert "2100" in j.reason and "2099" in j.reason and "below" in j.reason
    # A value above the threshold fails the second condition.
    (j,) = evaluate([JUDGEMENT], _figures(trade_value=250))
    assert not j.holds and "US$250 million" in j.reason and "100" in j.reason


def test_comparisons_between_figures_and_with_numbers():
    figures = _figures()
    assert check([["drop", "<", "rise"]], figures) == (True, "")
    assert check([["drop", "<=", -80], ["rise", ">", -50]], figures) == (True, "")
    holds, reason = check([["rise", "<", "drop"]], figures)
    assert not holds and "the other fall" in reason and "the fall" in reason
    assert check([["trade.year", "==", 2018], ["trade.year", "!=", 2019]], figures)[0]


def test_a_figure_the_data_no_longer_give_fails_its_condition():
    holds, reason = check([["gone", ">", 0]], _figures())
    assert not holds and "a figure no longer in the data" in reason


@pytest.mark.parametrize(
    "conditions, words",
    [
        ([["trade", "~", 1]], "op '~'"),
        ([["nosuch", "<", 1]], "the figures are"),
        ([["trade", "<"]], "[left, op, right]"),
        ([], "holds_if must be a list"),
        ([["takeover", "<", 1]], "compares text"),
    ],
)
def test_a_malformed_condition_is_refused_with_what_is_allowed(conditions, words):
    with pytest.raises(EditorialError) as err:
        check(conditions, _figures())
    assert words in str(err.value)


def test_placeholders_are_checked_and_text_from_data_stays_text():
    figures = _figures()
    with pytest.raises(EditorialError, match="names no figure"):
        fill("{nosuch}", figures)
    with pytest.raises(EditorialError, match="has no 'colour'"):
        fill("{trade.colour}", figures)
    assert fill("{event.event}", figures) == "A\\*b"  # a Markdown mark from data is neutral
    assert fill("{gone.colour}", figures) == ""  # a figure gone from the data has no words


def test_the_editorial_file_is_read_with_clear_errors(tmp_path):
    with pytest.raises(EditorialError, match="not found"):
        read_editorial(tmp_path)
    (tmp_path / "editorial").mkdir()
    path = tmp_path / "editorial" / "judgements.yml"
    path.write_text("judgements: [{id: x, lead: y}]\n")
    with pytest.raises(EditorialError, match="lacks text, holds_if, report, section"):
        read_editorial(tmp_path)
    path.write_text("judgements: [\n")
    with pytest.raises(EditorialError, match="not valid YAML"):
        read_editorial(tmp_path)


def test_the_editorial_file_is_checked_before_any_kernel_starts(tmp_path):
    from azaf.judgements import validate
    from azaf.topics.brief_figures import NAMES

    root = tmp_path
    (root / "editorial").mkdir()
    path = root / "editorial" / "judgements.yml"
    good = dict(JUDGEMENT, text="Turnover was {trade_latest}.", holds_if=[["trade_latest", "<", 1]])
    import yaml

    path.write_text(yaml.safe_dump({"judgements": [good]}))
    validate(root, NAMES)
    path.write_text(yaml.safe_dump({"judgements": [dict(good, text="{trade_typo} fell.")]}))
    with pytest.raises(EditorialError, match=r"placeholder \{trade_typo\} names no figure"):
        validate(root, NAMES)
    bad_op = dict(good, holds_if=[["trade_latest", "<<", 1]])
    path.write_text(yaml.safe_dump({"judgements": [bad_op]}))
    with pytest.raises(EditorialError, match="is not one of"):
        validate(root, NAMES)


def test_the_real_editorial_file_uses_only_figures_the_queries_give():
    from pathlib import Path

    from azaf.judgements import validate
    from azaf.topics.brief_figures import NAMES

    validate(Path(__file__).resolve().parents[1], NAMES)


def test_a_build_with_a_broken_editorial_file_stops_before_any_kernel(tmp_path):
    from conftest import build_in_copy

    from azaf.build import BuildOptions

    def break_it(dest):
        path = dest / "editorial" / "judgements.yml"
        path.write_text(path.read_text().replace("{trade_latest}", "{trade_lastest}", 1))

    with pytest.raises(EditorialError, match=r"\{trade_lastest\}") as err:
        build_in_copy(tmp_path / "azaf", BuildOptions(only=["overview"]), prepare=break_it)
    assert err.value.exit_code == 2
    assert not (tmp_path / "azaf" / "reports" / "latest").exists()
