"""What a first visit downloads: no icon font, no search index outside search, nothing blocking.

The sizes and timings themselves are measured by `make bench` (benchmarks/README.md); these
tests pin the behaviour that keeps them low.
"""

from __future__ import annotations

import json
import os

import pytest
from docutils import nodes
from site_data import A_PAPER
from workshop.compat import theme_css
from workshop.compat.page_toc import has_sections
from workshop.compat.theme_css import STYLESHEET, UnexpectedCss, trim_unused_rules

SEARCH_ASSETS = ("searchindex.js", "searchtools.js", "language_data.js")


def pages(real_site):
    for path in sorted(real_site.outdir.rglob("*.html")):
        relative = path.relative_to(real_site.outdir)
        if relative.parts[0] != "_static":
            yield relative.parent.as_posix() if relative.name == "index.html" else relative.stem


def test_search_scripts_and_index_load_only_on_the_search_page(real_site):
    for docname in pages(real_site):
        page = real_site.page(docname if docname != "." else "index")
        sources = [script["src"] for script in page.select("script[src]")]
        loaded = [name for name in SEARCH_ASSETS if any(name in src for src in sources)]
        assert loaded == (list(SEARCH_ASSETS) if docname == "search" else []), docname


def test_no_script_blocks_the_first_paint(real_site):
    for docname in ["index", "papers/index", f"papers/{A_PAPER}", "program/index", "cfp/index"]:
        head = real_site.page(docname).head
        for script in head.select("script"):
            if script.get("src"):
                assert script.has_attr("defer") or script.has_attr("async"), script
            elif "dataset.mode" not in script.text:  # the colour-mode switch must run first
                assert script.get("type") == "module", script


def test_no_page_loads_the_icon_font_script(real_site):
    for docname in pages(real_site):
        page = real_site.page(docname if docname != "." else "index")
        assert not page.select('script[src*="fontawesome"]'), docname


def test_theme_stylesheet_keeps_only_rules_the_site_can_match(real_site):
    css = (real_site.outdir / STYLESHEET).read_text(encoding="utf-8")
    assert ".fa-rocket{" not in css  # an icon no page names
    assert ".spinner-border" not in css  # a Bootstrap component no page uses
    assert ".dropdown-menu" in css  # the colour-mode menu
    assert ".bs-tooltip-auto" in css  # composed by Bootstrap's script at run time
    assert "@font-face" in css  # an icon named in content would still render


def test_design_stylesheet_keeps_the_rules_of_the_components_pages_use(real_site):
    name = next(path for path in theme_css.STYLESHEETS if "sphinx-design" in path)
    css = (real_site.outdir / name).read_text(encoding="utf-8")
    used = theme_css.classes_in_use(real_site.outdir)
    shipped = set(theme_css.SELECTOR_CLASS.findall(sd_stylesheet()))
    kept = set(theme_css.SELECTOR_CLASS.findall(css))
    assert {c for c in shipped & used if c.startswith("sd-")} <= kept
    # The site uses a few cards and grids of the dozens of components.
    assert len(css) < len(sd_stylesheet()) / 2


def sd_stylesheet() -> str:
    from sphinx_design.extension import STATIC_DIR

    return (STATIC_DIR / "sphinx-design.min.css").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("css", "used", "expected"),
    [
        (".a{x:1}.b{x:2}", {"a"}, ".a{x:1}"),
        (".a,.b .c{x:1}", {"a"}, ".a{x:1}"),  # one selector of a group
        (".b:not(.c){x:1}", set(), ".b:not(.c){x:1}"),  # functional pseudo-classes stay
        ('a[href$=".pdf"]{x:1}', set(), 'a[href$=".pdf"]{x:1}'),  # no class in there
        ("@media (min-width:1px){.a{x:1}.b{x:2}}", {"a"}, "@media (min-width:1px){.a{x:1}}"),
        ("@media print{.b{x:2}}.a{x:1}", {"a"}, ".a{x:1}"),  # emptied groups go
        (
            "@keyframes k{0%{x:1}}.bs-tooltip-auto{x:1}",
            set(),
            "@keyframes k{0%{x:1}}.bs-tooltip-auto{x:1}",
        ),
        ('/*! licence */.b{content:"}"}', set(), "/*! licence */"),
    ],
)
def test_trimming_removes_only_rules_that_cannot_match(css, used, expected):
    assert trim_unused_rules(css, used) == expected


