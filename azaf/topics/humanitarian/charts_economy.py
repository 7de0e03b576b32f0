"""The charts of the economy: GDP and GDP per person, the 2021–2022 contraction as stated,
and customs revenue; each drawn from the frame it is given only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd

from ... import charts, report, text
from ..trade import period_words
from ._format import _context, _dataset_words, _show_figure, brief_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _gdp_change(gdp: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """The 2020 row and the latest, when the frame runs past 2020 (else None)."""
    if gdp.empty:
        return None
    base = gdp[gdp["year"] == 2020]
    latest = gdp.iloc[-1]
    if base.empty or int(latest["year"]) <= 2020:
        return None
    return base.iloc[0], latest


def gdp_title(gdp: pd.DataFrame) -> str:
    """The GDP chart's finding: the latest year against 2020, the last year before the
    takeover, or against the first year shown."""
    name = _context(gdp).name
    first, last = gdp.iloc[0], gdp.iloc[-1]
    change = _gdp_change(gdp)
    if change is not None:
        base, latest = change
        base_value, latest_value, year = base["gdp_usd"], latest["gdp_usd"], latest["year"]
        since = f"its {base['year']} level"
    elif int(first["year"]) < int(last["year"]):
        base_value, latest_value, year = first["gdp_usd"], last["gdp_usd"], last["year"]
        since = f"{first['year']}"
    else:
        return f"GDP of {name} was {text.fmt_usd(last['gdp_usd'])} in {last['year']}"
    pct = text.pct_change(base_value, latest_value)
    where = "below" if pct < 0 else "above"
    return (
        f"GDP in {year} was {text.fmt_pct(abs(pct))} {where} {since}, at "
        f"{text.fmt_usd(latest_value)} in current dollars"
    )


def gdp_chart(gdp: pd.DataFrame) -> Figure | None:
    """Draw and show GDP and GDP per person by year from the frame of gdp_by_year(); return
    the figure, or None when it has no rows."""
    if gdp.empty:
        return None
    name = _context(gdp).name
    per = gdp.dropna(subset=["gdp_per_person"])
    rows = 2 if not per.empty else 1
    fig, axes = plt.subplots(
        rows, 1, figsize=(charts.WIDTH_IN, 2.4 * rows + 0.4), layout="constrained", sharex=True
    )
    axes = list(axes) if rows > 1 else [axes]
    axes[0].bar(
        gdp["year"].astype(int), gdp["gdp_usd"].astype(float) / 1e9, color=charts.PALETTE[0]
    )
    axes[0].set_ylabel("US$ billion")
    axes[0].set_title("GDP, current US dollars")
    if rows > 1:
        axes[1].bar(
            per["year"].astype(int), per["gdp_per_person"].astype(float), color=charts.PALETTE[2]
        )
        axes[1].set_ylabel("US$ per person")
        axes[1].set_title("GDP per person, current US dollars")
        axes[1].yaxis.set_major_formatter(charts.thousands())
    axes[-1].xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    data = gdp[["year", "gdp_usd", "source_id"]]
    if not per.empty:
        # Population and GDP per person only for the years that have both; blank elsewhere.
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
    return _show_figure(
        fig,
        gdp_title(gdp),
        data,
        subtitle=f"GDP{' and GDP per person' if not per.empty else ''} of {name}, "
        f"current US dollars, {int(gdp['year'].min())}–{int(gdp['year'].max())}",
        alt=f"Bar charts of {name}'s GDP in current US dollars"
        + (" and GDP per person" if not per.empty else "")
        + " by year",
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


def contraction_chart(cut: pd.DataFrame) -> Figure | None:
    """Draw and show the stated falls of 2021 and 2022, their compounding, the projection and
    the brief's figure from the frame of contraction(); return the figure, or None when the
    frame holds no stated yearly outcome."""
    if cut.empty or not (cut["kind"] == "yearly").any():
        return None
    name = _context(cut).name
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
    return _show_figure(
        fig,
        contraction_title(cut),
        data,
        subtitle=f"Real change in {name}'s GDP in 2021–2022, percent: outcomes, a "
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


def _customs(rev: pd.DataFrame) -> pd.DataFrame:
    """The customs rows stated in afghanis (the rows the customs chart draws)."""
    if rev.empty:
        return rev
    return rev[(rev["measure"] == "Customs") & rev["afn_bn"].notna()]


def customs_chart(rev: pd.DataFrame) -> Figure | None:
    """Draw and show customs revenue in afghanis by solar year from the frame of revenue();
    return the figure, or None when it holds fewer than two customs figures."""
    customs = _customs(rev)
    if len(customs) < 2:
        return None
    name = _context(rev).name
    first, last = customs.iloc[0], customs.iloc[-1]
    fig, ax = charts.new_figure(height=2.6)
    x = list(range(len(customs)))
    ax.bar(x, customs["afn_bn"].astype(float), color=charts.PALETTE[3], width=0.55)
    ax.set_xticks(x, [p.replace(" (", "\n(") for p in customs["period"]])
    ax.set_ylabel("afghani billion")
    change = text.pct_change(first["afn_bn"], last["afn_bn"])
    return _show_figure(
        fig,
        f"Customs revenue {'rose' if change > 0 else 'fell'} "
        f"{text.fmt_pct(abs(change))} from {period_words(first['period'])} to "
        f"{period_words(last['period'])}",
        customs[["period", "afn_bn", "usd_bn", "stated_by", "source_id"]],
        subtitle=f"Customs revenue of {name} as the Ministry of Finance states it, "
        "billion afghanis, by Afghan solar year",
        alt="Bars of customs revenue in billions of afghanis by solar year",
        note="Solar years run from about March to March; the Gregorian years they span "
        "are in brackets.",
    )
