"""Numbered, captioned, sourced tables for the reports."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from . import report
from .sources import source_line


def blank_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Show a dash for missing values in every column (nullable types ignore `na_rep`).

    Example:
        >>> blank_missing(pd.DataFrame({"a": pd.array([1, None], dtype="Int64")}))["a"].tolist()
        [1, '–']
    """
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype.kind != "f" and column.isna().any():
            out[name] = column.astype(object).where(column.notna(), "–")
    return out


_CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


_ACRONYMS = {"usd": "USD", "gdp": "GDP", "afn": "AFN", "ipc": "IPC", "iso3": "ISO3"}


def _words(name: Any) -> str:
    """'gdp_usd' -> 'GDP USD': stored codes as a reader would write them."""
    if not _CODE.match(str(name)) and str(name).lower() not in _ACRONYMS:
        return str(name)
    return " ".join(_ACRONYMS.get(part, part) for part in str(name).split("_"))


def _number(value: Any) -> str:
    """A drawn value as text: separators for large numbers, no float noise for small ones."""
    v = float(value)
    if v.is_integer() or abs(v) >= 1000:
        shown = f"{v:,.0f}"
    elif abs(v) >= 1:
        shown = f"{v:,.2f}".rstrip("0").rstrip(".")
    else:
        shown = f"{v:.3g}"
    return shown.replace("-", "−")  # a minus sign, not a hyphen


def _cell(value: Any, is_year: bool) -> Any:
    """One value of a mixed column: words for codes, numbers with separators."""
    if isinstance(value, str):
        return _words(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not is_year:
        return "–" if pd.isna(value) else _number(value)
    return value


def readable_data(frame: pd.DataFrame) -> pd.DataFrame:
    """A chart's data as a reader sees it: words for codes, separators in numbers, dashes.

    Example:
        >>> readable_data(pd.DataFrame({"plan_year": [2023], "people_in_need": [28300000]}))
          Plan year People in need
        0      2023     28,300,000
    """
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_bool_dtype(column):
            out[name] = column.map(lambda v: "–" if pd.isna(v) else ("yes" if v else "no"))
            continue
        if pd.api.types.is_numeric_dtype(column):
            # Years stay as they are; other numbers get separators and sensible decimals.
            if "year" in str(name):
                shown = column.map(lambda v: "–" if pd.isna(v) else str(int(v)))
            else:
                shown = column.map(lambda v: "–" if pd.isna(v) else _number(v))
            out[name] = shown.astype(object)
        elif column.dtype == object or pd.api.types.is_string_dtype(column):
            # Mixed columns (numbers with a dash typed in for gaps) are common in chart data.
            is_year = "year" in str(name)
            out[name] = column.map(lambda v, y=is_year: _cell(v, y))
    headings = {c: _words(c)[:1].upper() + _words(c)[1:] for c in out.columns}
    return blank_missing(out).rename(columns=headings)


def show_table(
    frame: pd.DataFrame,
    caption: str,
    columns: dict[str, str] | None = None,
    formats: dict[str, Callable[[Any], str]] | None = None,
    note: str = "",
    source_ids: list[str] | None = None,
) -> None:
    """Show rows of a loaded table as a numbered table with caption and source line.

    `columns` maps column names to headings (and picks them, in order); `formats` maps
    column names to functions that turn a value into text; `source_ids` replaces the rows'
    own sources in the source line (a computed change cites both figures behind it).

    Example:
        >>> azaf.show_table(df, "Reported trade", columns={"period": "Period", "value": "Value"})
    """
    from IPython.display import HTML, display

    report.STATE.tables += 1
    number = report.STATE.tables
    cited = frame if source_ids is None else pd.DataFrame({"source_id": list(source_ids)})
    sources = source_line(cited)
    shown = frame[list(columns)] if columns else frame.drop(columns=["source_id"], errors="ignore")
    shown = shown.copy()
    for name, fmt in (formats or {}).items():
        shown[name] = shown[name].map(lambda v, f=fmt: "–" if pd.isna(v) else f(v))
    if columns:
        shown = shown.rename(columns=columns)
    shown = blank_missing(shown)
    body = shown.to_html(index=False, border=0, classes="azaf-table", na_rep="–", escape=True)
    body = with_caption(
        body, f'<span class="azaf-num">Table {number}.</span> {html.escape(caption)}'
    )
    note_html = f'<p class="azaf-note">{html.escape(note)}</p>' if note else ""
    display(
        HTML(
            f'<div class="azaf-tablewrap" id="table-{number}">{body}{note_html}'
            f'<p class="azaf-source">{html.escape(sources)}</p>'
            + _table_download(frame, columns, number)
            + "</div>"
        )
    )


def with_caption(table: str, caption_html: str, css_class: str = "azaf-caption") -> str:
    """Put a <caption> (already escaped HTML) into a table as its first child, where HTML
    and screen readers look for a table's title.

    Example:
        >>> with_caption('<table><tr><td>1</td></tr></table>', "T1", "c")
        '<table><caption class="c">T1</caption><tr><td>1</td></tr></table>'
    """
    return re.sub(
        r"(<table\b[^>]*>)",
        lambda m: f'{m.group(1)}<caption class="{css_class}">{caption_html}</caption>',
        table,
        count=1,
    )


def _table_download(frame: pd.DataFrame, columns: dict[str, str] | None, number: int) -> str:
    """The table's rows (unformatted values, with their sources) as a CSV download."""
    from .charts import download_link

    keep = list(columns) if columns else [c for c in frame.columns if c != "source_id"]
    if "source_id" in frame.columns and "source_id" not in keep:
        keep.append("source_id")
    data = frame[keep].rename(columns=columns or {})
    name = f"{report.STATE.run_id or 'table'}-table-{number}.csv"
    return download_link(data, name, f"Table {number}")
