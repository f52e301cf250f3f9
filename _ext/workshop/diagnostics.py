"""Typed, located warnings: every message names the file, the line, the field and the fix."""

from __future__ import annotations

from .model.problems import Problem

WARNING_TYPE = "workshop"


def warn(problem: Problem, message: str, *, location: object) -> None:
    """Emit one typed warning; ``location`` is a node, ``(docname, line)`` or ``"path:line"``."""
    # Imported here: the tools import the data model, and with it this module, without Sphinx.
    from sphinx.util import logging

    logging.getLogger("workshop").warning(
        message, type=WARNING_TYPE, subtype=problem.value, location=location
    )
