"""Read the literal, annotated defaults of a notebook's `parameters` cell."""

from __future__ import annotations

import ast
import io
import json
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ProjectError

SUPPORTED_TYPES = ("int", "float", "str", "bool", "list[str]", "list[int]")


@dataclass(frozen=True)
class DeclaredParameter:
    """One parameter as the notebook declares it: name, type, default, description."""

    name: str
    type: str
    default: Any
    description: str


def parameters_cell(nb: dict) -> dict | None:
    """The first code cell tagged `parameters`, or None."""
    for cell in nb.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and "parameters" in tags:
            return cell
    return None


def read_parameters(path: Path) -> list[DeclaredParameter]:
    """Parse the `parameters` cell of the notebook at path into declared parameters."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ProjectError(f"{path}: cannot read the notebook ({exc})") from exc
    cell = parameters_cell(nb)
    if cell is None:
        raise ProjectError(f"{path}: no code cell tagged 'parameters'")
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    return parse_parameters(source, where=str(path))


def parse_parameters(source: str, where: str = "<parameters>") -> list[DeclaredParameter]:
    """Parse `name: type = literal  # description` lines; anything else is an error."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ProjectError(f"{where}: the parameters cell is not valid Python ({exc})") from exc
    comments = {
        tok.start[0]: tok.string.lstrip("#").strip()
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT
    }
    out: list[DeclaredParameter] = []
    for node in tree.body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            raise ProjectError(
                f"{where}, line {node.lineno}: the parameters cell may only hold annotated "
                "assignments such as `start_year: int = 2010  # first year shown`"
            )
        type_name = ast.unparse(node.annotation).replace(" ", "")
        if type_name not in SUPPORTED_TYPES:
            raise ProjectError(
                f"{where}, line {node.lineno}: parameter '{node.target.id}' has type "
                f"'{type_name}'; supported types: {', '.join(SUPPORTED_TYPES)}"
            )
        if node.value is None:
            raise ProjectError(f"{where}: parameter '{node.target.id}' has no default")
        try:
            default = ast.literal_eval(node.value)
        except ValueError as exc:
            raise ProjectError(
                f"{where}, line {node.lineno}: the default of '{node.target.id}' must be a "
                "literal (a number, a string, True/False or a list of them)"
            ) from exc
        description = comments.get(node.end_lineno or node.lineno, "")
        out.append(DeclaredParameter(node.target.id, type_name, default, description))
    return out
