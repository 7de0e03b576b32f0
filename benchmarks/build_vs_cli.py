"""Time `azaf build --force` for the whole series against a shell loop of the CLIs.

The loop runs, for each notebook, `papermill` then `jupyter nbconvert --to html` (what a
user without azaf would do; it makes no PDF, so it does less work than the build). Both run
once each on the same machine, one after the other. Figures are printed, never asserted.

    .venv/bin/python benchmarks/build_vs_cli.py [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


# One edition per notebook, so that both sides run the same five notebooks (the series'
# matrix would otherwise build the diaspora report once per host).
ONE_EDITION = ["--set", "diaspora.host=AZE"]


def time_build(jobs: int | None, force: bool = True) -> float:
    """Seconds for `azaf build` of the series into reports/bench/ (--force: no cache)."""
    args = [str(BIN / "azaf"), "build", "--name", "bench", *ONE_EDITION]
    if force:
        args.append("--force")
    if jobs:
        args += ["--jobs", str(jobs)]
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def time_cli_loop() -> float:
    """Seconds for a shell loop: papermill then nbconvert --to html, notebook by notebook."""
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        script = "set -e\n" + "".join(
            f'"{BIN}/papermill" -k python3 --cwd "{ROOT / "notebooks"}" "{nb}" "{tmp}/{nb.name}"\n'
            f'"{BIN}/jupyter" nbconvert --to html --no-input "{tmp}/{nb.name}"\n'
            for nb in notebooks
        )
        start = time.perf_counter()
        subprocess.run(
            ["bash", "-c", script],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        )
        return time.perf_counter() - start


def main() -> None:
    """Run both, print both times and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    n = len(list((ROOT / "notebooks").glob("*.ipynb")))
    build = time_build(args.jobs)
    cached = time_build(args.jobs, force=False)
    shutil.rmtree(ROOT / "reports" / "bench", ignore_errors=True)
    loop = time_cli_loop()
    print(f"notebooks: {n}; cores: {os.cpu_count()}")
    print(f"azaf build --force (HTML + PDF, in process): {build:6.1f} s")
    print(f"azaf build again, nothing changed (cache):   {cached:6.1f} s")
    print(f"papermill + nbconvert --to html CLI loop:    {loop:6.1f} s")
    print(f"ratio loop / build: {loop / build:.2f}; build / cached build: {build / cached:.1f}")


if __name__ == "__main__":
    main()
