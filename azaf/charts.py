"""The series' chart style and figure output: numbered, captioned, sourced, vector SVG."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from . import report
from .sources import source_line

PALETTE = ["#1b4f72", "#c0392b", "#117a65", "#b9770e", "#6c3483", "#566573", "#2e86c1"]
WIDTH_IN = 6.5  # fits A4 text width with 16 mm margins
HEIGHT_IN = 3.3


def setup() -> None:
    """Apply the series' chart style, figure format and display settings (call once per notebook).

    Example:
        >>> azaf.setup()
    """
    import seaborn as sns

    sns.set_theme(context="paper", style="whitegrid", palette=PALETTE)
    matplotlib.rcParams.update(
        {
            "figure.figsize": (WIDTH_IN, HEIGHT_IN),
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "svg.fonttype": "none",  # text stays text: searchable, readable by screen readers
            "svg.hashsalt": "azaf",  # identical files on rebuild
            "font.family": ["DejaVu Sans", "sans-serif"],
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid.axis": "y",
            "legend.frameon": False,
        }
    )
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 120)
    pd.set_option("display.float_format", lambda v: f"{v:,.2f}")
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        # Figures a researcher draws ad hoc are vector too, like the series' own.
        set_matplotlib_formats("svg")
    except ImportError:  # outside a Jupyter kernel there is nothing to configure
        pass
    import warnings

    # Library deprecation chatter is not for readers; the build still records stderr.
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def thousands() -> Any:
    """An axis formatter with thousands separators."""
    return matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")


def new_figure(height: float = HEIGHT_IN, ncols: int = 1) -> tuple[Any, Any]:
    """A figure and its axes sized for an A4 page in the series' style: one axes, or with
    `ncols` a row of that many side by side.

    Example:
        >>> fig, (left, right) = azaf.new_figure(ncols=2)
    """
    return plt.subplots(1, ncols, figsize=(WIDTH_IN, height), layout="constrained")


_ID = re.compile(r'\s\bid="([^"]+)"')
_REF = re.compile(r'(\burl\(#|\bhref="#)([^)"]+)')


def scoped_ids(svg: str, prefix: str) -> str:
    """An inline SVG whose ids cannot clash with another on the same page: ids something
    refers to (clip paths, markers) get the prefix, ids nothing refers to are dropped.

    Example:
        >>> scoped_ids('<g id="axes_1"><path id="m1"/><use href="#m1"/></g>', "f2-")
        '<g><path id="f2-m1"/><use href="#f2-m1"/></g>'
    """
    used = {m.group(2) for m in _REF.finditer(svg)}
    svg = _ID.sub(lambda m: f' id="{prefix}{m.group(1)}"' if m.group(1) in used else "", svg)
    return _REF.sub(lambda m: m.group(1) + prefix + m.group(2), svg)


def _svg(fig: Any, prefix: str = "") -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "azaf"})
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # RDF metadata is not allowed in an SVG inside HTML (and says nothing a reader needs).
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = scoped_ids(text, prefix)
    # Let CSS size the drawing to the column while keeping its proportions.
    return re.sub(r'(<svg[^>]*?) width="[^"]+" height="[^"]+"', r"\1", text, count=1)


def show_figure(
    fig: Any,
    caption: str,
    data: pd.DataFrame,
    alt: str,
    note: str = "",
    subtitle: str = "",
    table: pd.DataFrame | None = None,
) -> Any:
    """Show a figure numbered, with caption, alt text, the source line of `data`, keep
    `data` for the "Data behind the charts" appendix, and return the figure.

    `table`, when given, is how the appendix shows the same figures (e.g. one row per year
    for a panel of many series); the downloadable CSV keeps `data`, row by row with sources.

    The caption is the chart's title and states its finding; `subtitle` says what is drawn
    (measure, unit, period). Both stand above the drawing; note and source line below it.

    Example:
        >>> fig, ax = azaf.new_figure()
        >>> ax.bar(df["year"], df["value"])
        >>> azaf.show_figure(fig, "Opium production", df, alt="Bar chart of …")
    """
    from IPython.display import HTML, display

    report.STATE.figures += 1
    number = report.STATE.figures
    label = f"Figure {number}"
    sources = source_line(data)
    svg = _svg(fig, f"figure-{number}-").replace(
        "<svg", f'<svg role="img" aria-label="{html.escape(alt)}"', 1
    )
    note_html = f'<p class="azaf-note">{html.escape(note)}</p>' if note else ""
    shown = data if table is None else table
    shown = shown.drop(columns=[c for c in ("source_id",) if c in shown.columns])
    # One full stop between title and subtitle, whether or not the title ends with one.
    titled = f"{caption.rstrip().rstrip('.')}. {subtitle}" if subtitle else caption
    report.STATE.chart_data.append((label, titled, shown.reset_index(drop=True)))
    sub_html = f'<span class="azaf-figsub">{html.escape(subtitle)}</span>' if subtitle else ""
    display(
        HTML(
            f'<figure class="azaf-figure" id="figure-{number}">'
            f'<figcaption><span class="azaf-num">{label}.</span> '
            f'<span class="azaf-finding">{html.escape(caption)}</span>{sub_html}</figcaption>'
            f'<div class="azaf-svg">{svg}</div>{note_html}'
            f'<p class="azaf-source">{html.escape(sources)}</p></figure>'
            + download_link(data, f"{report.STATE.run_id or 'figure'}-figure-{number}.csv", label)
        )
    )
    return fig


def chart_csv(data: pd.DataFrame) -> str:
    """The rows a chart draws as CSV, each with the publisher and document it comes from."""
    from .data import sources

    frame = data.reset_index(drop=True).copy()
    if "source_id" in frame.columns:
        registry = sources()

        def cite(sid: Any) -> str:
            if not isinstance(sid, str) or sid not in registry.index:
                return ""
            row = registry.loc[sid]
            return f"{row['publisher']}, {row['title']}"

        frame["source"] = frame.pop("source_id").map(cite)
    return frame.to_csv(index=False, lineterminator="\n")


def download_link(data: pd.DataFrame, filename: str, what: str) -> str:
    """A link that saves `data` as a CSV file, held in the page itself (works offline); the
    print stylesheet hides it, so a PDF never carries it."""
    from urllib.parse import quote

    uri = "data:text/csv;charset=utf-8," + quote(chart_csv(data), safe="")
    return (
        f'<p class="azaf-download"><a href="{uri}" download="{html.escape(filename)}">'
        f"Download the data of {html.escape(what)} (CSV)</a></p>"
    )


def points_by_year(
    frame: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None = None,
    ylabel: str = "",
    connect: bool = False,
    ax: Any = None,
) -> Any:
    """Draw yearly values as labelled points (a line only where `connect` says years are
    consecutive), so a sparse series never shows invented years."""
    if ax is None:
        _, ax = new_figure()
    groups = frame.groupby(hue, sort=False) if hue else [(None, frame)]
    for i, (name, group) in enumerate(groups):
        group = group.sort_values(x)
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(
            group[x],
            group[y],
            "o" + ("-" if connect else ""),
            color=colour,
            label=name,
            markersize=5,
            linewidth=1.4,
        )
    ax.set_ylabel(ylabel)
    ax.set_xlabel("")
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    if hue:
        ax.legend(loc="best")
    return ax


def side_by_side(
    left: pd.DataFrame,
    right: pd.DataFrame,
    y: tuple[str, str],
    labels: tuple[str, str],
    caption: str,
    alt: str,
    subtitle: str = "",
    note: str = "",
    x: str = "year",
    kind: str = "bar",
) -> Any:
    """Show two tables as two charts side by side under one numbered caption, with one source
    line naming the publishers of both and their rows under "Data behind the charts"; return
    the figure.

    `y` names the column drawn from each table, `labels` title each panel (say the measure
    and unit); `kind` is "bar" or "points" (yearly points, as points_by_year draws them).
    Years without a row stay empty: nothing is bridged or drawn as zero.

    Example:
        >>> fig = azaf.side_by_side(
        ...     production, deaths, y=("value", "deaths"),
        ...     labels=("Opium production (tonnes)", "Conflict deaths"),
        ...     caption="Opium production and conflict deaths both fell after 2021",
        ...     alt="Two bar charts by year: opium production and conflict deaths",
        ... )
    """
    if kind not in ("bar", "points"):
        raise ValueError(f'kind must be "bar" or "points", not {kind!r}')
    for frame, column in zip((left, right), y, strict=True):
        missing = [c for c in (x, column, "source_id") if c not in frame.columns]
        if missing:
            raise ValueError(
                f"cannot draw the table side by side: it has no column {', '.join(missing)}; "
                "pass rows as loaded from data/, with their source_id"
            )
    fig, axes = new_figure(ncols=2)
    rows = []
    for i, (ax, frame, column, label) in enumerate(
        zip(axes, (left, right), y, labels, strict=True)
    ):
        frame = frame.dropna(subset=[column]).sort_values(x)
        colour = PALETTE[i % len(PALETTE)]
        if kind == "bar":
            ax.bar(frame[x].astype(float), frame[column].astype(float), color=colour, width=0.75)
        else:
            ax.plot(frame[x], frame[column], "o", color=colour, markersize=4)
        ax.set_title(label, fontsize=8.5, loc="left")
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5, integer=True))
        ax.yaxis.set_major_formatter(thousands())
        rows.append(
            pd.DataFrame(
                {
                    x: frame[x].to_numpy(),
                    "chart": label,
                    "value": frame[column].to_numpy(),
                    "source_id": frame["source_id"].to_numpy(),
                }
            )
        )
    # Both panels cover the same years, so a year sits at the same place in each.
    spans = [ax.get_xlim() for ax in axes]
    for ax in axes:
        ax.set_xlim(min(s[0] for s in spans), max(s[1] for s in spans))
    return show_figure(
        fig, caption, pd.concat(rows, ignore_index=True), alt=alt, note=note, subtitle=subtitle
    )
