"""Humanitarian conditions and the economy: needs, appeals, food, poverty, GDP, revenue, women.

The notebook calls `gather` once, then one function per section. Every figure shown comes from
data/; sentences are composed here from the rows, so a rerun with other parameters cannot
leave stale text behind.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from .. import charts, report, tables, text
from ..data import country_name, load, load_quiet
from .trade import period_words

# The plan, food, poverty and women tables describe Afghanistan only (their titles say so and
# they carry no country column); a report on another country says so instead of showing them.
AFGHANISTAN = "AFG"

METHODS = """\
**People in need and people targeted** are the counts in the humanitarian response plans for
Afghanistan published by the UN Office for the Coordination of Humanitarian Affairs (OCHA),
one figure per plan year. A plan revised during its year is shown as a point of its own, dated
by the month of the revision, beside the original plan; the two are never merged. The share of
the population in need is our division of the plan's count by the World Bank's total
population of the plan year; where the World Bank series does not yet reach the plan year, the
latest year it holds is used and named. The plans work with their own population estimates, so
the shares they state can differ from ours; where the data record the share a plan states, it
is shown beside ours, and neither replaces the other.

**Appeals and funding.** The requirement is what a plan asked for; funding received is what
OCHA reported as received by a given month. A figure dated before December covers only part of
the year and is not the year's total. Coverage is funding received divided by the requirement
of the same plan version. Where two reports give different requirements for the same plan,
both are shown, neither is preferred, and coverage is given against each; the figures are never
averaged.

**Food insecurity and poverty** are shown with the status their source gives them. A
projection is a forecast made before the period it covers: it is labelled as such, kept in
tables and sentences apart from estimates, and never drawn as an outcome. A figure taken from
the humanitarian plan of the same year is the plan's figure for the year ahead, written as the
year began, and is marked so.

**The economy.** GDP in current US dollars (series NY.GDP.MKTP.CD) and total population
(SP.POP.TOTL) are World Bank World Development Indicators; GDP per person is our division of
the two for the years that have both. Current-dollar GDP moves with prices and the exchange
rate as well as with output. Real growth, the afghani and public revenue exist in the data only
as statements by the World Bank, the Asian Development Bank, the Taliban-run Ministry of
Finance and the 2023 brief; they are shown as statements, each with who made it, and
conflicting statements side by side. Where the report compounds two stated growth rates it says
that the result is its own calculation. A figure that only the 2023 brief gives is kept in its
table, marked "claim in the 2023 brief (unverified)" or "brief's claim", and drawn as an
outline, never as an outcome; where it matches a projection rather than the stated outcomes,
the report says so. Revenue is stated by Afghan solar year (which runs from about March to
March); the dollar amounts are the conversions published with the afghani figures, and the
exchange rate they imply is our division of the two. The World Bank's official exchange-rate
series (PA.NUS.FCRF) is not in the data.

**Women and girls.** The timeline lists the dated decisions restricting women's education and
work that the data hold. The figures come from UN agencies and others; different agencies count
different groups (girls barred from secondary school, all girls out of school including those
never enrolled, girls and university students together), so they are shown apart and never
added up. Projections are labelled. The 2023 brief's figures on women and girls are left out of
this report (the overview's fact check sets them against the agencies' figures); a dated event
that only the brief gives stays in the timeline, marked "claim in the 2023 brief (unverified)".
"""

# Readable names for the indicators of women_figures, grouped by theme. An indicator missing
# here still appears, under "other", with its machine name made readable.
WOMEN_LABELS: dict[str, tuple[str, str]] = {
    "girls_out_of_secondary_school": ("education", "Girls out of secondary school"),
    "girls_denied_secondary_and_university": (
        "education",
        "Girls and women denied secondary school and university",
    ),
    "girls_out_of_school_total": ("education", "Girls out of school, incl. never enrolled"),
    "share_school_age_girls_out_of_school": (
        "education",
        "Share of school-age girls out of school",
    ),
    "share_girls_never_entered_primary": ("education", "Share of girls who never entered primary"),
    "girls_newly_excluded_after_grade6": ("education", "Girls newly barred after grade six"),
    "girls_still_in_secondary_school": ("education", "Girls still in secondary school"),
    "girls_denied_increase_since_apr_2023": ("education", "Rise in girls denied education"),
    "women_university_students_affected": ("education", "Women university students affected"),
    "university_students_change": ("education", "Change in university students"),
    "women_health_institute_students": ("education", "Women in health training affected"),
    "girls_primary_enrolment": ("education", "Girls in primary school"),
    "primary_enrolment_total": ("education", "Children in primary school"),
    "women_higher_education_students": ("education", "Women in higher education"),
    "women_employment_change": ("work", "Change in women's employment"),
    "men_employment_change": ("work", "Change in men's employment"),
    "women_in_paid_work": ("work", "Women in paid work"),
    "men_in_paid_work": ("work", "Men in paid work"),
    "women_neet_15_24": ("work", "Young women not in education, work or training"),
    "women_jobs_lost_beauty_salons": ("work", "Women's jobs lost with the salon closures"),
    "beauty_salons_nationwide": ("work", "Women's beauty salons"),
    "ngos_reporting_reduced_access_to_women": (
        "work",
        "Aid groups reporting less access to women",
    ),
    "economic_loss_female_work_restrictions": ("work", "Economic loss from curbs on women's work"),
    "ngo_women_unable_to_find_other_work": ("work", "Women NGO workers unable to find other work"),
    "additional_maternal_deaths": ("health", "Additional maternal deaths"),
    "additional_infant_deaths": ("health", "Additional infant deaths"),
}

# Measures read together: the men's figure sits beside the women's, the total beside the girls'.
PAIRED: dict[str, str] = {
    "men_employment_change": "women_employment_change",
    "men_in_paid_work": "women_in_paid_work",
    "primary_enrolment_total": "girls_primary_enrolment",
    "beauty_salons_nationwide": "women_jobs_lost_beauty_salons",
}

# The measures of girls kept from school that are drawn together, each in its own colour.
# How many of the latest plans show their funding month by month.
RECENT_PLANS = 3
# Where the appeals' funding is published when it is not in this series' data.
FTS = "OCHA's Financial Tracking Service"
GIRLS_MEASURES = [
    "girls_out_of_secondary_school",
    "girls_denied_secondary_and_university",
    "girls_out_of_school_total",
]


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


# ----------------------------------------------------------------------------- small helpers


def month_words(value: Any) -> str:
    """'2023-12' -> 'December 2023'; '2022' -> '2022'; missing -> ''.

    Example:
        >>> month_words("2024-04")
        'April 2024'
    """
    if text.is_missing(value) or not str(value):
        return ""
    parts = str(value).split("-")
    if len(parts) >= 2:
        month = calendar.month_name[int(parts[1])]
        day = f"{int(parts[2])} " if len(parts) == 3 else ""
        return f"{day}{month} {parts[0]}"
    return parts[0]


def period_years(period: Any) -> tuple[int | None, int | None]:
    """First and last calendar year a period string of macro_statements touches.

    Example:
        >>> period_years("SY1401 (2022/23)")
        (2022, 2023)
    """
    if text.is_missing(period) or not str(period).strip():
        return None, None
    solar = re.search(r"SY\d{4}\s*\((\d{4})/(\d{2})\)", str(period))
    if solar:
        first = int(solar.group(1))
        return first, first // 100 * 100 + int(solar.group(2))
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", str(period))]
    if not years:
        return None, None
    return min(years), max(years)


def solar_year(period: Any) -> str:
    """'SY1401 (2022/23)' -> 'SY1401'; other periods unchanged."""
    found = re.search(r"SY\d{4}", str(period))
    return found.group(0) if found else str(period)


def _publisher(source_id: str) -> str:
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id, "publisher"]
    return str(match.iloc[0]) if len(match) else source_id


def _published_year(source_id: str) -> int | None:
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id, "published"]
    if not len(match) or text.is_missing(match.iloc[0]):
        return None
    found = re.match(r"(\d{4})", str(match.iloc[0]))
    return int(found.group(1)) if found else None


def _published(source_id: str) -> str:
    """The registry's publication date of a source ('2022-10'), or ''."""
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id, "published"]
    return "" if not len(match) or text.is_missing(match.iloc[0]) else str(match.iloc[0])


def brief_name(source_id: Any) -> str:
    """'the 2023 brief' for a source the registry lists as a brief; '' for any other source.

    Example:
        >>> brief_name("brief_2023")
        'the 2023 brief'
    """
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == str(source_id), "kind"]
    if not len(match) or str(match.iloc[0]) != "brief":
        return ""
    year = _published_year(str(source_id))
    return f"the {year} brief" if year else "the brief"


def brief_claim(source_id: Any) -> str:
    """'claim in the 2023 brief (unverified)' for a brief's row; '' for any other source."""
    name = brief_name(source_id)
    return f"claim in {name} (unverified)" if name else ""


def _with_article(name: str) -> str:
    """'World Bank' -> 'the World Bank'; names read without an article stay as they are."""
    return (
        f"the {name}" if re.match(r"(World Bank|Asian Development Bank|Ministry)", name) else name
    )


