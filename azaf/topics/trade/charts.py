"""The trade report's chart step: each function draws one section's frame, shows it numbered
with its caption, data rows and source line (all from the frame passed in) and returns it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ... import charts, report, text
from ._format import (
    KIND_WORDS,
    PLACE_COUNTRY,
    QUALIFIER_MARKS,
    QUALIFIER_WORDS,
    _amount,
    _approximate,
    _by,
    _claim_label,
    _flow_words,
    _money,
    _publisher,
    _short,
    _table,
    _takeover_words,
    _year_ticks,
    period_words,
)
from .queries import _beyond_briefs, _side_rows


def _values(frame: pd.DataFrame) -> pd.DataFrame:
    """The yearly values one side reported (measure "value"), in year and side order."""
    rows = frame[frame["measure"] == "value"] if "measure" in frame.columns else frame
    return rows.sort_values(["year", "side"]).reset_index(drop=True)


def _claimed_points(frame: pd.DataFrame) -> pd.DataFrame:
    """The 2023 brief's unsourced yearly values, in USD million, for drawing as open points."""
    claims = frame[frame["measure"] == "claim"] if "measure" in frame.columns else frame.iloc[:0]
    claims = claims[claims["unit"].isin(["USD", "USD million"])]
    scale = claims["unit"].map({"USD": 1e-6, "USD million": 1.0})
    return claims.assign(
        year=claims["year"].astype(int), value_musd=claims["value"].astype(float) * scale
    ).reset_index(drop=True)


def turnover_title(rows: pd.DataFrame, reporter: str, partner: str, end: int) -> str:
    """The turnover chart's title: its finding, stated from the figures drawn.

    The turnover chart's finding, from the figures drawn: where the reported figures peaked and
    how recent the latest one is.

    Example:
        >>> rows = reported_turnover("AZE", "AFG", 2005, 2025)
        >>> turnover_title(rows, "AZE", "AFG", 2025).split("; ")[0]
        'The only independently sourced yearly figure is US$71.5 million for 2018'
    """
    side_rows, _ = _side_rows(rows, reporter, partner)
    if side_rows.empty:
        side_rows = rows
    sourced = _beyond_briefs(side_rows)
    ordered = (sourced if len(sourced) else side_rows).sort_values("year")
    peak, latest = ordered.loc[ordered["value"].idxmax()], ordered.iloc[-1]
    # A lower bound stays one in the title: "at least US$14 million".
    hedge = QUALIFIER_WORDS.get(str(peak["qualifier"]), "")
    peak_words = (
        f"{hedge}US${_amount(peak['value'])} million"
        if peak["unit"] == "USD million"
        else (_money(peak["value"], peak["unit"], peak["qualifier"]))
    )
    if sourced.empty:
        head = f"Only a founding brief gives a yearly figure: {peak_words} in {int(peak['year'])}"
    elif len(ordered) == 1 and len(side_rows) > 1:
        head = f"The only independently sourced yearly figure is {peak_words} for " + str(
            int(peak["year"])
        )
    elif len(ordered) == 1:
        head = f"One yearly figure reported: {peak_words} in {int(peak['year'])}"
    elif peak["id"] == latest["id"]:
        head = f"Reported trade was highest in the latest year reported: {peak_words} in " + str(
            int(peak["year"])
        )
    else:
        head = f"Reported trade peaked at {peak_words} in {int(peak['year'])}"
    last = int(rows["year"].max())
    # The year just past may simply not be published yet: only a longer silence is news.
    if last < end - 1 and len(side_rows) > 1:
        return f"{head}; no official figure since {last}"
    return head


