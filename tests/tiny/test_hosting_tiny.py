"""Hosting on tiny sites: the site URL and its path, Read the Docs versions, the 404 page's assets,
redirects and the sitemap after incremental builds."""

from __future__ import annotations

import multiprocessing
import re

from html_checks import is_redirect, meta, soup
from site_build import ROOT, build


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
        '\nextensions += ["sphinx_sitemap", "sphinxext.opengraph", "notfound.extension"]\n'
        'sitemap_url_scheme = "{link}"\n'
    )
    info = (ROOT / "tests/sites/minimal/_data/workshop.yaml").read_text()
    info += "site_url: https://example.org/wsl/\n"
    built = tiny_site(
        "contributing", files={"conf.py": conf, "_data/workshop.yaml": info}, parallel=2
    )
    assert built.page().find("link", rel="canonical")["href"] == "https://example.org/wsl/"
    locs = re.findall(r"<loc>([^<]*)</loc>", (built.outdir / "sitemap.xml").read_text())
    pages = ["", "papers/", "papers/SAMPLE0001/", "people/", "people/jane-doe/"]
    assert {"https://example.org/wsl/" + page for page in pages} <= set(locs)
    assert locs == sorted(locs)
    assert meta(built.page(), property="og:url") == "https://example.org/wsl/"
    assert "<loc>https://example.org/wsl/</loc>" in (built.outdir / "sitemap.xml").read_text()
    not_found = soup(built.outdir / "404.html")
    stylesheets = [link["href"] for link in not_found.select("link[rel=stylesheet]")]
    assert stylesheets and all(href.startswith("/wsl/_static/") for href in stylesheets)
    # sphinx-sitemap's collecting process is stopped once the sitemap is written.
    assert multiprocessing.active_children() == []


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
    conf = (ROOT / "tests/sites/minimal/conf.py").read_text()
    conf += '\nextensions += ["sphinx_sitemap"]\nsitemap_url_scheme = "{link}"\n'
    conf += 'sitemap_excludes = ["search/", "genindex/"]\n'
    # A list of its own: the theme appends to it (see test_incremental.py).
    conf += "templates_path = []\n"
    info = (ROOT / "tests/sites/minimal/_data/workshop.yaml").read_text()
    info += "site_url: https://example.org/\n"
    page = "---\norphan: true\n---\n\n# {title}\n\nFirst version.\n"
    files = {"conf.py": conf, "_data/workshop.yaml": info}
    files |= {f"{name}.md": page.format(title=name.title()) for name in ("about", "team", "old")}
    built = tiny_site(files=files)

    def listed() -> list[str]:
        text = (built.outdir / "sitemap.xml").read_text()
        return [
            url.removeprefix("https://example.org/") for url in re.findall("<loc>([^<]*)<", text)
        ]

    everything = ["", "about/", "old/", "team/"]
    assert listed() == everything
    build(built.srcdir, built.outdir, freshenv=False)  # nothing changed: nothing rewritten
    assert listed() == everything
    team_written = (built.outdir / "team/index.html").stat().st_mtime_ns
    about = built.srcdir / "about.md"
    about.write_text(about.read_text().replace("First", "Second"))
    build(built.srcdir, built.outdir, freshenv=False)  # only about/ is rewritten
    assert "Second version" in built.page("about").get_text()
    assert (built.outdir / "team/index.html").stat().st_mtime_ns == team_written
    assert listed() == everything
    (built.srcdir / "old.md").unlink()
    build(built.srcdir, built.outdir, freshenv=False)
    assert listed() == ["", "about/", "team/"]


def test_missing_site_url_is_a_located_warning(tiny_site):
    conf = (ROOT / "tests/sites/minimal/conf.py").read_text()
    conf += '\nextensions += ["sphinx_sitemap"]\n'
    built = tiny_site(files={"conf.py": conf}, allow_warnings=True)
    assert any(
        "_data/workshop.yaml:1" in line
        and "missing fact 'site_url'" in line
        and "[workshop.info]" in line
        for line in built.warning_lines()
    )


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
