"""Execute one report notebook with papermill, in this process (the kernel is a child)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from .errors import AzafError, EnvironmentProblem

DEFAULT_TIMEOUT_S = 600  # a report of this series executes in well under a minute
INJECTED_TAG = "injected-parameters"
# Metadata that changes from run to run without the content changing (times, paths, ids).
_RUN_KEYS = ("start_time", "end_time", "duration", "exception")
_NOTEBOOK_RUN_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path")
_ADDED_TAGS = (INJECTED_TAG, "papermill-error-cell-tag")


KERNEL_ENV = "AZAF_KERNEL"  # the Jupyter kernel reports run in (default: python3)


def kernel_name() -> str:
    """The kernel the reports run in: $AZAF_KERNEL, else python3."""
    return os.environ.get(KERNEL_ENV) or "python3"


def require_kernel(name: str | None = None) -> str:
    """The kernel's name if Jupyter can start it, else an error that says how to install it."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    name = name or kernel_name()
    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise EnvironmentProblem(
            f"no Jupyter kernel named '{name}' is installed; run `make setup`, or install one "
            f"with `python -m ipykernel install --user --name {name}`"
            + (f", or unset {KERNEL_ENV}" if os.environ.get(KERNEL_ENV) else "")
        ) from None
    return name


class ExecutionFailed(AzafError):
    """A cell of the notebook raised or ran out of time: the message names the cell."""

    def __init__(self, message: str, notebook: Any = None):
        super().__init__(message)
        self.notebook = notebook  # the executed notebook with its traceback, when there is one


class KernelStopped(ExecutionFailed):
    """The kernel went away before the notebook finished (killed or out of memory)."""


def _cell_number(nb: Any, index: int) -> int:
    """The 1-based position of executed cell `index` in the notebook as JupyterLab shows it
    (every cell counts, markdown too; the parameters cell papermill injects does not)."""
    injected = [
        i
        for i, cell in enumerate(nb.cells[: index + 1])
        if INJECTED_TAG in cell.get("metadata", {}).get("tags", [])
    ]
    return index + 1 - len(injected)


def normalise(nb: Any) -> Any:
    """Drop what differs between two runs of the same inputs: times, absolute paths, random
    cell ids, so that an executed notebook is the same bytes on every rebuild."""
    meta = nb.metadata.get("papermill", {})
    for key in _NOTEBOOK_RUN_KEYS:
        meta.pop(key, None)
    meta.pop("environment_variables", None)
    for i, cell in enumerate(nb.cells):
        cell_meta = cell.get("metadata", {})
        for key in _RUN_KEYS:
            cell_meta.get("papermill", {}).pop(key, None)
        cell_meta.pop("execution", None)
        # Ids papermill gives the cells it adds are random; their position is stable.
        added = [t for t in cell_meta.get("tags", []) if t in _ADDED_TAGS]
        if "id" in cell and (added or not cell["id"]):
            cell["id"] = f"{added[0] if added else 'cell'}-{i}"
    return nb


def _read(path: Path) -> Any:
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except (OSError, ValueError):
        return None


def execute(
    notebook: Path,
    output: Path,
    params: dict[str, Any],
    cwd: Path,
    timeout: float | None = DEFAULT_TIMEOUT_S,
    kernel: str | None = None,
    km: Any = None,
) -> Any:
    """Run `notebook` with `params`, write the executed copy to `output`, return it (km: a
    kernel manager whose kernel is already running, from azaf.pool; the caller shuts it down).

    The whole run may take at most `timeout` seconds (None: no limit): each cell gets what
    is left of it, so a cell that hangs is stopped when the report's time is up.
    """
    import logging

    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    # The clock starts with the first cell (kernel start-up has its own limit); each cell may
    # wait for what is left of the report's time.
    clock: dict[str, Any] = {"deadline": None, "cell": None}

    def time_left(cell: Any) -> int | None:
        clock["cell"] = cell
        if not timeout:
            return None
        if clock["deadline"] is None:
            clock["deadline"] = time.monotonic() + float(timeout)
        return max(1, round(clock["deadline"] - time.monotonic()))

    def running_cell(partial: Any) -> str:
        cell = clock["cell"]
        if partial is None or cell is None:
            return ""
        for i, candidate in enumerate(partial.cells):
            if candidate.get("id") == cell.get("id") and candidate.source == cell.source:
                return f" in cell {_cell_number(partial, i)}"
        return ""

    # nbclient logs a timeout to the terminal before raising it; the build says it once.
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    try:
        nb = pm.execute_notebook(
            str(notebook),
            str(output),
            parameters=params,
            kernel_name=kernel or kernel_name(),
            # nbclient starts the kernel in resources' path; papermill's own `cwd` would
            # chdir this whole process, which worker threads share.
            resources={"metadata": {"path": str(cwd)}},
            # Keep the kernel's chatter off the user's terminal: its TCP notice at start-up, and the
            # "KeyboardInterrupt caught" line some kernels log when shut down after the last cell.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            progress_bar=False,
            log_output=False,
            report_mode=False,
            **({"km": km} if km is not None else {}),
            timeout_func=time_left,
            record_timing=False,
        )
    except PapermillExecutionError as exc:
        failed = _read(output)
        number = _cell_number(failed, exc.cell_index) if failed is not None else exc.exec_count
        raise ExecutionFailed(
            f"cell {number} raised {exc.ename}: {exc.evalue}",
            normalise(failed) if failed is not None else None,
        ) from None
    except CellTimeoutError:
        partial = _read(output)
        raise ExecutionFailed(
            f"timed out after {timeout:g} s{running_cell(partial)}",
            normalise(partial) if partial is not None else None,
        ) from None
    except DeadKernelError:
        partial = _read(output)
        raise KernelStopped(
            f"the kernel stopped{running_cell(partial)} (killed, or out of memory)",
            normalise(partial) if partial is not None else None,
        ) from None
    return normalise(nb)