def turnover_chart(frame: pd.DataFrame) -> Any:
    """Shows and returns the chart of each side's reported yearly turnover (or None).

    Points, one colour per side, with the 2023 brief's unsourced values as open diamonds; None,
    showing nothing, when the frame holds no reported value (the words then say so).

    Example:
        >>> fig = turnover_chart(turnover("AZE", "AFG", 2005, 2025))  # doctest: +SKIP
    """
    ctx = frame.attrs
    reporter, partner = ctx["reporter"], ctx["partner"]
    start, end = int(ctx["start_year"]), int(ctx["end_year"])
    rows = _values(frame)
    if reporter == partner or rows.empty:
        return None
    shown = rows.assign(
        reported_by=[f"Reported by {_short(s)}" for s in rows["side"]],
        year=rows["year"].astype(int),
        value=rows["value"].astype(float),
    )
    # The reporter's side first, so its colour stays the same across reruns.
    shown["order"] = (shown["side"] != reporter).astype(int)
    shown = shown.sort_values(["order", "year"])
    ax = charts.points_by_year(shown, "year", "value", hue="reported_by", ylabel="USD million")
    # A figure whose year the source does not state exactly is drawn as an open marker.
    loose = shown[[_approximate(r) for _, r in shown.iterrows()]]
    colours = {
        name: charts.PALETTE[i % len(charts.PALETTE)]
        for i, name in enumerate(dict.fromkeys(shown["reported_by"]))
    }
    for _, row in loose.iterrows():
        ax.plot(
            [row["year"]],
            [row["value"]],
            "o",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor=colours[row["reported_by"]],
            markeredgewidth=1.4,
            zorder=5,
        )
    claimed = _claimed_points(frame)
    if len(claimed):
        ax.plot(
            claimed["year"],
            claimed["value_musd"],
            "D",
            markersize=5,
            markerfacecolor="white",
            markeredgecolor=charts.PALETTE[5],
            markeredgewidth=1.2,
            linestyle="none",
            label="Claimed in the 2023 brief (no source named)",
        )
        for _, row in claimed.iterrows():
            small = row["value_musd"] < float(shown["value"].max()) * 0.05
            ax.annotate(
                _claim_label(row["value_musd"]),
                (row["year"], row["value_musd"]),
                textcoords="offset points",
                xytext=(5, 3) if small else (0, 6),
                ha="left" if small else "center",
                fontsize=7,
                color=charts.PALETTE[5],
            )
    if ctx.get("takeover_date"):
        when = pd.Timestamp(str(ctx["takeover_date"]))
        x = when.year + (when.month - 0.5) / 12
        if start <= x <= end + 0.5:
            ax.axvline(x, color=charts.PALETTE[5], linewidth=0.8, linestyle="--")
            ax.annotate(
                f"Taliban takeover, {_takeover_words(ctx)}",
                (x, 1),
                xycoords=("data", "axes fraction"),
                xytext=(-3, -2),
                textcoords="offset points",
                ha="right",
                va="top",
                fontsize=7,
                color=charts.PALETTE[5],
            )
    ax.set_xticks(_year_ticks(start, end))
    for _, row in shown.iterrows():
        mark = QUALIFIER_MARKS.get(str(row["qualifier"]), "")
        ax.annotate(
            f"{mark}{_amount(row['value'])}",
            (row["year"], row["value"]),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=7,
        )
    ax.set_xlim(start - 0.5, end + 0.5)
    tallest = max([float(shown["value"].max()), *claimed.get("value_musd", pd.Series()).tolist()])
    ax.set_ylim(0, tallest * 1.18)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=7)
    drawn = shown[
        ["year", "period", "value", "unit", "qualifier", "reported_by", "statement_by", "source_id"]
    ]
    if len(claimed):
        drawn = pd.concat(
            [
                drawn,
                pd.DataFrame(
                    {
                        "year": claimed["year"],
                        "period": claimed["period"],
                        "value": claimed["value_musd"],
                        "unit": "USD million",
                        "qualifier": claimed["qualifier"],
                        "reported_by": "Claimed in the 2023 brief (no source named)",
                        "statement_by": "Baku Dialogues brief (2023)",
                        "source_id": claimed["source_id"],
                    }
                ),
            ],
            ignore_index=True,
        )
    fig = charts.show_figure(
        ax.figure,
        turnover_title(rows, reporter, partner, end),
        drawn,
        subtitle=f"Trade turnover between {_short(reporter)} and {_short(partner)} as each side "
        f"reported it, USD million, {start}–{end}",
        alt="Points of reported yearly trade turnover, one colour per reporting side; years "
        "without a reported figure are empty"
        + ("; the 2023 brief's unsourced values as open diamonds" if len(claimed) else ""),
        note="Points, not a line: the years between them have no reported figure."
        + (" Open diamonds: the 2023 brief's values, with no source named." if len(claimed) else "")
        + (" A ≥ sign marks a lower bound." if (shown["qualifier"] == "at_least").any() else "")
        + (
            f" An open marker: the source does not state the year exactly ("
            f"{text.join_words(f'{_by(r.statement_by)}, {r.period}' for r in loose.itertuples())}"
            "); it is drawn at the year it is read as."
            if len(loose)
            else ""
        ),
    )
    # The words name the figure the brief's values are drawn in.
    frame.attrs["figure"] = report.STATE.figures
    return fig


