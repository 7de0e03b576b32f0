"""The edition date of a build: --edition, $SOURCE_DATE_EPOCH or the data version, never the
clock, so that the same inputs give the same bytes on any day."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from pathlib import Path

from .errors import ParameterError

EDITION_ENV = "AZAF_EDITION"  # how the build hands the edition to its kernels


def _day(text: str) -> _dt.date | None:
    m = re.fullmatch(r"\s*(\d{4})[-.](\d{1,2})[-.](\d{1,2})(?:[T ].*)?\s*", str(text))
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def data_version_date(data_dir: Path) -> tuple[_dt.date | None, str]:
    """The date in data/datapackage.json's version (2026.11.26), else its `created` date."""
    try:
        desc = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, ""
    for key in ("version", "created"):
        day = _day(str(desc.get(key) or ""))
        if day is not None:
            return day, f"data {key} {desc.get(key)}"
    return None, ""


def resolve_edition(given: str | None, data_dir: Path) -> tuple[str, str]:
    """The edition as YYYY-MM-DD and where it came from.

    Example:
        >>> resolve_edition("2026-12-01", Path("."))
        ('2026-12-01', '--edition')
    """
    if given:
        day = _day(given)
        if day is None:
            raise ParameterError(f"--edition {given!r}: give a date such as 2026-12-01")
        return day.isoformat(), "--edition"
    env = os.environ.get(EDITION_ENV)
    if env and _day(env):
        return _day(env).isoformat(), f"${EDITION_ENV}"  # type: ignore[union-attr]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            day = _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ParameterError(
                f"SOURCE_DATE_EPOCH={epoch!r}: give whole seconds since 1970 (e.g. 1764547200)"
            ) from None
        return day.isoformat(), "SOURCE_DATE_EPOCH"
    day, source = data_version_date(data_dir)
    if day is None:
        raise ParameterError(
            "no edition date: data/datapackage.json has no dated version; "
            "give one with --edition 2026-12-01 (or set SOURCE_DATE_EPOCH)"
        )
    return day.isoformat(), source
