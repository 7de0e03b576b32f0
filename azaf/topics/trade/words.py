"""The trade report's words step: each function composes one section's prose (and the tables
that belong to it) from the frame passed in and the parameters its `attrs` carry."""

from __future__ import annotations

import pandas as pd

from ... import report, text
from ._format import (
    QUALIFIER_WORDS,
    _about_fraction,
    _by,
    _convoy_words,
    _flow_words,
    _money,
    _short,
    _table,
    _takeover_words,
    _tonnage_count,
    period_words,
)
from .charts import _comtrade_shown, _values
from .queries import growth, missing_years


def _changes(frame: pd.DataFrame) -> pd.DataFrame:
    """The growth rates officials stated (measure "change"), in year order."""
    rows = frame[frame["measure"] == "change"]
    return rows.sort_values(["year", "id"]).reset_index(drop=True)


def _claims(frame: pd.DataFrame) -> pd.DataFrame:
    """The 2023 brief's values naming no source (measure "claim"), in year order."""
    rows = frame[frame["measure"] == "claim"]
    return rows.sort_values("year").reset_index(drop=True)


def turnover_words(frame: pd.DataFrame) -> None:
    """Shows the turnover section's words and tables, composed from the frame."""
    ctx = frame.attrs
    reporter, partner = ctx["reporter"], ctx["partner"]
    start, end = int(ctx["start_year"]), int(ctx["end_year"])
    a, b = _short(reporter), _short(partner)
    if reporter == partner:
        text.md("No bilateral figures: the reporting and partner country are the same.")
        return
    rows = _values(frame)
    stated = _changes(frame)
    claims = _claims(frame)
    reported_years = [int(y) for y in ctx.get("reported_years", [])]
    # The chart shows the figure number it drew under (none when it drew nothing).
    figure_no = ctx.get("figure") if len(rows) else None
    if rows.empty:
        elsewhere = [y for y in reported_years if not start <= y <= end]
        where = (
            f" The pair's reported yearly figures are for "
            f"{text.year_span(elsewhere)}, outside the chosen years."
            if elsewhere
            else ""
        )
        text.md(
            f"Neither side's yearly turnover for {a} and {b} in {start}–{end} is in this "
            f"series' data.{where}"
        )
    else:
        from_brief = rows[rows["source_id"] == "brief_2023"]
        if len(from_brief):
            # "State Statistical Committee of Azerbaijan (as cited in the 2023 brief)"
            _bodies = [_by(s.split(" (")[0]) for s in from_brief["statement_by"]]
            plural = len(from_brief) > 1
            text.md(
                f"The {'figures' if plural else 'figure'} for "
                f"{text.join_words(from_brief['year'].astype(int))} "
                f"{'come' if plural else 'comes'} only "
                f"from the 2023 brief, which attributes {'them' if plural else 'it'} to "
                f"{text.join_words(dict.fromkeys(_bodies))}"
                "; no independent copy of those statistics was found."
            )
        _growth_table(rows, stated, reporter)
    gaps = missing_years(rows, start, end)
    if gaps and len(rows):
        text.md(
            f"**Years without a figure.** {len(gaps)} of the {end - start + 1} years in "
            f"{start}–{end} have no reported yearly figure from either side: "
            f"{text.year_span(gaps)}. They are left empty, not filled in."
        )
    stated_number = _stated_table(stated) if len(stated) else None
    last = reported_years[-1] if reported_years else None
    if last is not None and last < end:
        part = stated[stated["year"] > last]
        part_words = (
            f" For {text.year_span(part['year'])} there are only growth rates for parts of "
            f"the year (Table {stated_number}), with no value to apply them to."
            if len(part) and stated_number
            else ""
        )
        takeover = _takeover_words(ctx)
        text.md(
            f"**After {last}.** No reported yearly value after {last} is in this series' data."
            f"{part_words}"
            + (
                f" Official figures for the years since the Taliban took power ({takeover}) "
                "are published by Azerbaijan's State Statistical Committee and UN Comtrade but "
                "are not yet in this series' data; the 2023 brief's values for those years, "
                "listed below, name no source."
                if takeover and len(claims)
                else ""
            )
        )
    if len(claims):
        shown = claims.assign(
            claimed=[
                _money(v, u, q)
                for v, u, q in zip(
                    claims["value"], claims["unit"], claims["qualifier"], strict=True
                )
            ]
        )
        _table(
            shown,
            "What the 2023 brief says about later years, without naming a source (claims, not "
            "reported statistics)",
            {"period": "Period", "claim": "Claim (our paraphrase)", "claimed": "Value claimed"},
            note=(
                f"Yearly values are drawn as open diamonds in Figure {figure_no}. "
                if figure_no
                else ""
            )
            + "No statement by either government or a statistical office in this series' data "
            "confirms these values.",
        )


