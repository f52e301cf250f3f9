"""Citations on tiny sites: a paper full of special characters, end to end (page, meta tags,
papers.bib, papers.json), and no exports from builders other than HTML."""

from __future__ import annotations

import json
import shutil

import pytest
from site_build import BUILD_EPOCH, SITES, build
from site_data import front_matter, parse_bib

# -- a paper full of special characters, end to end -----------------------------------------


TRICKY_PAPER = """---
title: "Weights & <b>Biases</b>: $\\\\mathcal{O}(n^2)$ for \\"Zoos\\", 100% #1 {sic"
authors:
  - Zoë O'Brien-Łukasz
  - "Ada <script>alert(1)</script> Lovelace"
openreview: AbCdEf1234
presentation: poster
poster_session: 2
links:
  pdf: https://example.org/paper.pdf?a=1&b=2
topics: [applications]
---
"""


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    """The collections test site, its paper replaced by one full of special characters."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    root = tmp_path_factory.mktemp("tricky")
    src = root / "src"
    shutil.copytree(SITES / "minimal", src)
    shutil.copytree(SITES / "collections", src, dirs_exist_ok=True)
    (src / "papers/AbCdEf1234.md").write_text(TRICKY_PAPER, encoding="utf-8")
    try:
        yield build(src, root / "out"), build(src, root / "again")
    finally:
        mp.undo()


def test_special_characters_are_escaped_everywhere(tricky_site):
    built, _ = tricky_site
    record = front_matter(built.srcdir / "papers/AbCdEf1234.md")
    page = built.page("papers/AbCdEf1234")
    assert page.find("h1").get_text().rstrip("#") == record["title"]
    assert not page.select("main b, main script")  # shown as text, never as markup
    meta = [(m["name"], m["content"]) for m in page.head.select("meta[name^=citation_]")]
    assert [v for n, v in meta if n == "citation_author"] == record["authors"]
    assert dict(meta)["citation_title"] == record["title"]
    assert dict(meta)["citation_pdf_url"] == "https://example.org/paper.pdf?a=1&b=2"
    raw_bib = (built.outdir / "papers.bib").read_text(encoding="utf-8")
    assert r"$\mathcal{O}(n^2)$" in raw_bib and r"100\% \#1 \{sic" in raw_bib
    (entry,) = parse_bib(raw_bib).entries
    assert entry["title"] == record["title"]
    assert entry["author"].split(" and ") == record["authors"]
    assert entry["url"] == "https://openreview.net/forum?id=AbCdEf1234"
    exported = json.loads((built.outdir / "papers.json").read_text(encoding="utf-8"))
    assert exported["papers"][0]["title"] == record["title"]


def test_exports_are_identical_across_builds(tricky_site):
    first, second = tricky_site
    for name in ("papers.bib", "papers.json"):
        assert (first.outdir / name).read_bytes() == (second.outdir / name).read_bytes()


def test_no_exports_from_non_html_builders(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    src = tmp_path / "src"
    shutil.copytree(SITES / "minimal", src)
    shutil.copytree(SITES / "collections", src, dirs_exist_ok=True)
    built = build(src, tmp_path / "text", builder="text")
    assert not (built.outdir / "papers.bib").exists()
    assert "@inproceedings{lovelace" in (built.outdir / "papers/AbCdEf1234.txt").read_text()
