"""The volume's assembly without a browser: ids scoped per part, links made internal, and text
from series.yml kept inert in the running heads' CSS."""

from __future__ import annotations

import re

from azaf.volume import _css_string, _headings, _scope


def test_running_head_text_cannot_end_its_css_string_or_the_style_element():
    literal = _css_string('Relations "A" \\ </style><script>x</script>')
    assert literal.startswith('"') and literal.endswith('"')
    inner = literal[1:-1]
    assert '"' not in inner and "<" not in inner and "\\5c " in inner
    assert "</style>" not in literal


def test_a_parts_ids_and_links_stay_its_own_and_links_to_other_reports_stay_inside():
    body = (
        '<h2 id="Summary">Summary</h2><a href="#Summary">up</a>'
        '<svg><clipPath id="p1"></clipPath><path clip-path="url(#p1)"/></svg>'
        '<a href="trade.html#Reported-trade">trade</a><a href="security.html">security</a>'
        '<a href="https://example.org/x">out</a><a href="factcheck.csv">csv</a>'
    )
    out = _scope(body, "overview", {"trade.html": "trade", "security.html": "security"})
    assert 'id="overview--Summary"' in out and 'href="#overview--Summary"' in out
    assert 'id="overview--p1"' in out and "url(#overview--p1)" in out
    assert 'href="#trade--Reported-trade"' in out and 'href="#part-security"' in out
    assert 'href="https://example.org/x"' in out and 'href="factcheck.csv"' in out
    assert not re.search(r'id="(Summary|p1)"', out)


def test_bookmark_titles_get_back_the_spaces_chromium_drops_at_line_breaks():
    known = _headings('<h3 id="x">Trade as each side reported it, <em>2005–2025</em> ¶</h3>')
    assert known["Tradeaseachsidereportedit,2005–2025"] == (
        "Trade as each side reported it, 2005–2025"
    )
