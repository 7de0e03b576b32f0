"""Errors that azaf reports to users, each with the exit code the CLI uses."""

from __future__ import annotations


class AzafError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 1


class ProjectError(AzafError):
    """The project folder (series.yml, notebooks, templates) is missing or malformed."""

    exit_code = 2


class SeriesError(AzafError):
    """series.yml does not describe a valid series."""

    exit_code = 2


class ParameterError(AzafError):
    """A report parameter is unknown, of the wrong type or outside what is allowed."""

    exit_code = 2


class DataError(AzafError):
    """A table in data/ does not match its schema, or a table does not exist."""

    exit_code = 2


class ChromiumNotFound(AzafError):
    """No Chromium could be found to print PDFs."""

    exit_code = 3
