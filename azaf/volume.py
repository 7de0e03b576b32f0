"""The series volume as one book: a cover, the citation on its reverse, contents with page
numbers that link to their pages, every report in series order and the shared annex at the
end, printed by Chromium as ONE document (one page numbering, tagged, with /Lang), then given
bookmarks whose titles are the headings' own text and the edition's document information."""

from __future__ import annotations

import html as _html
import io
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .annex import annex_body, citation, edition_words, part_title

GOOD = ("ok", "cached")
ANNEX_ID = "annex"
PLACEHOLDER_PAGE = 888  # as wide as any real page number, so the contents never reflow


def volume_name(series: Any) -> str:
    """File name of the volume, from the series title."""
    slug = re.sub(r"[^a-z0-9]+", "-", series.title.lower()).strip("-") or "series"
    return f"{slug}-volume.pdf"


def _css_string(text: str) -> str:
    """Text as a CSS string literal that cannot end the string or the style element."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_ID_ATTR = re.compile(r'\b(id|name)="([^"]+)"')
_IDREF_ATTRS = re.compile(
    r'\b(aria-labelledby|aria-describedby|aria-controls|for|headers)="([^"]+)"'
)
_HREF = re.compile(r'\b((?:xlink:)?href)="([^"]*)"')
_URL_REF = re.compile(r"url\(\s*#([^)\s]+)\s*\)")


def _scope(body: str, prefix: str, part_ids: dict[str, str]) -> str:
    """Make a part's ids unique in the volume and its links point inside the volume:
    '#x' -> '#prefix--x', 'trade.html#y' -> '#trade--y', 'trade.html' -> '#part-trade'."""

    def href(match: re.Match) -> str:
        attr, value = match.group(1), _html.unescape(match.group(2))
        if value.startswith("#") and len(value) > 1:
            return f'{attr}="#{prefix}--{_html.escape(value[1:])}"'
        page, _, fragment = value.partition("#")
        if page in part_ids:
            target = part_ids[page]
            inner = f"{target}--{fragment}" if fragment else f"part-{target}"
            return f'{attr}="#{_html.escape(inner)}"'
        return match.group(0)

    body = _ID_ATTR.sub(lambda m: f'{m.group(1)}="{prefix}--{m.group(2)}"', body)
    body = _IDREF_ATTRS.sub(
        lambda m: f'{m.group(1)}="' + " ".join(f"{prefix}--{i}" for i in m.group(2).split()) + '"',
        body,
    )
    body = _URL_REF.sub(lambda m: f"url(#{prefix}--{m.group(1)})", body)
    return _HREF.sub(href, body)


def _main(page: str) -> str:
    """The content of a report page's <main>."""
    start = page.find("<main>")
    end = page.rfind("</main>")
    if start < 0 or end < 0:
        start = page.find("<body")
        start = page.find(">", start)
        end = page.rfind("</body>")
        return page[start + 1 : end]
    return page[start + len("<main>") : end]


def _styles(page: str) -> str:
    """Every style element of a report page's head (the template's CSS, shared by all)."""
    head = page.split("</head>", 1)[0]
    return "\n".join(re.findall(r"<style\b[^>]*>.*?</style>", head, flags=re.S))


_SOURCES_SECTION = re.compile(
    r'<section class="azaf-sources-methods" id="sources-and-methods">.*?</section>', re.S
)


def _pointer(annex_page: int) -> str:
    return (
        '<section class="azaf-sources-methods azaf-volume-pointer" id="sources-and-methods">'
        "<h2>Sources and methods</h2><p>How this report was made, the caveats of the data it "
        "drew on, its sources and their licences are set out once for the whole volume in the "
        f'<a href="#part-{ANNEX_ID}">annex, page {annex_page}</a>.</p></section>'
    )


def _headings(document: str) -> dict[str, str]:
    """Every heading's text, keyed by that text without spaces (Chromium's bookmarks lose
    the spaces at line breaks; this gives them back)."""
    found: dict[str, str] = {}
    for inner in re.findall(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", document, flags=re.S):
        text = _html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "")
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            found.setdefault(_key(text), text)
    return found


def _key(text: str) -> str:
    return re.sub(r"\s+|¶", "", str(text))


class _Parts:
    """The reports of the volume, in series order, with their pages read from the PDF."""

    def __init__(self, folder: Path, manifest: dict):
        self.entries = []
        for entry in manifest.get("reports", []):
            page = (entry.get("outputs") or {}).get("html")
            if page and (folder / page).is_file() and entry.get("status") in (*GOOD, "failed"):
                self.entries.append((entry, (folder / page).read_text(encoding="utf-8")))
        self.page_ids = {e["outputs"]["html"]: e["id"] for e, _ in self.entries}
        self.page_ids["annex.html"] = ANNEX_ID


