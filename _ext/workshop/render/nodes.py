"""Every docutils node of the extension, and the one way they are registered with Sphinx.

One idiom for markup: docutils nodes, written by HTML visitors (text HTML, where no node can
hold it, is made by ``render/markup.py``). Escaping then happens in one
place (the translator's ``encode``/``attval``), every builder gets a fallback (text, LaTeX, man,
Texinfo), and nothing is rewritten after it is written. :func:`register` is the only place that
gives a node its visitors.

Three families:

- markup nodes (``element``, ``paper_list``, ``link_list``, ``paper_filter_form``,
  ``paper_pages``, ``prerendered``): an HTML
  visitor, and a fallback for other builders that shows their children (or nothing, for a form);
- placeholders (``pending_author``, ``topic_link``, ``backlinks``, ``listing``,
  ``news_listing``, ``export_links``, ``pending_export``, ``schedule_placeholder``,
  ``calendar_links_placeholder``, ``agenda_placeholder``): left at read time and replaced at
  ``doctree-resolved`` for every builder, so no writer ever sees one;
- search-only nodes (``search_terms``, ``search_heading``): read by the search indexer, rendered
  by no builder.
"""

from __future__ import annotations

import typing as t

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

Visitors = tuple[t.Callable[..., None], t.Callable[..., None] | None]
N = t.TypeVar("N", bound=nodes.Element)


def as_written(node: N) -> N:
    """A node holding text of a data file, shown as written: Sphinx's smart quotes would curl
    its quotes in a directive's output and not where a record shows the same text."""
    node["support_smartquotes"] = False
    return node


def _pass(self, node: nodes.Node) -> None:
    pass


def _skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


CHILDREN: Visitors = (_pass, _pass)  # render what the node holds, without markup of its own
NOTHING: Visitors = (_skip, None)  # render neither the node nor its children
OTHER_BUILDERS = ("latex", "man", "texinfo")


def register(
    app: Sphinx,
    node: type[nodes.Element],
    *,
    html: Visitors | None = None,
    text: Visitors | None = None,
    elsewhere: Visitors = CHILDREN,
) -> None:
    """Give ``node`` visitors for every builder: ``html`` for the HTML builders, ``text`` for the
    text builder (default: ``elsewhere``), ``elsewhere`` for LaTeX, man and Texinfo.

    Without ``html``, the node is a placeholder that is replaced before pages are written.
    """
    if html is None:
        app.add_node(node)
        return
    others = dict.fromkeys(OTHER_BUILDERS, elsewhere)
    # add_node's **kwargs are (visit, depart) pairs; Sphinx annotates them with override's type.
    app.add_node(node, html=html, text=text or elsewhere, **others)  # type: ignore[arg-type]


# -- semantic inline HTML ------------------------------------------------------------------------


class element(nodes.Inline, nodes.TextElement):
    """``element(tag="time", attributes={"datetime": ...})`` renders ``<time datetime=...>``;
    other builders render the children (``<time>``, ``<del>``, table parts...)."""


def make(tag: str, text: str = "", *children: nodes.Node, classes=(), **attributes) -> element:
    node = element("", text, *children, tag=tag, attributes=attributes)
    node["classes"].extend(classes)
    return node


def _visit_element(self: HTML5Translator, node: element) -> None:
    attributes = {key.replace("_", "-"): value for key, value in node["attributes"].items()}
    self.body.append(self.starttag(node, node["tag"], "", **attributes))


def _depart_element(self: HTML5Translator, node: element) -> None:
    self.body.append(f"</{node['tag']}>")


class disclosure(nodes.General, nodes.Element):
    """``<details><summary>{summary}</summary>...</details>``: a long part of a page folded
    under one line (the program's posters); other builders show the children."""


def _visit_disclosure(self: HTML5Translator, node: disclosure) -> None:
    summary = self.encode(node["summary"])
    self.body.append(f"{self.starttag(node, 'details', '')}<summary>{summary}</summary>")