def _dataset_words(source_ids: pd.Series) -> str:
    """'World Bank, World Development Indicators, data updated 6 March 2026' for statistical
    sources, without the series codes (those are listed under Sources and methods)."""
    registry = load_quiet("sources").set_index("source_id")
    words = []
    for sid in dict.fromkeys(str(s) for s in source_ids.dropna()):
        if sid not in registry.index:
            continue
        row = registry.loc[sid]
        title = str(row["title"]).split(":")[0]
        date = "" if text.is_missing(row["published"]) else month_words(row["published"])
        words.append(f"{row['publisher']}, {title}" + (f", data updated {date}" if date else ""))
    return "; ".join(dict.fromkeys(words))


def plan_share_words(note: Any) -> str:
    """The share of the population a plan states itself, read from a row's note: 'about 45%'.

    Example:
        >>> plan_share_words("About 45 % of the population, as reported.")
        'about 45%'
    """
    if text.is_missing(note):
        return ""
    found = re.search(
        r"(?i)\b((?:about|around|nearly|almost|some|over|more than)\s+)?(\d+(?:\.\d+)?)\s*%"
        r"\s*of the population",
        str(note),
    )
    if not found:
        return ""
    return f"{(found.group(1) or '').lower()}{text.fmt_pct(float(found.group(2)))}"


def _millions(value: Any) -> str:
    return "–" if text.is_missing(value) else f"{float(value) / 1e6:,.1f}"


def _usd_billions(value: Any) -> str:
    return "–" if text.is_missing(value) else f"{float(value) / 1e9:,.2f}"


def _pct(value: Any) -> str:
    return "–" if text.is_missing(value) else text.fmt_pct(value, digits=1)


def _show_figure(fig: Any, caption: str, data: pd.DataFrame, **kwargs: Any) -> None:
    """charts.show_figure, with missing values written as a dash first, so the data appendix
    shows '–' rather than pandas' '<NA>'."""
    clean = data.copy()
    for column in clean.columns:
        if column == "source_id":  # stays as loaded: the source line reads it
            continue
        values = clean[column].astype(object)
        clean[column] = values.where(clean[column].notna(), "–")
    charts.show_figure(fig, caption, clean, **kwargs)


def _say(markdown: str) -> None:
    """Show composed Markdown (azaf.text.md escapes dollar signs; tests hook in here)."""
    text.md(markdown)


def _afghanistan_only(inputs: Inputs, what: str) -> bool:
    """Say in place that a section exists only for Afghanistan; True when that was said."""
    if inputs.is_afghanistan:
        return False
    _say(
        f"The data hold {what} for Afghanistan only, so this section has nothing to show "
        f"for {inputs.name}."
    )
    return True


# ----------------------------------------------------------------------------- loading


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


# ----------------------------------------------------------------------------- computations


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
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
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
    pop_years, pop_values = [], []
    for year in wide["plan_year"]:
        # The plan year's population, or the latest the World Bank series holds before it.
        known = pop[pop["year"] <= year]
        if known.empty:
            pop_years.append(pd.NA)
            pop_values.append(pd.NA)
        else:
            pop_years.append(int(known["year"].iloc[-1]))
            pop_values.append(float(known["value"].iloc[-1]))
    wide["pop_year"] = pd.array(pop_years, dtype="Int64")
    wide["population"] = pd.array(pop_values, dtype="Float64")
    wide["share"] = (wide["people_in_need"] / wide["population"] * 100).astype("Float64")
    order = wide["version"].map({"original": 0, "revision": 1})
    wide = wide.assign(_o=order).sort_values(["plan_year", "_o"]).drop(columns="_o")
    return wide[columns].reset_index(drop=True)


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
    if frame.empty:
        return frame
    # Part of the year: received before the plan's last month (a later snapshot, such as
    # FTS's of April 2026 for the 2024 plan, counts the whole year).
    frame["part_year"] = [
        (not text.is_missing(a)) and str(a) < f"{int(y)}-12"
        for a, y in zip(frame["as_of"], frame["plan_year"], strict=True)
    ]
    frame["_o"] = frame["version"].map({"original": 0, "revision": 1})
    return frame.sort_values(["plan_year", "_o"]).drop(columns="_o").reset_index(drop=True)


def gdp_per_person(inputs: Inputs) -> pd.DataFrame:
    """GDP, population and GDP per person by year, only for years that have both."""
    pop = inputs.population[["year", "value", "source_id"]].rename(
        columns={"value": "population", "source_id": "pop_source"}
    )
    both = inputs.gdp[["year", "value", "source_id"]].merge(pop, on="year")
    both = both.rename(columns={"value": "gdp_usd"})
    both["gdp_per_person"] = both["gdp_usd"] / both["population"]
    return both.reset_index(drop=True)


def contraction(inputs: Inputs) -> pd.DataFrame:
    """The 2021–2022 contraction: stated yearly outcomes, their compounding, projections and
    the brief's figure, each row with its status and, for the brief, how it compares.

    Example:
        >>> contraction(gather("AFG", 2015, 2026))[["what", "status", "low", "high"]]
    """
    st = inputs.statements
    growth = st[(st["indicator"] == "gdp_real_growth") & (st["status"] == "outcome")]
    growth = growth.loc[~growth["source_id"].map(brief_name).astype(bool)]
    rows: list[dict[str, Any]] = []
    for year in (2021, 2022):
        stated = growth[growth["period"] == str(year)]
        for _, r in stated.iterrows():
            rows.append(
                {
                    "what": f"{year}, stated outcome",
                    "kind": "yearly",
                    "status": "outcome",
                    "low": r["value"],
                    "high": r["value"],
                    "stated_by": r["statement_by"],
                    "source_id": r["source_id"],
                    "remark": "",
                }
            )
    yearly = list(rows)
    calc = None
    # Compound only one statement per year; two for a year would be a conflict to show instead.
    if len(yearly) == 2 and yearly[0]["what"] != yearly[1]["what"]:
        # Compounding the two stated yearly rates: our calculation, labelled as such.
        factor = (1 + yearly[0]["low"] / 100) * (1 + yearly[1]["low"] / 100)
        calc = (factor - 1) * 100
        by = {str(r["stated_by"]) for r in yearly}
        whose = f"{_with_article(by.pop())}'s" if len(by) == 1 else "the stated"
        rows.append(
            {
                "what": "2021–2022, the two years compounded",
                "kind": "compounded",
                "status": "calculation",
                "low": calc,
                "high": calc,
                "stated_by": f"our calculation from {whose} yearly rates",
                "source_id": pd.NA,
                "remark": "",
            }
        )
    cumul = st[st["indicator"] == "gdp_cumulative_change"]
    projections = []
    for _, r in cumul.iterrows():
        high = r["value"] if text.is_missing(r["value_high"]) else r["value_high"]
        period = str(r["period"]).replace("-", "–")
        brief = brief_name(r["source_id"])
        if brief:
            what, status, kind = f"{period}, {brief}'s figure", "brief's claim", "brief"
        elif r["status"] == "projection":
            what, status, kind = f"{period}, projection", "projection", "cumulative"
        else:
            what, status, kind = f"{period}, statement", r["status"], "cumulative"
        row = {
            "what": what,
            "kind": kind,
            "status": status,
            "low": r["value"],
            "high": high,
            "stated_by": r["statement_by"],
            "source_id": r["source_id"],
            "remark": "",
            "period": period,
        }
        if status == "projection":
            projections.append(row)
        rows.append(row)
    for row in rows:
        if row["kind"] != "brief":
            continue
        # Which figure the brief's number matches: a projection of the same period, or the
        # outcomes compounded (more than a point apart counts as not matching).
        value = float(row["low"])
        bits = [f"{row['what'].split(', ', 1)[1]}"]
        match = [
            p
            for p in projections
            if p["period"] == row["period"] and float(p["low"]) <= value <= float(p["high"])
        ]
        if match:
            when = month_words(_published(str(match[0]["source_id"]))[:7])
            bits.append(f"matches the {when} projection".replace("the  ", "the "))
        if calc is not None:
            bits.append("matches the outcomes" if abs(calc - value) <= 1 else "not the outcomes")
        row["remark"] = bits[0] + ("; " + ", ".join(bits[1:]) if len(bits) > 1 else "")
    frame = pd.DataFrame(rows)
    return frame.drop(columns=["period"], errors="ignore")


def revenue(inputs: Inputs) -> pd.DataFrame:
    """Revenue statements, one line per measure, period and source: AFN and USD side by side."""
    st = inputs.statements
    rev = st[st["indicator"].isin(["domestic_revenue", "customs_revenue"])]
    out = []
    for (indicator, period, source), group in rev.groupby(
        ["indicator", rev["period"].fillna(""), "source_id"], sort=False
    ):
        afn = group.loc[group["unit"] == "AFN billion", "value"]
        usd = group.loc[group["unit"] == "USD billion"]
        usd_value = usd["value"].iloc[0] if len(usd) else pd.NA
        afn_value = afn.iloc[0] if len(afn) else pd.NA
        converted = bool(len(usd)) and bool((usd["status"] == "estimate").any())
        rate = (
            float(afn_value) / float(usd_value)
            if not text.is_missing(afn_value) and not text.is_missing(usd_value)
            else pd.NA
        )
        out.append(
            {
                "measure": "Domestic revenue" if indicator == "domestic_revenue" else "Customs",
                "solar_year": solar_year(period) if period else "not recorded",
                "period": period or "not recorded",
                "afn_bn": afn_value,
                "usd_bn": usd_value,
                "usd_kind": brief_claim(source)
                or (
                    "conversion published with the AFN figure"
                    if converted
                    else ("stated in US dollars" if len(usd) else "")
                ),
                "implied_rate": rate,
                "stated_by": group["statement_by"].iloc[0],
                "source_id": source,
                "first_year": group["first_year"].iloc[0],
            }
        )
    frame = pd.DataFrame(out)
    if frame.empty:
        return frame
    return frame.sort_values(["measure", "first_year"], na_position="last").reset_index(drop=True)


