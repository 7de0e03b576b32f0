"""The data steps of the humanitarian report: the tables it reads, limited to its country and
years, and one DataFrame per section, each carrying its country and years in frame.attrs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ... import text
from ...data import country_name, load, load_quiet
from ._format import (
    AFGHANISTAN,
    _date_words,
    _published_year,
    _with_context,
    period_years,
    plan_share_words,
)

# Words that mark a timeline event as Azerbaijan's aid, training or help to Afghans.
AZE_HELP = (
    r"\baid\b|humanitarian|\bhelp|ANAMA|mine action|ASAN|training|courses|students|evacuat"
    r"|condolence"
)


@dataclass
class Inputs:
    """The rows a report draws on, already limited to its country and years."""

    country: str
    start: int
    end: int
    plans: pd.DataFrame
    plan_years_all: list[int]
    population: pd.DataFrame
    gdp: pd.DataFrame
    food: pd.DataFrame
    poverty: pd.DataFrame
    statements: pd.DataFrame
    women: pd.DataFrame
    timeline: pd.DataFrame

    @property
    def name(self) -> str:
        """The country's name."""
        return country_name(self.country)

    @property
    def is_afghanistan(self) -> bool:
        """Whether the Afghanistan-only tables apply."""
        return self.country == AFGHANISTAN

    @property
    def years(self) -> str:
        """The chosen years in words."""
        return f"{self.start}–{self.end}" if self.start != self.end else str(self.start)


def gather(country: str, start: int, end: int, quiet: bool = False) -> Inputs:
    """Load every table the report reads, limited to the country and years.

    Example:
        >>> inputs = gather("AFG", 2019, 2026)

    With quiet=True the tables are not listed among the datasets the report read (for
    key_figures(), which the overview calls without showing these tables).
    """
    read = load_quiet if quiet else load
    afg = country == AFGHANISTAN
    plans = read("humanitarian_plans")
    if "iso3" in plans.columns:
        plans = plans[plans["iso3"] == country]
    elif not afg:
        plans = plans.iloc[0:0]
    plan_years_all = sorted({int(y) for y in plans["plan_year"].dropna()})
    plans = plans[plans["plan_year"].between(start, end)]

    macro = read("macro_wb")
    macro = macro[macro["iso3"] == country]
    population = macro[macro["indicator"] == "population"].sort_values("year")
    gdp = macro[(macro["indicator"] == "gdp_current_usd") & macro["year"].between(start, end)]

    food = read("food_insecurity")
    food = food[food["year"].between(start, end)] if afg else food.iloc[0:0]
    poverty = read("poverty")
    poverty = poverty[poverty["year"].between(start, end)] if afg else poverty.iloc[0:0]

    statements = read("macro_statements")
    statements = statements[statements["iso3"] == country].copy()
    spans = statements["period"].map(period_years)
    statements["first_year"] = spans.map(lambda s: s[0]).astype("Int64")
    statements["last_year"] = spans.map(lambda s: s[1]).astype("Int64")
    dated = statements["first_year"].notna()
    in_range = dated & (statements["first_year"] <= end) & (statements["last_year"] >= start)
    # Statements without a recorded period belong to the present; they are shown when the
    # chosen years reach the latest period the table speaks of.
    latest = statements["last_year"].max() if dated.any() else None
    undated_ok = latest is not None and end >= int(latest)
    statements = statements[in_range | (~dated & undated_ok)]

    women = read("women_figures") if afg else None
    if women is not None:
        # Figures without a horizon take the year their statement was published.
        year = women["year"].copy()
        for i in women.index[women["year"].isna()]:
            year.loc[i] = _published_year(str(women.at[i, "source_id"]))
        women = women.assign(shown_year=year.astype("Int64"))
        women = women[
            women["shown_year"].between(start, end) & (women["source_id"] != "brief_2023")
        ]
    else:
        women = pd.DataFrame()

    timeline = read("timeline")
    timeline = timeline[timeline["category"] == "women"].copy() if afg else timeline.iloc[0:0]
    timeline["year"] = timeline["date"].astype(str).str[:4].astype(int)
    timeline = timeline[timeline["year"].between(start, end)].sort_values("date")

    return Inputs(
        country=country,
        start=start,
        end=end,
        plans=plans.reset_index(drop=True),
        plan_years_all=plan_years_all,
        population=population.reset_index(drop=True),
        gdp=gdp.sort_values("year").reset_index(drop=True),
        food=food.reset_index(drop=True),
        poverty=poverty.reset_index(drop=True),
        statements=statements.reset_index(drop=True),
        women=women.reset_index(drop=True),
        timeline=timeline.reset_index(drop=True),
    )


