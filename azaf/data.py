"""Load and validate the shared datasets in data/ (a Frictionless Data Package)."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import reads
from .errors import DataError
from .project import Project, get_project

if TYPE_CHECKING:  # pandas is imported where tables are read: checks and hashes do without it
    import pandas as pd

PACKAGE_FILE = "datapackage.json"


def _descriptor_path(project: Project) -> Path:
    path = project.data_dir / PACKAGE_FILE
    if not path.is_file():
        raise DataError(f"{path}: the data package descriptor is missing")
    return path


@cache
def _descriptor(path: Path, mtime: float) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DataError(f"{path}: not valid JSON ({exc})") from exc


def descriptor(project: Project | None = None) -> dict:
    """The parsed datapackage.json."""
    path = _descriptor_path(project or get_project())
    return _descriptor(path, path.stat().st_mtime)


def resource(name: str, project: Project | None = None) -> dict:
    """The descriptor of one table, or a DataError naming the tables that exist."""
    resources = {r["name"]: r for r in descriptor(project).get("resources", [])}
    if name not in resources:
        raise DataError(f"no table '{name}' in data/; the tables are: {', '.join(resources)}")
    # Every read of a table goes through here: the build's cache learns what a report reads.
    reads.note(name)
    return resources[name]


def table_names(project: Project | None = None) -> list[str]:
    """Names of every table in the package."""
    return [r["name"] for r in descriptor(project).get("resources", [])]


def _signature(path: Path) -> tuple[int, ...] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    # ctime too: copying a file's times over (shutil.copy2, touch -r) cannot set it back.
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


# The digest of the package as last computed in this process, with the signatures of the
# files it was computed from (inode, size, modification and change times): every table a
# kernel loads checks that data/ is the validated content, and re-reading and hashing every
# file each time cost more than the table itself. Any change to a file (an edit, a
# replacement) changes its signature, and then every file is read and hashed again.
_HASHED: dict[Path, tuple[tuple, str]] = {}


def package_hash(project: Project) -> str:
    """A digest of datapackage.json and every file it names: the data's identity."""
    path = _descriptor_path(project)
    desc = _descriptor(path, path.stat().st_mtime)
    files = [project.data_dir / res["path"] for res in desc.get("resources", [])]
    signature = (_signature(path), *(_signature(f) for f in files))
    known = _HASHED.get(path)
    if known is not None and known[0] == signature:
        return known[1]
    digest = hashlib.sha256()
    digest.update(path.read_bytes())
    for res, file in zip(desc.get("resources", []), files, strict=True):
        digest.update(res["path"].encode())
        digest.update(file.read_bytes() if file.is_file() else b"<missing>")
    value = digest.hexdigest()
    _HASHED[path] = (signature, value)
    return value


def _format_error(task: Any, error: Any, data_dir: Path) -> str:
    place = getattr(task, "place", None) or getattr(task, "name", "")
    where = f"data/{Path(str(place)).name}" if place else "data/datapackage.json"
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    parts = [where]
    if row:
        parts.append(f"row {row}")
    if field:
        parts.append(f"column '{field}'")
    return f"{', '.join(parts)}: {error.type}: {error.message}"


def validation_errors(project: Project | None = None) -> list[str]:
    """Validate the whole package with frictionless; return readable errors (empty if valid)."""
    project = project or get_project()
    from frictionless import Package, system  # imported lazily: ~1 s

    path = _descriptor_path(project)
    try:
        with system.use_context(trusted=True):
            package = Package(str(path))
            report = package.validate()
    except Exception as exc:  # frictionless raises for descriptors it cannot read
        return [f"data/{PACKAGE_FILE}: {exc}"]
    errors = [_format_error(None, e, project.data_dir) for e in report.errors]
    for task in report.tasks:
        errors += [_format_error(task, e, project.data_dir) for e in task.errors]
    return errors


def _stamp(project: Project) -> Path:
    return project.cache_dir / "validated" / package_hash(project)


def validated_before(project: Project | None = None) -> bool:
    """True when this very content of data/ (descriptor and every file) passed validation."""
    return _stamp(project or get_project()).exists()


def mark_valid(project: Project | None = None) -> None:
    """Remember that this content of data/ passed validation."""
    stamp = _stamp(project or get_project())
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()