# ----------------------------------------------------------------------------- summary


def executive_summary(inputs: Inputs) -> None:
    """Three to five findings composed from the data, and the key figures recorded.

    Example:
        >>> executive_summary(gather("AFG", 2015, 2026))
    """
    findings = [
        f
        for f in (
            _finding_needs(inputs),
            _finding_funding(inputs),
            _finding_economy(inputs),
            "" if inputs.is_afghanistan else _finding_gdp_per_person(inputs),
            "" if inputs.is_afghanistan else _finding_population(inputs),
            "" if inputs.is_afghanistan else _finding_gdp_range(inputs),
            _finding_food_poverty(inputs),
            _finding_women(inputs),
        )
        if f
    ]
    if not inputs.is_afghanistan:
        findings.append(
            f"The humanitarian plans, food insecurity, poverty and the figures on women and "
            f"girls exist in the data for Afghanistan only, so this report on {inputs.name} "
            f"covers its economy alone."
        )
    if not findings:
        findings.append(f"The data hold no figure for {inputs.name} in {inputs.years}.")
    # The one place the report records its key figures: the same list key_figures() gives
    # the overview, so both show the same numbers.
    for kf in key_figures_of(inputs):
        report.record(**kf)
    _say("\n".join(f"- {f}" for f in findings[:5]))


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


def _finding_needs(inputs: Inputs) -> str:
    picks = _needs_picks(inputs)
    if picks is None:
        return ""
    latest, first, peak = picks["latest"], picks["first"], picks["peak"]
    share = ""
    if not text.is_missing(latest["share"]):
        share = (
            f", {text.fmt_pct(latest['share'])} of the population by our division "
            f"(World Bank population of {latest['pop_year']})"
        )
        if latest["plan_share"]:
            # The plan's own share rests on its own population estimate: both are given.
            share += f" and {latest['plan_share']} as the plan itself states it"
    sentence = (
        f"The {latest['plan_year']} plan counts "
        f"**{text.fmt_count(latest['people_in_need'], 'people')}** in need of aid{share}"
    )
    if int(first["plan_year"]) < int(latest["plan_year"]):
        sentence += f", against {text.fmt_count(first['people_in_need'])} in {first['plan_year']}"
    if int(peak["plan_year"]) != int(latest["plan_year"]) or peak["version"] != "original":
        kind = " revised" if peak["version"] == "revision" else ""
        sentence += (
            f"; the count peaked at {text.fmt_count(peak['people_in_need'])} in the"
            f"{kind} {peak['plan_year']} plan"
        )
    return sentence + "."


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


def _finding_funding(inputs: Inputs) -> str:
    picks = _funding_picks(inputs)
    if picks is None:
        return ""
    if picks["funded"].empty:
        latest = picks["frame"].iloc[-1]
        return (
            f"The {latest['plan_year']} plan asked for {text.fmt_usd(latest['requirement'])}; "
            f"the data hold no funding figure for the plans of {inputs.years}."
        )
    last_year, latest, pick = picks["last_year"], picks["latest"], picks["pick"]
    coverages = text.join_words(
        f"{text.fmt_pct(r['coverage'])} of {text.fmt_usd(r['requirement'], 2)}"
        for _, r in latest.iterrows()
    )
    sentence = (
        f"By {month_words(pick['as_of'])}, the {last_year} appeal had received "
        f"**{text.fmt_usd(pick['received'])}**, {coverages} asked for"
    )
    if len(latest) > 1:
        sentence += " (two reports give different requirements)"
    if bool(pick["part_year"]):
        sentence += "; a figure from part of the year, not the year's total"
    full = picks["full"]
    if full is not None and int(full["plan_year"]) != last_year:
        sentence += (
            f". The latest year-end figure, for {full['plan_year']}, covered "
            f"{text.fmt_pct(full['coverage'])} of the requirement"
        )
    return sentence + "."


def _gdp_change(inputs: Inputs) -> tuple[pd.Series, pd.Series] | None:
    gdp = inputs.gdp
    if gdp.empty:
        return None
    base = gdp[gdp["year"] == 2020]
    latest = gdp.iloc[-1]
    if base.empty or int(latest["year"]) <= 2020:
        return None
    return base.iloc[0], latest


def _finding_economy(inputs: Inputs) -> str:
    gdp = inputs.gdp
    if gdp.empty:
        return ""
    change = _gdp_change(inputs)
    latest = gdp.iloc[-1]
    if change is not None:
        base, latest = change
        pct = text.pct_change(base["value"], latest["value"])
        sentence = (
            f"{inputs.name}'s GDP was {text.fmt_usd(latest['value'])} in {latest['year']} "
            f"in current dollars, **{text.fmt_pct(pct, signed=True)}** on 2020"
        )
    else:
        first = gdp.iloc[0]
        pct = text.pct_change(first["value"], latest["value"])
        sentence = f"{inputs.name}'s GDP was {text.fmt_usd(latest['value'])} in {latest['year']}"
        if int(first["year"]) < int(latest["year"]):
            sentence += f" in current dollars, {text.fmt_pct(pct, signed=True)} on {first['year']}"
    stated = contraction(inputs)
    outcomes = stated[stated["kind"] == "yearly"] if not stated.empty else stated
    if len(outcomes) and inputs.is_afghanistan:
        sentence += "; in real terms the World Bank states falls of " + text.join_words(
            f"{text.fmt_pct(abs(r['low']), 1)} in {r['what'][:4]}" for _, r in outcomes.iterrows()
        )
    return sentence + "."


def _finding_gdp_per_person(inputs: Inputs) -> str:
    per = gdp_per_person(inputs)
    if per.empty:
        return ""
    last = per.iloc[-1]
    peak = per.loc[per["gdp_per_person"].idxmax()]
    sentence = f"GDP per person was US${text.fmt_int(last['gdp_per_person'])} in {last['year']}"
    if int(peak["year"]) != int(last["year"]):
        sentence += (
            f", below the US${text.fmt_int(peak['gdp_per_person'])} of {peak['year']}, the "
            f"highest in {inputs.years}"
        )
    return sentence + " (current dollars)."


def _finding_gdp_range(inputs: Inputs) -> str:
    """The lowest and highest GDP of the chosen years, for a report that has no plans; it is
    left out where population figures already make the third finding."""
    gdp = inputs.gdp
    pop = inputs.population[inputs.population["year"].between(inputs.start, inputs.end)]
    if len(gdp) < 2 or not pop.empty:
        return ""
    low = gdp.loc[gdp["value"].astype(float).idxmin()]
    high = gdp.loc[gdp["value"].astype(float).idxmax()]
    return (
        f"Over {text.year_span(gdp['year'])}, {inputs.name}'s GDP in current dollars ranged "
        f"from {text.fmt_usd(low['value'])} in {low['year']} to {text.fmt_usd(high['value'])} "
        f"in {high['year']}."
    )


def _finding_population(inputs: Inputs) -> str:
    """The World Bank's population at the first and last year of the chosen years."""
    pop = inputs.population[inputs.population["year"].between(inputs.start, inputs.end)]
    if pop.empty:
        return ""
    first, last = pop.iloc[0], pop.iloc[-1]
    sentence = (
        f"The World Bank counts {inputs.name}'s population at "
        f"{text.fmt_count(last['value'], 'people')} in {last['year']}"
    )
    if int(first["year"]) < int(last["year"]):
        change = text.pct_change(first["value"], last["value"])
        sentence += (
            f", {text.fmt_pct(change, 1, signed=True)} on the "
            f"{text.fmt_count(first['value'])} of {first['year']}"
        )
    return sentence + "."


def _finding_food_poverty(inputs: Inputs) -> str:
    parts = []
    food = inputs.food[inputs.food["indicator"] == "acute_food_insecurity_ipc3plus"]
    if not food.empty:
        first = food.sort_values("year").iloc[0]
        kind = "projected" if first["status"] == "projection" else "estimated"
        parts.append(
            f"{text.fmt_count(first['value'], 'people')} were {kind} to face acute food "
            f"insecurity for {first['period']}"
        )
    pov = inputs.poverty.sort_values("year")
    if not pov.empty:
        base = pov[pov["status"] != "projection"]
        proj = pov[pov["status"] == "projection"]
        bits = []
        if not base.empty:
            b = base.iloc[0]
            bits.append(f"{text.fmt_pct(b['value'])} in {b['period']}")
        if not proj.empty:
            p = proj.iloc[0]
            bits.append(f"projected {text.fmt_pct(p['value'])} for {p['period']}")
        parts.append("UNDP put the poverty rate at " + text.join_words(bits))
    if not parts:
        return ""
    joined = "; ".join(parts)
    return joined[0].upper() + joined[1:] + "."


