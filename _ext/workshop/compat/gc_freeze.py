"""Parallel builds (``-j``): the heap hidden from the garbage collector before Sphinx forks.

Sphinx forks a worker for each chunk of pages from its main process, which by then holds the
whole environment. Python's cyclic garbage collector, when it runs in a worker, writes to every
object it visits, and the kernel copies each page of the parent's heap that is written to
(copy-on-write): at 2,000 papers, seconds of a build. ``gc.freeze()`` before forking keeps the
objects that exist then out of the collector's sight, as the ``gc`` module's documentation
advises; they are given back to it when the build ends.

Checked against Sphinx 9.0.4: ``sphinx.util.parallel`` forks its ``-j`` workers after
``env-before-read-docs`` (readers) and ``write-started`` (writers), an implementation detail;
if it forks earlier, the speed-up is silently lost (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx


def freeze_before_forks(app: Sphinx, *args) -> None:
    if app.parallel > 1:
        gc.freeze()


def unfreeze(app: Sphinx, exception: Exception | None) -> None:
    gc.unfreeze()


def setup_gc_freeze(app: Sphinx) -> None:
    app.connect("env-before-read-docs", freeze_before_forks)  # readers fork from here on
    app.connect("write-started", freeze_before_forks)  # the whole environment is read: writers
    app.connect("build-finished", unfreeze)
