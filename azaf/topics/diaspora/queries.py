"""The diaspora data step: refugee rows, shares, ranks, breaks, Turkic estimates, programmes."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ... import text
from ...data import country_name, load, load_quiet
from ._common import (
    BREAK_FACTOR,
    BREAK_LEAST,
    GROUP_LABELS,
    _params,
    _published_year,
    _table,
    _with,
    _with_total,
)


def all_origin_hosts(quiet: bool = False) -> list[str]:
    """Hosts for which the data keep every country of origin (more than one origin listed).

    Example:
        >>> "AZE" in all_origin_hosts()
        True
    """
    table = _table("refugees", quiet)
    counts = table.groupby("asylum")["origin"].nunique()
    return sorted(counts[counts > 1].index)


def host_rows(host: str, start: int, end: int, quiet: bool = False) -> pd.DataFrame:
    """Refugees and asylum-seekers of every origin in the host, years start–end, with total.

    Example:
        >>> host_rows("AZE", 2019, 2019)["origin"].tolist()[:2]
        ['AFG', 'ARM']
    """
    table = _table("refugees", quiet)
    rows = table[(table["asylum"] == host) & table["year"].between(start, end)]
    return _with_total(rows.sort_values(["year", "origin"]).reset_index(drop=True))


def origin_rows(origin: str, start: int, end: int, quiet: bool = False) -> pd.DataFrame:
    """Refugees and asylum-seekers from the origin in every host, years start–end, with total.

    Example:
        >>> origin_rows("AFG", 1979, 1979)["asylum"].tolist()
        ['IRN', 'PAK']
    """
    table = _table("refugees", quiet)
    rows = table[(table["origin"] == origin) & table["year"].between(start, end)]
    return _with_total(rows.sort_values(["year", "asylum"]).reset_index(drop=True))


def share_by_year(rows: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Per year: people from the origin, people of all origins, and the origin's shares.

    `share` counts refugees and asylum-seekers together; `refugee_share` refugees only.

    Example:
        >>> s = share_by_year(host_rows("AZE", 2019, 2019), "AFG")
        >>> round(float(s["refugee_share"].iloc[0]), 1)
        56.5
    """
    cols = ["year", "refugees", "asylum_seekers", "total"]
    rows = rows[rows["source_id"].isin(share_sources())]
    if rows.empty:
        return pd.DataFrame(
            columns=[*cols, "all_refugees", "all_total", "share", "refugee_share"]
            + ["is_mid_year", "source_id"]
        )
    years = rows.groupby("year").agg(
        all_refugees=("refugees", "sum"),
        all_total=("total", "sum"),
        is_mid_year=("is_mid_year", "max"),
        source_id=("source_id", "first"),
    )
    mine = rows[rows["origin"] == origin].set_index("year")[cols[1:]]
    out = years.join(mine, how="left").fillna({"refugees": 0, "asylum_seekers": 0, "total": 0})
    out["share"] = out["total"].astype(float) / out["all_total"].astype(float) * 100
    out["refugee_share"] = out["refugees"].astype(float) / out["all_refugees"].astype(float) * 100
    return out.reset_index()[
        [*cols, "all_refugees", "all_total", "share", "refugee_share", "is_mid_year", "source_id"]
    ]


def ranked_years(rows: pd.DataFrame) -> list[int]:
    """Years of `rows` in which the data cover enough hosts of its origin to rank them.

    Enough: at least half as many as in the best-covered year of the whole table.

    Before 2010 the data hold Afghans only in Iran and Pakistan; a rank then says nothing.
    """
    if rows.empty:
        return []
    table = load_quiet("refugees")
    counts = table[table["origin"].isin(rows["origin"].unique())].groupby("year")["asylum"]
    counts = counts.nunique()
    covered = set(counts[counts >= counts.max() / 2].index.astype(int))
    return sorted(int(y) for y in rows["year"].unique() if int(y) in covered)


def host_ranks(rows: pd.DataFrame) -> pd.DataFrame:
    """Rank of every host by people hosted (refugees plus asylum-seekers), per ranked year."""
    years = ranked_years(rows)
    ranked = rows[rows["year"].isin(years) & (rows["total"] > 0)].copy()
    ranked["rank"] = ranked.groupby("year")["total"].rank(ascending=False, method="min").astype(int)
    ranked["hosts"] = ranked.groupby("year")["asylum"].transform("nunique")
    return ranked.sort_values(["year", "rank"]).reset_index(drop=True)


def share_sources(quiet: bool = True) -> set[str]:
    """Sources whose rows keep every origin; a share is computed only from these.

    The HDX extract behind the early Iran and Pakistan figures holds Afghans only.
    """
    table = _table("refugees", quiet)
    counts = table.groupby("source_id")["origin"].nunique()
    return set(counts[counts > 1].index)


def _limited(rows: pd.DataFrame) -> bool:
    """True when the origin's hosts are only the few for which the data keep every origin."""
    return set(rows["asylum"]) <= set(all_origin_hosts(quiet=True))


