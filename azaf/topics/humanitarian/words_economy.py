"""The words and tables of the economy section: GDP, the stated contraction, growth
statements, revenue and the afghani, each composed from the frame it is given."""

from __future__ import annotations

import pandas as pd

from ... import report, tables, text
from ._format import (
    _context,
    _period_words,
    _published,
    _publisher,
    _say,
    _with_article,
    brief_claim,
    brief_name,
    month_words,
)
from .charts_economy import _customs, _gdp_change


def _fx_value(row: pd.Series) -> str:
    if row["unit"] == "AFN per USD":
        high = (
            "" if text.is_missing(row["value_high"]) else f"–{text.fmt_num(row['value_high'], 0)}"
        )
        return f"{text.fmt_num(row['value'], 0)}{high} AFN per US$"
    return text.fmt_pct(row["value"], 1, signed=True)


def gdp_words(gdp: pd.DataFrame) -> None:
    """Say the latest GDP against the first year shown and against 2020, and where the World
    Bank series ends."""
    context = _context(gdp)
    if gdp.empty:
        _say(f"The data hold no World Bank GDP figure for {context.name} in {context.years}.")
        return
    first, last = gdp.iloc[0], gdp.iloc[-1]
    sentence = (
        f"The World Bank puts {context.name}'s GDP at {text.fmt_usd(last['gdp_usd'])} in "
        f"{last['year']}, in current US dollars"
    )
    if int(first["year"]) < int(last["year"]):
        sentence += (
            f", against {text.fmt_usd(first['gdp_usd'])} in {first['year']} "
            f"({text.fmt_pct(text.pct_change(first['gdp_usd'], last['gdp_usd']), signed=True)})"
        )
    change = _gdp_change(gdp)
    if change is not None:
        base, latest = change
        sentence += (
            f". From 2020 to {latest['year']} it changed by "
            f"**{text.fmt_pct(text.pct_change(base['gdp_usd'], latest['gdp_usd']), signed=True)}**"
        )
    if last["year"] < context.end:
        sentence += f"; the World Bank series in the data ends in {last['year']}"
    _say(sentence + ".")


def contraction_words(cut: pd.DataFrame) -> None:
    """Say the stated real falls of 2021 and 2022, their compounding (our calculation), the
    projection they are set against and what the brief's figure matches."""
    context = _context(cut)
    if not cut.attrs.get("statements_held", True) and not context.is_afghanistan:
        _say(
            f"Real growth, revenue and the exchange rate are held in the data as statements "
            f"about Afghanistan only; there are none for {context.name}."
        )
        return
    if not cut.attrs.get("growth_held", len(cut)):
        _say(f"The data hold no statement of real growth for {context.years}.")
        return
    if cut.empty or not (cut["kind"] == "yearly").any():
        return
    outcome = cut[cut["kind"] == "yearly"]
    calc = cut[cut["status"] == "calculation"]
    proj = cut[cut["status"] == "projection"]
    brief = cut[cut["kind"] == "brief"]
    by = {str(b) for b in outcome["stated_by"]}
    sentence = (
        "Real output fell by "
        + text.join_words(
            f"{text.fmt_pct(abs(r['low']), 1)} in {r['what'][:4]}" for _, r in outcome.iterrows()
        )
        + (f", as {_with_article(by.pop())} states it" if len(by) == 1 else "")
    )
    if not calc.empty:
        sentence += (
            f"; compounded, that is a fall of about "
            f"{text.fmt_pct(abs(calc.iloc[0]['low']))} over the two years (our calculation)"
        )
    if not proj.empty:
        p = proj.iloc[0]
        when = month_words(_published(str(p["source_id"]))[:7])
        sentence += (
            f", against a fall of {text.fmt_num(abs(p['high']), 0)}–"
            f"{text.fmt_pct(abs(p['low']))} that "
            f"{_with_article(_publisher(str(p['source_id'])))} projected"
            + (f" in {when}" if when else "")
        )
    sentence += "."
    for _, b in brief.iterrows():
        sentence += (
            f" The fall of {text.fmt_pct(abs(b['low']))} given in "
            f"{brief_name(b['source_id'])} {b['remark'].split('; ', 1)[-1]}."
            if "; " in b["remark"]
            else ""
        )
    _say(sentence)