def _render(
    env: Environment,
    series: Any,
    manifest: dict,
    parts: _Parts,
    pages: dict[str, int],
    annex: bool = True,
) -> str:
    """The whole volume as one HTML document, with the given start page of each part (and
    without its annex when only the parts' lengths are wanted)."""
    project = series.project
    annex_page = pages.get(ANNEX_ID, PLACEHOLDER_PAGE)
    bodies, contents = [], []
    for entry, page in parts.entries:
        body = _SOURCES_SECTION.sub(_pointer(annex_page), _main(page))
        title = part_title(entry)
        bodies.append(
            {
                "id": entry["id"],
                "body": Markup(_scope(body, entry["id"], parts.page_ids)),
                "header": Markup(_css_string(f"{series.title} · {title}")),
            }
        )
        contents.append(
            {
                "id": entry["id"],
                "title": title,
                "summary": entry.get("summary", ""),
                "previous": entry.get("status") == "failed",
                "page": pages.get(entry["id"], PLACEHOLDER_PAGE),
            }
        )
    links = {e["id"]: f"#part-{e['id']}" for e, _ in parts.entries}
    if annex:
        body = annex_body(project, series, manifest, links)
        bodies.append(
            {
                "id": ANNEX_ID,
                "body": Markup(_scope(body, ANNEX_ID, parts.page_ids)),
                "header": Markup(_css_string(f"{series.title} · Annex")),
            }
        )
    contents.append(
        {
            "id": ANNEX_ID,
            "title": "Annex: methods, data, sources and licences",
            "summary": "How each report was made, every data table with its caveats, every "
            "source and the licences, once for the whole volume.",
            "previous": False,
            "page": annex_page,
        }
    )
    styles = _styles(parts.entries[0][1]) if parts.entries else ""
    return env.get_template("volume_front.html.j2").render(
        series=series,
        manifest=manifest,
        styles=Markup(styles),
        series_header=Markup(_css_string(series.title)),
        edition=edition_words(manifest.get("edition", "")),
        citation=citation(series, manifest),
        data_version=(manifest.get("data") or {}).get("version", ""),
        contents=contents,
        parts=bodies,
    )


def _part_pages(pdf: bytes, ids: list[str]) -> dict[str, int]:
    """The page (1-based) each part starts on, from the named destinations of the contents'
    links."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = {}
    for name, dest in reader.named_destinations.items():
        key = str(name).lstrip("/")
        if key.startswith("part-") and key[5:] in ids:
            pages[key[5:]] = reader.get_destination_page_number(dest) + 1
    return pages


def _flatten(reader: Any, items: list, depth: int = 0) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []
    for item in items:
        if isinstance(item, list):
            out += _flatten(reader, item, depth + 1)
        else:
            out.append((depth, str(item.title), reader.get_destination_page_number(item)))
    return out


def _bookmarks(
    reader: Any, titles: list[tuple[str, int]], known: dict[str, str], total: int
) -> list[Any]:
    """Bookmarks: the front matter, then each part with its sections (and their subsections),
    titled with the headings' own text; as (title, 0-based page, children) trees."""
    flat = _flatten(reader, reader.outline)
    starts = sorted((page - 1, title) for title, page in titles)
    marks: list[Any] = [("Cover and citation", 0, [])]
    front_end = starts[0][0] if starts else total
    if front_end > 2:
        marks.append(("Contents", 2, []))
    by_part: dict[int, list[tuple[int, str, int]]] = {i: [] for i in range(len(starts))}
    first_h1: set[int] = set()
    for depth, title, page in flat:
        index = max((i for i, (start, _) in enumerate(starts) if start <= page), default=None)
        if index is None:
            continue  # the cover's and contents' own headings
        if depth == 0 and index not in first_h1 and page == starts[index][0]:
            first_h1.add(index)  # the part's own title: it is the part's bookmark
            continue
        by_part[index].append((max(depth, 1), known.get(_key(title), title), page))
    for index, (start, title) in enumerate(starts):
        sections: list[Any] = []
        for depth, text, page in by_part[index]:
            if depth == 1:
                sections.append((text, page, []))
            elif depth == 2 and sections:
                sections[-1][2].append((text, page, []))
            elif depth == 2:
                sections.append((text, page, []))
        marks.append((title, start, sections))
    return marks


