"""One Chromium for a whole build; links made relative and document information set without
re-writing the PDF."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace

import pytest
from pypdf import PdfReader, PdfWriter

from azaf import browser
from azaf.render import (
    DocumentInfo,
    _relative_links_in_place,
    finish_pdf,
    render_pdf,
    with_document_info,
)

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


def _info() -> DocumentInfo:
    return DocumentInfo("Trade — Série (1) \\ é", "The publisher", "What was traded", "2026-12-01")


@pytest.mark.slow
def test_chromiums_file_gets_its_information_as_an_update_without_the_clock():
    raw = render_pdf(PAGE, "Header")  # no info: Chromium's own bytes, links made relative
    assert b"HeadlessChrome" in raw and raw.count(b"startxref") == 1
    out = finish_pdf(raw, info=_info())
    # Chromium's objects are kept byte for byte but for its information dictionary, blanked
    # in place: the clock's dates and the user agent are gone from the file.
    assert out.count(b"startxref") == 2 and len(out) > len(raw)
    kept = sum(a == b for a, b in zip(raw, out, strict=False))
    assert kept > len(raw) - 400
    assert b"HeadlessChrome" not in out and b"D:20261201000000Z" not in raw
    reader = PdfReader(io.BytesIO(out), strict=True)
    meta = reader.metadata
    assert (meta.title, meta.author, meta.subject) == (
        _info().title,
        "The publisher",
        _info().subject,
    )
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20261201000000Z"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert _uris(out) == ["trade.html#Sec-1", "https://example.org/a(b)", "sub/x%20y.html"]
    shown = subprocess.run(
        ["pdfinfo", "-isodates", "-"], input=out, capture_output=True, check=True
    ).stdout.decode()
    assert "Title:           Trade — Série (1) \\ é" in shown
    assert "CreationDate:    2026-12-01T00:00:00Z" in shown and "Tagged:          yes" in shown
    assert finish_pdf(raw, info=_info()) == out  # the same bytes every time


def test_a_file_not_as_chromium_writes_it_is_rewritten_whole_with_the_same_information():
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/CreationDate": "D:20991231235959Z", "/Producer": "someone"})
    buffer = io.BytesIO()
    writer.write(buffer)
    once = with_document_info(buffer.getvalue(), _info())
    assert once is not None  # pypdf's layout is Chromium's: a table and one trailer
    assert with_document_info(once, _info()) is None  # an update already: not stacked
    again = finish_pdf(once, info=replace(_info(), title="Another title"))
    assert again.count(b"startxref") == 1  # rewritten whole
    reader = PdfReader(io.BytesIO(again), strict=True)
    assert reader.metadata.title == "Another title"
    assert reader.metadata["/CreationDate"] == "D:20261201000000Z"
    assert b"D:2099" not in again
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_bookmarks_replace_chromiums_outline_in_the_same_update():
    pages = "".join(
        f'<h1 style="break-before: page">Part {n}</h1><h2>Section {n}.1</h2>' for n in (1, 2, 3)
    )
    raw = render_pdf(f"<html><body>{pages}</body></html>", "Header")
    marks = [
        ("Cover", 0, []),
        ("Part one", 1, [("Section 1.1 — é", 1, [("Deeper", 1, [])])]),
        ("Part two", 2, []),
    ]
    out = with_document_info(raw, _info(), marks)
    assert out is not None and out.count(b"startxref") == 2
    # Chromium's bytes kept but for its information dictionary, blanked in place.
    assert sum(a == b for a, b in zip(raw, out, strict=False)) > len(raw) - 400
    reader = PdfReader(io.BytesIO(out), strict=True)
    assert reader.metadata.title == _info().title
    outline = reader.outline
    assert [i.title for i in outline if not isinstance(i, list)] == [
        "Cover",
        "Part one",
        "Part two",
    ]
    assert outline[2][0].title == "Section 1.1 — é" and outline[2][1][0].title == "Deeper"
    assert [reader.get_destination_page_number(outline[k]) for k in (0, 1, 3)] == [0, 1, 2]
    shown = subprocess.run(["pdfinfo", "-"], input=out, capture_output=True, check=True)
    assert b"Pages:           3" in shown.stdout and not shown.stderr
