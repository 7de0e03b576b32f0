"""The `azaf` command: build, list and validate the series."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .errors import AzafError

# jsonschema (imported by nbformat and frictionless) imports rfc3987_syntax when it is installed,
# which compiles a grammar for its "iri" format check at import: 1.3 s on an idle machine and
# far more on a busy one, in every process. No schema azaf validates against uses that format,
# and neither nbformat nor frictionless checks formats, so the build does without it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


def _cmd_build(args: argparse.Namespace) -> int:
    from .signals import stop_on_signals

    # From the first moment: a signal while the inputs are checked ends the build cleanly too.
    with stop_on_signals():
        return _build(args)


def _build(args: argparse.Namespace) -> int:
    from .build import BuildOptions, build, explain

    opts = BuildOptions(
        only=[part for item in args.only or [] for part in item.split(",") if part],
        sets=args.set or [],
        params_file=Path(args.params) if args.params else None,
        name=args.name,
        force=args.force,
        jobs=args.jobs,
        compare=Path(args.compare) if args.compare else None,
        timeout=args.timeout,
        wait=args.wait,
        edition=args.edition,
    )
    if args.explain:
        for name, decision in explain(opts):
            print(f"{name:<28} {decision.action:<7} {'; '.join(decision.reasons)}")
        return 0
    result = build(opts)
    print()
    print(f"{'report':<28} {'status':<8} {'seconds':>8}  output")
    for e in result.entries:
        out = e.get("outputs", {}).get("pdf", "—")
        print(f"{e['id']:<28} {e['status']:<8} {e.get('duration_s', 0):>8.1f}  {out}")
        if e["status"] == "failed":
            print(f"    {e.get('error', '')}")
            if e.get("failed_notebook"):
                print(
                    f"    executed notebook with the traceback: "
                    f"{result.folder / e['failed_notebook']}"
                )
    good = sum(e["status"] in ("ok", "cached") for e in result.entries)
    compared = result.manifest.get("compare")
    if compared:
        print(f"\n{len(compared['changes'])} key figure(s) differ from {compared['with']}")
    print(
        f"\n{good} of {len(result.entries)} report(s) ok or cached; "
        f"open {result.folder / 'index.html'}"
    )
    if result.ok:
        return 0
    failed = [e for e in result.entries if e["status"] not in ("ok", "cached")]
    # Every failure caused by the machine (Chromium, disk): exit 3, as for other such faults.
    return 3 if all(e.get("error_kind") == "environment" for e in failed) else 1


def _cmd_list(args: argparse.Namespace) -> int:
    from .params import describe_allowed
    from .project import get_project
    from .series import load_series

    series = load_series(get_project())
    for report in series.reports.values():
        print(f"{report.id}  ({report.notebook.name})  {report.title}")
        if report.matrix:
            for name, values in report.matrix.items():
                print(f"    matrix: one report per {name} in {', '.join(map(str, values))}")
        for spec in report.params.values():
            default = report.defaults.get(spec.name, spec.default)
            print(f"    {spec.name:<14} {spec.type:<10} default {default!r}")
            if spec.description:
                print(f"        {spec.description}")
            print(f"        allowed: {describe_allowed(series, spec)}")
        for left, op, right in report.rules:
            print(f"    rule: {left} {op} {right}")
        print()
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .data import mark_valid, table_names, validated_before, validation_errors
    from .params import resolve_runs
    from .project import get_project
    from .series import load_series

    project = get_project()
    series = load_series(project)
    runs = resolve_runs(series)
    # The same bytes of data/ validated before need no second pass of frictionless (1-3 s).
    if not validated_before(project):
        errors = validation_errors(project)
        if errors:
            for err in errors:
                print(err, file=sys.stderr)
            print(f"data: {len(errors)} problem(s) found", file=sys.stderr)
            return 2
        mark_valid(project)
    print(f"series.yml: {len(series.reports)} reports, {len(runs)} to build with defaults: ok")
    print(f"data/datapackage.json: {len(table_names(project))} tables valid")
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from .project import get_project
    from .scaffold import new_report

    path = new_report(get_project(), args.id, args.title)
    print(f"Created {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    print(f"and its entry in series.yml. Build it with: azaf build --only {args.id}")
    return 0


def _cmd_data_refresh(args: argparse.Namespace) -> int:
    from .project import get_project
    from .refresh import refresh

    refresh(get_project(), args.sources, since=args.since, dry_run=args.dry_run)
    return 0


def _cmd_data_status(args: argparse.Namespace) -> int:
    from .project import get_project
    from .status import print_status

    print_status(get_project())
    return 0


def _add_data_commands(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("data", help="refresh the tables from the publishers; show their age")
    dsub = d.add_subparsers(dest="data_command", required=True)
    r = dsub.add_parser(
        "refresh",
        help="fetch newer figures from the publishers into data/ (validated, all or nothing)",
        description="Sources: worldbank, unhcr, ucdp (needs UCDP_ACCESS_TOKEN), fts, comtrade "
        "(COMTRADE_API_KEY optional), or all. Base URLs: AZAF_<SOURCE>_URL.",
    )
    r.add_argument("sources", nargs="+", metavar="SOURCE", help="a source, several, or all")
    r.add_argument("--since", type=int, metavar="YEAR", help="first year to fetch")
    r.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    r.set_defaults(func=_cmd_data_refresh)
    st = dsub.add_parser("status", help="every table: source, period, vintage, access date, age")
    st.set_defaults(func=_cmd_data_status)


def parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the CLI)."""
    p = argparse.ArgumentParser(
        prog="azaf", description="Build the Azerbaijan–Afghanistan report series."
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"azaf {__version__} (Python {platform.python_version()})",
    )
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute and render reports into reports/NAME/")
    b.add_argument(
        "--only",
        nargs="+",
        metavar="ID",
        help="build only these reports (space- or comma-separated)",
    )
    b.add_argument(
        "--set",
        action="append",
        metavar="ID.PARAM=VALUE",
        help="set a parameter (repeatable), e.g. --set trade.start_year=2015",
    )
    b.add_argument("--params", metavar="FILE.yml", help="YAML file: {report id: {param: value}}")
    b.add_argument(
        "--name", default="latest", help="output folder under reports/ (default: latest)"
    )
    b.add_argument(
        "--force", action="store_true", help="rebuild even reports whose inputs did not change"
    )
    b.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="reports built at once (default: the number of cores)",
    )
    b.add_argument(
        "--compare",
        metavar="DIR",
        help="list key figures that differ from an earlier build, e.g. reports/2026-q3",
    )
    b.add_argument(
        "--explain",
        action="store_true",
        help="say for every report whether it would run or be reused, and why; "
        "starts no kernel and writes nothing",
    )
    b.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="seconds each report may execute (default: series.yml's timeout, else 600; 0: none)",
    )
    b.add_argument(
        "--edition",
        metavar="YYYY-MM-DD",
        help="the edition date (default: $SOURCE_DATE_EPOCH, else the data package's version)",
    )
    b.add_argument(
        "--wait",
        action="store_true",
        help="if another build is writing the same folder, wait for it instead of refusing",
    )
    b.set_defaults(func=_cmd_build)
    ls = sub.add_parser("list", help="reports and their parameters (type, default, allowed)")
    ls.set_defaults(func=_cmd_list)
    v = sub.add_parser("validate", help="check data/ and series.yml without starting a kernel")
    v.set_defaults(func=_cmd_validate)
    n = sub.add_parser("new", help="scaffold a new report notebook and its series.yml entry")
    n.add_argument("id", help="report id: lower-case letters, digits and underscores")
    n.add_argument("--title", required=True, help="the report's title")
    n.set_defaults(func=_cmd_new)
    _add_data_commands(sub)
    return p


