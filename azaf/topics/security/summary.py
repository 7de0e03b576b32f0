"""The security report's summary box and key figures, composed from every section's frame."""

from __future__ import annotations

from typing import Any

from ... import report, text
from ._common import TYPES, _b, _fewer, _ordinal, _years_of, context, fmt_date
from ._compute import (
    _contingent_primary,
    _deaths_all,
    _deaths_comparison,
    _gti_ranks,
    _opium_change,
    _opium_series,
    _type_shares,
)
from .queries import Security, gather


def summary(data: Security) -> None:
    """Show three to five findings composed from the data, and record the key figures."""
    items = [_finding_deaths(data.deaths), _finding_types(data.deaths)]
    items += [_finding_gti(data.gti), _finding_opium(data.opium)]
    items += [_finding_contingent(data.contingent)]
    text.summary_box([i for i in items if i])
    # The one place the report records its key figures: the same list key_figures() gives
    # the overview, so both show the same numbers.
    for kf in key_figures_of(data):
        report.record(**kf)


def _finding_deaths(deaths: Any) -> str:
    ctx = context(deaths)
    cmp = _deaths_comparison(deaths)
    if cmp is None:
        return f"The UCDP data hold no conflict-death figures for {ctx.name} in {ctx.span}."
    latest, peak = cmp["latest"], cmp["peak"]
    year = int(latest["year"])
    span = deaths.attrs.get("deaths_span")
    parts = [
        f"UCDP counted {_b(text.fmt_int(latest['deaths']))} deaths in organised violence in "
        f"{ctx.name} in {year}, "
        + (
            "the most recent year with a UCDP figure in the data"
            if span and year == span[1]
            else "the last of the years chosen"
        )
    ]
    at = cmp.get("takeover_row")
    if at is not None:
        parts.append(
            f": {_b(_fewer(at['deaths'], latest['deaths']))} than in {int(at['year'])}, the "
            f"year of the takeover ({text.fmt_int(at['deaths'])})"
        )
        if "before_mean" in cmp:
            parts.append(
                f", and {_b(_fewer(cmp['before_mean'], latest['deaths']))} than the yearly "
                f"average of {cmp['before_span']} ({text.fmt_int(cmp['before_mean'])})"
            )
    elif "before_mean" in cmp:
        parts.append(
            f", {_b(_fewer(cmp['before_mean'], latest['deaths']))} than the yearly average of "
            f"{cmp['before_span']} ({text.fmt_int(cmp['before_mean'])})"
        )
    named = {year} | ({int(at["year"])} if at is not None else set())
    if int(peak["year"]) not in named:
        parts.append(
            f". The highest count in the years chosen was {text.fmt_int(peak['deaths'])} in "
            f"{int(peak['year'])}"
        )
    return "".join(parts) + "."


def _finding_types(deaths: Any) -> str:
    shares = _type_shares(deaths)
    if shares is None:
        return ""
    now, before, span = shares
    year = int(deaths["year"].max())
    rise = (now - before.reindex(now.index).fillna(0)).idxmax()
    main = now.idxmax()
    counts = deaths[(deaths["year"] == year) & (deaths["type"] == main)]
    sentence = (
        f"In {year}, {_b(text.fmt_pct(now[main]))} of those deaths "
        f"({text.fmt_int(counts['deaths'].iloc[0])}) were in {TYPES[main]}"
    )
    if rise != main and now[rise] > 0:
        sentence += (
            f"; {TYPES[rise]} accounted for {_b(text.fmt_pct(now[rise]))}, "
            f"against {text.fmt_pct(before.get(rise, 0))} in {span}"
        )
    return sentence + "."


def _finding_gti(gti: Any) -> str:
    ranks = _gti_ranks(gti)
    if ranks.empty:
        return ""
    last = ranks.iloc[-1]
    earlier = ranks.iloc[:-1]
    sentence = (
        f"The Global Terrorism Index ranked Afghanistan {_b(_ordinal(last['value']))} "
        f"in its {str(last['edition'])} edition (data for "
        f"{int(last['data_year'])})"
    )
    if len(earlier):
        editions = text.join_words(int(y) for y in earlier["edition_year"])
        if earlier["value"].nunique() == 1:
            sentence += (
                f", after ranking it {_ordinal(earlier['value'].iloc[0])} in the editions of "
                f"{editions}"
            )
        else:
            groups = earlier.groupby("value", sort=False)["edition_year"]
            sentence += ", after ranking it " + text.join_words(
                f"{_ordinal(v)} in the {text.join_words(int(y) for y in years)} "
                f"edition{'s' if len(years) > 1 else ''}"
                for v, years in groups
            )
    brk = gti.attrs.get("gti_break")
    if brk and ranks["edition_year"].max() >= brk:
        sentence += (
            f"; from the {brk} edition on, acts of the governing Taliban are no "
            "longer counted as terrorism"
        )
    return sentence + "."


