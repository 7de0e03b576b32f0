"""Shared helpers of the humanitarian report: the report's context carried by each frame,
dates and periods in words, source names, number formats and the display of composed text."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ... import charts, text
from ...data import country_name, load_quiet

# The plan, food, poverty and women tables describe Afghanistan only (their titles say so and
# they carry no country column); a report on another country says so instead of showing them.
AFGHANISTAN = "AFG"

# Readable names for the indicators of women_figures, grouped by theme. An indicator missing
# here still appears, under "other", with its machine name made readable.
WOMEN_LABELS: dict[str, tuple[str, str]] = {
    "girls_out_of_secondary_school": ("education", "Girls out of secondary school"),
    "girls_denied_secondary_and_university": (
        "education",
        "Girls and women denied secondary school and university",
    ),
    "girls_out_of_school_total": ("education", "Girls out of school, incl. never enrolled"),
    "share_school_age_girls_out_of_school": (
        "education",
        "Share of school-age girls out of school",
    ),
    "share_girls_never_entered_primary": ("education", "Share of girls who never entered primary"),
    "girls_newly_excluded_after_grade6": ("education", "Girls newly barred after grade six"),
    "girls_still_in_secondary_school": ("education", "Girls still in secondary school"),
    "girls_denied_increase_since_apr_2023": ("education", "Rise in girls denied education"),
    "women_university_students_affected": ("education", "Women university students affected"),
    "university_students_change": ("education", "Change in university students"),
    "women_health_institute_students": ("education", "Women in health training affected"),
    "girls_primary_enrolment": ("education", "Girls in primary school"),
    "primary_enrolment_total": ("education", "Children in primary school"),
    "women_higher_education_students": ("education", "Women in higher education"),
    "women_employment_change": ("work", "Change in women's employment"),
    "men_employment_change": ("work", "Change in men's employment"),
    "women_in_paid_work": ("work", "Women in paid work"),
    "men_in_paid_work": ("work", "Men in paid work"),
    "women_neet_15_24": ("work", "Young women not in education, work or training"),
    "women_jobs_lost_beauty_salons": ("work", "Women's jobs lost with the salon closures"),
    "beauty_salons_nationwide": ("work", "Women's beauty salons"),
    "ngos_reporting_reduced_access_to_women": (
        "work",
        "Aid groups reporting less access to women",
    ),
    "economic_loss_female_work_restrictions": ("work", "Economic loss from curbs on women's work"),
    "ngo_women_unable_to_find_other_work": ("work", "Women NGO workers unable to find other work"),
    "additional_maternal_deaths": ("health", "Additional maternal deaths"),
    "additional_infant_deaths": ("health", "Additional infant deaths"),
}

# Measures read together: the men's figure sits beside the women's, the total beside the girls'.
PAIRED: dict[str, str] = {
    "men_employment_change": "women_employment_change",
    "men_in_paid_work": "women_in_paid_work",
    "primary_enrolment_total": "girls_primary_enrolment",
    "beauty_salons_nationwide": "women_jobs_lost_beauty_salons",
}

MONTHS = {m.lower()[:3]: i for i, m in enumerate(calendar.month_name) if m}


@dataclass(frozen=True)
class Context:
    """The report's country and years, as a section's frame carries them in its attrs."""

    country: str
    start: int
    end: int

    @property
    def name(self) -> str:
        """The country's name."""
        return country_name(self.country)

    @property
    def is_afghanistan(self) -> bool:
        """Whether the Afghanistan-only tables apply."""
        return self.country == AFGHANISTAN

    @property
    def years(self) -> str:
        """The chosen years in words."""
        return f"{self.start}–{self.end}" if self.start != self.end else str(self.start)


def _context(frame: pd.DataFrame) -> Context:
    """The context a data step stored in the frame's attrs (pandas keeps them through
    filtering); a frame built from scratch must be given them with frame.attrs.update()."""
    try:
        return Context(
            str(frame.attrs["country"]), int(frame.attrs["start"]), int(frame.attrs["end"])
        )
    except KeyError as missing:
        raise ValueError(
            f"this frame does not say which country and years it describes (attrs lack "
            f"{missing}); start from a humanitarian data function, or copy its attrs"
        ) from None


