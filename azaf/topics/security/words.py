"""The words step of the security report: each function writes one section's prose from the
frame passed in (and the parameters it carries), so a filtered frame changes the words."""

from __future__ import annotations

import re

import pandas as pd

from ... import text
from ...data import sources
from ._common import (
    PUBLISHED_IN,
    REVISION_TABLE_PCT,
    _afg_only,
    _fewer_words,
    _missing,
    _qualifier,
    _years_of,
    context,
    fmt_date,
)
from ._compute import _deaths_comparison, _gap_years, _gti_pivot, _opium_change, _opium_series
from .summary import _finding_gti


def deaths_words(deaths: pd.DataFrame) -> None:
    """Say which UCDP release the deaths come from and what the dashed average is, or that the
    data hold no figure for the country and years."""
    ctx = context(deaths)
    span = deaths.attrs.get("deaths_span")
    if deaths.empty:
        covered = (
            f" The newest UCDP release in the data covers {span[0]}–{span[1]} for {ctx.name}."
            if span
            else ""
        )
        _missing(f"The data hold no UCDP figures for {ctx.name} in {ctx.span}.{covered}")
        return
    cmp = _deaths_comparison(deaths)
    if cmp is None:
        return
    latest = cmp["latest"]
    others = deaths.attrs.get("other_releases", [])
    other = (
        f" {'Older releases' if len(others) > 1 else 'An older release'} "
        f"({text.join_words(others)}) {'are' if len(others) > 1 else 'is'} not mixed into this "
        "series; how the previous release differs is shown under *Revisions between releases* "
        "below."
        if others
        else ""
    )
    sentence = (
        f"The series comes from the UCDP release labelled “{deaths.attrs['release']}”, the "
        f"newest in the data for {ctx.name}.{other}"
    )
    if "before_mean" in cmp:
        sentence += (
            f" The dashed line marks the yearly average of {cmp['before_span']} "
            f"({text.fmt_int(cmp['before_mean'])} deaths), against which the "
            f"{int(latest['year'])} count of {text.fmt_int(latest['deaths'])} is set."
        )
    text.md(sentence)


def acled_words(acled: pd.DataFrame) -> None:
    """Say what ACLED counts and the date of its data, or why no aggregate is shown."""
    ctx = context(acled)
    if not ctx.is_afg:
        text.md(
            f"ACLED aggregates in the data are for Afghanistan only; none is shown for {ctx.name}."
        )
        return
    if acled.empty:
        _missing(
            f"The ACLED aggregates in the data cover periods from "
            f"{acled.attrs['periods_from']:%B %Y} to {acled.attrs['periods_to']:%B %Y}, none of "
            f"them within {ctx.span}."
        )
        return
    dates = text.join_words(f"{d:%-d %B %Y}" for d in sorted(set(acled["data_date"])))
    text.md(
        "ACLED counts events of political violence and the fatalities reported in them. The "
        "aggregates below were compiled by ACCORD from ACLED data of "
        f"{dates}; the periods overlap and must not be added up."
    )


def acled_comparison(acled: pd.DataFrame) -> None:
    """Set each whole-year ACLED count beside UCDP's for the same year, without averaging."""
    if not context(acled).is_afg:
        return
    rows = acled
    whole = rows[
        (rows["start"].dt.month == 1)
        & (rows["start"].dt.day == 1)
        & (rows["end"].dt.month == 12)
        & (rows["end"].dt.day == 31)
        & (rows["start"].dt.year == rows["end"].dt.year)
    ]
    ucdp = acled.attrs.get("ucdp_deaths", {})
    for _, row in whole.iterrows():
        year = int(row["start"].year)
        if year not in ucdp:
            continue
        text.md(
            f"For {year}, ACLED's compilation reports {text.fmt_int(row['reported_fatalities'])} "
            f"fatalities, UCDP {text.fmt_int(ucdp[year])} deaths in organised "
            "violence. The two are shown side by side, not reconciled: ACLED takes reported "
            "fatalities in all recorded events, UCDP counts only deaths it can attribute to "
            "organised violence under its rules."
        )


