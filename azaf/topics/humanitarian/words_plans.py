"""The words and tables of the plans, Azerbaijan's part, food insecurity and poverty, each
composed from the frame it is given (and the context that frame carries in its attrs)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ... import report, tables, text
from ...data import load_quiet
from ._format import (
    _afghanistan_only,
    _context,
    _dataset_words,
    _millions,
    _pct,
    _say,
    _short_source_id,
    _short_title,
    _status_words,
    _usd_billions,
    month_words,
)
from .charts_plans import mostly_unfunded

# How many of the latest plans show their funding month by month.
RECENT_PLANS = 3
# Where the appeals' funding is published when it is not in this series' data.
FTS = "OCHA's Financial Tracking Service"


# ----------------------------------------------------------------------------- needs


def needs_words(needs: pd.DataFrame) -> None:
    """Say which plans the people-in-need figures cover and which were revised in the year."""
    context = _context(needs)
    if _afghanistan_only(context, "humanitarian plans"):
        return
    if needs.empty:
        held = needs.attrs.get("plan_years", [])
        _say(
            f"The data hold no humanitarian plan figures for {context.years}; the plans in "
            f"the data cover {text.year_span(held)}."
        )
        return
    revisions = needs[needs["version"] == "revision"]
    sentence = (
        f"The data hold people-in-need figures for the plans of "
        f"{text.year_span(needs.dropna(subset=['people_in_need'])['plan_year'])}"
    )
    if not revisions.empty:
        several = len(revisions) > 1
        sentence += (
            f"; the plan{'s' if several else ''} of "
            + text.join_words(
                f"{r['plan_year']} (revised in {month_words(r['revision_date'])})"
                for _, r in revisions.iterrows()
            )
            + f" {'were' if several else 'was'} revised during the year, and each revision is "
            "drawn as its own point"
        )
    _say(sentence + ".")


def needs_table(needs: pd.DataFrame) -> None:
    """Show people in need as a share of the population, plan by plan, ours beside the plan's."""
    context = _context(needs)
    if not context.is_afghanistan or needs.empty:
        return
    table = needs.assign(
        plan=needs.apply(
            lambda r: (
                f"{r['plan_year']}"
                + (
                    f", revised {month_words(r['revision_date'])}"
                    if r["version"] == "revision"
                    else ""
                )
            ),
            axis=1,
        ),
        plan_share_text=needs["plan_share"].map(lambda v: v or "–"),
        pop_text=needs.apply(
            lambda r: (
                "–"
                if text.is_missing(r["population"])
                else f"{float(r['population']) / 1e6:,.1f} ({r['pop_year']})"
            ),
            axis=1,
        ),
    )
    table["source_id"] = needs["source_id"]
    later = needs[needs["pop_year"].notna() & (needs["pop_year"] < needs["plan_year"])]
    used = needs.dropna(subset=["pop_year"]).drop_duplicates("pop_year").sort_values("pop_year")
    report.cite(used["pop_source"].dropna().unique().tolist())
    note = (
        "Our share divides the plan's count by the World Bank's total population for the plan "
        f"year ({_dataset_words(used['pop_source'])}); the plans use their own population "
        "estimates, so the share a plan states can differ from ours."
    ) + (
        " For the plans of "
        + text.year_span(later["plan_year"])
        + f" the World Bank series ends earlier, so its latest year "
        f"({text.join_words(sorted(set(later['pop_year'].astype(int))))}) is used."
        if not later.empty
        else ""
    )
    tables.show_table(
        table,
        "People in need as a share of the population, by plan",
        columns={
            "plan": "Plan",
            "people_in_need": "In need (million)",
            "people_targeted": "Targeted (million)",
            "pop_text": "Population, million (year)",
            "share": "In need, our share of population",
            "plan_share_text": "Share the plan states",
        },
        formats={"people_in_need": _millions, "people_targeted": _millions, "share": _pct},
        note=note,
    )


# ----------------------------------------------------------------------------- appeals