def _growth_table(rows: pd.DataFrame, stated: pd.DataFrame, reporter: str) -> None:
    table = growth(rows, stated)
    if table.empty:
        text.md(
            "Each side gave at most one yearly figure in these years, so no change between "
            "reported years can be computed."
        )
        return
    table = table.assign(
        side_name=[f"{_short(s)}" for s in table["side"]],
        span=[f"{f}–{t}" for f, t in zip(table["from_year"], table["to_year"], strict=True)],
        old=[_money(f, u) for f, u in zip(table["from_value"], table["unit"], strict=True)],
        new=[_money(t, u) for t, u in zip(table["to_value"], table["unit"], strict=True)],
        computed=[
            text.fmt_pct(c, digits=0, signed=True) if not text.is_missing(c) else "not computed"
            for c in table["change_pct"]
        ],
        stated_words=[
            f"{text.fmt_pct(s, signed=True)} ({by})" if not text.is_missing(s) else "–"
            for s, by in zip(table["stated_pct"], table["stated_by"], strict=True)
        ],
    )
    ids = [sid for group in table["source_ids"] for sid in group]
    _table(
        table,
        "Change between reported yearly figures of the same side (computed here)",
        {
            "side_name": "Reported by",
            "span": "Years",
            "old": "From",
            "new": "To",
            "computed": "Change (computed)",
            "stated_words": "Change as stated",
            "kind": "Which figures",
        },
        source_ids=ids,
        note="Computed as (new − old) / old from the figures in the chart; no value is "
        "estimated for the years between.",
    )
    first = table.iloc[0]
    text.md(
        "In words: "
        + "; ".join(
            f"from {r['from_year']} to {r['to_year']} the figures {_short(r['side'])} reported "
            f"{'rose' if r['change_pct'] > 0 else 'fell'} by "
            f"{text.fmt_pct(abs(r['change_pct']))}"
            for _, r in table.iterrows()
            if not text.is_missing(r["change_pct"])
        )
        + "."
        + (
            f" The computed change from {first['from_year']} to {first['to_year']} agrees with "
            f"the {text.fmt_pct(first['stated_pct'])} stated by {_by(first['stated_by'])}."
            if not text.is_missing(first["stated_pct"])
            and round(first["change_pct"]) == round(first["stated_pct"])
            else ""
        )
    )


def _stated_table(stated: pd.DataFrame) -> int:
    shown = stated.assign(
        change=[
            (QUALIFIER_WORDS.get(str(q), "") + text.fmt_pct(v, signed=True)).strip()
            for v, q in zip(stated["value"], stated["qualifier"], strict=True)
        ],
        compared=stated["compared_with"].fillna("–"),
    )
    conflicts = shown.groupby(["period", "compared"])["value"].nunique()
    clash = [p for (p, _), n in conflicts.items() if n > 1]
    note = (
        f"Two different growth rates were stated for {text.join_words(clash)}; both are shown "
        "with who stated them, not averaged."
        if clash
        else ""
    )
    _table(
        shown,
        "Growth rates stated by officials, whole and part years (reported statements)",
        {
            "period": "Period",
            "compared": "Compared with",
            "change": "Stated change",
            "statement_by": "Stated by",
        },
        note=note,
    )
    return report.STATE.tables


def _flow_phrase(row: pd.Series) -> str:
    if row["flow"] == "turnover":
        return f"trade with {_short(row['other'])}"
    return _flow_words(row)


def comtrade_words(frame: pd.DataFrame) -> None:
    """Shows the Comtrade section's heading and finding (nothing for an empty frame)."""
    if frame.empty:
        return
    shown = _comtrade_shown(frame)
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


def products_words(frame: pd.DataFrame) -> None:
    """Shows what the sources say was traded, each way, by kind and supplier."""
    reporter, partner = frame.attrs["reporter"], frame.attrs["partner"]
    a, b = _short(reporter), _short(partner)
    if frame.empty:
        text.md(f"The data name no goods traded between {a} and {b}.")
        return
    out = frame[frame["direction"] == f"{reporter}->{partner}"]
    back = frame[frame["direction"] == f"{partner}->{reporter}"]
    lines = []
    for rows, src, dst in ((out, a, b), (back, b, a)):
        if rows.empty:
            lines.append(f"The data name no goods going from {src} to {dst}.")
            continue
        kinds = []
        for kind in ("fuel", "food", "other goods"):
            names = list(dict.fromkeys(rows.loc[rows["kind"] == kind, "product"]))
            if names:
                label = {"fuel": "fuels", "food": "foods"}.get(kind, kind)
                kinds.append(f"{label} ({text.join_words(names)})")
        lines.append(
            f"From {src} to {dst} the sources name {len(set(rows['product']))} products: "
            f"{text.join_words(kinds)}."
        )
    suppliers = frame.dropna(subset=["supplier"])
    for name, group in suppliers.groupby("supplier"):
        lines.append(
            f"{name} is named as the supplier of {text.join_words(group['product'])} "
            f"({text.join_words(dict.fromkeys(group['period'].dropna()))})."
        )
    text.md(" ".join(lines))


