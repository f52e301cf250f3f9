"""A row of a paper list made once (``RowMarkup``) writes on any page what ``row_html`` writes
for that page: the papers page's extra pages and data file are made from it (no build)."""

from __future__ import annotations

import pytest
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder
from workshop.model.records import Paper, Person, fold
from workshop.render.paper_list import paper_entry, row_html, row_markup


def make_builder(name: str):
    cls = {"dirhtml": DirectoryHTMLBuilder, "html": StandaloneHTMLBuilder}[name]
    builder = object.__new__(cls)  # URIs need no application: only the link suffix
    builder.link_suffix = ".html"
    return builder


PERSON = Person(
    id="ada-lovelace",
    docname="people/ada-lovelace",
    name="Ada Lovelace",
    roles=["organizer"],
    affiliation="Analytical Engines",
    homepage="https://example.org/ada",
)
PAPERS = [
    Paper(  # authors with and without a page, around the one with a page
        id="Row0000001",
        docname="papers/Row0000001",
        title='Weights & "biases" <of> nets',
        authors=["Bea Nobody", "Ada Lovelace", "Cy Nobody"],
        presentation="poster",
        poster_session=1,
        topics=["applications"],
        links={"code": "https://example.org/code?a=1&b=2"},
    ),
    Paper(  # the author with a page first, alone
        id="Row0000002",
        docname="papers/Row0000002",
        title="A second paper",
        authors=["Ada Lovelace"],
        openreview="Row0000002",
        presentation="spotlight",
        poster_session=2,
        topics=["applications"],
    ),
]
# The pages a row can be on: the list, its extra pages, the root, a paper's own page and its
# author's (a link to the page itself is written as its text), a deeper page.
PAGES = [
    "papers/index",
    "papers/page/2",
    "index",
    "papers/Row0000001",
    "people/ada-lovelace",
    "a/b/index",
]


@pytest.mark.parametrize("builder_name", ["dirhtml", "html"])
def test_a_row_made_once_is_the_row_of_every_page(builder_name):
    builder = make_builder(builder_name)
    by_name = {fold(PERSON.name): PERSON}
    for paper in PAPERS:
        bibtex = f"@inproceedings{{{paper.id},\n  title = {{{paper.title}}}\n}}"
        once = row_markup(builder, paper, by_name, bibtex=bibtex)
        for page in PAGES:
            expected = row_html(paper_entry(builder, page, paper, by_name, bibtex=bibtex))
            assert once.on_page(builder.get_target_uri(page)) == expected, (paper.id, page)
