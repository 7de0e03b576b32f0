"""Live loaders: one module per publisher, each fetch → normalise → describe provenance."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

import pandas as pd

from ..errors import ParameterError
from ..project import Project
from .http import Client, FetchError, Progress

# Order of `azaf data refresh all`.
SOURCES = ("worldbank", "unhcr", "ucdp", "fts", "comtrade")

# Tables a refresh may write; curated tables (statements, timeline, claims, plans) never.
REFRESHABLE = {
    "macro_wb",
    "refugees",
    "countries",
    "conflict_deaths",
    "humanitarian_funding",
    "trade_mirror",
}

__all__ = ["SOURCES", "REFRESHABLE", "Context", "Fetched", "FetchError", "Loader", "get_loader"]


@dataclass
class Context:
    """What a loader needs to know about the run: the project, the years, the day."""

    project: Project
    since: int | None
    today: _dt.date
    progress: Progress | None = None

    @property
    def accessed(self) -> str:
        """The access date, as written into sources.csv and datapackage.json."""
        return self.today.isoformat()

    def step(self, what: str) -> None:
        """Report one step (request) of the current source."""
        if self.progress is not None:
            self.progress.step(what)


@dataclass
class TableUpdate:
    """New rows for one table, the rows of the old table they supersede, and provenance."""

    table: str
    rows: pd.DataFrame
    vintage: str
    provenance: dict[str, Any]
    # Old rows the new answer supersedes besides those with the same key: typically the
    # rows of an earlier refresh of the same slice (same query, earlier vintage).
    supersedes: Callable[[pd.DataFrame], pd.Series] | None = None
    # Only add rows whose key is new; never replace a row already there (countries).
    add_only: bool = False


@dataclass
class Fetched:
    """What one loader brought back."""

    source: str
    updates: list[TableUpdate]
    sources: list[dict[str, str]]


class Loader:
    """One publisher: subclasses fill in fetch, normalise and provenance."""

    name = ""
    publisher = ""
    default_url = ""
    licence = ""
    licence_url = ""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    @property
    def env_var(self) -> str:
        """The environment variable that overrides the base URL."""
        return f"AZAF_{self.name.upper()}_URL"

    @property
    def base_url(self) -> str:
        """The base URL: AZAF_<SOURCE>_URL if set, else the publisher's own."""
        return (os.environ.get(self.env_var) or self.default_url).rstrip("/")

    def client(self, headers: dict[str, str] | None = None, token_hint: str = "") -> Client:
        """An HTTP client for this source's base URL."""
        return Client(self.name, self.base_url, headers=headers, token_hint=token_hint)

    def check(self) -> None:
        """Raise FetchError before any request if something the source needs is missing."""

    def fetch(self) -> Any:
        """Download the raw answers."""
        raise NotImplementedError

    def normalise(self, raw: Any) -> list[TableUpdate]:
        """Turn the raw answers into rows of the project's tables."""
        raise NotImplementedError

    def source_rows(self, raw: Any, updates: list[TableUpdate]) -> list[dict[str, str]]:
        """Rows for sources.csv naming the publisher of every new row."""
        raise NotImplementedError

    def fail(self, cause: str) -> FetchError:
        """A FetchError of this source."""
        return FetchError(self.name, cause)

    def run(self) -> Fetched:
        """fetch → normalise → provenance, with empty results treated as failures."""
        self.check()
        raw = self.fetch()
        updates = self.normalise(raw)
        if not updates or all(u.rows.empty for u in updates):
            raise self.fail("the answer holds no figures for the query; nothing was changed")
        return Fetched(self.name, updates, self.source_rows(raw, updates))


def get_loader(name: str) -> type[Loader]:
    """The loader class of a source, or a ParameterError listing the sources."""
    if name not in SOURCES:
        raise ParameterError(
            f"unknown source '{name}'; the sources are: {', '.join(SOURCES)} (or all)"
        )
    module = import_module(f"{__name__}.{name}")
    return module.LOADER


def year_now(ctx: Context) -> int:
    """The current year (of the access date)."""
    return ctx.today.year


def shape_error(source: str, what: str) -> FetchError:
    """A FetchError for an answer that does not have the publisher's documented shape."""
    return FetchError(source, f"the answer does not have the documented shape ({what})")
