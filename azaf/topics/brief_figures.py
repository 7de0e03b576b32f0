"""Named queries for the brief: the figures its judgements, trends panel and options show.

A figure another report of the series records as a key figure is taken from that record
(`same_as`), so the brief and the report show the same figure, period and basis; the
others are computed here from data/. Figures from the briefs themselves are never used: a
claim only its author makes is not a headline.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .. import text
from ..data import load, sources
from ..judgements import Figure

# Every figure gather() gives, by name: the editorial file may use these and no others.
NAMES = (
    "trade_latest",
    "trade_last_year",
    "deaths_latest",
    "deaths_peak",
    "deaths_drop",
    "opium_latest",
    "opium_change",
    "pin_latest",
    "pin_peak",
    "pin_drop",
    "refugees_aze",
    "girls_out",
    "requirement_peak",
    "requirement_latest",
    "requirement_drop",
    "takeover",
    "latest_contact",
    "women_orders",
    "recognition_since_takeover",
    "corridor_countries",
    "lapis_signed",
    "drug_route",
    "asan_start",
    "university_ban",
)
# Timeline categories that are contact between the two governments (not context).
BILATERAL = ("diplomacy", "agreement", "corridor")
TAKEOVER = r"\bTaliban took power\b"
# An event Azerbaijan takes part in: named, or its capital, president or ministers.
AZERBAIJAN = r"Azerbaijan|\bBaku\b|Aliyev|Bayramov|Mustafayev|Asadov"


def _year(period: Any) -> int | None:
    """The last year a period names: '2014–2018' -> 2018, '2022 (mid-year)' -> 2022."""
    found = re.findall(
        r"(?<!\d)(?:19|20)\d\d(?!\d)", "" if text.is_missing(period) else str(period)
    )
    return int(found[-1]) if found else None


def _is_brief(source_id: Any) -> bool:
    registry = sources()
    sid = str(source_id)
    return sid in registry.index and str(registry.loc[sid].get("kind", "")) == "brief"


def from_panel(
    panel: list[dict], name: str, short: str, variant: dict | None = None, label: str = ""
) -> Figure:
    """The key figure `name` of the report run in `panel` (its edition `variant`, if any)."""
    for item in panel:
        # A build hands every edition; computed standalone, a report gives its default one.
        if variant and item.get("variant") and item["variant"] != variant:
            continue
        for kf in item.get("key_figures") or []:
            if kf.get("name") != name:
                continue
            source = kf.get("source") or []
            ids = [source] if isinstance(source, str) else list(source)
            value = kf.get("value")
            return Figure(
                name=short,
                value=None if text.is_missing(value) else value,
                unit=str(kf.get("unit") or ""),
                period=str(kf.get("period") or ""),
                year=_year(kf.get("period")),
                sources=ids,
                label=label or str(kf.get("label") or name),
                same_as=name,
            )
    return Figure(name=short, value=None, label=label or name, same_as=name)


def _timeline() -> pd.DataFrame:
    from .overview import timeline

    return timeline(1900, 2100)


def takeover() -> Figure:
    """When the Taliban took power again, as the timeline dates it."""
    rows = _timeline()
    rows = rows[rows["event"].str.contains(TAKEOVER, regex=True, na=False)]
    if rows.empty:
        return Figure("takeover", None, label="the Taliban's return to power")
    row = rows.iloc[0]
    return Figure(
        "takeover",
        str(row["when"]),
        period=str(row["when"]),
        year=int(row["year"]),
        sources=[str(row["source_id"])],
        label="the Taliban's return to power",
    )


def latest_contact() -> Figure:
    """The latest contact between the two governments in the timeline (diplomacy,
    agreements, the corridor), with its date and our wording of the event."""
    rows = _timeline()
    rows = rows[
        rows["category"].isin(BILATERAL)
        & rows["event"].str.contains(AZERBAIJAN, regex=True, na=False)
    ]
    if rows.empty:
        return Figure("latest_contact", None, label="the latest bilateral contact")
    row = rows.iloc[-1]
    return Figure(
        "latest_contact",
        str(row["when"]),
        period=str(row["when"]),
        year=int(row["year"]),
        sources=[str(row["source_id"])],
        label="the latest bilateral contact in the timeline",
        words={"event": str(row["event"]).rstrip(".")},
    )


def trade_rows() -> pd.DataFrame:
    """Every reported yearly turnover value between the two countries, either reporter, with
    the briefs' own figures set apart (`brief` True)."""
    table = load("trade_reported")
    pair = {("AZE", "AFG"), ("AFG", "AZE")}
    rows = table[
        pd.Series(
            [(r, p) in pair for r, p in zip(table["reporter"], table["partner"], strict=True)],
            index=table.index,
        )
        & (table["flow"] == "turnover")
        & (table["measure"] == "value")
        & (table["period_type"] == "year")
    ].copy()
    rows["brief"] = rows["source_id"].map(_is_brief)
    return rows.sort_values("year").reset_index(drop=True)


