"""A refresh that cannot finish says why, exits non-zero and leaves data/ byte-identical."""

from __future__ import annotations

import json
import socket
import time

import pytest
from refresh_support import answer, copy_project, folder_hash, json_response, serve_all
from werkzeug import Response

from azaf.cli import main


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project; AZAF_PROJECT points at it."""
    root = copy_project(tmp_path / "proj")
    monkeypatch.setenv("AZAF_PROJECT", str(root))
    monkeypatch.setenv("AZAF_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("AZAF_HTTP_RETRIES", "2")
    return root


def _refresh(capsys, *args: str) -> tuple[int, str]:
    code = main(["data", "refresh", *args])
    return code, capsys.readouterr().err


def _fails_cleanly(project, capsys, *args: str) -> str:
    before = folder_hash(project / "data")
    code, err = _refresh(capsys, *args)
    assert code == 3, err
    assert folder_hash(project / "data") == before
    return err


def _wb_url(httpserver, monkeypatch):
    monkeypatch.setenv("AZAF_WORLDBANK_URL", httpserver.url_for("/wb"))


def test_not_json(project, httpserver, monkeypatch, capsys):
    httpserver.expect_request("/wb/country/all/indicator/NY.GDP.MKTP.CD").respond_with_data(
        "<html><body>Service unavailable</body></html>", content_type="text/html"
    )
    _wb_url(httpserver, monkeypatch)
    err = _fails_cleanly(project, capsys, "worldbank")
    assert "azaf: error: worldbank: " in err and "did not send JSON" in err and "<html>" in err


def test_wrong_shape(project, httpserver, monkeypatch, capsys):
    httpserver.expect_request("/wb/country/all/indicator/NY.GDP.MKTP.CD").respond_with_json(
        {"rows": []}
    )
    _wb_url(httpserver, monkeypatch)
    err = _fails_cleanly(project, capsys, "worldbank")
    assert "worldbank: the answer does not have the documented shape" in err


def test_publisher_error_message(project, httpserver, monkeypatch, capsys):
    httpserver.expect_request("/wb/country/all/indicator/NY.GDP.MKTP.CD").respond_with_json(
        answer("worldbank/error-invalid.json")
    )
    _wb_url(httpserver, monkeypatch)
    err = _fails_cleanly(project, capsys, "worldbank")
    assert "rejected the query" in err and "parameter value is not valid" in err


def test_empty_answer(project, httpserver, monkeypatch, capsys):
    import re

    httpserver.expect_request(re.compile("^/wb/.*")).respond_with_json(
        answer("worldbank/empty.json")
    )
    _wb_url(httpserver, monkeypatch)
    err = _fails_cleanly(project, capsys, "worldbank")
    assert "worldbank: the answer holds no figures for the query; nothing was changed" in err


def test_empty_body(project, httpserver, monkeypatch, capsys):
    httpserver.expect_request("/unhcr/population/").respond_with_data("")
    monkeypatch.setenv("AZAF_UNHCR_URL", httpserver.url_for("/unhcr"))
    err = _fails_cleanly(project, capsys, "unhcr")
    assert "unhcr: " in err and "sent an empty answer" in err


def test_rate_limit_that_does_not_clear(project, httpserver, monkeypatch, capsys):
    httpserver.expect_request("/fts/plan/country/AFG").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "0"}
    )
    monkeypatch.setenv("AZAF_FTS_URL", httpserver.url_for("/fts"))
    err = _fails_cleanly(project, capsys, "fts")
    assert "fts: " in err and "HTTP 429" in err and "3 tries" in err
    assert len(httpserver.log) == 3


def test_rate_limit_honours_retry_after(project, httpserver, monkeypatch, capsys):
    calls: list[float] = []
    plans = answer("fts/plans.json")

    def limited(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response("wait", status=429, headers={"Retry-After": "1"})
        return json_response(plans)

    httpserver.expect_request("/fts/plan/country/AFG").respond_with_handler(limited)
    httpserver.expect_request("/fts/fts/flow").respond_with_json(answer("fts/funding.json"))
    monkeypatch.setenv("AZAF_FTS_URL", httpserver.url_for("/fts"))
    code, err = _refresh(capsys, "fts")
    assert code == 0, err
    assert calls[1] - calls[0] >= 0.9  # waited as asked, not the tiny backoff


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token(project, httpserver, monkeypatch, capsys, status):
    httpserver.expect_request("/ucdp/gedevents/25.1").respond_with_json(
        {"message": "Unauthorized"}, status=status
    )
    monkeypatch.setenv("AZAF_UCDP_URL", httpserver.url_for("/ucdp"))
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", "wrong")
    monkeypatch.setenv("AZAF_UCDP_VERSION", "25.1")
    err = _fails_cleanly(project, capsys, "ucdp")
    assert f"refused access (HTTP {status}" in err
    assert "UCDP did not accept the token in UCDP_ACCESS_TOKEN" in err
    assert len(httpserver.log) == 1  # a refusal is not retried


def test_release_not_published(project, httpserver, monkeypatch, capsys):
    httpserver.expect_request("/ucdp/gedevents/27.1").respond_with_data("no", status=404)
    monkeypatch.setenv("AZAF_UCDP_URL", httpserver.url_for("/ucdp"))
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", "any")
    monkeypatch.setenv("AZAF_UCDP_VERSION", "27.1")
    err = _fails_cleanly(project, capsys, "ucdp")
    assert "UCDP has no GED release 27.1 (yet); set AZAF_UCDP_VERSION" in err


def test_no_token_says_how_to_get_one(project, monkeypatch, capsys):
    monkeypatch.delenv("UCDP_ACCESS_TOKEN", raising=False)
    monkeypatch.setenv("AZAF_UCDP_URL", "http://127.0.0.1:9")  # never asked
    err = _fails_cleanly(project, capsys, "ucdp")
    assert "ucdp: the UCDP API needs a free access token" in err
    assert "UCDP_ACCESS_TOKEN" in err and "https://ucdp.uu.se/apidocs/" in err


def test_timeout(project, httpserver, monkeypatch, capsys):
    def slow(request):
        time.sleep(1.0)
        return json_response(answer("fts/plans.json"))

    httpserver.expect_request("/fts/plan/country/AFG").respond_with_handler(slow)
    monkeypatch.setenv("AZAF_FTS_URL", httpserver.url_for("/fts"))
    monkeypatch.setenv("AZAF_HTTP_TIMEOUT", "0.3")
    monkeypatch.setenv("AZAF_HTTP_RETRIES", "1")
    err = _fails_cleanly(project, capsys, "fts")
    assert "fts: no answer from 127.0.0.1" in err and "within 0.3 seconds (2 tries)" in err


def test_refused_connection(project, monkeypatch, capsys):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("AZAF_COMTRADE_URL", f"http://127.0.0.1:{port}")
    err = _fails_cleanly(project, capsys, "comtrade")
    assert f"comtrade: 127.0.0.1:{port} refused the connection" in err


def test_server_error(project, httpserver, monkeypatch, capsys):
    httpserver.expect_request("/unhcr/population/").respond_with_data("boom", status=500)
    monkeypatch.setenv("AZAF_UNHCR_URL", httpserver.url_for("/unhcr"))
    err = _fails_cleanly(project, capsys, "unhcr")
    assert "unhcr: 127.0.0.1" in err and "answered HTTP 500" in err


def test_comtrade_error_reply_is_a_failure_not_no_trade(project, httpserver, monkeypatch, capsys):
    httpserver.expect_request("/comtrade/public/v1/preview/C/A/HS").respond_with_json(
        answer("comtrade/null-data.json")
    )
    monkeypatch.setenv("AZAF_COMTRADE_URL", httpserver.url_for("/comtrade"))
    err = _fails_cleanly(project, capsys, "comtrade")
    assert "comtrade: UN Comtrade reported an error: Something went wrong" in err


def test_one_failing_source_stops_all(project, httpserver, monkeypatch, capsys):
    serve_all(httpserver, monkeypatch)
    monkeypatch.setenv("AZAF_FTS_URL", httpserver.url_for("/nowhere"))
    err = _fails_cleanly(project, capsys, "worldbank", "fts")
    last = err.strip().splitlines()[-1]
    assert last.startswith("azaf: error: fts: 127.0.0.1") and "answered HTTP 500" in last
    assert "worldbank: PA.NUS.FCRF page 2 of 2" in err  # worldbank was read, nothing written


def test_unknown_source_is_bad_input(project, capsys):
    code, err = _refresh(capsys, "imf")
    assert code == 2
    assert "unknown source 'imf'; the sources are: worldbank, unhcr, ucdp, fts, comtrade" in err


def test_since_outside_the_years_is_bad_input(project, capsys):
    code, err = _refresh(capsys, "worldbank", "--since", "3000")
    assert code == 2 and "--since 3000: give a year from 1900 to" in err


def test_status_lists_every_table(project, capsys):
    assert main(["data", "status"]) == 0
    out = capsys.readouterr().out
    desc = json.loads((project / "data" / "datapackage.json").read_text())
    for res in desc["resources"]:
        assert res["name"] in out
    assert "STALE" in out and "older than 18 months" in out


def test_staleness_threshold_is_a_setting_and_reports_name_old_tables(project):
    import datetime as dt

    from azaf.project import Project
    from azaf.status import stale_note, table_status

    series = project / "series.yml"
    series.write_text(series.read_text().replace("stale_after_months: 18", "stale_after_months: 2"))
    proj = Project(project)
    later = dt.date(2030, 1, 1)
    note = stale_note(["macro_wb", "timeline"], later, proj)
    assert note.startswith("Older data: “GDP, growth, population and exchange rate (World Bank)”")
    assert "older than the 2 months after which the series flags a table" in note
    assert "timeline" not in note.lower()  # curated records are not flagged
    status = {t.name: t for t in table_status(proj, later)}
    assert status["macro_wb"].stale and not status["timeline"].stale
    assert stale_note(["macro_wb"], status["macro_wb"].published, proj) == ""


def test_index_names_the_old_tables_each_report_read(project):
    from azaf.index import _stale_by_report
    from azaf.project import Project

    series = project / "series.yml"
    series.write_text(series.read_text().replace("stale_after_months: 18", "stale_after_months: 2"))
    manifest = {
        "edition": "2030-01-01",
        "reports": [
            {"id": "humanitarian", "datasets": [{"name": "macro_wb"}, {"name": "timeline"}]},
            {"id": "trade", "datasets": [{"name": "trade_reported"}]},
        ],
    }
    stale = _stale_by_report(Project(project), manifest)
    assert stale == {"humanitarian": ["GDP, growth, population and exchange rate (World Bank)"]}


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise(monkeypatch):
    import io

    from azaf.loaders.http import Progress

    monkeypatch.delenv("CI", raising=False)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain, tty = io.StringIO(), Terminal()
    for stream in (plain, tty):
        bar = Progress("worldbank", stream=stream)
        bar.add_total(2)
        bar.step("page 1 of 2")
        bar.step("page 2 of 2")
        bar.close()
    assert plain.getvalue() == "worldbank: page 1 of 2\nworldbank: page 2 of 2\n"
    assert "worldbank: 100%" in tty.getvalue() and "2/2" in tty.getvalue()
