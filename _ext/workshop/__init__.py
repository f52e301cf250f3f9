"""Sphinx extension of the WSL workshop site: data files -> validated records -> pages and exports.

Importing the package loads nothing else: Sphinx calls ``setup()``, which imports the wiring
(``extension.py``, with the table of the event pipeline), as sphinx-design does, so that the
tools (``workshop.tools``) import without Sphinx (tests/unit/test_tools.py).
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "2025.4.27"  # pyproject.toml's version (tests/unit/test_module_map.py checks it)


def setup(app: Sphinx) -> dict:
    from .extension import setup_extension

    return setup_extension(app)
