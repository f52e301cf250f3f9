"""Compiled page templates kept between builds, beside the doctrees.

Sphinx compiles the theme's Jinja templates again on every run, about a tenth of a one-page
rebuild. Jinja's bytecode cache keeps the compiled code, keyed by each template's source, so an
edited template is compiled again and an unchanged one is not.

Checked against Sphinx 9.0.4: ``app.builder.templates.environment`` is the Jinja environment of
``BuiltinTemplateLoader`` (``sphinx/jinja2glue.py``), not a documented attribute; without it the
cache is silently lost (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from sphinx.application import Sphinx


def on_builder_inited(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # builders without HTML templates
        return
    cache = Path(app.doctreedir) / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    # Files are written atomically (temporary file, then rename): safe with parallel writers.
    environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))


def setup_jinja_cache(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
