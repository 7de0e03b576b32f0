"""Security: conflict deaths (UCDP, ACLED), terrorism (GTI), opium (UNODC, Alcis), the NATO
missions and Azerbaijan's contingent.

The notebook calls `gather()` once, then one function per section; every sentence with a
figure is composed here from the loaded rows, so a rerun with other parameters cannot leave
stale text behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from .. import charts, report, tables, text
from ..data import country_name, load, load_quiet, sources

AFG = "AFG"

# UCDP's types of violence, in the order they are stacked, with the words a reader needs.
TYPES = {
    "intrastate": "fighting between the state and armed groups",
    "interstate": "fighting between states",
    "non-state": "fighting between armed groups, none of them a state",
    "one-sided": "deliberate killing of civilians",
}
SHORT_TYPES = {
    "intrastate": "state against armed groups",
    "interstate": "between states",
    "non-state": "between armed groups",
    "one-sided": "against civilians",
}
# Where figures missing from this series' data are published, for the words beside a gap.
PUBLISHED_IN = {
    "opium": "UNODC's yearly Afghanistan Opium Survey and its World Drug Report",
    "gti": "each edition of the Global Terrorism Index (Institute for Economics & Peace)",
    "qaeda": "the reports of the UN Security Council's Analytical Support and Sanctions "
    "Monitoring Team",
}

# The issue fixes the wording when the timeline holds no date for the ban: "the 2022 ban".
# The year is the one UNODC's own releases in data/ compare against (their "pre-ban" year).
BAN_YEAR = 2022
# Revisions smaller than this share of the year's count are told in a sentence, not a table:
# they do not change what a reader takes from the series.
REVISION_TABLE_PCT = 10.0
GTI_SHOWN = ("rank", "score", "deaths", "incidents", "injuries")
# Used only if the timeline has no row for the Taliban takeover (the fallback).
TAKEOVER_FALLBACK_YEAR = 2021

METHODS = """
**What each source counts.**

- *UCDP* (Uppsala Conflict Data Program) counts deaths in organised violence: battle deaths
  in conflicts between a state and an organised group or between states (state-based), deaths
  in fighting between organised groups none of which is a state (non-state), and deaths of
  civilians deliberately killed by a state or an organised group (one-sided). A death is
  counted only where a source links it to such violence and a yearly threshold of deaths is
  met; the figures are UCDP's best estimates. UCDP revises earlier years when it learns more,
  so each series here comes from one release only; the older release is used only to show
  the size of the revisions.
- *ACLED* (Armed Conflict Location & Event Data) records events of political violence and
  protest from news and local partners, with the fatalities reported for each event. It
  applies no death threshold and counts events rather than conflicts, so its fatality counts
  are usually higher than UCDP's and are not interchangeable with them. ACLED updates its data
  continuously: a later download gives different counts for the same period, which is why
  every aggregate here carries the date of the data it was compiled from. Only aggregates
  compiled by ACCORD are held; no ACLED event is redistributed.
- *The Global Terrorism Index* (Institute for Economics & Peace) scores countries by the
  incidents, deaths, injuries and hostages of terrorism in the year before each edition,
  weighted over five years. It counts acts by non-state actors only; when the Taliban became
  the governing authority, their acts stopped being counted, so a fall in the index after
  that change mixes a change of method with a change on the ground. Each edition also
  recalculates earlier years, so a year's figure can differ between editions.
- *UNODC* estimates the area under opium poppy from satellite images and field surveys, and
  production from the area and surveyed yields. Years without a national figure are gaps, not
  zeros. *Alcis* makes its own estimates from satellite imagery; they are a different source
  and method and are kept apart from UNODC's series.
- *NATO's* statements of the size of its missions, and the reports of the size of the
  Azerbaijani contingent, are statements at a date: sizes between two statements are not
  known, and where two reports disagree both are shown.

**Limits.** The conflict series end with the latest UCDP release in the data; later years are
not estimated. Figures read in news reports of a publication name the publication as their
source and the page where they were read.
"""


@dataclass
class Security:
    """Everything the report shows, loaded once and cut to the parameters."""

    country: str
    start: int
    end: int
    name: str
    release: str
    deaths: pd.DataFrame  # the newest release covering the country, every type, in range
    deaths_span: tuple[int, int] | None  # years the newest release covers for the country
    other: pd.DataFrame  # the other release(s), type "all", in range
    acled: pd.DataFrame
    acled_all: pd.DataFrame
    gti: pd.DataFrame
    gti_all: pd.DataFrame
    opium: pd.DataFrame
    opium_all: pd.DataFrame
    related: pd.DataFrame
    alcis: pd.DataFrame
    nato: pd.DataFrame
    contingent: pd.DataFrame
    events: pd.DataFrame  # timeline rows in range, with a parsed `when`
    claims: pd.DataFrame
    takeover: dict[str, Any] | None = None
    ban: dict[str, Any] | None = None
    gti_break: int | None = None
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def is_afg(self) -> bool:
        """True when the report's country is Afghanistan."""
        return self.country == AFG

    @property
    def span(self) -> str:
        """The chosen years in words, e.g. '1989–2024'."""
        return f"{self.start}–{self.end}" if self.start != self.end else str(self.start)


# ---------------------------------------------------------------------------------- helpers


def _when(date: str) -> pd.Timestamp:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    parts = [int(p) for p in str(date).split("-")]
    return pd.Timestamp(
        parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    )


def fmt_date(when: Any, precision: str = "day") -> str:
    """A date at its precision: '26 August 2021', 'August 2021' or '2021'.

    Example:
        >>> fmt_date(pd.Timestamp("2021-08-01"), "month")
        'August 2021'
    """
    return text.fmt_date(when, precision)


def _year_fraction(when: pd.Timestamp, precision: str) -> float:
    """Where a dated event sits on an axis whose yearly bars are centred on the year."""
    if precision == "year":
        return float(when.year)
    return when.year - 0.5 + (when.month - 0.5) / 12


def _fewer(old: Any, new: Any) -> str:
    """'96% fewer' / '12% more' for the change from old to new."""
    change = text.pct_change(old, new)
    if text.is_missing(change):
        return "no comparable figure"
    if round(change) == 0:
        return "about as many"
    return f"{text.fmt_pct(abs(change))} {'fewer' if change < 0 else 'more'}"


def _fewer_words(change: float) -> str:
    """-93.0 -> '93% below'; 12.0 -> '12% above'."""
    return f"{text.fmt_pct(abs(change))} {'below' if change < 0 else 'above'}"


def _box(items: list[str]) -> None:
    """Show findings (composed Markdown, one item each) in the series' summary box."""
    text.summary_box(items)


def _missing(sentence: str) -> None:
    """Say in place that data is missing for the parameters (highlighted for the reader)."""
    text.missing(sentence)


def _b(value: str) -> str:
    """Bold in the summary box (Markdown: azaf.text renders and escapes it)."""
    return f"**{value}**"


def _dashes(frame: pd.DataFrame, skip: Any = ()) -> pd.DataFrame:
    """Missing text as a dash: pandas prints <NA> for missing strings, whatever na_rep says."""
    frame = frame.copy()
    for column in frame.columns:
        if column not in skip and frame[column].dtype == "string":
            frame[column] = frame[column].astype(object).where(frame[column].notna(), "–")
    return frame


def _figure(
    fig: Any, caption: str, data: pd.DataFrame, alt: str, note: str = "", subtitle: str = ""
) -> None:
    """show_figure (title = finding, subtitle = what is drawn), appendix data free of <NA>."""
    charts.show_figure(
        fig, caption, _dashes(data, skip=("source_id",)), alt=alt, note=note, subtitle=subtitle
    )


