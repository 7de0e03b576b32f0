"""One Chromium for a whole build, and links made relative without re-writing the PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from azaf import browser
from azaf.render import _relative_links_in_place, finish_pdf, render_pdf

PAGE = (
    '<html><body><h1>Title</h1><p><a href="trade.html#Sec-1">trade</a> '
    '<a href="https://example.org/a(b)">web</a> <a href="sub/x%20y.html">sub</a></p></body></html>'
)


def _uris(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    return [
        str(a.get_object()["/A"]["/URI"])
        for a in reader.pages[0].get("/Annots") or []
        if "/A" in a.get_object()
    ]


def test_links_are_cut_in_place_keeping_every_offset():
    pdf = (
        b"%PDF-1.4\n1 0 obj\n<</S /URI\n/URI (file:///tmp/trade.html#x)>>\nendobj\n"
        b"2 0 obj\n<</URI (file:///tmp/a\\(b\\).html)>>\nendobj\n"
        b"3 0 obj\n<</URI (https://example.org/\\)x)>>\nendobj\n"
    )
    out = _relative_links_in_place(pdf, "file:///tmp/")
    assert out is not None and len(out) == len(pdf)
    assert b"/URI (trade.html#x)" + b" " * 12 + b">>" in out
    assert b"/URI (a\\(b\\).html)" in out
    assert b"(https://example.org/\\)x)" in out
    assert b"file:///tmp/" not in out


def test_a_base_written_any_other_way_is_left_to_pypdf():
    assert _relative_links_in_place(b"<</URI <66696c65>>> file:///tmp/", "file:///tmp/") is None


@pytest.mark.slow
def test_one_browser_prints_every_pdf_of_a_block_and_links_stay_relative():
    with browser.shared():
        printer = browser.active()
        assert printer is not None
        first = render_pdf(PAGE, "Header one")
        used = printer._browser
        second = render_pdf(PAGE, "Header two")
        assert printer._browser is used and used.is_connected()
    assert browser.active() is None
    assert not used.is_connected()  # closed with the block
    for pdf in (first, second):
        assert _uris(pdf) == ["trade.html#Sec-1", "https://example.org/a(b)", "sub/x%20y.html"]
    # Without a block, each PDF has a browser of its own, with the same result.
    assert _uris(render_pdf(PAGE, "Header")) == _uris(first)
    assert finish_pdf(first, "file:///nowhere/") == first
