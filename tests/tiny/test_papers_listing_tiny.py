"""The papers listing on pages of two, without JavaScript and in the text builder, and the extra
pages rewritten only with the list (site_data.PAGED: five papers)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin

import site_data
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


def test_the_extra_pages_and_data_file_are_written_again_only_with_the_list(tiny_site):
    # templates_path of its own: see CONF in test_incremental.py (in-process rebuilds).
    conf = (SITES / "minimal" / "conf.py").read_text(encoding="utf-8") + "templates_path = []\n"
    built = tiny_site("collections", files={**PAGED, "conf.py": conf})
    outputs = [built.outdir / "papers/page/2/index.html", built.outdir / "papers/index-rows.json"]

    def rebuild(name: str, old: str, new: str) -> list[int]:
        times = [output.stat().st_mtime_ns for output in outputs]
        source = built.srcdir / name
        source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        build(built.srcdir, built.outdir, freshenv=False)
        return [t != o.stat().st_mtime_ns for t, o in zip(times, outputs, strict=True)]

    assert rebuild("index.md", "Talk by", "A talk by") == [False, False]
    assert rebuild("papers/Paged00003.md", "Paper 3", "Paper 3, revised") == [True, True]
    assert "Paper 3, revised" in outputs[0].read_text(encoding="utf-8")
    assert "Paper 3, revised" in outputs[1].read_text(encoding="utf-8")
