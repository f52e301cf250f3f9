"""The real site, built twice from clean in child processes (other hash seeds, -j 1 and -j 2,
other folders), is byte-identical: pages, searchindex.js, sitemap, and every export."""

from __future__ import annotations

import pytest
from html_checks import compare_trees
from site_build import ROOT, two_clean_builds


@pytest.mark.slow
def test_two_builds_of_the_site_are_identical(tmp_path):
    first, second = two_clean_builds(ROOT, tmp_path)
    suffixes = {path.suffix for path in first.rglob("*") if path.is_file()}
    assert {".html", ".js"} <= suffixes
    differences = compare_trees(first, second)
    assert differences == [], "\n".join(differences)