def trade_last_year() -> Figure:
    """The latest year for which either side reported a turnover (the briefs' excepted)."""
    rows = trade_rows()
    rows = rows[~rows["brief"]]
    if rows.empty:
        return Figure("trade_last_year", None, label="the latest year with a reported turnover")
    row = rows.iloc[-1]
    return Figure(
        "trade_last_year",
        int(row["year"]),
        period=str(row["period"]),
        year=int(row["year"]),
        sources=[str(row["source_id"])],
        label="the latest year with a reported turnover",
        words={"by": str(row["statement_by"])},
    )


def requirements() -> pd.DataFrame:
    """The UN appeal's requirement per plan year (the original plan), US dollars."""
    plans = load("humanitarian_plans")
    return plans[(plans["indicator"] == "requirement") & (plans["version"] == "original")]


def requirement_figures() -> tuple[Figure, Figure]:
    """The largest and the latest original requirement of the UN's plans for Afghanistan.

    A plan year with two different published requirements gives no single latest figure.
    """
    rows = requirements()
    label = "the UN appeal's requirement"
    if rows.empty:
        return Figure("requirement_peak", None, label=label), Figure(
            "requirement_latest", None, label=label
        )
    peak = rows.loc[rows["value"].idxmax()]
    last_year = int(rows["plan_year"].max())
    last = rows[rows["plan_year"] == last_year]
    plans = load("humanitarian_plans")
    revised = set(
        plans.loc[
            (plans["indicator"] == "requirement") & (plans["version"] != "original"), "plan_year"
        ].astype(int)
    )

    def period(year: int) -> str:
        # A plan later revised is named as first issued, so that it is not read as the
        # revision (people in need, for one, peaked in a revised plan).
        return f"{year} plan as first issued" if year in revised else f"{year} plan"

    def fig(name: str, row: pd.Series | None, year: int) -> Figure:
        if row is None:
            return Figure(name, None, "USD", period(year), year, [], label)
        return Figure(
            name,
            float(row["value"]),
            "USD",
            period(int(row["plan_year"])),
            int(row["plan_year"]),
            [str(row["source_id"])],
            label,
        )

    latest = last.iloc[0] if last["value"].nunique() == 1 else None
    return fig("requirement_peak", peak, int(peak["plan_year"])), fig(
        "requirement_latest", latest, last_year
    )


def women_orders() -> Figure:
    """How many orders restricting women and girls the timeline holds since the takeover."""
    rows = _timeline()
    start = rows.loc[rows["event"].str.contains(TAKEOVER, regex=True, na=False), "order"].min()
    after = rows[(rows["category"] == "women") & (rows["order"] >= start)]
    return Figure(
        "women_orders",
        len(after),
        "orders and measures",
        f"{after['when'].iloc[0]}–{after['when'].iloc[-1]}" if len(after) else "",
        int(after["year"].max()) if len(after) else None,
        sorted(set(after["source_id"])),
        "restrictions on women and girls in the timeline",
    )


def event(name: str, pattern: str, label: str, after_takeover: bool = False) -> Figure:
    """The first timeline event matching `pattern` (its date, our wording of it)."""
    rows = _timeline()
    if after_takeover:
        start = rows.loc[rows["event"].str.contains(TAKEOVER, regex=True, na=False), "order"].min()
        rows = rows[rows["order"] > start]
    rows = rows[rows["event"].str.contains(pattern, case=False, regex=True, na=False)]
    if rows.empty:
        return Figure(name, None, label=label)
    row = rows.iloc[0]
    return Figure(
        name,
        str(row["when"]),
        period=str(row["when"]),
        year=int(row["year"]),
        sources=[str(row["source_id"])],
        label=label,
        words={"event": str(row["event"]).rstrip(".")},
    )


