"""compat/docutils_stylesheets.py: translators made without a look for stylesheets on disk."""

from __future__ import annotations

import types

from docutils.frontend import get_default_settings
from docutils.utils import new_document
from docutils.writers.html5_polyglot import HTMLTranslator, Writer
from workshop.compat import docutils_stylesheets
from workshop.compat.docutils_stylesheets import no_stylesheet_lookup


def test_no_translator_looks_for_a_stylesheet_and_the_body_is_the_same(monkeypatch):
    partial = get_default_settings(Writer)
    app = types.SimpleNamespace(env=types.SimpleNamespace(settings={}))
    before = HTMLTranslator(new_document("<x>", get_default_settings(Writer)))
    no_stylesheet_lookup(app, types.SimpleNamespace(_settings=partial))
    looked: list = []
    monkeypatch.setattr(
        "docutils.utils.find_file_in_dirs", lambda *args: looked.append(args) or args[0]
    )
    pages = get_default_settings(Writer)
    for name, value in app.env.settings.items():  # what prepare_writing's defaults do
        setattr(pages, name, value)
    for settings in (pages, partial):
        after = HTMLTranslator(new_document("<x>", settings))
        assert after.fragment == before.fragment and after.title == before.title
    assert looked == []
    assert app.env.settings == docutils_stylesheets.STYLESHEET_SETTINGS
