"""Execute one report notebook with papermill, in this process (the kernel is a child)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import AzafError


class ExecutionFailed(AzafError):
    """A cell of the notebook raised: the message names the cell and the exception."""


def execute(notebook: Path, output: Path, params: dict[str, Any], cwd: Path, km: Any = None) -> Any:
    """Run `notebook` with `params`, write the executed copy to `output`, return it (km: a
    kernel manager whose kernel is already running, from azaf.pool; the caller shuts it down)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    try:
        return pm.execute_notebook(
            str(notebook),
            str(output),
            parameters=params,
            kernel_name="python3",
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
        )
    except PapermillExecutionError as exc:
        raise ExecutionFailed(f"cell {exc.exec_count} raised {exc.ename}: {exc.evalue}") from None
