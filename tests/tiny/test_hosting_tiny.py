"""Hosting on tiny sites: the site URL and its path, Read the Docs versions, the 404 page's assets,
redirects, the sitemap after incremental builds, and no process started for it."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import psutil
from html_checks import is_redirect, meta, soup
from site_build import BUILD_EPOCH, ROOT, SITES, build, sphinx_app
from workshop.formats.sitemap import SITEMAP_NS


def sitemap_locs(path: Path) -> list[ElementTree.Element]:
    return list(ElementTree.parse(path).getroot().iter(f"{{{SITEMAP_NS}}}loc"))


def test_redirects_refuse_pages_unknown_targets_and_missing_anchors(tiny_site):
    mapping = (
        "papers: people/index\n"  # line 1: papers/ is a page of the site
        "speakers: people/index#nobody\n"  # line 2: no such anchor
        "old-team: team/index\n"  # line 3: no such page
        "/absolute: index\n"  # line 4: not relative
        "team: people/index\n"  # line 5: valid
        "index.html: index\n"  # line 6: the home page itself
    )
    built = tiny_site(
        "contributing",
        files={"_data/redirects.yaml": mapping},
        allow_warnings=True,
    )
    lines = built.warning_lines()
    expected = {
        1: "'papers' is a page of this site",
        2: "has no anchor 'nobody'",
        3: "redirects to 'team/index', which is not a page of the site",
        4: "old path '/absolute' must be relative",
        6: "'index.html' is a page of this site",
    }
    for line, text in expected.items():
        assert any(
            f"_data/redirects.yaml:{line}:" in w and text in w and "[workshop.redirect]" in w
            for w in lines
        ), (line, lines)
    assert len(lines) == len(expected)
    assert is_redirect(built.outdir / "team/index.html")
    assert not is_redirect(built.outdir / "papers/index.html")
    assert not is_redirect(built.outdir / "index.html")
    assert not (built.outdir / "speakers").exists()


def test_a_site_without_redirects_file_builds_without_redirects(tiny_site):
    built = tiny_site("contributing")
    assert not any(is_redirect(p) for p in built.outdir.rglob("*.html"))


def test_site_url_with_a_path_drives_every_absolute_link(tiny_site):
    conf = (ROOT / "tests/sites/minimal/conf.py").read_text() + (
        '\nextensions += ["sphinxext.opengraph", "notfound.extension"]\n'
    )
    info = (ROOT / "tests/sites/minimal/_data/workshop.yaml").read_text()
    info += "site_url: https://example.org/wsl/\n"
    built = tiny_site(
        "contributing", files={"conf.py": conf, "_data/workshop.yaml": info}, parallel=2
    )
    assert built.page().find("link", rel="canonical")["href"] == "https://example.org/wsl/"
    locs = [loc.text for loc in sitemap_locs(built.outdir / "sitemap.xml")]
    pages = ["", "papers/", "papers/SAMPLE0001/", "people/", "people/jane-doe/"]
    assert {"https://example.org/wsl/" + page for page in pages} <= set(locs)
    assert locs == sorted(locs)
    assert meta(built.page(), property="og:url") == "https://example.org/wsl/"
    assert "https://example.org/wsl/" in locs
    not_found = soup(built.outdir / "404.html")
    stylesheets = [link["href"] for link in not_found.select("link[rel=stylesheet]")]
    assert stylesheets and all(href.startswith("/wsl/_static/") for href in stylesheets)
    assert (built.outdir / "robots.txt").read_text().splitlines()[-1] == (
        "Sitemap: https://example.org/wsl/sitemap.xml"
    )


def test_404_assets_follow_the_read_the_docs_version_path(tiny_site, monkeypatch):
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://wsl.readthedocs.io/en/pr-12/")
    conf = (ROOT / "tests/sites/minimal/conf.py").read_text()
    conf += '\nextensions += ["notfound.extension"]\n'
    info = (ROOT / "tests/sites/minimal/_data/workshop.yaml").read_text()
    info += "site_url: https://example.org/\n"
    built = tiny_site(files={"conf.py": conf, "_data/workshop.yaml": info})
    not_found = soup(built.outdir / "404.html")
    stylesheets = [link["href"] for link in not_found.select("link[rel=stylesheet]")]
    assert stylesheets and all(href.startswith("/en/pr-12/_static/") for href in stylesheets)
    # The canonical address stays the published site's.
    assert built.page().find("link", rel="canonical")["href"] == "https://example.org/"


def test_sitemap_stays_complete_after_incremental_builds(tiny_site):
    """Every page is listed whether this build wrote it again or not; the file is written
    again only when the list changes."""
    conf = (ROOT / "tests/sites/minimal/conf.py").read_text()
    # A list of its own: the theme appends to it (see test_incremental.py).
    conf += "templates_path = []\n"
    info = (ROOT / "tests/sites/minimal/_data/workshop.yaml").read_text()
    info += "site_url: https://example.org/\n"
    page = "---\norphan: true\n---\n\n# {title}\n\nFirst version.\n"
    files = {"conf.py": conf, "_data/workshop.yaml": info}
    files |= {f"{name}.md": page.format(title=name.title()) for name in ("about", "team", "old")}
    built = tiny_site(files=files)
    sitemap = built.outdir / "sitemap.xml"

    def listed() -> list[str]:
        return [loc.text.removeprefix("https://example.org/") for loc in sitemap_locs(sitemap)]

    everything = ["", "about/", "old/", "team/"]
    assert listed() == everything
    sitemap_written = sitemap.stat().st_mtime_ns
    build(built.srcdir, built.outdir, freshenv=False)  # nothing changed: nothing rewritten
    assert listed() == everything
    team_written = (built.outdir / "team/index.html").stat().st_mtime_ns
    about = built.srcdir / "about.md"
    about.write_text(about.read_text().replace("First", "Second"))
    build(built.srcdir, built.outdir, freshenv=False)  # only about/ is rewritten
    assert "Second version" in built.page("about").get_text()
    assert (built.outdir / "team/index.html").stat().st_mtime_ns == team_written
    assert listed() == everything
    assert sitemap.stat().st_mtime_ns == sitemap_written
    (built.srcdir / "old.md").unlink()
    build(built.srcdir, built.outdir, freshenv=False)
    assert listed() == ["", "about/", "team/"]


def test_missing_site_url_is_a_located_warning(tiny_site):
    conf = (ROOT / "tests/sites/minimal/conf.py").read_text()
    conf += '\nextensions += ["notfound.extension"]\n'
    built = tiny_site(files={"conf.py": conf}, allow_warnings=True)
    assert any(
        "_data/workshop.yaml:1" in line
        and "missing fact 'site_url'" in line
        and "no sitemap.xml" in line
        and "[workshop.info]" in line
        for line in built.warning_lines()
    )


def test_a_build_with_a_sitemap_starts_no_process(tmp_path, monkeypatch):
    """The sitemap is made from the environment at the end of the build: no process collects
    the pages while they are written (sphinx-sitemap 2.9 forked a multiprocessing manager at
    builder-inited, ~35 ms to start and stop, and made a round trip to it for every page)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    srcdir = tmp_path / "src"
    shutil.copytree(SITES / "minimal", srcdir)
    with (srcdir / "_data/workshop.yaml").open("a", encoding="utf-8") as info:
        info.write("site_url: https://example.org/\n")
    before = {child.pid for child in psutil.Process().children()}
    started: set[str] = set()

    def look(*args) -> None:
        for child in psutil.Process().children():
            if child.pid not in before:
                started.add(" ".join(child.cmdline())[:120])

    with sphinx_app(srcdir, tmp_path / "out") as app:
        look()  # after builder-inited
        app.connect("html-page-context", look)
        app.connect("build-finished", look, priority=0)
        app.build()
    assert (tmp_path / "out/sitemap.xml").is_file()
    assert started == set()


