"""The extension's state outside the domain lives in state.py's three objects, nowhere else."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from site_build import BUILD_EPOCH, ROOT, SITES, sphinx_app
from sphinx.application import Sphinx
from workshop.state import APP_ATTRIBUTES, ENV_ATTRIBUTES, BuildMemory, IdentityCache, build_memory

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


# Calls that change a dict, list or set in place.
MUTATORS = frozenset(
    {"setdefault", "add", "append", "update", "pop", "popitem", "clear", "extend", "insert",
     "remove", "discard"}
)  # fmt: skip
# Module globals that hold no build state, with the reason.
NOT_BUILD_STATE = {
    # make serve's record of what it copied into the served folder: the server process's own.
    ("tools/serve.py", "_PUBLISHED"),
    # make serve's record of the extension's modules it preloaded (files and times): the
    # server's; each forked build only reads it, to import an edited extension again.
    ("tools/serve.py", "_PRELOADED_OWN"),
    # The reading list's labels: pybtex makes a label style from its plugin name, with no
    # arguments, so the labels of the whole list can only reach it through its module. They are
    # made again from the .bib files at every build (features/citations.py), never carried over.
    ("formats/bibtex.py", "_LABELS"),
    # The VTIMEZONE of a zone and year: a pure function's results, kept for the process (and
    # handed from one build to the next through BuildMemory, state.py).
    ("formats/ical.py", "_TIMEZONES"),
}


def globals_written_by_functions(source: str) -> list[tuple[str, int]]:
    """``(name, line)`` of each module-level name that a function rebinds (``global``), changes
    in place (``name.setdefault(...)``, ``name.pop(...)``...) or assigns an item of."""
    tree = ast.parse(source)
    names = {
        target.id
        for statement in tree.body
        if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign)
        for target in (
            statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        )
        if isinstance(target, ast.Name)
    }
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found += [(name, node.lineno) for name in node.names if name in names]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in names
                and node.func.attr in MUTATORS
            ):
                found.append((node.func.value.id, node.lineno))
            elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
                targets = node.target if isinstance(node, ast.AugAssign) else None
                for target in node.targets if targets is None else [targets]:
                    if (
                        isinstance(target, ast.Subscript)
                        and isinstance(target.value, ast.Name)
                        and target.value.id in names
                    ):
                        found.append((target.value.id, node.lineno))
    return found


def test_no_module_keeps_build_state_in_a_global_its_functions_write():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name, line in globals_written_by_functions(path.read_text(encoding="utf-8"))
        if (path.relative_to(PACKAGE).as_posix(), name) not in NOT_BUILD_STATE
    ]
    assert not found, "build state in a module global (put it in state.py):\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "_SEEN = {}\ndef f(app, doc):\n    _SEEN.setdefault(id(app), set()).add(doc)\n",
        "_PARSER = None\ndef f(config):\n    global _PARSER\n    _PARSER = config\n",
        "_BY_APP: dict = {}\ndef f(app):\n    _BY_APP[id(app)] = 1\n",
        "_DONE = []\ndef f(doc):\n    _DONE.append(doc)\n",
    ],
)
def test_the_global_check_finds_build_state_in_a_module_global(source):
    assert globals_written_by_functions(source)


def test_the_process_cache_keeps_one_value_per_key_object():
    made = []
    cache: IdentityCache[object, int] = IdentityCache()
    first, second = object(), object()
    assert cache.get(first, lambda key: len(made.append(key) or made)) == 1
    assert cache.get(first, lambda key: len(made.append(key) or made)) == 1
    assert cache.get(second, lambda key: len(made.append(key) or made)) == 2


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