def ensure_valid(project: Project | None = None, remember: bool = True) -> None:
    """Validate once per data version: a stamp in .azaf-cache makes later checks instant
    (remember=False checks without writing the stamp, for `azaf build --explain`)."""
    project = project or get_project()
    stamp = _stamp(project)
    if stamp.exists():
        return
    errors = validation_errors(project)
    if errors:
        shown = "\n  ".join(errors[:20])
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise DataError(f"the data package does not match its schema:\n  {shown}{more}")
    if not remember:
        return
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()


def _convert(series: pd.Series, field: dict) -> pd.Series:
    import pandas as pd

    kind = field.get("type", "string")
    if kind == "integer":
        return pd.to_numeric(series).astype("Int64")
    if kind == "number":
        return pd.to_numeric(series).astype("float64")
    if kind == "boolean":
        true = set(field.get("trueValues", ["true", "True", "TRUE", "1"]))
        return series.map(lambda v: pd.NA if pd.isna(v) else v in true).astype("boolean")
    if kind == "date":
        return pd.to_datetime(series, format="%Y-%m-%d")
    if kind == "year":
        return pd.to_numeric(series).astype("Int64")
    return series.astype("string")


@cache
def _read(csv_path: Path, mtime: float, fields_json: str, missing_json: str) -> pd.DataFrame:
    import pandas as pd

    fields = json.loads(fields_json)
    missing = json.loads(missing_json)
    frame = pd.read_csv(
        csv_path, dtype=str, keep_default_na=False, na_values=missing, encoding="utf-8"
    )
    for field in fields:
        if field["name"] in frame.columns:
            frame[field["name"]] = _convert(frame[field["name"]], field)
    return frame


def load(name: str, project: Project | None = None) -> pd.DataFrame:
    """Return table `name` as a typed DataFrame; attrs hold title, units, licences, vintage.

    Example:
        >>> opium = azaf.load("opium")
        >>> opium.attrs["units"]["value"]
        'tonnes'
    """
    frame = load_quiet(name, project)
    from . import report  # late import: report imports this module

    report.note_dataset(name, frame.attrs)
    return frame


def load_quiet(name: str, project: Project | None = None) -> pd.DataFrame:
    """Like load(), but not listed among the datasets the report read (for lookups)."""
    project = project or get_project()
    ensure_valid(project)
    res = resource(name, project)
    csv_path = project.data_dir / res["path"]
    schema = res.get("schema", {})
    fields = schema.get("fields", [])
    frame = _read(
        csv_path,
        csv_path.stat().st_mtime,
        json.dumps(fields),
        json.dumps(schema.get("missingValues", [""])),
    ).copy()
    frame.attrs = {
        "name": name,
        "title": res.get("title", name),
        "description": res.get("description", ""),
        "units": {f["name"]: f["unit"] for f in fields if f.get("unit")},
        "licenses": [lic.get("title") or lic.get("name") for lic in res.get("licenses", [])],
        "vintage": res.get("vintage", ""),
        "caveats": list(res.get("caveats", [])),
        "path": f"data/{res['path']}",
    }
    return frame


def sources(project: Project | None = None) -> pd.DataFrame:
    """The source registry (data/sources.csv), indexed by source_id."""
    project = project or get_project()
    res = resource("sources", project)
    schema = res.get("schema", {})
    path = project.data_dir / res["path"]
    frame = _read(
        path,
        path.stat().st_mtime,
        json.dumps(schema.get("fields", [])),
        json.dumps(schema.get("missingValues", [""])),
    )
    return frame.set_index("source_id")


def vintage(project: Project | None = None) -> str:
    """The data package's version and date, for title blocks and manifests."""
    desc = descriptor(project)
    version = desc.get("version", "")
    created = str(desc.get("created", ""))[:10]
    return " of ".join(p for p in (f"version {version}" if version else "", created) if p)


def country_name(iso3: str, project: Project | None = None) -> str:
    """The English short name of a country in data/countries.csv, or the code itself."""
    try:
        countries = load_quiet("countries", project)
    except DataError:
        return iso3
    match = countries.loc[countries["iso3"] == iso3, "name"]
    return str(match.iloc[0]) if len(match) else iso3
