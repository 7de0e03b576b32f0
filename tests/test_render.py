"""Printing to PDF with the real Chromium: links to sibling reports stay relative."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from azaf.render import render_pdf

pytestmark = pytest.mark.slow


def test_links_to_other_reports_are_relative_and_web_links_are_kept():
    html = (
        '<html><body><p><a href="security.html#opium">Opium</a> '
        '<a href="https://ucdp.uu.se/">UCDP</a></p></body></html>'
    )
    reader = PdfReader(io.BytesIO(render_pdf(html, "A header")))
    uris = [
        str(a.get_object()["/A"]["/URI"])
        for a in reader.pages[0].get("/Annots") or []
        if "/A" in a.get_object()
    ]
    assert uris == ["security.html#opium", "https://ucdp.uu.se/"]
