"""azaf: a reproducible report series on Azerbaijan–Afghanistan relations.

Helpers for report authors:
    setup()              the series' chart style and display settings
    begin(id, globals()) check parameters and show the title block
    load(name)           a validated table from data/ with units, sources and vintage
    new_figure(), show_figure(...), points_by_year(...)   standard charts
    side_by_side(left, right, ...)  two tables charted side by side, one caption
    show_table(...)      a numbered table with caption and source line
    fmt_* / md(...)      compose sentences with figures from the data
    record(...)          a key figure for the manifest and the overview
    sources_and_methods(...)  the closing section
"""

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

# Where each helper lives. Imported on first use (PEP 562), so that `azaf list`, `azaf validate`
# and a build with nothing to do never pay for pandas and matplotlib.
_HELPERS = {
    "new_figure": "charts",
    "points_by_year": "charts",
    "setup": "charts",
    "show_figure": "charts",
    "side_by_side": "charts",
    "load": "data",
    "sources": "data",
    "begin": "report",
    "record": "report",
    "sources_and_methods": "report",
    "show_table": "tables",
    "fmt_count": "text",
    "fmt_int": "text",
    "fmt_num": "text",
    "fmt_pct": "text",
    "fmt_usd": "text",
    "fmt_value": "text",
    "join_words": "text",
    "md": "text",
    "pct_change": "text",
    "year_span": "text",
}

if TYPE_CHECKING:
    from .charts import new_figure, points_by_year, setup, show_figure, side_by_side
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


def __getattr__(name: str) -> Any:
    """Import a helper's module the first time the helper is used."""
    module = _HELPERS.get(name)
    if module is None:
        raise AttributeError(f"module 'azaf' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    # The helper azaf.sources() shares its name with the module azaf/sources.py: importing
    # that module (Python then sets it as an attribute of the package) must not hide the helper.
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _HELPERS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    """The public helpers, for tab completion in JupyterLab."""
    return sorted(set(globals()) | set(_HELPERS))


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
    "side_by_side",
    "sources",
    "sources_and_methods",
    "year_span",
]
