"""What the build writes, as reviewable files: fragments of the pages and every export.

A tiny site (``tests/sites/program`` with a ``{paper-filter}`` papers page) is built once at the
tests' build date; each fragment or export is compared with its expected file in
``tests/tiny/snapshots/`` (pytest-regressions' ``file_regression``, as pydata-sphinx-theme and
sphinx-design do). A change of markup or of an export shows as a diff of those files.

After an intended change, regenerate them all with one command (CONTRIBUTING.md):
``make snapshots`` (``pytest tests/tiny/test_snapshots.py --regen-all``), and review the diff.

Build noise is stripped: HTML fragments are re-indented by one parser (``prettify``), exports
get "\\n" line ends (iCalendar's are "\\r\\n"; tests/unit/test_formats.py checks those) and
JSON is indented.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_build import BUILD_EPOCH, SITES, Built, build

SNAPSHOTS = Path(__file__).parent / "snapshots"
PAPERS_PAGE = "# Papers\n\n```{paper-filter}\n```\n\n```{toctree}\n:hidden:\n:glob:\n\n*\n```\n"
DATA_SUFFIXES = {".ics", ".json", ".xml", ".bib"}

# name -> (page, CSS selector of the fragment: its first match)
FRAGMENTS = {
    "paper-row": ("papers/index", "li.wsl-paper"),
    "paper-filter-form": ("papers/index", "form.wsl-paper-filter"),
    "paper-header": ("papers/AbCdEf1234", ".wsl-paper-header"),
    "person-card": ("people/index", ".wsl-person-card"),
    "program-table": ("program/index", "table.wsl-schedule"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        src = tmp_path_factory.mktemp("snapshots") / "src"
        shutil.copytree(SITES / "minimal", src)
        shutil.copytree(SITES / "program", src, dirs_exist_ok=True)
        (src / "papers/index.md").write_text(PAPERS_PAGE, encoding="utf-8")
        return build(src, src.parent / "out")


def published(outdir: Path) -> dict[str, Path]:
    """Snapshot name -> every data file the build publishes; of a file per part, the first."""
    files = sorted(
        path
        for path in outdir.rglob("*")
        if path.suffix in DATA_SUFFIXES and "_static" not in path.relative_to(outdir).parts
    )
    by_name: dict[str, Path] = {}
    for path in files:
        relative = path.relative_to(outdir)
        folder = relative.parent.as_posix()
        if folder.endswith("/calendar") and any(p.parent == path.parent for p in by_name.values()):
            continue  # one slot's calendar stands for all (same code, another slot)
        by_name["export-" + relative.as_posix().replace("/", "-")] = path
    return by_name


def readable(path: Path) -> str:
    """An export as text to review: "\n" line ends; JSON indented (one value a line)."""
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    if path.suffix == ".json":
        text = json.dumps(json.loads(text), indent=1, ensure_ascii=False)
    return text


def fragment(built: Built, page: str, selector: str) -> str:
    found = built.page(page).select_one(selector)
    assert found is not None, f"{page}: nothing matches {selector!r}"
    return BeautifulSoup(str(found), "html.parser").prettify()


def check(file_regression, name: str, text: str) -> None:
    if not text.endswith("\n"):
        text += "\n"
    file_regression.check(text, fullpath=SNAPSHOTS / name, encoding="utf-8", newline="\n")


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_a_fragment_of_a_page_is_its_snapshot(site, file_regression, name):
    page, selector = FRAGMENTS[name]
    check(file_regression, f"{name}.html", fragment(site, page, selector))


def regenerating(request) -> bool:
    return bool(request.config.getoption("regen_all") or request.config.getoption("force_regen"))


def test_every_export_is_its_snapshot(site, file_regression, request):
    exports = published(site.outdir)
    stale = {path.name: path for path in SNAPSHOTS.glob("export-*")}.keys() - exports.keys()
    if regenerating(request):
        for name in stale:
            (SNAPSHOTS / name).unlink()
    else:
        assert not stale, f"not written any more: {sorted(stale)}; make snapshots"
    failed = []
    for name, path in sorted(exports.items()):
        text = readable(path)
        try:
            check(file_regression, name, text)
        except (AssertionError, pytest.fail.Exception) as difference:  # all diffs, not the first
            failed.append(str(difference))
    assert not failed, "\n\n".join(failed)