def breaks(host: str, origin: str, start: int, end: int, quiet: bool = True) -> pd.DataFrame:
    """Changes beyond BREAK_FACTOR from one year to the next, with BREAK_LEAST people or more.

    Series: the origin's refugees and its asylum-seekers apart, and every other origin's people
    hosted (refugees plus asylum-seekers). Years are compared within one UNHCR source only; an
    origin absent from a year of a source that keeps every origin counts as none.

    Example:
        >>> b = breaks("UZB", "AFG", 2010, 2022)
        >>> b[["series", "year_from", "year_to"]].values.tolist()[0]
        ['refugees from Afghanistan', 2020, 2021]
    """
    rows = host_rows(host, start, end, quiet=quiet)
    return breaks_of(_with(rows, host=host, origin=origin, start_year=start, end_year=end))


def breaks_of(rows: pd.DataFrame) -> pd.DataFrame:
    """The sudden breaks (as `breaks`) in a frame from `hosted`, filtered or not."""
    host, origin = _params(rows, "host", "origin")
    o = country_name(origin)
    found: list[dict] = []
    for source, part in rows.groupby("source_id"):
        full = source in share_sources() and host in all_origin_hosts(quiet=True)
        years = sorted(int(y) for y in part["year"].unique())
        mid = part.groupby("year")["is_mid_year"].max()
        series: dict[str, pd.Series] = {}
        mine = part[part["origin"] == origin].set_index("year")
        for column, noun in (("refugees", "refugees"), ("asylum_seekers", "asylum-seekers")):
            values = mine[column].astype(float)
            series[f"{noun} from {o}"] = values.reindex(years).fillna(0) if full else values
        if full:
            wide = part[part["origin"] != origin].pivot_table(
                index="year", columns="origin", values="total", aggfunc="sum"
            )
            for code in wide.columns:
                name = country_name(code)
                # "Various / unknown" is not a country: say "of … origin" instead of "from".
                who = (
                    f"people of {name.lower()} origin"
                    if "/" in name or "unknown" in name.lower()
                    else f"people from {name}"
                )
                series[who] = wide[code].astype(float).reindex(years).fillna(0)
        for name, values in series.items():
            values = values.sort_index()
            for (y0, a), (y1, b) in zip(
                values.iloc[:-1].items(), values.iloc[1:].items(), strict=True
            ):
                if int(y1) != int(y0) + 1 or max(a, b) < BREAK_LEAST:
                    continue
                if max(a, b) > BREAK_FACTOR * max(min(a, b), 1):
                    found.append(
                        dict(
                            series=name,
                            year_from=int(y0),
                            value_from=int(a),
                            year_to=int(y1),
                            value_to=int(b),
                            mid_year_to=bool(mid.get(y1, False)),
                            source_id=str(source),
                        )
                    )
    columns = ["series", "year_from", "value_from", "year_to", "value_to", "mid_year_to"]
    out = pd.DataFrame(found, columns=[*columns, "source_id"])
    # The origin's own series first, then the others by size of the change.
    out["own"] = ~out["series"].str.startswith("people ")
    out["size"] = (out["value_to"] - out["value_from"]).abs()
    out = out.sort_values(["own", "series", "year_from"], ascending=[False, True, True])
    return out.drop(columns=["own", "size"]).reset_index(drop=True)


def _counts(scope: Any) -> str:
    """What a row counts: the speakers of a language, or the members of an ethnic group."""
    # "Dari-speaking" describes a group, not a count of speakers: match whole words only.
    found = re.search(r"\blanguages?\b|\bspeakers\b|\bspeak(ing)? Turkic", str(scope), re.I)
    return "language speakers" if found else "ethnic group"


def _stated_share(scope: Any) -> float | None:
    """A share of the population the source states beside a number of people, if any."""
    found = re.search(r"\((\d+(?:\.\d+)?) percent\)", str(scope))
    return float(found.group(1)) if found else None


def turkic_estimates(quiet: bool = False) -> pd.DataFrame:
    """The Turkic groups table, with a label per people, estimate, what it counts and year.

    The year is given as the reader should read it ("published 2023" where no other).

    Example:
        >>> t = turkic_estimates(quiet=True)
        >>> sorted(t.loc[t["label"] == "Uzbek", "unit"].unique())
        ['people', 'percent']
    """
    table = _table("turkic_groups", quiet)
    table = table.assign(label=table["group"].map(GROUP_LABELS).fillna(table["group"]))

    def estimate(r: Any) -> str:
        if text.is_missing(r["estimate_low"]):
            return "no figure"
        lo, hi = r["estimate_low"], r["estimate_high"]
        if r["unit"] == "percent":
            return f"{lo}% of the population" if lo == hi else f"{lo}–{hi}% of the population"
        return text.fmt_int(lo) if lo == hi else f"{text.fmt_int(lo)}–{text.fmt_int(hi)}"

    def year(r: Any) -> str:
        # The schema: the year the figure refers to where the source says so, otherwise the
        # year of the edition. Equal to the publication year, it is read as the latter.
        if text.is_missing(r["estimate_year"]):
            return "not given"
        if _published_year(str(r["source_id"])) == int(r["estimate_year"]):
            return f"published {r['estimate_year']}"
        return str(r["estimate_year"])

    table["estimate"] = table.apply(estimate, axis=1)
    table["counts"] = table["scope"].map(_counts)
    table["year_text"] = table.apply(year, axis=1)
    return table