def _add_bookmarks(writer: Any, marks: list[Any], parent: Any = None) -> None:
    """The bookmarks into a pypdf writer (when the file cannot take an incremental update)."""
    from pypdf.generic import NameObject

    if parent is None and "/Outlines" in writer._root_object:
        del writer._root_object[NameObject("/Outlines")]
    for title, page, children in marks:
        item = writer.add_outline_item(title=title, page_number=page, parent=parent)
        _add_bookmarks(writer, children, item)


def _environment(template_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(template_dir)), autoescape=select_autoescape(["html", "j2"])
    )


def part_lengths(folder: Path, series: Any, manifest: dict, template_dir: Path) -> dict[str, int]:
    """How many pages each part of the volume takes, and the front matter ("" key), from one
    print of the parts the manifest lists (no annex). A part's length does not depend on
    where it starts (each starts a page), so a build measures the parts that are done while
    the last report still runs, and the volume then prints once with the right contents."""
    from pypdf import PdfReader

    from .render import render_pdf

    parts = _Parts(folder, manifest)
    if not parts.entries:
        return {}
    ids = [e["id"] for e, _ in parts.entries]
    document = _render(_environment(template_dir), series, manifest, parts, {}, annex=False)
    pdf = render_pdf(document, "", page_furniture=False)
    starts = _part_pages(pdf, ids)
    if set(starts) != set(ids):
        return {}
    total = len(PdfReader(io.BytesIO(pdf)).pages)
    ordered = [starts[i] for i in ids] + [total + 1]
    lengths = {i: ordered[n + 1] - ordered[n] for n, i in enumerate(ids)}
    return {"": ordered[0] - 1, **lengths}


def _first_guess(
    folder: Path, series: Any, manifest: dict, template_dir: Path, ids: list[str], known: dict
) -> dict[str, int]:
    """Each part's start page from lengths measured before (any part not measured is measured
    now, on its own), or {} when nothing was measured."""
    if not known:
        return {}
    missing = [i for i in ids if i not in known]
    if missing:
        wanted = {
            "reports": [e for e in manifest.get("reports", []) if e.get("id") in missing],
            **{k: v for k, v in manifest.items() if k != "reports"},
        }
        known = {**part_lengths(folder, series, wanted, template_dir), **known}
        if any(i not in known for i in missing):
            return {}
    page = known[""] + 1
    pages = {}
    for part in ids:
        pages[part] = page
        page += known[part]
    pages[ANNEX_ID] = page
    return pages


def write_volume(
    folder: Path,
    series: Any,
    manifest: dict,
    template_dir: Path,
    lengths: dict[str, int] | None = None,
) -> str | None:
    """Write the volume into folder and return its file name (None if no report has a page).

    lengths: parts' page counts measured before (part_lengths), so that the first print
    already carries the right contents; the pages printed are checked whatever the guess."""
    from pypdf import PdfReader, PdfWriter

    from .render import DocumentInfo, render_pdf, set_document_info, with_document_info

    parts = _Parts(folder, manifest)
    if not parts.entries:
        return None
    env = _environment(template_dir)
    ids = [e["id"] for e, _ in parts.entries] + [ANNEX_ID]
    pages = _first_guess(folder, series, manifest, template_dir, ids[:-1], lengths or {})
    for _ in range(3):  # the pages printed must be the pages the contents list
        document = _render(env, series, manifest, parts, pages)
        pdf = render_pdf(document, "", page_furniture=False)
        found = _part_pages(pdf, ids)
        if found == pages:
            break
        pages = found
    reader = PdfReader(io.BytesIO(pdf))
    titles = [(part_title(e), pages.get(e["id"], 1)) for e, _ in parts.entries]
    titles.append(("Annex: methods, data, sources and licences", pages.get(ANNEX_ID, 1)))
    marks = _bookmarks(reader, titles, _headings(document), len(reader.pages))
    edition = str(manifest.get("edition", ""))
    info = DocumentInfo(
        title=f"{series.title} — edition of {edition_words(edition)}",
        author=series.publisher or series.title,
        subject=series.subtitle or series.title,
        edition=edition,
        keywords="; ".join(
            ["Azerbaijan", "Afghanistan", *(r.title for r in series.reports.values())]
        ),
    )
    name = volume_name(series)
    # Chromium's file with an update appended (bookmarks, information): a full copy through
    # pypdf cost the build about two seconds for the volume.
    finished = with_document_info(pdf, info, marks)
    if finished is None:
        writer = PdfWriter(clone_from=reader)
        _add_bookmarks(writer, marks)
        set_document_info(writer, info)
        out = io.BytesIO()
        writer.write(out)
        finished = out.getvalue()
    (folder / name).write_bytes(finished)
    return name
