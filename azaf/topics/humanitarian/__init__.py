"""Humanitarian conditions and the economy of Afghanistan (or another country's economy):
people in need, appeals and funding, Azerbaijan's help, food insecurity and poverty, GDP,
growth, revenue and the afghani, and the rights of women and girls.

The notebook loads the tables once (`inputs = gather(country, start_year, end_year)`), and
builds each section in three visible steps:

- the data: a named DataFrame, e.g. `needs = needs_by_plan(inputs)` (module queries,
  queries_economy); it carries the report's country and years in `needs.attrs`, which pandas
  keeps through filtering, so a filtered frame still knows what it describes;
- the chart: `needs_chart(needs)` draws from that frame only and returns the figure it shows
  (modules charts_plans, charts_economy, charts_women): its title, data table in the annex and
  source line all come from the rows given;
- the words: `needs_words(needs)`, `needs_table(needs)` compose the section's sentences and
  tables from the same frame (modules words_plans, words_economy, words_women).

Where a section's words lead into its chart, their cell stands before the chart's, so the
report reads as it did. Filter a frame in a new cell and rerun the cells after it: chart, data
table, source line and words follow. `executive_summary(inputs)` writes the findings and
records the key figures that `key_figures()` gives the overview. Every figure shown comes from
data/.
"""

from ._format import (
    brief_claim,
    brief_name,
    month_words,
    period_date,
    period_years,
    plan_share_words,
    solar_year,
)
from .charts_economy import (
    contraction_chart,
    contraction_title,
    customs_chart,
    gdp_chart,
    gdp_title,
)
from .charts_plans import appeals_chart, funding_title, mostly_unfunded, needs_chart, needs_title
from .charts_women import employment_chart, employment_title, girls_chart, girls_title
from .figures import key_figures, key_figures_of
from .methods import METHODS
from .queries import (
    Inputs,
    appeals,
    azerbaijan_help,
    food_insecurity,
    funding_history,
    gather,
    needs_by_plan,
    poverty,
    restrictions,
    women_figures,
)
from .queries_economy import (
    afghani_statements,
    contraction,
    gdp_by_year,
    gdp_per_person,
    growth_statements,
    revenue,
)
from .summary import executive_summary
from .words_economy import (
    afghani_table,
    contraction_words,
    gdp_words,
    growth_table,
    revenue_table,
    revenue_words,
)
from .words_plans import (
    appeals_words,
    azerbaijan_table,
    azerbaijan_words,
    food_table,
    funding_table,
    needs_table,
    needs_words,
    poverty_table,
    poverty_words,
)
from .words_women import restrictions_table, women_table

__all__ = [
    # loading and the summary
    "METHODS",
    "Inputs",
    "gather",
    "executive_summary",
    "key_figures",
    "key_figures_of",
    # people in need
    "needs_by_plan",
    "needs_words",
    "needs_chart",
    "needs_title",
    "needs_table",
    # appeals and funding
    "appeals",
    "funding_history",
    "appeals_words",
    "appeals_chart",
    "funding_title",
    "mostly_unfunded",
    "funding_table",
    # what Azerbaijan did
    "azerbaijan_help",
    "azerbaijan_words",
    "azerbaijan_table",
    # food insecurity and poverty
    "food_insecurity",
    "poverty",
    "food_table",
    "poverty_table",
    "poverty_words",
    # the economy
    "gdp_by_year",
    "gdp_per_person",
    "gdp_words",
    "gdp_chart",
    "gdp_title",
    "contraction",
    "growth_statements",
    "contraction_words",
    "contraction_chart",
    "contraction_title",
    "growth_table",
    "revenue",
    "revenue_words",
    "customs_chart",
    "revenue_table",
    "afghani_statements",
    "afghani_table",
    # women and girls
    "restrictions",
    "women_figures",
    "restrictions_table",
    "girls_chart",
    "girls_title",
    "employment_chart",
    "employment_title",
    "women_table",
    # reading periods, dates and sources
    "month_words",
    "period_years",
    "period_date",
    "solar_year",
    "brief_name",
    "brief_claim",
    "plan_share_words",
]
