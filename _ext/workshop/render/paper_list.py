"""The markup of paper listings: the count, group headings, the list, and the filter form."""

from __future__ import annotations

import functools
import typing as t

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import osutil

from ..domain import relative_uri, target_uri
from ..model.fields import LINK_LABELS, POSTER_SESSIONS, PRESENTATIONS
from ..model.records import Paper, Person, fold
from .markup import escape
from .nodes import PaperEntry, paper_list

SESSIONS = tuple(str(number) for number in POSTER_SESSIONS)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def paper_count(count: int) -> nodes.paragraph:
    return nodes.paragraph("", plural(count, "paper"), classes=["wsl-count"])


def group_heading(group_by: str, group_id: str, title: str, count: int) -> nodes.rubric:
    return nodes.rubric(
        "", f"{title} ({count})", ids=[f"{group_by}-{group_id}"], classes=["wsl-group"]
    )


# The record's links a row of the papers page shows, in this order (OpenReview comes first).
ROW_LINKS = ("pdf", "arxiv", "code")


def row_links(paper: Paper) -> tuple[tuple[str, str], ...]:
    """``(label, url)`` of the links a reader wants without opening the paper's page."""
    links = [("OpenReview", paper.openreview_url)] if paper.openreview_url else []
    links += [(LINK_LABELS[kind], url) for kind in ROW_LINKS if (url := getattr(paper.links, kind))]
    return tuple(links)


def paper_entry(
    builder: Builder,
    docname: str,
    paper: Paper,
    by_name: dict[str, Person],
    *,
    bibtex: str = "",
    with_links: bool = False,
    omit: frozenset[str] = frozenset(),
) -> PaperEntry:
    """One paper of a listing; the data attributes feed the client-side filters. With
    ``bibtex`` (the papers page), the row also has the record's links and a copy button; with
    ``with_links``, the links alone. ``omit``: chips its heading says already (``presentation``,
    ``session``)."""
    link = functools.partial(relative_uri, builder, docname)
    return _entry(paper, by_name, link, bibtex=bibtex, no_page="", with_links=with_links, omit=omit)


def _entry(
    paper: Paper,
    by_name: dict[str, Person],
    uri: t.Callable[[str], t.Any],
    *,
    bibtex: str,
    no_page: str | None,
    with_links: bool = False,
    omit: frozenset[str] = frozenset(),
) -> PaperEntry:
    """The entry with ``uri(docname)`` as the link to each page, ``no_page`` for an author
    without one."""
    authors = tuple(
        (name, uri(person.docname) if person else no_page)
        for name in paper.authors
        for person in [by_name.get(fold(name))]
    )
    presentation = f"wsl-badge wsl-presentation-{paper.presentation}"
    return PaperEntry(
        data=(
            ("id", paper.id),
            ("presentation", paper.presentation),
            ("session", str(paper.poster_session)),
            ("text", fold(" ".join([paper.title, *paper.authors]))),
            ("topics", " ".join(paper.topics)),
        ),
        title=paper.title,
        uri=uri(paper.docname),
        authors=authors,
        badges=tuple(
            badge
            for kind, badge in (
                ("presentation", (PRESENTATIONS[paper.presentation], presentation)),
                ("session", (f"Poster session {paper.poster_session}", "wsl-badge")),
            )
            if kind not in omit
        ),
        links=row_links(paper) if bibtex or with_links else (),
        bibtex=bibtex,
    )


def paper_items(
    builder: Builder,
    docname: str,
    chosen: t.Iterable[Paper],
    by_name: dict[str, Person],
    *,
    with_links: bool = False,
    omit: frozenset[str] = frozenset(),
) -> paper_list:
    """The papers as a list: one title link, the authors (linked to their pages) and badges
    (``with_links``: and the record's links; ``omit``: the chips a heading says already)."""
    entries = [
        paper_entry(builder, docname, paper, by_name, with_links=with_links, omit=omit)
        for paper in chosen
    ]
    return paper_list(entries, classes=["wsl-paper-list"])


# -- the markup of a row (pages, the papers page's extra pages and its data file) ----------------


def _link(uri: str | None, text: str) -> str:
    """What Sphinx writes for an internal reference holding an inline; the text alone without
    a URI (``NoUri``)."""
    if not uri:
        return str(escape(text))
    return f'<a class="reference internal" href="{escape(uri)}"><span>{escape(text)}</span></a>'


def row_html(entry: PaperEntry) -> str:
    """One ``<li>`` of a paper list: the only place that writes a row's markup."""
    return _row(entry, _link)


