"""The session's browser outlives a test that crashes it: the next test gets a new one."""

from __future__ import annotations

import psutil
import pytest

pytestmark = pytest.mark.browser


def chromium_processes() -> list[psutil.Process]:
    """The browsers the Playwright driver (a child of this process) has started."""
    return [
        browser
        for driver in psutil.Process().children()
        for browser in driver.children()
        if "chrom" in browser.name().lower()
    ]


def test_a_browser_that_died_is_relaunched(_chromium, browser):
    assert browser.new_context().close() is None
    killed = chromium_processes()
    assert killed, "no Chromium under the Playwright driver"
    for process in killed:
        process.kill()
    psutil.wait_procs(killed, timeout=10)

    again = _chromium.alive()

    assert again is not browser and again.is_connected()
    context = again.new_context()
    tab = context.new_page()
    tab.set_content("<p>alive</p>")
    assert tab.text_content("p") == "alive"
    context.close()