def _down_up(value: Any) -> str:
    """-25 -> 'down 25%'; 4 -> 'up 4%'."""
    word = "down" if float(value) < 0 else "up"
    return f"{word} {text.fmt_pct(abs(float(value)))}"


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


def _finding_women(inputs: Inputs) -> str:
    w = inputs.women
    if w.empty:
        return ""
    parts = []
    g, e = _women_picks(inputs)
    if g is not None:
        parts.append(
            f"{_publisher(str(g['source_id'])).split(',')[0]} counted "
            f"**{text.fmt_count(g['value'], 'girls')}** kept out of secondary school "
            f"({g['period']})"
        )
    if e is not None:
        men = w[(w["indicator"] == "men_employment_change") & (w["period"] == e["period"])]
        sentence = (
            f"the {_publisher(str(e['source_id'])).split(',')[0]} found women's employment "
            f"{_down_up(e['value'])} ({e['period']})"
        )
        if not men.empty:
            sentence += f", men's {_down_up(men.iloc[0]['value'])}"
        parts.append(sentence)
    if not parts:
        # Before the restrictions: the latest counted figure on girls' and women's schooling.
        counted = w[w["status"] == "outcome"].sort_values("shown_year")
        if counted.empty:
            return ""
        c = counted.iloc[-1]
        measure = WOMEN_LABELS.get(str(c["indicator"]), ("", str(c["indicator"])))[1]
        parts.append(
            f"{_publisher(str(c['source_id'])).split(',')[0]} counted "
            f"{_women_value(c)} in {c['period']} ({measure.lower()})"
        )
    joined = "; ".join(parts)
    return joined[0].upper() + joined[1:] + "."


# ----------------------------------------------------------------------------- key figures


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


# ----------------------------------------------------------------------------- sections


def needs_section(inputs: Inputs) -> None:
    """People in need and targeted by plan year (revisions as points of their own), and the
    share of the population in need."""
    if _afghanistan_only(inputs, "humanitarian plans"):
        return
    needs = needs_by_plan(inputs)
    if needs.empty:
        held = inputs.plan_years_all
        _say(
            f"The data hold no humanitarian plan figures for {inputs.years}; the plans in "
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

    fig, ax = charts.new_figure()
    styles = {
        "people_in_need": (charts.PALETTE[0], "in need"),
        "people_targeted": (
            charts.PALETTE[2],
            "targeted",
        ),
    }
    for column, (colour, word) in styles.items():
        for version, marker, fill, shift in (
            ("original", "o", colour, -0.12),
            ("revision", "D", "white", 0.22),
        ):
            part = needs[(needs["version"] == version)].dropna(subset=[column])
            if part.empty:
                continue
            ax.plot(
                part["plan_year"].astype(float) + shift,
                part[column].astype(float) / 1e6,
                marker,
                color=colour,
                markerfacecolor=fill,
                markersize=6,
                linestyle="none",
                label=f"people {word}, {'original plan' if version == 'original' else 'revision'}",
            )
    ax.set_ylabel("people (millions)")
    ax.set_ylim(bottom=0)
    years = sorted({int(y) for y in needs["plan_year"]})
    # Every year gets a tick, so a year without a plan shows as a gap, not a closed-up axis.
    every = list(range(years[0], years[-1] + 1))
    gaps = [y for y in every if y not in years]
    ax.set_xticks(every)
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.legend(loc="upper left", fontsize=7)
    shown = needs[["plan_year", "version", "revision_date", "people_in_need", "people_targeted"]]
    _show_figure(
        fig,
        needs_title(needs),
        shown.assign(source_id=needs["source_id"]),
        subtitle=f"People in need and people targeted in {inputs.name}, millions, by plan year",
        alt="Points of people in need and people targeted by plan year; revisions drawn as "
        "open diamonds to the right of the original plan",
        note="Filled circles: the plan as first published. Open diamonds: the plan as revised "
        "during the year."
        + (f" No {text.join_words(gaps, last='or')} plan figure in the data." if gaps else ""),
    )

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
    used = inputs.population[inputs.population["year"].isin(needs["pop_year"].dropna())]
    report.cite(used["source_id"].dropna().unique().tolist())
    note = (
        "Our share divides the plan's count by the World Bank's total population for the plan "
        f"year ({_dataset_words(used['source_id'])}); the plans use their own population "
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


def needs_title(needs: pd.DataFrame) -> str:
    """The needs chart's finding: the peak count of people in need and the latest plan's.

    Example:
        >>> needs_title(needs_by_plan(gather("AFG", 2019, 2023, quiet=True)))
        'People in need rose to 28.8 million in the 2023 plan'
    """
    rows = needs.dropna(subset=["people_in_need"]).sort_values(["plan_year", "version"])
    if rows.empty:
        return "The plans' counts of people targeted"
    peak = rows.loc[rows["people_in_need"].astype(float).idxmax()]
    latest = rows[rows["plan_year"] == rows["plan_year"].max()].iloc[-1]

    def millions(v: Any) -> str:
        return f"{float(v) / 1e6:,.1f} million"

    if int(peak["plan_year"]) == int(latest["plan_year"]):
        return (
            f"People in need rose to {millions(peak['people_in_need'])} in the "
            f"{peak['plan_year']} plan"
        )
    return (
        f"People in need peaked at {millions(peak['people_in_need'])} in the {peak['plan_year']} "
        f"plan; the {latest['plan_year']} plan counts {millions(latest['people_in_need'])}"
    )


def funding_title(frame: pd.DataFrame) -> str:
    """The funding finding: the share of the latest funded appeal received, by its month,
    against the first funded appeal shown.

    Example:
        >>> funding_title(appeals(gather("AFG", 2023, 2023, quiet=True)))
        'Funding covered 46% of the 2023 appeal (revised) by December 2023'
    """
    funded = frame.dropna(subset=["coverage"]) if "coverage" in frame else frame
    if funded.empty:
        return "The appeals' requirements"
    funded = funded.sort_values(["plan_year", "as_of"])
    if funded.empty:
        return "The appeals' requirements"

    def share(r: pd.Series) -> str:
        rev = " (revised)" if r["version"] == "revision" else ""
        return (
            f"{text.fmt_pct(r['coverage'])} of the {r['plan_year']} appeal{rev} by "
            f"{month_words(r['as_of'])}"
        )

    latest = funded[funded["plan_year"] == funded["plan_year"].max()]
    # Two requirements for one plan: the share against each, neither preferred.
    now = (
        share(latest.iloc[0])
        if len(latest) == 1
        else (
            text.join_words(text.fmt_pct(c) for c in latest["coverage"])
            + f" of the {latest.iloc[0]['plan_year']} appeal (two requirements) by "
            + month_words(latest.iloc[0]["as_of"])
        )
    )
    # Against the plan before it, whose figure is the nearest to a whole year's.
    earlier = funded[funded["plan_year"] < latest.iloc[0]["plan_year"]]
    if earlier.empty:
        return f"Funding covered {now}"
    before = earlier[earlier["plan_year"] == earlier["plan_year"].max()].iloc[-1]
    return (
        f"Funding covered {now}; the {before['plan_year']} appeal received "
        + share(before).split(" of the ")[0]
    )


def appeals_section(inputs: Inputs) -> None:
    """Requirement against funding received, each funding figure with its as-of month."""
    if _afghanistan_only(inputs, "humanitarian appeals"):
        return
    frame = appeals(inputs)
    if frame.empty:
        _say(
            f"The data hold no appeal requirement for the plans of {inputs.years}; the plans "
            f"in the data cover {text.year_span(inputs.plan_years_all)}."
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
    if len(funded) * 2 <= len(frame):
        # A chart whose bars mostly lack their funding part would be mostly empty.
        _appeals_table(inputs, frame)
        _funding_rows_table(inputs, only_extra=True)
        _two_requirements(frame)
        return

    # Several requirements for one plan version come from different reports: name each.
    twins = frame.duplicated(["plan_year", "version"], keep=False)
    labels = [
        f"{r['plan_year']}"
        + (f" revised {month_words(r['revision_date'])[:3]}" if r["version"] == "revision" else "")
        + (f" requirement\n({_short_source_id(str(r['requirement_source']))})" if twin else "")
        for (_, r), twin in zip(frame.iterrows(), twins, strict=True)
    ]
    height = max(2.4, (0.5 if twins.any() else 0.42) * len(frame) + 1.0)
    fig, ax = charts.new_figure(height=height)
    y = list(range(len(frame)))[::-1]
    ax.barh(y, frame["requirement"] / 1e9, color="#d5dbdb", label="requirement", height=0.6)
    received = frame["received"].astype("Float64").fillna(0).astype(float) / 1e9
    ax.barh(y, received, color=charts.PALETTE[0], label="funding received", height=0.6)
    for yi, (_, r), twin in zip(y, frame.iterrows(), twins, strict=True):
        if text.is_missing(r["received"]):
            words = "funding not in this series' data"
        elif twin:
            # Two requirements for one plan: the funding figure names its own source, and its
            # share is given against the requirement of this row.
            words = (
                f"{text.fmt_usd(r['received'], 2)} by {month_words(r['as_of'])}"
                + (", part-year" if r["part_year"] else "")
                + f"\n({_short_source_id(str(r['funding_source']))}):"
                f"\n{text.fmt_pct(r['coverage'])} of this requirement"
            )
        else:
            words = (
                f"{text.fmt_usd(r['received'], 2)} by {month_words(r['as_of'])} "
                f"({text.fmt_pct(r['coverage'])})" + (", part-year" if r["part_year"] else "")
            )
        ax.text(r["requirement"] / 1e9 + 0.05, yi, words, va="center", fontsize=7)
    ax.set_yticks(y, labels)
    ax.set_xlabel("US$ billion")
    ax.set_xlim(0, frame["requirement"].max() / 1e9 * 1.75)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, fontsize=7)
    # The figures drawn, one row each with its own source: requirements, then funding.
    base = ["plan_year", "version", "revision_date"]
    asked = frame[base].assign(
        figure="requirement",
        usd=frame["requirement"],
        as_of=pd.NA,
        coverage=pd.NA,
        source_id=frame["requirement_source"],
    )
    got = frame.dropna(subset=["funding_source"])
    got = got[base].assign(
        figure="funding received",
        usd=got["received"],
        as_of=got["as_of"],
        coverage=got["coverage"].astype(float).round(1),
        source_id=got["funding_source"],
    )
    data = pd.concat([asked, got], ignore_index=True)
    data["usd"] = data["usd"].astype("Int64")
    _show_figure(
        fig,
        funding_title(frame),
        data,
        subtitle=f"Humanitarian appeals for {inputs.name}: requirement and funding received, "
        "US$ billion, by plan",
        alt="Horizontal bars of each plan's requirement with the funding received drawn over "
        "it, labelled with the month the funding figure refers to",
        note="Grey: the requirement. Blue: funding received by the month stated; a part-year "
        "figure is not the year's total."
        + (
            " Two reports give different requirements for "
            + text.join_words(f"the {y} plan" for y in sorted(set(frame.loc[twins, "plan_year"])))
            + "; both are drawn and neither is preferred."
            if twins.any()
            else ""
        ),
    )

    _funding_rows_table(inputs)
    _two_requirements(frame)


def _appeals_table(inputs: Inputs, frame: pd.DataFrame) -> None:
    """Requirement, funding and share by plan, as a small table."""
    shown = frame.assign(
        plan=[
            f"{r['plan_year']}"
            + (f", revised {month_words(r['revision_date'])}" if r["version"] == "revision" else "")
            for _, r in frame.iterrows()
        ],
        asked=frame["requirement"].map(lambda v: text.fmt_usd(v, 2)),
        got=[
            "not in this series' data"
            if text.is_missing(r["received"])
            else f"{text.fmt_usd(r['received'], 2)} by {month_words(r['as_of'])}"
            + (" (part of the year)" if r["part_year"] else "")
            for _, r in frame.iterrows()
        ],
        share=frame["coverage"].map(lambda v: "–" if text.is_missing(v) else text.fmt_pct(v)),
    )
    ids = list(frame["requirement_source"].dropna()) + list(frame["funding_source"].dropna())
    tables.show_table(
        shown,
        funding_title(frame),
        columns={
            "plan": "Plan",
            "asked": "Requirement",
            "got": "Funding received",
            "share": "Share of requirement",
        },
        source_ids=ids,
    )


def _funding_rows_table(inputs: Inputs, only_extra: bool = False) -> None:
    """Every funding figure with its month; with only_extra, only if it adds carried-over
    funding the appeals table does not show."""
    fund = inputs.plans[
        inputs.plans["indicator"].isin(["funding_received", "funding_carried_over"])
    ]
    if only_extra and not (fund["indicator"] == "funding_carried_over").any():
        return
    # The month-by-month history matters for the recent plans, whose funding is still
    # arriving; older plans are shown by their latest figure above.
    recent = int(fund["plan_year"].max()) - RECENT_PLANS + 1 if not fund.empty else 0
    fund = fund[fund["plan_year"] >= recent]
    if not fund.empty:
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


def _short_source_id(source_id: str) -> str:
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id, "title"]
    title = str(match.iloc[0]) if len(match) else source_id
    found = re.search(r"\((?:[^()]*?)(?:as reported by|reported by) ([^)]+)\)", title)
    return f"as reported by {found.group(1)}" if found else "the plan document"


def food_poverty_section(inputs: Inputs) -> None:
    """Food insecurity and poverty with their status; projections labelled, never drawn."""
    if _afghanistan_only(inputs, "food insecurity and poverty figures"):
        return
    food = inputs.food
    if food.empty:
        _say(f"The data hold no food-insecurity figure for {inputs.years}.")
    else:
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
            f"People facing acute food insecurity in {inputs.name}",
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
    pov = inputs.poverty
    if pov.empty:
        _say(f"The data hold no poverty figure for {inputs.years}.")
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
        f"Share of the population below the national poverty line in {inputs.name}",
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
    proj = pov[pov["status"] == "projection"]
    if not proj.empty:
        _say(
            "The poverty figures for "
            + text.join_words(sorted(set(proj["period"])))
            + " are projections made before that time, not measured outcomes; the data hold no "
            "later measured poverty rate."
        )


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


def _status_words(status: Any) -> str:
    return {"projection": "projection", "estimate": "estimate", "outcome": "outcome"}.get(
        str(status), str(status)
    )


def _short_title(source_id: str) -> str:
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id]
    if not len(match):
        return source_id
    row = match.iloc[0]
    if text.is_missing(row["published"]):
        return str(row["publisher"])
    # The month is enough to tell the reports apart: 'UNDP, September 2021'.
    return f"{row['publisher']}, {month_words(str(row['published'])[:7])}"


