"""The module map (_ext/workshop/README.md) lists every module of the extension, and only those."""

from __future__ import annotations

import re

from site_build import ROOT

PACKAGE = ROOT / "_ext" / "workshop"
LISTED = re.compile(r"^\| `([\w/]+\.py)` \|", re.MULTILINE)


def modules() -> set[str]:
    return {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" or path.parent == PACKAGE
    }


def listed() -> set[str]:
    return set(LISTED.findall((PACKAGE / "README.md").read_text(encoding="utf-8")))


def test_every_module_is_on_the_map_and_every_entry_exists():
    assert not modules() - listed(), "modules missing from _ext/workshop/README.md"
    assert not listed() - modules(), "_ext/workshop/README.md lists modules that do not exist"
