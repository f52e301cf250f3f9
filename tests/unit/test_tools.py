"""The command-line tools import no Sphinx: a commit's front-matter hook and the OpenReview import
start in a fraction of the time, and ``make serve`` imports Sphinx only when it starts building."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

TOOLS = ["openreview_import", "check_front_matter", "serve", "identical"]
HEAVY = ("sphinx", "docutils")


def modules_after_import(module: str) -> list[str]:
    """Every module a fresh interpreter has loaded after importing ``module``."""
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("tool", TOOLS)
def test_importing_a_tool_loads_no_sphinx_nor_docutils(tool):
    loaded = modules_after_import(f"workshop.tools.{tool}")
    assert f"workshop.tools.{tool}" in loaded
    heavy = [name for name in loaded if name.split(".")[0].startswith(HEAVY)]
    assert not heavy, f"workshop.tools.{tool} imports {heavy[:10]} ({len(heavy)} modules)"