def economy_section(inputs: Inputs) -> None:
    """GDP and GDP per person (World Bank); growth, revenue and exchange-rate statements."""
    gdp = inputs.gdp
    if gdp.empty:
        _say(f"The data hold no World Bank GDP figure for {inputs.name} in {inputs.years}.")
    else:
        _gdp_chart(inputs)
    _growth(inputs)
    _revenue(inputs)
    _exchange_rate(inputs)


def _gdp_chart(inputs: Inputs) -> None:
    gdp = inputs.gdp
    per = gdp_per_person(inputs)
    first, last = gdp.iloc[0], gdp.iloc[-1]
    sentence = (
        f"The World Bank puts {inputs.name}'s GDP at {text.fmt_usd(last['value'])} in "
        f"{last['year']}, in current US dollars"
    )
    if int(first["year"]) < int(last["year"]):
        sentence += (
            f", against {text.fmt_usd(first['value'])} in {first['year']} "
            f"({text.fmt_pct(text.pct_change(first['value'], last['value']), signed=True)})"
        )
    change = _gdp_change(inputs)
    if change is not None:
        base, latest = change
        sentence += (
            f". From 2020 to {latest['year']} it changed by "
            f"**{text.fmt_pct(text.pct_change(base['value'], latest['value']), signed=True)}**"
        )
    if last["year"] < inputs.end:
        sentence += f"; the World Bank series in the data ends in {last['year']}"
    _say(sentence + ".")
    rows = 2 if not per.empty else 1
    fig, axes = plt.subplots(
        rows, 1, figsize=(charts.WIDTH_IN, 2.4 * rows + 0.4), layout="constrained", sharex=True
    )
    axes = list(axes) if rows > 1 else [axes]
    axes[0].bar(gdp["year"].astype(int), gdp["value"].astype(float) / 1e9, color=charts.PALETTE[0])
    axes[0].set_ylabel("US$ billion")
    axes[0].set_title("GDP, current US dollars")
    if rows > 1:
        axes[1].bar(per["year"].astype(int), per["gdp_per_person"], color=charts.PALETTE[2])
        axes[1].set_ylabel("US$ per person")
        axes[1].set_title("GDP per person, current US dollars")
        axes[1].yaxis.set_major_formatter(charts.thousands())
    axes[-1].xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    data = gdp[["year", "value", "source_id"]].rename(columns={"value": "gdp_usd"})
    if not per.empty:
        per_shown = per.assign(gdp_per_person=per["gdp_per_person"].round().astype("Int64"))
        data = data.merge(
            per_shown[["year", "population", "gdp_per_person"]], on="year", how="left"
        )
        report.cite(per["pop_source"].tolist())
    note = (
        "GDP per person is GDP divided by the World Bank's total population of the same year "
        f"({_dataset_words(per['pop_source'])})."
        if not per.empty
        else "The data hold no population for this country, so GDP per person is not shown."
    )
    _show_figure(
        fig,
        gdp_title(inputs),
        data,
        subtitle=f"GDP{' and GDP per person' if not per.empty else ''} of {inputs.name}, "
        f"current US dollars, {int(gdp['year'].min())}–{int(gdp['year'].max())}",
        alt=f"Bar charts of {inputs.name}'s GDP in current US dollars"
        + (" and GDP per person" if not per.empty else "")
        + " by year",
        note=note,
    )


def gdp_title(inputs: Inputs) -> str:
    """The GDP chart's finding: the latest year against 2020, the last year before the
    takeover, or against the first year shown."""
    gdp = inputs.gdp
    first, last = gdp.iloc[0], gdp.iloc[-1]
    change = _gdp_change(inputs)
    if change is not None:
        base, latest = change
        base_value, latest_value, year = base["value"], latest["value"], latest["year"]
        since = f"its {base['year']} level"
    elif int(first["year"]) < int(last["year"]):
        base_value, latest_value, year = first["value"], last["value"], last["year"]
        since = f"{first['year']}"
    else:
        return f"GDP of {inputs.name} was {text.fmt_usd(last['value'])} in {last['year']}"
    pct = text.pct_change(base_value, latest_value)
    where = "below" if pct < 0 else "above"
    return (
        f"GDP in {year} was {text.fmt_pct(abs(pct))} {where} {since}, at "
        f"{text.fmt_usd(latest_value)} in current dollars"
    )


