"""The module map (_ext/workshop/README.md) lists every module of the extension, and only those,
each under a heading that names the folder it is in (`workshop/` for the top level)."""

from __future__ import annotations

import re

import pytest
from site_build import ROOT

PACKAGE = ROOT / "_ext" / "workshop"
MAP = PACKAGE / "README.md"
LISTED = re.compile(r"^\| `([\w/]+\.py)` \|", re.MULTILINE)
HEADING = re.compile(r"^## (.*)$")
FOLDER = re.compile(r"`([\w/]*/)`")  # a backticked folder in a heading: `model/`, `workshop/`
TOP_LEVEL = "workshop/"


def modules() -> set[str]:
    return {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" or path.parent == PACKAGE
    }


def listed(text: str) -> set[str]:
    return set(LISTED.findall(text))


def misfiled(text: str) -> list[str]:
    """Each module listed under a heading whose folder is not the module's own folder."""
    found, folder, heading = [], None, None
    for line in text.splitlines():
        if match := HEADING.match(line):
            heading = match[1]
            folders = FOLDER.findall(heading)
            folder = folders[0] if len(folders) == 1 else None
        elif match := LISTED.match(line):
            module = match[1]
            home = module.rpartition("/")[0] + "/" if "/" in module else TOP_LEVEL
            if folder is None:
                found.append(f"{module}: its heading {heading!r} names no single folder")
            elif not (home == folder or (folder != TOP_LEVEL and home.startswith(folder))):
                found.append(f"{module} is in {home}, listed under {heading!r}")
    return found


def test_every_module_is_on_the_map_and_every_entry_exists():
    text = MAP.read_text(encoding="utf-8")
    assert not modules() - listed(text), "modules missing from _ext/workshop/README.md"
    assert not listed(text) - modules(), "_ext/workshop/README.md lists modules that do not exist"


def test_every_module_is_listed_under_the_heading_of_its_folder():
    assert not misfiled(MAP.read_text(encoding="utf-8")), "\n".join(
        misfiled(MAP.read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize(
    ("module", "heading"),
    [
        ("chromium.py", "## Tools (`tools/`)"),  # a top-level module under a folder's heading
        ("tools/serve.py", "## Glue (top level: `workshop/`)"),
        ("model/fields.py", "## Features (`features/`)"),
        ("features/x.py", "## Helpers"),  # a heading that names no folder
    ],
)
def test_the_check_finds_a_module_under_the_wrong_heading(module, heading):
    text = f"{heading}\n| module | job |\n| --- | --- |\n| `{module}` | a job |\n"
    assert misfiled(text) and module in misfiled(text)[0]


def test_the_package_says_the_version_of_pyproject():
    import tomllib

    import workshop

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert workshop.__version__ == project["version"]