def _comtrade_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The Comtrade rows as drawn: a series name per reporter and flow, values in millions."""
    reporter = frame.attrs["reporter"]
    return frame.assign(
        series=[
            f"{_short(r)}'s {f}s {'to' if f == 'export' else 'from'} {_short(p)} "
            f"(reported by {_short(r)})"
            for r, p, f in zip(frame["reporter"], frame["partner"], frame["flow"], strict=True)
        ],
        value_musd=frame["value"].astype(float) / 1e6,
        year=frame["year"].astype(int),
        # The report's reporter first, so its colours stay the same across reruns.
        order=[int(r != reporter) for r in frame["reporter"]],
    ).sort_values(["order", "flow", "year"])


def comtrade_chart(frame: pd.DataFrame) -> Any:
    """Shows and returns the chart of each reporter's Comtrade trade (or None)."""
    if frame.empty:
        return None
    ctx = frame.attrs
    start, end = int(ctx["start_year"]), int(ctx["end_year"])
    a, b = _short(ctx["reporter"]), _short(ctx["partner"])
    shown = _comtrade_shown(frame)
    ax = charts.points_by_year(
        shown, "year", "value_musd", hue="series", ylabel="USD million", connect=False
    )
    ax.set_xlim(start - 0.5, end + 0.5)
    ax.legend(loc="upper right", fontsize=7)
    return charts.show_figure(
        ax.figure,
        f"Goods trade between {a} and {b} as each country reported it, "
        f"{text.year_span(shown['year'])}",
        shown[["year", "reporter", "partner", "flow", "value", "unit", "source_id"]],
        alt=f"Points of yearly goods trade between {a} and {b}, one colour per reporter and flow",
        subtitle="Exports and imports, total of all goods, US dollars (million)",
        note="Points, not lines: a year a country did not report is left empty. "
        "UN Comtrade statistics, not ministers' statements.",
    )


def products_table(frame: pd.DataFrame) -> None:
    """Shows the goods named as traded, one row per product and direction, with sources."""
    if frame.empty:
        return
    reporter, partner = frame.attrs["reporter"], frame.attrs["partner"]
    a, b = _short(reporter), _short(partner)
    _table(
        _merged_products(frame, reporter, partner),
        f"Goods named as traded between {a} and {b}",
        {
            "product": "Product",
            "kind": "Kind",
            "way": "Direction",
            "supplier_shown": "Supplier",
            "when": "Period",
            "detail": "Detail",
        },
        note="A list of goods named in news reports and the 2023 brief, not customs data: it "
        "gives no values or shares. Where sources name one good differently, it is listed once "
        "under one name.",
        source_ids=frame["source_id"].tolist(),
    )


