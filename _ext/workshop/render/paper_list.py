"""The markup of paper listings: the count, group headings, the list, and the filter form."""

from __future__ import annotations

import html
import typing as t

from docutils import nodes
from sphinx.builders import Builder

from ..domain import relative_uri
from ..model.fields import POSTER_SESSIONS, PRESENTATIONS
from ..model.records import Paper, Person, fold
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


def paper_entry(
    builder: Builder, docname: str, paper: Paper, by_name: dict[str, Person]
) -> PaperEntry:
    """One paper of a listing; the data attributes feed the client-side filters."""
    authors = tuple(
        (name, relative_uri(builder, docname, person.docname) if person else "")
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
        uri=relative_uri(builder, docname, paper.docname),
        authors=authors,
        badges=(
            (PRESENTATIONS[paper.presentation], presentation),
            (f"Poster session {paper.poster_session}", "wsl-badge"),
        ),
    )


def paper_items(
    builder: Builder, docname: str, chosen: t.Iterable[Paper], by_name: dict[str, Person]
) -> paper_list:
    """The papers as a list: one title link, the authors (linked to their pages) and badges."""
    entries = [paper_entry(builder, docname, paper, by_name) for paper in chosen]
    return paper_list(entries, classes=["wsl-paper-list"])


# -- the filter form of {paper-filter} ------------------------------------------------------------


def _options(name: str, choices: list[tuple[str, str]], *, radio: bool, prefix: str) -> str:
    if not radio:
        items = "".join(
            f'<option value="{html.escape(value)}">{html.escape(label)}</option>'
            for value, label in choices
        )
        return f'<select id="{prefix}-{name}" name="{name}">{items}</select>'
    return "".join(
        f'<label class="wsl-filter-option"><input type="radio" name="{name}" '
        f'value="{html.escape(value)}"{" checked" if not value else ""}> '
        f"{html.escape(label)}</label>"
        for value, label in choices
    )


def filter_form_html(prefix: str, topics: list[tuple[str, str]]) -> str:
    """The form's markup, written by the ``paper_filter_form`` node's HTML visitor."""
    topic_choices = [("", "All topics"), *topics]
    presentations = [("", "All"), *PRESENTATIONS.items()]
    sessions = [("", "All"), *((n, f"Session {n}") for n in SESSIONS)]
    return (
        f'<form class="wsl-paper-filter" id="{prefix}" role="search" '
        'aria-label="Filter the papers" hidden>\n'
        # Folded on phones until the summary is pressed (paper-filter.js, _static/wsl.css).
        '<details class="wsl-filter-disclosure" open><summary>Filter the papers</summary>\n'
        '<fieldset class="wsl-filter-fields"><legend>Filter the papers</legend>\n'
        f'<p class="wsl-filter-field"><label for="{prefix}-q">Title or author</label>'
        f'<input type="search" id="{prefix}-q" name="q" autocomplete="off" spellcheck="false" '
        f'aria-describedby="{prefix}-status"></p>\n'
        f'<p class="wsl-filter-field"><label for="{prefix}-topic">Topic area</label>'
        f"{_options('topic', topic_choices, radio=False, prefix=prefix)}</p>\n"
        '<fieldset class="wsl-filter-choice"><legend>Presentation</legend>'
        f"{_options('presentation', presentations, radio=True, prefix=prefix)}</fieldset>\n"
        '<fieldset class="wsl-filter-choice"><legend>Poster session</legend>'
        f"{_options('session', sessions, radio=True, prefix=prefix)}</fieldset>\n"
        '<p class="wsl-filter-actions"><button type="button" class="wsl-filter-clear">'
        "Clear filters</button></p>\n"
        "</fieldset>\n"
        "</details>\n"
        f'<p class="wsl-filter-status" id="{prefix}-status" role="status" aria-live="polite" '
        'aria-atomic="true"></p>\n'
        "</form>\n"
    )