def gti_words(gti: pd.DataFrame) -> None:
    """Say how the Global Terrorism Index ranked Afghanistan, what the data lack, and where
    its method changed (the table follows)."""
    _afg_only(gti, "Global Terrorism Index figures")
    if gti.empty:
        _missing(
            f"The Global Terrorism Index figures in this series' data refer to "
            f"{text.year_span(gti.attrs['years_held'])}; none falls within {context(gti).span}."
        )
        return
    wide = _gti_pivot(gti)
    brk = gti.attrs.get("gti_break")
    words = [_finding_gti(gti).replace("**", "")]
    held = gti.groupby("edition", sort=False)["indicator"].agg(set)
    order = gti.drop_duplicates("edition").sort_values("edition_year")["edition"]
    gaps = []
    lacks = {n: [e for e in order if n not in held[e]] for n in ("score", "deaths")}
    if lacks["score"] and lacks["score"] == lacks["deaths"]:
        gaps.append(f"scores and deaths of the {text.join_words(lacks['score'])} editions")
    else:
        gaps += [
            f"{'scores' if n == 'score' else n} of the {text.join_words(e)} editions"
            for n, e in lacks.items()
            if e
        ]
    if gaps:
        words.append(
            f"The {text.join_words(gaps)} are not in this series' data; they are published in "
            f"{PUBLISHED_IN['gti']}."
        )
    if brk and not wide.empty and int(wide["edition_year"].max()) >= brk:
        words.append(
            "The fall in deaths across that method break mixes the change of method with any "
            "change on the ground."
        )
    text.md(" ".join(words))


def qaeda_words(attacks: pd.DataFrame) -> None:
    """Say what the timeline's latest al-Qaeda event is, and who assesses the group's strength."""
    qaeda = attacks[attacks["event"].str.contains(r"Qaeda|Zawahiri", case=False)]
    if len(qaeda):
        last = qaeda.sort_values("when").iloc[-1]
        text.md(
            f"**Al-Qaeda.** The latest al-Qaeda event in the timeline: {last['event'].rstrip('.')}"
            f" ({fmt_date(last['when'], last['date_precision'])}). How strong the group remains "
            f"in Afghanistan is not in this series' data; {PUBLISHED_IN['qaeda']} assess it."
        )
    else:
        text.md(
            f"**Al-Qaeda.** No al-Qaeda event in {context(attacks).span} is in this series' "
            f"timeline. How strong the group remains in Afghanistan is assessed in "
            f"{PUBLISHED_IN['qaeda']}."
        )


def opium_words(opium: pd.DataFrame) -> None:
    """Say how production moved after the ban and which years the data lack (the chart
    follows), or that the data hold no UNODC figure for the years."""
    _afg_only(opium, "UNODC's opium surveys")
    ctx = context(opium)
    ban = opium.attrs["ban"]
    if opium.empty:
        _missing(
            f"UNODC opium figures for {ctx.span} are not in this series' data (those it holds "
            f"refer to {text.year_span(opium.attrs['years_held'])}); they are published in "
            f"{PUBLISHED_IN['opium']}."
        )
        return
    change = _opium_change(opium)
    if change is not None:
        base = change["base"]
        after = _opium_series(opium, "production")
        after = after[after["year"] > base["year"]]
        falls = text.join_words(
            f"**{text.fmt_int(v)} tonnes** in {int(y)}"
            for y, v in zip(after["year"], after["value"], strict=True)
        )
        text.md(
            f"UNODC's production estimate was **{text.fmt_int(base['value'])} tonnes** in "
            f"{int(base['year'])}, the year of {ban['short']}; after it, {falls}. The latest "
            "figure is "
            f"**{_fewer_words(change['change'])}** {int(base['year'])}'s."
        )
    elif ctx.end < ban["year"]:
        text.md(f"The years chosen end before {ban['words']}; its effects are not shown here.")
    elif ctx.start > ban["year"]:
        text.md(
            f"The years chosen begin after {ban['words']}; the figures below show only the "
            "years after it."
        )
    elif int(opium["year"].min()) > ban["year"]:
        # The rows (filtered in the notebook, say) begin after the ban the years include.
        text.md(
            f"The figures below begin in {int(opium['year'].min())}, after {ban['words']}; "
            "they show only the years after it."
        )
    gaps = _gap_years(opium)
    words = {"cultivation": "the area under poppy", "production": "production"}
    said = [f"{words[k]} in {text.year_span(v)}" for k, v in gaps.items() if v]
    if said:
        text.md(
            f"UNODC's national figures for {text.join_words(said)} are not in this series' "
            f"data; they are published in {PUBLISHED_IN['opium']}. Those years are left empty "
            "in the chart, not drawn as zero or bridged by a line."
        )


