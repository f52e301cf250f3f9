"""What a test may not leave behind for the tests after it: a pytest plugin (conftest.py loads it)
that fails, at its teardown, the test that leaks.

A snapshot of the process's shared state is taken before a test (and before a module's fixtures)
and compared after: child processes, threads, the garbage collector's state (enabled, frozen
objects, thresholds), os.environ, the working directory, sys.path, docutils' directive and role
registries, Sphinx's node and translator registries, and the handlers of every logger. What
differs is put back (processes stopped, the rest restored), so one leak fails one test, not
every test after it.

Session fixtures that are meant to outlive a test (the browser's driver, the real site's server)
declare what they started with ``owned_by_the_session``.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import psutil
import pytest
import sphinx.locale
from docutils.parsers.rst import directives, roles
from sphinx.util.docutils import additional_nodes

# How long a thread or process that a test has told to stop may take to finish.
GRACE_SECONDS = 5.0

_SESSION_PIDS: set[int] = set()
_SESSION_THREADS: set[int] = set()
_SESSION_THREAD_PREFIXES: set[str] = set()


def _children() -> dict[int, str]:
    found = {}
    for child in psutil.Process().children():
        with contextlib.suppress(psutil.NoSuchProcess):
            found[child.pid] = f"{child.pid} {' '.join(child.cmdline())[:120]} ({child.status()})"
    return {pid: what for pid, what in found.items() if pid not in _SESSION_PIDS}


def _threads() -> dict[int, threading.Thread]:
    return {
        thread.ident: thread
        for thread in threading.enumerate()
        if thread.ident is not None
        and thread.ident not in _SESSION_THREADS
        and not thread.name.startswith(tuple(_SESSION_THREAD_PREFIXES))
    }


@contextlib.contextmanager
def owned_by_the_session() -> Iterator[None]:
    """Processes and threads started inside this block belong to a session fixture."""
    pids, threads = set(_children()), set(_threads())
    try:
        yield
    finally:
        _SESSION_PIDS.update(set(_children()) - pids)
        _SESSION_THREADS.update(set(_threads()) - threads)


def owned_by_the_session_when_named(prefix: str) -> None:
    """Threads named so that a session fixture starts later, on demand (a pool of workers)."""
    _SESSION_THREAD_PREFIXES.add(prefix)


def _loggers() -> dict[str, logging.Logger]:
    loggers = {
        name: logger
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    return {"": logging.getLogger(), **loggers}


def _counts(handler: logging.Handler) -> bool:
    # pytest's own capturing handlers come and go on the root logger around each phase; a
    # library adds a NullHandler to its logger when it is first imported: it does nothing.
    module = type(handler).__module__
    return not module.startswith("_pytest") and not isinstance(handler, logging.NullHandler)


def _logger_state(logger: logging.Logger) -> tuple:
    handlers = [h for h in logger.handlers if _counts(h)]
    return (tuple(handlers), logger.level, logger.propagate, logger.disabled)


@dataclass
class Snapshot:
    children: dict[int, str] = field(default_factory=_children)
    threads: dict[int, threading.Thread] = field(default_factory=_threads)
    gc_state: tuple = field(
        default_factory=lambda: (gc.isenabled(), gc.get_freeze_count(), gc.get_threshold())
    )
    environ: dict[str, str] = field(default_factory=lambda: _environ())
    cwd: str = field(default_factory=os.getcwd)
    sys_path: list[str] = field(default_factory=lambda: sys.path[:])
    registries: dict[str, dict] = field(default_factory=lambda: _registries())
    loggers: dict[str, tuple] = field(
        default_factory=lambda: {name: _logger_state(lg) for name, lg in _loggers().items()}
    )


def _environ() -> dict[str, str]:
    environ = dict(os.environ)
    environ.pop("PYTEST_CURRENT_TEST", None)  # pytest's own, set for each phase
    return environ


def _registries() -> dict[str, dict]:
    return {
        "docutils directives": dict(directives._directives),
        "docutils directive registry": dict(directives._directive_registry),
        "docutils roles": dict(roles._roles),
        "docutils role registry": dict(roles._role_registry),
        "Sphinx's additional docutils nodes": {node: True for node in additional_nodes},
        "Sphinx's translators": dict(sphinx.locale.translators),
    }


def _diff(before: dict, after: dict) -> str:
    added = sorted(str(key) for key in after.keys() - before.keys())
    removed = sorted(str(key) for key in before.keys() - after.keys())
    changed = sorted(str(key) for key in after.keys() & before.keys() if after[key] != before[key])
    parts = [f"{label} {', '.join(keys)}" for label, keys in
             (("added", added), ("removed", removed), ("changed", changed)) if keys]  # fmt: skip
    return "; ".join(parts)


def _stop(pid: int) -> None:
    for process in multiprocessing.active_children():  # its own bookkeeping must see it end
        if process.pid == pid:
            process.terminate()
            process.join(GRACE_SECONDS)
            if process.is_alive():
                process.kill()
                process.join(GRACE_SECONDS)
            return
    with contextlib.suppress(psutil.NoSuchProcess):
        process = psutil.Process(pid)
        process.terminate()
        try:
            process.wait(GRACE_SECONDS)
        except psutil.TimeoutExpired:
            process.kill()
            process.wait(GRACE_SECONDS)


def stop_stray_children() -> None:
    """Stop every child process that no session fixture owns."""
    for pid in _children():
        _stop(pid)


def leaks_since(before: Snapshot) -> list[str]:
    """What differs from ``before``, each put back; one line per kind of leak."""
    found = []
    deadline = time.monotonic() + GRACE_SECONDS
    new_threads = [t for ident, t in _threads().items() if ident not in before.threads]
    for thread in new_threads:  # told to stop, it may still be finishing
        thread.join(max(0.0, deadline - time.monotonic()))
    if alive := [t for t in new_threads if t.is_alive()]:
        found.append("threads still running: " + ", ".join(repr(t) for t in alive))
    # psutil's children include finished ones not yet reaped (not waited for: a leak too).
    while (new := _children().keys() - before.children.keys()) and time.monotonic() < deadline:
        time.sleep(0.05)
    if new:
        children = _children()
        found.append("child processes still running: " + "; ".join(children[p] for p in new))
        for pid in new:
            _stop(pid)

    after = Snapshot()
    if after.gc_state != before.gc_state:
        enabled, frozen, threshold = before.gc_state
        found.append(
            f"garbage collector (enabled, frozen objects, thresholds) {before.gc_state} -> "
            f"{after.gc_state}: a Sphinx app left without its build-finished?"
        )
        gc.unfreeze()
        gc.set_threshold(*threshold)
        (gc.enable if enabled else gc.disable)()
    if after.environ != before.environ:
        found.append(f"os.environ {_diff(before.environ, after.environ)} (use monkeypatch)")
        for name in after.environ.keys() - before.environ.keys():
            del os.environ[name]
        os.environ.update(before.environ)
    if after.cwd != before.cwd:
        found.append(f"working directory {before.cwd} -> {after.cwd} (use monkeypatch.chdir)")
        os.chdir(before.cwd)
    if after.sys_path != before.sys_path:
        found.append(f"sys.path {before.sys_path} -> {after.sys_path}")
        sys.path[:] = before.sys_path
    for name, registry in after.registries.items():
        if diff := _diff(before.registries[name], registry):
            found.append(f"{name}: {diff} (make apps with site_build.sphinx_app)")
    _restore_registries(before.registries)
    for name, state in after.loggers.items():
        if name in before.loggers and state != before.loggers[name]:
            found.append(f"logger {name or 'root'!r}: handlers, level or propagation changed")
        elif name not in before.loggers and state[0]:
            found.append(f"logger {name!r}: new, with handlers {state[0]}")
    _restore_loggers(before.loggers)
    return found


def _restore_registries(registries: dict[str, dict]) -> None:
    for target, name in (
        (directives._directives, "docutils directives"),
        (directives._directive_registry, "docutils directive registry"),
        (roles._roles, "docutils roles"),
        (roles._role_registry, "docutils role registry"),
        (sphinx.locale.translators, "Sphinx's translators"),
    ):
        target.clear()
        target.update(registries[name])
    additional_nodes.clear()
    additional_nodes.update(registries["Sphinx's additional docutils nodes"])


def _restore_loggers(states: dict[str, tuple]) -> None:
    for name, logger in _loggers().items():
        handlers, level, propagate, disabled = states.get(name, ((), logging.NOTSET, True, False))
        for handler in logger.handlers[:]:
            if _counts(handler):
                logger.removeHandler(handler)
        for handler in handlers:
            logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate, logger.disabled = propagate, disabled


# -- the checks -------------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="module")
def _module_leaves_nothing_behind():
    """A module's fixtures stop what they start too (reported at the module's last test)."""
    before = Snapshot()
    yield
    if leaks := leaks_since(before):
        pytest.fail("this module's fixtures left behind:\n  " + "\n  ".join(leaks), False)


@pytest.fixture(autouse=True)
def _test_leaves_nothing_behind():
    """Set up before every other fixture of the test and torn down after them: what differs
    then is this test's leak, and fails it (the state is put back for the tests after it)."""
    before = Snapshot()
    yield
    if leaks := leaks_since(before):
        pytest.fail("this test left behind:\n  " + "\n  ".join(leaks), False)