def _depart_disclosure(self: HTML5Translator, node: disclosure) -> None:
    self.body.append("</details>\n")


# -- paper lists ---------------------------------------------------------------------------------


class PaperEntry(t.NamedTuple):
    """One paper of a ``paper_list``: what its ``<li>`` shows, with resolved URIs."""

    data: tuple[tuple[str, str], ...]  # the data-* attributes of the client-side filter
    title: str
    uri: str  # "" where the builder has no URI for the paper's page
    # (name, URI of their person page): "" without one; None in a RowMarkup's entry
    authors: tuple[tuple[str, str | None], ...]
    badges: tuple[tuple[str, str], ...]  # (label, classes)
    links: tuple[tuple[str, str], ...] = ()  # (label, URL) of the record's links, in the row
    bibtex: str = ""  # the entry a "Copy BibTeX" button of the row copies

    @property
    def text(self) -> str:
        names = ", ".join(name for name, _ in self.authors)
        return " ".join([self.title, names, *(label for label, _ in self.badges)])


class paper_list(nodes.General, nodes.TextElement):
    """``<ul class="wsl-paper-list">`` of the papers in ``entries`` (``PaperEntry``).

    One node per list, its papers as data: a listing holds thousands of papers, and a subtree
    of ~15 nodes per paper cost ~16x the CPU time to make, pickle (``-j``) and write. The
    node's text (each paper's title, authors and badges, one per line) is what the search
    index, the text builder (a bullet list) and other builders get.
    """

    def __init__(
        self,
        entries: list[PaperEntry],
        *,
        rows: list[str] | None = None,
        text: str | None = None,
        **attributes,
    ) -> None:
        """``rows`` (with their ``text``) instead of ``entries``: the rows already written for
        the page, kept from one build to the next (``features/listings.py``; HTML only)."""
        if text is None:
            text = "\n".join(entry.text for entry in entries)
        if rows is not None:
            attributes["rows"] = rows
        super().__init__("", text, entries=entries, **attributes)


def _visit_paper_list(self: HTML5Translator, node: paper_list) -> None:
    from .paper_list import row_html  # the markup lives with the lists (and their data file)

    rows = node.get("rows")
    items = "".join(rows if rows is not None else (row_html(e) for e in node["entries"]))
    self.body.append(f"{self.starttag(node, 'ul', '')}{items}</ul>")
    raise nodes.SkipNode


def _visit_text_paper_list(self, node: paper_list) -> None:
    for entry in node["entries"]:
        self.new_state(2)
        self.add_text(entry.text)
        self.end_state(first="* ")
    raise nodes.SkipNode


# -- lists of links -------------------------------------------------------------------------------


class link_list(nodes.General, nodes.TextElement):
    """``<ul>`` of page links (``links``: (URI, text), URI "" without one), written as a bullet
    list of references would be: each paper page lists ten related papers, and a subtree of
    five nodes per link was most of what these pages cost to resolve and write."""

    def __init__(self, links: list[tuple[str, str]], **attributes) -> None:
        super().__init__("", "\n".join(text for _, text in links), links=links, **attributes)


def _visit_link_list(self: HTML5Translator, node: link_list) -> None:
    items = []
    for uri, text in node["links"]:
        inner = f"<span>{self.encode(text)}</span>"
        if uri:
            inner = f'<a class="reference internal" href="{self.attval(uri)}">{inner}</a>'
        items.append(f"<li><p>{inner}</p></li>\n")
    self.body.append(f"{self.starttag(node, 'ul', CLASS='simple')}{''.join(items)}</ul>\n")
    raise nodes.SkipNode


def _visit_text_link_list(self, node: link_list) -> None:
    for _, text in node["links"]:
        self.new_state(2)
        self.add_text(text)
        self.end_state(first="* ")
    raise nodes.SkipNode


# -- the paper filter form -----------------------------------------------------------------------


class paper_filter_form(nodes.General, nodes.Element):
    """The filter form of ``{paper-filter}``: HTML builders render it (``render.paper_list``),
    other formats show only the list."""


