"""The corridor map: place texts read as places, gaps in the gazetteer bridged, not guessed,
and the map drawn with the network shut (outlines and places ship with the packages)."""

from __future__ import annotations

import socket

import pandas as pd
import pytest

from azaf import corridor_map as cm


def test_place_texts_name_places_in_route_order():
    assert cm.place_names("Kars (Türkiye), via Tbilisi") == ["Tbilisi", "Kars"]
    assert cm.place_names("Poti and Batumi (Black Sea ports)") == ["Poti", "Batumi"]
    assert cm.place_names("Istanbul, then Europe") == ["Istanbul"]
    assert cm.place_names("Ankara, then Istanbul") == ["Ankara", "Istanbul"]
    assert cm.place_names("Aqina, Faryab province (border with Turkmenistan)") == ["Aqina"]
    assert cm.place_names("Turkmenbashi International Seaport") == ["Turkmenbashi"]
    assert cm.place_names("Baku International Sea Trade Port (Alat)") == ["Baku"]
    assert cm.place_names(None) == [] and cm.place_names("") == []


def _legs(*rows: tuple) -> pd.DataFrame:
    """Made-up legs: (leg, seq, from, to, country)."""
    return pd.DataFrame(rows, columns=["leg", "seq", "from_place", "to_place", "country"])


def test_a_place_the_gazetteer_lacks_is_bridged_and_named_not_guessed():
    legs = _legs(
        ("A", 1, "Herat", "Nowhereabad (a made-up crossing)", "AFG"),
        ("B", 2, "Nowhereabad", "Ashgabat", "TKM"),
    )
    segments, where, unplaced = cm.route(legs)
    assert unplaced == ["Nowhereabad"]
    assert segments == [("Herat", "Ashgabat")]
    assert set(where) == {"Herat", "Ashgabat"}


def test_the_map_draws_with_the_network_shut(monkeypatch: pytest.MonkeyPatch):
    from azaf import charts
    from azaf.data import load_quiet

    def refuse(*args, **kwargs):
        raise OSError("the network is shut in this test")

    cm._gazetteer.cache_clear()
    cm._outlines.cache_clear()
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    charts.setup()
    legs = load_quiet("corridor_legs")
    fig, unplaced, where = cm.draw(legs)
    # Every country the route crosses has an outline, and the route's cities are placed.
    assert all(cm._outline(c) for c in set(legs["country"]))
    assert {"Herat", "Ashgabat", "Baku", "Tbilisi", "Istanbul"} <= set(where)
    assert len(fig.axes[0].patches) > len(set(legs["country"]))
    fig.clf()


def test_each_country_name_is_written_inside_its_country_and_place_names_do_not_collide():
    from matplotlib.path import Path as Outline

    from azaf import charts
    from azaf.data import country_name, load_quiet

    charts.setup()
    legs = load_quiet("corridor_legs").sort_values(["seq", "leg"])
    fig, _, where = cm.draw(legs)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    names = {country_name(c).upper(): c for c in set(legs["country"])}
    written = [t for t in ax.texts if t.get_text() in names]
    assert len(written) >= 3  # the large countries at least; a crowded small one may be left
    for text in written:
        x0, y0, x1, y1 = cm._extent(text, ax, renderer)
        ring = max(cm._outline(names[text.get_text()]), key=len)
        middle = ((x0 + x1) / 2, (y0 + y1) / 2)
        assert Outline(ring).contains_point(middle), text.get_text()
    places = [cm._extent(t, ax, renderer) for t in ax.texts if t.get_text() in where]
    assert len(places) == len(where)
    for i, a in enumerate(places):
        for b in places[i + 1 :]:
            assert not cm._overlaps(a, b)
    fig.clf()
