"""`azaf data refresh`: fetch from the publishers into a staging copy, validate, then swap in."""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .data import PACKAGE_FILE, validation_errors
from .errors import AzafError, ParameterError
from .loaders import REFRESHABLE, SOURCES, Context, Fetched, TableUpdate, get_loader
from .loaders.http import Progress
from .project import Project

LOG_FILE = "refresh-log.jsonl"
LIVE_PREFIX = "live_"


class RefreshError(AzafError):
    """The refreshed tables could not be made valid; data/ was left as it was."""

    exit_code = 3


@dataclass
class TableChange:
    """What a refresh changed in one table."""

    source: str
    table: str
    added: int
    removed: int
    changed: int
    vintage: str
    previous_vintage: str
    rows: int

    @property
    def any(self) -> bool:
        """Whether any row differs."""
        return bool(self.added or self.removed or self.changed)


@dataclass
class RefreshResult:
    """The outcome of one refresh."""

    changes: list[TableChange] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    dry_run: bool = False


def resolve_sources(names: list[str]) -> list[str]:
    """The sources asked for, in the canonical order; 'all' means every source."""
    if not names:
        raise AzafError("name at least one source, or all")
    wanted = list(SOURCES) if "all" in names else names
    for name in wanted:
        get_loader(name)  # raises ParameterError (exit 2) for an unknown source
    return [s for s in SOURCES if s in wanted]


@contextlib.contextmanager
def _lock(project: Project) -> Iterator[None]:
    project.cache_dir.mkdir(parents=True, exist_ok=True)
    with open(project.cache_dir / "refresh.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise RefreshError(
                "another refresh of this project is running; wait for it to finish"
            ) from None
        yield


def refresh(
    project: Project,
    names: list[str],
    since: int | None = None,
    dry_run: bool = False,
    echo: Callable[[str], None] = print,
    today: _dt.date | None = None,
) -> RefreshResult:
    """Refresh the named sources; on any failure data/ is left byte-identical."""
    sources = resolve_sources(names)
    today = today or _dt.date.today()
    if since is not None and not 1900 <= since <= today.year:
        raise ParameterError(
            f"--since {since}: give a year from 1900 to {today.year}; nothing was fetched"
        )
    with _lock(project):
        fetched: list[Fetched] = []
        for name in sources:
            progress = Progress(name)
            ctx = Context(project=project, since=since, today=today, progress=progress)
            try:
                fetched.append(get_loader(name)(ctx).run())
            finally:
                progress.close()
        return _apply(project, fetched, dry_run, echo, today)


# ----------------------------------------------------------------------------- tables as text


def _read_text_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _write_text_table(frame: pd.DataFrame, path: Path) -> None:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    path.write_text(buf.getvalue(), encoding="utf-8")


def _as_text(value: Any, kind: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == "boolean":
        return "True" if bool(value) else "False"
    if kind in ("integer", "year"):
        return str(int(value))
    if kind == "number":
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)


