"""The gate's own guards, shown working: a test that leaks fails at its own teardown (and the
state is put back for the next test), and a test that hangs fails within its time limit while
the run goes on to its summary. Each runs a small test file in a child pytest."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent

LEAKING_TESTS = """
import gc, logging, multiprocessing, os, subprocess, threading, time
from docutils.parsers.rst import directives

stop = threading.Event()
kept = []

def test_leaks_a_process():
    subprocess.Popen(["sleep", "60"])

def test_leaks_a_forked_manager():
    kept.append(multiprocessing.Manager())  # a forked server process, never shut down

def test_leaks_a_thread():
    threading.Thread(target=stop.wait, daemon=True).start()

def test_leaks_a_frozen_heap():
    gc.freeze()

def test_leaks_a_disabled_collector():
    gc.disable()

def test_leaks_an_environment_variable():
    os.environ["WSL_LEAKED"] = "1"

def test_leaks_a_working_directory(tmp_path):
    os.chdir(tmp_path)

def test_leaks_a_directive():
    directives.register_directive("leaked", object)

def test_leaks_a_logging_handler():
    logging.getLogger("sphinx").addHandler(logging.StreamHandler())

def test_finds_everything_put_back(tmp_path):
    stop.set()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert "WSL_LEAKED" not in os.environ
    assert os.getcwd() != str(tmp_path)
    assert "leaked" not in directives._directives
    assert multiprocessing.active_children() == []

def test_stops_what_it_starts():
    child = subprocess.Popen(["sleep", "60"])
    child.terminate()
    child.wait()
"""

HANGING_TESTS = """
import threading

def test_hangs():
    threading.Event().wait()

def test_after_the_hang():
    pass
"""


def run_pytest(tmp_path: Path, source: str, *options: str) -> tuple[str, float]:
    (tmp_path / "test_child.py").write_text(source, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-p", "isolation", "-p", "no:randomly", "-p",
               "no:cacheprovider", "-rA", "-o", "addopts=", *options, "test_child.py"]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    started = time.monotonic()
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    return done.stdout + done.stderr, time.monotonic() - started


def test_a_leaking_test_fails_at_its_own_teardown_and_the_next_finds_a_clean_state(tmp_path):
    output, _ = run_pytest(tmp_path, LEAKING_TESTS)
    leaks = {
        "test_leaks_a_process": "child processes still running: ",
        "test_leaks_a_forked_manager": "child processes still running: ",
        "test_leaks_a_thread": "threads still running: ",
        "test_leaks_a_frozen_heap": "garbage collector",
        "test_leaks_a_disabled_collector": "garbage collector",
        "test_leaks_an_environment_variable": "os.environ added WSL_LEAKED",
        "test_leaks_a_working_directory": "working directory",
        "test_leaks_a_directive": "docutils directives: added leaked",
        "test_leaks_a_logging_handler": "logger 'sphinx'",
    }
    for test, words in leaks.items():
        assert f"ERROR test_child.py::{test} - Failed: this test l" in output, output
        section = output.split(f"ERROR at teardown of {test} ")[1].split("\n_")[0]
        assert words in section, section
    assert "PASSED test_child.py::test_finds_everything_put_back" in output, output
    assert "PASSED test_child.py::test_stops_what_it_starts" in output, output
    assert "ERROR test_child.py::test_stops_what_it_starts" not in output, output


def test_a_hanging_test_fails_within_its_limit_and_the_run_ends_with_a_summary(tmp_path):
    output, seconds = run_pytest(tmp_path, HANGING_TESTS, "-o", "timeout=3")
    assert "FAILED test_child.py::test_hangs - Failed: Timeout" in output, output
    assert "threading.Event().wait()" in output, "the traceback shows where it hung"
    assert "1 failed, 1 passed" in output.splitlines()[-1], output
    assert seconds < 60, f"the run took {seconds:.0f} s"


def test_the_suite_runs_with_a_time_limit_and_in_random_order():
    """What the two runs above rely on is configured for the whole suite (pyproject.toml)."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--co", str(Path(__file__)), "-k", "random_order"],
        cwd=TESTS.parent, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Using --randomly-seed=" in done.stdout, done.stdout
    assert "timeout method: signal" in done.stdout, done.stdout


# -- the layer guard (conftest.py), both ways ---------------------------------------------------


def layered_run(tmp_path: Path, files: dict[str, str]) -> str:
    """A child pytest on a tests/ tree of the given files, under the suite's own conftest.py."""
    tests = tmp_path / "tests"
    for name, source in {"conftest.py": (TESTS / "conftest.py").read_text(), **files}.items():
        (tests / name).parent.mkdir(parents=True, exist_ok=True)
        (tests / name).write_text(source, encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:cacheprovider",
               "-rA", "-o", "addopts=", "--rootdir", str(tmp_path), str(tests)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    return done.stdout + done.stderr


def test_a_test_in_a_layer_it_does_not_need_is_refused(tmp_path):
    output = layered_run(tmp_path, {"browser/test_no_browser.py": "def test_x():\n    pass\n"})
    assert "tests in the wrong layer:" in output, output
    assert "test_no_browser.py::test_x is in browser/ but never uses Chromium" in output, output


def test_a_build_outside_its_layer_is_refused(tmp_path):
    real = (
        "from site_build import ROOT, sphinx_app\n\n"
        "def test_NAME(tmp_path):\n    with sphinx_app(ROOT, tmp_path / 'out'):\n        pass\n"
    )
    nothing = "def test_NAME():\n    pass\n"
    output = layered_run(
        tmp_path,
        {
            "tiny/test_a.py": real.replace("NAME", "real_site_in_tiny"),
            "unit/test_b.py": real.replace("NAME", "tiny_site_in_unit").replace(
                "(ROOT,", "(ROOT / 'tests/sites/minimal',"
            ),
            "scenarios/test_c.py": nothing.replace("NAME", "no_build_in_scenarios"),
            "site/test_d.py": nothing.replace("NAME", "no_build_in_site"),
        },
    )
    refused = {
        "real_site_in_tiny": "a real site build in tiny/",
        "tiny_site_in_unit": "a tiny site build in unit/",
        "no_build_in_scenarios": "no real site build in scenarios/",
    }
    for test, words in refused.items():
        section = output.split(f"ERROR at teardown of test_{test} ")[1].split("\n_")[0]
        assert words in section, output
    assert "PASSED tests/site/test_d.py::test_no_build_in_site" in output, output
