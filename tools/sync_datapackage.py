"""Keep data/datapackage.json in step with the tables: cited sources, foreign keys, licences."""

# Run after editing a table or sources.csv:  .venv/bin/python tools/sync_datapackage.py
# It rewrites, for every resource, the list of sources its rows cite (from sources.csv), the
# foreign keys (every country-code column to countries, every source_id to sources) and the
# package's list of licences (the union of the resources' licences). Everything else in the
# descriptor (titles, caveats, vintages, field descriptions) is edited by hand.

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

# Every column that holds a country code, by table; each gets a foreign key to countries.
COUNTRY_COLUMNS: dict[str, list[str]] = {
    "trade_reported": ["reporter", "partner"],
    "trade_regional": ["reporter", "partner"],
    "corridor_legs": ["country"],
    "conflict_deaths": ["iso3"],
    "acled_aggregates": ["iso3"],
    "macro_wb": ["iso3"],
    "macro_statements": ["iso3"],
    "refugees": ["origin", "asylum"],
    "refugees_mid_year": ["origin", "asylum"],
    "trade_mirror": ["reporter", "partner"],
}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _source_entry(source: dict[str, str]) -> dict[str, str]:
    return {
        "title": f"{source['publisher']}: {source['title']}",
        "path": source["url"],
        "publisher": source["publisher"],
        "accessed": source["accessed"],
        "source_id": source["source_id"],
    }


def _foreign_keys(name: str, columns: list[str]) -> list[dict]:
    keys = [
        {"fields": column, "reference": {"resource": "countries", "fields": "iso3"}}
        for column in COUNTRY_COLUMNS.get(name, [])
    ]
    if "source_id" in columns:
        keys.append(
            {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}
        )
    return keys


def sync(descriptor: dict) -> dict:
    """Return the descriptor with sources, foreign keys and package licences brought up to date."""
    registry = {row["source_id"]: row for row in _rows(DATA / "sources.csv")}
    licences: dict[str, dict] = {}
    for res in descriptor["resources"]:
        rows = _rows(DATA / res["path"])
        columns = [field["name"] for field in res["schema"]["fields"]]
        keys = _foreign_keys(res["name"], columns)
        if keys:
            res["schema"]["foreignKeys"] = keys
        else:
            res["schema"].pop("foreignKeys", None)
        if res["name"] != "sources" and "source_id" in columns:
            cited = sorted({row["source_id"] for row in rows})
            missing = [sid for sid in cited if sid not in registry]
            if missing:
                raise SystemExit(f"data/{res['path']}: sources not in sources.csv: {missing}")
            res["sources"] = [_source_entry(registry[sid]) for sid in cited]
        for licence in res["licenses"]:
            licences.setdefault(licence["name"], licence)
    descriptor["licenses"] = sorted(licences.values(), key=lambda lic: lic["name"])
    return descriptor


def main() -> int:
    """Rewrite data/datapackage.json in place."""
    path = DATA / "datapackage.json"
    descriptor = sync(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(descriptor['resources'])} resources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