def _texts(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    kinds = {f["name"]: f.get("type", "string") for f in fields}
    columns = [f["name"] for f in fields]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise RefreshError(f"a loader left out column(s) {', '.join(missing)}")
    out = pd.DataFrame({c: [_as_text(v, kinds[c]) for v in frame[c]] for c in columns})
    return out.reset_index(drop=True)


def _key(resource: dict) -> list[str]:
    pk = resource.get("schema", {}).get("primaryKey") or []
    return [pk] if isinstance(pk, str) else list(pk)


def _row_keys(frame: pd.DataFrame, key: list[str]) -> list[tuple]:
    cols = key or list(frame.columns)
    return list(frame[cols].itertuples(index=False, name=None))


# ----------------------------------------------------------------------------- merging


def _merge(old: pd.DataFrame, new: pd.DataFrame, key: list[str], upd: TableUpdate) -> pd.DataFrame:
    """Old rows in order (replaced in place), superseded rows dropped, new keys appended."""
    new_by_key = dict(zip(_row_keys(new, key), new.to_dict("records"), strict=True))
    if len(new_by_key) != len(new):
        raise RefreshError(f"{upd.table}: the answer holds the same key twice")
    drop = upd.supersedes(old) if upd.supersedes is not None else pd.Series(False, old.index)
    rows, seen = [], set()
    for k, rec, dropped in zip(_row_keys(old, key), old.to_dict("records"), drop, strict=True):
        if k in new_by_key:
            seen.add(k)
            rows.append(rec if upd.add_only else new_by_key[k])
        elif not dropped:
            rows.append(rec)
    fresh = new[[k not in seen for k in _row_keys(new, key)]]
    if key and not fresh.empty:
        fresh = fresh.sort_values(key, kind="stable")
    rows += fresh.to_dict("records")
    return pd.DataFrame(rows, columns=list(old.columns))


def _diff(old: pd.DataFrame, new: pd.DataFrame, key: list[str]) -> tuple[int, int, int]:
    before = dict(zip(_row_keys(old, key), old.itertuples(index=False, name=None), strict=True))
    after = dict(zip(_row_keys(new, key), new.itertuples(index=False, name=None), strict=True))
    added = sum(k not in before for k in after)
    removed = sum(k not in after for k in before)
    changed = sum(k in after and after[k] != v for k, v in before.items())
    return added, removed, changed


# ----------------------------------------------------------------------------- applying


def _apply(
    project: Project,
    fetched: list[Fetched],
    dry_run: bool,
    echo: Callable[[str], None],
    today: _dt.date,
) -> RefreshResult:
    project.cache_dir.mkdir(parents=True, exist_ok=True)
    staging_root = Path(tempfile.mkdtemp(prefix="refresh-", dir=project.cache_dir))
    try:
        staged = staging_root / "data"
        shutil.copytree(project.data_dir, staged)
        descriptor = json.loads((staged / PACKAGE_FILE).read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in descriptor["resources"]}
        tables: dict[str, pd.DataFrame] = {}
        originals: dict[str, pd.DataFrame] = {}

        def table(name: str) -> pd.DataFrame:
            if name not in tables:
                if name not in resources:
                    raise RefreshError(f"data/{PACKAGE_FILE} declares no table '{name}'")
                tables[name] = _read_text_table(staged / resources[name]["path"])
                originals[name] = tables[name]
            return tables[name]

        result = RefreshResult(dry_run=dry_run)
        touched: dict[str, tuple[str, TableUpdate]] = {}
        for got in fetched:
            for upd in got.updates:
                if upd.table not in REFRESHABLE:
                    raise RefreshError(f"{got.source}: '{upd.table}' is curated, never refreshed")
                res = resources.get(upd.table)
                if res is None:
                    raise RefreshError(f"data/{PACKAGE_FILE} declares no table '{upd.table}'")
                fields = res["schema"]["fields"]
                new = _texts(upd.rows, fields)
                tables[upd.table] = _merge(table(upd.table), new, _key(res), upd)
                touched[upd.table] = (got.source, upd)
        sources = table("sources")
        new_sources = pd.DataFrame([r for got in fetched for r in got.sources])
        sources = _merge(
            sources,
            _texts(new_sources, resources["sources"]["schema"]["fields"]),
            ["source_id"],
            TableUpdate("sources", new_sources, "", {}),
        )
        tables["sources"] = _prune_live_sources(sources, tables, resources, staged)
        for name, (source, upd) in touched.items():
            _describe(resources[name], source, upd, tables[name], tables["sources"], today)
        for name, frame in tables.items():
            _write_text_table(frame, staged / resources[name]["path"])
        (staged / PACKAGE_FILE).write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        errors = validation_errors(Project(staging_root))
        if errors:
            shown = "\n  ".join(errors[:10])
            raise RefreshError(
                "the refreshed tables do not match the package's schema, so nothing was "
                f"changed:\n  {shown}"
            )
        for name, (source, upd) in touched.items():
            key = _key(resources[name])
            added, removed, changed = _diff(originals[name], tables[name], key)
            result.changes.append(
                TableChange(
                    source=source,
                    table=name,
                    added=added,
                    removed=removed,
                    changed=changed,
                    vintage=upd.vintage,
                    previous_vintage=_previous_vintage(project, name),
                    rows=len(tables[name]),
                )
            )
        _print_changes(result, echo)
        if dry_run:
            echo("Dry run: data/ was not changed.")
            return result
        _append_log(staged / LOG_FILE, result, fetched, today)
        result.written = _swap(project.data_dir, staged, [*tables, PACKAGE_FILE], resources)
        echo(
            f"data/ updated ({', '.join(result.written)}); what changed is logged in "
            f"data/{LOG_FILE}. Rebuild, then compare: azaf build --name NEW --compare "
            "reports/latest"
        )
        return result
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)