# ----------------------------------------------------------------------------- plans


def needs_by_plan(inputs: Inputs) -> pd.DataFrame:
    """People in need and targeted, one row per plan year and version, with population share.

    Example:
        >>> needs_by_plan(gather("AFG", 2019, 2026))[["plan_year", "version", "share"]]
    """
    rows = inputs.plans[inputs.plans["indicator"].isin(["people_in_need", "people_targeted"])]
    columns = [
        "plan_year",
        "version",
        "revision_date",
        "people_in_need",
        "people_targeted",
        "pop_year",
        "population",
        "share",
        "plan_share",
        "source_id",
        "pop_source",
    ]
    plan_years = list(inputs.plan_years_all)
    if rows.empty:
        return _with_context(pd.DataFrame(columns=columns), inputs, plan_years=plan_years)
    keys = ["plan_year", "version"]
    wide = rows.pivot_table(index=keys, columns="indicator", values="value", aggfunc="first")
    wide = wide.reindex(columns=["people_in_need", "people_targeted"]).reset_index()
    first = rows.groupby(keys, as_index=False).agg(
        revision_date=("revision_date", "first"), source_id=("source_id", "first")
    )
    wide = wide.merge(first, on=keys)
    # The share the plan states itself, where the data note on its people-in-need row gives it.
    stated = rows[rows["indicator"] == "people_in_need"].assign(
        plan_share=lambda f: f["note"].map(plan_share_words)
    )
    stated = stated[[*keys, "plan_share"]].drop_duplicates(keys)
    wide = wide.merge(stated, on=keys, how="left")
    wide["plan_share"] = wide["plan_share"].fillna("")
    pop = inputs.population
    pop_years, pop_values, pop_sources = [], [], []
    for year in wide["plan_year"]:
        # The plan year's population, or the latest the World Bank series holds before it.
        known = pop[pop["year"] <= year]
        if known.empty:
            pop_years.append(pd.NA)
            pop_values.append(pd.NA)
            pop_sources.append(pd.NA)
        else:
            pop_years.append(int(known["year"].iloc[-1]))
            pop_values.append(float(known["value"].iloc[-1]))
            pop_sources.append(known["source_id"].iloc[-1])
    wide["pop_year"] = pd.array(pop_years, dtype="Int64")
    wide["population"] = pd.array(pop_values, dtype="Float64")
    wide["pop_source"] = pop_sources
    wide["share"] = (wide["people_in_need"] / wide["population"] * 100).astype("Float64")
    order = wide["version"].map({"original": 0, "revision": 1})
    wide = wide.assign(_o=order).sort_values(["plan_year", "_o"]).drop(columns="_o")
    return _with_context(wide[columns].reset_index(drop=True), inputs, plan_years=plan_years)


def appeals(inputs: Inputs) -> pd.DataFrame:
    """One row per requirement figure, with the latest funding of the same plan and version.

    Example:
        >>> appeals(gather("AFG", 2017, 2026))[["plan_year", "requirement", "coverage"]]
    """
    plans = inputs.plans
    req = plans[plans["indicator"] == "requirement"]
    fund = plans[plans["indicator"] == "funding_received"].sort_values("as_of")
    out = []
    for _, r in req.iterrows():
        same = fund[(fund["plan_year"] == r["plan_year"]) & (fund["version"] == r["version"])]
        latest = same.iloc[-1] if not same.empty else None
        received = latest["value"] if latest is not None else pd.NA
        out.append(
            {
                "plan_year": int(r["plan_year"]),
                "version": r["version"],
                "revision_date": r["revision_date"],
                "requirement": float(r["value"]),
                "requirement_source": r["source_id"],
                "received": received,
                "as_of": latest["as_of"] if latest is not None else pd.NA,
                "funding_source": latest["source_id"] if latest is not None else pd.NA,
                "coverage": (float(received) / float(r["value"]) * 100)
                if latest is not None
                else pd.NA,
                "source_id": r["source_id"],
            }
        )
    frame = pd.DataFrame(out)
    plan_years = list(inputs.plan_years_all)
    if frame.empty:
        return _with_context(frame, inputs, plan_years=plan_years)
    # Part of the year: received before the plan's last month (a later snapshot, such as
    # FTS's of April 2026 for the 2024 plan, counts the whole year).
    frame["part_year"] = [
        (not text.is_missing(a)) and str(a) < f"{int(y)}-12"
        for a, y in zip(frame["as_of"], frame["plan_year"], strict=True)
    ]
    frame["_o"] = frame["version"].map({"original": 0, "revision": 1})
    frame = frame.sort_values(["plan_year", "_o"]).drop(columns="_o").reset_index(drop=True)
    return _with_context(frame, inputs, plan_years=plan_years)


