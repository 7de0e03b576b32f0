"""Render an executed notebook to HTML and PDF through templates/azaf (nbconvert, Chromium)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as _dt
import html as _html
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import HTMLExporter, WebPDFExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from . import __version__
from .browser import active as active_browser
from .chromium import launch_chromium, require_chromium
from .report import DATASET_MIME, KEYFIGURE_MIME

RECORD_PREFIX = "application/vnd.azaf."

# "data" marks a section's data cell: the researcher's view of the DataFrame a chart and its
# words are drawn from, never part of the publication.
REMOVE_TAGS = {"parameters", "injected-parameters", "remove-cell", "data"}


class StripForPublication(Preprocessor):
    """Drop what a reader must not see (stderr, tracebacks, build records), keeping stderr
    text in resources so the build can list it in the manifest."""

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        """Filter one cell's outputs."""
        if cell.cell_type != "code":
            return cell, resources
        kept = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.get("name") == "stderr":
                resources.setdefault("azaf_stderr", []).append(out.get("text", ""))
                continue
            if out.output_type == "error":
                continue
            data = out.get("data", {})
            # Records for the build (key figures, datasets, judgements to review), not readers.
            if (
                KEYFIGURE_MIME in data
                or DATASET_MIME in data
                or any(str(m).startswith(RECORD_PREFIX) for m in data)
            ):
                continue
            kept.append(out)
        cell.outputs = kept
        return cell, resources


def _exporter_options(template_root: Path) -> dict[str, Any]:
    # Passed at construction: nbconvert builds its template environment from these then.
    return {
        "extra_template_basedirs": [str(template_root)],
        "template_name": "azaf",
        "exclude_input": True,
        "exclude_input_prompt": True,
        "exclude_output_prompt": True,
    }


def _add_preprocessors(exporter: HTMLExporter) -> HTMLExporter:
    tags = TagRemovePreprocessor(remove_cell_tags=REMOVE_TAGS)
    tags.enabled = True
    exporter.register_preprocessor(tags, enabled=True)
    exporter.register_preprocessor(StripForPublication(), enabled=True)
    return exporter


def render_html(nb: Any, template_root: Path) -> tuple[str, dict]:
    """The report as one self-contained HTML page, and nbconvert's resources."""
    exporter = _add_preprocessors(HTMLExporter(**_exporter_options(template_root)))
    body, resources = exporter.from_notebook_node(nbformat.from_dict(nb))
    return body, resources


class AzafPDFExporter(WebPDFExporter):
    """nbconvert's WebPDF exporter, printing A4 with a running header and page numbers
    through a Chromium that azaf locates (nbconvert itself has no setting for the path)."""

    header_text = ""
    info: DocumentInfo | None = None  # title, author, subject, edition date, language
    page_furniture = True  # running header and page numbers; off for the volume's cover

    def run_playwright(self, html: str) -> bytes:
        """Print the HTML with Chromium and return the PDF bytes."""
        executable = require_chromium()
        header = _html.escape(self.header_text)

        async def print_page(browser: Any, path: str) -> bytes:
            # Pages carry no script of their own; with JavaScript off, none can run
            # while printing, whatever text from data ended up in them. A context per page:
            # a shared browser keeps nothing from one report to the next.
            context = await browser.new_context(java_script_enabled=False)
            try:
                page = await context.new_page()
                await page.emulate_media(media="print")
                await page.goto(f"file://{path}", wait_until="load")
                return await page.pdf(
                    format="A4",
                    print_background=True,
                    display_header_footer=self.page_furniture,
                    header_template=(
                        '<div style="font-size:7.5pt;color:#5d6d7e;width:100%;'
                        f'margin:0 16mm;font-family:sans-serif">{header}</div>'
                    ),
                    footer_template=(
                        '<div style="font-size:7.5pt;color:#5d6d7e;width:100%;'
                        'text-align:center;font-family:sans-serif">'
                        '<span class="pageNumber"></span> / <span class="totalPages"></span>'
                        "</div>"
                    ),
                    margin={"top": "18mm", "bottom": "16mm", "left": "16mm", "right": "16mm"},
                    outline=True,
                    tagged=True,
                )
            finally:
                await context.close()

        async def main(path: str) -> bytes:
            from playwright.async_api import async_playwright

            async with async_playwright() as pw:
                browser = await launch_chromium(pw, executable)
                try:
                    return await print_page(browser, path)
                finally:
                    await browser.close()

        with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as fh:
            fh.write(html)
        try:
            shared = active_browser()
            if shared is not None:  # the build's one browser (azaf.browser)
                pdf = shared.run(lambda browser: print_page(browser, fh.name))
            else:
                # A fresh thread owns a fresh event loop, whatever loop the caller runs.
                with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                    pdf = pool.submit(asyncio.run, main(fh.name)).result()
        finally:
            Path(fh.name).unlink(missing_ok=True)
        return finish_pdf(pdf, f"file://{Path(fh.name).parent}/", self.info)


