"""How the humanitarian report describes its methods (shown under Sources and methods)."""

METHODS = """\
**People in need and people targeted** are the counts in the humanitarian response plans for
Afghanistan published by the UN Office for the Coordination of Humanitarian Affairs (OCHA),
one figure per plan year. A plan revised during its year is shown as a point of its own, dated
by the month of the revision, beside the original plan; the two are never merged. The share of
the population in need is our division of the plan's count by the World Bank's total
population of the plan year; where the World Bank series does not yet reach the plan year, the
latest year it holds is used and named. The plans work with their own population estimates, so
the shares they state can differ from ours; where the data record the share a plan states, it
is shown beside ours, and neither replaces the other.

**Appeals and funding.** The requirement is what a plan asked for; funding received is what
OCHA reported as received by a given month. A figure dated before December covers only part of
the year and is not the year's total. Coverage is funding received divided by the requirement
of the same plan version. Where two reports give different requirements for the same plan,
both are shown, neither is preferred, and coverage is given against each; the figures are never
averaged.

**Food insecurity and poverty** are shown with the status their source gives them. A
projection is a forecast made before the period it covers: it is labelled as such, kept in
tables and sentences apart from estimates, and never drawn as an outcome. A figure taken from
the humanitarian plan of the same year is the plan's figure for the year ahead, written as the
year began, and is marked so.

**The economy.** GDP in current US dollars (series NY.GDP.MKTP.CD) and total population
(SP.POP.TOTL) are World Bank World Development Indicators; GDP per person is our division of
the two for the years that have both. Current-dollar GDP moves with prices and the exchange
rate as well as with output. Real growth, the afghani and public revenue exist in the data only
as statements by the World Bank, the Asian Development Bank, the Taliban-run Ministry of
Finance and the 2023 brief; they are shown as statements, each with who made it, and
conflicting statements side by side. Where the report compounds two stated growth rates it says
that the result is its own calculation. A figure that only the 2023 brief gives is kept in its
table, marked "claim in the 2023 brief (unverified)" or "brief's claim", and drawn as an
outline, never as an outcome; where it matches a projection rather than the stated outcomes,
the report says so. Revenue is stated by Afghan solar year (which runs from about March to
March); the dollar amounts are the conversions published with the afghani figures, and the
exchange rate they imply is our division of the two. The World Bank's official exchange-rate
series (PA.NUS.FCRF) is not in the data.

**Women and girls.** The timeline lists the dated decisions restricting women's education and
work that the data hold. The figures come from UN agencies and others; different agencies count
different groups (girls barred from secondary school, all girls out of school including those
never enrolled, girls and university students together), so they are shown apart and never
added up. Projections are labelled. The 2023 brief's figures on women and girls are left out of
this report (the overview's fact check sets them against the agencies' figures); a dated event
that only the brief gives stays in the timeline, marked "claim in the 2023 brief (unverified)".
"""
