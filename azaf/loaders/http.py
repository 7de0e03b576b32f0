"""The HTTP client every loader uses: timeouts, retries with backoff, Retry-After, progress."""

from __future__ import annotations

import json
import os
import sys
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ..errors import AzafError

USER_AGENT = "azaf-data-refresh (+https://github.com/azaf; reproducible report series)"
RETRY_STATUS = (429, 500, 502, 503, 504)


class FetchError(AzafError):
    """A source could not be read: offline, refused, rate-limited, or an unusable answer."""

    exit_code = 3

    def __init__(self, source: str, cause: str):
        super().__init__(f"{source}: {cause}")
        self.source = source
        self.cause = cause


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


class _CappedRetry(Retry):
    """urllib3's Retry, but a Retry-After longer than `max_wait` seconds is cut to max_wait.

    A publisher asking for an hour's pause would otherwise freeze the command; after the
    retries are spent the caller reports that the rate limit did not clear.
    """

    max_wait: float = 60.0

    def get_retry_after(self, response: Any) -> float | None:  # noqa: D102
        wait = super().get_retry_after(response)
        return None if wait is None else min(wait, self.max_wait)

    def new(self, **kw: Any) -> _CappedRetry:  # noqa: D102
        fresh = super().new(**kw)
        fresh.max_wait = self.max_wait
        return fresh


class Progress:
    """A progress bar per source on a terminal; a plain line per step otherwise."""

    def __init__(self, source: str, total: int | None = None, stream: Any = None):
        self.source = source
        self.stream = stream or sys.stderr
        self.bar = None
        if getattr(self.stream, "isatty", lambda: False)() and not os.environ.get("CI"):
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=source, unit="request", file=self.stream, leave=True)

    def add_total(self, n: int) -> None:
        """Announce n more steps (e.g. pages learnt from the first answer)."""
        if self.bar is not None:
            self.bar.total = (self.bar.total or 0) + n
            self.bar.refresh()

    def step(self, what: str) -> None:
        """One request done."""
        if self.bar is not None:
            self.bar.set_postfix_str(what[:40], refresh=False)
            self.bar.update(1)
        else:
            print(f"{self.source}: {what}", file=self.stream, flush=True)

    def close(self) -> None:
        """End the bar."""
        if self.bar is not None:
            self.bar.close()


class Client:
    """GET JSON from one publisher, with the failures put in plain words."""

    def __init__(
        self,
        source: str,
        base_url: str,
        headers: dict[str, str] | None = None,
        token_hint: str = "",
    ):
        self.source = source
        self.base_url = base_url.rstrip("/")
        self.token_hint = token_hint
        self.timeout = _env_float("AZAF_HTTP_TIMEOUT", 30.0)
        self.retries = int(_env_float("AZAF_HTTP_RETRIES", 4))
        retry = _CappedRetry(
            total=self.retries,
            connect=self.retries,
            read=self.retries,
            status=self.retries,
            backoff_factor=_env_float("AZAF_HTTP_BACKOFF", 1.0),
            status_forcelist=RETRY_STATUS,
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        retry.max_wait = _env_float("AZAF_HTTP_MAX_WAIT", 60.0)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"
        self.session.headers.update(headers or {})
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def url(self, path: str) -> str:
        """The full address of path under the base URL."""
        return path if "://" in path else f"{self.base_url}/{path.lstrip('/')}"

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """The parsed JSON answer, or a FetchError naming the source and the cause."""
        url = self.url(path)
        host = urlsplit(url).netloc or url
        try:
            resp = self.session.get(url, params=params, timeout=self.timeout)
        except requests.exceptions.RetryError as exc:
            # Retries spent on error statuses (raise_on_status=False normally prevents this).
            raise FetchError(self.source, f"{host} kept answering with errors ({exc})") from None
        except (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout):
            raise FetchError(self.source, self._timeout_words(host)) from None
        except requests.exceptions.ConnectionError as exc:
            if "timed out" in str(exc):  # a read timeout after the retries arrives as this
                raise FetchError(self.source, self._timeout_words(host)) from None
            raise FetchError(self.source, _connection_words(host, exc)) from None
        except requests.exceptions.RequestException as exc:
            raise FetchError(self.source, f"the request to {host} failed ({exc})") from None
        return self._parse(resp, host)

    def _timeout_words(self, host: str) -> str:
        return (
            f"no answer from {host} within {self.timeout:g} seconds ({self.retries + 1} tries); "
            "try again later, or allow longer with AZAF_HTTP_TIMEOUT"
        )

    def _parse(self, resp: requests.Response, host: str) -> Any:
        status = resp.status_code
        if status in (401, 403):
            hint = f"; {self.token_hint}" if self.token_hint else ""
            raise FetchError(
                self.source,
                f"{host} refused access (HTTP {status} {resp.reason or ''}".rstrip() + f"){hint}",
            )
        if status == 429:
            raise FetchError(
                self.source,
                f"{host} kept limiting the rate of requests (HTTP 429) after "
                f"{self.retries + 1} tries; wait a while and run the refresh again",
            )
        if status >= 400:
            raise FetchError(
                self.source,
                f"{host} answered HTTP {status} {resp.reason or ''}".rstrip()
                + f" for {_short_url(resp.url)}",
            )
        text = resp.text
        if not text.strip():
            raise FetchError(self.source, f"{host} sent an empty answer for {_short_url(resp.url)}")
        try:
            return json.loads(text)
        except ValueError:
            start = " ".join(text.strip().split())[:60]
            raise FetchError(
                self.source,
                f"{host} did not send JSON for {_short_url(resp.url)} (the answer begins "
                f"{start!r})",
            ) from None


def _short_url(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _connection_words(host: str, exc: Exception) -> str:
    words = str(exc)
    if "NameResolution" in words or "Name or service not known" in words or "getaddrinfo" in words:
        return (
            f"cannot find {host} (no network, or the name does not resolve); check the "
            "internet connection, or point the source at a mirror with its AZAF_…_URL variable"
        )
    if "Connection refused" in words or "Errno 111" in words:
        return f"{host} refused the connection; is the address right and the service up?"
    return f"cannot connect to {host}; check the internet connection ({type(exc).__name__})"
