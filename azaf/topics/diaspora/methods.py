"""The diaspora report's methods text, composed from the data where it names hosts and years."""

from __future__ import annotations

from ... import text
from ...data import country_name, load_quiet
from ._common import (
    BREAK_FACTOR,
    BREAK_LEAST,
)
from .queries import (
    all_origin_hosts,
    share_sources,
)

METHODS_REFUGEES = (
    "**Refugees and asylum-seekers.** The figures are UNHCR's stocks of people under its "
    "mandate, by country of origin and country of asylum: *refugees* (people recognised as "
    "refugees, or in a refugee-like situation as UNHCR counted them in this release) and "
    "*asylum-seekers* (people whose claim for protection is still pending). Internally "
    "displaced people, returnees, stateless people and the category UNHCR later added for "
    "other people in need of international protection are not in these figures, so later "
    "UNHCR headline totals for Afghans are larger and are not comparable. The report adds "
    "refugees and asylum-seekers together where it speaks of people hosted, and keeps them "
    "apart in the tables.\n\n"
    "**Rounding.** UNHCR rounds small numbers to protect individuals, so a small count is an "
    "order of magnitude, not a head count (the refugees table's caveat below gives the rule).\n\n"
    "**The mid-year caveat.** The latest year of this UNHCR release is a mid-year stock, not an "
    "end-year one; it is marked wherever it appears (hatched bars, a note in tables). A change "
    "into that year mixes half a year with a whole one.\n\n"
    "**Sudden breaks.** Where a series grows or shrinks by a factor of more than {factor} "
    "from one year to the next and at least {least} people are involved, the report lists "
    "the change below the table. Possible causes are new arrivals, departures and changes in "
    "how UNHCR classified people."
)


METHODS_TURKIC = (
    "**Turkic peoples.** Afghanistan has held no full census for decades, so every figure is an "
    "estimate. Because there are so few, each estimate found is shown whatever year it refers "
    "to, including years outside those of this edition. Each is shown with its source, its "
    "year and what it counts (an ethnic group or the speakers of a language, a number of people "
    "or a share of the population); estimates that disagree are shown side by side and never "
    "averaged."
)


METHODS_PROGRAMMES = (
    "**Programmes.** The training, public-service and scholarship links come from one source, "
    "the 2023 brief; no programme records were available to confirm them."
)


def coverage_text() -> str:
    """Which hosts keep every origin, and what the early years hold, composed from the data.

    Example:
        >>> "Azerbaijan" in coverage_text()
        True
    """
    table = load_quiet("refugees")
    full = all_origin_hosts(quiet=True)
    names = sorted(country_name(c) for c in full)
    rest = table[~table["asylum"].isin(full)]
    # country_name reads a table per call: name the unique codes only.
    only = text.join_words(sorted(country_name(c) for c in rest["origin"].unique()))
    main = table[table["source_id"].isin(share_sources())]
    first = int(main["year"].min())
    early = table[~table["source_id"].isin(share_sources()) & (table["year"] < first)]
    early_text = (
        f" Before {first}, the data hold only people from "
        f"{text.join_words(sorted(country_name(c) for c in early['origin'].unique()))} in "
        f"{text.join_words(sorted(country_name(c) for c in early['asylum'].unique()))} "
        "(from a second "
        f"UNHCR extract), so rankings of host countries start in {first}."
        if not early.empty
        else ""
    )
    return (
        f"**Coverage.** The data keep every country of origin for {len(names)} host countries "
        f"only: {text.join_words(names)}. For other hosts they hold people from {only} only. "
        f"Shares of a host's refugees are computed only where every origin is kept.{early_text}"
    )


def methods(host: str = "AZE", origin: str = "AFG") -> str:
    """The methods text for this edition: programmes and Turkic peoples only where shown.

    Example:
        >>> "Programmes" in methods("TUR", "AFG")
        False
    """
    parts = [
        METHODS_REFUGEES.format(factor=text.fmt_int(BREAK_FACTOR), least=text.fmt_int(BREAK_LEAST)),
        coverage_text(),
    ]
    if origin == "AFG":
        parts.append(METHODS_TURKIC)
    if host == "AZE" and origin == "AFG":
        parts.append(METHODS_PROGRAMMES)
    return "\n\n".join(parts)


# The full text (Azerbaijan edition), for readers of the module.
METHODS = METHODS_REFUGEES + "\n\n" + METHODS_TURKIC + "\n\n" + METHODS_PROGRAMMES
