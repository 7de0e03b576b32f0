"""The ecosystem's own checkers, run on built pages: the Nu HTML validator and axe-core."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from azaf.chromium import LAUNCH_ARGS, require_chromium

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / ".ci" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
# axe-core's impact levels that fail a page; "minor" findings are reported, not failed.
FAILING_IMPACTS = ("moderate", "serious", "critical")


def missing_tools() -> list[str]:
    """What is not installed of Java, vnu.jar and axe-core (empty when all are there)."""
    missing = []
    if shutil.which("java") is None:
        missing.append("java (a JRE, 17 or newer)")
    for path in (VNU_JAR, AXE_JS):
        if not path.is_file():
            missing.append(str(path.relative_to(ROOT)))
    return missing


def vnu(pages: list[Path]) -> dict[str, list[dict]]:
    """The Nu validator's errors per page (warnings and info left out)."""
    result = subprocess.run(
        [
            "java",
            "-Xss8m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, pages),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(result.stderr or '{"messages": []}')
    found: dict[str, list[dict]] = {p.name: [] for p in pages}
    for message in report["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            found[Path(message.get("url", "?").removeprefix("file:")).name].append(message)
    return found


def axe(pages: list[Path]) -> dict[str, list[dict]]:
    """axe-core's violations per page, in the real Chromium, as a list of rule results."""
    from playwright.sync_api import sync_playwright

    script = AXE_JS.read_text(encoding="utf-8")
    found: dict[str, list[dict]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=require_chromium(), args=LAUNCH_ARGS)
        try:
            # The pages forbid scripts (Content-Security-Policy); the checker is let in only here.
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            for path in pages:
                page.goto(path.resolve().as_uri(), wait_until="load")
                page.add_script_tag(content=script)
                result = page.evaluate(
                    "async () => await axe.run(document, {resultTypes: ['violations']})"
                )
                found[path.name] = result["violations"]
        finally:
            browser.close()
    return found


def summary(found: dict[str, list[dict]]) -> str:
    """One line per page and problem, for an assertion message."""
    lines = []
    for page, problems in found.items():
        for p in problems:
            if "message" in p:
                lines.append(f"{page}:{p.get('lastLine', '?')}: {p['message']}")
            else:
                lines.append(f"{page}: {p['impact']} {p['id']} ({len(p['nodes'])}): {p['help']}")
    return "\n".join(lines)


if __name__ == "__main__":  # python tests/html_checkers.py reports/latest: counts per page
    import sys

    folder = Path(sys.argv[1])
    pages = sorted(folder.glob("*.html"))
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", "0")
    for name, errors in vnu(pages).items():
        print(f"vnu {name}: {len(errors)} errors")
    for name, violations in axe(pages).items():
        counted = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        print(
            f"axe {name}: {len(counted)} failing rules "
            + ", ".join(f"{v['id']}[{v['impact']}]x{len(v['nodes'])}" for v in violations)
        )
