"""The data steps of the economy section: World Bank GDP and population, and the statements
on real growth, public revenue and the afghani, each frame carrying its context in attrs."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ... import text
from ._format import _published, _with_article, _with_context, brief_claim, brief_name
from ._format import month_words as _month_words
from ._format import solar_year as _solar_year
from .queries import Inputs


def gdp_per_person(inputs: Inputs) -> pd.DataFrame:
    """GDP, population and GDP per person by year, only for years that have both."""
    pop = inputs.population[["year", "value", "source_id"]].rename(
        columns={"value": "population", "source_id": "pop_source"}
    )
    both = inputs.gdp[["year", "value", "source_id"]].merge(pop, on="year")
    both = both.rename(columns={"value": "gdp_usd"})
    both["gdp_per_person"] = both["gdp_usd"] / both["population"]
    return _with_context(both.reset_index(drop=True), inputs)


def gdp_by_year(inputs: Inputs) -> pd.DataFrame:
    """World Bank GDP in current US dollars by year, with population and GDP per person for
    the years that have both (blank for the others).

    Example:
        >>> gdp_by_year(gather("AFG", 2015, 2026))[["year", "gdp_usd", "gdp_per_person"]]
    """
    gdp = inputs.gdp[["year", "value", "source_id"]].rename(columns={"value": "gdp_usd"})
    per = gdp_per_person(inputs)[["year", "population", "pop_source", "gdp_per_person"]]
    frame = gdp.merge(per, on="year", how="left").sort_values("year").reset_index(drop=True)
    return _with_context(frame, inputs)


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
            when = _month_words(_published(str(match[0]["source_id"]))[:7])
            bits.append(f"matches the {when} projection".replace("the  ", "the "))
        if calc is not None:
            bits.append("matches the outcomes" if abs(calc - value) <= 1 else "not the outcomes")
        row["remark"] = bits[0] + ("; " + ", ".join(bits[1:]) if len(bits) > 1 else "")
    frame = pd.DataFrame(rows)
    frame = frame.drop(columns=["period"], errors="ignore")
    # Whether the data hold statements for the country at all, and on growth: the words say
    # which is missing when the frame is empty.
    held = int(st["indicator"].isin(["gdp_real_growth", "gdp_cumulative_change"]).sum())
    return _with_context(frame, inputs, statements_held=not st.empty, growth_held=held)


def growth_statements(inputs: Inputs) -> pd.DataFrame:
    """Every statement of real GDP growth or cumulative change in the chosen years, by whom.

    Example:
        >>> growth_statements(gather("AFG", 2015, 2026))[["period", "value", "statement_by"]]
    """
    st = inputs.statements
    growth = st[st["indicator"].isin(["gdp_real_growth", "gdp_cumulative_change"])]
    return _with_context(growth.reset_index(drop=True), inputs)


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
                "solar_year": _solar_year(period) if period else "not recorded",
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
    if not frame.empty:
        frame = frame.sort_values(["measure", "first_year"], na_position="last")
        frame = frame.reset_index(drop=True)
    # The stated share of GDP is a single statement beside the table: kept as plain values.
    share = st[st["indicator"] == "revenue_share_gdp"]
    stated: dict[str, Any] = {}
    if not share.empty:
        s = share.iloc[0]
        stated = {
            "share_value": float(s["value"]),
            "share_period": "" if text.is_missing(s["period"]) else str(s["period"]),
            "share_by": str(s["statement_by"]),
            "share_source": str(s["source_id"]),
        }
    return _with_context(frame, inputs, **stated)


def afghani_statements(inputs: Inputs) -> pd.DataFrame:
    """Statements on the afghani against the US dollar (rates and changes), by period.

    Example:
        >>> afghani_statements(gather("AFG", 2015, 2026))[["period", "value", "unit"]]
    """
    st = inputs.statements
    fx = st[st["indicator"].isin(["exchange_rate", "currency_change"])]
    return _with_context(fx.sort_values("first_year").reset_index(drop=True), inputs)
