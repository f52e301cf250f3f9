"""Build real sites for the tests: the project itself, and tiny sites under tests/sites/."""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils
from workshop.chromium import MISSING, find_chromium

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


@pytest.fixture
def tiny_site(tmp_path, monkeypatch):
    """Copy tests/sites/minimal (plus an optional scenario overlay and file overrides), build it."""

    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)

    def make(
        scenario: str | None = None,
        *,
        files: dict[str, str] | None = None,
        epoch: str | None = None,
        **options,
    ) -> Built:
        src = tmp_path / "src"
        shutil.copytree(SITES / "minimal", src)
        if scenario:
            shutil.copytree(SITES / scenario, src, dirs_exist_ok=True)
        for name, text in (files or {}).items():
            target = src / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if epoch is not None:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        return build(src, tmp_path / "out", **options)

    return make


# `make check` builds the site strictly (at BUILD_EPOCH) into this folder first, then runs the
# tests of the real site against it instead of building it again.
BUILT_SITE = os.environ.get("WSL_BUILT_SITE")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Built:
    """The project's own site, built once per test session, strictly."""
    if BUILT_SITE:
        return Built(ROOT, Path(BUILT_SITE).resolve(), "")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    try:
        return build(ROOT, tmp_path_factory.mktemp("real") / "html")
    finally:
        mp.undo()


# -- browsers ------------------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path):
    """Serve a built site on a free loopback port; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(real_site):
    """The real site, served over HTTP on loopback."""
    url, server = serve(real_site.outdir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """The system's headless Chromium through Playwright (never a downloaded browser).

    Found by workshop.chromium (CHROME_PATH, then PATH). Without one the browser tests skip,
    unless WSL_REQUIRE_BROWSER is set (as .ci/run does): then a missing browser is a failure.
    """
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("WSL_REQUIRE_BROWSER"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (own context: no shared storage between tests)."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


def pytest_collection_modifyitems(items) -> None:
    """Mark the tests of the real site (`-m real_site`: what `make check` runs)."""
    for item in items:
        if "real_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.real_site)
