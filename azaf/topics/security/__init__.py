"""Security: conflict deaths (UCDP, ACLED), terrorism (GTI), opium (UNODC, Alcis), the NATO
missions and Azerbaijan's contingent.

Every section is built in three steps a researcher can see and change in the notebook:

- the data: a query returns a DataFrame whose `attrs` carry the parameters (country, years)
  and what else its chart and words need, e.g. `opium = security.opium(country, 1989, 2025)`;
- the chart or table: `fig = security.opium_chart(opium)` draws only from that frame and
  returns the figure (caption, subtitle, "Data behind the charts" rows, source line included);
- the words: `security.opium_words(opium)` composes the section's sentences from that frame.

Filter or extend a frame in a new cell (`opium = opium[opium["year"] >= 2015]`), rerun the
next cells, and the chart, its data, its source line and its words follow. `gather()` loads
every section at once for the summary and the key figures the overview shows.
"""

from ._common import fmt_date
from ._compute import merge_counted_events
from .charts import (
    contingent_chart,
    contingent_title,
    deaths_chart,
    deaths_title,
    opium_chart,
    opium_title,
)
from .queries import (
    Security,
    acled,
    alcis,
    attacks,
    claims,
    contingent,
    deaths,
    drug_events,
    gather,
    gti,
    nato_milestones,
    nato_sizes,
    opium,
    opium_related,
    revisions,
)
from .summary import key_figures, key_figures_of, summary
from .tables import (
    acled_table,
    alcis_table,
    attacks_table,
    claims_table,
    contingent_table,
    drug_events_table,
    gti_table,
    nato_milestones_table,
    nato_sizes_table,
    opium_related_table,
    revisions_table,
)
from .words import (
    acled_comparison,
    acled_words,
    alcis_comparison,
    alcis_words,
    deaths_words,
    gti_words,
    nato_words,
    opium_related_words,
    opium_words,
    qaeda_words,
    revisions_words,
    same_year_statements,
)

METHODS = """
**What each source counts.**

- *UCDP* (Uppsala Conflict Data Program) counts deaths in organised violence: battle deaths
  in conflicts between a state and an organised group or between states (state-based), deaths
  in fighting between organised groups none of which is a state (non-state), and deaths of
  civilians deliberately killed by a state or an organised group (one-sided). A death is
  counted only where a source links it to such violence and a yearly threshold of deaths is
  met; the figures are UCDP's best estimates. UCDP revises earlier years when it learns more,
  so each series here comes from one release only; the older release is used only to show
  the size of the revisions.
- *ACLED* (Armed Conflict Location & Event Data) records events of political violence and
  protest from news and local partners, with the fatalities reported for each event. It
  applies no death threshold and counts events rather than conflicts, so its fatality counts
  are usually higher than UCDP's and are not interchangeable with them. ACLED updates its data
  continuously: a later download gives different counts for the same period, which is why
  every aggregate here carries the date of the data it was compiled from. Only aggregates
  compiled by ACCORD are held; no ACLED event is redistributed.
- *The Global Terrorism Index* (Institute for Economics & Peace) scores countries by the
  incidents, deaths, injuries and hostages of terrorism in the year before each edition,
  weighted over five years. It counts acts by non-state actors only; when the Taliban became
  the governing authority, their acts stopped being counted, so a fall in the index after
  that change mixes a change of method with a change on the ground. Each edition also
  recalculates earlier years, so a year's figure can differ between editions.
- *UNODC* estimates the area under opium poppy from satellite images and field surveys, and
  production from the area and surveyed yields. Years without a national figure are gaps, not
  zeros. *Alcis* makes its own estimates from satellite imagery; they are a different source
  and method and are kept apart from UNODC's series.
- *NATO's* statements of the size of its missions, and the reports of the size of the
  Azerbaijani contingent, are statements at a date: sizes between two statements are not
  known, and where two reports disagree both are shown.

**Limits.** The conflict series end with the latest UCDP release in the data; later years are
not estimated. Figures read in news reports of a publication name the publication as their
source and the page where they were read.
"""

__all__ = [
    "METHODS",
    "Security",
    "acled",
    "acled_comparison",
    "acled_table",
    "acled_words",
    "alcis",
    "alcis_comparison",
    "alcis_table",
    "alcis_words",
    "attacks",
    "attacks_table",
    "claims",
    "claims_table",
    "contingent",
    "contingent_chart",
    "contingent_table",
    "contingent_title",
    "deaths",
    "deaths_chart",
    "deaths_title",
    "deaths_words",
    "drug_events",
    "drug_events_table",
    "fmt_date",
    "gather",
    "gti",
    "gti_table",
    "gti_words",
    "key_figures",
    "key_figures_of",
    "merge_counted_events",
    "nato_milestones",
    "nato_milestones_table",
    "nato_sizes",
    "nato_sizes_table",
    "nato_words",
    "opium",
    "opium_chart",
    "opium_related",
    "opium_related_table",
    "opium_related_words",
    "opium_title",
    "opium_words",
    "qaeda_words",
    "revisions",
    "revisions_table",
    "revisions_words",
    "same_year_statements",
    "summary",
]
