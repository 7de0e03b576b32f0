"""The data step of the security report: one function per section, each returning the rows
its chart, tables and words are drawn from, with the parameters they need in `frame.attrs`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...data import country_name, load, load_quiet
from ._common import BAN_YEAR, TAKEOVER_FALLBACK_YEAR, _in_range, _when, _year_fraction, fmt_date

# Every table the report reads, in the order it first reads them (the order its Sources and
# methods list them in).
TABLES = [
    "conflict_deaths",
    "acled_aggregates",
    "gti",
    "opium",
    "opium_related",
    "opium_alcis",
    "nato_missions",
    "aze_contingent",
    "timeline",
    "brief_claims",
]
ATTACKS = r"attack|bomb|IS-Khorasan|ISIS|Islamic State|al-Qaeda|Qaeda|Zawahiri|insurg"


def _tables(names: list[str], quiet: bool = False) -> dict[str, pd.DataFrame]:
    read = load_quiet if quiet else load
    return {name: read(name) for name in names}


def _with(frame: pd.DataFrame, country: str, start: int, end: int, **more: Any) -> pd.DataFrame:
    """The frame with the parameters (and what else its chart and words need) in attrs."""
    frame = frame.reset_index(drop=True)
    frame.attrs.update(
        country=country, name=country_name(country), start_year=int(start), end_year=int(end)
    )
    frame.attrs.update(more)
    return frame


def _timeline(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    timeline = t["timeline"]
    return timeline.assign(when=timeline["date"].map(_when))


def _events(t: dict[str, pd.DataFrame], start: int, end: int) -> pd.DataFrame:
    timeline = _timeline(t)
    return timeline[_in_range(timeline["when"].dt.year, start, end)]


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
        "source_id": str(row["source_id"]),
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


def _releases(t: dict[str, pd.DataFrame], country: str) -> tuple[pd.DataFrame, str]:
    """The country's rows of every release, and the newest release (reaching the latest year)."""
    table = t["conflict_deaths"]
    mine = table[table["iso3"] == country]
    if mine.empty:
        return mine, ""
    return mine, str(mine.groupby("release")["year"].max().idxmax())


# ---------------------------------------------------------------- one function per section


