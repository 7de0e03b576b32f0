"""Find Chromium for PDF printing, or install it (`python -m azaf.chromium --ensure`)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from .errors import ChromiumFailed, ChromiumNotFound

ENV_VAR = "AZAF_CHROMIUM"
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless printing in containers and on closed networks: no sandbox (often root), no GPU,
# and none of the background calls home that a closed network refuses.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _playwright_chromium() -> str | None:
    base = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache/ms-playwright")
    patterns = ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/*/headless_shell")
    for pattern in patterns:
        found = sorted(glob.glob(os.path.join(base, pattern)))
        if found:
            return found[-1]
    return None


def find_chromium() -> str | None:
    """$AZAF_CHROMIUM, then the system's chromium, then Playwright's own download."""
    env = os.environ.get(ENV_VAR)
    if env:
        return env if os.access(env, os.X_OK) else None
    for name in SYSTEM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return _playwright_chromium()


def require_chromium() -> str:
    """The Chromium path, or an error that says how to get one."""
    path = find_chromium()
    if path:
        return path
    env = os.environ.get(ENV_VAR)
    hint = f"${ENV_VAR}={env} is not an executable file. " if env else ""
    raise ChromiumNotFound(
        f"{hint}No Chromium found to print PDFs. Run `make setup` (installs Debian's chromium "
        f"or Playwright's), or install Chromium yourself and set {ENV_VAR} to its path."
    )


async def launch_chromium(pw: Any, executable: str | None = None) -> Any:
    """Start Chromium through Playwright, or raise ChromiumFailed saying what to do."""
    executable = executable or require_chromium()
    try:
        return await pw.chromium.launch(
            executable_path=executable,
            args=LAUNCH_ARGS,
            handle_sigint=False,
            handle_sigterm=False,
            handle_sighup=False,
        )
    except Exception as exc:  # Playwright raises its own Error, with the browser's log
        first = next((line for line in str(exc).splitlines() if line.strip()), "")
        first = first.removeprefix("BrowserType.launch: ")[:200]
        raise ChromiumFailed(
            f"Chromium at {executable} would not start ({first}); check that it runs "
            f"(`{executable} --headless --version`), reinstall it with `make chromium`, or "
            "point AZAF_CHROMIUM at a working Chromium"
        ) from None


def _can_apt() -> list[str] | None:
    if not shutil.which("apt-get"):
        return None
    if os.geteuid() == 0:
        return []
    if (
        shutil.which("sudo")
        and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
    ):
        return ["sudo", "-n"]
    return None


def ensure() -> int:
    """Find Chromium or install it, telling the user what happens; return an exit code."""
    path = find_chromium()
    if path:
        print(f"Chromium: {path}")
        return 0
    prefix = _can_apt()
    if prefix is not None:
        print("Chromium: not found; installing Debian's chromium with apt-get …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        ok = subprocess.run([*prefix, "apt-get", "update", "-qq"], env=env).returncode == 0
        ok = (
            ok
            and subprocess.run(
                [*prefix, "apt-get", "install", "-y", "-qq", "chromium", "fonts-dejavu-core"],
                env=env,
            ).returncode
            == 0
        )
        if ok and find_chromium():
            print(f"Chromium: installed at {find_chromium()}")
            return 0
        print("Chromium: apt-get could not install it; trying Playwright's download …")
    else:
        print(
            "Chromium: not found, and apt-get is not usable here (no root or sudo); "
            "downloading Playwright's Chromium …",
            flush=True,
        )
    rc = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"]).returncode
    if rc == 0 and find_chromium():
        print(f"Chromium: {find_chromium()}")
        return 0
    print(
        "Chromium: could not be installed. Install it yourself (Debian/Ubuntu: "
        "`sudo apt-get install chromium`) or set AZAF_CHROMIUM to a Chromium or Chrome "
        "executable, then run the command again.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(ensure() if "--ensure" in sys.argv else (0 if find_chromium() else 1))