def growth_table(growth: pd.DataFrame) -> None:
    """Show every statement of real GDP growth side by side, each with its status and who
    made it."""
    if growth.empty:
        return
    context = _context(growth)
    shown = growth.sort_values(["first_year", "last_year", "indicator", "statement_by"]).assign(
        period_words=growth["period"].fillna("not recorded").str.replace("-", "–"),
        rate=growth.apply(
            lambda r: (
                text.fmt_pct(r["value"], 1, signed=True)
                if text.is_missing(r["value_high"])
                else f"{text.fmt_pct(r['value'], 0)} to {text.fmt_pct(r['value_high'], 0)}"
            ),
            axis=1,
        ),
        status_words=growth.apply(
            lambda r: "brief's claim" if brief_name(r["source_id"]) else r["status"], axis=1
        ),
    )
    tables.show_table(
        shown,
        f"Statements of real GDP growth in {context.name}",
        columns={
            "period_words": "Period",
            "rate": "Real change",
            "status_words": "Status",
            "statement_by": "Stated by",
        },
        note="Statements by different bodies, kept side by side where they differ; a "
        "projection is a forecast made at the time, not an outcome"
        + (
            "; a brief's claim is a figure as the brief gives it, not checked against its source."
            if (shown["status_words"] == "brief's claim").any()
            else "."
        ),
    )


def revenue_words(rev: pd.DataFrame) -> None:
    """Say how customs revenue in afghanis changed over the solar years stated."""
    context = _context(rev)
    if rev.empty:
        if context.is_afghanistan:
            _say(f"The data hold no revenue statement for {context.years}.")
        return
    customs = _customs(rev)
    if len(customs) >= 2:
        first, last = customs.iloc[0], customs.iloc[-1]
        _say(
            f"Customs revenue as the Ministry of Finance states it went from "
            f"{text.fmt_num(first['afn_bn'], 0)} billion afghanis in {first['period']} to "
            f"{text.fmt_num(last['afn_bn'], 1)} billion in {last['period']} "
            f"({text.fmt_pct(text.pct_change(first['afn_bn'], last['afn_bn']), signed=True)})."
        )


def revenue_table(rev: pd.DataFrame) -> None:
    """Show public revenue in afghanis and US dollars by solar year, then the exchange rates
    its dollar figures imply and the share of GDP stated for domestic revenue."""
    if rev.empty:
        return
    context = _context(rev)
    converted = rev[rev["implied_rate"].notna()]
    shown = rev.assign(
        afn=rev["afn_bn"].map(lambda v: "–" if text.is_missing(v) else f"{float(v):,.2f}"),
        usd=rev["usd_bn"].map(lambda v: "–" if text.is_missing(v) else f"{float(v):,.2f}"),
        rate=rev["implied_rate"].map(lambda v: "–" if text.is_missing(v) else f"{v:,.1f}"),
    )
    tables.show_table(
        shown,
        f"Public revenue of {context.name} by solar year, in afghanis and US dollars",
        columns={
            "measure": "Revenue",
            "period": "Solar year (Gregorian)",
            "afn": "AFN billion",
            "usd": "US$ billion",
            "usd_kind": "Dollar figure",
            "rate": "Implied AFN per US$",
            "stated_by": "Stated by",
        },
        note="The dollar amounts are those published with the afghani figures, not our "
        "conversions; the implied rate is the afghani figure divided by the dollar figure.",
    )
    if not converted.empty:
        _say(
            "The dollar conversions published with the afghani figures imply "
            + text.join_words(
                f"{text.fmt_num(r['implied_rate'], 1)} afghanis to the dollar "
                f"({r['measure'].lower()}, {r['solar_year']})"
                for _, r in converted.iterrows()
            )
            + "."
        )
    if "share_value" in rev.attrs:
        report.cite([rev.attrs["share_source"]])
        when = rev.attrs["share_period"] or "period not recorded"
        who = _with_article(str(rev.attrs["share_by"]))
        _say(
            f"{who.capitalize()[0]}{who[1:]} also puts domestic revenue at "
            f"{text.fmt_pct(rev.attrs['share_value'])} of GDP ({when})."
        )


def afghani_table(fx: pd.DataFrame) -> None:
    """Show the statements on the afghani against the US dollar, each with who made it."""
    context = _context(fx)
    if fx.empty:
        if context.is_afghanistan:
            _say(f"The data hold no statement on the afghani for {context.years}.")
        return
    fx = fx.assign(
        what=fx["indicator"].map({"exchange_rate": "Rate", "currency_change": "Change in value"}),
        figure=fx.apply(_fx_value, axis=1),
        when=fx["period"].map(_period_words),
        status_words=fx.apply(lambda r: brief_claim(r["source_id"]) or r["status"], axis=1),
    )
    tables.show_table(
        fx,
        "Statements on the afghani against the US dollar",
        columns={
            "when": "Period",
            "what": "Measure",
            "figure": "Figure",
            "status_words": "Status",
            "statement_by": "Stated by",
        },
        note="A positive change means the afghani gained against the dollar. These are "
        "statements, not an exchange-rate series: the World Bank's official exchange-rate "
        "series is not in the data.",
    )