def _table(
    frame: pd.DataFrame,
    caption: str,
    columns: dict[str, str],
    formats: dict[str, Any] | None = None,
    note: str = "",
    source_ids: list[str] | None = None,
) -> None:
    """show_table, with missing text shown as a dash rather than pandas' <NA>."""
    frame = _dashes(frame, skip=[*(formats or {}), "source_id"])
    tables.show_table(
        frame, caption, columns=columns, formats=formats, note=note, source_ids=source_ids
    )


def _years_of(years: Any) -> str:
    """The years a table's rows actually cover, as 'first–last' (or one year).

    Example:
        >>> _years_of(pd.Series([2022, 2018, 2020]))
        '2018–2022'
    """
    found = sorted({int(y) for y in years})
    if not found:
        return ""
    return str(found[0]) if found[0] == found[-1] else f"{found[0]}–{found[-1]}"


def _in_range(years: pd.Series, start: int, end: int) -> pd.Series:
    return years.astype(int).between(start, end)


def _afg_only(data: Security, what: str) -> None:
    """For another country: say that this section is about Afghanistan."""
    if not data.is_afg:
        text.md(
            f"*{what} in the data are for Afghanistan only, so this section is about "
            f"Afghanistan, not {data.name}.*"
        )


# ------------------------------------------------------------------------------------ load


def gather(country: str, start: int, end: int, quiet: bool = False) -> Security:
    """Load every table the report reads and cut it to the country and years.

    Example:
        >>> data = gather("AFG", 2015, 2020)
        >>> data.deaths["year"].min()
        2015

    With quiet=True the tables are not listed among the datasets the report read (for
    key_figures(), which the overview calls without showing these tables).
    """
    read = load_quiet if quiet else load
    deaths = read("conflict_deaths")
    mine = deaths[deaths["iso3"] == country]
    release, span = "", None
    newest = pd.DataFrame(columns=deaths.columns)
    other = pd.DataFrame(columns=deaths.columns)
    if not mine.empty:
        # The newest release is the one reaching the latest year; releases are never mixed.
        release = str(mine.groupby("release")["year"].max().idxmax())
        rel = mine[mine["release"] == release]
        span = (int(rel["year"].min()), int(rel["year"].max()))
        newest = rel[_in_range(rel["year"], start, end)].sort_values(["year", "type"])
        old = mine[(mine["release"] != release) & (mine["type"] == "all")]
        other = old[_in_range(old["year"], start, end)].sort_values("year")

    acled_all = read("acled_aggregates")
    acled_all = acled_all[acled_all["iso3"] == AFG]
    acled = acled_all[
        (acled_all["iso3"] == country)
        & (acled_all["start"].dt.year >= start)
        & (acled_all["end"].dt.year <= end)
    ].sort_values(["start", "end"])

    gti_all = read("gti")
    gti = gti_all[_in_range(gti_all["data_year"], start, end)]

    opium_all = read("opium")
    # Where UNODC publications disagree on a year, the series draws the newest one's figure.
    opium_all = opium_all[opium_all["latest_estimate"].fillna(True).astype(bool)]
    opium = opium_all[_in_range(opium_all["year"], start, end)]
    related = read("opium_related")
    related = related[_in_range(related["year"], start, end)]
    alcis = read("opium_alcis")
    alcis = alcis[_in_range(alcis["year"], start, end)]

    nato = read("nato_missions")
    nato = nato.assign(when=nato["date"].map(_when))
    nato = nato[_in_range(nato["when"].dt.year, start, end)]
    # A statement dated only by its year sorts in the middle of that year.
    order = [
        _year_fraction(w, p) for w, p in zip(nato["when"], nato["date_precision"], strict=True)
    ]
    nato = nato.assign(_order=order).sort_values("_order").drop(columns="_order")
    contingent = read("aze_contingent")
    contingent = contingent[_in_range(contingent["date"].dt.year, start, end)]
    contingent = contingent.sort_values("date").reset_index(drop=True)

    timeline = read("timeline")
    timeline = timeline.assign(when=timeline["date"].map(_when))
    events = timeline[_in_range(timeline["when"].dt.year, start, end)]

    claims = read("brief_claims")

    data = Security(
        country=country,
        start=start,
        end=end,
        name=country_name(country),
        release=release,
        deaths=newest.reset_index(drop=True),
        deaths_span=span,
        other=other.reset_index(drop=True),
        acled=acled.reset_index(drop=True),
        acled_all=acled_all,
        gti=gti.reset_index(drop=True),
        gti_all=gti_all,
        opium=opium.reset_index(drop=True),
        opium_all=opium_all,
        related=related.reset_index(drop=True),
        alcis=alcis.reset_index(drop=True),
        nato=nato.reset_index(drop=True),
        contingent=contingent,
        events=events.reset_index(drop=True),
        claims=claims,
    )
    data.takeover = _takeover(timeline)
    data.ban = _ban(timeline)
    data.gti_break = _gti_break(gti_all)
    return data


def _takeover(timeline: pd.DataFrame) -> dict[str, Any]:
    """The Taliban takeover from the timeline (security or diplomacy), else the fallback."""
    rows = timeline[
        timeline["category"].isin(["security", "diplomacy"])
        & timeline["event"].str.contains(r"took power|takeover|seized power", case=False)
    ]
    if rows.empty:
        when = pd.Timestamp(TAKEOVER_FALLBACK_YEAR, 1, 1)
        return {"when": when, "precision": "year", "label": str(TAKEOVER_FALLBACK_YEAR)}
    row = rows.iloc[0]
    precision = str(row["date_precision"])
    return {
        "when": row["when"],
        "precision": precision,
        "label": f"Taliban takeover, {fmt_date(row['when'], precision)}",
        "words": f"the Taliban takeover of {fmt_date(row['when'], precision)}",
        "source_id": row["source_id"],
    }


def _ban(timeline: pd.DataFrame) -> dict[str, Any]:
    """The opium ban: its date if the timeline has it, else 'the 2022 ban' without a date."""
    rows = timeline[
        timeline["event"].str.contains(r"\bban", case=False)
        & timeline["event"].str.contains(r"opium|poppy|drug|narcotic", case=False)
    ]
    if rows.empty:
        return {"year": BAN_YEAR, "words": f"the {BAN_YEAR} ban", "short": "the ban", "when": None}
    row = rows.iloc[0]
    return {
        "year": int(row["when"].year),
        "words": f"the ban of {fmt_date(row['when'], str(row['date_precision']))}",
        "short": "the ban",
        "when": row["when"],
    }


def _gti_break(gti: pd.DataFrame) -> int | None:
    """The GTI edition from which acts of the governing Taliban are not counted (caveat)."""
    for caveat in gti.attrs.get("caveats", []):
        found = re.search(r"[Ff]rom the (\d{4}) edition", caveat)
        if found and "Taliban" in caveat:
            return int(found.group(1))
    return None


# --------------------------------------------------------------------------------- summary


def _deaths_all(data: Security) -> pd.DataFrame:
    return data.deaths[data.deaths["type"] == "all"].sort_values("year").reset_index(drop=True)


def _deaths_comparison(data: Security) -> dict[str, Any] | None:
    """The latest year against the years before it (the war years, for Afghanistan)."""
    rows = _deaths_all(data)
    if rows.empty:
        return None
    latest = rows.iloc[-1]
    out: dict[str, Any] = {"latest": latest, "peak": rows.loc[rows["deaths"].idxmax()]}
    take_year = data.takeover["when"].year if data.takeover else None
    if data.is_afg and take_year is not None and latest["year"] > take_year:
        before = rows[rows["year"] < take_year]
        at = rows[rows["year"] == take_year]
        out["takeover_row"] = at.iloc[0] if len(at) else None
    else:
        before = rows[rows["year"] < latest["year"]]
    if len(before):
        out["before"] = before
        out["before_mean"] = float(before["deaths"].mean())
        out["before_span"] = text.year_span(before["year"])
    return out


