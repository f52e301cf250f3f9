"""Canaries that need a build (the table: ``_ext/workshop/compat/README.md``)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from compat_table import assert_listed
from site_build import SITES, build
from workshop.render.paper_list import _link

# A Sphinx project without the extension: one page gets a link to another made by Sphinx (the
# domain's page_link, a reference holding an inline, as every link of a page is made).
CONF = """
from docutils import nodes
from workshop.domain import page_link

def add_probe(app, doctree, docname):
    if docname == "index":
        doctree += nodes.paragraph(
            "", "", page_link(app.builder, docname, "other", "A <b> & 'c'"), ids=["probe"]
        )

def setup(app):
    app.connect("doctree-resolved", add_probe)
"""
PAGES = {"index.rst": "Home\n====\n\n.. toctree::\n\n   other\n", "other.rst": "Other\n=====\n"}


def shape(element: Tag) -> tuple:
    """An element as what a browser reads from it: name, attributes, text and children."""
    children = tuple(shape(child) for child in element.children if isinstance(child, Tag))
    attributes = {name: value for name, value in element.attrs.items()}
    return element.name, attributes, element.get_text(), children


@pytest.mark.parametrize("builder", ["dirhtml", "html"])
def test_paper_rows_write_internal_links_as_sphinx_does(tmp_path, builder):
    assert_listed("render/paper_list.py")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    for name, text in PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    built = build(src, tmp_path / "out", builder=builder)
    page = (built.outdir / "index.html").read_text(encoding="utf-8")
    by_sphinx = BeautifulSoup(page, "html5lib").find(id="probe").find("a")
    assert by_sphinx is not None and by_sphinx["href"] in ("other/", "other.html")
    ours = BeautifulSoup(_link(by_sphinx["href"], "A <b> & 'c'"), "html5lib").find("a")
    assert shape(ours) == shape(by_sphinx)


def test_the_on_this_page_box_is_decided_from_the_collected_toc_not_rendered_twice(
    tiny_site, monkeypatch
):
    """Where the box is the only item of the secondary sidebar, the page's table of contents
    decides it: the theme does not render it once more to see whether it is empty."""
    from workshop.security import CheckedTemplates

    rendered = []
    original = CheckedTemplates.render

    def render(self, template, context):
        rendered.append((template, context.get("pagename")))
        return original(self, template, context)

    monkeypatch.setattr(CheckedTemplates, "render", render)
    conf = (SITES / "minimal/conf.py").read_text(encoding="utf-8")
    conf += 'html_theme_options = {"secondary_sidebar_items": ["page-toc"]}\n'
    sections = "# Home\n\n## One\n\nText.\n\n## Two\n\nText.\n\n```{toctree}\nalone\n```\n"
    built = tiny_site(
        files={"conf.py": conf, "index.md": sections, "alone.md": "# Alone\n\nText.\n"}
    )
    # Pages that are not documents (search, genindex) have no collected TOC: the theme decides.
    assert not {page for template, page in rendered if template == "page-toc.html"} & {
        "index",
        "alone",
    }
    box = built.page("index").select("nav.page-toc a")
    assert [link.get_text(strip=True) for link in box] == ["One", "Two"]
    assert built.page("alone").select("nav.page-toc") == []
