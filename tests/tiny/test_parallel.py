"""The heap is frozen for the garbage collector while a build runs (and Sphinx forks workers)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from site_build import BUILD_EPOCH, SITES

# Run in a child process: forking Sphinx's workers inside pytest, whose browser threads may be
# alive, can hang (see site_build.build_in_subprocess).
SCRIPT = """
import gc, io, sys
from sphinx.application import Sphinx
src, out, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
app = Sphinx(src, src, out + "/html", out + "/doctrees", "dirhtml", status=io.StringIO(),
             warning=sys.stderr, parallel=jobs)
seen = []
app.connect("write-started", lambda app, builder: seen.append(gc.get_freeze_count()), priority=900)
app.build()
print(seen[0], gc.get_freeze_count())
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_objects_are_frozen_while_a_build_writes_and_given_back_after(tmp_path, jobs):
    src = tmp_path / "src"
    shutil.copytree(SITES / "minimal", src)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(src), str(tmp_path / "out"), str(jobs)],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    during_write, after_build = (int(value) for value in done.stdout.split())
    assert during_write > 0  # also in one process: no full passes over the environment
    assert after_build == 0  # given back to the collector: nothing outlives the build
