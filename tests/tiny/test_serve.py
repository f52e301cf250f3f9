"""`make serve`: sphinx-autobuild whose rebuilds are forked from a warm process."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import types
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from site_build import BUILD_EPOCH, ROOT, SHUTDOWN_SECONDS, SITES
from workshop.tools.serve import (
    OWN_EXTENSIONS,
    forget_edited_extension,
    own_module_files,
    preload_modules,
)


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    src = tmp_path / "src"
    shutil.copytree(SITES / "minimal", src)
    return src


def sphinx_args(src: Path, *extra: str, out: Path | None = None) -> list[str]:
    out = out or src.parent / "out"
    return [
        "-b",
        "dirhtml",
        "-q",
        "-W",
        "--keep-going",
        "-n",
        *extra,
        "-d",
        str(out / "doctrees"),
        str(src),
        str(out / "html"),
    ]


def test_the_stack_is_imported_ahead():
    modules = preload_modules(ROOT)
    assert "myst_parser" in modules and "sphinx.builders.html" in modules
    assert not [name for name in modules if name.split(".")[0] in OWN_EXTENSIONS]


def test_a_build_after_an_edit_to_the_extension_imports_it_again(tmp_path):
    """The extension is preloaded too; a forked build drops its modules when one of their
    files changed since, so an edit to it counts from the next build."""
    edited, other = tmp_path / "features.py", tmp_path / "model.py"
    for path in (edited, other):
        path.write_text("", encoding="utf-8")
    server = types.ModuleType("workshop.tools.serve")
    modules = {
        "workshop.features": types.ModuleType("workshop.features"),
        "workshop.model": types.ModuleType("workshop.model"),
        "workshop.tools.serve": server,
        "json": json,
    }
    modules["workshop.features"].__file__ = str(edited)
    modules["workshop.model"].__file__ = str(other)
    server.__file__ = str(other)
    preloaded = own_module_files(modules)
    assert set(preloaded) == {"workshop.features", "workshop.model"}  # not the server's
    assert not forget_edited_extension(modules, preloaded)
    assert len(modules) == 4
    later = edited.stat().st_mtime_ns + 1_000_000_000
    os.utime(edited, ns=(later, later))
    assert forget_edited_extension(modules, preloaded)
    assert set(modules) == {"workshop.tools.serve", "json"}


def forked_build_in_a_child(site: Path) -> int:
    """``forked_build`` in a process of its own: forking pytest, whose browser threads may be
    alive, can hang (see site_build.build_in_subprocess)."""
    script = (
        "import sys; from pathlib import Path; "
        "from workshop.tools.serve import forked_build, preload; "
        "preload(Path(sys.argv[1])); sys.exit(forked_build(sys.argv[2:]))"
    )
    command = [sys.executable, "-c", script, str(site), *sphinx_args(site)]
    return subprocess.run(command, capture_output=True, check=False).returncode


def test_a_forked_build_builds_and_reports_a_failed_build(site):
    assert forked_build_in_a_child(site) == 0
    page = site.parent / "out/html/index.html"
    assert "STATE-" in page.read_text(encoding="utf-8")

    index = site / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n{date}`no_such_date`\n")
    assert forked_build_in_a_child(site) != 0  # -W: the unknown date key is an error


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def test_make_serve_rebuilds_after_an_edit_and_serves_it(site):
    server = Server(site)
    try:
        first = wait_for(lambda: fetch(server.url()), 60, "the first build to be served")
        assert "websocket-reload" in first  # sphinx-autobuild's live-reload script
        index = site / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nEDITED-WHILE-SERVING\n")
        wait_for(lambda: "EDITED-WHILE-SERVING" in (fetch(server.url()) or ""), 30, "the rebuild")
    finally:
        output = server.stop()
    assert "Detected changes" in output and "index.md" in output, output


class Server:
    """``python -m workshop.tools.serve`` on a free port; its output collected line by line."""

    def __init__(self, site: Path, out: Path | None = None) -> None:
        self.port = free_port()
        command = [sys.executable, "-m", "workshop.tools.serve", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), *sphinx_args(site, out=out)]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
            cwd=site,
            start_new_session=True,  # its forked builds too are stopped with it
        )
        self.lines: list[str] = []
        self.collector = threading.Thread(target=self._collect, daemon=True)
        self.collector.start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.decode("utf-8", "replace"))

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def stop(self) -> str:
        """Stop the server and its builds: asked first, then forced, within seconds."""
        for signal_number in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal_number)
            try:
                self.process.wait(timeout=SHUTDOWN_SECONDS)
                break
            except subprocess.TimeoutExpired:
                continue
        self.collector.join(SHUTDOWN_SECONDS)
        self.process.stdout.close()
        return "".join(self.lines)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def test_make_serve_keeps_the_last_good_build_after_a_failed_one(site):
    index = site / "index.md"
    good = index.read_text(encoding="utf-8")
    server = Server(site)
    try:
        wait_for(lambda: fetch(server.url()), 60, "the first build to be served")
        index.write_text(good + "\nGOOD-ONE\n", encoding="utf-8")
        wait_for(lambda: "GOOD-ONE" in (fetch(server.url()) or ""), 30, "the good rebuild")

        failed = server.count("The build failed")
        index.write_text(good + "\nBROKEN-TWO {date}`no_such_date`\n", encoding="utf-8")
        wait_for(lambda: server.count("The build failed") > failed, 30, "the failed build")
        page = fetch(server.url()) or ""
        assert "GOOD-ONE" in page and "BROKEN-TWO" not in page  # the last good build

        index.write_text(good + "\nGOOD-THREE\n", encoding="utf-8")
        wait_for(lambda: "GOOD-THREE" in (fetch(server.url()) or ""), 30, "the fixed page")
    finally:
        output = server.stop()
    assert "Traceback" not in output, output


def test_make_serve_stops_serving_a_deleted_page(site):
    extra = site / "extra.md"
    extra.write_text("---\norphan: true\n---\n# Extra page\n\nEXTRA-PAGE\n", encoding="utf-8")
    server = Server(site)
    try:
        wait_for(lambda: "EXTRA-PAGE" in (fetch(server.url("extra/")) or ""), 60, "first build")
        extra.unlink()
        wait_for(lambda: status_of(server.url("extra/")) == 404, 30, "the deleted page gone")
        assert "STATE-" in (fetch(server.url()) or "")
    finally:
        output = server.stop()
    assert "Traceback" not in output, output


def test_make_serve_does_not_rebuild_on_its_own_output(site):
    """As in the repository, the output is inside the watched source folder (_build/)."""
    server = Server(site, out=site / "_build")
    try:
        wait_for(lambda: fetch(server.url()), 60, "the first build to be served")
        index = site / "index.md"  # the watcher starts after the first build: edit once
        index.write_text(index.read_text(encoding="utf-8") + "\nEDITED\n", encoding="utf-8")
        wait_for(lambda: "EDITED" in (fetch(server.url()) or ""), 30, "the rebuilt page")
        # A rebuild set off by the output of that one would be seen before, or with, the next.
        index.write_text(index.read_text(encoding="utf-8") + "\nAGAIN\n", encoding="utf-8")
        wait_for(lambda: "AGAIN" in (fetch(server.url()) or ""), 30, "the second rebuild")
        detected = [line for line in list(server.lines) if "Detected changes" in line]
        assert len(detected) == 2, "".join(server.lines)
        assert all("_build" not in line for line in detected), "".join(server.lines)
    finally:
        server.stop()
