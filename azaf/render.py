"""Render an executed notebook to HTML and PDF through templates/azaf (nbconvert, Chromium)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import html as _html
import io
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import HTMLExporter, WebPDFExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from .browser import active as active_browser
from .chromium import LAUNCH_ARGS, require_chromium
from .report import DATASET_MIME, KEYFIGURE_MIME

RECORD_PREFIX = "application/vnd.azaf."

REMOVE_TAGS = {"parameters", "injected-parameters", "remove-cell"}


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
                browser = await pw.chromium.launch(
                    executable_path=executable,
                    args=LAUNCH_ARGS,
                    handle_sigint=False,
                    handle_sigterm=False,
                    handle_sighup=False,
                )
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
        return relative_links(pdf, f"file://{Path(fh.name).parent}/")


def relative_links(pdf: bytes, base: str) -> bytes:
    """Make links to sibling files relative again (Chromium writes them as absolute paths to
    the temporary folder it printed from, which would be dead links in a published PDF)."""
    if base.encode() not in pdf:
        return pdf
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            uri = str(action.get("/URI", ""))
            if uri.startswith(base):
                action[NameObject("/URI")] = TextStringObject(uri[len(base) :])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_pdf(html: str, header_text: str, page_furniture: bool = True) -> bytes:
    """Print already rendered HTML to an A4 PDF (header and page numbers unless told not to)."""
    exporter = AzafPDFExporter()
    exporter.header_text = header_text
    exporter.page_furniture = page_furniture
    return exporter.run_playwright(html)
