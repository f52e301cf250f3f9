"""Sphinx extension of the WSL workshop site: data files -> validated records -> pages and exports.

Importing the package loads nothing else: Sphinx calls ``setup()``, which imports the wiring
(``extension.py``, with the table of the event pipeline), as sphinx-design does, so that the
tools (``workshop.tools``) import without Sphinx (tests/unit/test_tools.py).
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.0.0"


def setup(app: Sphinx) -> dict:
    from .extension import setup_extension

    return setup_extension(app)