class _PipeGuard:
    """A stream that goes quiet once its reader has gone (`azaf list | head -1`): a closed pipe
    then neither prints a traceback nor stops a build half-way."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        """Write, or drop the text if the reader has closed the pipe."""
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._silence()
            return len(text)

    def flush(self) -> None:
        """Flush, or go quiet if the reader has closed the pipe."""
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._silence()

    def _silence(self) -> None:
        # Point the descriptor at /dev/null, so later writes and the interpreter's own flush at
        # exit succeed instead of raising again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _guard_pipes() -> dict[str, Any]:
    saved = {"stdout": sys.stdout, "stderr": sys.stderr}
    for name, stream in saved.items():
        if stream is not None and not isinstance(stream, _PipeGuard):
            setattr(sys, name, _PipeGuard(stream))
    return saved


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `azaf` command."""
    from .errors import os_error_words
    from .signals import Interrupted, exit_now

    saved = _guard_pipes()
    try:
        args = parser().parse_args(argv)
        try:
            return args.func(args)
        except Interrupted as exc:
            print(
                f"azaf: {exc}; stopped, reports/ left as it was before this build",
                file=sys.stderr,
            )
            sys.stdout.flush()
            sys.stderr.flush()
            # Worker threads may still be unwinding from their killed kernels: do not wait.
            exit_now(exc.exit_code)
            return exc.exit_code
        except AzafError as exc:
            print(f"azaf: error: {exc}", file=sys.stderr)
            return exc.exit_code
        except KeyboardInterrupt:
            print("azaf: interrupted; reports/ was left as it was", file=sys.stderr)
            return 130
        except OSError as exc:
            words = os_error_words(exc, "a file could not be used")
            print(f"azaf: error: {words}", file=sys.stderr)
            return 3
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = saved["stdout"], saved["stderr"]


if __name__ == "__main__":
    sys.exit(main())
