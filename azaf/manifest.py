"""manifest.json in two parts: what describes the inputs (the same for the same inputs) and,
under "run", what describes this run (when, how long, what was reused)."""

from __future__ import annotations

import copy
from typing import Any

RUN_TOP = ("built_at", "duration_s")
# The same as azaf.cache.RUN_FACTS: "cache" holds how long each step took, too.
RUN_ENTRY = ("built_at", "duration_s", "carried_over", "cache")


def split_run_facts(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest as written: input facts at the top, run facts under "run"."""
    out = copy.deepcopy(manifest)
    run: dict[str, Any] = {k: out.pop(k) for k in RUN_TOP if k in out}
    per_report: dict[str, dict] = {}
    for entry in out.get("reports", []):
        facts = {k: entry.pop(k) for k in RUN_ENTRY if k in entry}
        facts["status"] = entry.get("status")  # ok (built now) or cached (reused)
        per_report[str(entry.get("id"))] = facts
    run["reports"] = per_report
    out["run"] = run
    return out


def join_run_facts(manifest: dict[str, Any]) -> dict[str, Any]:
    """A manifest as read back, with each report's run facts in its entry again."""
    out = copy.deepcopy(manifest)
    run = out.pop("run", None)
    if not isinstance(run, dict):
        return out
    for key in RUN_TOP:
        if key in run:
            out[key] = run[key]
    facts = run.get("reports") or {}
    for entry in out.get("reports", []):
        extra = facts.get(str(entry.get("id"))) or {}
        entry.update({k: v for k, v in extra.items() if k in RUN_ENTRY})
    return out
