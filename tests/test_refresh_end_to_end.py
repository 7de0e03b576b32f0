"""After a refresh, the reports use the new series without code changes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from refresh_support import ROOT, copy_project, serve_all

from azaf import factcheck
from azaf.project import Project
from azaf.refresh import refresh

TODAY = dt.date(2026, 12, 2)


def _pdf_text(path: Path) -> str:
    return unicodedata.normalize(
        "NFKC", "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)
    )


def test_fact_check_reexamines_the_2010_2014_claims_only_after_a_refresh(
    tmp_path, httpserver, monkeypatch
):
    root = copy_project(tmp_path / "proj")
    monkeypatch.setenv("AZAF_PROJECT", str(root))
    serve_all(httpserver, monkeypatch)
    project = Project(root)
    before = factcheck.run(project=project).set_index("claim_id")
    assert "UN Comtrade" not in before.loc["b23-01", "note"]
    refresh(project, ["comtrade"], since=2010, echo=lambda _: None, today=TODAY)
    after = factcheck.run(project=project).set_index("claim_id")
    # Made-up Comtrade figures: Azerbaijan recorded 310 + 1.2 million in 2010, not 69.4.
    assert after.loc["b23-01", "verdict"] == "differs"
    assert after.loc["b23-01", "data_value"] == pytest.approx(311.2)
    assert after.loc["b23-01", "source"].startswith("live_comtrade_")
    assert "Afghanistan's own record for 2010" in after.loc["b23-01", "note"]
    assert after.loc["b23-03", "verdict"] == "differs"  # the 2010–2014 change
    # Claims outside 2010–2014 keep their verdicts.
    assert after.loc["b23-33", "verdict"] == before.loc["b23-33", "verdict"]


@pytest.mark.slow
def test_refresh_from_fixtures_then_build_trade_and_overview(tmp_path, httpserver, monkeypatch):
    from azaf.build import BuildOptions, build

    dest = tmp_path / "azaf"
    shutil.copytree(
        ROOT,
        dest,
        ignore=shutil.ignore_patterns(
            ".venv", "reports", ".git", ".azaf-cache", "__pycache__", ".pytest_cache", ".ruff_cache"
        ),
    )
    serve_all(httpserver, monkeypatch)
    monkeypatch.setenv("AZAF_PROJECT", str(dest))
    project = Project(dest)
    refresh(project, ["comtrade", "worldbank"], since=2010, echo=lambda _: None, today=TODAY)
    cwd = Path.cwd()
    os.chdir(dest)
    try:
        opts = BuildOptions(only=["trade", "overview"])
        result = build(opts, project=project, echo=lambda _: None)
    finally:
        os.chdir(cwd)
    assert result.ok, [(e["id"], e.get("error")) for e in result.entries]
    trade = " ".join(_pdf_text(dest / "reports" / "latest" / "trade.pdf").split())
    assert "Trade as each country reported it to UN Comtrade" in trade
    # The made-up 2019 figures of each side, each reporter apart.
    assert (
        "In 2019, Azerbaijan recorded exports of US$21 million to Afghanistan and imports of "
        "US$3 million from Afghanistan; Afghanistan recorded exports of US$2.1 million to "
        "Azerbaijan and imports of US$12.5 million from Azerbaijan."
    ) in trade
    assert "reported by Afghanistan" in trade
    assert "United Nations Statistics Division (UN Comtrade)" in trade
    overview = _pdf_text(dest / "reports" / "latest" / "overview.pdf")
    assert "Sources and methods" in overview


def test_with_the_snapshot_the_trade_report_shows_no_statistical_section(monkeypatch):
    import IPython.display

    from azaf.topics import trade

    shown: list = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_: shown.extend(objs))
    rows = trade.comtrade("AZE", "AFG", 2005, 2025)
    assert trade.comtrade_words(rows) is None and trade.comtrade_chart(rows) is None
    assert shown == []
