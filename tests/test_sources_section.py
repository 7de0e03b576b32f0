"""A report's closing "Sources and methods": in full (caveats of each table, titles with
addresses) and compact for the brief (caveats left to the series annex, linked titles)."""

from __future__ import annotations

import re
from typing import Any

import IPython.display
import pytest

import azaf
from azaf import report


@pytest.fixture
def cited(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], str, str]:
    """What the section displays, with a fresh report state that read opium and cited two
    sources (one with its own address, one read via another's)."""
    seen: list[Any] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_: seen.extend(objs))
    report.STATE.__init__()  # type: ignore[misc]
    azaf.load("opium")
    registry = azaf.data.sources()
    with_url = registry[registry["url"].notna()].index[0]
    via_only = registry[registry["url"].isna() & registry["cited_via"].notna()].index[0]
    report.cite([with_url, via_only])
    return seen, with_url, via_only


def _page(shown: list[Any]) -> str:
    return "\n".join(str(o.data) for o in shown if hasattr(o, "data"))


def test_the_full_section_lists_caveats_and_addresses(cited):
    shown, with_url, _via_only = cited
    report.sources_and_methods("Methods in **words**.")
    page = _page(shown)
    caveats = azaf.load("opium").attrs["caveats"]
    assert caveats and "Caveats of the data drawn on" in page
    assert "Read via" in page
    url = azaf.data.sources().loc[with_url, "url"]
    assert f">{url}</a>" in page  # the address printed
    assert "azaf-sources-compact" not in page


def test_the_compact_section_links_titles_and_leaves_caveats_to_the_annex(cited):
    shown, with_url, via_only = cited
    report.sources_and_methods("Methods in **words**.", compact=True)
    page = _page(shown)
    registry = azaf.data.sources()
    assert "Caveats of the data drawn on" not in page and "Read via" not in page
    assert "each dataset with all its caveats" in page and "annex.html" in page
    assert 'class="azaf-sources azaf-sources-compact"' in page
    for sid, target in ((with_url, "url"), (via_only, "cited_via")):
        item = re.search(rf'<li id="src-{re.escape(sid)}">(.*?)</li>', page).group(1)
        assert f'href="{registry.loc[sid, target]}"' in item.replace("&amp;", "&")
        assert f">{registry.loc[sid, target]}<" not in item  # linked, not printed
    assert "<strong>Methods in words.</strong>" not in page and "<strong>words</strong>" in page