def _row(entry: PaperEntry, link: t.Callable[[str | None, str], str]) -> str:
    """The row, each link to a page of the site written by ``link(uri, text)``."""
    data = "".join(f' data-{key}="{escape(value)}"' for key, value in sorted(entry.data))
    title = link(entry.uri, entry.title)  # the links in the order of the markup
    authors = ", ".join(link(uri, name) for name, uri in entry.authors)
    badges = "".join(
        f'<span class="{escape(classes)}">{escape(label)}</span>' for label, classes in entry.badges
    )
    extras = ""
    if entry.links or entry.bibtex:
        links = " ".join(
            f'<a class="reference external" href="{escape(url)}">{escape(label)}</a>'
            for label, url in entry.links
        )
        # paper-filter.js copies the entry; shown only on the list of the papers page and where
        # scripts run (_static/wsl.css): elsewhere the paper's page has it.
        copy = (
            f' <button type="button" class="wsl-copy-bibtex" '
            f'data-bibtex="{escape(entry.bibtex)}">Copy BibTeX</button>'
            if entry.bibtex
            else ""
        )
        extras = f' <span class="wsl-paper-links">{links}{copy}</span>'
    return (
        f'<li class="wsl-paper"{data}>'
        f'<span class="wsl-paper-title">{title}</span> '
        f'<span class="wsl-authors">{authors}</span> {badges}{extras}</li>'
    )


# Where a link goes in a row made once for every page: escaped text never holds a "<", and no
# markup of a row is an empty tag.
_LINK_SLOT = "<>"


class RowMarkup(t.NamedTuple):
    """A row made once for every page that lists it (the papers page's extra pages and its data
    file list thousands): the markup around its links, and each link's target URI (from the
    site's root) and text. ``on_page`` writes what ``row_html`` writes there, for builders
    whose relative URIs are those of their target URIs (html, dirhtml).

    Kept in the environment from one build to the next (``features/listings.py``), so a named
    tuple: ``stored_layout`` counts its shape."""

    parts: tuple[str, ...]  # the markup between the links: one more than the links
    links: tuple[tuple[str, str], ...]  # (target URI, text)
    text: str = ""  # what the search index and other builders get (``PaperEntry.text``)

    def on_page(self, page_uri: str) -> str:
        """The row on the page at ``page_uri`` (the page's target URI)."""
        pieces = [self.parts[0]]
        for (target, text), after in zip(self.links, self.parts[1:], strict=True):
            pieces += (_link(osutil.relative_uri(page_uri, target), text), after)
        return "".join(pieces)


def row_markup(
    builder: Builder,
    paper: Paper,
    by_name: dict[str, Person],
    *,
    bibtex: str = "",
    with_links: bool = False,
    omit: frozenset[str] = frozenset(),
) -> RowMarkup:
    """The row of ``paper_entry(builder, page, paper, ...)`` for any page of ``builder``."""
    link = functools.partial(target_uri, builder)
    entry = _entry(
        paper, by_name, link, bibtex=bibtex, no_page=None, with_links=with_links, omit=omit
    )
    links: list[tuple[str, str]] = []

    def slot(uri: str | None, text: str) -> str:
        if uri is None:  # no page, or the builder has no URI for it: the text alone
            return _link("", text)
        links.append((uri, text))
        return _LINK_SLOT

    return RowMarkup(tuple(_row(entry, slot).split(_LINK_SLOT)), tuple(links), entry.text)


def list_html(rows: t.Iterable[str]) -> str:
    """A paper list of rows already written (``row_html``, ``RowMarkup.on_page``)."""
    return f'<ul class="wsl-paper-list">{"".join(rows)}</ul>'


def pages_nav_html(pages: list[str], current: int) -> str:
    """The links to the pages of a long list (``pages[i]``: the URI of page ``i + 1``)."""
    if len(pages) < 2:
        return ""
    items = "".join(
        f'<li><span aria-current="page">{number}</span></li>'
        if number == current
        else f'<li><a href="{escape(uri)}">{number}</a></li>'
        for number, uri in enumerate(pages, start=1)
    )
    return (
        '<nav class="wsl-pages" aria-label="Pages of the list of papers">'
        f"<span>Pages:</span> <ul>{items}</ul></nav>"
    )


# -- the form of {paper-filter}: grouping and filters ------------------------------------------

# The views of the list (URL key ``group``): "" is the list by title, the view without script.
GROUPINGS = (
    ("", "Title"),
    ("presentation", "Presentation"),
    ("session", "Poster session"),
    ("topic", "Topic area"),
)