def test_opengraph_does_not_walk_a_page_whose_description_is_given(tiny_site, monkeypatch):
    """sphinxext-opengraph walks every page for a description, even one it is given: for record
    pages (and pages with their own description) the walk ends at the first text."""
    from sphinxext import opengraph
    from sphinxext.opengraph._description_parser import DescriptionParser

    page_nodes: dict[str, int] = {}
    visited: dict[str, int] = {}
    tags_of = opengraph.get_tags
    visit = DescriptionParser.dispatch_visit

    def get_tags(context, doctree, **kwargs):
        page_nodes[context["pagename"]] = sum(1 for _ in doctree.findall())
        visited[context["pagename"]] = 0
        return tags_of(context, doctree, **kwargs)

    def counted_visit(self, node):
        visited[next(reversed(visited))] += 1  # the page get_tags is on
        return visit(self, node)

    monkeypatch.setattr(opengraph, "get_tags", get_tags)
    monkeypatch.setattr(DescriptionParser, "dispatch_visit", counted_visit)
    conf = (ROOT / "tests/sites/minimal/conf.py").read_text()
    conf += '\nextensions += ["sphinxext.opengraph"]\n'
    info = (ROOT / "tests/sites/minimal/_data/workshop.yaml").read_text()
    info += "site_url: https://example.org/\n"
    built = tiny_site("contributing", files={"conf.py": conf, "_data/workshop.yaml": info})
    for record in ("papers/SAMPLE0001", "people/jane-doe"):
        page = built.page(record)
        assert meta(page, property="og:description") == meta(page, name="description")
    paper = "papers/SAMPLE0001"
    assert visited[paper] * 4 < page_nodes[paper], (visited, page_nodes)
