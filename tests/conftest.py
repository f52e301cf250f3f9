"""Fixtures: the real site and tiny sites under tests/sites/, built; a browser (site_build.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import site_build
from axe_checks import AXE
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from site_build import BUILD_EPOCH, ROOT, SITES, Built, build, served
from workshop.chromium import MISSING, find_chromium

TESTS = Path(__file__).resolve().parent
# Every test is checked at teardown for what it left behind (isolation.py). Its functions are
# imported where used, after pytest has loaded it as a plugin (so its asserts are rewritten).
pytest_plugins = ["isolation"]


@pytest.fixture
def tiny_site(tmp_path, monkeypatch):
    """Copy tests/sites/minimal (plus an optional scenario overlay and file overrides), build it."""

    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)

    def make(
        scenario: str | None = None,
        *,
        files: dict[str, str | bytes] | None = None,
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
            if isinstance(text, bytes):  # exact bytes: images, a BOM, a wrong encoding
                target.write_bytes(text)
            else:
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


@pytest.fixture(scope="session")
def site_url(real_site):
    """The real site, served over HTTP on loopback."""
    from isolation import owned_by_the_session

    with owned_by_the_session():
        serving = served(real_site.outdir)
        url = serving.__enter__()
    yield url
    serving.__exit__(None, None, None)


class _Chromium:
    """Playwright's driver and one Chromium, relaunched when it has died (a crashed test)."""

    def __init__(self, executable: str) -> None:
        from isolation import owned_by_the_session, owned_by_the_session_when_named

        self.executable = executable
        with owned_by_the_session():
            self.playwright = sync_playwright().start()
            self.instance = self._launch()
        # Playwright's event loop runs some calls (reading a file to inject) in asyncio's
        # default pool, whose threads start when first needed and live as long as the loop.
        owned_by_the_session_when_named("asyncio_")

    def _launch(self):
        return self.playwright.chromium.launch(
            executable_path=self.executable, args=CHROMIUM_ARGS, timeout=60_000
        )

    def alive(self):
        """The browser, asked for an answer first (one round trip); if it died, a new one."""
        from isolation import owned_by_the_session

        try:
            self.instance.new_browser_cdp_session().detach()
        except PlaywrightError:
            with owned_by_the_session():
                self.instance = self._launch()
        return self.instance

    def stop(self) -> None:
        """Close the browser, then the driver, which ends when its standard input closes.

        A process forked from the tests after the driver started holds a copy of that pipe,
        and the driver would wait for it forever: any such process still running is stopped
        first (the isolation check has failed the test that left it).
        """
        from isolation import stop_stray_children

        stop_stray_children()
        if self.instance.is_connected():
            self.instance.close()
        self.playwright.stop()


@pytest.fixture(scope="session")
def _chromium():
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("WSL_REQUIRE_BROWSER"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    running = _Chromium(chromium)
    yield running
    running.stop()


@pytest.fixture
def browser(_chromium):
    """The system's headless Chromium through Playwright (never a downloaded browser).

    Found by workshop.chromium (CHROME_PATH, then PATH). Without one the browser tests skip,
    unless WSL_REQUIRE_BROWSER is set (as .ci/run does): then a missing browser is a failure.
    One browser serves the session; a test that finds it dead gets a new one.
    """
    return _chromium.alive()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.exists():
        message = f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (`make test` does)"
        if os.environ.get("WSL_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE


@pytest.fixture
def page(browser):
    """A fresh browser page (own context: no shared storage between tests)."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


# The layers of the suite (README), each folder a layer. A test goes in the lowest layer that has
# what it needs, and is refused in any other, both ways: a layer below (a build in unit/, a
# real-site build in tiny/, Chromium outside browser/) or above (a browser/ test that uses no
# browser, a tiny build in site/, a scenarios/ test that builds no copy of the real site).
# What each layer may not use (fixtures), and the builds it may not make (site_build.BUILDS).
NOT_IN_LAYER = {
    "unit": {"real_site", "tiny_site", "browser"},
    "tiny": {"real_site", "browser"},
    "site": {"tiny_site", "browser"},
    "scenarios": {"real_site", "tiny_site", "browser"},
}
BUILDS_NOT_IN_LAYER = {
    "unit": {"real", "tiny"},
    "tiny": {"real"},
    "site": {"tiny"},
    "scenarios": {"tiny"},
}
NEEDED_IN_LAYER = {"browser": "uses Chromium (the browser or page fixture)"}
BUILDS_NEEDED_IN_LAYER = {"scenarios": "real"}


def layer_of(path) -> str:
    return Path(path).relative_to(TESTS).parts[0]


def pytest_collection_modifyitems(items) -> None:
    """Mark the tests of the real site (`-m real_site`: what `make check` runs), and refuse a
    test in a layer that does not have what it uses, or that does not need its layer."""
    misplaced = []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "real_site" in fixtures:
            item.add_marker(pytest.mark.real_site)
        layer = layer_of(item.path)
        if fixtures & NOT_IN_LAYER.get(layer, set()):
            uses = ", ".join(sorted(fixtures & NOT_IN_LAYER[layer]))
            misplaced.append(f"{item.nodeid} uses {uses}: move it to the layer that has them")
        if layer in NEEDED_IN_LAYER and "browser" not in fixtures:
            misplaced.append(f"{item.nodeid} is in {layer}/ but never {NEEDED_IN_LAYER[layer]}")
    if misplaced:
        raise pytest.UsageError("tests in the wrong layer:\n" + "\n".join(misplaced))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    site_build.BUILDS.clear()  # before any fixture: the builds of its fixtures count too


@pytest.fixture(autouse=True)
def _builds_in_their_layer(request):
    """The builds a test made (site_build.BUILDS), judged against its layer at teardown."""
    yield
    layer, built = layer_of(request.node.path), set(site_build.BUILDS)
    if wrong := built & BUILDS_NOT_IN_LAYER.get(layer, set()):
        pytest.fail(f"a {'/'.join(sorted(wrong))} site build in {layer}/: move the test", False)
    if (needed := BUILDS_NEEDED_IN_LAYER.get(layer)) and needed not in built:
        pytest.fail(f"no {needed} site build in {layer}/: move the test", False)