class Choice(t.NamedTuple):
    value: str
    label: str  # as the form shows it, before its count
    group_title: str = ""  # the heading of its group when the list is grouped by this field


def filter_choices(topics: list[tuple[str, str]]) -> dict[str, list[Choice]]:
    """The choices of each filter (URL keys ``topic``, ``presentation``, ``session``)."""
    return {
        "topic": [Choice("", "All topics"), *(Choice(i, title, title) for i, title in topics)],
        "presentation": [
            Choice("", "All"),
            *(Choice(key, label, f"{label}s") for key, label in PRESENTATIONS.items()),
        ],
        "session": [
            Choice("", "All"),
            *(Choice(n, f"Session {n}", f"Poster session {n}") for n in SESSIONS),
        ],
    }


def _group_title(choice: Choice) -> str:
    title = choice.group_title
    return f' data-group-title="{escape(title)}"' if title else ""


def _select(name: str, choices: list[Choice], counts: dict[str, int] | None, prefix: str) -> str:
    """A select of the bar; with ``counts``, each option shows how many papers it would keep."""
    items = "".join(
        f'<option value="{escape(c.value)}" data-label="{escape(c.label)}"'
        f"{_group_title(c)}>"
        f"{escape(c.label)}{f' ({counts.get(c.value, 0)})' if counts is not None else ''}"
        "</option>"
        for c in choices
    )
    return f'<select id="{prefix}-{name}" name="{name}">{items}</select>'


def _field(prefix: str, name: str, label: str, control: str) -> str:
    return (
        f'<p class="wsl-filter-field wsl-filter-{name}">'
        f'<label for="{prefix}-{name}">{escape(label)}</label>{control}</p>\n'
    )


def filter_form_html(
    prefix: str,
    topics: list[tuple[str, str]],
    counts: dict[str, dict[str, int]],
    *,
    rows_uri: str,
    complete: bool,
) -> str:
    """The form's markup, written by the ``paper_filter_form`` node's HTML visitor: one bar of
    labelled controls (words, topic, presentation, poster session, grouping, one line per
    paper), folded on phones under a summary that says which choices are on.

    ``counts``: for each filter, the number of papers of each choice ("" for all) before any
    filter is set; paper-filter.js keeps them up to date. ``rows_uri``: the data file with every
    row, fetched when a choice is made and ``complete`` is false (the page lists a part).
    """
    choices = filter_choices(topics)
    groupings = [Choice(value, label) for value, label in GROUPINGS]
    return (
        f'<form class="wsl-paper-filter" id="{prefix}" role="search" '
        f'aria-label="Group and filter the papers" data-rows="{escape(rows_uri)}" '
        f'data-complete="{"true" if complete else "false"}">\n'
        # In the first paint where scripts run, never shown where they don't (_static/wsl.css).
        # Folded on phones until the summary is pressed; on wider screens the bar shows folded
        # or not (wsl.css, paper-filter.js). The summary names the choices that are on, so a
        # folded bar still says what is shown.
        '<details class="wsl-filter-disclosure">'
        '<summary>Filter and group<span class="wsl-filter-active"></span></summary>\n'
        '<div class="wsl-filter-bar">\n'
        + _field(
            prefix,
            "q",
            "Title or author",
            f'<input type="search" id="{prefix}-q" name="q" autocomplete="off" '
            f'spellcheck="false" placeholder="Words or names" '
            f'aria-describedby="{prefix}-status">',
        )
        + _field(
            prefix,
            "topic",
            "Topic area",
            _select("topic", choices["topic"], counts["topic"], prefix),
        )
        + _field(
            prefix,
            "presentation",
            "Presentation",
            _select("presentation", choices["presentation"], counts["presentation"], prefix),
        )
        + _field(
            prefix,
            "session",
            "Poster session",
            _select("session", choices["session"], counts["session"], prefix),
        )
        + _field(prefix, "group", "Group by", _select("group", groupings, None, prefix))
        + '<p class="wsl-filter-field wsl-filter-view">'
        f'<input type="checkbox" id="{prefix}-view" name="view" value="compact">'
        f'<label for="{prefix}-view">One line each</label></p>\n'
        '<p class="wsl-filter-actions"><button type="button" class="wsl-filter-clear" hidden>'
        "Clear filters</button></p>\n"
        "</div>\n</details>\n"
        f'<p class="wsl-filter-status" id="{prefix}-status" role="status" aria-live="polite" '
        'aria-atomic="true"></p>\n'
        "</form>\n"
    )