def appeals_words(frame: pd.DataFrame) -> None:
    """Say which plans' requirements and funding the data hold, and how to read a funding
    figure dated before the year's end."""
    context = _context(frame)
    if _afghanistan_only(context, "humanitarian appeals"):
        return
    if frame.empty:
        _say(
            f"The data hold no appeal requirement for the plans of {context.years}; the plans "
            f"in the data cover {text.year_span(frame.attrs.get('plan_years', []))}."
        )
        return
    funded = frame.dropna(subset=["coverage"])
    unfunded = sorted(set(frame["plan_year"]) - set(funded["plan_year"]))
    _say(
        f"This series' data hold the requirements of the plans of "
        f"{text.year_span(frame['plan_year'])}"
        + (
            f" and funding figures for {text.year_span(funded['plan_year'])}. "
            if not funded.empty
            else ". "
        )
        + (
            f"Funding for {text.year_span(unfunded)} is not in this series' data; it is "
            f"published by {FTS}. "
            if unfunded
            else ""
        )
        + "Each funding figure is the amount received by the month given with it: a figure "
        "dated before December covers part of the year and is not the year's total."
    )


def funding_table(funding: pd.DataFrame, appeals: pd.DataFrame) -> None:
    """Show the recent plans' funding month by month (beside a table of mostly unfunded
    appeals only when it adds carried-over funding), and name plans with two requirements."""
    context = _context(appeals)
    if not context.is_afghanistan or appeals.empty:
        return
    only_extra = mostly_unfunded(appeals)
    fund = funding
    if not (only_extra and not (fund["indicator"] == "funding_carried_over").any()):
        _funding_rows_table(fund)
    _two_requirements(appeals)


def _funding_rows_table(fund: pd.DataFrame) -> None:
    """Every funding figure of the latest plans with its month."""
    # The month-by-month history matters for the recent plans, whose funding is still
    # arriving; older plans are shown by their latest figure above.
    recent = int(fund["plan_year"].max()) - RECENT_PLANS + 1 if not fund.empty else 0
    fund = fund[fund["plan_year"] >= recent]
    if fund.empty:
        return
    fund = fund.sort_values(["plan_year", "as_of"]).assign(
        when=fund["as_of"].map(month_words),
        what=fund["indicator"].map(
            {"funding_received": "received", "funding_carried_over": "carried over"}
        ),
        kind=[
            "the whole year" if str(a) >= f"{int(y)}-12" else "part of the year only"
            for a, y in zip(fund["as_of"], fund["plan_year"], strict=True)
        ],
    )
    tables.show_table(
        fund,
        f"Funding of the plans of {text.year_span(fund['plan_year'])}, by the month each "
        "figure refers to",
        columns={
            "plan_year": "Plan",
            "what": "Funding",
            "value": "US$ billion",
            "when": "Received by",
            "kind": "Covers",
            "note": "Note",
        },
        formats={"value": _usd_billions},
    )


def _two_requirements(frame: pd.DataFrame) -> None:
    """Say where two reports give different requirements for one plan."""
    rq = frame[frame.duplicated(["plan_year", "version"], keep=False)]
    if not rq.empty:
        rq = rq.assign(publisher=rq["requirement_source"].map(_short_source_id))
        _say(
            "Two reports give different requirements for "
            + text.join_words(f"the {y} plan" for y in sorted(set(rq["plan_year"])))
            + ": "
            + text.join_words(
                f"{text.fmt_usd(r['requirement'], 2)} ({r['publisher']})" for _, r in rq.iterrows()
            )
            + ". Both are shown and neither is preferred; the funding figure is set against "
            "each."
        )


# ----------------------------------------------------------------------------- Azerbaijan


def _hedge(description: Any) -> str:
    """'more than ' or 'about ' when a programme's description says its count is a lower
    bound or approximate."""
    words = str(description).lower()
    if "lower bound" in words or "more than" in words:
        return "more than "
    if "approximate" in words or "about" in words:
        return "about "
    return ""


def azerbaijan_words(rows: pd.DataFrame) -> None:
    """Say how many programmes and events of Azerbaijani help the data record, the counts
    they give, and that no sum of aid since 2021 is in the data."""
    context = _context(rows)
    if _afghanistan_only(context, "Azerbaijan's programmes and aid"):
        return
    if rows.empty:
        _say(
            f"No Azerbaijani programme or aid for Afghanistan up to {context.end} is in this "
            "series' data."
        )
        return
    counted = rows.dropna(subset=["count"])
    said = [
        f"{_hedge(r['detail'])}{text.fmt_int(r['count'])} {r['unit']}"
        for _, r in counted.iterrows()
    ]
    counted_names = text.join_words(dict.fromkeys(str(p).split(":")[0] for p in counted["what"]))
    dated = rows[rows["sort"] != "9999"]
    sentence = (
        f"This series' data record {len(rows)} programmes and events of Azerbaijani training, "
        f"aid and help for Afghans, from {dated['sort'].min()[:4]} to {dated['sort'].max()[:4]}."
    )
    if said:
        sentence += f" Counts are given only for {counted_names}: {text.join_words(said)}."
    after = dated[dated["sort"].str[:4].astype(int) >= 2021]
    late_counts = counted[counted["sort"].str[:4].astype(int) >= 2021]
    if len(after) and late_counts.empty:
        sentence += (
            f" {'None of the' if len(after) > 1 else 'The'} {len(after)} "
            f"{'entries' if len(after) > 1 else 'entry'} since 2021 "
            f"{'gives' if len(after) > 1 else 'gives no'} "
            f"{'a number or an amount' if len(after) > 1 else 'number or amount'}: no sum of "
            "Azerbaijani aid to Afghanistan is in this series' data."
        )
    _say(sentence)


