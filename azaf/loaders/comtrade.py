"""UN Comtrade: annual goods trade of Azerbaijan and Afghanistan, each reporter kept apart.

`comtradeapicall` (UN Comtrade's own client) was considered: it hard-codes the publisher's
address (no mirror, no local test server), sleeps on nothing, prints the error reply and
returns None. The same documented endpoints are read here through the shared client.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from ..notebook_params import read_parameters
from . import Loader, TableUpdate, shape_error

KEY_VAR = "COMTRADE_API_KEY"
# UN M49 codes as Comtrade uses them (India is 699 in Comtrade, not 356).
M49 = {
    "AFG": 4,
    "AZE": 31,
    "IRN": 364,
    "PAK": 586,
    "CHN": 156,
    "TKM": 795,
    "UZB": 860,
    "KAZ": 398,
    "TJK": 762,
    "IND": 699,
    "TUR": 792,
    "RUS": 643,
    "KGZ": 417,
    "ARE": 784,
    "GEO": 268,
}
ISO = {v: k for k, v in M49.items()}
FLOWS = {"X": "export", "M": "import"}
FIRST_YEAR = 2000
PERIODS_PER_CALL = 12  # the API's limit on periods in one query
DEFAULT_COMPARATORS = ("IRN", "PAK", "CHN", "TKM", "UZB", "KAZ")


def comparators(project: Any) -> list[str]:
    """The regional comparators the trade report uses by default (its parameters cell)."""
    notebook = project.notebooks_dir / "10_trade.ipynb"
    try:
        for param in read_parameters(notebook):
            if param.name == "comparators" and isinstance(param.default, list | tuple):
                return [c for c in param.default if c in M49]
    except Exception:  # a missing or changed notebook falls back to the report's own list
        pass
    return list(DEFAULT_COMPARATORS)


class Comtrade(Loader):
    """{base}/public/v1/preview/C/A/HS (keyless) or {base}/data/v1/get/C/A/HS (with a key)."""

    name = "comtrade"
    publisher = "United Nations Statistics Division (UN Comtrade)"
    default_url = "https://comtradeapi.un.org"
    licence = "UN Comtrade terms of use (figures with attribution)"
    licence_url = "https://comtradeplus.un.org/"

    @property
    def key(self) -> str:
        """The subscription key, or empty for the keyless preview."""
        return os.environ.get(KEY_VAR, "").strip()

    @property
    def path(self) -> str:
        """The data endpoint under the base URL."""
        return "data/v1/get/C/A/HS" if self.key else "public/v1/preview/C/A/HS"

    def years(self) -> list[int]:
        """The years asked for: from --since (default 2000) to last year."""
        return list(range(self.ctx.since or FIRST_YEAR, self.ctx.today.year))

    def queries(self) -> list[tuple[str, dict[str, Any]]]:
        """Both sides of the pair, and Afghanistan with the comparators, each side apart."""
        others = [c for c in comparators(self.ctx.project) if c not in ("AFG", "AZE")]
        asks = [
            ("AZE reporting AFG", M49["AZE"], [M49["AFG"]]),
            ("AFG reporting AZE and comparators", M49["AFG"], [M49[c] for c in ["AZE", *others]]),
            ("comparators reporting AFG", ",".join(str(M49[c]) for c in others), [M49["AFG"]]),
        ]
        years = self.years()
        out = []
        for label, reporter, partners in asks:
            for i in range(0, len(years), PERIODS_PER_CALL):
                chunk = years[i : i + PERIODS_PER_CALL]
                out.append(
                    (
                        f"{label} {chunk[0]}–{chunk[-1]}",
                        {
                            "reporterCode": reporter,
                            "partnerCode": ",".join(str(p) for p in partners),
                            "period": ",".join(str(y) for y in chunk),
                            "flowCode": "X,M",
                            "cmdCode": "TOTAL",
                            "partner2Code": 0,
                            "customsCode": "C00",
                            "motCode": 0,
                        },
                    )
                )
        return out

    def fetch(self) -> list[dict[str, Any]]:
        """Every query's records."""
        headers = {"Ocp-Apim-Subscription-Key": self.key} if self.key else None
        hint = (
            "UN Comtrade did not accept the key in COMTRADE_API_KEY; check it, or unset it to "
            "use the keyless preview"
            if self.key
            else "the keyless preview was refused; try again later, or set COMTRADE_API_KEY"
        )
        client = self.client(headers=headers, token_hint=hint)
        queries = self.queries()
        if self.ctx.progress is not None:
            self.ctx.progress.add_total(len(queries))
        records: list[dict[str, Any]] = []
        for label, params in queries:
            answer = client.get_json(self.path, params)
            # comtradeapicall turns an error reply into None; here it is a failure too.
            if not isinstance(answer, dict):
                raise shape_error(self.name, "expected {elements, count, data: [...]}")
            if answer.get("error"):
                raise self.fail(f"UN Comtrade reported an error: {answer['error']}")
            data = answer.get("data")
            if data is None:
                raise shape_error(self.name, "the answer has no 'data' list")
            if not isinstance(data, list):
                raise shape_error(self.name, "'data' is not a list")
            records += data
            self.ctx.step(label)
        return records

    def normalise(self, raw: list[dict[str, Any]]) -> list[TableUpdate]:
        """One row per year, reporter, partner and flow; totals only."""
        sid = self.source_id()
        rows: dict[tuple, dict[str, Any]] = {}
        for rec in raw:
            if not isinstance(rec, dict):
                raise shape_error(self.name, "a record is not an object")
            if str(rec.get("cmdCode", "TOTAL")) != "TOTAL":
                continue
            if str(rec.get("partner2Code", 0)) not in ("0", "None") or str(
                rec.get("motCode", 0)
            ) not in ("0", "None"):
                continue
            flow = FLOWS.get(str(rec.get("flowCode")))
            if flow is None:
                continue
            try:
                reporter = ISO[int(rec["reporterCode"])]
                partner = ISO[int(rec["partnerCode"])]
                year = int(rec.get("refYear") or rec.get("period"))
                value = float(rec["primaryValue"])
            except (KeyError, TypeError, ValueError):
                raise shape_error(
                    self.name,
                    "a record lacks reporterCode, partnerCode, refYear or primaryValue",
                ) from None
            if value < 0:
                raise shape_error(self.name, "a trade value is negative")
            rows[(year, reporter, partner, flow)] = {
                "year": year,
                "reporter": reporter,
                "partner": partner,
                "flow": flow,
                "value": round(value, 2),
                "unit": "USD",
                "reporter_m49": M49[reporter],
                "partner_m49": M49[partner],
                "source_id": sid,
            }
        frame = pd.DataFrame(list(rows.values()))
        if frame.empty:
            return []
        frame = frame.sort_values(["reporter", "partner", "flow", "year"])
        years = self.years()
        first = years[0]
        provenance = {
            "publisher_vintage": "not stated in the answer: the figures as UN Comtrade held "
            f"them on {self.ctx.accessed}",
            "query": {
                "endpoint": f"{self.base_url}/{self.path}",
                "filters": {
                    "period": f"{years[0]}–{years[-1]}",
                    "flowCode": "X,M",
                    "cmdCode": "TOTAL",
                    "asked": sorted({lb.rsplit(" ", 1)[0] for lb, _ in self.queries()}),
                    "keyed": bool(self.key),
                },
            },
        }
        vintage = f"UN Comtrade, as available on {self.ctx.accessed}"

        def supersedes(old: pd.DataFrame) -> pd.Series:
            return old["source_id"].astype(str).str.startswith("live_comtrade_") & (
                pd.to_numeric(old["year"]) >= first
            )

        return [TableUpdate("trade_mirror", frame, vintage, provenance, supersedes)]

    def source_id(self) -> str:
        """The live source id of this access."""
        return f"live_comtrade_{self.ctx.today.strftime('%Y%m%d')}"

    def source_rows(self, raw: Any, updates: list[TableUpdate]) -> list[dict[str, str]]:
        """One sources.csv row for this access."""
        return [
            {
                "source_id": self.source_id(),
                "publisher": self.publisher,
                "title": "UN Comtrade: annual goods trade, total of all commodities, as "
                f"reported by each country (as available on {self.ctx.accessed})",
                "url": "https://comtradeplus.un.org/",
                "published": self.ctx.accessed,
                "accessed": self.ctx.accessed,
                "licence": self.licence,
                "kind": "statistical",
                "cited_via": f"{self.base_url}/{self.path}",
                "note": "Read by azaf data refresh comtrade; each reporter's figures kept apart.",
            }
        ]


LOADER = Comtrade
