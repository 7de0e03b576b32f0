"""What the manifest records of the environment, and the kernel `make setup` registers."""

from __future__ import annotations

import os
import sys
from importlib import metadata
from pathlib import Path

import pytest

from azaf.environment import locked_versions, versions

ROOT = Path(__file__).resolve().parents[1]


def test_versions_name_python_azaf_and_the_libraries(tmp_path):
    found = versions(tmp_path)
    assert found["python"] == ".".join(map(str, sys.version_info[:3]))
    assert found["libraries"]["pandas"] == metadata.version("pandas")
    assert found["libraries"]["matplotlib"] == metadata.version("matplotlib")
    assert "pytest" not in found["libraries"], "dev tools do not shape a report"
    assert found["differs_from_lock"] == {}, "no constraints file, nothing to differ from"


def test_a_library_off_the_lock_is_named(tmp_path):
    (tmp_path / "constraints.txt").write_text("# pins\npandas==0.0.1\nNot_Installed==1.0\n")
    assert locked_versions(tmp_path) == {"pandas": "0.0.1", "not-installed": "1.0"}
    differs = versions(tmp_path)["differs_from_lock"]
    assert differs == {"pandas": {"installed": metadata.version("pandas"), "locked": "0.0.1"}}


def test_the_azaf_kernel_runs_this_environment():
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("azaf")
    except NoSuchKernel:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("the azaf kernel is not registered: run make kernel")
    # Compared unresolved: every virtualenv's python links to the same interpreter.
    assert os.path.abspath(spec.argv[0]) == os.path.abspath(sys.executable)
    assert spec.language == "python"