def _with_context(frame: pd.DataFrame, context: Any, **more: Any) -> pd.DataFrame:
    """The frame with the report's country and years (and any section facts) in its attrs."""
    frame.attrs.update(
        country=context.country, start=int(context.start), end=int(context.end), **more
    )
    return frame


def month_words(value: Any) -> str:
    """'2023-12' -> 'December 2023'; '2022' -> '2022'; missing -> ''.

    Example:
        >>> month_words("2024-04")
        'April 2024'
    """
    if text.is_missing(value) or not str(value):
        return ""
    parts = str(value).split("-")
    if len(parts) >= 2:
        month = calendar.month_name[int(parts[1])]
        day = f"{int(parts[2])} " if len(parts) == 3 else ""
        return f"{day}{month} {parts[0]}"
    return parts[0]


def period_years(period: Any) -> tuple[int | None, int | None]:
    """First and last calendar year a period string of macro_statements touches.

    Example:
        >>> period_years("SY1401 (2022/23)")
        (2022, 2023)
    """
    if text.is_missing(period) or not str(period).strip():
        return None, None
    solar = re.search(r"SY\d{4}\s*\((\d{4})/(\d{2})\)", str(period))
    if solar:
        first = int(solar.group(1))
        return first, first // 100 * 100 + int(solar.group(2))
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", str(period))]
    if not years:
        return None, None
    return min(years), max(years)


def solar_year(period: Any) -> str:
    """'SY1401 (2022/23)' -> 'SY1401'; other periods unchanged."""
    found = re.search(r"SY\d{4}", str(period))
    return found.group(0) if found else str(period)


def period_date(period: Any, year: Any) -> float:
    """A figure's date as a fractional year: the last 'Mon YYYY' its period names, else its
    year.

    Example:
        >>> period_date("since Sept 2021, as of Jan 2023", 2023)
        2023.0
    """
    found = re.findall(r"\b([A-Z][a-z]{2,8})\.?\s+((?:19|20)\d{2})\b", str(period))
    for month, yr in reversed(found):
        if month.lower()[:3] in MONTHS:
            return int(yr) + (MONTHS[month.lower()[:3]] - 1) / 12
    return float(year)


def _period_words(period: Any) -> str:
    if text.is_missing(period):
        return "not recorded"
    parts = str(period).split("/")
    return " to ".join(month_words(p) if re.match(r"^\d{4}-\d{2}", p) else p for p in parts)


def _date_words(value: Any) -> str:
    """'2021-03' -> 'Mar 2021'; '2016' -> '2016'."""
    value = str(value)
    if len(value) == 4:
        return value
    return text.fmt_date(value, "month" if len(value) == 7 else "day", short=True)


# ----------------------------------------------------------------------------- sources


def _publisher(source_id: str) -> str:
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id, "publisher"]
    return str(match.iloc[0]) if len(match) else source_id


def _published_year(source_id: str) -> int | None:
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id, "published"]
    if not len(match) or text.is_missing(match.iloc[0]):
        return None
    found = re.match(r"(\d{4})", str(match.iloc[0]))
    return int(found.group(1)) if found else None


def _published(source_id: str) -> str:
    """The registry's publication date of a source ('2022-10'), or ''."""
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id, "published"]
    return "" if not len(match) or text.is_missing(match.iloc[0]) else str(match.iloc[0])


def brief_name(source_id: Any) -> str:
    """'the 2023 brief' for a source the registry lists as a brief; '' for any other source.

    Example:
        >>> brief_name("brief_2023")
        'the 2023 brief'
    """
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == str(source_id), "kind"]
    if not len(match) or str(match.iloc[0]) != "brief":
        return ""
    year = _published_year(str(source_id))
    return f"the {year} brief" if year else "the brief"


def brief_claim(source_id: Any) -> str:
    """'claim in the 2023 brief (unverified)' for a brief's row; '' for any other source."""
    name = brief_name(source_id)
    return f"claim in {name} (unverified)" if name else ""


def _with_article(name: str) -> str:
    """'World Bank' -> 'the World Bank'; names read without an article stay as they are."""
    return (
        f"the {name}" if re.match(r"(World Bank|Asian Development Bank|Ministry)", name) else name
    )