@dataclass(frozen=True)
class DocumentInfo:
    """What a PDF says about itself in its document information and catalogue."""

    title: str
    author: str  # the publisher in series.yml
    subject: str
    edition: str  # the edition date, YYYY-MM-DD: the PDF's creation date, never the clock
    lang: str = "en"
    keywords: str = ""

    def pdf_date(self) -> str:
        """The edition as a PDF date string (midnight UTC), at the precision it was given.

        Example:
            >>> DocumentInfo("T", "A", "S", "2026-12-01").pdf_date()
            'D:20261201000000Z'
        """
        m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", self.edition)
        if not m:
            raise ValueError(f"edition {self.edition!r}: expected a date such as 2026-12-01")
        day = _dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        return f"D:{day:%Y%m%d}000000Z"


def document_info(series: Any, report: Any, edition: str, edition_label: str = "") -> DocumentInfo:
    """The document information of a report's PDF, from series.yml and the edition."""
    title = report.title + (f" — {edition_label}" if edition_label else "")
    return DocumentInfo(
        title=f"{title} — {series.title}",
        author=series.publisher or series.title,
        subject=report.summary or report.subtitle or series.subtitle,
        edition=edition,
        keywords="; ".join(w for w in ("Azerbaijan", "Afghanistan", report.title) if w),
    )


