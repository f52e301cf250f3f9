"""``{paper-filter}``: every paper in one list, with a filter form for readers.

The list is an ordinary ``{paper-list}`` (it works without JavaScript). The form, hidden until
``_static/paper-filter.js`` runs, filters the list by topic, presentation, poster session and
free text over titles and authors, keeps its state in the URL query (``?topic=...&session=1``)
and announces the number of papers shown in a live region. The script is loaded (deferred)
only on pages that use the directive.
"""

from __future__ import annotations

import html
import typing as t

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from .features.exports import export_links
from .listings import listing
from .model.fields import PRESENTATIONS
from .state import site_data

FILTER_SCRIPT = "paper-filter.js"
SESSIONS = ("1", "2")


class paper_filter_form(nodes.General, nodes.Element):
    """The form; HTML builders render it, other formats show only the list."""


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


def form_html(prefix: str, topics: list[tuple[str, str]]) -> str:
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


def _visit_form(self: HTML5Translator, node: paper_filter_form) -> None:
    self.body.append(form_html(node["prefix"], node["topics"]))
    raise nodes.SkipNode


def _skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


class PaperFilterDirective(SphinxDirective):
    """``{paper-filter}``: the filter form and one list of all papers, sorted by title."""

    has_content = False
    option_spec: t.ClassVar = {}

    def run(self):
        domain = self.env.get_domain("workshop")
        domain.put("listing_users", self.env.docname, True)
        domain.put("paper_filter_users", self.env.docname, True)
        self.env.note_dependency(self.config.workshop_topics_file)
        prefix = f"wsl-filter-{self.env.new_serialno('paper-filter')}"
        topics = [(area.id, area.title) for area in site_data(self.env).topics.values()]
        browser = nodes.container(classes=["wsl-paper-browser"], ids=[f"{prefix}-papers"])
        browser += paper_filter_form(prefix=prefix, topics=topics)
        papers = listing(kind="papers", options={})
        self.set_source_info(papers)
        browser += papers
        browser += export_links()
        return [browser]


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    if pagename in app.env.get_domain("workshop").items("paper_filter_users"):
        app.add_js_file(FILTER_SCRIPT, loading_method="defer")


def setup_filters(app: Sphinx) -> None:
    app.add_node(
        paper_filter_form,
        html=(_visit_form, None),
        text=(_skip, None),
        latex=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_directive("paper-filter", PaperFilterDirective)
    app.connect("html-page-context", on_html_page_context)
