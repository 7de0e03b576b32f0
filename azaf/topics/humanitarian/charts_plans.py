"""The charts of the plans: people in need and targeted by plan, and each appeal's
requirement against the funding received; each drawn from the frame it is given only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ... import charts, tables, text
from ._format import _context, _short_source_id, _show_figure, month_words

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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


def needs_chart(needs: pd.DataFrame) -> Figure | None:
    """Draw and show people in need and targeted by plan year (revisions as points of their
    own) from the frame of needs_by_plan(); return the figure, or None when it has no rows."""
    context = _context(needs)
    if not context.is_afghanistan or needs.empty:
        return None
    fig, ax = charts.new_figure()
    styles = {
        "people_in_need": (charts.PALETTE[0], "in need"),
        "people_targeted": (charts.PALETTE[2], "targeted"),
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
    return _show_figure(
        fig,
        needs_title(needs),
        shown.assign(source_id=needs["source_id"]),
        subtitle=f"People in need and people targeted in {context.name}, millions, by plan year",
        alt="Points of people in need and people targeted by plan year; revisions drawn as "
        "open diamonds to the right of the original plan",
        note="Filled circles: the plan as first published. Open diamonds: the plan as revised "
        "during the year."
        + (f" No {text.join_words(gaps, last='or')} plan figure in the data." if gaps else ""),
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


def mostly_unfunded(frame: pd.DataFrame) -> bool:
    """Whether at most half the appeals have a funding figure (then a table, not a chart)."""
    if frame.empty:
        return False
    return len(frame.dropna(subset=["coverage"])) * 2 <= len(frame)


def appeals_chart(frame: pd.DataFrame) -> Figure | None:
    """Draw and show each appeal's requirement against the funding received, each funding
    figure with its as-of month, from the frame of appeals(); return the figure. A set of
    appeals mostly without funding figures is shown as a table instead (None is returned)."""
    context = _context(frame)
    if not context.is_afghanistan or frame.empty:
        return None
    if mostly_unfunded(frame):
        # A chart whose bars mostly lack their funding part would be mostly empty.
        _appeals_table(frame)
        return None
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
    return _show_figure(
        fig,
        funding_title(frame),
        data,
        subtitle=f"Humanitarian appeals for {context.name}: requirement and funding received, "
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


def _appeals_table(frame: pd.DataFrame) -> None:
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
