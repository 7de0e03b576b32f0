"""Each section in one call, composed of its data, chart and words steps (for notebooks
written before the sections showed their steps)."""

from __future__ import annotations

from .charts_economy import contraction_chart, customs_chart, gdp_chart
from .charts_plans import appeals_chart, needs_chart
from .charts_women import employment_chart, girls_chart
from .queries import (
    Inputs,
    appeals,
    azerbaijan_help,
    food_insecurity,
    funding_history,
    needs_by_plan,
    poverty,
    restrictions,
    women_figures,
)
from .queries_economy import (
    afghani_statements,
    contraction,
    gdp_by_year,
    growth_statements,
    revenue,
)
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


def needs_section(inputs: Inputs) -> None:
    """People in need and targeted by plan year, and the share of the population in need."""
    needs = needs_by_plan(inputs)
    needs_words(needs)
    needs_chart(needs)
    needs_table(needs)


def appeals_section(inputs: Inputs) -> None:
    """Requirement against funding received, each funding figure with its as-of month."""
    frame = appeals(inputs)
    appeals_words(frame)
    appeals_chart(frame)
    funding_table(funding_history(inputs), frame)


def azerbaijan_section(inputs: Inputs) -> None:
    """What Azerbaijan did for Afghans, from the programmes and timeline tables."""
    rows = azerbaijan_help(inputs)
    azerbaijan_words(rows)
    azerbaijan_table(rows)


def food_poverty_section(inputs: Inputs) -> None:
    """Food insecurity and poverty with their status; projections labelled, never drawn."""
    food_table(food_insecurity(inputs))
    pov = poverty(inputs)
    poverty_table(pov)
    poverty_words(pov)


def economy_section(inputs: Inputs) -> None:
    """GDP and GDP per person; growth, revenue and exchange-rate statements."""
    gdp = gdp_by_year(inputs)
    gdp_words(gdp)
    gdp_chart(gdp)
    cut = contraction(inputs)
    contraction_words(cut)
    contraction_chart(cut)
    growth_table(growth_statements(inputs))
    rev = revenue(inputs)
    revenue_words(rev)
    customs_chart(rev)
    revenue_table(rev)
    afghani_table(afghani_statements(inputs))


def women_section(inputs: Inputs) -> None:
    """The dated restrictions and the figures on girls' schooling and women's work."""
    restrictions_table(restrictions(inputs))
    women = women_figures(inputs)
    girls_chart(women)
    employment_chart(women)
    women_table(women)