def opium_related_words(related: pd.DataFrame) -> None:
    """Say Afghanistan's share of world production and how farmers' income changed."""
    span = context(related).span
    rows = related.sort_values(["indicator", "year"])
    if rows.empty:
        _missing(
            f"UNODC figures on Afghanistan's share of world production and on farmers' income "
            f"for {span} are not in this series' data; they are published in "
            f"{PUBLISHED_IN['opium']}."
        )
        return
    share = rows[rows["indicator"] == "share_of_world_production"]
    if len(share):
        text.md(
            "UNODC put Afghanistan's share of world opium production at "
            + text.join_words(
                f"**{text.fmt_pct(v)}** in {int(y)}"
                for y, v in zip(share["year"], share["value"], strict=True)
            )
            + " (estimates)."
        )
    else:
        text.md(
            f"UNODC's figure for Afghanistan's share of world production in {span} is not "
            f"in this series' data."
        )
    income = rows[rows["indicator"] == "farmer_income"]
    if len(income) >= 2:
        a, b = income.iloc[0], income.iloc[-1]
        text.md(
            f"Farmers' income from opium sales was {text.fmt_usd(a['value'] * 1e6, 2)} in "
            f"{int(a['year'])} and {text.fmt_usd(b['value'] * 1e6, 2)} in {int(b['year'])} "
            f"({text.fmt_pct(text.pct_change(a['value'], b['value']), signed=True)})."
        )
    elif income.empty:
        text.md(
            f"UNODC's figures for farmers' income from opium in {span} are not in this "
            "series' data."
        )


def alcis_words(alcis: pd.DataFrame) -> None:
    """Say who Alcis is and why its estimates stay apart from UNODC's (the table follows)."""
    if alcis.empty:
        _missing(f"The data hold no Alcis satellite estimate for {context(alcis).span}.")
        return
    text.md(
        "Alcis, a geospatial analysis company, estimated poppy cultivation from satellite "
        "imagery. Its figures come from a different method and source than UNODC's surveys, "
        "were read in news reports of its analysis, and are not mixed into the series above."
    )


def alcis_comparison(alcis: pd.DataFrame) -> None:
    """Set Alcis's national estimates beside UNODC's area for the same years, not averaged."""
    national = alcis[(alcis["area"] == "Afghanistan") & (alcis["indicator"] == "cultivation")]
    area = alcis.attrs.get("unodc_area", {})
    pairs = [
        f"for {int(row['year'])}, Alcis {_qualifier(row['qualifier'])}"
        f"{text.fmt_int(row['value'])} hectares and UNODC {text.fmt_int(area[int(row['year'])])}"
        for _, row in national.iterrows()
        if int(row["year"]) in area
    ]
    if pairs:
        text.md("Side by side for the whole country, not averaged: " + text.join_words(pairs) + ".")


def nato_words(nato: pd.DataFrame) -> None:
    """Say the largest size the statements give, where two statements of a year differ, and
    where the data lack ISAF's size."""
    if len(nato):
        top = nato.loc[nato["personnel"].idxmax()]
        text.md(
            f"The largest size stated in the data for {_years_of(nato['when'].dt.year)} is "
            f"{text.fmt_int(top['personnel'])} personnel ({top['mission']}, "
            f"{fmt_date(top['when'], top['date_precision'])})." + _provenance_words(top)
        )
        for words in same_year_statements(nato):
            text.md(words)
    if not nato.attrs.get("isaf_held", True):
        text.md(
            "The size of ISAF, the NATO-led mission before Resolute Support, is not in this "
            'series\' data; NATO published it in its ISAF "key facts and figures" sheets.'
        )


