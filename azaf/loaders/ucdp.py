"""UCDP API (Georeferenced Event Dataset): deaths in organised violence by country and year."""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pandas as pd

from . import FetchError, Loader, TableUpdate, shape_error

TOKEN_VAR = "UCDP_ACCESS_TOKEN"
VERSION_VAR = "AZAF_UCDP_VERSION"
HOW_TO_GET = (
    "the UCDP API needs a free access token: request one from UCDP (how: "
    "https://ucdp.uu.se/apidocs/), then set UCDP_ACCESS_TOKEN=<token> and run the refresh "
    "again; nothing was changed"
)
# Gleditsch–Ward codes (UCDP's country_id) of the countries conflict_deaths holds.
GW = {
    "AFG": 700,
    "AZE": 373,
    "IRN": 630,
    "KAZ": 705,
    "PAK": 770,
    "TJK": 702,
    "TKM": 701,
    "TUR": 640,
    "UZB": 704,
}
ISO = {v: k for k, v in GW.items()}
FIRST_YEAR = 1989  # GED's first year: a release is kept whole, never mixed with another
TYPES = ("intrastate", "interstate", "non-state", "one-sided")
PAGESIZE = 1000


def violence_type(event: dict) -> str:
    """Our type of violence for one GED event.

    GED's type_of_violence 1 (state-based) does not say whether the conflict was between
    states; in GED side_b of an interstate conflict is itself a government ("Government
    of …"), so that distinguishes interstate from intrastate.
    """
    kind = event.get("type_of_violence")
    if kind in (2, "2"):
        return "non-state"
    if kind in (3, "3"):
        return "one-sided"
    if kind in (1, "1"):
        side_b = str(event.get("side_b") or "")
        return "interstate" if side_b.startswith("Government of") else "intrastate"
    raise shape_error("ucdp", f"type_of_violence {kind!r} is not 1, 2 or 3")


