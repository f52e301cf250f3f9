"""The papers listing on pages of two, without JavaScript and in the text builder, and each extra
page rewritten only when what it shows changes (site_data.PAGED: five papers)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin

import site_data
from html_checks import compare_trees
from site_build import SITES, build
from site_data import PAGED


def test_without_javascript_the_pages_of_the_list_hold_every_paper_once(tiny_site):
    built = tiny_site("collections", files=PAGED)
    stems = set(site_data.papers(built.srcdir))
    first = built.page("papers/index")
    pages = [first, built.page("papers/page/2"), built.page("papers/page/3")]
    listed = Counter(row["data-id"] for page in pages for row in page.select("li.wsl-paper"))
    assert listed == Counter(stems)
    assert [len(page.select("li.wsl-paper")) for page in pages] == [2, 2, 1]
    nav = [a["href"] for a in first.select("nav.wsl-pages a")]
    assert [urljoin("/papers/", href) for href in nav] == ["/papers/page/2/", "/papers/page/3/"]
    back = built.page("papers/page/3").select_one("nav.wsl-pages a")
    assert urljoin("/papers/page/3/", back["href"]) == "/papers/"
    for page, base in zip(pages, ["/papers/", "/papers/page/2/", "/papers/page/3/"], strict=True):
        for row in page.select("li.wsl-paper"):
            link = urljoin(base, row.select_one(".wsl-paper-title a")["href"])
            assert link == f"/papers/{row['data-id']}/"
    assert not (built.outdir / "papers/page/4").exists()


def test_the_text_builder_shows_every_paper_of_the_paged_list(tiny_site):
    built = tiny_site("collections", files=PAGED, builder="text")
    listing = (built.outdir / "papers/index.txt").read_text(encoding="utf-8")
    for record in site_data.papers(built.srcdir).values():
        assert f"* {record['title']}" in listing


# templates_path of its own: see CONF in test_incremental.py (in-process rebuilds).
REBUILT_CONF = (SITES / "minimal" / "conf.py").read_text(encoding="utf-8") + (
    "templates_path = []\n"
)
# A site address, so a sitemap: it must list the extra pages that a rebuild did not write again,
# and no longer list one that is gone.
FACTS = (SITES / "minimal" / "_data" / "workshop.yaml").read_text(encoding="utf-8")
WITH_SITE_URL = {"_data/workshop.yaml": FACTS + "site_url: https://example.org/\n"}


def test_an_edit_rewrites_only_the_extra_pages_that_show_it_as_a_fresh_build_would(tiny_site):
    built = tiny_site("collections", files={**PAGED, **WITH_SITE_URL, "conf.py": REBUILT_CONF})
    names = ["papers/page/2/index.html", "papers/page/3/index.html", "papers/index-rows.json"]
    outputs = [built.outdir / name for name in names]

    def rebuild(name: str, old: str, new: str) -> list[bool]:
        times = [output.stat().st_mtime_ns for output in outputs]
        source = built.srcdir / name
        source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        build(built.srcdir, built.outdir, freshenv=False)
        fresh = build(built.srcdir, built.outdir.with_name("fresh"))
        assert compare_trees(built.outdir, fresh.outdir) == []
        return [t != o.stat().st_mtime_ns for t, o in zip(times, outputs, strict=True)]

    assert rebuild("index.md", "Talk by", "A talk by") == [False, False, False]
    assert "/papers/page/3/" in (built.outdir / "sitemap.xml").read_text(encoding="utf-8")
    # "Paper 3" is on page 2 (by title, two a page): page 3 shows nothing that changed.
    assert rebuild("papers/Paged00003.md", "Paper 3", "Paper 3, revised") == [True, False, True]
    assert "Paper 3, revised" in outputs[0].read_text(encoding="utf-8")
    assert "Paper 3, revised" in outputs[2].read_text(encoding="utf-8")
    # A title that moves the first paper last moves every row: every page changes.
    assert rebuild("papers/Paged00001.md", "Paper 1", "Zz Paper 1") == [True, True, True]
    # A page file gone (a folder cleaned by hand) is written again, unchanged or not.
    outputs[1].unlink()
    build(built.srcdir, built.outdir, freshenv=False)
    assert outputs[1].exists()


def test_an_extra_page_no_longer_needed_is_removed(tiny_site):
    built = tiny_site("collections", files={**PAGED, **WITH_SITE_URL, "conf.py": REBUILT_CONF})
    assert "/papers/page/3/" in (built.outdir / "sitemap.xml").read_text(encoding="utf-8")
    (built.srcdir / "papers/Paged00004.md").unlink()
    build(built.srcdir, built.outdir, freshenv=False)
    assert (built.outdir / "papers/page/2/index.html").exists()
    assert not (built.outdir / "papers/page/3/index.html").exists()
    sitemap = (built.outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert "/papers/page/2/" in sitemap and "/papers/page/3/" not in sitemap
    fresh = build(built.srcdir, built.outdir.with_name("fresh"))
    # Sphinx leaves the removed paper's own page behind: the list's files are compared.
    assert compare_trees(built.outdir / "papers/page", fresh.outdir / "papers/page") == []
    rows = "papers/index-rows.json"
    assert (built.outdir / rows).read_bytes() == (fresh.outdir / rows).read_bytes()
