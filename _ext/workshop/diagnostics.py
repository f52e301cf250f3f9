"""Typed, located warnings: every message names the file, the line, the field and the fix."""

from __future__ import annotations

from sphinx.util import logging

from .model.problems import Problem

logger = logging.getLogger("workshop")

WARNING_TYPE = "workshop"


def warn(problem: Problem, message: str, *, location: object) -> None:
    """Emit one typed warning; ``location`` is a node, ``(docname, line)`` or ``"path:line"``."""
    logger.warning(message, type=WARNING_TYPE, subtype=problem.value, location=location)