class Ucdp(Loader):
    """{base}/gedevents/{version}?pagesize=1000&Country={gw}&StartDate=…, header token."""

    name = "ucdp"
    publisher = "Uppsala Conflict Data Program (UCDP)"
    default_url = "https://ucdpapi.pcr.uu.se/api"
    licence = "CC BY 4.0 (UCDP; cite the UCDP publications)"
    licence_url = "https://creativecommons.org/licenses/by/4.0/"

    @property
    def version(self) -> str:
        """The GED release asked for: AZAF_UCDP_VERSION, else the latest yearly release.

        UCDP publishes GED YY.1 each June, so from July of 20YY on that is the latest.
        """
        if os.environ.get(VERSION_VAR):
            return os.environ[VERSION_VAR].strip()
        today = self.ctx.today
        year = today.year if today.month >= 7 else today.year - 1
        return f"{year % 100}.1"

    def check(self) -> None:
        """Stop before any request without a token."""
        if not os.environ.get(TOKEN_VAR, "").strip():
            raise self.fail(HOW_TO_GET)

    def first_year(self) -> int:
        """The first year asked for."""
        return self.ctx.since or FIRST_YEAR

    def fetch(self) -> dict[str, list[dict[str, Any]]]:
        """Every page of GED events for every country of the table."""
        client = self.client(
            headers={"x-ucdp-access-token": os.environ[TOKEN_VAR].strip()},
            token_hint="UCDP did not accept the token in UCDP_ACCESS_TOKEN; check it, or "
            "request a new one (https://ucdp.uu.se/apidocs/)",
        )
        path = f"gedevents/{self.version}"
        out: dict[str, list[dict[str, Any]]] = {}
        try:
            for iso3, gw in GW.items():
                out[iso3] = self._country(client, path, iso3, gw)
        except FetchError as exc:
            if "HTTP 404" in exc.cause:
                raise self.fail(
                    f"{exc.cause}: UCDP has no GED release {self.version} (yet); set "
                    f"{VERSION_VAR} to a release listed at https://ucdp.uu.se/apidocs/"
                ) from None
            raise
        return out

    def _country(self, client: Any, path: str, iso3: str, gw: int) -> list[dict[str, Any]]:
        """Every page of GED events for one country."""
        params: dict[str, Any] = {
            "pagesize": PAGESIZE,
            "Country": gw,
            "StartDate": f"{self.first_year()}-01-01",
        }
        events: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = client.get_json(path, params)
            if not isinstance(answer, dict) or not isinstance(answer.get("Result"), list):
                raise shape_error(self.name, "expected {TotalCount, TotalPages, Result: [...]}")
            pages = answer.get("TotalPages") or 1
            if page == 1 and self.ctx.progress is not None:
                self.ctx.progress.add_total(max(int(pages) - 1, 0))
            events += answer["Result"]
            self.ctx.step(f"{iso3} page {page} of {pages}")
            nxt = answer.get("NextPageUrl") or ""
            if not nxt:
                break
            # Follow the next page on our own base URL (a mirror keeps working).
            params = dict(parse_qsl(urlsplit(nxt).query))
            page += 1
            if page > 10_000:
                raise shape_error(self.name, "the pages never end")
        return events

    def normalise(self, raw: dict[str, list[dict[str, Any]]]) -> list[TableUpdate]:
        """Deaths by country, year and type, plus 'all', zero where no event was recorded."""
        deaths: dict[tuple[str, int, str], int] = defaultdict(int)
        last_year = None
        for iso3, events in raw.items():
            for event in events:
                if not isinstance(event, dict):
                    raise shape_error(self.name, "an event is not an object")
                try:
                    year = int(event["year"])
                    best = int(event["best"])
                except (KeyError, TypeError, ValueError):
                    raise shape_error(self.name, "an event lacks a numeric year or best") from None
                country = ISO.get(int(event.get("country_id") or GW[iso3]), iso3)
                if country != iso3:
                    continue  # an event counted for a neighbouring country
                deaths[(iso3, year, violence_type(event))] += best
                last_year = max(last_year or year, year)
        if last_year is None:
            return []
        release = f"UCDP GED {self.version}"
        sid = self.source_id()
        rows = []
        for iso3 in raw:
            for year in range(self.first_year(), last_year + 1):
                total = 0
                for kind in TYPES:
                    n = deaths.get((iso3, year, kind), 0)
                    total += n
                    rows.append(_row(iso3, year, kind, n, release, sid))
                rows.append(_row(iso3, year, "all", total, release, sid))
        frame = pd.DataFrame(rows)
        vintage = f"UCDP GED {self.version} via the UCDP API (covers to {last_year})"
        provenance = {
            "publisher_vintage": release,
            "query": {
                "endpoint": f"{self.base_url}/gedevents/{self.version}",
                "filters": {
                    "pagesize": PAGESIZE,
                    "Country": sorted(GW.values()),
                    "StartDate": f"{self.first_year()}-01-01",
                },
            },
        }
        first = self.first_year()

        def supersedes(old: pd.DataFrame) -> pd.Series:
            return (
                old["source_id"].astype(str).str.startswith("live_ucdp_")
                & (old["release"] == release)
                & (pd.to_numeric(old["year"]) >= first)
            )

        return [TableUpdate("conflict_deaths", frame, vintage, provenance, supersedes)]

    def source_id(self) -> str:
        """The live source id of this release."""
        return "live_ucdp_ged_" + "".join(c if c.isalnum() else "_" for c in self.version)

    def source_rows(self, raw: Any, updates: list[TableUpdate]) -> list[dict[str, str]]:
        """One sources.csv row for the release."""
        return [
            {
                "source_id": self.source_id(),
                "publisher": self.publisher,
                "title": f"UCDP Georeferenced Event Dataset (GED) {self.version}: deaths by "
                "country, year and type of violence (summed from events)",
                "url": "https://ucdp.uu.se/downloads/",
                "published": f"20{self.version.split('.')[0]}",
                "accessed": self.ctx.accessed,
                "licence": self.licence,
                "kind": "statistical",
                "cited_via": f"{self.base_url}/gedevents/{self.version}",
                "note": "Read by azaf data refresh ucdp; best estimates summed by country, year.",
            }
        ]


def _row(iso3: str, year: int, kind: str, deaths: int, release: str, sid: str) -> dict:
    return {
        "iso3": iso3,
        "year": year,
        "type": kind,
        "deaths": deaths,
        "release": release,
        "source_id": sid,
    }


LOADER = Ucdp