def test_a_stylesheet_it_cannot_read_is_refused():
    with pytest.raises(UnexpectedCss):
        trim_unused_rules(".a{x:1", set())


def test_on_this_page_box_only_where_the_page_has_sections(real_site):
    # Skipped without the theme's BeautifulSoup pass on pages with nothing below the title.
    for docname, has_box in [
        (f"papers/{A_PAPER}", False),
        ("people/konstantin-schurholt", False),
        ("program/index", True),
        ("cfp/index", True),
    ]:
        page = real_site.page(docname)
        assert bool(page.select("#pst-secondary-sidebar nav.page-toc")) == has_box, docname
        # No right rail at all without a box: the edit link is under the article.
        assert bool(page.select("#pst-secondary-sidebar")) == has_box, docname
        assert page.select(".bd-article-container .editthispage"), docname


def test_page_toc_is_skipped_as_the_theme_would_drop_it():
    def item(*children):
        return nodes.list_item("", nodes.paragraph("", "heading"), *children)

    assert not has_sections(nodes.bullet_list("", item()))  # a title alone
    assert has_sections(nodes.bullet_list("", item(nodes.bullet_list("", item()))))
    assert has_sections(nodes.bullet_list("", item(), item()))  # several top-level headings


def test_the_trimmed_stylesheet_is_reused_only_for_the_same_input(tmp_path, monkeypatch):
    css, cache = ".a{color:red}.b{color:blue}", tmp_path / theme_css.TRIMMED_CACHE
    assert theme_css.trimmed_stylesheet(css, {"a"}, cache) == ".a{color:red}"

    def must_not_trim(css, used):
        raise AssertionError("trimmed again for the same stylesheet and classes")

    monkeypatch.setattr(theme_css, "trim_unused_rules", must_not_trim)
    assert theme_css.trimmed_stylesheet(css, {"a"}, cache) == ".a{color:red}"
    monkeypatch.undo()
    assert theme_css.trimmed_stylesheet(css, {"a", "b"}, cache) == css
    assert theme_css.trimmed_stylesheet(css + ".c{}", {"a"}, cache) == ".a{color:red}"


def test_page_classes_are_read_again_only_from_changed_pages(tmp_path):
    outdir, cache = tmp_path / "html", tmp_path / theme_css.CLASSES_CACHE
    (outdir / "a").mkdir(parents=True)
    first, second = outdir / "index.html", outdir / "a" / "index.html"
    first.write_text('<p class="one two">x</p>')
    second.write_text('<p class="three">x</p>')
    assert theme_css.classes_in_use(outdir, cache) == {"one", "two", "three"}
    # Same size and time: not read again (the cached classes stand).
    stat = first.stat()
    first.write_text('<p class="uno dos">x</p>')
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert theme_css.classes_in_use(outdir, cache) == {"one", "two", "three"}
    second.write_text('<p class="three four">x</p>')  # changed: read again
    assert theme_css.classes_in_use(outdir, cache) == {"one", "two", "three", "four"}
    first.unlink()  # gone: its classes too
    assert theme_css.classes_in_use(outdir, cache) == {"three", "four"}
    assert theme_css.classes_in_use(outdir) == {"three", "four"}


@pytest.mark.parametrize(
    "stale",
    [
        {"index.html": "SAME", "other.html": "SAME"},  # the shape of an older cache
        {"sets": [["stale"]], "pages": {"index.html": "SAME:7"}},  # an index out of range
        ["not", "a", "mapping"],
    ],
)
def test_a_page_classes_cache_of_another_shape_is_made_again(tmp_path, stale):
    outdir, cache = tmp_path / "html", tmp_path / theme_css.CLASSES_CACHE
    outdir.mkdir()
    page = outdir / "index.html"
    page.write_text('<p class="one">x</p>')
    stat = page.stat()
    same = [stat.st_mtime_ns, stat.st_size]
    text = json.dumps(stale).replace('"SAME"', json.dumps([*same, ["stale"]]))
    cache.write_text(text.replace('"SAME:7"', json.dumps([*same, 7])))
    assert theme_css.classes_in_use(outdir, cache) == {"one"}
    assert theme_css.classes_in_use(outdir, cache) == {"one"}  # and from the cache made again