def azerbaijan_table(rows: pd.DataFrame) -> None:
    """Show what Azerbaijan did for Afghans, programme by programme and event by event."""
    if not _context(rows).is_afghanistan or rows.empty:
        return
    tables.show_table(
        rows,
        "What Azerbaijan did for Afghans: programmes, training and aid, as recorded",
        columns={"when": "When", "what": "What", "by": "Azerbaijani or partner body"},
        note="Programmes as the 2023 brief and news reports describe them, and dated events "
        "from the timeline; statements of help are shown as stated, not as amounts.",
    )


# ----------------------------------------------------------------------------- food, poverty


def _food_status(row: pd.Series) -> str:
    """The row's status, and, for a figure taken from the humanitarian plan of the same year,
    that it is the plan's figure for the year ahead (written before the year it describes)."""
    words = _status_words(row["status"])
    if "year ahead" in str(row.get("note", "")).lower():
        return words  # the data note already says so, beside the status
    plans = load_quiet("humanitarian_plans")
    same = plans[(plans["source_id"] == row["source_id"]) & (plans["plan_year"] == row["year"])]
    if same.empty:
        return words
    return f"{words}: the {row['year']} plan's figure for the year ahead"


def food_table(food: pd.DataFrame) -> None:
    """Show the food-insecurity figures with their status; projections labelled as such."""
    context = _context(food)
    if _afghanistan_only(context, "food insecurity and poverty figures"):
        return
    if food.empty:
        _say(f"The data hold no food-insecurity figure for {context.years}.")
        return
    names = {
        "acute_food_insecurity_ipc3plus": "Acute food insecurity (IPC phase 3 or worse)",
        "acute_food_insecurity_ipc4": "Emergency (IPC phase 4)",
    }
    shown = food.sort_values(["year", "indicator"]).assign(
        measure=food["indicator"].map(names).fillna(food["indicator"]),
        status_words=food.apply(_food_status, axis=1),
    )
    tables.show_table(
        shown,
        f"People facing acute food insecurity in {context.name}",
        columns={
            "period": "Period",
            "measure": "Measure",
            "value": "People (million)",
            "status_words": "Status",
            "note": "Note",
        },
        formats={"value": _millions},
        note="A projection is a forecast made before the period; it is not a count of "
        "what happened.",
    )


def poverty_table(pov: pd.DataFrame) -> None:
    """Show the poverty rates with their status and the report that states each."""
    context = _context(pov)
    if not context.is_afghanistan:
        return
    if pov.empty:
        _say(f"The data hold no poverty figure for {context.years}.")
        return
    pov = pov.sort_values(["year", "status"]).assign(
        rate=pov.apply(
            lambda r: (
                text.fmt_pct(r["value"])
                if text.is_missing(r["value_high"])
                else f"{text.fmt_num(r['value'], 0)}–{text.fmt_pct(r['value_high'])}"
            ),
            axis=1,
        ),
        status_words=pov["status"].map(_status_words),
        who=pov["source_id"].map(lambda s: _short_title(s)),
    )
    tables.show_table(
        pov,
        f"Share of the population below the national poverty line in {context.name}",
        columns={
            "period": "Period",
            "rate": "Share",
            "status_words": "Status",
            "who": "Stated in",
            "note": "Note",
        },
        note="Two reports of the same UNDP appraisal give the projection, one as a range; "
        "both are shown.",
    )


def poverty_words(pov: pd.DataFrame) -> None:
    """Say which poverty figures are projections made before their time, not outcomes."""
    if not _context(pov).is_afghanistan or pov.empty:
        return
    proj = pov[pov["status"] == "projection"]
    if not proj.empty:
        _say(
            "The poverty figures for "
            + text.join_words(sorted(set(proj["period"])))
            + " are projections made before that time, not measured outcomes; the data hold no "
            "later measured poverty rate."
        )