def _deaths(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    mine, release = _releases(t, country)
    span = None
    rows = mine.iloc[0:0]
    if release:
        # The newest release is the one reaching the latest year; releases are never mixed.
        rel = mine[mine["release"] == release]
        span = [int(rel["year"].min()), int(rel["year"].max())]
        rows = rel[_in_range(rel["year"], start, end)].sort_values(["year", "type"])
    others = sorted({str(r) for r in mine["release"].unique()} - {release})
    return _with(
        rows,
        country,
        start,
        end,
        release=release,
        deaths_span=span,
        other_releases=others,
        takeover=_takeover(_timeline(t)),
    )


def deaths(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """UCDP deaths in organised violence by year and type (and "all"), newest release only.

    Example:
        >>> deaths("AFG", 2015, 2020)["year"].min()
        2015
    """
    return _deaths(_tables(["conflict_deaths", "timeline"]), country, start_year, end_year)


def _acled(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    every = t["acled_aggregates"]
    every = every[every["iso3"] == "AFG"]
    rows = every[
        (every["iso3"] == country)
        & (every["start"].dt.year >= start)
        & (every["end"].dt.year <= end)
    ].sort_values(["start", "end"])
    ucdp = _deaths(t, country, start, end)
    ucdp = ucdp[ucdp["type"] == "all"]
    return _with(
        rows,
        country,
        start,
        end,
        periods_from=every["start"].min(),
        periods_to=every["end"].max(),
        ucdp_deaths={int(y): int(d) for y, d in zip(ucdp["year"], ucdp["deaths"], strict=True)},
    )


def acled(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """ACLED aggregates compiled by ACCORD for periods within the years (Afghanistan only)."""
    names = ["conflict_deaths", "acled_aggregates", "timeline"]
    return _acled(_tables(names), country, start_year, end_year)


def _gti(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    every = t["gti"]
    rows = every[_in_range(every["data_year"], start, end)]
    return _with(
        rows,
        country,
        start,
        end,
        gti_break=_gti_break(every),
        years_held=sorted({int(y) for y in every["data_year"]}),
    )


def gti(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """Afghanistan's Global Terrorism Index figures (one row per edition and indicator)."""
    return _gti(_tables(["gti"]), country, start_year, end_year)


def _attacks(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    events = _events(t, start, end)
    rows = events[
        (events["category"] == "security") & events["event"].str.contains(ATTACKS, case=False)
    ]
    return _with(rows, country, start, end)


def attacks(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """Dated attacks and armed-group events (al-Qaeda's among them) from the timeline."""
    return _attacks(_tables(["timeline"]), country, start_year, end_year)


def _claims(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    every = t["brief_claims"]
    return _with(every[every["topic"] == "security"], country, start, end)


def claims(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """What the seed briefs state about security (the table shows those of the years)."""
    return _claims(_tables(["brief_claims"]), country, start_year, end_year)


def _latest_opium(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    every = t["opium"]
    # Where UNODC publications disagree on a year, the series draws the newest one's figure.
    return every[every["latest_estimate"].fillna(True).astype(bool)]


def _opium(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    every = _latest_opium(t)
    rows = every[_in_range(every["year"], start, end)]
    return _with(
        rows,
        country,
        start,
        end,
        ban=_ban(_timeline(t)),
        years_held=sorted({int(y) for y in every["year"]}),
    )


def opium(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """UNODC's national opium estimates (area under poppy, production), one figure a year.

    Example:
        >>> sorted(opium("AFG", 2022, 2024)["indicator"].unique())
        ['cultivation', 'production']
    """
    return _opium(_tables(["opium", "timeline"]), country, start_year, end_year)


def _related(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    every = t["opium_related"]
    return _with(every[_in_range(every["year"], start, end)], country, start, end)


def opium_related(
    country: str = "AFG", start_year: int = 1989, end_year: int = 2025
) -> pd.DataFrame:
    """UNODC's share of world production, farmers' income and harvest value, by year."""
    return _related(_tables(["opium_related"]), country, start_year, end_year)


def _alcis(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    every = t["opium_alcis"]
    unodc = _latest_opium(t)
    area = unodc[(unodc["indicator"] == "cultivation") & _in_range(unodc["year"], start, end)]
    return _with(
        every[_in_range(every["year"], start, end)],
        country,
        start,
        end,
        unodc_area={int(y): float(v) for y, v in zip(area["year"], area["value"], strict=True)},
    )


def alcis(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """Alcis's satellite estimates of poppy cultivation (a source apart from UNODC)."""
    return _alcis(_tables(["opium", "opium_alcis"]), country, start_year, end_year)


def _drug_events(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    events = _events(t, start, end)
    rows = events[
        (events["category"] == "security")
        & events["event"].str.contains(r"drug|poppy|opium|narcotic", case=False)
    ]
    return _with(rows, country, start, end)


def drug_events(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """Timeline events on drugs and trafficking in the years."""
    return _drug_events(_tables(["timeline"]), country, start_year, end_year)


def _milestones(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    events = _events(t, start, end)
    rows = events[
        (events["category"] == "nato")
        & events["event"].str.contains(r"ISAF|Resolute Support|NATO", case=True)
        # Sizes of the contingent have their own chart and table.
        & ~events["event"].str.contains(r"contingent|peacekeepers|personnel", case=False)
    ]
    return _with(rows, country, start, end)


def nato_milestones(
    country: str = "AFG", start_year: int = 1989, end_year: int = 2025
) -> pd.DataFrame:
    """The NATO missions' milestones in the timeline, in the years."""
    return _milestones(_tables(["timeline"]), country, start_year, end_year)


def _missions(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    every = t["nato_missions"]
    rows = every.assign(when=every["date"].map(_when))
    rows = rows[_in_range(rows["when"].dt.year, start, end)]
    # A statement dated only by its year sorts in the middle of that year.
    order = [
        _year_fraction(w, p) for w, p in zip(rows["when"], rows["date_precision"], strict=True)
    ]
    rows = rows.assign(_order=order).sort_values("_order").drop(columns="_order")
    return _with(rows, country, start, end, isaf_held=bool((every["mission"] == "ISAF").any()))


def nato_sizes(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """NATO's statements of the size of its missions in Afghanistan, dated, in the years."""
    return _missions(_tables(["nato_missions"]), country, start_year, end_year)


def _contingent(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    every = t["aze_contingent"]
    rows = every[_in_range(every["date"].dt.year, start, end)].sort_values("date")
    events = _events(t, start, end)
    handover = events[
        (events["category"] == "nato")
        & events["event"].str.contains("ISAF")
        & events["event"].str.contains("Resolute Support")
        & ~events["event"].str.contains(r"contingent|peacekeepers", case=False)
    ]
    return _with(
        rows,
        country,
        start,
        end,
        handovers=[
            {"when": w, "precision": str(p)}
            for w, p in zip(handover["when"], handover["date_precision"], strict=True)
        ],
    )


def contingent(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """Reported sizes of Azerbaijan's contingent in Afghanistan, by date.

    Example:
        >>> int(contingent()["personnel"].max())
        120
    """
    return _contingent(_tables(["aze_contingent", "timeline"]), country, start_year, end_year)


def _revisions(t: dict[str, pd.DataFrame], country: str, start: int, end: int) -> pd.DataFrame:
    mine, release = _releases(t, country)
    newest = mine[(mine["release"] == release) & (mine["type"] == "all")]
    newest = newest[_in_range(newest["year"], start, end)]
    old = mine[(mine["release"] != release) & (mine["type"] == "all")]
    old = old[_in_range(old["year"], start, end)]
    columns = ["year", "deaths", "source_id", "deaths_old", "release", "source_id_old", "diff"]
    both = pd.DataFrame(columns=columns)
    if not old.empty and not newest.empty:
        # The older release closest to the one drawn (the one reaching the latest year), so a
        # revision compares two releases and never counts a year twice.
        reach = old.groupby("release")["year"].agg(["max", "size"]).sort_values(["max", "size"])
        previous = old[old["release"] == reach.index[-1]]
        both = newest.sort_values("year")[["year", "deaths", "source_id"]].merge(
            previous[["year", "deaths", "release", "source_id"]], on="year", suffixes=("", "_old")
        )
        both["diff"] = both["deaths"].astype(int) - both["deaths_old"].astype(int)
    return _with(both, country, start, end, release=release, one_release=old.empty or newest.empty)


def revisions(country: str = "AFG", start_year: int = 1989, end_year: int = 2025) -> pd.DataFrame:
    """Total deaths per year in the newest UCDP release beside the previous one, with the
    difference (one row per year both releases hold)."""
    return _revisions(_tables(["conflict_deaths"]), country, start_year, end_year)


# ---------------------------------------------------------------- every section at once


@dataclass
class Security:
    """Every section's frame for one country and span, loaded at once (summary, key figures)."""

    country: str
    start: int
    end: int
    name: str
    deaths: pd.DataFrame
    acled: pd.DataFrame
    gti: pd.DataFrame
    attacks: pd.DataFrame
    claims: pd.DataFrame
    opium: pd.DataFrame
    related: pd.DataFrame
    alcis: pd.DataFrame
    drug_events: pd.DataFrame
    milestones: pd.DataFrame
    nato: pd.DataFrame
    contingent: pd.DataFrame
    revisions: pd.DataFrame


def gather(country: str, start: int, end: int, quiet: bool = False) -> Security:
    """Load every table the report reads and cut it to the country and years.

    Example:
        >>> data = gather("AFG", 2015, 2020)
        >>> data.deaths["year"].min()
        2015

    With quiet=True the tables are not listed among the datasets the report read (for
    key_figures(), which the overview calls without showing these tables).
    """
    t = _tables(TABLES, quiet)
    return Security(
        country=country,
        start=start,
        end=end,
        name=country_name(country),
        deaths=_deaths(t, country, start, end),
        acled=_acled(t, country, start, end),
        gti=_gti(t, country, start, end),
        attacks=_attacks(t, country, start, end),
        claims=_claims(t, country, start, end),
        opium=_opium(t, country, start, end),
        related=_related(t, country, start, end),
        alcis=_alcis(t, country, start, end),
        drug_events=_drug_events(t, country, start, end),
        milestones=_milestones(t, country, start, end),
        nato=_missions(t, country, start, end),
        contingent=_contingent(t, country, start, end),
        revisions=_revisions(t, country, start, end),
    )
