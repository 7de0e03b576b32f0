"""Diaspora: refugees in the host country, where the origin's refugees live, the Turkic
peoples of Afghanistan and Azerbaijan's people-to-people programmes with Afghanistan.

Every section is built in three steps a researcher can see and change in the notebook:

- the data: a query returns a DataFrame whose `attrs` carry the parameters (host, origin,
  years) and what else its chart and words need, e.g.
  `hosted = diaspora.hosted(host, origin, start_year, end_year)`;
- the chart or table: `fig = diaspora.hosted_chart(hosted)` draws only from that frame and
  returns the figure (caption, subtitle, "Data behind the charts" rows, source line included);
- the words: `diaspora.breaks_words(hosted)` composes the section's sentences from that frame.

Filter or extend a frame in a new cell (`hosted = hosted[hosted["year"] >= 2020]`), rerun the
next cells, and the chart, its data, its source line and its words follow.
"""

from ._common import (
    BREAK_FACTOR,
    BREAK_LEAST,
    GROUP_LABELS,
    SMALL_SHARE,
)
from ._common import _with_total as _with_total
from .charts import (
    hosted_chart,
    hosts_chart,
    hosts_trend_chart,
    turkic_chart,
)
from .methods import (
    METHODS,
    METHODS_PROGRAMMES,
    METHODS_REFUGEES,
    METHODS_TURKIC,
    coverage_text,
    methods,
)
from .queries import (
    abroad,
    all_origin_hosts,
    breaks,
    breaks_of,
    claims,
    host_ranks,
    host_rows,
    hosted,
    origin_rows,
    programme_events,
    programme_rows,
    programmes,
    ranked_years,
    share_by_year,
    share_sources,
    turkic,
    turkic_estimates,
)
from .summary import _turkic_finding as _turkic_finding
from .summary import (
    key_figures,
    summary,
)
from .tables import _claim_check as _claim_check
from .tables import (
    brief_comparison,
    programmes_table,
    share_table,
    turkic_table,
)
from .words import (
    breaks_words,
    hosts_intro,
    programme_events_words,
    programmes_words,
    rank_words,
    refugees_intro,
    turkic_words,
)

__all__ = [
    "BREAK_FACTOR",
    "BREAK_LEAST",
    "GROUP_LABELS",
    "METHODS",
    "METHODS_PROGRAMMES",
    "METHODS_REFUGEES",
    "METHODS_TURKIC",
    "SMALL_SHARE",
    "abroad",
    "all_origin_hosts",
    "breaks",
    "breaks_of",
    "breaks_words",
    "brief_comparison",
    "claims",
    "coverage_text",
    "host_ranks",
    "host_rows",
    "hosted",
    "hosted_chart",
    "hosts_chart",
    "hosts_intro",
    "hosts_trend_chart",
    "key_figures",
    "methods",
    "origin_rows",
    "programme_events",
    "programme_events_words",
    "programme_rows",
    "programmes",
    "programmes_table",
    "programmes_words",
    "rank_words",
    "ranked_years",
    "refugees_intro",
    "share_by_year",
    "share_sources",
    "share_table",
    "summary",
    "turkic",
    "turkic_chart",
    "turkic_estimates",
    "turkic_table",
    "turkic_words",
]
