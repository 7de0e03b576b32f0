"""Source lines: who published the figures a chart or table shows, from the registry."""

from __future__ import annotations

from collections import OrderedDict

import pandas as pd

from . import report

MAX_PUBLISHERS = 6
# About one printed line of 8 pt small print under an A4 chart: longer lines name the
# publishers only, and the documents are listed under Sources and methods.
ONE_LINE = 150


def source_line(frame: pd.DataFrame) -> str:
    """'Source: UNODC, Afghanistan Opium Survey 2018; …' for the source ids in frame."""
    from .data import sources

    if "source_id" not in frame.columns:
        raise ValueError(
            "cannot write a source line: the data has no source_id column; pass the rows "
            "drawn, as loaded from data/"
        )
    ids = report.cite(frame["source_id"].dropna().tolist())
    if not ids:
        return "Source: none (no data in the chosen range)."
    registry = sources()
    by_publisher: OrderedDict[str, list[str]] = OrderedDict()
    for sid in ids:
        if sid in registry.index:
            row = registry.loc[sid]
            titles = by_publisher.setdefault(str(row["publisher"]), [])
            if str(row["title"]) not in titles:
                titles.append(str(row["title"]))
    if len(by_publisher) > MAX_PUBLISHERS:
        # A long list under a chart is unreadable; name the main publishers and send the
        # reader to the full list, where every document is cited.
        counts = pd.Series(
            [str(registry.loc[s, "publisher"]) for s in ids if s in registry.index]
        ).value_counts(sort=True)
        main = list(counts.index[: MAX_PUBLISHERS - 1])
        others = len(by_publisher) - len(main)
        return (
            f"Sources: {len(ids)} documents from {len(by_publisher)} publishers, chiefly "
            f"{'; '.join(main)}; and {others} others (all listed under Sources and methods)."
        )
    parts = []
    for publisher, titles in by_publisher.items():
        if len(titles) > 3:
            parts.append(f"{publisher}, {len(titles)} documents (listed under Sources and methods)")
        else:
            parts.append(f"{publisher}, {'; '.join(titles)}")
    label = "Source" if len(parts) == 1 else "Sources"
    full = f"{label}: " + " · ".join(parts) + "."
    documents = sum(len(t) for t in by_publisher.values())
    if len(full) <= ONE_LINE or documents == 1:
        return full
    return (
        f"{label}: {'; '.join(by_publisher)} ({documents} "
        f"{'document' if documents == 1 else 'documents'}, listed under Sources and methods)."
    )
