"""English search with accent folding, in the Python indexer and in the reader's browser.

Checked against Sphinx 9.0.4:

- ``searchtools.js`` declares its default splitter as
  ``if (typeof splitQuery === "undefined") { var splitQuery = ... }`` and ``language_data.js``
  (the ``js_splitter_code`` of the search language) comes first, so a ``var splitQuery`` there
  replaces it. If the declaration changes, accents are folded on the indexing side only: a
  search for "Schurholt" finds nothing, with no error.
- ``app.add_search_language`` writes to the process-global ``sphinx.search.languages``
  (``sphinx/application.py``): once a process has set up this extension, every later Sphinx
  application in it (the warm ``make serve`` process, in-process tests) searches English this
  way.

Canary: tests/unit/test_compat.py.
"""

from __future__ import annotations

import re
import unicodedata

from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

# The same folding as ``strip_marks`` below, in the reader's browser (the comment inside is
# published: kept as it was). ``var`` on purpose:
# searchtools.js declares a default ``splitQuery`` with ``var`` and this one replaces it.
JS_FOLDING_SPLITTER = r"""
/* Accent folding, the same as the Python side of the index (_ext/workshop/search.py). */
var splitQuery = (query) =>
  query
    .normalize("NFKD")
    .replace(/\p{Mark}/gu, "")
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((term) => term);
"""


def strip_marks(text: str) -> str:
    """``Schürholt`` -> ``Schurholt``: decompose, then drop the combining marks."""
    if text.isascii():  # nearly every text of the site: nothing to strip
        return text
    # Only the runs of non-ASCII characters are looked at one by one: a page with one accented
    # name (the program lists every poster) is mostly ASCII.
    return _NON_ASCII.sub(_without_marks, unicodedata.normalize("NFKD", text))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: re.Match[str]) -> str:
    return "".join(c for c in run.group() if not unicodedata.combining(c))


class FoldingEnglish(SearchEnglish):
    """English search (stop words, Porter stemmer) whose words are accent-folded."""

    js_splitter_code = JS_FOLDING_SPLITTER

    def split(self, input: str) -> list[str]:  # noqa: A002 (Sphinx's signature)
        return super().split(strip_marks(input))


def add_folding_english(app: Sphinx) -> None:
    app.add_search_language(FoldingEnglish)