def _stated(row: pd.Series) -> str:
    """'about 10,000 (2020)' for one size statement."""
    about = "about " if row["qualifier"] == "about" else ""
    return (
        f"{about}{text.fmt_int(row['personnel'])} ({fmt_date(row['when'], row['date_precision'])})"
    )


def _provenance_words(row: pd.Series) -> str:
    """A warning when the statement was read at second hand at an address not recorded."""
    registry = sources()
    sid = str(row["source_id"])
    if sid not in registry.index:
        return ""
    via = registry.loc[sid, "cited_via"]
    if text.is_missing(via) or "not recorded" not in str(via):
        return ""
    where = re.sub(r"\s*\(page address not recorded\)", "", str(via)).strip()
    return (
        f" That figure was read at second hand ({where[:1].lower() + where[1:]}); the address "
        "of the page read was not recorded, so it could not be checked against the original."
    )


def same_year_statements(nato: pd.DataFrame) -> list[str]:
    """Sentences on years with more than one size statement: both kept, not reconciled.

    Example:
        >>> from azaf.topics import security
        >>> "15,937 (June 2020)" in same_year_statements(security.nato_sizes("AFG", 2020, 2020))[0]
        True
    """
    out = []
    registry = sources()
    for year, group in nato.groupby(nato["when"].dt.year):
        if len(group) < 2 or group["personnel"].nunique() < 2:
            continue
        said = text.join_words(
            f"{_stated(r)} in the {registry.loc[r['source_id'], 'publisher']} document "
            f"“{registry.loc[r['source_id'], 'title']}”"
            if r["source_id"] in registry.index
            else _stated(r)
            for _, r in group.iterrows()
        )
        how_many = {2: "Two", 3: "Three"}.get(len(group), str(len(group)))
        loose = group["date_precision"].eq("year").any()
        out.append(
            f"**{how_many} statements for {year}.** The data hold different sizes for "
            f"{year}: {said}. They may describe different moments of the year"
            + (", and one is dated only to the year, so their order is not known" if loose else "")
            + "; both are shown as stated, not averaged."
        )
    return out


def revisions_words(revisions: pd.DataFrame) -> None:
    """Say how the older UCDP release differs from the one drawn (the table follows when the
    largest revision is large)."""
    ctx = context(revisions)
    if revisions.attrs.get("one_release"):
        text.md(
            f"Only one UCDP release in the data covers {ctx.name} in {ctx.span}, so no "
            "revision between releases can be shown."
        )
        return
    if revisions.empty:
        text.md("The two UCDP releases share no year within the years chosen.")
        return
    both = revisions
    changed = both[both["diff"] != 0]
    old_release = str(both["release"].iloc[0])
    if changed.empty:
        text.md(
            f"For {ctx.name} the older release ({old_release}) gives the same figures as the "
            f"newer one in every shared year ({text.year_span(both['year'])})."
        )
        return
    worst = changed.loc[changed["diff"].abs().idxmax()]
    share = _largest_revision_pct(revisions)
    told = (
        f"For {ctx.name}, the older release ({old_release}) and the newer one share "
        f"{text.year_span(both['year'])}. Their totals differ in {len(changed)} of "
        f"{len(both)} years; the largest revision is {text.fmt_int(abs(worst['diff']))} deaths "
        f"in {int(worst['year'])} ({text.fmt_int(worst['deaths_old'])} in the older release, "
        f"{text.fmt_int(worst['deaths'])} in the newer)"
    )
    if share < REVISION_TABLE_PCT:
        text.md(
            f"{told}, {text.fmt_pct(share, digits=1 if share < 1 else 0)} of that year's count: "
            "the two releases tell the same story."
        )
        return
    text.md(f"{told}. The largest revisions:")


def _largest_revision_pct(revisions: pd.DataFrame) -> float:
    """The largest revision as a share of its year's count in the newer release (0 if none)."""
    changed = revisions[revisions["diff"] != 0]
    if changed.empty:
        return 0.0
    worst = changed.loc[changed["diff"].abs().idxmax()]
    return abs(float(worst["diff"])) / max(float(worst["deaths"]), 1.0) * 100
