"""Build speed and memory, measured in a throwaway copy of the project and printed (never asserted).

1. a cold build of the five reports (one edition each, HTML and PDF) against the naive loop
   (`papermill`, then `jupyter nbconvert --to html --no-input`, notebook by notebook), both run
   in this benchmark one after the other, and their ratio;
2. a build with nothing changed, and `azaf list`, `azaf validate`, `azaf --help`;
3. a change to one data table (which reports ran) and a template-only change (re-render only);
4. a matrix of 20 editions of the diaspora report against one edition, with the peak memory of
   the whole build (all processes: the build, kernels, Chromium and its helpers), as for the
   cold build of the series.

Wall times on a shared machine are noisy: compare figures measured in the same run.

    .venv/bin/python benchmarks/build_speed.py [--jobs 2] [--repeat 1] [--editions 20]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AZAF = str(BIN / "azaf")
IGNORE = shutil.ignore_patterns(
    ".venv", "reports", ".git", ".azaf-cache", "__pycache__", ".pytest_cache", ".ruff_cache"
)
ONE_EDITION = ["--set", "diaspora.host=AZE"]
STATUS_LINE = re.compile(r"^(\S+)\s+(ok|cached|failed)\s+[\d.]+\s", re.M)


class PeakMemory:
    """Samples a process and all its descendants; keeps the peak of the summed RSS and PSS."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every = pid, every
        self.rss = self.pss = 0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            rss = pss = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for proc in procs:
                try:
                    info = proc.memory_full_info()
                except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self.processes = max(self.processes, len(procs))
            self._stop.wait(self.every)

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join()


def cpu_of_children() -> float:
    """CPU seconds (user + system) of every finished child process and their descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def environment(copy: Path) -> dict[str, str]:
    """The copy's own azaf code first on the path (kernels inherit it): edits made to the
    checkout while the benchmark runs do not change what it measures."""
    return {
        **os.environ,
        "PYTHONPATH": str(copy),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "AZAF_EDITION": "2026-12-01",
    }


CPU: dict[str, float] = {}


def run(args: list[str], cwd: Path, memory: bool = False) -> tuple[float, str, PeakMemory | None]:
    """Run a command; return its wall time, its output and (if asked) its peak memory. The CPU
    time of the command and all its processes is left in CPU["last"]."""
    env = environment(cwd)
    cpu = cpu_of_children()
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = PeakMemory(proc.pid) if memory else None
    out, _ = proc.communicate()
    seconds = time.perf_counter() - start
    CPU["last"] = cpu_of_children() - cpu
    if peak:
        peak.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{out[-3000:]}")
    return seconds, out, peak


def statuses(out: str) -> str:
    """'trade ok, security cached, …' from the CLI's closing table."""
    return ", ".join(f"{rid} {status}" for rid, status in STATUS_LINE.findall(out))


def ran(out: str) -> list[str]:
    """The reports the build executed or rendered (status ok)."""
    return [rid for rid, status in STATUS_LINE.findall(out) if status == "ok"]


