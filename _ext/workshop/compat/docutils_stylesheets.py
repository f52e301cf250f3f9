"""No translator looks for docutils' own stylesheets, which no page links.

Every HTML translator docutils makes (Sphinx makes five a paper page: the page, its title, its
contents and the breadcrumbs' titles) first finds the writer's default stylesheets
(``minimal.css``, ``plain.css``) on disk for the ``<head>`` of a standalone docutils document
(``get_stylesheet_list``: a ``Path.resolve`` and a stat in each folder, ~80 µs a translator,
~0.4 ms of a paper page in the writer at 500 papers). Sphinx writes pages from its own
templates and keeps only the body and title parts: with no stylesheet path in either settings
object, the page is the same.

Checked against docutils 0.22.4 (and Sphinx 9.0.4): the translator reads ``stylesheet_path``
in its ``__init__`` (``_html_base.HTMLTranslator``); the HTML builder writes pages with
``docsettings`` (made at ``prepare_writing`` from ``env.settings``) and renders parts with
``_settings``, keeping their ``fragment`` and ``title`` only (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.builders import Builder

STYLESHEET_SETTINGS: dict[str, list[str]] = {"stylesheet_path": [], "stylesheet": []}


def no_stylesheet_lookup(app: Sphinx, builder: Builder) -> None:
    """Before ``prepare_writing``, which makes the pages' settings from ``env.settings``."""
    app.env.settings.update(STYLESHEET_SETTINGS)
    partial = getattr(builder, "_settings", None)
    if partial is not None:
        for name, value in STYLESHEET_SETTINGS.items():
            setattr(partial, name, value)


def setup_docutils_stylesheets(app: Sphinx) -> None:
    app.connect("write-started", no_stylesheet_lookup)
