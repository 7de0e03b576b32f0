"""UNHCR refugee statistics API (`population` endpoint): refugees and asylum-seekers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..data import load_quiet
from . import Loader, TableUpdate, shape_error

# The hosts whose refugees of every origin the snapshot keeps; elsewhere only Afghans.
HOSTS = ("AZE", "TUR", "KAZ", "UZB", "TJK", "TKM", "IRN", "PAK", "DEU", "AUT")
ORIGIN = "AFG"
FIRST_YEAR = 2010
OIP_FROM = 2022
LIMIT = 1000


def _count(value: Any, what: str) -> int:
    # UNHCR writes "-" (and sometimes nothing) where a figure is zero or not reported.
    if value in (None, "", "-"):
        return 0
    try:
        number = int(round(float(value)))
    except (TypeError, ValueError):
        raise shape_error("unhcr", f"{what} is {value!r}, not a number") from None
    if number < 0:
        raise shape_error("unhcr", f"{what} is negative")
    return number


def _code(item: dict, side: str) -> str:
    for key in (f"{side}_iso", side):
        value = str(item.get(key) or "").strip().upper()
        if len(value) == 3 and value.isalpha():
            return value
    raise shape_error("unhcr", f"an item has no three-letter '{side}_iso' code")


class Unhcr(Loader):
    """{base}/population/?coo=…&coa_all=true&cf_type=ISO&yearFrom&yearTo&limit&page."""

    name = "unhcr"
    publisher = "UNHCR"
    default_url = "https://api.unhcr.org/population/v1"
    licence = "CC BY IGO 3.0 (UNHCR data)"
    licence_url = "https://creativecommons.org/licenses/by/3.0/igo/"

    def years(self) -> tuple[int, int]:
        """First and last year asked for."""
        return (self.ctx.since or FIRST_YEAR), self.ctx.today.year

    def queries(self) -> list[dict[str, Any]]:
        """Afghans in every country of asylum, then every origin in each host of the report."""
        first, last = self.years()
        common = {"yearFrom": first, "yearTo": last, "cf_type": "ISO", "limit": LIMIT}
        return [{**common, "coo": ORIGIN, "coa_all": "true"}] + [
            {**common, "coa": host, "coo_all": "true"} for host in HOSTS
        ]

    def fetch(self) -> list[dict[str, Any]]:
        """Every page of every query."""
        client = self.client()
        items: list[dict[str, Any]] = []
        for query in self.queries():
            page, pages = 1, 1
            label = f"coo={query['coo']}" if "coo" in query else f"coa={query['coa']}"
            while page <= pages:
                answer = client.get_json("population/", {**query, "page": page})
                if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
                    raise shape_error(self.name, "expected {page, maxPages, items: [...]}")
                try:
                    pages = int(answer.get("maxPages") or 1)
                except (TypeError, ValueError):
                    raise shape_error(self.name, "'maxPages' is not a number") from None
                if page == 1 and self.ctx.progress is not None:
                    self.ctx.progress.add_total(max(pages - 1, 0))
                items += answer["items"]
                self.ctx.step(f"{label} page {page} of {pages}")
                page += 1
        return items

    def is_mid_year(self, year: int) -> bool:
        """UNHCR publishes a year's end-year stocks in June of the next: before that, mid-year."""
        today = self.ctx.today
        return year >= today.year or (year == today.year - 1 and today.month < 6)

    def normalise(self, raw: list[dict[str, Any]]) -> list[TableUpdate]:
        """Rows of refugees, and names of countries not yet in countries.csv."""
        sid = self.source_id()
        rows: dict[tuple, dict[str, Any]] = {}
        names: dict[str, str] = {}
        for item in raw:
            if not isinstance(item, dict):
                raise shape_error(self.name, "an item is not an object")
            try:
                year = int(item.get("year"))
            except (TypeError, ValueError):
                raise shape_error(self.name, f"year {item.get('year')!r}") from None
            origin, asylum = _code(item, "coo"), _code(item, "coa")
            refugees = _count(item.get("refugees"), "refugees")
            asylum_seekers = _count(item.get("asylum_seekers"), "asylum_seekers")
            # UNHCR counts "other people in need of international protection" from 2022.
            other = _count(item.get("oip"), "oip") if year >= OIP_FROM else None
            if refugees == 0 and asylum_seekers == 0:
                continue
            names.setdefault(origin, str(item.get("coo_name") or origin))
            names.setdefault(asylum, str(item.get("coa_name") or asylum))
            rows[(year, origin, asylum)] = {
                "year": year,
                "origin": origin,
                "asylum": asylum,
                "refugees": refugees,
                "asylum_seekers": asylum_seekers,
                "other_in_need": other,
                "is_mid_year": self.is_mid_year(year),
                "source_id": sid,
            }
        frame = pd.DataFrame(list(rows.values()), columns=_COLUMNS)
        first, last = self.years()
        latest = int(frame["year"].max()) if not frame.empty else None
        mid = latest is not None and self.is_mid_year(latest)
        vintage = f"UNHCR refugee statistics as published on {self.ctx.accessed}" + (
            f" ({latest} = mid-year)" if mid else ""
        )
        known = set(load_quiet("countries", self.ctx.project)["iso3"].astype(str))
        countries = pd.DataFrame(
            [
                {"iso3": c, "name": n, "source_id": sid}
                for c, n in sorted(names.items())
                if c not in known
            ],
            columns=["iso3", "name", "source_id"],
        )
        query = {
            "endpoint": f"{self.base_url}/population/",
            "filters": {
                "yearFrom": first,
                "yearTo": last,
                "cf_type": "ISO",
                "queries": [f"coo={ORIGIN}&coa_all=true"]
                + [f"coa={h}&coo_all=true" for h in HOSTS],
            },
        }
        provenance = {
            "publisher_vintage": "not stated by the API: the figures as published on the "
            f"access date; latest year {latest}" + (" (mid-year)" if mid else ""),
            "query": query,
        }
        updates = [
            TableUpdate("refugees", frame, vintage, provenance, supersedes=_slice(first)),
        ]
        if not countries.empty:
            updates.append(TableUpdate("countries", countries, vintage, provenance, add_only=True))
        return updates

    def source_id(self) -> str:
        """The live source id of this access."""
        return f"live_unhcr_population_{self.ctx.today.strftime('%Y%m%d')}"

    def source_rows(self, raw: Any, updates: list[TableUpdate]) -> list[dict[str, str]]:
        """One sources.csv row for this access."""
        return [
            {
                "source_id": self.source_id(),
                "publisher": self.publisher,
                "title": "Refugee Data Finder: refugees and asylum-seekers by origin and "
                f"country of asylum (API, as published on {self.ctx.accessed})",
                "url": "https://www.unhcr.org/refugee-statistics/",
                "published": self.ctx.accessed,
                "accessed": self.ctx.accessed,
                "licence": self.licence,
                "kind": "statistical",
                "cited_via": f"{self.base_url}/population/",
                "note": "Read by azaf data refresh unhcr; UNHCR rounds small numbers.",
            }
        ]


_COLUMNS = [
    "year",
    "origin",
    "asylum",
    "refugees",
    "asylum_seekers",
    "other_in_need",
    "is_mid_year",
    "source_id",
]


def _slice(first: int):
    def mask(old: pd.DataFrame) -> pd.Series:
        scope = (old["origin"] == ORIGIN) | old["asylum"].isin(HOSTS)
        return (
            old["source_id"].astype(str).str.startswith("live_unhcr_")
            & scope
            & (pd.to_numeric(old["year"]) >= first)
        )

    return mask


LOADER = Unhcr
