"""The report's key figures: the picks its summary quotes (latest and peak plan, funding,
GDP, girls and women's work), as the keyword arguments of azaf.record; shows nothing."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ... import text
from ._format import month_words
from .queries import Inputs, appeals, gather, needs_by_plan
from .queries_economy import gdp_per_person


def _needs_picks(inputs: Inputs) -> dict[str, pd.Series] | None:
    """The plans' people in need: the latest original plan, the first and the peak."""
    if not inputs.is_afghanistan:
        return None
    needs = needs_by_plan(inputs).dropna(subset=["people_in_need"])
    if needs.empty:
        return None
    original = needs[needs["version"] == "original"]
    return {
        "latest": (original if not original.empty else needs).iloc[-1],
        "first": needs.iloc[0],
        "peak": needs.loc[needs["people_in_need"].astype(float).idxmax()],
    }


def _funding_picks(inputs: Inputs) -> dict[str, Any] | None:
    """The appeals of the chosen years: the latest funded plan year, the coverage figure to
    quote for it, and the latest year-end figure (None where there is none)."""
    if not inputs.is_afghanistan:
        return None
    frame = appeals(inputs)
    if frame.empty:
        return None
    funded = frame.dropna(subset=["coverage"])
    if funded.empty:
        return {"frame": frame, "funded": funded}
    last_year = int(funded["plan_year"].max())
    latest = funded[funded["plan_year"] == last_year]
    # Prefer the requirement from the same report as the funding figure, when there is one.
    same = latest[latest["requirement_source"] == latest["funding_source"]]
    year_end = funded[~funded["part_year"].astype(bool)]
    return {
        "frame": frame,
        "funded": funded,
        "last_year": last_year,
        "latest": latest,
        "pick": (same if not same.empty else latest).iloc[0],
        "full": year_end.iloc[-1] if not year_end.empty else None,
    }


def _gdp_change(inputs: Inputs) -> tuple[pd.Series, pd.Series] | None:
    gdp = inputs.gdp
    if gdp.empty:
        return None
    base = gdp[gdp["year"] == 2020]
    latest = gdp.iloc[-1]
    if base.empty or int(latest["year"]) <= 2020:
        return None
    return base.iloc[0], latest


def _latest_counted(inputs: Inputs, indicator: str) -> pd.Series | None:
    """The latest figure of a women_figures indicator that is not a projection."""
    w = inputs.women
    if w.empty:
        return None
    rows = w[(w["indicator"] == indicator) & (w["status"] != "projection")]
    return rows.sort_values("shown_year").iloc[-1] if not rows.empty else None


def _women_picks(inputs: Inputs) -> tuple[pd.Series | None, pd.Series | None]:
    """The latest counts of girls out of secondary school and of the change in women's work."""
    return (
        _latest_counted(inputs, "girls_out_of_secondary_school"),
        _latest_counted(inputs, "women_employment_change"),
    )


def _kf(name: str, value: Any, unit: str, period: str, source: Any, label: str) -> dict[str, Any]:
    """One key figure as the keyword arguments of azaf.record, with plain Python values."""
    if text.is_missing(value):
        clean = None
    else:
        clean = float(value)
        clean = int(clean) if clean.is_integer() else clean
    sources = [str(s) for s in source] if isinstance(source, list) else str(source)
    return {
        "name": name,
        "value": clean,
        "unit": unit,
        "period": str(period),
        "source": sources,
        "label": label,
    }


def _population_source(inputs: Inputs, year: Any) -> str:
    """The source of the World Bank population figure used for a share (from its row)."""
    rows = inputs.population[inputs.population["year"] == year]
    return str(rows["source_id"].iloc[0])


