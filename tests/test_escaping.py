"""Text from data and parameters is escaped wherever it lands, links keep safe schemes only,
pages forbid script, and Chromium prints with JavaScript off."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from conftest import build_in_copy
from pypdf import PdfReader

from azaf import text
from azaf.build import BuildOptions

# If any of these ran, the page would say EXECUTED; as text, it says 'EXE'+'CUTED'.
SCRIPT = "<script>document.write('EXE'+'CUTED')</script>"
IMG = "<img src=\"x\" onerror=\"document.write('EXE'+'CUTED')\">"
JS_LINK = "[read more](javascript:document.write('EXE'+'CUTED'))"
PAYLOAD = f" {SCRIPT} {IMG} {JS_LINK}"


# --------------------------------------------------------------------------- fast unit tests


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "",
        None,
    ],
)
def test_unsafe_urls_are_refused(url):
    assert text.safe_url(url) is None


@pytest.mark.parametrize(
    "url",
    ["https://www.unhcr.org/x?a=1&b=2", "http://a.example/", "mailto:x@y.z", "trade.html#Top"],
)
def test_web_mail_and_series_links_are_kept(url):
    assert text.safe_url(url) == url


def test_markup_in_prose_is_text_and_unsafe_links_are_not_links():
    out = text.md_html(f"## Event{SCRIPT}\n\nThe event{PAYLOAD} [ok](https://a.example/)")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img" in out
    assert "javascript:" not in re.findall(r'href="([^"]*)"', out)[0]
    assert re.findall(r'href="([^"]*)"', out) == ["https://a.example/"]
    assert out.startswith('<h2 id="Event')


def test_a_link_from_data_with_a_bad_scheme_is_shown_as_text():
    assert text.link_html("x<y", "javascript:alert(1)") == "x&lt;y"
    assert text.link_html("src", 'https://a.example/"><b>') == (
        '<a href="https://a.example/&quot;&gt;&lt;b&gt;">src</a>'
    )


def test_summary_box_and_missing_note_escape_their_lines(monkeypatch):
    import IPython.display

    shown: list = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_: shown.extend(objs))
    text.summary_box([f"**Bold**{SCRIPT}"])
    text.missing(IMG)
    html = "".join(o.data for o in shown)
    assert "<strong>Bold</strong>&lt;script&gt;" in html
    assert "<img" not in html and "<script" not in html


# --------------------------------------------------------------------------- a real build


def _edit_csv(path: Path, change) -> None:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        change(row)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _poison(root: Path) -> None:
    """Markup and javascript: links in text fields of several tables and in series.yml."""
    data = root / "data"

    def event(row):
        row["event"] += PAYLOAD

    def programme(row):
        row["programme"] += PAYLOAD
        row["description"] += PAYLOAD

    def source(row):
        row["url"] = "javascript:document.write('EXE'+'CUTED')"
        row["title"] += SCRIPT

    def country(row):
        if row["iso3"] == "AZE":
            row["name"] = "Azerbaijan" + SCRIPT

    _edit_csv(data / "timeline.csv", event)
    _edit_csv(data / "people_programmes.csv", programme)
    _edit_csv(data / "sources.csv", source)
    _edit_csv(data / "countries.csv", country)
    series = root / "series.yml"
    raw = yaml.safe_load(series.read_text(encoding="utf-8"))
    raw["subtitle"] += IMG
    trade = next(r for r in raw["reports"] if r["id"] == "trade")
    trade["title"] += SCRIPT
    series.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), "utf-8")


def _live_markup(page: str) -> list[str]:
    """Tags and attributes that would run script, and links with unsafe schemes."""
    found = re.findall(r"<script\b|<img\b[^>]*\bonerror|<[a-z][^>]*\son[a-z]+\s*=", page, re.I)
    # A chart's data as a CSV download (percent-encoded, saved, never rendered) is not a link
    # that could run anything; every other link must have a safe scheme.
    found += [
        h
        for h in re.findall(r'href="([^"]*)"', page)
        if text.safe_url(h) is None and not re.match(r"data:text/csv;charset=utf-8,[^\s<>\"']*$", h)
    ]
    return found


@pytest.mark.slow
def test_markup_from_data_and_series_is_escaped_in_every_output(tmp_path):
    (result,) = build_in_copy(
        tmp_path / "copy",
        BuildOptions(only=["trade", "diaspora", "overview"], sets=["diaspora.host=AZE"]),
        prepare=_poison,
    )
    assert result.ok, [e.get("error") for e in result.entries]
    folder = result.folder
    pages = sorted(folder.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "trade.html", "overview.html"}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert _live_markup(html) == [], page.name
        assert "Content-Security-Policy" in html and "script-src 'none'" in html, page.name
        assert "EXECUTED" not in html
    # The payload is shown as text where it landed.
    trade = (folder / "trade.html").read_text(encoding="utf-8")
    overview = (folder / "overview.html").read_text(encoding="utf-8")
    diaspora = next(p for p in pages if p.name.startswith("diaspora")).read_text("utf-8")
    for page in (trade, overview, diaspora):
        assert "&lt;script&gt;document.write" in page
    assert "&lt;img src=" in overview  # timeline events
    assert "[read more](javascript:" in overview  # the link stays text
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', trade))
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in index and "&lt;img" in index
    for pdf in sorted(folder.glob("*.pdf")):
        reader = PdfReader(pdf)
        words = "\n".join(page.extract_text() or "" for page in reader.pages)
        assert "EXECUTED" not in words, pdf.name
        assert "<script>" in words, pdf.name
        uris = [
            str(a.get_object().get("/A", {}).get("/URI", ""))
            for page in reader.pages
            for a in page.get("/Annots") or []
        ]
        assert not [u for u in uris if u.lower().startswith("javascript")], pdf.name
    notebooks = list((folder / "notebooks").glob("*.ipynb"))
    assert notebooks and all("EXECUTED" not in nb.read_text("utf-8") for nb in notebooks)