def _finding_opium(opium: Any) -> str:
    ban = opium.attrs["ban"]
    change = _opium_change(opium)
    prod = _opium_series(opium, "production")
    if change is not None:
        base, latest = change["base"], change["latest"]
        sentence = (
            f"UNODC estimated Afghanistan's opium production at "
            f"{_b(text.fmt_int(latest['value']) + ' tonnes')} in {int(latest['year'])}, "
            f"{_b(text.fmt_pct(abs(change['change'])) + ' below')} its "
            f"{text.fmt_int(base['value'])} tonnes of {int(base['year'])}"
        )
        area = _opium_series(opium, "cultivation")
        a0 = area[area["year"] == base["year"]]
        a1 = area[area["year"] == latest["year"]]
        if len(a0) and len(a1):
            sentence += (
                f"; after {ban['words']}, the area under poppy fell from "
                f"{text.fmt_int(a0.iloc[0]['value'])} hectares ({int(base['year'])}) to "
                f"{text.fmt_int(a1.iloc[0]['value'])} ({int(latest['year'])})"
            )
        return sentence + "."
    if prod.empty:
        return ""
    latest = prod.iloc[-1]
    peak = prod.loc[prod["value"].idxmax()]
    sentence = (
        f"UNODC estimated Afghanistan's opium production at "
        f"{_b(text.fmt_int(latest['value']) + ' tonnes')} in {int(latest['year'])}"
    )
    if int(peak["year"]) != int(latest["year"]):
        sentence += (
            f"; the highest figure in the years chosen was {text.fmt_int(peak['value'])} "
            f"tonnes in {int(peak['year'])}"
        )
    if context(opium).end < ban["year"]:
        sentence += f". The years chosen end before {ban['words']}"
    return sentence + "."


def _finding_contingent(rows: Any) -> str:
    if rows.empty:
        return ""
    line = _contingent_primary(rows)
    first, last = line.iloc[0], line.iloc[-1]
    top = line.loc[line["personnel"].idxmax()]
    alt = rows[(rows["date"] == first["date"]) & (rows["personnel"] != first["personnel"])]
    alt_words = (
        f" (another report gives {text.join_words(text.fmt_int(v) for v in alt['personnel'])})"
        if len(alt)
        else ""
    )
    # ISAF began in 2001 and came under NATO's lead only later, so the missions are named
    # rather than called "NATO-led" from the first deployment on.
    missions = [
        str(m) for m in dict.fromkeys(line["mission"]) if not str(m).lower().startswith("kabul")
    ]
    named = f" ({', then '.join(missions)})" if missions else ""
    sentence = (
        f"Azerbaijan's contingent in the international missions in Afghanistan"
        f"{named} went from "
        f"{_b(text.fmt_int(first['personnel']))} service members on "
        f"{fmt_date(first['date'], first['date_precision'])}{alt_words} to a "
        f"largest reported size of {_b(text.fmt_int(top['personnel']))}, first reported on "
        f"{fmt_date(top['date'], top['date_precision'])}"
    )
    if str(last["mission"]).lower().startswith("kabul airport"):
        sentence += f"; it left Kabul airport on {fmt_date(last['date'], last['date_precision'])}"
    return sentence + "."


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


def key_figures_of(data: Security) -> list[dict[str, Any]]:
    """The key figures of gathered data, as keyword arguments of azaf.record; shows nothing.

    Example:
        >>> [kf["name"] for kf in key_figures_of(gather("AFG", 1989, 2024))][:1]
        ['security.conflict_deaths_latest']
    """
    figures = []
    cmp = _deaths_comparison(data.deaths)
    if cmp is not None:
        latest, peak = cmp["latest"], cmp["peak"]
        figures.append(
            _kf(
                "security.conflict_deaths_latest",
                latest["deaths"],
                "deaths",
                str(int(latest["year"])),
                latest["source_id"],
                label=f"Deaths in organised violence in {data.name}, {int(latest['year'])} (UCDP)",
            )
        )
        figures.append(
            _kf(
                "security.conflict_deaths_peak",
                peak["deaths"],
                "deaths",
                str(int(peak["year"])),
                peak["source_id"],
                label=f"Highest yearly conflict deaths in {data.name}, "
                f"{_years_of(_deaths_all(data.deaths)['year'])} (UCDP)",
            )
        )
    ranks = _gti_ranks(data.gti)
    if len(ranks):
        last = ranks.iloc[-1]
        figures.append(
            _kf(
                "security.gti_rank_latest",
                last["value"],
                "rank",
                f"{last['edition']} (data {int(last['data_year'])})",
                last["source_id"],
                label="Afghanistan's rank in the Global Terrorism Index, latest edition",
            )
        )
    prod = _opium_series(data.opium, "production")
    if len(prod):
        latest = prod.iloc[-1]
        figures.append(
            _kf(
                "security.opium_production_latest",
                latest["value"],
                "tonnes",
                str(int(latest["year"])),
                latest["source_id"],
                label=f"Afghanistan's opium production, {int(latest['year'])} (UNODC)",
            )
        )
    change = _opium_change(data.opium)
    if change is not None:
        base, latest = change["base"], change["latest"]
        figures.append(
            _kf(
                "security.opium_production_change_vs_ban_year",
                round(change["change"], 1),
                "percent",
                f"{int(base['year'])}–{int(latest['year'])}",
                [base["source_id"], latest["source_id"]],
                label=f"Change in opium production, {int(base['year'])} to {int(latest['year'])}",
            )
        )
    if len(data.contingent):
        line = _contingent_primary(data.contingent)
        top = line.loc[line["personnel"].idxmax()]
        figures.append(
            _kf(
                "security.contingent_max",
                top["personnel"],
                "personnel",
                fmt_date(top["date"], top["date_precision"]),
                top["source_id"],
                label="Largest reported size of Azerbaijan's contingent in Afghanistan",
            )
        )
    return figures


def key_figures(
    country: str = "AFG", start_year: int = 1989, end_year: int = 2025
) -> list[dict[str, Any]]:
    """The report's key figures for its parameters, computed without displaying anything
    (the overview calls this; the report records the same list in summary()).

    Example:
        >>> [kf["name"] for kf in key_figures()][:2]
        ['security.conflict_deaths_latest', 'security.conflict_deaths_peak']
    """
    return key_figures_of(gather(country, start_year, end_year, quiet=True))