def _outside(t: pd.DataFrame, start: int, end: int) -> list[int]:
    """Years of the estimates with a figure that fall outside start–end."""
    years = t.loc[t["estimate_low"].notna() & t["estimate_year"].notna(), "estimate_year"]
    return sorted({int(y) for y in years if not start <= int(y) <= end})


def _programme_value(r: Any) -> str:
    """'more than 100 people trained': the count with the hedge the brief put on it."""
    claims = load_quiet("brief_claims")
    match = claims[
        (claims["data_table"] == "people_programmes")
        & (claims["unit"] == r["unit"])
        & (claims["value"] == float(r["value"]))
    ]
    words = {"more_than": "more than", "about": "about", "at_least": "at least"}
    hedge = words.get(str(match.iloc[0]["qualifier"]), "") if not match.empty else ""
    noun = "people trained" if r["unit"] == "people" else "training sessions"
    return f"{hedge} {text.fmt_int(r['value'])} {noun}".strip()


def _programme_name(name: str, unit: Any) -> str:
    """The programme's name without the suffix after ': ' that names the count the row holds
    (the Figure column says it)."""
    if text.is_missing(unit) or ": " not in name:
        return name
    return name.rsplit(": ", 1)[0].strip()


def programme_rows() -> pd.DataFrame:
    """The programmes as shown: one row per programme, its counts joined in one Figure cell.

    Example:
        >>> p = programme_rows()
        >>> int(p["programme"].str.startswith("ASAN").sum())
        1
    """
    p = load_quiet("people_programmes")
    p = p.assign(
        name=[_programme_name(n, u) for n, u in zip(p["programme"], p["unit"], strict=True)],
        when=p.apply(
            lambda r: (
                "not stated"
                if text.is_missing(r["start"])
                else f"{r['start']}–{'' if text.is_missing(r['end']) else r['end']}"
            ),
            axis=1,
        ),
        figure=p.apply(lambda r: "" if text.is_missing(r["value"]) else _programme_value(r), 1),
    )
    grouped = p.groupby("name", sort=False).agg(
        partner_body=("partner_body", "first"),
        when=("when", "first"),
        figure=("figure", lambda f: "; ".join(v for v in f if v) or "–"),
        description=("description", lambda d: " ".join(str(v) for v in d)),
        source_id=("source_id", "first"),
    )
    out = grouped.reset_index().rename(columns={"name": "programme"})
    return out.assign(partner_body=out["partner_body"].fillna("–"))


# ---------------------------------------------------------------- the sections' data steps


def hosted(host: str, origin: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Refugees and asylum-seekers of every origin in the host by year: the first section's data.

    Example:
        >>> hosted("AZE", "AFG", 2019, 2019).attrs["host"]
        'AZE'
    """
    rows = host_rows(host, start_year, end_year)
    return _with(rows, host=host, origin=origin, start_year=int(start_year), end_year=int(end_year))


def abroad(host: str, origin: str, start_year: int, end_year: int, top_n: int) -> pd.DataFrame:
    """Refugees and asylum-seekers from the origin in every host by year: the hosts' data."""
    rows = origin_rows(origin, start_year, end_year)
    return _with(
        rows,
        host=host,
        origin=origin,
        start_year=int(start_year),
        end_year=int(end_year),
        top_n=int(top_n),
    )


def claims(host: str, origin: str) -> pd.DataFrame:
    """The briefs' claims in figures about refugees in the host, to set beside the data."""
    table = load("brief_claims")
    rows = table[table["data_table"] == "refugees"]
    rows = rows[rows["data_filter"].fillna("").str.contains(f"asylum == '{host}'", regex=False)]
    return _with(rows, host=host, origin=origin)


def turkic(origin: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Published estimates of Afghanistan's Turkic peoples (none for another origin)."""
    # Only Afghan editions read the table; another origin gets its (empty) shape.
    table = turkic_estimates(quiet=origin != "AFG")
    table = table if origin == "AFG" else table.iloc[0:0]
    return _with(table, origin=origin, start_year=int(start_year), end_year=int(end_year))


def programmes(host: str, origin: str) -> pd.DataFrame:
    """Azerbaijan's programmes with Afghanistan, one row each, as the programmes table shows."""
    load("people_programmes")  # listed among the datasets read, in Sources and methods
    return _with(programme_rows(), host=host, origin=origin)


def programme_events(host: str, origin: str) -> pd.DataFrame:
    """Dated training, scholarship and exchange events in the timeline of relations."""
    timeline = load("timeline")
    rows = timeline[
        # Case-sensitive on purpose: "asan" also occurs inside "Khorasan".
        timeline["event"].str.contains(r"\bASAN\b|Diplomatic Academy|[Ss]cholarship|[Ss]tudent")
    ]
    return _with(rows, host=host, origin=origin)
