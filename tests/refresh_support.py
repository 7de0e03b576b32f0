"""Helpers for the refresh tests: a copy of the project, the made-up answers, a folder hash."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug import Request, Response

ROOT = Path(__file__).resolve().parents[1]
HTTP = Path(__file__).parent / "fixtures" / "http"


def copy_project(dest: Path) -> Path:
    """The project's data/, series.yml and notebooks/ in dest (enough for a refresh)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copytree(ROOT / "notebooks", dest / "notebooks")
    shutil.copy(ROOT / "series.yml", dest / "series.yml")
    return dest


def folder_hash(folder: Path) -> str:
    """A digest of every file name and byte under folder."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def answer(rel: str) -> Any:
    """A made-up publisher answer from tests/fixtures/http."""
    return json.loads((HTTP / rel).read_text(encoding="utf-8"))


def json_response(body: Any, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON response."""
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


def worldbank_handler(request: Request) -> Response:
    """The World Bank API's answers, by indicator and page."""
    code = request.path.rsplit("/", 1)[-1]
    page = request.args.get("page", "1")
    assert request.args.get("format") == "json"
    return json_response(answer(f"worldbank/{code}-page{page}.json"))


def unhcr_handler(request: Request) -> Response:
    """The UNHCR population endpoint's answers, by query and page."""
    page = request.args.get("page", "1")
    if request.args.get("coo") == "AFG":
        return json_response(answer(f"unhcr/coo-AFG-page{page}.json"))
    if request.args.get("coa") == "AZE":
        return json_response(answer("unhcr/coa-AZE-page1.json"))
    return json_response(answer("unhcr/coa-other-page1.json"))


def ucdp_handler(token: str = "good-token") -> Callable[[Request], Response]:
    """UCDP's gedevents, refusing any other token with 401."""

    def handle(request: Request) -> Response:
        if request.headers.get("x-ucdp-access-token") != token:
            return json_response({"message": "Unauthorized"}, status=401)
        if request.args.get("Country") != "700":
            return json_response(answer("ucdp/none.json"))
        page = request.args.get("page", "0")
        return json_response(answer(f"ucdp/AFG-page{int(page) + 1}.json"))

    return handle


def fts_routes(server: Any) -> None:
    """FTS: plans of Afghanistan and funding by plan."""
    server.expect_request("/fts/plan/country/AFG").respond_with_json(answer("fts/plans.json"))
    server.expect_request("/fts/fts/flow").respond_with_json(answer("fts/funding.json"))


def comtrade_handler(request: Request) -> Response:
    """UN Comtrade preview, by reporter and partner."""
    assert request.args.get("cmdCode") == "TOTAL"
    reporter, partner = request.args.get("reporterCode"), request.args.get("partnerCode", "")
    periods = request.args.get("period", "").split(",")
    if "2019" not in periods and "2010" not in periods:
        return json_response(answer("comtrade/none.json"))
    if reporter == "31":
        return json_response(answer("comtrade/AZE-AFG.json"))
    if reporter == "4" and "31" in partner.split(","):
        return json_response(answer("comtrade/AFG-partners.json"))
    return json_response(answer("comtrade/comparators-AFG.json"))


def serve_all(server: Any, monkeypatch: Any, token: str = "good-token") -> None:
    """Every publisher on the local server, and the AZAF_<SOURCE>_URL variables pointing there."""
    server.expect_request(re.compile(r"^/wb/country/all/indicator/.+")).respond_with_handler(
        worldbank_handler
    )
    server.expect_request("/unhcr/population/").respond_with_handler(unhcr_handler)
    server.expect_request(re.compile(r"^/ucdp/gedevents/.+")).respond_with_handler(
        ucdp_handler(token)
    )
    fts_routes(server)
    server.expect_request(re.compile(r"^/comtrade/public/v1/preview/C/A/HS$")).respond_with_handler(
        comtrade_handler
    )
    for name, prefix in (
        ("WORLDBANK", "wb"),
        ("UNHCR", "unhcr"),
        ("UCDP", "ucdp"),
        ("FTS", "fts"),
        ("COMTRADE", "comtrade"),
    ):
        monkeypatch.setenv(f"AZAF_{name}_URL", server.url_for(f"/{prefix}"))
    monkeypatch.setenv("UCDP_ACCESS_TOKEN", token)
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    monkeypatch.setenv("AZAF_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("AZAF_HTTP_RETRIES", "2")