def _merged_products(rows: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """One row per product and direction, with every source's supplier, period and detail."""

    def joined(values: Iterable[Any]) -> str:
        kept = [str(v) for v in dict.fromkeys(values) if not text.is_missing(v)]
        return "; ".join(kept) if kept else "–"

    names = {reporter: _short(reporter), partner: _short(partner)}
    out = []
    for (way, product), group in rows.groupby(["direction", "product"], sort=False):
        src, dst = way.split("->")
        out.append(
            {
                "product": product[:1].upper() + product[1:],
                "kind": KIND_WORDS.get(group["kind"].iloc[0], group["kind"].iloc[0]),
                "way": f"{names.get(src, src)} → {names.get(dst, dst)}",
                "supplier_shown": joined(group["supplier"]),
                "when": joined(group["period"].fillna("not dated")),
                "detail": " ".join(dict.fromkeys(group["detail"].dropna())),
            }
        )
    return pd.DataFrame(out)


def regional_table(frame: pd.DataFrame) -> None:
    """Shows the partner's reported regional and world trade as a table."""
    if frame.empty:
        return
    shown = frame.assign(
        period=[period_words(p) for p in frame["period"]],
        with_=[_short(o) if o != "WLD" else "World" for o in frame["other"]],
        flow_words=[_flow_words(r) for _, r in frame.iterrows()],
        amount=[
            _money(v, u, q)
            for v, u, q in zip(frame["value"], frame["unit"], frame["qualifier"], strict=True)
        ],
    )
    _table(
        shown,
        f"{_short(frame.attrs['partner'])}'s trade with regional partners and the world, "
        "as reported",
        {
            "with_": "Partner",
            "period": "Period",
            "flow_words": "Flow",
            "amount": "Value",
            "statement_by": "Reported by",
        },
        note="Different bodies, periods and definitions; an Afghan year runs from 21 March to 20 "
        "March. Values in afghanis and the ministry's own dollar conversions are both kept. "
        "Not a consistent series.",
    )


def milestones_table(frame: pd.DataFrame) -> None:
    """Shows the corridor's and economic ties' milestones in date order (or says none)."""
    start, end = frame.attrs["start_year"], frame.attrs["end_year"]
    if frame.empty:
        text.md(
            f"The data hold no corridor, trade-agreement or economic milestone in {start}–{end}."
        )
        return
    _table(
        frame,
        f"Milestones of the corridor and of economic ties, {start}–{end}",
        {"when": "Date", "category": "Kind", "event": "What happened (our paraphrase)"},
        note="In date order; an event dated only to a month or a year is listed after the "
        "events with a full date in that month or year.",
    )


def shipments_table(frame: pd.DataFrame) -> None:
    """Shows the shipments on the route with each report's tonnage."""
    if frame.empty:
        return
    ship = frame.assign(
        tonnes_shown=[
            f"{q}{text.fmt_num(t, 0)}"
            for q, t in zip(frame["qualifier"], frame["tonnes"], strict=True)
        ]
    )
    _table(
        ship,
        "Shipments on the Lapis Lazuli route with a stated tonnage",
        {
            "when": "Date",
            "tonnes_shown": "Tonnes",
            "what": "As recorded (our paraphrase)",
            "reported_in": "Reported in",
        },
        note="Transit cargo bound for Türkiye and Europe passed through Baku; it is not "
        "trade with Azerbaijan unless the source says so.",
    )


def route_table(frame: pd.DataFrame) -> None:
    """Shows the route leg by leg: places, mode, countries and the report describing it."""
    if frame.empty:
        return
    route = frame.assign(
        crossed=[_countries_crossed(r) for _, r in frame.iterrows()],
        from_shown=frame["from_place"].fillna("not stated"),
        to_shown=frame["to_place"].fillna("not stated"),
        mode_shown=frame["mode"].fillna("not stated"),
        reported_in=[_publisher(sid).split(",")[0] for sid in frame["source_id"]],
    )
    _table(
        route,
        "The Lapis Lazuli route, leg by leg, as reported",
        {
            "seq": "Step",
            "from_shown": "From",
            "to_shown": "To",
            "mode_shown": "Mode",
            "crossed": "Countries",
            "note": "What the report says",
            "reported_in": "Reported in",
        },
        note="Alternatives share a step number. Countries: those of the leg's start, of any place "
        "it runs via, and of its end, in that order.",
    )


def _countries_crossed(leg: pd.Series) -> str:
    """The countries of a leg's start, 'via' places and end: 'Azerbaijan → Georgia → Türkiye'.

    Example:
        >>> _countries_crossed(legs().set_index("leg").loc["L8"])
        'Azerbaijan → Georgia → Türkiye'
    """
    ends = str(leg["to_place"]) if not text.is_missing(leg["to_place"]) else ""
    to_main, _, via = ends.partition(", via ")
    found: list[str] = []
    for place in (str(leg["from_place"]), via, to_main):
        # The first place name in each part: "Kars (Türkiye)" -> Kars; "Istanbul, then Europe"
        # -> Istanbul (the main end point, before any "then").
        hits = [(place.find(name), iso) for name, iso in PLACE_COUNTRY.items() if name in place]
        if hits:
            iso = min(hits)[1]
            if not found or found[-1] != iso:
                found.append(iso)
    if not found:
        found = [str(leg["country"])]
    return " → ".join(_short(iso) for iso in found)