def _prune_live_sources(
    sources: pd.DataFrame, tables: dict[str, pd.DataFrame], resources: dict, staged: Path
) -> pd.DataFrame:
    """Drop live source ids no row cites any more (superseded vintages)."""
    cited: set[str] = set()
    for name, res in resources.items():
        if name == "sources":
            continue
        frame = tables.get(name)
        if frame is None:
            path = staged / res["path"]
            if not path.is_file():
                continue
            frame = _read_text_table(path)
        if "source_id" in frame.columns:
            cited |= set(frame["source_id"])
    keep = ~sources["source_id"].str.startswith(LIVE_PREFIX) | sources["source_id"].isin(cited)
    return sources[keep].reset_index(drop=True)


def _describe(
    res: dict,
    source: str,
    upd: TableUpdate,
    frame: pd.DataFrame,
    sources: pd.DataFrame,
    today: _dt.date,
) -> None:
    """Write the provenance of a refreshed table into its descriptor."""
    loader = get_loader(source)
    res["vintage"] = f"{upd.vintage}; refreshed {today.isoformat()}"
    res["refresh"] = {
        "source": source,
        "publisher": loader.publisher,
        "accessed": today.isoformat(),
        "licence": loader.licence,
        **upd.provenance,
    }
    licences = res.setdefault("licenses", [])
    if loader.licence_url and not any(lic.get("path") == loader.licence_url for lic in licences):
        licences.append(
            {
                "name": loader.licence.split(" (")[0].replace(" ", "-"),
                "title": loader.licence,
                "path": loader.licence_url,
            }
        )
    used = list(dict.fromkeys(frame["source_id"])) if "source_id" in frame.columns else []
    registry = sources.set_index("source_id")
    res["sources"] = [
        {
            "title": f"{registry.at[sid, 'publisher']}: {registry.at[sid, 'title']}",
            "path": registry.at[sid, "url"],
            "publisher": registry.at[sid, "publisher"],
            "accessed": registry.at[sid, "accessed"],
            "source_id": sid,
        }
        for sid in sorted(used)
        if sid in registry.index
    ]


def _previous_vintage(project: Project, name: str) -> str:
    try:
        descriptor = json.loads((project.data_dir / PACKAGE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    for res in descriptor.get("resources", []):
        if res.get("name") == name:
            return str(res.get("vintage", ""))
    return ""


def _print_changes(result: RefreshResult, echo: Callable[[str], None]) -> None:
    echo("")
    echo(f"{'table':<22} {'added':>7} {'removed':>8} {'changed':>8}  new vintage")
    for c in result.changes:
        echo(f"{c.table:<22} {c.added:>7} {c.removed:>8} {c.changed:>8}  {c.vintage}")
        if c.previous_vintage and c.previous_vintage != c.vintage:
            echo(f"{'':<22} {'':>7} {'':>8} {'':>8}  (was: {c.previous_vintage})")
    if not any(c.any for c in result.changes):
        echo("No row differs from the tables already in data/.")


def _append_log(path: Path, result: RefreshResult, fetched: list[Fetched], today: _dt.date) -> None:
    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
    queries = {
        (f.source, u.table): u.provenance.get("query", {}) for f in fetched for u in f.updates
    }
    with path.open("a", encoding="utf-8") as log:
        for c in result.changes:
            record = {
                "refreshed_at": now,
                "source": c.source,
                "table": c.table,
                "added": c.added,
                "removed": c.removed,
                "changed": c.changed,
                "rows": c.rows,
                "vintage": c.vintage,
                "previous_vintage": c.previous_vintage,
                "accessed": today.isoformat(),
                "query": queries.get((c.source, c.table), {}),
            }
            log.write(json.dumps(record, ensure_ascii=False) + "\n")


def _swap(data_dir: Path, staged: Path, names: list[str], resources: dict) -> list[str]:
    """Move each changed file over its original with os.replace (atomic per file).

    The tables go first and datapackage.json last, so a reader never sees a descriptor
    that names rows or sources not yet in place.
    """
    files = [resources[n]["path"] for n in names if n in resources] + [LOG_FILE]
    written = []
    for rel in [*files, PACKAGE_FILE]:
        src, dst = staged / rel, data_dir / rel
        if not src.is_file():
            continue
        if dst.is_file() and dst.read_bytes() == src.read_bytes():
            continue
        os.replace(src, dst)
        written.append(rel)
    return written
