"""The trade report's summary and key figures: the findings composed from the data (the
summary's data step, one row per finding), the summary shown from them, and the key figures
the build records and the overview reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ... import text
from ._format import (
    DEFAULT_COMPARATORS,
    _about_fraction,
    _by,
    _convoy_words,
    _money,
    _short,
    _tonnage_count,
    _year_words,
    period_words,
)
from .queries import (
    _beyond_briefs,
    _last_year,
    _share_of_total,
    _side_rows,
    brief_claims,
    products,
    regional,
    reported_turnover,
    shipments,
)

FINDING_COLUMNS = ["about", "finding", "source_ids"]


def findings(
    reporter: str,
    partner: str,
    start_year: int,
    end_year: int,
    comparators: Sequence[str] = DEFAULT_COMPARATORS,
) -> pd.DataFrame:
    """The summary's findings: one row per sentence, with what it is about and its sources.

    In the order the summary gives them; each sentence is composed from the data, with its
    figure and period. The parameters are in `attrs`.

    Example:
        >>> findings("AZE", "AFG", 2005, 2025)["about"].tolist()[:2]
        ['reported turnover', 'years without a figure']
    """
    start, end = int(start_year), int(end_year)
    found: list[dict[str, Any]] = []

    def add(about: str, sentence: str, source_ids: Any = ()) -> None:
        ids = [str(s) for s in source_ids if not text.is_missing(s)]
        found.append({"about": about, "finding": sentence, "source_ids": list(dict.fromkeys(ids))})

    if reporter != partner:
        _compose(add, reporter, partner, start, end, comparators)
    frame = pd.DataFrame(found, columns=FINDING_COLUMNS)
    frame.attrs = {
        "reporter": reporter,
        "partner": partner,
        "start_year": start,
        "end_year": end,
        "comparators": list(comparators),
    }
    return frame


def summary_words(frame: pd.DataFrame) -> None:
    """Shows the summary: the first five findings of the frame as a list."""
    ctx = frame.attrs
    a, b = _short(ctx["reporter"]), _short(ctx["partner"])
    if ctx["reporter"] == ctx["partner"]:
        text.md(
            f"The reporting and the partner country are both {a}: there is no bilateral trade "
            "to report. Choose two different countries."
        )
        return
    lines = frame["finding"].tolist()[:5]
    if not lines:
        lines = [
            f"No reported figure for trade between {a} and {b} in "
            f"{ctx['start_year']}–{ctx['end_year']} is in this series' data."
        ]
    text.md("\n".join(f"- {f}" for f in lines))


def _compose(
    add: Any, reporter: str, partner: str, start: int, end: int, comparators: Sequence[str]
) -> None:
    """Compose the findings in order, passing each to `add` with the sources behind it."""
    a, b = _short(reporter), _short(partner)
    rows = reported_turnover(reporter, partner, start, end)
    side_rows, side = _side_rows(rows, reporter, partner)
    if side_rows.empty:
        add(
            "reported turnover",
            f"No reported figure for trade between {a} and {b} in {start}–{end} is in this "
            "series' data; UN Comtrade publishes yearly trade by partner country.",
        )
    else:
        ordered = side_rows.sort_values("year")
        first, latest = ordered.iloc[0], ordered.iloc[-1]
        peak = side_rows.loc[side_rows["value"].idxmax()]
        by = f"{_short(side)}'s figures"
        if len(ordered) == 1:
            add(
                "reported turnover",
                f"{by} give one yearly turnover in {start}–{end}: "
                f"**{_money(latest['value'], latest['unit'], latest['qualifier'])}** for "
                f"{latest['year']}, from {_by(latest['statement_by'])}. With one figure no "
                "change can be computed.",
                [latest["source_id"]],
            )
        else:
            parts = []
            if first["id"] != peak["id"]:
                rise = text.pct_change(first["value"], peak["value"])
                parts.append(
                    f"rose from **{_money(first['value'], first['unit'])}** in {first['year']} "
                    f"to **{_money(peak['value'], peak['unit'])}** in {peak['year']} "
                    f"({text.fmt_pct(rise, signed=True)})"
                )
            else:
                parts.append(
                    f"were highest at **{_money(peak['value'], peak['unit'])}** in {peak['year']}"
                )
            if latest["id"] != peak["id"]:
                fall = text.pct_change(peak["value"], latest["value"])
                parts.append(
                    f"then stood at **{_money(latest['value'], latest['unit'])}** in "
                    f"{latest['year']} ({text.fmt_pct(fall, signed=True)} on the peak)"
                )
            from_brief = ordered[ordered["source_id"] == "brief_2023"]
            brief_note = (
                f" The {'figures' if len(from_brief) > 1 else 'figure'} for "
                f"{text.join_words(from_brief['year'].astype(int))} "
                f"{'are' if len(from_brief) > 1 else 'is'} known only from the 2023 brief."
                if len(from_brief)
                else ""
            )
            add(
                "reported turnover",
                f"On {by}, trade between {a} and {b} {' and '.join(parts)}.{brief_note}",
                ordered["source_id"],
            )
    claims = brief_claims(reporter, partner, start, end)
    last_year = _last_year(reporter, partner)
    if last_year is not None and last_year < end:
        first_gap = max(last_year + 1, start)
        gap_years = text.year_span([first_gap, end]).replace(" and ", "–")
        sentence = (
            f"No official yearly figure for {gap_years} is in this series' data: the latest "
            f"is for {last_year}. Azerbaijan's State Statistical Committee and UN Comtrade "
            "publish yearly trade by partner country."
        )
        values = claims[~claims["unit"].str.startswith("ratio")] if len(claims) else claims
        if len(values):
            said = text.join_words(
                f"**{_money(v, u, q)}** for {y}"
                for v, u, q, y in zip(
                    values["value"],
                    values["unit"],
                    values["qualifier"],
                    values["year"],
                    strict=True,
                )
            )
            sentence += f" The 2023 brief, naming no source, gives {said}."
        add("years without a figure", sentence, values["source_id"] if len(values) else ())
    both = rows.groupby("year")["side"].nunique()
    same_year = [int(y) for y, n in both.items() if n > 1]
    if same_year:
        year = same_year[-1]
        here = rows[rows["year"] == year]
        own = here[here["side"] == reporter].iloc[0]
        other = here[here["side"] == partner].iloc[0]
        ratio = float(other["value"]) / float(own["value"])
        # A lower bound stays a bound when compared: over the line "at least 19.6%", under it
        # "at most 510.7%".
        lower = (other["qualifier"] == "at_least", own["qualifier"] == "at_least")
        bound = {(True, False): "at least ", (False, True): "at most "}.get(lower, "")
        add(
            "the two sides' figures",
            f"The two sides' figures differ widely: for {_year_words(own)}, "
            f"{_by(own['statement_by'])} gave "
            f"**{_money(own['value'], own['unit'], own['qualifier'])}**; for "
            f"{_year_words(other)}, {_by(other['statement_by'])} gave "
            f"**{_money(other['value'], other['unit'], other['qualifier'])}**, "
            f"which is {bound}{_about_fraction(ratio)} of {_short(own['side'])}'s figure.",
            [own["source_id"], other["source_id"]],
        )
    if not side_rows.empty:
        latest = side_rows.sort_values("year").iloc[-1]
        share = _share_of_total(latest, partner)
        if share is not None:
            world = share["world"]
            add(
                "scale",
                f"As a rough scale only, since the periods and the reporting bodies differ: "
                f"{a}'s {latest['year']} figure (from {_by(latest['statement_by'])}) equals "
                f"about **{text.fmt_pct(share['share'], digits=1)}** of {b}'s total trade of "
                f"{_money(world['value'], world['unit'], world['qualifier'])} "
                f"in {period_words(world['period'], long=True)}, as reported by "
                f"{_by(world['statement_by'])}.",
                [latest["source_id"], world["source_id"]],
            )
    ship = shipments()
    first_convoy = ship[ship["sort"].str.startswith("2018-12")] if len(ship) else ship
    in_years = first_convoy["sort"].str[:4].astype(int).between(start, end).all()
    if len(first_convoy) > 1 and in_years:
        add(
            "the first convoy",
            f"Reports of the first Lapis Lazuli cargo, in December 2018, give "
            f"{_tonnage_count(first_convoy)}: {_convoy_words(first_convoy, bold=True)}.",
            first_convoy["source_id"],
        )
    lacking = []
    if products(reporter, partner).empty:
        lacking.append(f"the goods traded between {a} and {b}")
    if regional(reporter, partner, start, end, comparators).empty:
        lacking.append(f"{b}'s trade with the chosen regional partners")
    if lacking:
        add(
            "not in the data",
            f"{text.join_words(lacking)[:1].upper()}{text.join_words(lacking)[1:]} "
            f"{'are' if len(lacking) > 1 else 'is'} not in this series' data either.",
        )


def key_figures(
    reporter: str = "AZE",
    partner: str = "AFG",
    start_year: int = 2005,
    end_year: int = 2025,
    comparators: Sequence[str] = DEFAULT_COMPARATORS,
) -> list[dict[str, Any]]:
    """The report's key figures (latest, peak, change, share), computed without display.

    The report's key figures, computed without displaying anything (the overview calls this
    too): latest and peak reported turnover, the change between them, and the bilateral figure
    as a share of the partner's total trade.

    Example:
        >>> [k["name"] for k in key_figures()][:2]
        ['trade.latest_turnover', 'trade.peak_turnover']
    """
    rows = reported_turnover(reporter, partner, start_year, end_year)
    a, b = _short(reporter), _short(partner)
    side_rows, side = _side_rows(rows, reporter, partner)
    by = f"as reported by {_short(side)}"
    sourced = _beyond_briefs(side_rows)
    if sourced.empty:
        none = (
            f"no reported figure in {start_year}–{end_year}"
            if side_rows.empty
            else f"no figure beyond the founding briefs in {start_year}–{end_year}"
        )
        return [
            {
                "name": "trade.latest_turnover",
                "value": None,
                "unit": "USD million",
                "period": "",
                "source": [],
                "label": f"{a}–{b} turnover, latest reported ({none})",
            },
            {
                "name": "trade.peak_turnover",
                "value": None,
                "unit": "USD million",
                "period": "",
                "source": [],
                "label": f"{a}–{b} turnover, peak reported ({none})",
            },
            {
                "name": "trade.change_peak_to_latest",
                "value": None,
                "unit": "percent",
                "period": "",
                "source": [],
                "label": f"{a}–{b} turnover, change from peak to latest ({none})",
            },
        ]
    latest = sourced.sort_values("year").iloc[-1]
    peak = sourced.loc[sourced["value"].idxmax()]
    change = text.pct_change(peak["value"], latest["value"]) if peak["id"] != latest["id"] else None
    figures = [
        {
            "name": "trade.latest_turnover",
            "value": float(latest["value"]),
            "unit": str(latest["unit"]),
            "period": str(latest["year"]),
            "source": str(latest["source_id"]),
            "label": f"{a}–{b} turnover, latest reported ({by})",
        },
        {
            "name": "trade.peak_turnover",
            "value": float(peak["value"]),
            "unit": str(peak["unit"]),
            "period": str(peak["year"]),
            "source": str(peak["source_id"]),
            "label": f"{a}–{b} turnover, highest reported ({by})",
        },
        {
            "name": "trade.change_peak_to_latest",
            "value": None if change is None else round(change, 1),
            "unit": "percent",
            "period": f"{peak['year']}–{latest['year']}",
            "source": list(dict.fromkeys([str(peak["source_id"]), str(latest["source_id"])])),
            "label": f"{a}–{b} turnover, change from peak to latest ({by})"
            + (" (one figure only)" if change is None else ""),
        },
    ]
    share = _share_of_total(latest, partner)
    if share is not None:
        world = share["world"]
        figures.append(
            {
                "name": "trade.share_of_partner_total",
                "value": round(share["share"], 1),
                "unit": "percent",
                "period": f"{latest['year']} vs {period_words(world['period'])}",
                "source": [str(latest["source_id"]), str(world["source_id"])],
                "label": f"{a}–{b} turnover as a share of {b}'s total trade "
                "(rough scale: different periods and reporters)",
            }
        )
    return figures
