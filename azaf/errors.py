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


class EnvironmentProblem(AzafError):
    """The machine, not the input: Chromium, a kernel, the output folder, the disk."""

    exit_code = 3


class ChromiumFailed(EnvironmentProblem):
    """Chromium exists but would not start or print."""


def os_error_words(exc: OSError, what: str) -> str:
    """An OSError as a sentence naming the cause and what to do."""
    import errno

    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    if exc.errno == errno.ENOSPC:
        return f"{what}: no space left on the device{where}; free some space and build again"
    if exc.errno == errno.EDQUOT:
        return f"{what}: disk quota exceeded{where}; free some space and build again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"{what}: permission denied{where}; make the folder writable, or build into "
            "another folder with --name"
        )
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"{what}: a file stands where a folder is needed{where}; move it away"
    if exc.errno == errno.EROFS:
        return f"{what}: the file system is read-only{where}; build on a writable disk"
    return f"{what}: {exc.strerror or exc}{where}"
