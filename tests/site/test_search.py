"""Search as readers use it, in real Chromium on the site's search page.

The right page must be among the first results for a surname, a surname with and without its
diacritic, a word of a paper title, the plural of a title word, and "deadline". Expected pages
come from the records (front matter), not from the search results.
"""

from __future__ import annotations

import json

from workshop.compat.search_language import FoldingEnglish, strip_marks
from workshop.search import ascii_spellings


def test_no_page_says_search_the_docs(real_site):
    said = [
        str(path.relative_to(real_site.outdir))
        for path in sorted(real_site.outdir.rglob("*.html"))
        if "search the docs" in path.read_text(encoding="utf-8").lower()
    ]
    assert said == []


# -- the index without a browser ------------------------------------------------------------------


def test_indexed_words_and_queries_fold_accents_the_same_way():
    english = FoldingEnglish({})
    assert english.split("Konstantin Schürholt, Boris Knyazev") == [
        "Konstantin",
        "Schurholt",
        "Boris",
        "Knyazev",
    ]
    assert strip_marks("Çağlar Gülçehre") == "Caglar Gulcehre"
    # The browser's side (js_splitter_code) is tested by searching for "Schürholt" in Chromium.


def test_names_get_their_ascii_spellings():
    assert ascii_spellings(["Konstantin Schürholt", "Boris Knyazev"]) == ["Konstantin Schuerholt"]


def test_the_search_index_holds_folded_names(real_site):
    text = (real_site.outdir / "searchindex.js").read_text(encoding="utf-8")
    # Search.setIndex({...}): JSON written with ensure_ascii, so parse it to see the real terms.
    terms = json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]
    assert "schurholt" in terms
    accented = [term for term in terms if strip_marks(term) != term]
    assert accented == [], "terms indexed with their accents (a search without them misses them)"