def finish_pdf(pdf: bytes, base: str = "", info: DocumentInfo | None = None) -> bytes:
    """Chromium's PDF made publishable in one pass: links to sibling files relative again,
    and (given info) title, author, subject, language and the edition's dates set."""
    needs_links = bool(base) and base.encode() in pdf
    if needs_links:
        fast = _relative_links_in_place(pdf, base)
        if fast is not None:
            pdf, needs_links = fast, False
    if not needs_links and info is None:
        return pdf
    if not needs_links and info is not None:
        # Chromium's own file with an update appended: a full copy through pypdf cost a
        # build more than a second per report.
        updated = with_document_info(pdf, info)
        if updated is not None:
            return updated
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if needs_links:
        _relative_links(writer, base)
    if info is not None:
        set_document_info(writer, info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _info_entries(info: DocumentInfo) -> dict[str, str]:
    date = info.pdf_date()
    return {
        "/Title": info.title,
        "/Author": info.author,
        "/Subject": info.subject,
        "/Keywords": info.keywords,
        "/Creator": f"azaf {__version__}",
        "/Producer": "Chromium (Skia/PDF), pypdf",
        "/CreationDate": date,
        "/ModDate": date,
    }


# A bookmark: its title, the 0-based page it opens, and its own bookmarks.
Bookmark = tuple[str, int, list]


def _outline_objects(
    bookmarks: list[Bookmark], pages: list[Any], first_number: int
) -> tuple[dict[int, Any], int]:
    """The outline dictionaries for bookmarks (PDF 32000-1, 12.3.3), numbered from
    first_number: {number: object}, with the outline root first."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        NullObject,
        NumberObject,
        TextStringObject,
    )

    objects: dict[int, Any] = {}
    counter = iter(range(first_number, first_number + 100_000))

    def ref(number: int) -> IndirectObject:
        return IndirectObject(number, 0, None)  # type: ignore[arg-type]

    def place(items: list[Bookmark], parent: int) -> tuple[int, int, int]:
        """Write items under parent; their first and last numbers and the visible count."""
        numbers = [next(counter) for _ in items]
        visible = len(items)
        for i, ((title, page, children), number) in enumerate(zip(items, numbers, strict=True)):
            item = DictionaryObject(
                {
                    NameObject("/Title"): TextStringObject(title),
                    NameObject("/Parent"): ref(parent),
                    NameObject("/Dest"): ArrayObject(
                        [pages[page], NameObject("/XYZ"), NullObject(), NullObject(), NullObject()]
                    ),
                }
            )
            if i:
                item[NameObject("/Prev")] = ref(numbers[i - 1])
            if i + 1 < len(numbers):
                item[NameObject("/Next")] = ref(numbers[i + 1])
            if children:
                first, last, count = place(children, number)
                item[NameObject("/First")] = ref(first)
                item[NameObject("/Last")] = ref(last)
                item[NameObject("/Count")] = NumberObject(count)  # open: its items shown
                visible += count
            objects[number] = item
        return numbers[0], numbers[-1], visible

    root = next(counter)
    outlines = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    if bookmarks:
        first, last, count = place(bookmarks, root)
        outlines[NameObject("/First")] = ref(first)
        outlines[NameObject("/Last")] = ref(last)
        outlines[NameObject("/Count")] = NumberObject(count)
    return {root: outlines, **objects}, root


def with_document_info(
    pdf: bytes, info: DocumentInfo, bookmarks: list[Bookmark] | None = None
) -> bytes | None:
    """The PDF with info as its document information, /Lang and DisplayDocTitle (and, given
    bookmarks, these as its whole outline), written as an incremental update (PDF 32000-1,
    7.5.6) after Chromium's unchanged objects.

    Chromium's own information dictionary (its user agent and the clock's dates) is blanked
    in place, so the file says the edition's date only and rebuilds stay byte-identical.
    None when the file is not laid out as Chromium writes it (a cross-reference stream, an
    earlier update, encryption): then the caller rewrites it whole with pypdf.
    """
    from pypdf import PdfReader
    from pypdf.generic import (
        BooleanObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        TextStringObject,
        create_string_object,
        read_object,
    )

    tail = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf[-64:])
    if tail is None or pdf.count(b"startxref") != 1:
        return None
    xref_at = int(tail[1])
    if pdf[xref_at : xref_at + 4] != b"xref":
        return None
    try:
        reader = PdfReader(io.BytesIO(pdf))
        trailer = reader.trailer
        if "/Encrypt" in trailer or not isinstance(trailer.raw_get("/Root"), IndirectObject):
            return None
        size = int(trailer["/Size"])
        root_ref = trailer.raw_get("/Root")
        root = root_ref.get_object()
        info_ref = trailer.raw_get("/Info")
    except Exception:  # anything pypdf cannot read lazily is left to the full rewrite
        return None
    changed: dict[int, tuple[int, Any]] = {}
    out = bytearray(pdf)
    if isinstance(info_ref, IndirectObject):
        offset = reader.xref.get(info_ref.generation, {}).get(info_ref.idnum)
        if offset is None:
            return None
        start = pdf.find(b"<<", offset)
        stream = io.BytesIO(pdf)
        stream.seek(start)
        try:
            read_object(stream, reader)
        except Exception:
            return None
        end = stream.tell()
        if start < 0 or pdf[end - 2 : end] != b">>" or b"endobj" in pdf[offset:start]:
            return None
        out[start + 2 : end - 2] = b" " * (end - 2 - start - 2)
        info_num, info_gen = info_ref.idnum, info_ref.generation
    else:
        info_num, info_gen = size, 0
        size += 1
    changed[info_num] = (
        info_gen,
        DictionaryObject(
            {NameObject(k): create_string_object(v) for k, v in _info_entries(info).items()}
        ),
    )
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else None
    if (
        bookmarks is not None
        or str(root.get("/Lang", "")) != info.lang
        or not (
            isinstance(prefs, DictionaryObject)
            and prefs.get("/DisplayDocTitle") == BooleanObject(True)
        )
    ):
        catalog = DictionaryObject(root)
        catalog[NameObject("/Lang")] = TextStringObject(info.lang)
        new_prefs = DictionaryObject(prefs or {})
        new_prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
        catalog[NameObject("/ViewerPreferences")] = new_prefs
        if bookmarks is not None:
            try:
                pages = [page.indirect_reference for page in reader.pages]
            except Exception:
                return None
            outline, outline_root = _outline_objects(bookmarks, pages, size)
            size += len(outline)
            for number, obj in outline.items():
                changed[number] = (0, obj)
            catalog[NameObject("/Outlines")] = IndirectObject(outline_root, 0, reader)
        changed[root_ref.idnum] = (root_ref.generation, catalog)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets: dict[int, tuple[int, int]] = {}
    for num in sorted(changed):
        gen, obj = changed[num]
        offsets[num] = (len(out), gen)
        body = io.BytesIO()
        obj.write_to_stream(body)
        out += b"%d %d obj\n" % (num, gen) + body.getvalue() + b"\nendobj\n"
    xref = len(out)
    # The free list's head first: valid in an update, and readers expect the table from 0.
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for num in sorted(offsets):  # one subsection per object: few, and always valid
        offset, gen = offsets[num]
        out += b"%d 1\n%010d %05d n \n" % (num, offset, gen)
    out += (
        b"trailer\n<</Size %d\n/Root %d %d R\n/Info %d %d R\n/Prev %d>>\nstartxref\n%d\n%%%%EOF\n"
        % (size, root_ref.idnum, root_ref.generation, info_num, info_gen, xref_at, xref)
    )
    return bytes(out)


def set_document_info(writer: Any, info: DocumentInfo) -> None:
    """Write info into a pypdf writer: document information, /Lang, and the tagged flag kept."""
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    writer.metadata = _info_entries(info)
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(info.lang)
    # Readers then show the title, not the file name.
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs


def _relative_links(writer: Any, base: str) -> None:
    # Chromium writes links to sibling files as absolute paths to the temporary folder it
    # printed from, which would be dead links in a published PDF.
    from pypdf.generic import NameObject, TextStringObject

    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            uri = str(action.get("/URI", ""))
            if uri.startswith(base):
                action[NameObject("/URI")] = TextStringObject(uri[len(base) :])


def _string_end(pdf: bytes, start: int) -> int | None:
    """Index of the parenthesis closing the PDF literal string whose text begins at start."""
    depth, i = 0, start
    while i < len(pdf):
        byte = pdf[i]
        if byte == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return None


def _relative_links_in_place(pdf: bytes, base: str) -> bytes | None:
    """Links made relative without parsing the PDF: Chromium writes link targets as plain
    `/URI (…)` strings, so the base is cut out and the bytes saved are put back as spaces
    after the string, which keeps every offset of the cross-reference table valid. None
    when some link is written otherwise (then pypdf does it)."""
    base_bytes = base.encode()
    prefix = b"/URI (" + base_bytes
    out, pos = bytearray(), 0
    while (found := pdf.find(prefix, pos)) != -1:
        start = found + len(prefix)
        end = _string_end(pdf, start)
        if end is None:
            return None
        out += pdf[pos:found] + b"/URI (" + pdf[start : end + 1] + b" " * len(base_bytes)
        pos = end + 1
    out += pdf[pos:]
    result = bytes(out)
    return None if base_bytes in result or len(result) != len(pdf) else result


def render_pdf(
    html: str, header_text: str, page_furniture: bool = True, info: DocumentInfo | None = None
) -> bytes:
    """Print already rendered HTML to an A4 PDF (header and page numbers unless told not to),
    with info as its document information when given."""
    exporter = AzafPDFExporter()
    exporter.header_text = header_text
    exporter.page_furniture = page_furniture
    exporter.info = info
    return exporter.run_playwright(html)