def naive_loop(copy: Path, tmp: Path) -> float:
    """papermill then nbconvert --to html --no-input, notebook by notebook, as a shell loop."""
    out = tmp / "naive"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    script = "set -e\n" + "".join(
        f'"{BIN}/papermill" -k python3 --cwd "{copy / "notebooks"}" "{nb}" "{out}/{nb.name}"\n'
        f'"{BIN}/jupyter" nbconvert --to html --no-input "{out}/{nb.name}"\n'
        for nb in sorted((copy / "notebooks").glob("*.ipynb"))
    )
    env = {**environment(copy), "AZAF_PROJECT": str(copy)}
    env.pop("AZAF_EDITION")
    cpu = cpu_of_children()
    start = time.perf_counter()
    subprocess.run(["bash", "-c", script], cwd=copy, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    CPU["last"] = cpu_of_children() - cpu
    return seconds


def quick(args: list[str], cwd: Path, runs: int = 10) -> tuple[float, float]:
    """Mean and minimum wall time of a short command (hyperfine when installed)."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as fh:
            command = " ".join(f"'{a}'" for a in args)
            subprocess.run(
                ["hyperfine", "-N", "--warmup", "1", "--runs", str(runs)]
                + ["--export-json", fh.name, command],
                cwd=cwd,
                check=True,
                capture_output=True,
                env=environment(cwd),
            )
            result = json.loads(Path(fh.name).read_text())["results"][0]
            return result["mean"], result["min"]
    times = [run(args, cwd)[0] for _ in range(runs)]
    return statistics.mean(times), min(times)


def hosts(copy: Path, count: int) -> list[str]:
    """The `count` host countries with the most rows of Afghan refugees (Azerbaijan first)."""
    with (copy / "data" / "refugees.csv").open(encoding="utf-8") as fh:
        rows = Counter(r["asylum"] for r in csv.DictReader(fh) if r["origin"] == "AFG")
    ranked = ["AZE"] + [h for h, _ in sorted(rows.items(), key=lambda kv: (-kv[1], kv[0]))]
    return list(dict.fromkeys(ranked))[:count]


def mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def cold_part(copy: Path, tmp: Path, jobs: list[str], repeat: int) -> None:
    """1. Cold builds and naive loops, alternated, and their ratio."""
    print("\n1. Cold build of the five reports (HTML + PDF) against the naive loop")
    cold, naive, cold_peak = [], [], None
    for _ in range(repeat):
        load = os.getloadavg()[0]
        seconds, out, peak = run(
            [AZAF, "build", "--name", "bench", "--force", *ONE_EDITION, *jobs], copy, True
        )
        cold.append((seconds, CPU["last"]))
        cold_peak = peak
        naive.append((naive_loop(copy, tmp), CPU["last"]))
        print(
            f"   azaf build --force {cold[-1][0]:6.1f} s (CPU {cold[-1][1]:5.1f} s)   "
            f"naive loop {naive[-1][0]:6.1f} s (CPU {naive[-1][1]:5.1f} s)   "
            f"ratio {cold[-1][0] / naive[-1][0]:.2f}   (load {load:.1f})"
        )
    (best, best_cpu), (loop, loop_cpu) = min(cold), min(naive)
    ratios = sorted(c[0] / n[0] for c, n in zip(cold, naive, strict=True))
    print(f"   cold build {best:.1f} s, naive loop (HTML only) {loop:.1f} s")
    print(
        f"   ratio cold / naive: {best / loop:.2f} (best of each), median of pairs "
        f"{statistics.median(ratios):.2f}   (target at most 0.50)"
    )
    print(f"   CPU time of all processes: build {best_cpu:.1f} s, naive loop {loop_cpu:.1f} s")
    assert cold_peak is not None
    print(
        f"   peak memory of the cold build, all {cold_peak.processes} processes summed: "
        f"PSS {mb(cold_peak.pss)}, RSS {mb(cold_peak.rss)}  (target PSS under 1,536 MB)"
    )


def noop_part(copy: Path, jobs: list[str]) -> None:
    """2. A build with nothing changed, and the quick commands."""
    print("\n2. Nothing changed")
    seconds, out, _ = run([AZAF, "build", "--name", "bench", *ONE_EDITION, *jobs], copy)
    print(f"   first rebuild {seconds:.2f} s: {statuses(out)}")
    for label, args in (
        ("azaf build (no-op)", [AZAF, "build", "--name", "bench", *ONE_EDITION, *jobs]),
        ("azaf list", [AZAF, "list"]),
        ("azaf validate", [AZAF, "validate"]),
        ("azaf --help", [AZAF, "--help"]),
    ):
        mean, fastest = quick(args, copy)
        print(f"   {label:<20} mean {mean:.2f} s, min {fastest:.2f} s")


def change_part(copy: Path, jobs: list[str]) -> None:
    """3. One table changed, then a template-only change."""
    print("\n3a. One table changed (data/trade_products.csv: one description reworded)")
    table = copy / "data" / "trade_products.csv"
    text = table.read_text(encoding="utf-8")
    changed = text.replace("Diesel fuel supplied to", "Diesel fuel sent to", 1)
    assert changed != text, "the benchmark's edit of trade_products.csv no longer applies"
    table.write_text(changed, encoding="utf-8")
    run([AZAF, "validate"], copy)
    _, said, _ = run([AZAF, "build", "--name", "bench", "--explain", *ONE_EDITION], copy)
    print("   azaf build --explain:")
    print("".join(f"     {line}\n" for line in said.splitlines() if line.strip()), end="")
    seconds, out, _ = run([AZAF, "build", "--name", "bench", *ONE_EDITION, *jobs], copy)
    print(f"   build {seconds:.1f} s; ran: {', '.join(ran(out)) or 'none'}")

    print("\n3b. Template only (templates/azaf/azaf.css: a rule added)")
    css = copy / "templates" / "azaf" / "azaf.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.azaf-bench { color: inherit; }\n")
    _, said, _ = run([AZAF, "build", "--name", "bench", "--explain", *ONE_EDITION], copy)
    print("".join(f"     {line}\n" for line in said.splitlines()[:5]), end="")
    seconds, out, _ = run([AZAF, "build", "--name", "bench", *ONE_EDITION, *jobs], copy)
    print(f"   build {seconds:.1f} s; re-rendered: {', '.join(ran(out)) or 'none'}")


def matrix_part(copy: Path, jobs: list[str], editions: int, workers: int) -> None:
    """4. Many editions of the diaspora report against one, with peak memory."""
    print(f"\n4. A matrix of {editions} diaspora editions, --jobs {workers}")
    chosen = hosts(copy, editions)
    series = copy / "series.yml"
    original = series.read_text(encoding="utf-8")
    series.write_text(
        re.sub(r"host: \[[^\]]*\]", f"host: [{', '.join(chosen)}]", original), encoding="utf-8"
    )
    one, _, one_peak = run(
        [AZAF, "build", "--only", "diaspora", "--name", "one", "--force", *ONE_EDITION, *jobs],
        copy,
        True,
    )
    many, out, peak = run(
        [AZAF, "build", "--only", "diaspora", "--name", "matrix", "--force", *jobs], copy, True
    )
    series.write_text(original, encoding="utf-8")
    assert one_peak is not None and peak is not None
    built = len(STATUS_LINE.findall(out))
    linear = editions * one / workers
    print(f"   one edition {one:.1f} s (peak PSS {mb(one_peak.pss)})")
    print(
        f"   {built} editions {many:.1f} s; {built} x one / workers = {linear:.1f} s; "
        f"ratio {many / linear:.2f}; {(many - one) / max(built - 1, 1):.1f} s per further "
        "edition"
    )
    print(
        f"   peak memory, all {peak.processes} processes summed: PSS {mb(peak.pss)}, "
        f"RSS {mb(peak.rss)}  (target PSS under 1,536 MB)"
    )


PARTS = ("cold", "noop", "change", "matrix")


def main() -> None:
    """Run the chosen measurements in a copy of the project and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="cold builds and naive loops each")
    parser.add_argument("--editions", type=int, default=20)
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help="comma-separated: cold (against the naive loop), noop, change (one table, then a "
        "template), matrix; noop and change start from an unmeasured build when cold is left out",
    )
    opts = parser.parse_args()
    parts = [p for p in opts.parts.split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}; choose from {PARTS}")
    jobs = ["--jobs", str(opts.jobs)]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        copy = tmp / "azaf"
        shutil.copytree(ROOT, copy, ignore=IGNORE)
        run([AZAF, "validate"], copy)  # the data's stamp, as an analyst's checkout has it
        print(f"cores: {os.cpu_count()}; load average at start: {os.getloadavg()[0]:.1f}")
        if "cold" in parts:
            cold_part(copy, tmp, jobs, opts.repeat)
        elif {"noop", "change"} & set(parts):
            run([AZAF, "build", "--name", "bench", "--force", *ONE_EDITION, *jobs], copy)
        if "noop" in parts:
            noop_part(copy, jobs)
        if "change" in parts:
            change_part(copy, jobs)
        if "matrix" in parts:
            matrix_part(copy, jobs, opts.editions, opts.jobs)
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