def regional_words(frame: pd.DataFrame) -> None:
    """Shows what the partner's regional figures say, for scale, beside the pair's peak."""
    ctx = frame.attrs
    partner, start, end = ctx["partner"], int(ctx["start_year"]), int(ctx["end_year"])
    b = _short(partner)
    wanted = [c for c in ctx["comparators"] if c != partner]
    have = set(frame["other"]) if len(frame) else set()
    lacking = [c for c in wanted if c not in have]
    if frame.empty:
        text.md(
            f"The data hold no figures for {b}'s trade with "
            f"{text.join_words(_short(c) for c in wanted) or 'any comparator'}, so there is "
            "nothing to compare the bilateral figures with."
        )
        return
    outside = frame[~frame["year"].between(start, end)]
    words = []
    if lacking:
        words.append(
            f"The data hold no figure for {b}'s trade with "
            f"{text.join_words(_short(c) for c in lacking)}."
        )
    if len(outside):
        words.append(
            f"{len(outside)} of the {len(frame)} figures "
            f"{'falls' if len(outside) == 1 else 'fall'} outside {start}–{end}; they are "
            "still listed below for scale, with their periods."
        )
    usd = frame[(frame["unit"] == "USD million") & (frame["other"] != "WLD")]
    ours = ctx.get("bilateral_peak")
    if len(usd):
        top = usd.loc[usd["value"].idxmax()]
        words.append(
            f"The largest reported partner figure is "
            f"{_money(top['value'], top['unit'], top['qualifier'])} for "
            f"{_flow_phrase(top)} in {period_words(top['period'], long=True)}, reported by "
            f"{_by(top['statement_by'])}."
        )
        if ours:
            words.append(
                f"The highest {_short(ctx['reporter'])}–{b} figure, "
                f"{_money(ours['value'], ours['unit'], ours['qualifier'])} in {ours['year']}, "
                f"is {_about_fraction(float(ours['value']) / float(top['value']))} of it. "
                "The figures below have different periods and reporting bodies, so they give a "
                "sense of scale, not a ranking."
            )
    if words:
        text.md(" ".join(words))


def shipments_words(frame: pd.DataFrame) -> None:
    """Shows the first convoy's tonnages as each report gives them, side by side."""
    if frame.empty:
        return
    first = frame[frame["sort"].str.startswith("2018-12")]
    if len(first) > 1:
        tonnes = sorted(set(first["tonnes"]))
        text.md(
            f"**The first convoy.** Reports of the first cargo give {_tonnage_count(first)}: "
            + _convoy_words(first)
            + (
                f"; the lowest and highest are {text.fmt_num(tonnes[-1] - tonnes[0], 0)} t "
                "apart. Each is shown as its source gives it, not averaged."
                if len(tonnes) > 1
                else "."
            )
        )


def route_words(frame: pd.DataFrame) -> None:
    """Shows the route in a sentence: countries crossed, sea crossing, rail alternatives."""
    if frame.empty:
        return
    countries = list(dict.fromkeys(frame["country_name"]))
    text.md(
        f"**The route.** The corridor crosses {len(countries)} countries, "
        f"{text.join_words(countries)}, with a sea crossing of the Caspian between "
        f"{_route_place(frame, 'sea', 'from_place')} and {_route_place(frame, 'sea', 'to_place')}"
        "."
        + "".join(
            f" One alternative runs by rail from {r['from_place']} to {r['to_place']}."
            for _, r in frame[frame["mode"] == "rail"].iterrows()
        )
        + " Reports differ on some legs; each leg below cites the report that describes it."
    )


def capacity_words() -> None:
    """Shows what the series' data lack on the corridors: yearly volumes and capacities."""
    text.md(
        "**What the corridors carry and could carry.** Yearly tonnages and values carried on "
        "the Lapis Lazuli route after the first shipments, and capacity figures for the Caspian "
        "ferry crossing and the Baku–Tbilisi–Kars railway, are not in this series' data."
    )


def _route_place(route: pd.DataFrame, mode: str, column: str) -> str:
    rows = route[route["mode"] == mode]
    return str(rows[column].iloc[0]) if len(rows) else "not stated"


def _flow_phrase(row: pd.Series) -> str:
    if row["flow"] == "turnover":
        return f"trade with {_short(row['other'])}"
    return _flow_words(row)