def recognition_since_takeover() -> Figure:
    """How many events since the takeover record Azerbaijan recognising the Taliban government.

    Other states' dealings with the Taliban (category 'recognition', e.g. Russia in 2025) are
    context, not a step of Azerbaijan's.
    """
    rows = _timeline()
    start = rows.loc[rows["event"].str.contains(TAKEOVER, regex=True, na=False), "order"].min()
    searched = rows[(rows["order"] > start) & (rows["category"] != "recognition")]
    found = searched[
        searched["event"].str.contains(r"recogni[sz]", na=False)
        & searched["event"].str.contains(r"Azerbaijan|Baku", na=False)
    ]
    return Figure(
        "recognition_since_takeover",
        len(found),
        "events",
        label="recognitions of the Taliban government by Azerbaijan in the timeline",
        # A count of none rests on every event searched.
        sources=sorted(set(searched["source_id"])),
    )


def corridor_countries() -> Figure:
    """The countries the Lapis Lazuli corridor crosses, in route order, by name."""
    from ..data import country_name

    legs = load("corridor_legs").sort_values("seq")
    names = [country_name(c) for c in dict.fromkeys(legs["country"])]
    return Figure(
        "corridor_countries",
        len(names),
        "countries",
        label="countries on the Lapis Lazuli corridor",
        sources=sorted(set(legs["source_id"])),
        words={"names": text.join_words(names)},
    )


def change(name: str, old: Figure, new: Figure, label: str) -> Figure:
    """The percentage change from one figure to another (a figure the series derives)."""
    if old.missing or new.missing:
        return Figure(name, None, "percent", label=label)
    value = round(text.pct_change(old.value, new.value))
    return Figure(
        name,
        value,
        "percent",
        f"{old.year}–{new.year}",
        new.year,
        list(dict.fromkeys(old.sources + new.sources)),
        label,
        words={"derived": "calculated by the series"},
    )


def gather(panel: list[dict]) -> dict[str, Figure]:
    """Every named figure the brief may show, by name."""
    figures: list[Figure] = [
        from_panel(
            panel, "trade.latest_turnover", "trade_latest", label="the latest reported turnover"
        ),
        trade_last_year(),
        from_panel(
            panel,
            "security.conflict_deaths_latest",
            "deaths_latest",
            label="deaths in organised violence, latest year",
        ),
        from_panel(
            panel,
            "security.conflict_deaths_peak",
            "deaths_peak",
            label="deaths in organised violence, peak year",
        ),
        from_panel(
            panel,
            "security.opium_production_latest",
            "opium_latest",
            label="opium production, latest year",
        ),
        from_panel(
            panel,
            "security.opium_production_change_vs_ban_year",
            "opium_change",
            label="the change in opium production since the ban year",
        ),
        from_panel(
            panel,
            "humanitarian.people_in_need_latest",
            "pin_latest",
            label="people in need, latest plan",
        ),
        from_panel(
            panel,
            "humanitarian.people_in_need_peak",
            "pin_peak",
            label="people in need, highest plan",
        ),
        from_panel(
            panel,
            "diaspora.refugees_in_host_latest",
            "refugees_aze",
            {"host": "AZE"},
            label="refugees and asylum-seekers from Afghanistan in Azerbaijan",
        ),
        from_panel(
            panel,
            "humanitarian.girls_out_of_secondary_latest",
            "girls_out",
            label="girls out of secondary school",
        ),
        *requirement_figures(),
        takeover(),
        latest_contact(),
        women_orders(),
        recognition_since_takeover(),
        corridor_countries(),
        event(
            "lapis_signed", r"signed the Lapis Lazuli", "the signing of the Lapis Lazuli agreement"
        ),
        event("drug_route", r"\bdrugs?\b", "a warning of drug trafficking via Azerbaijan"),
        event("asan_start", r"ASAN", "the start of work on the ASAN model"),
        event(
            "university_ban", r"university education for women", "the ban on women at university"
        ),
    ]
    found = {f.name: f for f in figures}
    latest = found["trade_latest"]
    said = trade_rows()
    said = said[said["source_id"].isin(latest.sources) & (said["year"] == latest.year)]
    if not said.empty:
        latest.words["by"] = str(said["statement_by"].iloc[0])
    found["deaths_drop"] = change(
        "deaths_drop", found["deaths_peak"], found["deaths_latest"], "the fall in deaths"
    )
    found["pin_drop"] = change(
        "pin_drop", found["pin_peak"], found["pin_latest"], "the change in people in need"
    )
    found["requirement_drop"] = change(
        "requirement_drop",
        found["requirement_peak"],
        found["requirement_latest"],
        "the change in the appeal's requirement",
    )
    return found