def _growth(inputs: Inputs) -> None:
    st = inputs.statements
    growth = st[st["indicator"].isin(["gdp_real_growth", "gdp_cumulative_change"])]
    if st.empty and not inputs.is_afghanistan:
        _say(
            f"Real growth, revenue and the exchange rate are held in the data as statements "
            f"about Afghanistan only; there are none for {inputs.name}."
        )
        return
    if growth.empty:
        _say(f"The data hold no statement of real growth for {inputs.years}.")
        return
    cut = contraction(inputs)
    if not cut.empty and (cut["kind"] == "yearly").any():
        outcome = cut[cut["kind"] == "yearly"]
        calc = cut[cut["status"] == "calculation"]
        proj = cut[cut["status"] == "projection"]
        brief = cut[cut["kind"] == "brief"]
        by = {str(b) for b in outcome["stated_by"]}
        sentence = (
            "Real output fell by "
            + text.join_words(
                f"{text.fmt_pct(abs(r['low']), 1)} in {r['what'][:4]}"
                for _, r in outcome.iterrows()
            )
            + (f", as {_with_article(by.pop())} states it" if len(by) == 1 else "")
        )
        if not calc.empty:
            sentence += (
                f"; compounded, that is a fall of about "
                f"{text.fmt_pct(abs(calc.iloc[0]['low']))} over the two years (our calculation)"
            )
        if not proj.empty:
            p = proj.iloc[0]
            when = month_words(_published(str(p["source_id"]))[:7])
            sentence += (
                f", against a fall of {text.fmt_num(abs(p['high']), 0)}–"
                f"{text.fmt_pct(abs(p['low']))} that "
                f"{_with_article(_publisher(str(p['source_id'])))} projected"
                + (f" in {when}" if when else "")
            )
        sentence += "."
        for _, b in brief.iterrows():
            sentence += (
                f" The fall of {text.fmt_pct(abs(b['low']))} given in "
                f"{brief_name(b['source_id'])} {b['remark'].split('; ', 1)[-1]}."
                if "; " in b["remark"]
                else ""
            )
        _say(sentence)
        _contraction_chart(inputs, cut)
    shown = growth.sort_values(["first_year", "last_year", "indicator", "statement_by"]).assign(
        period_words=growth["period"].fillna("not recorded").str.replace("-", "–"),
        rate=growth.apply(
            lambda r: (
                text.fmt_pct(r["value"], 1, signed=True)
                if text.is_missing(r["value_high"])
                else f"{text.fmt_pct(r['value'], 0)} to {text.fmt_pct(r['value_high'], 0)}"
            ),
            axis=1,
        ),
        status_words=growth.apply(
            lambda r: "brief's claim" if brief_name(r["source_id"]) else r["status"], axis=1
        ),
    )
    tables.show_table(
        shown,
        f"Statements of real GDP growth in {inputs.name}",
        columns={
            "period_words": "Period",
            "rate": "Real change",
            "status_words": "Status",
            "statement_by": "Stated by",
        },
        note="Statements by different bodies, kept side by side where they differ; a "
        "projection is a forecast made at the time, not an outcome"
        + (
            "; a brief's claim is a figure as the brief gives it, not checked against its source."
            if (shown["status_words"] == "brief's claim").any()
            else "."
        ),
    )


def _contraction_chart(inputs: Inputs, cut: pd.DataFrame) -> None:
    fig, ax = charts.new_figure(height=0.5 * len(cut) + 1.1)
    y = list(range(len(cut)))[::-1]
    for yi, (_, r) in zip(y, cut.iterrows(), strict=True):
        low, high = float(r["low"]), float(r["high"])
        if r["status"] == "projection":
            # A projection: a hatched range from its low to its high end only, never a bar
            # from zero, and labelled to the right of the range, clear of the axis labels.
            ax.barh(
                yi,
                high - low,
                left=low,
                color="white",
                edgecolor=charts.PALETTE[1],
                hatch="///",
                height=0.55,
            )
            label = f"{text.fmt_pct(low)} to {text.fmt_pct(high)} (projection)"
            ax.text(high + 0.6, yi, label, va="center", ha="left", fontsize=7)
        elif r["kind"] == "brief":
            # The brief's figure: outlined, not filled, so it does not read as an outcome.
            ax.barh(
                yi,
                low,
                color="white",
                edgecolor="#566573",
                linewidth=1.2,
                linestyle="--",
                height=0.55,
            )
            words = str(r["remark"]).replace("; ", ";\n", 1)
            ax.text(
                low / 2,
                yi,
                f"{text.fmt_pct(low)}: {words}",
                va="center",
                ha="center",
                fontsize=6.5,
                linespacing=1.1,
            )
        else:
            colour = charts.PALETTE[5] if r["status"] == "calculation" else charts.PALETTE[0]
            ax.barh(yi, low, color=colour, height=0.55)
            ax.text(low - 0.6, yi, text.fmt_pct(low, 1), va="center", ha="right", fontsize=7)
    ax.set_yticks(y, [f"{r['what']}\n{r['stated_by']}" for _, r in cut.iterrows()], fontsize=7)
    ax.set_xlim(min(float(cut["low"].min()) * 1.2, -1), 0)
    ax.set_xlabel("real change in GDP, percent")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    brief = cut[cut["kind"] == "brief"]
    note = (
        "Solid bars: stated outcomes. Grey: our compounding of the two yearly rates. "
        "Hatched range: a projection made at the time, not an outcome."
    )
    if not brief.empty:
        whose = text.join_words(sorted(set(brief["remark"].str.split("; ").str[0])))
        note += f" Dashed outline: {whose}, a claim not checked against its source."
    data = cut[["what", "status", "low", "high", "stated_by", "source_id"]].assign(
        low=cut["low"].astype(float).round(1), high=cut["high"].astype(float).round(1)
    )
    _show_figure(
        fig,
        contraction_title(cut),
        data,
        subtitle=f"Real change in {inputs.name}'s GDP in 2021–2022, percent: outcomes, a "
        "projection"
        + (
            f" and {text.join_words(sorted(set(brief_name(s) for s in brief['source_id'])))}'s "
            "figure"
            if not brief.empty
            else ""
        ),
        alt="Horizontal bars of the stated real falls in GDP in 2021 and 2022 and their "
        "compounded total, the hatched projected range for the two years, and the brief's "
        "figure drawn as an outline",
        note=note,
    )


def contraction_title(cut: pd.DataFrame) -> str:
    """The contraction chart's finding: the compounded outcomes, set against the projection
    when they differ from it."""
    done = cut[cut["status"] == "calculation"]
    proj = cut[cut["status"] == "projection"]
    if done.empty:
        outcome = cut[cut["status"] == "outcome"]
        if outcome.empty:
            return "Projections of the contraction"
        r = outcome.iloc[-1]
        return f"The economy shrank {text.fmt_pct(abs(float(r['low'])), 1)} ({r['what']})"
    value = abs(float(done.iloc[0]["low"]))
    head = f"The stated outcomes compound to a {text.fmt_pct(value, 0)} contraction in 2021–2022"
    if len(proj):
        low, high = sorted(abs(float(v)) for v in (proj.iloc[0]["low"], proj.iloc[0]["high"]))
        if not low <= value <= high:
            head += f", less than the {text.fmt_pct(low, 0)}–{text.fmt_pct(high, 0)} projected"
    return head