def summary(data: Security) -> None:
    """Three to five findings composed from the data, and the key figures recorded."""
    items = [_finding_deaths(data), _finding_types(data)]
    items += [_finding_gti(data), _finding_opium(data), _finding_contingent(data)]
    _box([i for i in items if i])
    # The one place the report records its key figures: the same list key_figures() gives
    # the overview, so both show the same numbers.
    for kf in key_figures_of(data):
        report.record(**kf)


def _finding_deaths(data: Security) -> str:
    cmp = _deaths_comparison(data)
    if cmp is None:
        return f"The UCDP data hold no conflict-death figures for {data.name} in {data.span}."
    latest, peak = cmp["latest"], cmp["peak"]
    year = int(latest["year"])
    parts = [
        f"UCDP counted {_b(text.fmt_int(latest['deaths']))} deaths in organised violence in "
        f"{(data.name)} in {year}, "
        + (
            "the most recent year with a UCDP figure in the data"
            if data.deaths_span and year == data.deaths_span[1]
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


def _type_shares(data: Security) -> tuple[pd.Series, pd.Series, str] | None:
    """Share of each type of violence in the latest year and in the years before it."""
    rows = data.deaths[data.deaths["type"] != "all"]
    if rows.empty:
        return None
    latest_year = int(rows["year"].max())
    latest = rows[rows["year"] == latest_year].groupby("type")["deaths"].sum().astype(float)
    earlier = rows[rows["year"] < latest_year]
    if latest.sum() == 0 or earlier.empty or earlier["deaths"].sum() == 0:
        return None
    before = earlier.groupby("type")["deaths"].sum().astype(float)
    return (
        latest / latest.sum() * 100,
        before / before.sum() * 100,
        text.year_span(earlier["year"].unique()),
    )


def _finding_types(data: Security) -> str:
    shares = _type_shares(data)
    if shares is None:
        return ""
    now, before, span = shares
    year = int(data.deaths["year"].max())
    rise = (now - before.reindex(now.index).fillna(0)).idxmax()
    main = now.idxmax()
    counts = data.deaths[(data.deaths["year"] == year) & (data.deaths["type"] == main)]
    sentence = (
        f"In {year}, {_b(text.fmt_pct(now[main]))} of those deaths "
        f"({text.fmt_int(counts['deaths'].iloc[0])}) were in {(TYPES[main])}"
    )
    if rise != main and now[rise] > 0:
        sentence += (
            f"; {(TYPES[rise])} accounted for {_b(text.fmt_pct(now[rise]))}, "
            f"against {text.fmt_pct(before.get(rise, 0))} in {span}"
        )
    return sentence + "."


def _gti_pivot(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per edition and data year, one column per indicator."""
    # The indicators a table can show side by side; summary changes ("attacks fell 75%")
    # stay in the notes of their edition's row.
    rows = rows[rows["indicator"].isin(GTI_SHOWN)]
    if rows.empty:
        return pd.DataFrame()
    wide = rows.pivot_table(
        index=["edition", "edition_year", "data_year"],
        columns="indicator",
        values="value",
        aggfunc="first",
    ).reset_index()
    firsts = rows.groupby(["edition", "data_year"])["source_id"].first()
    wide["source_id"] = [
        firsts[(e, y)] for e, y in zip(wide["edition"], wide["data_year"], strict=True)
    ]
    wide.columns.name = None
    return wide.sort_values(["edition_year", "data_year"]).reset_index(drop=True)


def _gti_ranks(data: Security) -> pd.DataFrame:
    """Afghanistan's GTI rank, one row per edition, oldest first."""
    return data.gti[data.gti["indicator"] == "rank"].sort_values("edition_year")


def _finding_gti(data: Security) -> str:
    ranks = _gti_ranks(data)
    if ranks.empty:
        return ""
    last = ranks.iloc[-1]
    earlier = ranks.iloc[:-1]
    sentence = (
        f"The Global Terrorism Index ranked Afghanistan {_b(_ordinal(last['value']))} "
        f"in its {(str(last['edition']))} edition (data for "
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
    if data.gti_break and ranks["edition_year"].max() >= data.gti_break:
        sentence += (
            f"; from the {data.gti_break} edition on, acts of the governing Taliban are no "
            "longer counted as terrorism"
        )
    return sentence + "."


def _ordinal(value: Any) -> str:
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _opium_series(data: Security, indicator: str) -> pd.DataFrame:
    rows = data.opium[data.opium["indicator"] == indicator]
    return rows.sort_values("year").reset_index(drop=True)


def _opium_change(data: Security) -> dict[str, Any] | None:
    """Latest production against the ban year's, when both are in the years chosen."""
    prod = _opium_series(data, "production")
    base = prod[prod["year"] == data.ban["year"]]
    if base.empty or prod["year"].max() <= data.ban["year"]:
        return None
    latest = prod.iloc[-1]
    return {
        "base": base.iloc[0],
        "latest": latest,
        "change": text.pct_change(base.iloc[0]["value"], latest["value"]),
    }


def _finding_opium(data: Security) -> str:
    change = _opium_change(data)
    prod = _opium_series(data, "production")
    if change is not None:
        base, latest = change["base"], change["latest"]
        sentence = (
            f"UNODC estimated Afghanistan's opium production at "
            f"{_b(text.fmt_int(latest['value']) + ' tonnes')} in {int(latest['year'])}, "
            f"{_b(text.fmt_pct(abs(change['change'])) + ' below')} its "
            f"{text.fmt_int(base['value'])} tonnes of {int(base['year'])}"
        )
        area = _opium_series(data, "cultivation")
        a0 = area[area["year"] == base["year"]]
        a1 = area[area["year"] == latest["year"]]
        if len(a0) and len(a1):
            sentence += (
                f"; after {(data.ban['words'])}, the area under poppy fell from "
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
    if data.end < data.ban["year"]:
        sentence += f". The years chosen end before {(data.ban['words'])}"
    return sentence + "."


def _contingent_primary(rows: pd.DataFrame) -> pd.DataFrame:
    """One statement per date: where two reports differ, the source that reports most dates
    is drawn as the line and the other is kept as an alternative (never averaged)."""
    if rows.empty:
        return rows
    weight = rows["source_id"].map(rows["source_id"].value_counts())
    ranked = rows.assign(_w=weight).sort_values(["date", "_w"], ascending=[True, False])
    return ranked.drop_duplicates("date").drop(columns="_w").reset_index(drop=True)


def _finding_contingent(data: Security) -> str:
    rows = data.contingent
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
        f"{(named)} went from "
        f"{_b(text.fmt_int(first['personnel']))} service members on "
        f"{fmt_date(first['date'], first['date_precision'])}{(alt_words)} to a "
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
    cmp = _deaths_comparison(data)
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
                f"{_years_of(_deaths_all(data)['year'])} (UCDP)",
            )
        )
    ranks = _gti_ranks(data)
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
    prod = _opium_series(data, "production")
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
    change = _opium_change(data)
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


# ---------------------------------------------------------------------------------- deaths


def deaths_section(data: Security) -> None:
    """Deaths by year and type of violence, the takeover marked, the latest year compared."""
    if data.deaths.empty:
        covered = (
            f" The newest UCDP release in the data covers {data.deaths_span[0]}–"
            f"{data.deaths_span[1]} for {data.name}."
            if data.deaths_span
            else ""
        )
        _missing(f"The data hold no UCDP figures for {data.name} in {data.span}.{covered}")
        return
    _deaths_text(data)
    _deaths_chart(data)
    last = int(data.deaths["year"].max())
    if data.end > last:
        _missing(
            f"The newest UCDP release in the data ends in {data.deaths_span[1]}: no conflict-"
            f"death figure is shown for {last + 1}–{data.end}."
        )


def _deaths_text(data: Security) -> None:
    cmp = _deaths_comparison(data)
    if cmp is None:
        return
    latest = cmp["latest"]
    others = sorted(set(load_other_releases(data)) - {data.release})
    other = (
        f" {'Older releases' if len(others) > 1 else 'An older release'} "
        f"({text.join_words(others)}) {'are' if len(others) > 1 else 'is'} not mixed into this "
        "series; how the previous release differs is shown under *Revisions between releases* "
        "below."
        if others
        else ""
    )
    sentence = (
        f"The series comes from the UCDP release labelled “{data.release}”, the newest in the "
        f"data for {data.name}.{other}"
    )
    if "before_mean" in cmp:
        sentence += (
            f" The dashed line marks the yearly average of {cmp['before_span']} "
            f"({text.fmt_int(cmp['before_mean'])} deaths), against which the "
            f"{int(latest['year'])} count of {text.fmt_int(latest['deaths'])} is set."
        )
    text.md(sentence)


def load_other_releases(data: Security) -> list[str]:
    """Names of the releases in conflict_deaths for the country other than the one drawn."""
    table = load("conflict_deaths")
    names = table.loc[table["iso3"] == data.country, "release"].unique()
    return [str(n) for n in names if n != data.release]


def _deaths_chart(data: Security) -> None:
    rows = data.deaths[data.deaths["type"] != "all"]
    wide = rows.pivot_table(index="year", columns="type", values="deaths", aggfunc="sum")
    wide = wide.reindex(columns=[t for t in TYPES if t in wide.columns]).fillna(0)
    fig, ax = charts.new_figure(3.6)
    bottom = pd.Series(0.0, index=wide.index)
    years = wide.index.astype(int)
    for i, kind in enumerate(wide.columns):
        if wide[kind].sum() == 0:
            continue  # a type with no deaths in the years chosen would only crowd the legend
        ax.bar(
            years,
            wide[kind],
            bottom=bottom,
            color=charts.PALETTE[i],
            label=SHORT_TYPES[kind],
            width=0.8,
        )
        bottom += wide[kind]
    cmp = _deaths_comparison(data)
    if cmp is not None and "before_mean" in cmp:
        before = cmp["before"]["year"].astype(int)
        ax.hlines(
            cmp["before_mean"],
            before.min() - 0.4,
            int(years.max()) + 0.4,
            colors=charts.PALETTE[5],
            linestyles="dashed",
            linewidth=1,
            label=f"yearly average, {cmp['before_span']}",
        )
    mark = data.takeover
    note = ""
    if data.is_afg and mark and data.start <= mark["when"].year <= int(years.max()):
        x = _year_fraction(mark["when"], mark["precision"])
        ax.axvline(x, color=charts.PALETTE[1], linewidth=1.2, linestyle=":")
        # Headroom above the bars, and the label on two lines left of the line, so it sits
        # clear of both the bars and the legend.
        top = float(bottom.max()) * 1.22
        ax.set_ylim(0, top)
        ax.annotate(
            mark["label"].replace(", ", ",\n", 1),
            xy=(x, top * 0.98),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=7.5,
            color=charts.PALETTE[1],
            bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "none"},
        )
        note = (
            f"The dotted line marks {mark.get('words', mark['label'])}, placed within its year "
            "by month."
        )
    ax.set_ylabel("deaths")
    ax.yaxis.set_major_formatter(charts.thousands())
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=7, frameon=True, facecolor="white", framealpha=0.95)
    ax.set_xlim(int(years.min()) - 0.7, int(years.max()) + 0.7)
    # One row per year (all types side by side) keeps the appendix short.
    shown = (
        data.deaths.pivot_table(
            index=["year", "release", "source_id"], columns="type", values="deaths"
        )
        .reset_index()
        .rename(columns=SHORT_TYPES)
    )
    shown.columns.name = None
    _figure(
        fig,
        deaths_title(data),
        shown,
        subtitle=f"Deaths in organised violence in {data.name} by type of violence, UCDP best "
        f"estimates, {int(years.min())}–{int(years.max())}",
        alt=(
            f"Stacked bar chart of yearly deaths in organised violence in {data.name} by UCDP "
            "type of violence"
        ),
        note=note,
    )


def deaths_title(data: Security) -> str:
    """The deaths chart's finding: the latest year against the years before it.

    Example:
        >>> deaths_title(gather("AFG", 2020, 2021, quiet=True))
        'Conflict deaths rose to 36,386 in 2021, 75% above 2020'
    """
    cmp = _deaths_comparison(data)
    if cmp is None:
        return f"No UCDP conflict-death figure for {data.name} in {data.span}"
    latest = cmp["latest"]
    n, year = text.fmt_int(latest["deaths"]), int(latest["year"])
    if "before_mean" not in cmp:
        return f"UCDP counted {n} conflict deaths in {data.name} in {year}"
    change = text.pct_change(cmp["before_mean"], latest["deaths"])
    if round(change) == 0:
        return f"Conflict deaths in {year} ({n}) matched the {cmp['before_span']} average"
    verb = "fell" if change < 0 else "rose"
    against = cmp["before_span"] if len(cmp["before"]) == 1 else f"the {cmp['before_span']} average"
    return f"Conflict deaths {verb} to {n} in {year}, {_fewer_words(change)} {against}"


def acled_section(data: Security) -> None:
    """ACLED aggregates (Afghanistan only), attributed, with the date of their data."""
    if not data.is_afg:
        text.md(
            f"ACLED aggregates in the data are for Afghanistan only; none is shown for {data.name}."
        )
        return
    rows = data.acled
    if rows.empty:
        spans = data.acled_all
        _missing(
            f"The ACLED aggregates in the data cover periods from "
            f"{spans['start'].min():%B %Y} to {spans['end'].max():%B %Y}, none of them within "
            f"{data.span}."
        )
        return
    dates = text.join_words(f"{d:%-d %B %Y}" for d in sorted(set(rows["data_date"])))
    text.md(
        "ACLED counts events of political violence and the fatalities reported in them. The "
        "aggregates below were compiled by ACCORD from ACLED data of "
        f"{dates}; the periods overlap and must not be added up."
    )
    shown = rows.assign(
        span=rows["start"].dt.strftime("%-d %b %Y") + " – " + rows["end"].dt.strftime("%-d %b %Y"),
        data_of=rows["data_date"].dt.strftime("%-d %b %Y"),
    )
    _table(
        shown,
        "Political violence in Afghanistan: ACLED aggregates for periods in "
        f"{_years_of(list(rows['start'].dt.year) + list(rows['end'].dt.year))}",
        columns={
            "period": "Period",
            "span": "Dates",
            "events": "Events",
            "events_with_fatalities": "Events with fatalities",
            "reported_fatalities": "Reported fatalities",
            "data_of": "ACLED data of",
        },
        formats={
            "events": text.fmt_int,
            "events_with_fatalities": text.fmt_int,
            "reported_fatalities": text.fmt_int,
        },
        note="ACLED data, compiled by ACCORD. ACLED revises its data; later downloads differ.",
    )
    _acled_vs_ucdp(data)


def _acled_vs_ucdp(data: Security) -> None:
    """Set a whole-year ACLED count beside UCDP's for the same year, without averaging."""
    rows = data.acled
    whole = rows[
        (rows["start"].dt.month == 1)
        & (rows["start"].dt.day == 1)
        & (rows["end"].dt.month == 12)
        & (rows["end"].dt.day == 31)
        & (rows["start"].dt.year == rows["end"].dt.year)
    ]
    ucdp = _deaths_all(data)
    for _, row in whole.iterrows():
        year = int(row["start"].year)
        match = ucdp[ucdp["year"] == year]
        if match.empty:
            continue
        text.md(
            f"For {year}, ACLED's compilation reports {text.fmt_int(row['reported_fatalities'])} "
            f"fatalities, UCDP {text.fmt_int(match.iloc[0]['deaths'])} deaths in organised "
            "violence. The two are shown side by side, not reconciled: ACLED takes reported "
            "fatalities in all recorded events, UCDP counts only deaths it can attribute to "
            "organised violence under its rules."
        )


# ------------------------------------------------------------------------------- terrorism


def gti_section(data: Security) -> None:
    """GTI rank, score and deaths by edition as a small table (a chart of so few points would
    be mostly empty), with the finding and the method break in words."""
    _afg_only(data, "Global Terrorism Index figures")
    if data.gti.empty:
        years = data.gti_all["data_year"]
        _missing(
            f"The Global Terrorism Index figures in this series' data refer to "
            f"{text.year_span(years)}; none falls within {data.span}."
        )
        return
    wide = _gti_pivot(data.gti)
    brk = data.gti_break
    words = [_finding_gti(data).replace("**", "")]
    held = data.gti.groupby("edition", sort=False)["indicator"].agg(set)
    order = data.gti.drop_duplicates("edition").sort_values("edition_year")["edition"]
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
    if brk and int(wide["edition_year"].max()) >= brk:
        words.append(
            "The fall in deaths across that method break mixes the change of method with any "
            "change on the ground."
        )
    text.md(" ".join(words))
    _gti_table(data, wide)


def _gti_table(data: Security, wide: pd.DataFrame) -> None:
    columns = {"edition": "Edition", "data_year": "Data year"}
    formats: dict[str, Any] = {"data_year": lambda v: str(int(v))}
    for indicator, heading, fmt in [
        ("rank", "Rank", lambda v: str(int(v))),
        ("score", "Score", lambda v: text.fmt_num(v, 3)),
        ("deaths", "Deaths", text.fmt_int),
        ("incidents", "Incidents", text.fmt_int),
        ("injuries", "Injuries", text.fmt_int),
    ]:
        if indicator in wide.columns:
            columns[indicator] = heading
            formats[indicator] = fmt
    # Each edition's own remarks go in a column on their row, not run together below.
    notes = data.gti.dropna(subset=["note"])
    said = notes.groupby(["edition", "data_year"])["note"].agg(
        lambda n: "; ".join(dict.fromkeys(str(x).strip().rstrip(".") for x in n)) + "."
    )
    wide = wide.assign(
        remark=[
            said.get((e, y), "–") for e, y in zip(wide["edition"], wide["data_year"], strict=True)
        ]
    )
    if len(notes):
        columns["remark"] = "Note"
    _table(
        wide,
        "Afghanistan in the Global Terrorism Index, by edition",
        columns=columns,
        formats=formats,
        # The notes carry figures of every row read, so every row's source is cited.
        source_ids=list(dict.fromkeys(data.gti["source_id"])),
    )


def threat_section(data: Security) -> None:
    """Notable attacks and armed groups: timeline events and the briefs' claims."""
    _afg_only(data, "The dated events on attacks and armed groups")
    pattern = r"attack|bomb|IS-Khorasan|ISIS|Islamic State|al-Qaeda|Qaeda|Zawahiri|insurg"
    attacks = data.events[
        (data.events["category"] == "security")
        & data.events["event"].str.contains(pattern, case=False)
    ]
    security_claims = data.claims[data.claims["topic"] == "security"]
    counted: list[str] = []
    if attacks.empty:
        _missing(f"The timeline holds no attack or armed-group event in {data.span}.")
    else:
        shown = attacks.assign(
            day=[
                fmt_date(w, p)
                for w, p in zip(attacks["when"], attacks["date_precision"], strict=True)
            ]
        )
        shown, counted = merge_counted_events(shown, security_claims)
        _table(
            shown,
            f"Notable attacks and armed-group events in Afghanistan, "
            f"{_years_of(attacks['when'].dt.year)}",
            columns={"day": "Date", "event": "Event"},
            note="Events paraphrased from one source each, dated as precisely as the source.",
        )
    qaeda = data.events[data.events["event"].str.contains(r"Qaeda|Zawahiri", case=False)]
    if len(qaeda):
        last = qaeda.sort_values("when").iloc[-1]
        text.md(
            f"**Al-Qaeda.** The latest al-Qaeda event in the timeline: {last['event'].rstrip('.')}"
            f" ({fmt_date(last['when'], last['date_precision'])}). How strong the group remains "
            f"in Afghanistan is not in this series' data; {PUBLISHED_IN['qaeda']} assess it."
        )
    else:
        text.md(
            f"**Al-Qaeda.** No al-Qaeda event in {data.span} is in this series' timeline. How "
            f"strong the group remains in Afghanistan is assessed in {PUBLISHED_IN['qaeda']}."
        )
    claims = data.claims[
        (data.claims["topic"] == "security")
        # A count already given with its events in the table above is not repeated here.
        & ~data.claims["claim_id"].isin(counted)
        & data.claims["claim"].str.contains(
            r"IS-Khorasan|Resistance|Terror|armed|insurg", case=False
        )
        & data.claims["year"].between(data.start, data.end)
    ]
    if len(claims):
        shown = claims.assign(
            stated=[
                _claim_words(q, v, u)
                for q, v, u in zip(
                    claims["qualifier"], claims["value"], claims["unit"], strict=True
                )
            ]
        )
        briefs = text.join_words(sorted(set(claims["brief"])))
        _table(
            shown,
            f"Armed groups and terrorism: what the {briefs} brief states (claims, not checked "
            "here)",
            columns={
                "claim": "Claim (paraphrased)",
                "stated": "As stated",
                "period": "Period",
                "brief_attribution": "Source the brief names",
            },
            note=(
                "Reported statements from one of the series' seed briefs, kept apart from the "
                "statistical series; the overview report checks them against the data."
            ),
        )


def merge_counted_events(
    events: pd.DataFrame, claims: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """One table line for events that a claim counts together ("the January and March
    attacks killed more than 20"), so the shared count is said once, not on every row.

    Returns the events with such rows merged, and the ids of the claims used.

    Example:
        >>> data = gather("AFG", 2023, 2023)
        >>> rows = data.events[data.events["event"].str.contains("IS-Khorasan")]
        >>> rows = rows.assign(day=rows["date"])
        >>> merged, used = merge_counted_events(rows, data.claims)
        >>> len(rows), len(merged), used
        (2, 1, ['b23-23'])
    """
    out = events.reset_index(drop=True).copy()
    used: list[str] = []
    for _, claim in claims.iterrows():
        months = set(re.findall(r"\d{4}-\d{2}", str(claim["period"])))
        if len(months) < 2:
            continue
        hit = out[
            (out["date_precision"] == "month")
            & out["date"].astype(str).str[:7].isin(months)
            & (out["source_id"] == claim["source_id"])
        ]
        if len(hit) < 2:
            continue
        parts = []
        for _, row in hit.iterrows():
            # Keep what happened; the count, repeated in each row, is said once below.
            said = [c.strip() for c in str(row["event"]).rstrip(".").split(";")]
            kept = [c for c in said if not re.search(r"\bkill", c)] or said
            parts.append(f"{fmt_date(row['when'], 'month')}: {'; '.join(kept)}")
        whens = list(hit["when"])
        same_year = len({w.year for w in whens}) == 1
        day = (
            text.join_words(f"{w:%B}" for w in whens) + f" {whens[0].year}"
            if same_year
            else text.join_words(fmt_date(w, "month") for w in whens)
        )
        count = (
            f"killed {_qualifier(claim['qualifier'])}{text.fmt_int(claim['value'])} people"
            if claim["unit"] == "deaths"
            else f"left {_claim_words(claim['qualifier'], claim['value'], claim['unit'])}"
        )
        how_many = {2: "two", 3: "three", 4: "four"}.get(len(hit), str(len(hit)))
        merged = hit.iloc[0].copy()
        merged["day"] = day
        merged["event"] = ". ".join(parts) + f". The {how_many} attacks together {count}."
        first = int(hit.index[0])
        out = out.drop(index=hit.index)
        out.loc[first] = merged
        out = out.sort_index().reset_index(drop=True)
        used.append(str(claim["claim_id"]))
    return out, used


def _claim_words(qualifier: Any, value: Any, unit: Any) -> str:
    """A brief's figure as stated: '75%', 'ranked 1st', 'more than 20 deaths'."""
    if unit == "rank":
        return f"ranked {_ordinal(value)}"
    if unit == "percent":
        return f"{_qualifier(qualifier)}{text.fmt_pct(value)}"
    return f"{_qualifier(qualifier)}{text.fmt_int(value)} {unit}".strip()


def _qualifier(word: Any) -> str:
    return {
        "more_than": "more than ",
        "about": "about ",
        "at_least": "at least ",
        "up_to": "up to ",
        "less_than": "less than ",
    }.get(str(word), "")


# ---------------------------------------------------------------------------------- opium


def opium_section(data: Security) -> None:
    """UNODC cultivation and production by year with gaps as gaps, the ban, and the collapse."""
    _afg_only(data, "UNODC's opium surveys")
    if data.opium.empty:
        _missing(
            f"UNODC opium figures for {data.span} are not in this series' data (those it holds "
            f"refer to {text.year_span(data.opium_all['year'])}); they are published in "
            f"{PUBLISHED_IN['opium']}."
        )
        return
    _opium_text(data)
    _opium_chart(data)


def _opium_text(data: Security) -> None:
    change = _opium_change(data)
    ban = data.ban
    if change is not None:
        base = change["base"]
        after = _opium_series(data, "production")
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
    elif data.end < ban["year"]:
        text.md(f"The years chosen end before {ban['words']}; its effects are not shown here.")
    elif data.start > ban["year"]:
        text.md(
            f"The years chosen begin after {ban['words']}; the figures below show only the "
            "years after it."
        )
    gaps = _gap_years(data)
    words = {"cultivation": "the area under poppy", "production": "production"}
    said = [f"{words[k]} in {text.year_span(v)}" for k, v in gaps.items() if v]
    if said:
        text.md(
            f"UNODC's national figures for {text.join_words(said)} are not in this series' "
            f"data; they are published in {PUBLISHED_IN['opium']}. Those years are left empty "
            "in the chart, not drawn as zero or bridged by a line."
        )


def _gap_years(data: Security) -> dict[str, list[int]]:
    """Per indicator, the years inside the span of the UNODC rows shown without a figure."""
    years = data.opium["year"].astype(int)
    out = {}
    for indicator in ("cultivation", "production"):
        have = set(data.opium.loc[data.opium["indicator"] == indicator, "year"].astype(int))
        out[indicator] = [y for y in range(years.min(), years.max() + 1) if y not in have]
    return out


def _opium_chart(data: Security) -> None:
    fig, axes = plt.subplots(
        2, 1, figsize=(charts.WIDTH_IN, 4.4), sharex=True, layout="constrained"
    )
    years = data.opium["year"].astype(int)
    span = range(years.min(), years.max() + 1)
    for ax, (indicator, label, colour) in zip(
        axes,
        [
            ("cultivation", "area under poppy (hectares)", charts.PALETTE[2]),
            ("production", "dry opium production (tonnes)", charts.PALETTE[3]),
        ],
        strict=True,
    ):
        rows = _opium_series(data, indicator)
        ax.bar(rows["year"].astype(int), rows["value"].astype(float), color=colour, width=0.75)
        missing = [y for y in span if y not in set(rows["year"].astype(int))]
        if missing:
            ax.plot(
                missing,
                [0] * len(missing),
                "x",
                color=charts.PALETTE[5],
                markersize=5,
                label="not in this series' data",
            )
            ax.legend(loc="upper left", fontsize=7)
        ax.set_xlim(years.min() - 0.7, years.max() + 0.7)
        ax.set_ylabel(label, fontsize=8)
        ax.yaxis.set_major_formatter(charts.thousands())
        ax.set_ylim(0, float(rows["value"].max()) * 1.25 if len(rows) else 1)
        # Values from the ban year on are written out: the bars after it are too short to read.
        for _, row in rows[rows["year"] >= data.ban["year"]].iterrows():
            ax.annotate(
                text.fmt_int(row["value"]),
                (int(row["year"]), float(row["value"])),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                rotation=90,
                fontsize=6.5,
            )
        if data.start <= data.ban["year"] <= data.end:
            ax.axvspan(data.ban["year"] - 0.45, data.ban["year"] + 0.45, color="#fdebd0", zorder=0)
    if data.start <= data.ban["year"] <= data.end:
        axes[0].annotate(
            f"shaded: the year of {data.ban['short']}",
            xy=(data.ban["year"] - 0.5, axes[0].get_ylim()[1]),
            ha="right",
            va="top",
            fontsize=7,
            xytext=(-4, -2),
            textcoords="offset points",
        )
    axes[1].xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    shown = data.opium.sort_values(["indicator", "year"])
    _figure(
        fig,
        opium_title(data),
        shown[["year", "indicator", "value", "unit", "source_id"]],
        subtitle=f"Area under opium poppy (hectares) and dry opium production (tonnes) in "
        f"Afghanistan, UNODC estimates, {years.min()}–{years.max()}",
        alt="Two bar charts of Afghanistan's opium poppy area and production by year, with gaps",
        note="A cross on the axis marks a year whose UNODC figure is not in this series' data.",
    )


def opium_title(data: Security) -> str:
    """The opium chart's finding: production after the ban against the ban year, or the
    latest figure against the peak.

    Example:
        >>> opium_title(gather("AFG", 2015, 2024, quiet=True))[:34]
        'Opium production fell 93% from 2022'
    """
    change = _opium_change(data)
    if change is not None:
        base, latest = change["base"], change["latest"]
        verb = "fell" if change["change"] < 0 else "rose"
        return (
            f"Opium production {verb} {text.fmt_pct(abs(change['change']))} from "
            f"{int(base['year'])}, the year of {data.ban['short']}, to "
            f"{text.fmt_int(latest['value'])} tonnes in {int(latest['year'])}"
        )
    prod = _opium_series(data, "production")
    if prod.empty:
        return "UNODC's estimates of the area under opium poppy in Afghanistan"
    latest, peak = prod.iloc[-1], prod.loc[prod["value"].idxmax()]
    if int(peak["year"]) == int(latest["year"]):
        return (
            f"Opium production reached {text.fmt_int(latest['value'])} tonnes in "
            f"{int(latest['year'])}, the highest in these years"
        )
    return (
        f"Opium production was {text.fmt_int(latest['value'])} tonnes in {int(latest['year'])}, "
        f"against a peak of {text.fmt_int(peak['value'])} tonnes in {int(peak['year'])}"
    )


def opium_related_section(data: Security) -> None:
    """World share, farmers' income and harvest value, as UNODC reported them."""
    rows = data.related.sort_values(["indicator", "year"])
    if rows.empty:
        _missing(
            f"UNODC figures on Afghanistan's share of world production and on farmers' income "
            f"for {data.span} are not in this series' data; they are published in "
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
            f"UNODC's figure for Afghanistan's share of world production in {data.span} is not "
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
            f"UNODC's figures for farmers' income from opium in {data.span} are not in this "
            "series' data."
        )
    labels = {
        "farmer_income": "Farmers' income from opium",
        "harvest_value": "Farm-gate value of the harvest",
        "share_of_world_production": "Share of world opium production",
    }
    shown = rows.assign(
        what=rows["indicator"].map(labels),
        figure=[_related_words(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
    )
    _table(
        shown,
        f"Related opium figures for Afghanistan, {_years_of(rows['year'])} (UNODC)",
        columns={"year": "Year", "what": "Figure", "figure": "Value", "status": "Status"},
        formats={"year": lambda v: str(int(v))},
        note="Status as UNODC gave it: an outcome, or an estimate.",
    )


def _related_words(value: Any, unit: Any) -> str:
    """The same precision in the table as in the sentences above it."""
    if unit == "USD million":
        return text.fmt_usd(float(value) * 1e6, 2)
    return text.fmt_value(value, str(unit))


def alcis_section(data: Security) -> None:
    """Alcis satellite estimates, shown apart from UNODC's series as a different source."""
    rows = data.alcis
    if rows.empty:
        _missing(f"The data hold no Alcis satellite estimate for {data.span}.")
        return
    text.md(
        "Alcis, a geospatial analysis company, estimated poppy cultivation from satellite "
        "imagery. Its figures come from a different method and source than UNODC's surveys, "
        "were read in news reports of its analysis, and are not mixed into the series above."
    )
    shown = rows.sort_values(["area", "year", "indicator"]).assign(
        figure=[
            _alcis_words(r) for _, r in rows.sort_values(["area", "year", "indicator"]).iterrows()
        ],
        what=lambda f: f["indicator"].map(
            {"cultivation": "area under poppy", "cultivation_change": "change on the year before"}
        ),
    )
    _table(
        shown,
        f"Satellite estimates of poppy cultivation by Alcis, {_years_of(rows['year'])} "
        "(a different source)",
        columns={"area": "Area", "year": "Year", "what": "Estimate", "figure": "Value"},
        formats={"year": lambda v: str(int(v))},
        note="Reported statements: read in news reports of Alcis's analysis.",
    )
    _alcis_vs_unodc(data)


def _alcis_words(row: pd.Series) -> str:
    value = float(row["value"])
    qualifier = _qualifier(row["qualifier"])
    if row["unit"] == "percent":
        direction = "a fall of " if value < 0 else "a rise of "
        return f"{direction}{qualifier}{text.fmt_pct(abs(value))}"
    return f"{qualifier}{text.fmt_int(value)} hectares"


def _alcis_vs_unodc(data: Security) -> None:
    national = data.alcis[
        (data.alcis["area"] == "Afghanistan") & (data.alcis["indicator"] == "cultivation")
    ]
    area = _opium_series(data, "cultivation")
    pairs = []
    for _, row in national.iterrows():
        match = area[area["year"] == row["year"]]
        if len(match):
            pairs.append(
                f"for {int(row['year'])}, Alcis {_qualifier(row['qualifier'])}"
                f"{text.fmt_int(row['value'])} hectares and UNODC "
                f"{text.fmt_int(match.iloc[0]['value'])}"
            )
    if pairs:
        text.md("Side by side for the whole country, not averaged: " + text.join_words(pairs) + ".")


def narcotics_events(data: Security) -> None:
    """Timeline events on drugs and trafficking in the years chosen."""
    rows = data.events[
        (data.events["category"] == "security")
        & data.events["event"].str.contains(r"drug|poppy|opium|narcotic", case=False)
    ]
    if rows.empty:
        return
    shown = rows.assign(
        day=[fmt_date(w, p) for w, p in zip(rows["when"], rows["date_precision"], strict=True)]
    )
    _table(
        shown,
        "Dated events on drugs in Afghanistan and on the routes through Azerbaijan, "
        f"{_years_of(rows['when'].dt.year)}",
        columns={"day": "Date", "event": "Event"},
        note="Events paraphrased from one source each; figures in them are as the source states.",
    )


# ----------------------------------------------------------------------------------- NATO


def nato_section(data: Security) -> None:
    """The missions' milestones and their size statements (Afghanistan, whatever the country)."""
    if not data.is_afg:
        text.md(
            f"*The NATO-led missions were in Afghanistan; this section is about them and "
            f"Azerbaijan's part in them, whatever the country chosen ({data.name}).*"
        )
    milestones = data.events[
        (data.events["category"] == "nato")
        & data.events["event"].str.contains(r"ISAF|Resolute Support|NATO", case=True)
        # Sizes of the contingent have their own chart and table below.
        & ~data.events["event"].str.contains(r"contingent|peacekeepers|personnel", case=False)
    ]
    if len(milestones):
        shown = milestones.assign(
            day=[
                fmt_date(w, p)
                for w, p in zip(milestones["when"], milestones["date_precision"], strict=True)
            ]
        )
        _table(
            shown,
            "The NATO missions in Afghanistan: milestones in the timeline, "
            f"{_years_of(milestones['when'].dt.year)}",
            columns={"day": "Date", "event": "Event"},
        )
    rows = data.nato
    if rows.empty:
        _missing(f"The data hold no statement of the size of a NATO mission for {data.span}.")
    else:
        shown = rows.assign(
            stated=[
                f"{'about ' if q == 'about' else ''}{text.fmt_int(v)}"
                for q, v in zip(rows["qualifier"], rows["personnel"], strict=True)
            ],
            day=[fmt_date(w, p) for w, p in zip(rows["when"], rows["date_precision"], strict=True)],
        )
        _table(
            shown,
            "Size statements of the NATO-led missions in Afghanistan, "
            f"{_years_of(rows['when'].dt.year)}",
            columns={
                "mission": "Mission",
                "day": "Date",
                "stated": "Personnel",
                "countries": "Contributing nations",
                "note": "Note",
            },
            formats={"countries": text.fmt_int},
            note="Dates are those of the statements; several web pages are dated only roughly.",
        )
        top = rows.loc[rows["personnel"].idxmax()]
        text.md(
            f"The largest size stated in the data for {_years_of(rows['when'].dt.year)} is "
            f"{text.fmt_int(top['personnel'])} personnel ({top['mission']}, "
            f"{fmt_date(top['when'], top['date_precision'])})." + _provenance_words(top)
        )
        for words in _same_year_statements(rows):
            text.md(words)
    load_all = load("nato_missions")
    if not (load_all["mission"] == "ISAF").any():
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


def _same_year_statements(rows: pd.DataFrame) -> list[str]:
    """Sentences on years with more than one size statement: both kept, not reconciled.

    Example:
        >>> rows = gather("AFG", 2020, 2020).nato
        >>> "15,937 (June 2020)" in _same_year_statements(rows)[0]
        True
    """
    out = []
    registry = sources()
    for year, group in rows.groupby(rows["when"].dt.year):
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


def contingent_section(data: Security) -> None:
    """Azerbaijan's contingent as a step chart by date, and its tasks."""
    rows = data.contingent
    if rows.empty:
        _missing(f"The data hold no report of the Azerbaijani contingent's size in {data.span}.")
        return
    line = _contingent_primary(rows)
    alt = rows.merge(
        line[["date", "source_id"]], on=["date", "source_id"], how="left", indicator=True
    )
    alt = alt[alt["_merge"] == "left_only"]
    fig, ax = charts.new_figure(3.2)
    missions = list(dict.fromkeys(line["mission"]))
    colours = {m: charts.PALETTE[i % len(charts.PALETTE)] for i, m in enumerate(missions)}
    dates = list(line["date"])
    handover = data.events[
        (data.events["category"] == "nato")
        & data.events["event"].str.contains("ISAF")
        & data.events["event"].str.contains("Resolute Support")
        & ~data.events["event"].str.contains(r"contingent|peacekeepers", case=False)
    ]
    switches = [
        w + pd.Timedelta(days=14 if p == "month" else 0)
        for w, p in zip(handover["when"], handover["date_precision"], strict=True)
    ]
    unstated = False
    for i, row in line.iterrows():
        # Each level holds from its report to the next one: a step, not a slope, in the
        # colour of its mission. Past a change of mission with no new report, the size under
        # the new mission was not stated: that stretch is dashed and grey.
        end = dates[i + 1] if i + 1 < len(dates) else row["date"]
        cut = next((w for w in switches if row["date"] < w < end), None)
        ax.hlines(
            row["personnel"], row["date"], cut or end, colors=colours[row["mission"]], linewidth=1.8
        )
        if cut is not None:
            unstated = True
            ax.hlines(
                row["personnel"], cut, end, colors="#999999", linewidth=1.4, linestyles="dashed"
            )
        if i + 1 < len(dates):
            ax.vlines(
                end, row["personnel"], line.iloc[i + 1]["personnel"], colors="#aaaaaa", linewidth=1
            )
    if unstated:
        ax.plot(
            [],
            [],
            color="#999999",
            linestyle="dashed",
            label="no size stated under the new mission",
        )
    if len(handover):
        row = handover.iloc[0]
        when = switches[0]
        ax.axvline(when, color=charts.PALETTE[5], linestyle=":", linewidth=1)
        ax.annotate(
            f"ISAF → Resolute Support, {fmt_date(row['when'], row['date_precision'])}",
            (when, 4),
            xytext=(4, 0),
            textcoords="offset points",
            fontsize=7,
            color=charts.PALETTE[5],
        )
    for mission in missions:
        part = line[line["mission"] == mission]
        ax.plot(
            part["date"],
            part["personnel"],
            "o",
            color=colours[mission],
            label=mission,
            markersize=5,
        )
    if len(alt):
        ax.plot(
            alt["date"],
            alt["personnel"],
            "o",
            markerfacecolor="white",
            color=charts.PALETTE[5],
            label="another report of the same date",
            markersize=5,
        )
    for _, row in line.iterrows():
        ax.annotate(
            text.fmt_int(row["personnel"]),
            (row["date"], row["personnel"]),
            xytext=(-4, 5),
            textcoords="offset points",
            ha="right",
            fontsize=7,
        )
    last = line.iloc[-1]
    if "withdraw" in str(last["tasks"]).lower() or "withdraw" in str(last["note"]).lower():
        ax.annotate(
            f"withdrawn, {fmt_date(last['date'], last['date_precision'])}",
            (last["date"], last["personnel"]),
            xytext=(-4, -14),
            textcoords="offset points",
            ha="right",
            fontsize=7,
            # A white ground keeps the step lines behind it from running through the words.
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            zorder=6,
        )
    ax.set_ylim(0, float(rows["personnel"].max()) * 1.25)
    # Some room either side of the reports, never beyond the years chosen.
    left = max(pd.Timestamp(data.start, 1, 1), line["date"].min() - pd.DateOffset(years=1))
    right = min(pd.Timestamp(data.end, 12, 31), line["date"].max() + pd.DateOffset(years=1))
    ax.set_xlim(left, right)
    ax.set_ylabel("service members")
    ax.xaxis.set_major_locator(mdates.YearLocator(base=2 if len(line) > 2 else 1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.legend(loc="upper left", fontsize=7)
    shown = rows.assign(day=rows["date"].dt.strftime("%Y-%m-%d"))
    _figure(
        fig,
        contingent_title(data),
        shown[["day", "personnel", "mission", "source_id"]],
        subtitle=f"Reported size of Azerbaijan's contingent in Afghanistan, service members, "
        f"{fmt_date(line.iloc[0]['date'])} to {fmt_date(last['date'])}",
        alt="Step chart of the reported size of the Azerbaijani contingent in Afghanistan",
        note=(
            "Each step holds a reported size until the next report, in the colour of its "
            "mission; the size between two reports is not known."
            + (
                " Dashed: after the change of mission, until the next report, no size was stated."
                if unstated
                else ""
            )
            + " Where two reports of the same date differ, the second is drawn as a hollow point."
        ),
    )
    shown = rows.assign(
        day=[fmt_date(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)]
    )
    _table(
        shown,
        "The Azerbaijani contingent: reported sizes, missions and tasks",
        columns={
            "day": "Date",
            "personnel": "Personnel",
            "mission": "Mission",
            "tasks": "Tasks",
            "note": "Note",
        },
        formats={"personnel": text.fmt_int},
    )


def contingent_title(data: Security) -> str:
    """The contingent chart's finding: from the first reported size to the largest, and
    the withdrawal where the last report records it.

    Example:
        >>> contingent_title(gather("AFG", 1989, 2024, quiet=True))
        'Azerbaijan’s contingent grew from 22 to 120 service members and left Kabul in August 2021'
    """
    line = _contingent_primary(data.contingent)
    first, last = line.iloc[0], line.iloc[-1]
    top = line.loc[line["personnel"].idxmax()]
    head = (
        f"Azerbaijan’s contingent grew from {text.fmt_int(first['personnel'])} to "
        f"{text.fmt_int(top['personnel'])} service members"
        if int(top["personnel"]) > int(first["personnel"])
        else f"Azerbaijan’s contingent numbered {text.fmt_int(first['personnel'])} service members"
    )
    if "withdraw" in f"{last['tasks']} {last['note']}".lower():
        return f"{head} and left Kabul in {fmt_date(last['date'], 'month')}"
    return head


# ------------------------------------------------------------------------------- revisions


def _previous_release(data: Security) -> pd.DataFrame:
    """The older release closest to the one drawn (the one reaching the latest year), so a
    revision compares two releases and never counts a year twice."""
    other = data.other
    if other.empty:
        return other
    reach = other.groupby("release")["year"].agg(["max", "size"]).sort_values(["max", "size"])
    return other[other["release"] == reach.index[-1]]


def revisions_section(data: Security) -> None:
    """How the older UCDP release differs from the one drawn, year by year."""
    if data.other.empty or data.deaths.empty:
        text.md(
            f"Only one UCDP release in the data covers {data.name} in {data.span}, so no "
            "revision between releases can be shown."
        )
        return
    newest = _deaths_all(data)[["year", "deaths", "source_id"]]
    both = newest.merge(
        _previous_release(data)[["year", "deaths", "release", "source_id"]],
        on="year",
        suffixes=("", "_old"),
    )
    if both.empty:
        text.md("The two UCDP releases share no year within the years chosen.")
        return
    both["diff"] = both["deaths"].astype(int) - both["deaths_old"].astype(int)
    changed = both[both["diff"] != 0]
    old_release = str(both["release"].iloc[0])
    if changed.empty:
        text.md(
            f"For {data.name} the older release ({old_release}) gives the same figures as the "
            f"newer one in every shared year ({text.year_span(both['year'])})."
        )
        return
    worst = changed.loc[changed["diff"].abs().idxmax()]
    share = abs(float(worst["diff"])) / max(float(worst["deaths"]), 1.0) * 100
    told = (
        f"For {data.name}, the older release ({old_release}) and the newer one share "
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
    top = changed.reindex(changed["diff"].abs().sort_values(ascending=False).index).head(6)
    # One row per year and release, so each figure keeps its own source in the source line.
    newer = top.assign(which=data.release, shown=top["deaths"], rev=top["diff"])
    older = top.assign(
        which=old_release, shown=top["deaths_old"], rev=pd.NA, source_id=top["source_id_old"]
    )
    frame = pd.concat([older, newer]).sort_values(["year", "rev"], na_position="first")
    _table(
        frame[["year", "which", "shown", "rev", "source_id"]],
        f"Total deaths in organised violence in {data.name}: the largest revisions between the "
        "UCDP releases",
        columns={"year": "Year", "which": "Release", "shown": "Deaths", "rev": "Revision"},
        formats={
            "year": lambda v: str(int(v)),
            "shown": text.fmt_int,
            "rev": lambda v: ("+" if v > 0 else "−" if v < 0 else "") + text.fmt_int(abs(v)),
        },
    )
