"""Build sites and serve them: the helpers the tests import (conftest.py holds the fixtures)."""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import sphinx.locale
from bs4 import BeautifulSoup
from docutils.parsers.rst import directives, roles
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils
from sphinx.util.logging import NAMESPACE as SPHINX_LOGGER

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
# The real site is built "now" = 2026-01-01 UTC, after the workshop: reproducible states.
BUILD_EPOCH = "1767225600"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# How long a server or child process started by a test may take to stop.
SHUTDOWN_SECONDS = 10


# What the running test has built: "real" (the real site, or a copy of it) or "tiny" (any other
# site); conftest.py's layer guard reads it (a real-site build in tests/tiny is refused).
BUILDS: list[str] = []


def _record_build(srcdir: Path) -> None:
    conf = Path(srcdir, "conf.py")
    real = Path(srcdir).resolve() == ROOT or (
        conf.is_file() and conf.read_bytes() == (ROOT / "conf.py").read_bytes()
    )
    BUILDS.append("real" if real else "tiny")


@functools.lru_cache(maxsize=256)
def _parsed(path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    """Each page is parsed once while it is unchanged (tests only read the trees)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@dataclass
class Built:
    srcdir: Path
    outdir: Path
    warnings: str

    def page(self, docname: str = "index") -> BeautifulSoup:
        """The parsed HTML of a document (dirhtml: ``cfp/index`` -> ``cfp/index.html``)."""
        path = self.outdir / docname / "index.html"
        if docname == "index" or docname.endswith("/index"):
            path = self.outdir / f"{docname}.html"
        stat = path.stat()
        return _parsed(path, stat.st_mtime_ns, stat.st_size)

    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if "WARNING" in line or "ERROR" in line]


def build(
    srcdir: Path,
    outdir: Path,
    *,
    builder: str = "dirhtml",
    parallel: int = 1,
    allow_warnings: bool = False,
    freshenv: bool = True,
) -> Built:
    """Build with Sphinx in-process; unless ``allow_warnings``, any warning fails the test."""
    warnings = io.StringIO()
    with sphinx_app(
        srcdir, outdir, builder=builder, parallel=parallel, freshenv=freshenv, warning=warnings
    ) as app:
        app.build()
    built = Built(srcdir, outdir, _ANSI.sub("", warnings.getvalue()))
    if not allow_warnings:
        assert not built.warning_lines(), "unexpected warnings:\n" + built.warnings
    return built


@contextlib.contextmanager
def sphinx_app(
    srcdir: Path,
    outdir: Path,
    *,
    builder: str = "dirhtml",
    warning: io.StringIO | None = None,
    **options,
) -> Iterator[Sphinx]:
    """The one way tests make a Sphinx app: whether it builds or not, what it started is stopped.

    Inside: its own docutils registries (as sphinx.testing does), put back on exit. On exit
    too: the heap frozen at ``builder-inited`` given back to the collector, and sys.path,
    Sphinx's translators and its logger's handlers (which hold the app) as before.
    """
    saved_path = sys.path[:]
    # docutils_namespace restores docutils' local registries, not its canonical ones, where
    # Sphinx's setup replaces docutils' {code} role with its own.
    saved_canonical = (dict(roles._role_registry), dict(directives._directive_registry))
    saved_translators = dict(sphinx.locale.translators)
    sphinx_logger = logging.getLogger(SPHINX_LOGGER)
    saved_logger = (sphinx_logger.handlers[:], sphinx_logger.level, sphinx_logger.propagate)
    _record_build(srcdir)
    try:
        with patch_docutils(srcdir), docutils_namespace():
            app = Sphinx(
                srcdir=str(srcdir),
                confdir=str(srcdir),
                outdir=str(outdir),
                doctreedir=str(outdir.parent / (outdir.name + ".doctrees")),
                buildername=builder,
                status=io.StringIO(),
                warning=warning if warning is not None else io.StringIO(),
                keep_going=True,
                **options,
            )
            yield app
    finally:
        gc.unfreeze()
        sys.path[:] = saved_path
        canonical = (roles._role_registry, directives._directive_registry)
        for registry, saved in zip(canonical, saved_canonical, strict=True):
            registry.clear()
            registry.update(saved)
        sphinx.locale.translators.clear()
        sphinx.locale.translators.update(saved_translators)
        for handler in sphinx_logger.handlers[:]:
            sphinx_logger.removeHandler(handler)
        for handler in saved_logger[0]:
            sphinx_logger.addHandler(handler)
        sphinx_logger.setLevel(saved_logger[1])
        sphinx_logger.propagate = saved_logger[2]


def build_in_subprocess(
    srcdir: Path, outdir: Path, *, jobs: str = "1", hash_seed: str = "0", options: tuple = ()
) -> Path:
    """A strict, fresh build in a child process.

    Forking Sphinx's -j workers inside pytest while a browser's threads are alive can hang, and a
    child process gets its own hash seed (set and dict orders) for reproducibility checks.
    """
    _record_build(srcdir)
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, "PYTHONHASHSEED": hash_seed}
    doctrees = outdir.parent / f"{outdir.name}.doctrees"
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-E", "-q", "-W", "-n",
               "--keep-going", "-j", jobs, "-d", str(doctrees), *options, str(srcdir),
               str(outdir)]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return outdir


def two_clean_builds(srcdir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two strict builds in their own processes: other hash seeds, -j 1 and -j 2, other folders."""
    first, second = tmp_path / "first" / "html", tmp_path / "second" / "html"
    build_in_subprocess(srcdir, first, hash_seed="1", jobs="1")
    build_in_subprocess(srcdir, second, hash_seed="2", jobs="2")
    return first, second


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served(directory: Path, handler: type[SimpleHTTPRequestHandler] = _QuietHandler):
    """Serve a built site on a free loopback port; yields its base URL; stops within seconds."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    serving = threading.Thread(target=server.serve_forever, name="served", daemon=True)
    serving.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        # shutdown() waits for serve_forever's loop (0.5 s polls); bounded, in case it never ran.
        threading.Thread(target=server.shutdown, daemon=True).start()
        serving.join(SHUTDOWN_SECONDS)
        server.server_close()
        assert not serving.is_alive(), f"the server of {directory} did not stop"