def funding_history(inputs: Inputs) -> pd.DataFrame:
    """Every funding figure of the plans (received and carried over), by the month it
    refers to.

    Example:
        >>> funding_history(gather("AFG", 2024, 2026))[["plan_year", "value", "as_of"]]
    """
    plans = inputs.plans
    fund = plans[plans["indicator"].isin(["funding_received", "funding_carried_over"])]
    return _with_context(fund.reset_index(drop=True), inputs)


def azerbaijan_help(inputs: Inputs) -> pd.DataFrame:
    """What Azerbaijan did for Afghans, as the data record it: its programmes (training, the
    ASAN service model, places for students) and the dated events of aid and help.

    Example:
        >>> "ANAMA" in " ".join(azerbaijan_help(gather("AFG", 2000, 2026, quiet=True))["what"])
        True
    """
    rows: list[dict[str, Any]] = []
    programmes = load_quiet("people_programmes")
    for _, r in programmes.iterrows():
        start, end = r.get("start"), r.get("end")
        first = None if text.is_missing(start) else int(str(start)[:4])
        if first is not None and first > inputs.end:
            continue
        if text.is_missing(start):
            when = "not dated"
        elif text.is_missing(end):
            when = f"from {_date_words(start)}" if len(str(start)) == 4 else _date_words(start)
        else:
            when = f"{_date_words(start)}–{_date_words(end)}"
        rows.append(
            {
                "sort": str(start) if first else "9999",
                "when": when,
                "what": str(r["programme"]),
                "detail": str(r["description"]),
                "by": "–" if text.is_missing(r["partner_body"]) else str(r["partner_body"]),
                # A programme's count, where its row gives one (events give none).
                "count": r["value"],
                "unit": r["unit"],
                "source_id": r["source_id"],
            }
        )
    timeline = load_quiet("timeline")
    about = timeline["event"].str.contains(r"Azerbaijan|Baku", na=False)
    helping = timeline["event"].str.contains(AZE_HELP, case=False, na=False)
    # Programmes already listed are not repeated from the timeline (ASAN, the courses).
    listed = timeline["event"].str.contains(r"ASAN|Diplomatic Academy", na=False)
    events = timeline[about & helping & ~listed]
    events = events[events["date"].str[:4].astype(int) <= inputs.end]
    for _, r in events.iterrows():
        one_side = bool(r.get("one_side_only", False) is True or r.get("one_side_only") == "True")
        rows.append(
            {
                "sort": str(r["date"]),
                "when": text.fmt_date(r["date"], r["date_precision"], short=True),
                "what": str(r["event"]),
                "detail": "By the Taliban side's account only." if one_side else "–",
                "by": "–",
                "count": pd.NA,
                "unit": pd.NA,
                "source_id": r["source_id"],
            }
        )
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.sort_values("sort", kind="stable").reset_index(drop=True)
    return _with_context(frame, inputs)


# ----------------------------------------------------------------------------- food, women


def food_insecurity(inputs: Inputs) -> pd.DataFrame:
    """Food-insecurity figures of the chosen years, with the status their source gives.

    Example:
        >>> food_insecurity(gather("AFG", 2015, 2026))[["period", "indicator", "status"]]
    """
    return _with_context(inputs.food.copy(), inputs)


def poverty(inputs: Inputs) -> pd.DataFrame:
    """Poverty rates of the chosen years (national poverty line), estimates and projections.

    Example:
        >>> poverty(gather("AFG", 2015, 2026))[["period", "value", "status"]]
    """
    return _with_context(inputs.poverty.copy(), inputs)


def restrictions(inputs: Inputs) -> pd.DataFrame:
    """The dated decisions and events on the rights of women and girls in the chosen years.

    Example:
        >>> restrictions(gather("AFG", 2021, 2026))[["date", "event"]]
    """
    first = ""
    if inputs.is_afghanistan:
        every = load_quiet("timeline")
        earliest = every[every["category"] == "women"]["date"].astype(str).min()
        first = earliest if isinstance(earliest, str) else ""
    # The first restriction in the whole timeline: a range ending before it says so.
    return _with_context(inputs.timeline.copy(), inputs, first_restriction=first)


def women_figures(inputs: Inputs) -> pd.DataFrame:
    """The figures on girls' schooling and women's work of the chosen years (the 2023 brief's
    own figures left out), each with the year it is shown at (`shown_year`).

    Example:
        >>> women_figures(gather("AFG", 2021, 2026))[["indicator", "period", "value"]]
    """
    return _with_context(inputs.women.copy(), inputs)
