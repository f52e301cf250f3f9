"""Build sites and serve them: the helpers the tests import (conftest.py holds the fixtures)."""

from __future__ import annotations

import functools
import io
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
# The real site is built "now" = 2026-01-01 UTC, after the workshop: reproducible states.
BUILD_EPOCH = "1767225600"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


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
    # Each build gets its own docutils registry, as sphinx.testing does.
    with patch_docutils(srcdir), docutils_namespace():
        _run(srcdir, outdir, builder, parallel, freshenv, warnings)
    built = Built(srcdir, outdir, _ANSI.sub("", warnings.getvalue()))
    if not allow_warnings:
        assert not built.warning_lines(), "unexpected warnings:\n" + built.warnings
    return built


def _run(srcdir, outdir, builder, parallel, freshenv, warnings) -> None:
    app = Sphinx(
        srcdir=str(srcdir),
        confdir=str(srcdir),
        outdir=str(outdir),
        doctreedir=str(outdir.parent / (outdir.name + ".doctrees")),
        buildername=builder,
        status=io.StringIO(),
        warning=warnings,
        freshenv=freshenv,
        parallel=parallel,
        keep_going=True,
    )
    app.build()


def build_in_subprocess(
    srcdir: Path, outdir: Path, *, jobs: str = "1", hash_seed: str = "0", options: tuple = ()
) -> Path:
    """A strict, fresh build in a child process.

    Forking Sphinx's -j workers inside pytest while a browser's threads are alive can hang, and a
    child process gets its own hash seed (set and dict orders) for reproducibility checks.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, "PYTHONHASHSEED": hash_seed}
    doctrees = outdir.parent / f"{outdir.name}.doctrees"
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-E", "-q", "-W", "-n",
               "--keep-going", "-j", jobs, "-d", str(doctrees), *options, str(srcdir),
               str(outdir)]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return outdir


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path):
    """Serve a built site on a free loopback port; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server
