"""Read what a report recorded (key figures, datasets, judgements to review) from its
executed notebook."""

from __future__ import annotations

from typing import Any

# A key judgement whose condition no longer holds (see azaf.judgements).
REVIEW_MIME = "application/vnd.azaf.review+json"


def _payloads(nb: Any, mime: str) -> list[dict]:
    found = []
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            data = out.get("data", {}) if hasattr(out, "get") else {}
            if mime in data:
                found.append(dict(data[mime]))
    return found


def key_figures(nb: Any) -> list[dict]:
    """Key figures recorded with azaf.record(), last value of each name, in order."""
    from .report import KEYFIGURE_MIME

    by_name: dict[str, dict] = {}
    for item in _payloads(nb, KEYFIGURE_MIME):
        by_name[item["name"]] = item
    return list(by_name.values())


def datasets(nb: Any) -> list[dict]:
    """Datasets the report read with azaf.load(), in first-read order."""
    from .report import DATASET_MIME

    seen: dict[str, dict] = {}
    for item in _payloads(nb, DATASET_MIME):
        seen.setdefault(item["name"], item)
    return list(seen.values())


def reviews(nb: Any) -> list[dict]:
    """Key judgements the report flagged for review (id, reason), last flag of each id."""
    by_id: dict[str, dict] = {}
    for item in _payloads(nb, REVIEW_MIME):
        by_id[str(item.get("id", ""))] = item
    return list(by_id.values())


def sources_and_methods(nb: Any) -> dict:
    """The methods text and the source ids a report cited, from its closing section."""
    from .report import SOURCES_MIME

    found = _payloads(nb, SOURCES_MIME)
    return found[-1] if found else {"methods": "", "sources": []}


def judgements(nb: Any) -> list[dict]:
    """Key judgements the report showed (id, lead, holds), in order, last of each id."""
    from .report import JUDGEMENT_MIME

    by_id: dict[str, dict] = {}
    for item in _payloads(nb, JUDGEMENT_MIME):
        by_id[str(item.get("id", ""))] = item
    return list(by_id.values())