def _dataset_words(source_ids: pd.Series) -> str:
    """'World Bank, World Development Indicators, data updated 6 March 2026' for statistical
    sources, without the series codes (those are listed under Sources and methods)."""
    registry = load_quiet("sources").set_index("source_id")
    words = []
    for sid in dict.fromkeys(str(s) for s in source_ids.dropna()):
        if sid not in registry.index:
            continue
        row = registry.loc[sid]
        title = str(row["title"]).split(":")[0]
        date = "" if text.is_missing(row["published"]) else month_words(row["published"])
        words.append(f"{row['publisher']}, {title}" + (f", data updated {date}" if date else ""))
    return "; ".join(dict.fromkeys(words))


def _short_source_id(source_id: str) -> str:
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id, "title"]
    title = str(match.iloc[0]) if len(match) else source_id
    found = re.search(r"\((?:[^()]*?)(?:as reported by|reported by) ([^)]+)\)", title)
    return f"as reported by {found.group(1)}" if found else "the plan document"


def _short_title(source_id: str) -> str:
    registry = load_quiet("sources")
    match = registry.loc[registry["source_id"] == source_id]
    if not len(match):
        return source_id
    row = match.iloc[0]
    if text.is_missing(row["published"]):
        return str(row["publisher"])
    # The month is enough to tell the reports apart: 'UNDP, September 2021'.
    return f"{row['publisher']}, {month_words(str(row['published'])[:7])}"


def plan_share_words(note: Any) -> str:
    """The share of the population a plan states itself, read from a row's note: 'about 45%'.

    Example:
        >>> plan_share_words("About 45 % of the population, as reported.")
        'about 45%'
    """
    if text.is_missing(note):
        return ""
    found = re.search(
        r"(?i)\b((?:about|around|nearly|almost|some|over|more than)\s+)?(\d+(?:\.\d+)?)\s*%"
        r"\s*of the population",
        str(note),
    )
    if not found:
        return ""
    return f"{(found.group(1) or '').lower()}{text.fmt_pct(float(found.group(2)))}"


# ----------------------------------------------------------------------------- numbers


def _millions(value: Any) -> str:
    return "–" if text.is_missing(value) else f"{float(value) / 1e6:,.1f}"


def _usd_billions(value: Any) -> str:
    return "–" if text.is_missing(value) else f"{float(value) / 1e9:,.2f}"


def _pct(value: Any) -> str:
    return "–" if text.is_missing(value) else text.fmt_pct(value, digits=1)


def _down_up(value: Any) -> str:
    """-25 -> 'down 25%'; 4 -> 'up 4%'."""
    word = "down" if float(value) < 0 else "up"
    return f"{word} {text.fmt_pct(abs(float(value)))}"


def _status_words(status: Any) -> str:
    return {"projection": "projection", "estimate": "estimate", "outcome": "outcome"}.get(
        str(status), str(status)
    )


def _women_value(row: pd.Series) -> str:
    value, unit = row["value"], row["unit"]
    if unit == "percent":
        return text.fmt_pct(value, signed=float(value) < 0)
    if unit == "USD":
        return text.fmt_usd(value)
    if unit == "people":
        return text.fmt_count(value)
    return f"{text.fmt_count(value)} {unit}"


# ----------------------------------------------------------------------------- display


def _show_figure(fig: Any, caption: str, data: pd.DataFrame, **kwargs: Any) -> Any:
    """charts.show_figure, with missing values written as a dash first, so the data appendix
    shows '–' rather than pandas' '<NA>'; returns the figure."""
    clean = data.copy()
    for column in clean.columns:
        if column == "source_id":  # stays as loaded: the source line reads it
            continue
        values = clean[column].astype(object)
        clean[column] = values.where(clean[column].notna(), "–")
    return charts.show_figure(fig, caption, clean, **kwargs)


def _say(markdown: str) -> None:
    """Show composed Markdown (azaf.text.md escapes dollar signs)."""
    text.md(markdown)


def _afghanistan_only(context: Context, what: str) -> bool:
    """Say in place that a section exists only for Afghanistan; True when that was said."""
    if context.is_afghanistan:
        return False
    _say(
        f"The data hold {what} for Afghanistan only, so this section has nothing to show "
        f"for {context.name}."
    )
    return True
