"""The report's summary: three to five findings composed from the data, and the one place
the report records its key figures."""

from __future__ import annotations

from ... import report, text
from ._format import WOMEN_LABELS, _down_up, _publisher, _say, _women_value, month_words
from .figures import _funding_picks, _gdp_change, _needs_picks, _women_picks, key_figures_of
from .queries import Inputs
from .queries_economy import contraction, gdp_per_person


def executive_summary(inputs: Inputs) -> None:
    """Three to five findings composed from the data, and the key figures recorded.

    Example:
        >>> executive_summary(gather("AFG", 2015, 2026))
    """
    findings = [
        f
        for f in (
            _finding_needs(inputs),
            _finding_funding(inputs),
            _finding_economy(inputs),
            "" if inputs.is_afghanistan else _finding_gdp_per_person(inputs),
            "" if inputs.is_afghanistan else _finding_population(inputs),
            "" if inputs.is_afghanistan else _finding_gdp_range(inputs),
            _finding_food_poverty(inputs),
            _finding_women(inputs),
        )
        if f
    ]
    if not inputs.is_afghanistan:
        findings.append(
            f"The humanitarian plans, food insecurity, poverty and the figures on women and "
            f"girls exist in the data for Afghanistan only, so this report on {inputs.name} "
            f"covers its economy alone."
        )
    if not findings:
        findings.append(f"The data hold no figure for {inputs.name} in {inputs.years}.")
    # The one place the report records its key figures: the same list key_figures() gives
    # the overview, so both show the same numbers.
    for kf in key_figures_of(inputs):
        report.record(**kf)
    _say("\n".join(f"- {f}" for f in findings[:5]))


def _finding_needs(inputs: Inputs) -> str:
    picks = _needs_picks(inputs)
    if picks is None:
        return ""
    latest, first, peak = picks["latest"], picks["first"], picks["peak"]
    share = ""
    if not text.is_missing(latest["share"]):
        share = (
            f", {text.fmt_pct(latest['share'])} of the population by our division "
            f"(World Bank population of {latest['pop_year']})"
        )
        if latest["plan_share"]:
            # The plan's own share rests on its own population estimate: both are given.
            share += f" and {latest['plan_share']} as the plan itself states it"
    sentence = (
        f"The {latest['plan_year']} plan counts "
        f"**{text.fmt_count(latest['people_in_need'], 'people')}** in need of aid{share}"
    )
    if int(first["plan_year"]) < int(latest["plan_year"]):
        sentence += f", against {text.fmt_count(first['people_in_need'])} in {first['plan_year']}"
    if int(peak["plan_year"]) != int(latest["plan_year"]) or peak["version"] != "original":
        kind = " revised" if peak["version"] == "revision" else ""
        sentence += (
            f"; the count peaked at {text.fmt_count(peak['people_in_need'])} in the"
            f"{kind} {peak['plan_year']} plan"
        )
    return sentence + "."


def _finding_funding(inputs: Inputs) -> str:
    picks = _funding_picks(inputs)
    if picks is None:
        return ""
    if picks["funded"].empty:
        latest = picks["frame"].iloc[-1]
        return (
            f"The {latest['plan_year']} plan asked for {text.fmt_usd(latest['requirement'])}; "
            f"the data hold no funding figure for the plans of {inputs.years}."
        )
    last_year, latest, pick = picks["last_year"], picks["latest"], picks["pick"]
    coverages = text.join_words(
        f"{text.fmt_pct(r['coverage'])} of {text.fmt_usd(r['requirement'], 2)}"
        for _, r in latest.iterrows()
    )
    sentence = (
        f"By {month_words(pick['as_of'])}, the {last_year} appeal had received "
        f"**{text.fmt_usd(pick['received'])}**, {coverages} asked for"
    )
    if len(latest) > 1:
        sentence += " (two reports give different requirements)"
    if bool(pick["part_year"]):
        sentence += "; a figure from part of the year, not the year's total"
    full = picks["full"]
    if full is not None and int(full["plan_year"]) != last_year:
        sentence += (
            f". The latest year-end figure, for {full['plan_year']}, covered "
            f"{text.fmt_pct(full['coverage'])} of the requirement"
        )
    return sentence + "."


def _finding_economy(inputs: Inputs) -> str:
    gdp = inputs.gdp
    if gdp.empty:
        return ""
    change = _gdp_change(inputs)
    latest = gdp.iloc[-1]
    if change is not None:
        base, latest = change
        pct = text.pct_change(base["value"], latest["value"])
        sentence = (
            f"{inputs.name}'s GDP was {text.fmt_usd(latest['value'])} in {latest['year']} "
            f"in current dollars, **{text.fmt_pct(pct, signed=True)}** on 2020"
        )
    else:
        first = gdp.iloc[0]
        pct = text.pct_change(first["value"], latest["value"])
        sentence = f"{inputs.name}'s GDP was {text.fmt_usd(latest['value'])} in {latest['year']}"
        if int(first["year"]) < int(latest["year"]):
            sentence += f" in current dollars, {text.fmt_pct(pct, signed=True)} on {first['year']}"
    stated = contraction(inputs)
    outcomes = stated[stated["kind"] == "yearly"] if not stated.empty else stated
    if len(outcomes) and inputs.is_afghanistan:
        sentence += "; in real terms the World Bank states falls of " + text.join_words(
            f"{text.fmt_pct(abs(r['low']), 1)} in {r['what'][:4]}" for _, r in outcomes.iterrows()
        )
    return sentence + "."


