"""The extension's state outside the domain lives in state.py's three objects, nowhere else."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

from site_build import BUILD_EPOCH, ROOT, SITES, sphinx_app
from sphinx.application import Sphinx
from workshop.state import APP_ATTRIBUTES, ENV_ATTRIBUTES, BuildMemory, build_memory

PACKAGE = ROOT / "_ext" / "workshop"
# env.workshop_x, app.env.workshop_x, getattr(app, "workshop_x"...), env.__dict__.pop("workshop_x")
STATE_ACCESS = re.compile(
    r"\b(?:env|app)\.workshop_\w+"
    r"|\b(?:get|set|has|del)attr\(\s*[\w.]*\b(?:env|app),\s*[\"']workshop_"
    r"|\b(?:env|app)\.__dict__\b"
)


def test_no_module_but_state_py_keeps_attributes_on_env_or_app():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "state.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if STATE_ACCESS.search(line)
    ]
    assert not found, "state kept outside state.py:\n" + "\n".join(found)


def test_a_built_app_and_env_hold_only_the_documented_state(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    src = tmp_path / "src"
    shutil.copytree(SITES / "minimal", src)

    def built_app(freshenv: bool) -> Sphinx:
        with sphinx_app(src, tmp_path / "out", freshenv=freshenv) as app:
            app.build()
        return app

    app = built_app(freshenv=True)
    assert {name for name in vars(app.env) if name.startswith("workshop")} == ENV_ATTRIBUTES
    assert {name for name in vars(app) if name.startswith("workshop")} == APP_ATTRIBUTES
    memory = build_memory(app.env)
    assert memory.date_states, "the date states are remembered for the next build"
    # The memory survives the pickled environment into the next build.
    again = built_app(freshenv=False)
    assert isinstance(build_memory(again.env), BuildMemory)
    assert build_memory(again.env).date_states == memory.date_states


# Run in a child process: forking Sphinx's workers inside pytest can hang (site_build.py).
PARALLEL_SCRIPT = """
import io, json, sys
from sphinx.application import Sphinx
from workshop.state import build_memory, build_scratch
src, out, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
app = Sphinx(src, src, out + "/html", out + "/doctrees", "dirhtml", status=io.StringIO(),
             warning=sys.stderr, parallel=jobs)
merged = []
app.connect("env-merge-info", lambda *args: merged.append(1))
app.build()
memory, scratch = build_memory(app.env), build_scratch(app)
print(json.dumps({
    "read in parallel": bool(merged),
    "date states": memory.date_states,
    "citation keys": memory.citation_keys,
    "records before, after the build": repr(scratch.records_before),
}, sort_keys=True))
"""


def test_a_parallel_build_leaves_the_same_state_as_a_serial_one(tmp_path):
    """The state is written in the main process only: -j 2 has nothing to merge, and gets it."""
    src = tmp_path / "src"
    shutil.copytree(SITES / "minimal", src)
    shutil.copytree(SITES / "collections", src, dirs_exist_ok=True)
    paper = (src / "papers/AbCdEf1234.md").read_text(encoding="utf-8")
    for number in range(6):  # enough pages for Sphinx to read them in parallel
        openreview = f"AbCdEf567{number}"
        text = paper.replace("AbCdEf1234", openreview).replace("Test Paper", f"Paper {number}")
        (src / f"papers/{openreview}.md").write_text(text, encoding="utf-8")

    def state(jobs: int) -> dict:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                PARALLEL_SCRIPT,
                str(src),
                str(tmp_path / f"j{jobs}"),
                str(jobs),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    serial, parallel = state(1), state(2)
    assert parallel.pop("read in parallel") and not serial.pop("read in parallel")
    papers = {path.stem for path in (src / "papers").glob("*.md")} - {"index"}
    assert set(parallel["citation keys"]) == papers, "one key per paper"
    assert parallel == serial
