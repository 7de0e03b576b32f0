"""azaf: a reproducible report series on Azerbaijan–Afghanistan relations.

Helpers for report authors:
    setup()              the series' chart style and display settings
    begin(id, globals()) check parameters and show the title block
    load(name)           a validated table from data/ with units, sources and vintage
    new_figure(), show_figure(...), points_by_year(...)   standard charts
    show_table(...)      a numbered table with caption and source line
    fmt_* / md(...)      compose sentences with figures from the data
    record(...)          a key figure for the manifest and the overview
    sources_and_methods(...)  the closing section
"""

from .charts import new_figure, points_by_year, setup, show_figure
from .data import load, sources
from .report import begin, record, sources_and_methods
from .tables import show_table
from .text import (
    fmt_count,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_usd,
    fmt_value,
    join_words,
    md,
    pct_change,
    year_span,
)

__version__ = "0.1.0"

__all__ = [
    "begin",
    "fmt_count",
    "fmt_int",
    "fmt_num",
    "fmt_pct",
    "fmt_usd",
    "fmt_value",
    "join_words",
    "load",
    "md",
    "new_figure",
    "pct_change",
    "points_by_year",
    "record",
    "setup",
    "show_figure",
    "show_table",
    "sources",
    "sources_and_methods",
    "year_span",
]
