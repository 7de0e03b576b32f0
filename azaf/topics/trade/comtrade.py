"""UN Comtrade's trade series (after `azaf data refresh comtrade`) in the fact check: the
briefs' 2010–2014 trade claims re-examined against each reporter's own record.

With the shipped snapshot the table is empty: the fact check keeps its verdicts. The report's
section on the series is `comtrade` (data), `comtrade_chart` and `comtrade_words`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ... import text

TABLE = "trade_mirror"
CLAIM_YEARS = range(2010, 2015)


def mirror_turnover(rows: pd.DataFrame) -> pd.DataFrame:
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


def recheck(claim: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]) -> dict | None:
    """A fact-check result for a 2010–2014 bilateral trade claim against UN Comtrade.

    Azerbaijan's own record (exports plus imports) is compared with the claim, which the brief
    attributes to Azerbaijan's statistics; Afghanistan's mirror figure is named beside it.
    None when the claim is of another kind or the statistical series has no figure for it.
    """
    from ...factcheck import TOLERANCE, agreement

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
    tv = mirror_turnover(
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
