"""Recording which tables a report read, from any thread of a build."""

from __future__ import annotations

import sys
import types

from azaf import reads


def test_an_ipython_still_being_imported_by_another_thread_is_no_kernel(monkeypatch):
    # What a worker thread sees while another one is half-way through `import IPython`.
    monkeypatch.setitem(sys.modules, "IPython", types.ModuleType("IPython"))
    assert reads._in_kernel() is False
    reads.note("countries")  # must not raise either
