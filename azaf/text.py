"""Number formats and sentence helpers, so prose with figures is composed from data."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas NA."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_int(value: Any) -> str:
    """12345.0 -> '12,345'; missing -> 'n/a'.

    Example:
        >>> fmt_int(28300000)
        '28,300,000'
    """
    if is_missing(value):
        return "n/a"
    return f"{round(float(value)):,}"


def fmt_num(value: Any, digits: int = 1) -> str:
    """A number with a fixed number of decimals and thousands separators."""
    if is_missing(value):
        return "n/a"
    return f"{float(value):,.{digits}f}"


def fmt_pct(value: Any, digits: int = 0, signed: bool = False) -> str:
    """A percentage: 37.0 -> '37%'; signed adds '+' to rises.

    Example:
        >>> fmt_pct(-93.4, signed=True)
        '−93%'
    """
    if is_missing(value):
        return "n/a"
    text = f"{abs(float(value)):,.{digits}f}%"
    if float(value) < 0:
        return "−" + text
    return ("+" + text) if signed and float(value) > 0 else text


def _scaled(value: float, digits: int) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            number = f"{value / size:,.{digits}f}".rstrip("0").rstrip(".")
            return f"{number} {word}"
    return f"{value:,.0f}"


def fmt_usd(value: Any, digits: int = 1) -> str:
    """US dollars in words: 71500000 -> 'US$71.5 million'.

    Example:
        >>> fmt_usd(4.4e9)
        'US$4.4 billion'
    """
    if is_missing(value):
        return "n/a"
    value = float(value)
    sign = "−" if value < 0 else ""
    return f"{sign}US${_scaled(abs(value), digits)}"


def fmt_count(value: Any, noun: str = "", digits: int = 1) -> str:
    """A large count in words: 28300000, 'people' -> '28.3 million people'."""
    if is_missing(value):
        return "n/a"
    value = float(value)
    text = _scaled(value, digits) if abs(value) >= 1e6 else f"{value:,.0f}"
    return f"{text} {noun}".strip()


def fmt_value(value: Any, unit: str) -> str:
    """Format a value by its unit from the data package (people, USD, percent, …)."""
    if is_missing(value):
        return "n/a"
    unit = (unit or "").strip()
    if isinstance(value, str):
        # A key figure may be a name (the largest host, say) rather than a number.
        return f"{value} {unit}".strip()
    if unit == "rank":
        return f"rank {fmt_int(value)}"
    if unit == "USD":
        return fmt_usd(value)
    if unit == "USD million":
        return fmt_usd(float(value) * 1e6)
    if unit == "percent":
        return fmt_pct(value, digits=0 if float(value).is_integer() else 1)
    if float(value).is_integer():
        return fmt_count(value, unit)
    return f"{fmt_num(value, 1)} {unit}".strip()


def fmt_date(when: Any, precision: str = "day", short: bool = False) -> str:
    """A date at the precision its source gives: '26 August 2021', 'August 2021' or '2021'.

    Example:
        >>> fmt_date("2021-08-26", "month"), fmt_date("2018-12-13", short=True)
        ('August 2021', '13 Dec 2018')
    """
    day = pd.Timestamp(when)
    month = f"{day:%b %Y}" if short else f"{day:%B %Y}"
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return month
    return f"{day.day} {month}"


def pct_change(old: Any, new: Any) -> float:
    """Percentage change from old to new (NaN when it cannot be computed)."""
    if is_missing(old) or is_missing(new) or float(old) == 0:
        return math.nan
    return (float(new) - float(old)) / abs(float(old)) * 100


def join_words(items: Iterable[Any], last: str = "and") -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def year_span(years: Iterable[Any]) -> str:
    """Compress years into ranges: [2001, 2002, 2003, 2007] -> '2001–2003 and 2007'."""
    values = sorted({int(y) for y in years if not is_missing(y)})
    if not values:
        return ""
    runs: list[tuple[int, int]] = []
    start = prev = values[0]
    for year in values[1:]:
        if year != prev + 1:
            runs.append((start, prev))
            start = year
        prev = year
    runs.append((start, prev))
    return join_words(f"{a}–{b}" if a != b else f"{a}" for a, b in runs)


# Links in published pages may point only at the web, at e-mail, or at a page of the series
# (a relative link). Anything else — javascript:, data:, file:, vbscript: — is dropped.
SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers ignore ASCII controls and whitespace inside a scheme ("java\tscript:").
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: Any) -> str | None:
    """The URL when its scheme is http, https or mailto, or it is relative; otherwise None.

    Example:
        >>> safe_url("https://data.unhcr.org/"), safe_url("javascript:alert(1)")
        ('https://data.unhcr.org/', None)
    """
    if is_missing(url):
        return None
    text = str(url).strip()
    squeezed = _IGNORED_IN_URL.sub("", text)
    if not squeezed or squeezed.startswith(("//", "\\")) or "\\" in squeezed.split("?")[0]:
        return None
    match = _SCHEME.match(squeezed)
    if match is None:
        # A scheme-less link names a page or a section of the series (trade.html#Corridors).
        return text if not _IGNORED_IN_URL.search(text) else None
    return text if match.group(1).lower() in SAFE_SCHEMES else None


def link_html(label: Any, url: Any) -> str:
    """An escaped HTML link, or the escaped label alone when the URL is not safe to link."""
    import html

    target = safe_url(url)
    shown = html.escape(str(label))
    if target is None:
        return shown
    return f'<a href="{html.escape(target, quote=True)}">{shown}</a>'


def _heading_id(inline_text: str) -> str:
    """The id nbconvert gives a Markdown heading, so links to sections keep working."""
    from urllib.parse import quote

    return quote(inline_text.strip().replace(" ", "-"), safe="?/:@!$&'()*+,;=")


def _markdown() -> Any:
    from markdown_it import MarkdownIt

    # html=False: markup in the text is shown as text, never passed through as HTML.
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("table")
    parser.validateLink = lambda url: safe_url(url) is not None

    def heading_open(renderer: Any, tokens: list, idx: int, options: Any, env: Any) -> str:
        inline = tokens[idx + 1]
        words = "".join(
            child.content
            for child in (inline.children or [])
            if child.type in ("text", "code_inline")
        )
        tokens[idx].attrSet("id", _heading_id(words))
        return renderer.renderToken(tokens, idx, options, env)

    parser.add_render_rule("heading_open", heading_open)
    return parser


_PARSER: Any = None


def md_html(text: str) -> str:
    """Composed Markdown as HTML: markup in it stays text, only safe links become links.

    Example:
        >>> md_html("**<b>x</b>** [a](javascript:alert(1))").strip()
        '<p><strong>&lt;b&gt;x&lt;/b&gt;</strong> [a](javascript:alert(1))</p>'
    """
    global _PARSER
    if _PARSER is None:
        _PARSER = _markdown()
    return _PARSER.render(str(text))


def md(text: str) -> None:
    """Display composed Markdown in the report (prose built from data, never typed figures).

    The Markdown is rendered here, with raw HTML disabled and links limited to http, https,
    mailto and pages of the series, so text from data can never become markup or script.

    Example:
        >>> md(f"Requirement: **{fmt_usd(4.4e9)}**.")  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(md_html(text)))


def md_inline(text: str) -> str:
    """One line of composed Markdown as inline HTML (bold, italics, safe links; no markup)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = _markdown()
    return _PARSER.renderInline(str(text))


def summary_box(lines: Iterable[str]) -> None:
    """Show findings (one line of composed Markdown each) in the series' summary box."""
    from IPython.display import HTML, display

    body = "".join(f"<li>{md_inline(line)}</li>" for line in lines if line)
    display(HTML(f'<div class="azaf-summary"><ul>{body}</ul></div>'))


def missing(sentence: str) -> None:
    """Say in place, highlighted, that the data cannot show something."""
    from IPython.display import HTML, display

    display(HTML(f'<div class="azaf-missing"><p>{md_inline(sentence)}</p></div>'))
