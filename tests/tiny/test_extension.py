"""The event pipeline documented in ``_ext/workshop/extension.py`` is the one connected."""

from __future__ import annotations

import collections
import re
import shutil

from site_build import SITES, sphinx_app
from workshop import extension

EVENT = re.compile(r"^([a-z-]+)$")
PACKAGE = "workshop."
ROW = re.compile(r"^    (\d+)  ([\w.]+)\s+\S")


def documented() -> collections.Counter:
    """``(event, priority, module.function)`` of each row of the table, the module named from
    the package (``features.records.on_doctree_read``)."""
    rows, event = collections.Counter(), None
    for line in extension.__doc__.splitlines():
        if found := EVENT.match(line):
            event = found[1]
        elif found := ROW.match(line):
            rows[(event, int(found[1]), found[2])] += 1
    return rows


def handler_name(handler) -> str:
    """``module.function``, the module named from the package, as the table names it."""
    return f"{handler.__module__.removeprefix(PACKAGE)}.{handler.__name__}"


def connected(tmp_path) -> collections.Counter:
    """The same for every handler of this extension in an application set up on a tiny site."""
    src = tmp_path / "src"
    shutil.copytree(SITES / "minimal", src)
    with sphinx_app(src, tmp_path / "out") as app:
        return collections.Counter(
            (event, listener.priority, handler_name(listener.handler))
            for event, listeners in app.events.listeners.items()
            for listener in listeners
            if listener.handler.__module__.split(".")[0] == "workshop"
        )


def test_the_documented_event_pipeline_is_the_connected_one(tmp_path):
    table, actual = documented(), connected(tmp_path)
    assert table, "extension.py's docstring has no event table"
    assert not actual - table, f"connected, not in extension.py's table: {sorted(actual - table)}"
    assert not table - actual, f"in extension.py's table, not connected: {sorted(table - actual)}"
