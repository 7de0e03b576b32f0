"""One Chromium for a whole build: a Playwright driver and a browser kept in a thread of their
own, shared by every PDF the build prints (reports and the volume), then closed."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .chromium import launch_chromium

_ACTIVE: Printer | None = None
_LOCK = threading.Lock()


class Printer:
    """A browser started on first use and reused until close(); safe to call from threads."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._playwright: Any = None
        self._browser: Any = None
        self._starting: asyncio.Lock | None = None

    async def _ensure(self) -> Any:
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            from playwright.async_api import async_playwright

            if self._playwright is None:
                self._playwright = await async_playwright().start()
            self._browser = await launch_chromium(self._playwright)
            return self._browser

    def warm(self) -> None:
        """Start the browser now, in the background, so that the first PDF need not wait for
        it (a failure to start is left for that first PDF to report)."""

        async def start() -> None:
            # A failure is said again, with its reason, when a PDF asks for the browser.
            with contextlib.suppress(Exception):
                await self._ensure()

        asyncio.run_coroutine_threadsafe(start(), self._loop)

    def run(self, job: Callable[[Any], Awaitable[bytes]]) -> bytes:
        """Run job(browser) on the shared browser and return what it returns."""

        async def wrapped() -> bytes:
            return await job(await self._ensure())

        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop).result()

    def close(self) -> None:
        """Close the browser and the driver, then stop the thread."""

        async def shutdown() -> None:
            try:
                if self._browser is not None:
                    await self._browser.close()
            finally:
                if self._playwright is not None:
                    await self._playwright.stop()

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=10)
        except Exception:  # a browser that already died leaves nothing to close
            pass
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            self._loop.close()


def active() -> Printer | None:
    """The build's shared browser, if a build opened one."""
    return _ACTIVE


@contextmanager
def shared() -> Iterator[None]:
    """Within this block every PDF is printed by one browser (started only if one is needed)."""
    global _ACTIVE
    with _LOCK:
        nested = _ACTIVE is not None  # the outer block owns the browser
        if not nested:
            printer = _ACTIVE = Printer()
    if nested:
        yield
        return
    try:
        yield
    finally:
        with _LOCK:
            _ACTIVE = None
        printer.close()
