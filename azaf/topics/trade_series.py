"""The statistical trade series (UN Comtrade, after `azaf data refresh comtrade`): each
reporter's figures drawn apart, and the re-examination of the briefs' 2010–2014 claims.

With the shipped snapshot the table is empty: the section shows nothing and the fact check
keeps its verdicts, so the reports look as they did.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import charts, text
from ..data import country_name, load, load_quiet, table_names

TABLE = "trade_mirror"
CLAIM_YEARS = range(2010, 2015)


def _short(iso3: str) -> str:
    name = country_name(iso3)
    return {"Iran (Islamic Republic of)": "Iran"}.get(name, name)


def mirror_rows(reporter: str, partner: str, start: int, end: int, quiet: bool = True) -> Any:
    """Rows of trade_mirror for the pair, either side reporting, within the years."""
    if TABLE not in table_names():
        return pd.DataFrame()
    table = (load_quiet if quiet else load)(TABLE)
    pair = ((table["reporter"] == reporter) & (table["partner"] == partner)) | (
        (table["reporter"] == partner) & (table["partner"] == reporter)
    )
    return table[pair & table["year"].between(start, end)].reset_index(drop=True)


def turnover(rows: pd.DataFrame) -> pd.DataFrame:
    """Exports plus imports by reporter and year, only where both flows are reported."""
    if rows.empty:
        return pd.DataFrame(columns=["reporter", "partner", "year", "value", "source_id"])
    wide = rows.pivot_table(
        index=["reporter", "partner", "year"], columns="flow", values="value", aggfunc="sum"
    )
    wide = wide.dropna(subset=[c for c in ("export", "import") if c in wide.columns])
    if not {"export", "import"} <= set(wide.columns):
        return pd.DataFrame(columns=["reporter", "partner", "year", "value", "source_id"])
    out = (wide["export"] + wide["import"]).rename("value").reset_index()
    sid = rows.groupby(["reporter", "year"])["source_id"].first()
    out["source_id"] = [
        sid.get((r, y), "") for r, y in zip(out["reporter"], out["year"], strict=True)
    ]
    return out


def section(reporter: str, partner: str, start: int, end: int) -> None:
    """Each reporter's recorded exports and imports as points, with a finding and source line.

    Shows nothing while the table is empty (the shipped snapshot).
    """
    rows = mirror_rows(reporter, partner, start, end)
    if rows.empty:
        return
    rows = mirror_rows(reporter, partner, start, end, quiet=False)  # listed as read
    a, b = _short(reporter), _short(partner)
    shown = rows.assign(
        series=[
            f"{_short(r)}'s {f}s {'to' if f == 'export' else 'from'} {_short(p)} "
            f"(reported by {_short(r)})"
            for r, p, f in zip(rows["reporter"], rows["partner"], rows["flow"], strict=True)
        ],
        value_musd=rows["value"].astype(float) / 1e6,
        year=rows["year"].astype(int),
        # The report's reporter first, so its colours stay the same across reruns.
        order=[int(r != reporter) for r in rows["reporter"]],
    ).sort_values(["order", "flow", "year"])
    latest = int(shown["year"].max())
    last = shown[shown["year"] == latest]
    said = []
    for _, flows in last.groupby("order", sort=True):
        words = [
            f"{r.flow}s of {text.fmt_usd(r.value)} "
            f"{'to' if r.flow == 'export' else 'from'} {_short(r.partner)}"
            for r in flows.itertuples()
        ]
        said.append(f"{_short(flows['reporter'].iloc[0])} recorded {text.join_words(words)}")
    text.md(
        f"## Trade as each country reported it to UN Comtrade\n\n"
        f"In {latest}, {'; '.join(said)}. Each country's own customs records are "
        "drawn apart: one side's exports rarely equal the other side's recorded imports."
    )
    ax = charts.points_by_year(
        shown, "year", "value_musd", hue="series", ylabel="USD million", connect=False
    )
    ax.set_xlim(start - 0.5, end + 0.5)
    ax.legend(loc="upper right", fontsize=7)
    charts.show_figure(
        ax.figure,
        f"Goods trade between {a} and {b} as each country reported it, "
        f"{text.year_span(shown['year'])}",
        shown[["year", "reporter", "partner", "flow", "value", "unit", "source_id"]],
        alt=f"Points of yearly goods trade between {a} and {b}, one colour per reporter and flow",
        subtitle="Exports and imports, total of all goods, US dollars (million)",
        note="Points, not lines: a year a country did not report is left empty. "
        "UN Comtrade statistics, not ministers' statements.",
    )


def recheck(claim: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]) -> dict | None:
    """A fact-check result for a 2010–2014 bilateral trade claim against UN Comtrade.

    Azerbaijan's own record (exports plus imports) is compared with the claim, which the brief
    attributes to Azerbaijan's statistics; Afghanistan's mirror figure is named beside it.
    None when the claim is of another kind or the statistical series has no figure for it.
    """
    from ..factcheck import TOLERANCE, agreement

    mirror = tables.get(TABLE)
    if mirror is None or mirror.empty or str(claim.get("topic")) != "trade":
        return None
    if str(claim.get("data_table")) != "trade_reported":
        return None
    years = [
        int(y) for y in str(claim.get("period", "")).replace("–", "-").split("-") if y.isdigit()
    ]
    if not years or any(y not in CLAIM_YEARS for y in years):
        return None
    tv = turnover(
        mirror[mirror["reporter"].isin(["AZE", "AFG"]) & mirror["partner"].isin(["AZE", "AFG"])]
    )
    aze = tv[tv["reporter"] == "AZE"].set_index("year")
    unit = str(claim.get("unit", ""))
    if unit == "USD million" and len(years) == 1:
        year = years[0]
        if year not in aze.index:
            return None
        value = float(aze.at[year, "value"]) / 1e6
        period = str(year)
        own = mirror[
            (mirror["reporter"] == "AFG") & (mirror["partner"] == "AZE") & (mirror["year"] == year)
        ]
        flows = [
            f"{r.flow}s of {text.fmt_usd(r.value)} {'to' if r.flow == 'export' else 'from'} "
            "Azerbaijan"
            for r in own.sort_values("flow").itertuples()
        ]
        mirror_words = (
            f" Afghanistan's own record for {year}: {text.join_words(flows)}."
            if flows
            else f" Afghanistan reported no figure for {year}."
        )
        what = f"exports plus imports of {text.fmt_usd(value * 1e6)}"
    elif unit == "percent" and len(years) == 2:
        first, last = years
        if first not in aze.index or last not in aze.index:
            return None
        value = (float(aze.at[last, "value"]) / float(aze.at[first, "value"]) - 1) * 100
        period = f"{first}–{last}"
        mirror_words = ""
        what = f"a change of {text.fmt_pct(value, signed=True)}"
    else:
        return None
    if math.isnan(value):
        return None
    grade = agreement(value, claim)
    verdict = ("confirmed", "close", "differs")[grade]
    sid = str(aze["source_id"].iloc[0])
    return {
        "verdict": verdict,
        "data_value": value,
        "data_year": years[-1],
        "data_period": period,
        "source": sid,
        "note": f"UN Comtrade: Azerbaijan recorded {what} with Afghanistan for {period}"
        f" (within {TOLERANCE:.0%} counts as close).{mirror_words}",
    }
