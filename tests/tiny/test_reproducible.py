"""Reproducible builds: two clean builds with the same SOURCE_DATE_EPOCH are byte-identical (of
a tiny site that writes noise, here; of the real site: tests/scenarios/test_reproducible_site.py).

Every file counts: pages, searchindex.js, sitemap, and the generated .ics/.json/.bib/.xml. The
two builds run in their own processes with different hash seeds (set and dict orders),
different parallelism (-j 1 and -j 2: the extension is parallel-safe) and different
directories, so none of these can leak into the output.
Doctrees (environment pickles) are kept out of the output: they are not deployed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from html_checks import compare_trees
from site_build import SITES, two_clean_builds


@pytest.mark.slow
def test_a_build_that_writes_noise_is_caught(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(SITES / "minimal", srcdir)
    shutil.copytree(SITES / "gates-nondeterministic", srcdir, dirs_exist_ok=True)
    first, second = two_clean_builds(srcdir, tmp_path)
    assert [d.split(":")[0] for d in compare_trees(first, second)] == ["differs"]
    assert "noise.txt" in compare_trees(first, second)[0]


# -- the comparer ----------------------------------------------------------------------------------


def tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


def test_identical_trees_have_no_differences(tmp_path):
    files = {"index.html": b"<p>same</p>", "_static/x.js": b"1"}
    assert compare_trees(tree(tmp_path / "a", files), tree(tmp_path / "b", files)) == []


def test_the_comparer_names_each_difference(tmp_path):
    a = tree(tmp_path / "a", {"index.html": b"<p>built at 10:00</p>", "old.ics": b"x"})
    b = tree(tmp_path / "b", {"index.html": b"<p>built at 10:01</p>", "new.json": b"{}"})
    assert compare_trees(a, b) == [
        "only in the first build: old.ics",
        "only in the second build: new.json",
        "differs: index.html: at byte 16: b'<p>built at 10:00</p>' vs b'<p>built at 10:01</p>'",
    ]
