"""`--compare`: the key figures whose values differ from an earlier build."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import ParameterError


def read_manifest(folder: Path) -> dict:
    """The manifest of an earlier build folder, or a ParameterError saying what is wrong."""
    path = Path(folder) / "manifest.json"
    try:
        from .manifest import join_run_facts

        return join_run_facts(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ParameterError(
            f"--compare {folder}: no manifest.json there; give the folder of an earlier build, "
            "e.g. reports/latest"
        ) from None
    except ValueError as exc:
        raise ParameterError(
            f"--compare {folder}: manifest.json is not valid JSON ({exc})"
        ) from exc


def changed_figures(old: dict, new_entries: list[dict]) -> list[dict]:
    """Key figures present in either build whose value, unit or period differ."""
    before = {
        (e["id"], k["name"]): k for e in old.get("reports", []) for k in e.get("key_figures") or []
    }
    changes = []
    seen = set()
    for entry in new_entries:
        for fig in entry.get("key_figures") or []:
            key = (entry["id"], fig["name"])
            seen.add(key)
            prev = before.get(key)
            if prev is None or any(prev.get(f) != fig.get(f) for f in ("value", "unit", "period")):
                changes.append(_change(entry["id"], fig, prev, fig))
    new_ids = {e["id"] for e in new_entries}
    for (rid, name), prev in before.items():
        if rid in new_ids and (rid, name) not in seen:
            changes.append(_change(rid, prev, prev, None))
    return changes


def _change(report_id: str, fig: dict, old: dict | None, new: dict | None) -> dict:
    return {
        "report": report_id,
        "name": fig["name"],
        "label": fig.get("label", fig["name"]),
        "unit": (new or old or {}).get("unit", ""),
        "old_value": old.get("value") if old else None,
        "old_period": old.get("period") if old else None,
        "new_value": new.get("value") if new else None,
        "new_period": new.get("period") if new else None,
    }
