"""The reading list formatted once, not again in every build where it did not change.

sphinxcontrib-bibtex formats every entry of every bibliography at each ``env-updated``
(``BibtexDomain.get_formatted_entries``, pybtex's style through latexcodec), even when only a
paper was edited: 0.35 of a 2.37 s one-paper rebuild at 45 papers (cProfile). Its result depends
only on the bibliography, its style and label prefix, and the entries in citation order (key and
content); the build memory keeps the last result with those, and gives it back while they are
equal.

Checked against sphinxcontrib-bibtex 2.7.0: ``env_updated`` calls
``get_formatted_entries(bibliography_key, docnames, tooltips, tooltips_style)`` once per
bibliography and only iterates over it; the entries come from ``get_sorted_entries`` (canary:
tests/unit/test_compat.py).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinxcontrib.bibtex.domain import BibtexDomain

from ..state import build_memory

_FORMAT = BibtexDomain.get_formatted_entries


def formatted_entries_once(self: BibtexDomain, bibliography_key, docnames, tooltips, style2):
    """``get_formatted_entries``, given back from the last build while its inputs are equal."""
    bibliography = self.bibliographies[bibliography_key]
    inputs = (
        bibliography.style,
        bibliography.labelprefix,
        tooltips,
        style2,
        list(self.get_sorted_entries(bibliography_key, docnames)),
    )
    kept = build_memory(self.env).formatted_bibliographies
    if bibliography_key in kept and kept[bibliography_key][0] == inputs:
        return iter(kept[bibliography_key][1])
    formatted = list(_FORMAT(self, bibliography_key, docnames, tooltips, style2))
    kept[bibliography_key] = (inputs, formatted)
    return iter(formatted)


def setup_bibtex_entries(app: Sphinx) -> None:
    setattr(BibtexDomain, "get_formatted_entries", formatted_entries_once)  # noqa: B010
