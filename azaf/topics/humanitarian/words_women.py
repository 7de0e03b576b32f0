"""The tables of women and girls: the dated restrictions and every figure on girls'
schooling and women's work, each composed from the frame it is given."""

from __future__ import annotations

import pandas as pd

from ... import tables
from ._format import (
    PAIRED,
    WOMEN_LABELS,
    _afghanistan_only,
    _context,
    _publisher,
    _say,
    _women_value,
    brief_claim,
    month_words,
)


def restrictions_table(timeline: pd.DataFrame) -> None:
    """Show the dated decisions and events on the rights of women and girls, or say that the
    first restriction came after the chosen years."""
    context = _context(timeline)
    if _afghanistan_only(
        context, "the timeline of restrictions and the figures on women and girls"
    ):
        return
    if timeline.empty:
        first = str(timeline.attrs.get("first_restriction", ""))
        if first and int(first[:4]) > context.end:
            _say(
                f"The first restriction on women and girls dated in the data is from "
                f"{month_words(first)}, after the chosen years; the figures below describe "
                f"the years before it."
            )
        else:
            _say(f"The timeline holds no dated decision on women and girls in {context.years}.")
        return
    # A row only the brief gives is kept, marked as the brief's unverified claim.
    shown = timeline.assign(
        when=timeline["date"].map(month_words),
        event=timeline.apply(
            lambda r: (
                str(r["event"]).rstrip(". ")
                + (f" — {brief_claim(r['source_id'])}." if brief_claim(r["source_id"]) else ".")
            ),
            axis=1,
        ),
    )
    tables.show_table(
        shown,
        "Dated decisions and events on the rights of women and girls",
        columns={"when": "Date", "event": "What happened"},
        note="Only events with a dated row in the data are listed; dates are as precise "
        "as the source gives them.",
    )


def women_table(women: pd.DataFrame) -> None:
    """Show every figure on the education and work of women and girls, related rows
    together (or say that the data hold none for the chosen years)."""
    context = _context(women)
    if not context.is_afghanistan:
        return
    if women.empty:
        _say(f"The data hold no figure on women and girls for {context.years}.")
        return
    w = women
    theme = w["indicator"].map(lambda i: WOMEN_LABELS.get(i, ("other", ""))[0])
    label = w["indicator"].map(
        lambda i: WOMEN_LABELS.get(i, ("", ""))[1] or i.replace("_", " ").capitalize()
    )
    # Related rows sit together: one measure after another in the order of WOMEN_LABELS, the
    # women's and men's figures of a pair side by side, each measure's rows by year.
    order = list(WOMEN_LABELS)
    group = w["indicator"].map(lambda i: order.index(PAIRED.get(i, i)) if i in order else 999)
    shown = w.assign(
        theme=pd.Categorical(theme, ["education", "work", "health", "other"], ordered=True),
        group=group,
        within=w["indicator"].map(lambda i: order.index(i) if i in order else 999),
        measure=label,
        figure=w.apply(_women_value, axis=1),
        who=w["source_id"].map(lambda s: _publisher(s).split(",")[0]),
    ).sort_values(["theme", "group", "shown_year", "period", "within"])
    tables.show_table(
        shown,
        "Figures on the education and work of women and girls",
        columns={
            "measure": "Measure",
            "period": "Refers to",
            "figure": "Figure",
            "status": "Status",
            "who": "From",
        },
        note="Agencies count different groups; figures on different rows are not to be added "
        "or compared directly.",
    )
