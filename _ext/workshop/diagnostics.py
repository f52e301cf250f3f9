"""Typed, located warnings: every message names the file, the line, the field and the fix."""

from __future__ import annotations

import typing as t

from .model.problems import Problem

if t.TYPE_CHECKING:  # the tools import this module without Sphinx or docutils
    from docutils.nodes import Node

    Location = str | tuple[str | None, int | None] | Node | None

WARNING_TYPE = "workshop"


def warn(problem: Problem, message: str, *, location: Location) -> None:
    """Emit one typed warning; ``location`` is a node, ``(docname, line)`` or ``"path:line"``."""
    # Imported here: the tools import the data model, and with it this module, without Sphinx.
    from sphinx.util import logging

    logging.getLogger("workshop").warning(
        message, type=WARNING_TYPE, subtype=problem.value, location=location
    )