def _revenue(inputs: Inputs) -> None:
    rev = revenue(inputs)
    if rev.empty:
        if inputs.is_afghanistan:
            _say(f"The data hold no revenue statement for {inputs.years}.")
        return
    customs = rev[(rev["measure"] == "Customs") & rev["afn_bn"].notna()]
    if len(customs) >= 2:
        first, last = customs.iloc[0], customs.iloc[-1]
        _say(
            f"Customs revenue as the Ministry of Finance states it went from "
            f"{text.fmt_num(first['afn_bn'], 0)} billion afghanis in {first['period']} to "
            f"{text.fmt_num(last['afn_bn'], 1)} billion in {last['period']} "
            f"({text.fmt_pct(text.pct_change(first['afn_bn'], last['afn_bn']), signed=True)})."
        )
        fig, ax = charts.new_figure(height=2.6)
        x = list(range(len(customs)))
        ax.bar(x, customs["afn_bn"].astype(float), color=charts.PALETTE[3], width=0.55)
        ax.set_xticks(x, [p.replace(" (", "\n(") for p in customs["period"]])
        ax.set_ylabel("afghani billion")
        change = text.pct_change(first["afn_bn"], last["afn_bn"])
        _show_figure(
            fig,
            f"Customs revenue {'rose' if change > 0 else 'fell'} "
            f"{text.fmt_pct(abs(change))} from {period_words(first['period'])} to "
            f"{period_words(last['period'])}",
            customs[["period", "afn_bn", "usd_bn", "stated_by", "source_id"]],
            subtitle=f"Customs revenue of {inputs.name} as the Ministry of Finance states it, "
            "billion afghanis, by Afghan solar year",
            alt="Bars of customs revenue in billions of afghanis by solar year",
            note="Solar years run from about March to March; the Gregorian years they span "
            "are in brackets.",
        )
    converted = rev[rev["implied_rate"].notna()]
    shown = rev.assign(
        afn=rev["afn_bn"].map(lambda v: "–" if text.is_missing(v) else f"{float(v):,.2f}"),
        usd=rev["usd_bn"].map(lambda v: "–" if text.is_missing(v) else f"{float(v):,.2f}"),
        rate=rev["implied_rate"].map(lambda v: "–" if text.is_missing(v) else f"{v:,.1f}"),
    )
    tables.show_table(
        shown,
        f"Public revenue of {inputs.name} by solar year, in afghanis and US dollars",
        columns={
            "measure": "Revenue",
            "period": "Solar year (Gregorian)",
            "afn": "AFN billion",
            "usd": "US$ billion",
            "usd_kind": "Dollar figure",
            "rate": "Implied AFN per US$",
            "stated_by": "Stated by",
        },
        note="The dollar amounts are those published with the afghani figures, not our "
        "conversions; the implied rate is the afghani figure divided by the dollar figure.",
    )
    if not converted.empty:
        _say(
            "The dollar conversions published with the afghani figures imply "
            + text.join_words(
                f"{text.fmt_num(r['implied_rate'], 1)} afghanis to the dollar "
                f"({r['measure'].lower()}, {r['solar_year']})"
                for _, r in converted.iterrows()
            )
            + "."
        )
    share = inputs.statements[inputs.statements["indicator"] == "revenue_share_gdp"]
    if not share.empty:
        s = share.iloc[0]
        report.cite([s["source_id"]])
        when = "period not recorded" if text.is_missing(s["period"]) else s["period"]
        _say(
            f"{_with_article(str(s['statement_by'])).capitalize()[0]}"
            f"{_with_article(str(s['statement_by']))[1:]} also puts domestic revenue at "
            f"{text.fmt_pct(s['value'])} of GDP ({when})."
        )


def _exchange_rate(inputs: Inputs) -> None:
    st = inputs.statements
    fx = st[st["indicator"].isin(["exchange_rate", "currency_change"])]
    if fx.empty:
        if inputs.is_afghanistan:
            _say(f"The data hold no statement on the afghani for {inputs.years}.")
        return
    fx = fx.sort_values("first_year").assign(
        what=fx["indicator"].map({"exchange_rate": "Rate", "currency_change": "Change in value"}),
        figure=fx.apply(_fx_value, axis=1),
        when=fx["period"].map(_period_words),
        status_words=fx.apply(lambda r: brief_claim(r["source_id"]) or r["status"], axis=1),
    )
    tables.show_table(
        fx,
        "Statements on the afghani against the US dollar",
        columns={
            "when": "Period",
            "what": "Measure",
            "figure": "Figure",
            "status_words": "Status",
            "statement_by": "Stated by",
        },
        note="A positive change means the afghani gained against the dollar. These are "
        "statements, not an exchange-rate series: the World Bank's official exchange-rate "
        "series is not in the data.",
    )


def _fx_value(row: pd.Series) -> str:
    if row["unit"] == "AFN per USD":
        high = (
            "" if text.is_missing(row["value_high"]) else f"–{text.fmt_num(row['value_high'], 0)}"
        )
        return f"{text.fmt_num(row['value'], 0)}{high} AFN per US$"
    return text.fmt_pct(row["value"], 1, signed=True)


def _period_words(period: Any) -> str:
    if text.is_missing(period):
        return "not recorded"
    parts = str(period).split("/")
    return " to ".join(month_words(p) if re.match(r"^\d{4}-\d{2}", p) else p for p in parts)


def women_section(inputs: Inputs) -> None:
    """A dated timeline of the restrictions and the figures on girls' schooling and women's work."""
    if _afghanistan_only(inputs, "the timeline of restrictions and the figures on women and girls"):
        return
    tl = inputs.timeline
    if tl.empty:
        every = load_quiet("timeline")
        first = every[every["category"] == "women"]["date"].astype(str).min()
        if isinstance(first, str) and int(first[:4]) > inputs.end:
            _say(
                f"The first restriction on women and girls dated in the data is from "
                f"{month_words(first)}, after the chosen years; the figures below describe "
                f"the years before it."
            )
        else:
            _say(f"The timeline holds no dated decision on women and girls in {inputs.years}.")
    else:
        # A row only the brief gives is kept, marked as the brief's unverified claim.
        shown = tl.assign(
            when=tl["date"].map(month_words),
            event=tl.apply(
                lambda r: (
                    str(r["event"]).rstrip(". ")
                    + (f" — {brief_claim(r['source_id'])}." if brief_claim(r["source_id"]) else ".")
                ),
                axis=1,
            ),
        )
        tables.show_table(
            shown,
            "Dated decisions and events on the rights of women and girls",
            columns={"when": "Date", "event": "What happened"},
            note="Only events with a dated row in the data are listed; dates are as precise "
            "as the source gives them.",
        )
    w = inputs.women
    if w.empty:
        _say(f"The data hold no figure on women and girls for {inputs.years}.")
        return
    _girls_chart(inputs)
    _employment_chart(inputs)
    theme = w["indicator"].map(lambda i: WOMEN_LABELS.get(i, ("other", ""))[0])
    label = w["indicator"].map(
        lambda i: WOMEN_LABELS.get(i, ("", ""))[1] or i.replace("_", " ").capitalize()
    )
    # Related rows sit together: one measure after another in the order of WOMEN_LABELS, the
    # women's and men's figures of a pair side by side, each measure's rows by year.
    order = list(WOMEN_LABELS)
    group = w["indicator"].map(lambda i: order.index(PAIRED.get(i, i)) if i in order else 999)
    shown = w.assign(
        theme=pd.Categorical(theme, ["education", "work", "health", "other"], ordered=True),
        group=group,
        within=w["indicator"].map(lambda i: order.index(i) if i in order else 999),
        measure=label,
        figure=w.apply(_women_value, axis=1),
        who=w["source_id"].map(lambda s: _publisher(s).split(",")[0]),
    ).sort_values(["theme", "group", "shown_year", "period", "within"])
    tables.show_table(
        shown,
        "Figures on the education and work of women and girls",
        columns={
            "measure": "Measure",
            "period": "Refers to",
            "figure": "Figure",
            "status": "Status",
            "who": "From",
        },
        note="Agencies count different groups; figures on different rows are not to be added "
        "or compared directly.",
    )


def _women_value(row: pd.Series) -> str:
    value, unit = row["value"], row["unit"]
    if unit == "percent":
        return text.fmt_pct(value, signed=float(value) < 0)
    if unit == "USD":
        return text.fmt_usd(value)
    if unit == "people":
        return text.fmt_count(value)
    return f"{text.fmt_count(value)} {unit}"


MONTHS = {m.lower()[:3]: i for i, m in enumerate(calendar.month_name) if m}


def period_date(period: Any, year: Any) -> float:
    """A figure's date as a fractional year: the last 'Mon YYYY' its period names, else its
    year.

    Example:
        >>> period_date("since Sept 2021, as of Jan 2023", 2023)
        2023.0
    """
    found = re.findall(r"\b([A-Z][a-z]{2,8})\.?\s+((?:19|20)\d{2})\b", str(period))
    for month, yr in reversed(found):
        if month.lower()[:3] in MONTHS:
            return int(yr) + (MONTHS[month.lower()[:3]] - 1) / 12
    return float(year)


def _label_places(
    points: list[tuple[float, float]], gap: float, near: float
) -> list[tuple[str, float]]:
    """Where to write each point's label: on its right unless another point sits just to the
    right at about the same height (then on its left), and stacked `gap` apart from the labels
    on the same side of points closer than `near` along x."""
    sides = []
    for x, y in points:
        crowded = any(0 < x2 - x < near and abs(y2 - y) < gap for x2, y2 in points)
        sides.append("left" if crowded else "right")
    heights = [y for _, y in points]
    order = sorted(range(len(points)), key=lambda i: (points[i][0], points[i][1]))
    for k, i in enumerate(order):
        for j in order[:k]:
            close = abs(points[i][0] - points[j][0]) < near
            if sides[i] == sides[j] and close and abs(heights[i] - heights[j]) < gap:
                heights[i] = heights[j] + gap
    return list(zip(sides, heights, strict=True))


