"""The charts of women and girls: the counts of girls kept out of school by the date of each
figure, and the change in women's and men's employment; drawn from the frame given only."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from ... import charts, text
from ._format import WOMEN_LABELS, _context, _publisher, _show_figure, period_date

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# The measures of girls kept from school that are drawn together, each in its own colour.
GIRLS_MEASURES = [
    "girls_out_of_secondary_school",
    "girls_denied_secondary_and_university",
    "girls_out_of_school_total",
]
GIRLS_FINDING = {
    "girls_out_of_secondary_school": "girls were out of secondary school",
    "girls_denied_secondary_and_university": "girls were barred from secondary school and "
    "university",
    "girls_out_of_school_total": "girls were out of school",
}
QUARTERS = re.compile(r"(\d{4})Q(\d) vs (\d{4})Q(\d)")
QUARTER_WORDS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}


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


def girls_title(girls: pd.DataFrame) -> str:
    """The girls chart's finding: the latest count of girls out of secondary school (or the
    latest measured figure of another measure)."""
    measured = girls[girls["status"] != "projection"].sort_values("date")
    main = measured[measured["indicator"] == "girls_out_of_secondary_school"]
    row = (main if len(main) else measured if len(measured) else girls).iloc[-1]
    when = str(row["period"]).split("as of ")[-1]
    words = GIRLS_FINDING.get(str(row["indicator"]), "girls were kept out of school")
    return f"{float(row['value']) / 1e6:,.1f} million {words} as of {when}"


def girls_chart(women: pd.DataFrame) -> Figure | None:
    """Draw and show the counts of girls kept out of school, placed by the date of each
    figure, from the frame of women_figures(); return the figure, or None without such rows."""
    if women.empty:
        return None
    girls = women[women["indicator"].isin(GIRLS_MEASURES)]
    if girls.empty:
        return None
    name = _context(women).name
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
    return _show_figure(
        fig,
        girls_title(girls),
        data,
        subtitle=f"Girls kept out of school in {name}, three measures, millions, by the "
        "date of the figure",
        alt="Points of the number of girls out of school, placed by the date each figure "
        "refers to, one colour per measure"
        + ("; projections drawn as open circles" if projected else ""),
        note="Each colour is a different measure and the agencies count different groups. A "
        "point stands at the month its figure refers to (the start of the year where only the "
        "year is known)." + (" Open circles are projections, not counts." if projected else ""),
    )


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


def employment_chart(women: pd.DataFrame) -> Figure | None:
    """Draw and show the change in women's and men's employment (projections hatched) from
    the frame of women_figures(); return the figure, or None without such rows."""
    if women.empty:
        return None
    emp = women[women["indicator"].isin(["women_employment_change", "men_employment_change"])]
    if emp.empty:
        return None
    name = _context(women).name
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
    return _show_figure(
        fig,
        employment_title(emp),
        emp.assign(measure=emp["indicator"].map(lambda i: WOMEN_LABELS[i][1]))[
            ["measure", "period", "value", "status", "source_id"]
        ],
        subtitle=f"Change in employment of women and men in {name}, percent, as "
        "estimated and projected",
        alt="Horizontal bars of the change in women's and men's employment; projections hatched",
        note="Each bar compares different things, as its label says: a later quarter with the "
        "second quarter of 2021, or a quarter with a scenario without the takeover. Hatched: "
        "projections.",
    )
