"""How old each table is: source, period covered, vintage, access date, age, staleness."""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
import yaml

from .project import Project

DEFAULT_STALE_MONTHS = 18
# Lookup tables: names and the registry do not go out of date the way figures do.
LOOKUPS = {"sources", "countries"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def stale_after_months(project: Project) -> int:
    """The staleness threshold: series.yml `data: stale_after_months`, default 18."""
    try:
        raw = yaml.safe_load(project.series_file.read_text(encoding="utf-8")) or {}
        value = (raw.get("data") or {}).get("stale_after_months", DEFAULT_STALE_MONTHS)
        months = int(value)
        return months if months > 0 else DEFAULT_STALE_MONTHS
    except (OSError, ValueError, TypeError, AttributeError, yaml.YAMLError):
        return DEFAULT_STALE_MONTHS


def parse_date(value: Any) -> _dt.date | None:
    """The latest day a YYYY, YYYY-MM or YYYY-MM-DD text can mean (None if it is not one)."""
    m = _DATE.match(str(value or "").strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if not 1900 <= year <= 2100:
        return None
    if day:
        try:
            return _dt.date(year, int(month), int(day))
        except ValueError:
            return None
    month_n = int(month) if month else 12
    if not 1 <= month_n <= 12:
        return None
    following = _dt.date(year + month_n // 12, month_n % 12 + 1, 1)
    return following - _dt.timedelta(days=1)


def _published(registry: pd.DataFrame, sid: str) -> _dt.date | None:
    return parse_date(registry.at[sid, "published"]) or parse_date(registry.at[sid, "accessed"])


def months_between(earlier: _dt.date, later: _dt.date) -> int:
    """Whole months from earlier to later."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


@dataclass
class TableStatus:
    """One table's provenance and age."""

    name: str
    title: str
    path: str
    rows: int
    publishers: list[str]
    period: str
    vintage: str
    published: _dt.date | None
    accessed: _dt.date | None
    age_months: int | None
    stale: bool
    refreshed: bool

    @property
    def source_words(self) -> str:
        """The publishers in a few words."""
        if not self.publishers:
            return "–"
        if len(self.publishers) <= 2:
            return "; ".join(self.publishers)
        return f"{self.publishers[0]} and {len(self.publishers) - 1} other publishers"


def _period(frame: pd.DataFrame) -> str:
    years: list[int] = []
    for column in ("year", "plan_year", "first_year", "last_year", "estimate_year"):
        if column in frame.columns:
            years += [int(y) for y in pd.to_numeric(frame[column], errors="coerce").dropna()]
    for column in ("date", "start", "end"):
        if column in frame.columns:
            years += [int(str(v)[:4]) for v in frame[column] if str(v)[:4].isdigit()]
    if not years:
        return "–"
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def table_status(project: Project, today: _dt.date | None = None) -> list[TableStatus]:
    """Every table of the package with its source, period, vintage, access date and age.

    A statistical table's age runs from the newest release its rows cite (for a refreshed
    table: the publisher's update date, else the day it was read); only
    statistical tables are flagged as stale: statements and timelines are records of
    their time.
    """
    today = today or _dt.date.today()
    limit = stale_after_months(project)
    data_dir = project.data_dir
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    try:
        registry = pd.read_csv(
            data_dir / "sources.csv", dtype=str, keep_default_na=False, encoding="utf-8"
        ).set_index("source_id")
    except (OSError, KeyError, pd.errors.EmptyDataError):
        registry = pd.DataFrame(columns=["source_id"]).set_index("source_id")
    for column in ("publisher", "published", "accessed", "kind"):
        if column not in registry.columns:  # a smaller package (e.g. a test series)
            registry[column] = ""
    out = []
    for res in descriptor.get("resources", []):
        path = data_dir / res["path"]
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (OSError, pd.errors.EmptyDataError):
            frame = pd.DataFrame()
        cited = (
            [s for s in dict.fromkeys(frame["source_id"]) if s in registry.index]
            if "source_id" in frame.columns
            else []
        )
        if res["name"] == "sources":
            cited = []
        statistical = [s for s in cited if registry.at[s, "kind"] == "statistical"]
        checked = bool(statistical) and res["name"] not in LOOKUPS
        if checked:
            dates = (_published(registry, s) for s in statistical)
        else:
            dates = (parse_date(registry.at[s, "published"]) for s in cited)
        published = [d for d in dates if d]
        accessed = [d for d in (parse_date(registry.at[s, "accessed"]) for s in cited) if d]
        refresh = res.get("refresh") or {}
        # A table is as old as the newest release it holds (older releases are often kept
        # on purpose, e.g. to show revisions).
        newest = max(published) if published else None
        age = months_between(newest, today) if newest else None
        out.append(
            TableStatus(
                name=res["name"],
                title=res.get("title", res["name"]),
                path=f"data/{res['path']}",
                rows=len(frame),
                publishers=sorted({registry.at[s, "publisher"] for s in cited}),
                period=_period(frame),
                vintage=str(res.get("vintage", "")),
                published=newest,
                accessed=parse_date(refresh.get("accessed"))
                or (max(accessed) if accessed else None),
                age_months=age,
                stale=checked and age is not None and age > limit and len(frame) > 0,
                refreshed=bool(refresh),
            )
        )
    return out


def stale_tables(project: Project, names: list[str], today: _dt.date) -> list[TableStatus]:
    """The tables among names older than the threshold (for reports and the index)."""
    wanted = set(names)
    return [t for t in table_status(project, today) if t.name in wanted and t.stale]


def age_words(months: int | None) -> str:
    """An age in plain words: '9 months', '2 years 1 month'."""
    if months is None:
        return "unknown"
    years, rest = divmod(max(months, 0), 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


def print_status(project: Project, today: _dt.date | None = None, echo: Any = print) -> int:
    """`azaf data status`: one line per table; stale ones flagged. Returns the stale count."""
    today = today or _dt.date.today()
    limit = stale_after_months(project)
    rows = table_status(project, today)
    echo(
        f"{'table':<22} {'rows':>5}  {'period':<10} {'dated':<13} {'accessed':<10} "
        f"{'age':<17} source"
    )
    for t in rows:
        flag = "STALE " if t.stale else ""
        echo(
            f"{t.name:<22} {t.rows:>5}  {t.period:<10} "
            f"{t.published.isoformat() if t.published else '–':<13} "
            f"{t.accessed.isoformat() if t.accessed else '–':<10} "
            f"{flag + age_words(t.age_months):<17} {t.source_words}"
        )
        if t.vintage:
            echo(f"{'':<22}        vintage: {t.vintage}")
    stale = [t for t in rows if t.stale]
    echo("")
    echo(
        f"{len(stale)} of {len(rows)} tables are older than {limit} months (series.yml: "
        "data: stale_after_months)" + (f": {', '.join(t.name for t in stale)}." if stale else ".")
    )
    if stale:
        echo("Bring them up to date with: azaf data refresh all   (see README, Refresh the data)")
    return len(stale)


def _month_year(day: _dt.date) -> str:
    return day.strftime("%B %Y")


def stale_note(names: list[str], edition: _dt.date, project: Project | None = None) -> str:
    """A sentence for Sources and methods naming the tables read that are past the threshold.

    Empty when none is: the age runs to the edition date, never the clock.
    """
    from .project import get_project

    project = project or get_project()
    limit = stale_after_months(project)
    stale = stale_tables(project, list(names), edition)
    if not stale:
        return ""
    parts = [
        f"“{t.title}” ({'release' if t.published else 'data'} of "
        f"{_month_year(t.published) if t.published else 'unknown date'}, "
        f"{age_words(t.age_months)} before this edition)"
        for t in stale
    ]
    many = len(parts) > 1
    return (
        f"Older data: {', '.join(parts[:-1]) + ' and ' + parts[-1] if many else parts[0]} "
        f"{'are' if many else 'is'} older than the {age_words(limit)} after which the series "
        "flags a table. The publishers may have released newer figures since; the next edition "
        "will bring them in."
    )
