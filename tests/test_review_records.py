"""Judgements flagged for review travel from the executed notebook to the build's summary."""

from azaf.build import _echo_reviews
from azaf.records import REVIEW_MIME, reviews
from azaf.render import RECORD_PREFIX


def _nb(*payloads: dict) -> dict:
    outputs = [{"output_type": "display_data", "data": {REVIEW_MIME: p}} for p in payloads]
    return {"cells": [{"cell_type": "code", "outputs": outputs}]}


def test_reviews_keep_the_last_flag_of_each_judgement():
    nb = _nb(
        {"id": "trade", "reason": "first"},
        {"id": "aid", "reason": "aid"},
        {"id": "trade", "reason": "second"},
    )
    assert reviews(nb) == [{"id": "trade", "reason": "second"}, {"id": "aid", "reason": "aid"}]
    assert reviews({"cells": []}) == []


def test_summary_names_the_report_and_the_judgement():
    lines: list[str] = []
    entries = [
        {"id": "overview", "review": [{"id": "trade", "reason": "a 2024 figure is 90"}]},
        {"id": "trade"},
    ]
    _echo_reviews(entries, lines.append)
    assert len(lines) == 1
    assert "overview" in lines[0] and "'trade'" in lines[0] and "a 2024 figure is 90" in lines[0]


def test_review_records_are_stripped_from_the_publication():
    import nbformat

    from azaf.render import StripForPublication

    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={REVIEW_MIME: {"id": "x"}, "text/plain": ""}),
        nbformat.v4.new_output("display_data", data={"text/plain": "kept"}),
    ]
    kept, _ = StripForPublication().preprocess_cell(cell, {}, 0)
    assert [o["data"] for o in kept.outputs] == [{"text/plain": "kept"}]
    assert REVIEW_MIME.startswith(RECORD_PREFIX)
