"""Trade and connectivity: bilateral trade as each side reported it, UN Comtrade's series,
what was traded, the partner's regional trade for scale, and the Lapis Lazuli corridor.

Each section of notebooks/10_trade.ipynb is built in three steps, each a public function:

1. data: a function of the parameters returns a DataFrame (queries.py), with the parameters
   the next steps need in its `attrs`: `turnover = trade.turnover("AZE", "AFG", 2005, 2025)`;
2. chart (or table): a function of that frame shows it numbered, with its caption, its rows
   under "Data behind the charts" and its source line, and returns the figure (charts.py):
   `fig = trade.turnover_chart(turnover)`;
3. words: a function of the same frame shows the prose composed from it (words.py):
   `trade.turnover_words(turnover)`.

Filter or extend the frame between the steps (`turnover[turnover["side"] == "AFG"]`) and
the chart, its data rows, its source line and its words follow. The summary's data is
`findings(...)` and the key figures are `key_figures(...)` (summary.py).
"""

from ._format import (
    DEFAULT_COMPARATORS,
    METHODS,
    NEXT_FIGURE,
    PEAK_TO_LATEST,
    period_words,
)
from .charts import (
    comtrade_chart,
    milestones_table,
    products_table,
    regional_table,
    route_table,
    shipments_table,
    turnover_chart,
    turnover_title,
)
from .comtrade import TABLE, mirror_turnover, recheck
from .queries import (
    brief_claims,
    comtrade,
    corridor_milestones,
    growth,
    legs,
    mirror_rows,
    missing_years,
    products,
    regional,
    reported_turnover,
    shipments,
    stated_changes,
    turnover,
)
from .summary import findings, key_figures, summary_words
from .words import (
    capacity_words,
    comtrade_words,
    products_words,
    regional_words,
    route_words,
    shipments_words,
    turnover_words,
)

__all__ = [
    # summary and key figures
    "findings",
    "summary_words",
    "key_figures",
    # bilateral turnover
    "turnover",
    "turnover_chart",
    "turnover_words",
    "turnover_title",
    "reported_turnover",
    "stated_changes",
    "brief_claims",
    "growth",
    "missing_years",
    # UN Comtrade's series
    "comtrade",
    "comtrade_chart",
    "comtrade_words",
    "mirror_rows",
    "mirror_turnover",
    "recheck",
    "TABLE",
    # products
    "products",
    "products_words",
    "products_table",
    # regional trade
    "regional",
    "regional_words",
    "regional_table",
    # corridors
    "corridor_milestones",
    "milestones_table",
    "shipments",
    "shipments_words",
    "shipments_table",
    "legs",
    "route_words",
    "route_table",
    "capacity_words",
    # shared
    "METHODS",
    "DEFAULT_COMPARATORS",
    "NEXT_FIGURE",
    "PEAK_TO_LATEST",
    "period_words",
]