def _finding_gdp_per_person(inputs: Inputs) -> str:
    per = gdp_per_person(inputs)
    if per.empty:
        return ""
    last = per.iloc[-1]
    peak = per.loc[per["gdp_per_person"].idxmax()]
    sentence = f"GDP per person was US${text.fmt_int(last['gdp_per_person'])} in {last['year']}"
    if int(peak["year"]) != int(last["year"]):
        sentence += (
            f", below the US${text.fmt_int(peak['gdp_per_person'])} of {peak['year']}, the "
            f"highest in {inputs.years}"
        )
    return sentence + " (current dollars)."


def _finding_gdp_range(inputs: Inputs) -> str:
    """The lowest and highest GDP of the chosen years, for a report that has no plans; it is
    left out where population figures already make the third finding."""
    gdp = inputs.gdp
    pop = inputs.population[inputs.population["year"].between(inputs.start, inputs.end)]
    if len(gdp) < 2 or not pop.empty:
        return ""
    low = gdp.loc[gdp["value"].astype(float).idxmin()]
    high = gdp.loc[gdp["value"].astype(float).idxmax()]
    return (
        f"Over {text.year_span(gdp['year'])}, {inputs.name}'s GDP in current dollars ranged "
        f"from {text.fmt_usd(low['value'])} in {low['year']} to {text.fmt_usd(high['value'])} "
        f"in {high['year']}."
    )


def _finding_population(inputs: Inputs) -> str:
    """The World Bank's population at the first and last year of the chosen years."""
    pop = inputs.population[inputs.population["year"].between(inputs.start, inputs.end)]
    if pop.empty:
        return ""
    first, last = pop.iloc[0], pop.iloc[-1]
    sentence = (
        f"The World Bank counts {inputs.name}'s population at "
        f"{text.fmt_count(last['value'], 'people')} in {last['year']}"
    )
    if int(first["year"]) < int(last["year"]):
        change = text.pct_change(first["value"], last["value"])
        sentence += (
            f", {text.fmt_pct(change, 1, signed=True)} on the "
            f"{text.fmt_count(first['value'])} of {first['year']}"
        )
    return sentence + "."


def _finding_food_poverty(inputs: Inputs) -> str:
    parts = []
    food = inputs.food[inputs.food["indicator"] == "acute_food_insecurity_ipc3plus"]
    if not food.empty:
        first = food.sort_values("year").iloc[0]
        kind = "projected" if first["status"] == "projection" else "estimated"
        parts.append(
            f"{text.fmt_count(first['value'], 'people')} were {kind} to face acute food "
            f"insecurity for {first['period']}"
        )
    pov = inputs.poverty.sort_values("year")
    if not pov.empty:
        base = pov[pov["status"] != "projection"]
        proj = pov[pov["status"] == "projection"]
        bits = []
        if not base.empty:
            b = base.iloc[0]
            bits.append(f"{text.fmt_pct(b['value'])} in {b['period']}")
        if not proj.empty:
            p = proj.iloc[0]
            bits.append(f"projected {text.fmt_pct(p['value'])} for {p['period']}")
        parts.append("UNDP put the poverty rate at " + text.join_words(bits))
    if not parts:
        return ""
    joined = "; ".join(parts)
    return joined[0].upper() + joined[1:] + "."


def _finding_women(inputs: Inputs) -> str:
    w = inputs.women
    if w.empty:
        return ""
    parts = []
    g, e = _women_picks(inputs)
    if g is not None:
        parts.append(
            f"{_publisher(str(g['source_id'])).split(',')[0]} counted "
            f"**{text.fmt_count(g['value'], 'girls')}** kept out of secondary school "
            f"({g['period']})"
        )
    if e is not None:
        men = w[(w["indicator"] == "men_employment_change") & (w["period"] == e["period"])]
        sentence = (
            f"the {_publisher(str(e['source_id'])).split(',')[0]} found women's employment "
            f"{_down_up(e['value'])} ({e['period']})"
        )
        if not men.empty:
            sentence += f", men's {_down_up(men.iloc[0]['value'])}"
        parts.append(sentence)
    if not parts:
        # Before the restrictions: the latest counted figure on girls' and women's schooling.
        counted = w[w["status"] == "outcome"].sort_values("shown_year")
        if counted.empty:
            return ""
        c = counted.iloc[-1]
        measure = WOMEN_LABELS.get(str(c["indicator"]), ("", str(c["indicator"])))[1]
        parts.append(
            f"{_publisher(str(c['source_id'])).split(',')[0]} counted "
            f"{_women_value(c)} in {c['period']} ({measure.lower()})"
        )
    joined = "; ".join(parts)
    return joined[0].upper() + joined[1:] + "."