def _visit_filter_form(self: HTML5Translator, node: paper_filter_form) -> None:
    from .paper_list import filter_form_html  # the markup lives with the list it filters

    self.body.append(
        filter_form_html(
            node["prefix"],
            node["topics"],
            node["counts"],
            rows_uri=node["rows_uri"],
            complete=node["complete"],
        )
    )
    raise nodes.SkipNode


class paper_pages(nodes.General, nodes.Element):
    """The links to the other pages of a long list of papers (``pages``: URIs, ``current``)."""


def _visit_paper_pages(self: HTML5Translator, node: paper_pages) -> None:
    from .paper_list import pages_nav_html

    self.body.append(pages_nav_html(node["pages"], node["current"]))
    raise nodes.SkipNode


# -- placeholders --------------------------------------------------------------------------------


class pending_author(nodes.Inline, nodes.TextElement):
    """An author name that becomes a link if a person record has that name."""

    def __init__(self, name: str) -> None:
        super().__init__("", name, author=name)


class topic_link(nodes.Inline, nodes.TextElement):
    """A paper's topic, to become a link to the papers listing filtered by that topic."""

    def __init__(self, topic: str) -> None:
        super().__init__("", topic, topic=topic)


class backlinks(nodes.General, nodes.Element):
    """Placeholder for "what references this person", filled at resolve time."""


class listing(nodes.General, nodes.Element):
    """Placeholder for a generated listing: ``listing(kind=..., options=...)``."""


class news_listing(nodes.General, nodes.Element):
    """Placeholder for a list of news posts: ``news_listing(latest=N or None)``."""


class export_links(nodes.General, nodes.Element):
    """Placeholder: "Download every record", links to ``papers.bib`` and ``papers.json``."""


class pending_export(nodes.Inline, nodes.TextElement):
    """A link to an export, resolved when the page is written (the path depends on the builder)."""


class schedule_placeholder(nodes.General, nodes.Element):
    """Where generated content goes once every record is read.

    ``part`` says which: ``table``, ``posters-<n>``, ``speakers`` or ``spotlights``.
    """


class calendar_links_placeholder(nodes.General, nodes.Element):
    """Where the calendar links of ``{add-to-calendar}`` go, once the exports are known."""


class agenda_placeholder(nodes.General, nodes.Element):
    """Where the agenda goes, once the data file's path is known."""


class prerendered(nodes.General, nodes.Element):
    """A part of a page and its HTML (``html``), made by the page's own translator before the
    page is written (``features/prerender.py``): the HTML writer copies it; the search index
    and every other builder read the part, its only child."""


def _visit_prerendered(self: HTML5Translator, node: prerendered) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


# -- search only ---------------------------------------------------------------------------------


class search_terms(nodes.General, nodes.TextElement):
    """Words that the search index gets but the page does not show."""


class search_heading(nodes.title):
    """A rubric's text as a title for the search index; never rendered."""


def setup_nodes(app: Sphinx) -> None:
    register(app, element, html=(_visit_element, _depart_element))
    register(app, disclosure, html=(_visit_disclosure, _depart_disclosure))
    register(app, paper_list, html=(_visit_paper_list, None), text=(_visit_text_paper_list, None))
    register(app, link_list, html=(_visit_link_list, None), text=(_visit_text_link_list, None))
    register(app, paper_filter_form, html=(_visit_filter_form, None), elsewhere=NOTHING)
    register(app, paper_pages, html=(_visit_paper_pages, None), elsewhere=NOTHING)
    register(app, prerendered, html=(_visit_prerendered, None))
    placeholders = (
        pending_author,
        topic_link,
        backlinks,
        listing,
        news_listing,
        export_links,
        pending_export,
        schedule_placeholder,
        calendar_links_placeholder,
        agenda_placeholder,
    )
    for placeholder in placeholders:
        register(app, placeholder)
    for hidden in (search_terms, search_heading):
        register(app, hidden, html=NOTHING, elsewhere=NOTHING)
