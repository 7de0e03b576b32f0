"""OCHA Financial Tracking Service (public API): Afghanistan's plans, requirements, funding."""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import Loader, TableUpdate, shape_error

COUNTRY = "AFG"
FIRST_YEAR = 1999


def _money(value: Any, what: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise shape_error("fts", f"{what} is {value!r}, not a number") from None


class Fts(Loader):
    """{base}/plan/country/AFG and {base}/fts/flow?groupby=plan&countryISO3=AFG."""

    name = "fts"
    publisher = "UN OCHA Financial Tracking Service (FTS)"
    default_url = "https://api.hpc.tools/v1/public"
    licence = "CC BY 4.0 (OCHA FTS data)"
    licence_url = "https://creativecommons.org/licenses/by/4.0/"

    def fetch(self) -> dict[str, Any]:
        """The plans with their requirements, and funding grouped by plan."""
        client = self.client()
        plans = client.get_json(f"plan/country/{COUNTRY}")
        self.ctx.step(f"plans for {COUNTRY}")
        funding = client.get_json("fts/flow", {"groupby": "plan", "countryISO3": COUNTRY})
        self.ctx.step(f"funding by plan for {COUNTRY}")
        return {"plans": plans, "funding": funding}

    def normalise(self, raw: dict[str, Any]) -> list[TableUpdate]:
        """One row per plan: years, requirements (original, revised) and funding received."""
        plans = raw["plans"]
        if not isinstance(plans, dict) or not isinstance(plans.get("data"), list):
            raise shape_error(self.name, "plans: expected {status, data: [...]}")
        funding = raw["funding"]
        try:
            objects = funding["data"]["report3"]["fundingTotals"]["objects"]
            breakdown = (objects[0].get("objectsBreakdown") or []) if objects else []
        except (KeyError, TypeError, IndexError, AttributeError):
            raise shape_error(
                self.name, "funding: expected data.report3.fundingTotals.objects"
            ) from None
        funded = {}
        for obj in breakdown:
            if isinstance(obj, dict) and str(obj.get("id") or "").isdigit():
                funded[int(obj["id"])] = _money(obj.get("totalFunding"), "totalFunding")
        first = self.ctx.since or FIRST_YEAR
        sid = self.source_id()
        rows = []
        for plan in plans["data"]:
            if not isinstance(plan, dict) or "id" not in plan:
                raise shape_error(self.name, "a plan has no id")
            years = sorted(
                int(y["year"]) for y in plan.get("years") or [] if str(y.get("year", "")).isdigit()
            )
            if not years or years[0] < first:
                continue
            kinds = [
                c.get("name", "")
                for c in plan.get("categories") or []
                if isinstance(c, dict) and c.get("group") == "planType"
            ]
            rows.append(
                {
                    "plan_id": int(plan["id"]),
                    "plan_code": str(plan.get("code") or ""),
                    "plan_name": str(plan.get("name") or ""),
                    "plan_type": kinds[0] if kinds else "",
                    "first_year": years[0],
                    "last_year": years[-1],
                    "original_requirement_usd": _money(plan.get("origRequirements"), "origReq"),
                    "revised_requirement_usd": _money(
                        plan.get("revisedRequirements"), "revisedRequirements"
                    ),
                    "funding_usd": funded.get(int(plan["id"])),
                    "as_of": self.ctx.accessed,
                    "source_id": sid,
                }
            )
        frame = pd.DataFrame(rows)
        if frame.empty:
            return []
        frame = frame.sort_values(["first_year", "plan_id"])
        provenance = {
            "publisher_vintage": f"live data as of {self.ctx.accessed} (FTS updates daily)",
            "query": {
                "endpoint": [
                    f"{self.base_url}/plan/country/{COUNTRY}",
                    f"{self.base_url}/fts/flow",
                ],
                "filters": {"groupby": "plan", "countryISO3": COUNTRY, "first_year": first},
            },
        }
        vintage = f"OCHA FTS, figures as of {self.ctx.accessed}"

        def supersedes(old: pd.DataFrame) -> pd.Series:
            return old["source_id"].astype(str).str.startswith("live_fts_") & (
                pd.to_numeric(old["first_year"]) >= first
            )

        return [TableUpdate("humanitarian_funding", frame, vintage, provenance, supersedes)]

    def source_id(self) -> str:
        """The live source id of this access."""
        return f"live_fts_afg_{self.ctx.today.strftime('%Y%m%d')}"

    def source_rows(self, raw: Any, updates: list[TableUpdate]) -> list[dict[str, str]]:
        """One sources.csv row for this access."""
        return [
            {
                "source_id": self.source_id(),
                "publisher": "UN OCHA",
                "title": "Financial Tracking Service: Afghanistan plans, requirements and "
                f"funding (as of {self.ctx.accessed})",
                "url": "https://fts.unocha.org/countries/1/summary",
                "published": self.ctx.accessed,
                "accessed": self.ctx.accessed,
                "licence": self.licence,
                "kind": "statistical",
                "cited_via": f"{self.base_url}/plan/country/{COUNTRY}",
                "note": "Read by azaf data refresh fts; funding totals change daily.",
            }
        ]


LOADER = Fts
