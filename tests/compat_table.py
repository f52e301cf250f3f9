"""The table of ``_ext/workshop/compat/README.md``: its rows, what makes one untrue, and the
version a canary of a reliance outside ``compat/`` checks (tests/unit/test_compat.py)."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import re
from pathlib import Path

from site_build import ROOT


def assert_version(package: str, version: str, where: str) -> None:
    installed = importlib.metadata.version(package)
    assert installed == version, (
        f"{package} {installed} is installed, {where} was checked against {version}: check what "
        f"it relies on (_ext/workshop/compat/README.md), then update the version there"
    )


COMPAT = ROOT / "_ext/workshop/compat"
TABLE = COMPAT / "README.md"
CANARY_FILES = [ROOT / "tests/unit/test_compat.py", ROOT / "tests/tiny/test_compat_tiny.py"]
CHECKED = re.compile(r"Checked against (?P<package>[\w.-]+) (?P<version>[\w.]+)")
CODE = re.compile(r"`([^`]+)`")


# -- the table of compat/README.md ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Row:
    package: str
    version: str
    where: str  # a file or folder, from _ext/workshop/ or from the repository's root
    uses: tuple[str, ...]  # names the file must still contain: the reliance itself
    canary: str


def table_rows(text: str) -> list[Row]:
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("package", "---"):
            continue
        rows.append(
            Row(
                package=cells[0],
                version=cells[1],
                where=CODE.findall(cells[3])[0],
                uses=tuple(CODE.findall(cells[4])),
                canary=CODE.findall(cells[5])[0],
            )
        )
    return rows


def located(where: str, root: Path = ROOT) -> Path:
    package = root / "_ext/workshop" / where
    return package if package.exists() else root / where


def texts(path: Path) -> list[str]:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return [file.read_text(encoding="utf-8") for file in files]


def table_problems(text: str, *, root: Path = ROOT, canaries: str = "") -> list[str]:
    """What is untrue in the table: a file that is gone, a reliance it no longer has, a canary
    that does not exist, a compat/ module without a row, a version its module does not say."""
    problems = []
    rows = table_rows(text)
    for row in rows:
        path = located(row.where, root)
        if not path.exists():
            problems.append(f"{row.where}: no such file")
            continue
        for name in row.uses:
            if not any(name in content for content in texts(path)):
                problems.append(f"{row.where} no longer contains {name!r}: is the reliance gone?")
        if f"def {row.canary}(" not in canaries:
            problems.append(f"{row.where}: its canary {row.canary} does not exist")
        declared = CHECKED.findall(path.read_text(encoding="utf-8")) if path.is_file() else []
        if row.where.startswith("compat/") and (row.package, row.version) not in declared:
            problems.append(f"{row.where}: no 'Checked against {row.package} {row.version}'")
    listed = {row.where for row in rows}
    for module in sorted((root / "_ext/workshop/compat").glob("*.py")):
        if module.name != "__init__.py" and f"compat/{module.name}" not in listed:
            problems.append(f"compat/{module.name} has no row")
    return problems


def row_for(where: str, package: str | None = None) -> Row:
    return next(
        row
        for row in table_rows(TABLE.read_text(encoding="utf-8"))
        if row.where == where and package in (None, row.package)
    )


def assert_listed(where: str, package: str | None = None) -> None:
    """The installed version is the table's, for a reliance outside compat/ (``package``: of
    the row for that package, where a file has several)."""
    row = row_for(where, package)
    assert_version(row.package, row.version, where)


def canary_sources() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in CANARY_FILES if path.exists())
