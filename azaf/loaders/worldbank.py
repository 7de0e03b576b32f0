"""World Bank WDI (API v2): GDP, real GDP growth, population and the official exchange rate."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..data import load_quiet
from . import Loader, TableUpdate, shape_error

# WDI code → (our indicator name, table, unit, decimals kept; None = whole units).
INDICATORS: dict[str, tuple[str, str, str, int | None]] = {
    "NY.GDP.MKTP.CD": ("gdp_current_usd", "macro_wb", "USD", None),
    "SP.POP.TOTL": ("population", "macro_wb", "people", None),
    "NY.GDP.MKTP.KD.ZG": ("gdp_growth", "macro_wb", "percent", 3),
    "PA.NUS.FCRF": ("exchange_rate", "macro_wb", "local currency per USD, period average", 4),
}
TITLES = {
    "NY.GDP.MKTP.CD": "GDP (current US$)",
    "SP.POP.TOTL": "Population, total",
    "NY.GDP.MKTP.KD.ZG": "GDP growth (annual %)",
    "PA.NUS.FCRF": "Official exchange rate (LCU per US$, period average)",
}
FIRST_YEAR = 2000  # the snapshot's first year
PER_PAGE = 1000


class WorldBank(Loader):
    """World Bank API v2: {base}/country/all/indicator/{code}?format=json, paged."""

    name = "worldbank"
    publisher = "World Bank"
    default_url = "https://api.worldbank.org/v2"
    licence = "CC BY 4.0 (World Bank data)"
    licence_url = "https://creativecommons.org/licenses/by/4.0/"

    def years(self) -> tuple[int, int]:
        """First and last year asked for."""
        return (self.ctx.since or FIRST_YEAR), self.ctx.today.year

    def fetch(self) -> dict[str, dict[str, Any]]:
        """Every page of every indicator: {code: {"meta": first meta, "rows": [...]}}."""
        client = self.client()
        first, last = self.years()
        out: dict[str, dict[str, Any]] = {}
        for code in INDICATORS:
            # country/all and a filter on countries.csv afterwards: an explicit list would
            # fail whole if the World Bank does not know one code (UNHCR's UKN, STA).
            path = f"country/all/indicator/{code}"
            params = {"format": "json", "date": f"{first}:{last}", "per_page": PER_PAGE}
            page, pages, rows, meta = 1, 1, [], None
            while page <= pages:
                answer = client.get_json(path, {**params, "page": page})
                head, body = self._split(answer, code)
                meta = meta or head
                try:
                    pages = int(head.get("pages") or 0)
                except (TypeError, ValueError):
                    raise shape_error(self.name, f"{code}: 'pages' is not a number") from None
                if page == 1 and self.ctx.progress is not None:
                    self.ctx.progress.add_total(max(pages - 1, 0))
                rows += body
                self.ctx.step(f"{code} page {page} of {max(pages, 1)}")
                page += 1
            out[code] = {"meta": meta or {}, "rows": rows}
        return out

    def _split(self, answer: Any, code: str) -> tuple[dict, list]:
        if isinstance(answer, list) and answer and isinstance(answer[0], dict):
            if "message" in answer[0]:
                msgs = answer[0]["message"]
                words = "; ".join(
                    str(m.get("value") or m.get("key")) for m in msgs if isinstance(m, dict)
                )
                raise self.fail(f"the World Bank API rejected the query for {code}: {words}")
            if len(answer) >= 2 and isinstance(answer[1], list):
                return answer[0], answer[1]
            if len(answer) == 1 or answer[1] is None:  # no data for the query
                return answer[0], []
        raise shape_error(self.name, f"{code}: expected [metadata, rows]")

    def normalise(self, raw: dict[str, dict[str, Any]]) -> list[TableUpdate]:
        """Rows of macro_wb: GDP, growth, population and exchange rate by country and year."""
        codes = set(load_quiet("countries", self.ctx.project)["iso3"].astype(str))
        first, last = self.years()
        by_table: dict[str, list[dict[str, Any]]] = {"macro_wb": []}
        vintages: dict[str, str] = {}
        for code, got in raw.items():
            indicator, table, unit, decimals = INDICATORS[code]
            updated = str(got["meta"].get("lastupdated") or "").strip()
            vintages[code] = updated
            sid = self.source_id(indicator, updated)
            for row in got["rows"]:
                if not isinstance(row, dict):
                    raise shape_error(self.name, f"{code}: a row is not an object")
                iso3 = row.get("countryiso3code") or ""
                value = row.get("value")
                if iso3 not in codes or value is None:
                    continue
                try:
                    year = int(str(row.get("date")))
                    number = float(value)
                except (TypeError, ValueError):
                    raise shape_error(
                        self.name, f"{code}: date {row.get('date')!r}, value {value!r}"
                    ) from None
                if decimals is None:
                    if number < 0:
                        raise shape_error(self.name, f"{code}: negative value for {iso3}")
                    number = round(number)
                else:
                    number = round(number, decimals)
                by_table[table].append(
                    {
                        "iso3": iso3,
                        "year": year,
                        "indicator": indicator,
                        "value": number,
                        "unit": unit,
                        "vintage": f"WDI {updated}" if updated else "WDI (date not stated)",
                        "source_id": sid,
                    }
                )
        updates = []
        for table, rows in by_table.items():
            mine = [c for c, v in INDICATORS.items() if v[1] == table]
            names = [INDICATORS[c][0] for c in mine]
            stated = sorted({vintages[c] for c in mine if vintages[c]})
            vintage = (
                "World Bank WDI, data updated " + " and ".join(stated)
                if stated
                else "World Bank WDI (update date not stated)"
            )
            frame = pd.DataFrame(rows, columns=_COLUMNS)
            updates.append(
                TableUpdate(
                    table=table,
                    rows=frame,
                    vintage=vintage,
                    provenance={
                        "publisher_vintage": {c: vintages[c] for c in mine},
                        "query": {
                            "endpoint": f"{self.base_url}/country/all/indicator/{{code}}",
                            "filters": {
                                "indicators": mine,
                                "date": f"{first}:{last}",
                                "format": "json",
                                "per_page": PER_PAGE,
                                "countries": "every code in countries.csv",
                            },
                        },
                    },
                    supersedes=_slice(names, first),
                )
            )
        return updates

    def source_id(self, indicator: str, updated: str) -> str:
        """The live source id of one indicator at one WDI update."""
        stamp = "".join(ch for ch in updated if ch.isdigit()) or "undated"
        return f"live_wb_{indicator}_{stamp}"

    def source_rows(self, raw: dict[str, dict[str, Any]], updates: list[TableUpdate]) -> list:
        """One sources.csv row per indicator and update."""
        rows = []
        for code, got in raw.items():
            indicator = INDICATORS[code][0]
            updated = str(got["meta"].get("lastupdated") or "").strip()
            rows.append(
                {
                    "source_id": self.source_id(indicator, updated),
                    "publisher": self.publisher,
                    "title": f"World Development Indicators: {TITLES[code]}, {code}"
                    + (f" (data updated {updated})" if updated else ""),
                    "url": f"https://data.worldbank.org/indicator/{code}",
                    "published": updated,
                    "accessed": self.ctx.accessed,
                    "licence": self.licence,
                    "kind": "statistical",
                    "cited_via": f"{self.base_url}/country/all/indicator/{code}?format=json",
                    "note": "Read by azaf data refresh worldbank.",
                }
            )
        return rows


_COLUMNS = ["iso3", "year", "indicator", "value", "unit", "vintage", "source_id"]


def _slice(indicators: list[str], first: int):
    def mask(old: pd.DataFrame) -> pd.Series:
        return (
            old["source_id"].astype(str).str.startswith("live_wb_")
            & old["indicator"].isin(indicators)
            & (pd.to_numeric(old["year"]) >= first)
        )

    return mask


LOADER = WorldBank