def key_figures_of(inputs: Inputs) -> list[dict[str, Any]]:
    """The key figures of gathered inputs, as keyword arguments of azaf.record; shows nothing.

    Example:
        >>> [kf["name"] for kf in key_figures_of(gather("AFG", 2015, 2026))][:1]
        ['humanitarian.people_in_need_latest']
    """
    figures = []
    needs = _needs_picks(inputs)
    if needs is not None:
        latest, peak = needs["latest"], needs["peak"]
        figures.append(
            _kf(
                "humanitarian.people_in_need_latest",
                latest["people_in_need"],
                "people",
                str(latest["plan_year"]),
                latest["source_id"],
                label=f"people in need, {latest['plan_year']} plan",
            )
        )
        revised = " (revised plan)" if peak["version"] == "revision" else ""
        figures.append(
            _kf(
                "humanitarian.people_in_need_peak",
                peak["people_in_need"],
                "people",
                f"{peak['plan_year']}{revised}",
                peak["source_id"],
                label="people in need, highest plan figure",
            )
        )
        if not text.is_missing(latest["share"]):
            figures.append(
                _kf(
                    "humanitarian.people_in_need_share_latest",
                    round(float(latest["share"]), 1),
                    "percent of population",
                    str(latest["plan_year"]),
                    [latest["source_id"], _population_source(inputs, latest["pop_year"])],
                    # Calculated by the series; the plan's own share rests on its own
                    # population estimate, so the label gives it beside ours.
                    label=f"people in need as a share of the population, "
                    f"{latest['plan_year']} plan (calculated with the World Bank population of "
                    f"{latest['pop_year']}"
                    + (
                        f"; the plan itself states {latest['plan_share']})"
                        if latest["plan_share"]
                        else ")"
                    ),
                )
            )
    funding = _funding_picks(inputs)
    if funding is not None and not funding["funded"].empty:
        pick, full = funding["pick"], funding["full"]
        figures.append(
            _kf(
                "humanitarian.funding_coverage_latest",
                round(float(pick["coverage"]), 1),
                "percent of requirement",
                f"{pick['plan_year']} plan, received by {pick['as_of']}",
                list(dict.fromkeys([pick["requirement_source"], pick["funding_source"]])),
                label=(
                    f"funding received by {month_words(pick['as_of'])} as a share of the "
                    f"{pick['plan_year']} requirement"
                ),
            )
        )
        if full is not None:
            figures.append(
                _kf(
                    "humanitarian.funding_coverage_year_end",
                    round(float(full["coverage"]), 1),
                    "percent of requirement",
                    f"{full['plan_year']} plan, received by {full['as_of']}",
                    list(dict.fromkeys([full["requirement_source"], full["funding_source"]])),
                    label=f"funding received by year end as a share of the "
                    f"{full['plan_year']} requirement",
                )
            )
    if not inputs.gdp.empty:
        latest = inputs.gdp.iloc[-1]
        figures.append(
            _kf(
                "humanitarian.gdp_latest",
                latest["value"],
                "USD",
                str(latest["year"]),
                latest["source_id"],
                label=f"GDP of {inputs.name}, current US dollars",
            )
        )
        per_person = gdp_per_person(inputs)
        if not per_person.empty:
            last = per_person.iloc[-1]
            figures.append(
                _kf(
                    "humanitarian.gdp_per_person_latest",
                    round(float(last["gdp_per_person"])),
                    "USD per person",
                    str(last["year"]),
                    [last["source_id"], last["pop_source"]],
                    label=f"GDP per person in {inputs.name}, current US dollars",
                )
            )
        change = _gdp_change(inputs)
        if change is not None:
            base, latest = change
            figures.append(
                _kf(
                    "humanitarian.gdp_change_2020_latest",
                    round(text.pct_change(base["value"], latest["value"]), 1),
                    "percent",
                    f"2020–{latest['year']}",
                    latest["source_id"],
                    label=f"change in GDP of {inputs.name} (current US dollars) from 2020",
                )
            )
    girls, work = _women_picks(inputs)
    if girls is not None:
        figures.append(
            _kf(
                "humanitarian.girls_out_of_secondary_latest",
                girls["value"],
                "people",
                str(girls["period"]),
                girls["source_id"],
                label="girls out of secondary school, latest figure",
            )
        )
    if work is not None:
        figures.append(
            _kf(
                "humanitarian.women_employment_change",
                work["value"],
                "percent",
                str(work["period"]),
                work["source_id"],
                label="change in women's employment",
            )
        )
    return figures


def key_figures(
    country: str = "AFG", start_year: int = 2015, end_year: int = 2026
) -> list[dict[str, Any]]:
    """The report's key figures for its parameters, computed without displaying anything
    (the overview calls this; the report records the same list in executive_summary()).

    Example:
        >>> [kf["name"] for kf in key_figures()][:2]
        ['humanitarian.people_in_need_latest', 'humanitarian.people_in_need_peak']
    """
    return key_figures_of(gather(country, start_year, end_year, quiet=True))
