"""The heap hidden from the garbage collector while a build runs.

Python's cyclic garbage collector, in a full pass, visits every object of the process; once the
environment is loaded, that is millions of objects at 2,000 papers, and the passes that the
writing of a few pages sets off cost more than the writing (0.5-0.8 s of a one-paper rebuild,
measured). ``gc.freeze()`` keeps the objects that exist at that point out of the collector's
sight, as the ``gc`` module's documentation advises; they are given back to it when the build
ends. With ``-j``, Sphinx forks its workers from the main process, which by then holds the whole
environment: a collector's pass in a worker writes to every object it visits, and the kernel
copies each page of the parent's heap that is written to (copy-on-write); frozen, they are left
alone.

The heap is frozen when the pickled environment is loaded (``builder-inited``), before reading
and before writing (the objects made since join it), and given back last thing at
``build-finished``.

Checked against Sphinx 9.0.4: ``sphinx.util.parallel`` forks its ``-j`` workers after
``env-before-read-docs`` (readers) and ``write-started`` (writers), an implementation detail;
if it forks earlier, the speed-up is silently lost (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx


def freeze_the_heap(app: Sphinx, *args) -> None:
    gc.freeze()


def unfreeze(app: Sphinx, exception: Exception | None) -> None:
    gc.unfreeze()


def setup_gc_freeze(app: Sphinx) -> None:
    app.connect("builder-inited", freeze_the_heap)  # the pickled environment is loaded
    app.connect("env-before-read-docs", freeze_the_heap)  # readers fork from here on
    app.connect("write-started", freeze_the_heap)  # the whole environment is read: writers
    # Last: the other build-finished handlers run without the collector's full passes too.
    app.connect("build-finished", unfreeze, priority=990)