def _girls_chart(inputs: Inputs) -> None:
    w = inputs.women
    girls = w[w["indicator"].isin(GIRLS_MEASURES)]
    if girls.empty:
        return
    girls = girls.assign(
        date=[period_date(p, y) for p, y in zip(girls["period"], girls["shown_year"], strict=True)]
    ).sort_values(["date", "value"])
    fig, ax = charts.new_figure()
    labels: list[tuple[float, float, str, str]] = []
    projected = False
    for i, measure in enumerate(GIRLS_MEASURES):
        part = girls[girls["indicator"] == measure]
        if part.empty:
            continue
        colour = charts.PALETTE[i]
        for status, fill in (("estimate", colour), ("outcome", colour), ("projection", "white")):
            pts = part[part["status"] == status]
            if pts.empty:
                continue
            projected = projected or status == "projection"
            ax.plot(
                pts["date"],
                pts["value"].astype(float) / 1e6,
                "o",
                color=colour,
                markerfacecolor=fill,
                markersize=6,
                linestyle="none",
                label=WOMEN_LABELS[measure][1]
                + (" (projection)" if status == "projection" else ""),
            )
            labels += [
                (
                    float(p["date"]),
                    float(p["value"]) / 1e6,
                    _publisher(p["source_id"]).split(",")[0],
                    colour,
                )
                for _, p in pts.iterrows()
            ]
    top = max(y for _, y, _, _ in labels)
    ax.set_ylim(0, top * 1.25)
    # Labels of points at nearly the same date are stacked apart, each joined to its point.
    places = _label_places([(x, y) for x, y, _, _ in labels], gap=top * 0.09, near=0.5)
    for (x, y, words, colour), (side, h) in zip(labels, places, strict=True):
        ax.annotate(
            words,
            (x, y),
            xytext=(x + (0.07 if side == "right" else -0.07), h),
            textcoords="data",
            ha="left" if side == "right" else "right",
            va="center",
            fontsize=6,
            color=colour,
            arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.5} if h != y else None,
        )
    first, last = int(girls["date"].min()), int(girls["date"].max())
    ax.set_xticks(list(range(first, last + 2)))
    ax.set_xlim(first - 0.15, girls["date"].max() + 0.5)
    ax.set_ylabel("girls (millions)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=7)
    data = girls.assign(measure=girls["indicator"].map(lambda i: WOMEN_LABELS[i][1]))
    data = data[["period", "measure", "value", "status", "source_id"]].astype({"value": "Int64"})
    _show_figure(
        fig,
        girls_title(girls),
        data,
        subtitle=f"Girls kept out of school in {inputs.name}, three measures, millions, by the "
        "date of the figure",
        alt="Points of the number of girls out of school, placed by the date each figure "
        "refers to, one colour per measure"
        + ("; projections drawn as open circles" if projected else ""),
        note="Each colour is a different measure and the agencies count different groups. A "
        "point stands at the month its figure refers to (the start of the year where only the "
        "year is known)." + (" Open circles are projections, not counts." if projected else ""),
    )


GIRLS_FINDING = {
    "girls_out_of_secondary_school": "girls were out of secondary school",
    "girls_denied_secondary_and_university": "girls were barred from secondary school and "
    "university",
    "girls_out_of_school_total": "girls were out of school",
}
QUARTERS = re.compile(r"(\d{4})Q(\d) vs (\d{4})Q(\d)")


def girls_title(girls: pd.DataFrame) -> str:
    """The girls chart's finding: the latest count of girls out of secondary school (or the
    latest measured figure of another measure)."""
    measured = girls[girls["status"] != "projection"].sort_values("date")
    main = measured[measured["indicator"] == "girls_out_of_secondary_school"]
    row = (main if len(main) else measured if len(measured) else girls).iloc[-1]
    when = str(row["period"]).split("as of ")[-1]
    words = GIRLS_FINDING.get(str(row["indicator"]), "girls were kept out of school")
    return f"{float(row['value']) / 1e6:,.1f} million {words} as of {when}"


def employment_title(emp: pd.DataFrame) -> str:
    """The employment chart's finding: women's and men's change over the same quarters."""
    for _, women in emp[emp["indicator"] == "women_employment_change"].iterrows():
        found = QUARTERS.match(str(women["period"]))
        same = emp["period"] == women["period"]
        men = emp[(emp["indicator"] == "men_employment_change") & same]
        if found and len(men):
            y1, q1, y0, q0 = found.groups()
            return (
                f"Women's employment fell {text.fmt_pct(abs(float(women['value'])))} from the "
                f"{QUARTER_WORDS[q0]} quarter of {y0} to the {QUARTER_WORDS[q1]} of {y1}, men's "
                f"{text.fmt_pct(abs(float(men.iloc[0]['value'])))}"
            )
    latest = emp.iloc[-1]
    return f"Employment changed by {text.fmt_pct(float(latest['value']), signed=True)}"


QUARTER_WORDS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}


def _employment_chart(inputs: Inputs) -> None:
    w = inputs.women
    emp = w[w["indicator"].isin(["women_employment_change", "men_employment_change"])]
    if emp.empty:
        return
    emp = emp.sort_values(
        ["status", "shown_year"],
        key=lambda s: (
            s.map({"outcome": 0, "estimate": 0, "projection": 1}) if s.name == "status" else s
        ),
    )
    fig, ax = charts.new_figure(height=0.42 * len(emp) + 1.0)
    y = list(range(len(emp)))[::-1]
    for yi, (_, r) in zip(y, emp.iterrows(), strict=True):
        colour = charts.PALETTE[1] if r["indicator"].startswith("women") else charts.PALETTE[5]
        if r["status"] == "projection":
            ax.barh(yi, r["value"], color="white", edgecolor=colour, hatch="///", height=0.55)
        else:
            ax.barh(yi, r["value"], color=colour, height=0.55)
        ax.text(
            r["value"] - 0.5,
            yi,
            text.fmt_pct(r["value"], signed=True),
            va="center",
            ha="right",
            fontsize=7,
        )
    ax.set_yticks(
        y,
        [
            f"{'Women' if r['indicator'].startswith('women') else 'Men'}: {r['period']}"
            + (" (projection)" if r["status"] == "projection" else "")
            for _, r in emp.iterrows()
        ],
        fontsize=7,
    )
    ax.set_xlim(min(emp["value"].min() * 1.4, -1), 0)
    ax.set_xlabel("change in employment, percent")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    _show_figure(
        fig,
        employment_title(emp),
        emp.assign(measure=emp["indicator"].map(lambda i: WOMEN_LABELS[i][1]))[
            ["measure", "period", "value", "status", "source_id"]
        ],
        subtitle=f"Change in employment of women and men in {inputs.name}, percent, as "
        "estimated and projected",
        alt="Horizontal bars of the change in women's and men's employment; projections hatched",
        note="Each bar compares different things, as its label says: a later quarter with the "
        "second quarter of 2021, or a quarter with a scenario without the takeover. Hatched: "
        "projections.",
    )


# ------------------------------------------------------------------ Azerbaijan's part

# Words that mark a timeline event as Azerbaijan's aid, training or help to Afghans.
AZE_HELP = (
    r"\baid\b|humanitarian|\bhelp|ANAMA|mine action|ASAN|training|courses|students|evacuat"
    r"|condolence"
)


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
                "source_id": r["source_id"],
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values("sort", kind="stable").reset_index(drop=True)


def _hedge(description: Any) -> str:
    """'more than ' or 'about ' when a programme's description says its count is a lower
    bound or approximate."""
    words = str(description).lower()
    if "lower bound" in words or "more than" in words:
        return "more than "
    if "approximate" in words or "about" in words:
        return "about "
    return ""


def _date_words(value: Any) -> str:
    """'2021-03' -> 'Mar 2021'; '2016' -> '2016'."""
    value = str(value)
    if len(value) == 4:
        return value
    return text.fmt_date(value, "month" if len(value) == 7 else "day", short=True)


def azerbaijan_section(inputs: Inputs) -> None:
    """What Azerbaijan did for Afghans: training, the ASAN model, mine action, aid and help,
    from the programmes and timeline tables; what is not in the data is said once."""
    if _afghanistan_only(inputs, "Azerbaijan's programmes and aid"):
        return
    rows = azerbaijan_help(inputs)
    if rows.empty:
        _say(
            f"No Azerbaijani programme or aid for Afghanistan up to {inputs.end} is in this "
            "series' data."
        )
        return
    programmes = load_quiet("people_programmes")
    counted = programmes.dropna(subset=["value"])
    said = [
        f"{_hedge(r['description'])}{text.fmt_int(r['value'])} {r['unit']}"
        for _, r in counted.iterrows()
    ]
    counted_names = text.join_words(
        dict.fromkeys(str(p).split(":")[0] for p in counted["programme"])
    )
    dated = rows[rows["sort"] != "9999"]
    sentence = (
        f"This series' data record {len(rows)} programmes and events of Azerbaijani training, "
        f"aid and help for Afghans, from {dated['sort'].min()[:4]} to {dated['sort'].max()[:4]}."
    )
    if said:
        sentence += f" Counts are given only for {counted_names}: {text.join_words(said)}."
    after = dated[dated["sort"].str[:4].astype(int) >= 2021]
    late_counts = counted[counted["start"].astype(str).str[:4].astype(int) >= 2021]
    if len(after) and late_counts.empty:
        sentence += (
            f" {'None of the' if len(after) > 1 else 'The'} {len(after)} "
            f"{'entries' if len(after) > 1 else 'entry'} since 2021 "
            f"{'gives' if len(after) > 1 else 'gives no'} "
            f"{'a number or an amount' if len(after) > 1 else 'number or amount'}: no sum of "
            "Azerbaijani aid to Afghanistan is in this series' data."
        )
    _say(sentence)
    tables.show_table(
        rows,
        "What Azerbaijan did for Afghans: programmes, training and aid, as recorded",
        columns={"when": "When", "what": "What", "by": "Azerbaijani or partner body"},
        note="Programmes as the 2023 brief and news reports describe them, and dated events "
        "from the timeline; statements of help are shown as stated, not as amounts.",
    )
