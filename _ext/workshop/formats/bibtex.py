"""BibTeX, written from plain data: LaTeX escaping, entries, citation keys, the reading-list style.

* ``latex()`` escapes text for a BibTeX value: LaTeX specials escaped, accents as macros, and
  inline ``$math$`` kept only when every command in it is on an allowlist (so no TeX from a
  title or a name can read or write a file); ``url`` values are percent-encoded instead.
* ``bibtex()`` writes one entry with bibtexparser; ``paper_bibtex()`` a paper's ``@inproceedings``.
* Keys are ``<first author's surname><year><first title word>``; papers whose keys would collide
  get ``a``, ``b``, ... in the order of their ids, so keys only change when a colliding paper
  appears.
* ``ReadingListStyle``: pybtex's plain style labelled by authors and year ("Ainsworth et al.
  2023"), for sphinxcontrib-bibtex.
"""

from __future__ import annotations

import re
import typing as t
import unicodedata
from collections import Counter

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSorting
from pylatexenc.latexencode import (
    RULE_CALLABLE,
    RULE_DICT,
    RULE_REGEX,
    UnicodeToLatexConversionRule,
    UnicodeToLatexEncoder,
)

from ..model.records import Paper, fold

# Words that make a poor key: "shor2025adversarial", not "shor2025on".
_SKIPPED_WORDS = re.compile(r"a|an|the|on|of|in|for|and|to|with|at|by|from|is|are")

# -- BibTeX text -------------------------------------------------------------------------------

# Inline math with balanced braces (up to three levels) is kept as LaTeX when every command in
# it is on the list below; anything else, including a lone "$", is escaped as text, so an entry
# always has balanced braces and no TeX from a title or a name can read or write a file.
_BRACED = r"(?:[^${}\\]|\\.)"
for _ in range(3):
    _BRACED = rf"(?:[^${{}}\\]|\\.|\{{{_BRACED}*\}})"
_MATH = re.compile(rf"(?<!\\)\$((?:{_BRACED})+)\$")
# The math a paper title needs, and nothing that reads, writes, defines or re-reads input.
_MATH_COMMANDS = frozenset(
    word
    for group in (
        # Greek letters
        "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
        "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma "
        "Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega",
        # alphabets and text inside math
        "mathbb mathcal mathbf mathrm mathit mathsf mathtt mathfrak boldsymbol text textrm "
        "textit textbf operatorname",
        # operators, relations, arrows, delimiters, accents, spacing
        "to rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow mapsto times "
        "cdot cdots ldots dots circ in notin ni subset subseteq supset supseteq cup cap setminus "
        "le leq ge geq ne neq ll gg approx sim simeq cong equiv propto infty partial nabla sum "
        "prod int oint lim max min sup inf log exp sin cos tan det dim ker arg mid pm mp otimes "
        "oplus odot langle rangle lvert rvert lVert rVert vert Vert left right big Big bigl bigr "
        "Bigl Bigr frac dfrac tfrac sqrt hat tilde bar vec dot ddot overline underline widehat "
        "widetilde forall exists neg land lor wedge vee top bot perp parallel ell hbar emptyset "
        "varnothing quad qquad prime star ast dagger",
    )
    for word in group.split()
)
# A command, or one ordinary character of math (letters, digits, operators, grouping).
_MATH_TOKEN = re.compile(r"\\([A-Za-z]+|[,;:! {}|%&#_$])|[A-Za-z0-9 +\-*/=<>()\[\]|,.;:'!^_{}]")


def _harmless_math(body: str) -> bool:
    """Only allowed commands and ordinary characters; no ``^^`` (TeX reads ``^^5c`` as ``\\``)."""
    if "^^" in body:
        return False
    position = 0
    for token in _MATH_TOKEN.finditer(body):
        if token.start() != position or (
            token.group(1) and token.group(1).isalpha() and token.group(1) not in _MATH_COMMANDS
        ):
            return False
        position = token.end()
    return position == len(body)


def _math_or_text(match: re.Match[str]) -> str:
    if _harmless_math(match.group(1)):
        return match.group(0)
    return r"\$" + _encoded(_TEXT_ENCODER, match.group(1)) + r"\$"


def _letter_of_another_script(text: str, position: int) -> tuple[int, str] | None:
    """Greek, Cyrillic, CJK... letters stay as they are (the file is UTF-8): pylatexenc would
    write a Greek capital Epsilon as a Latin E and a small lambda as math."""
    char = text[position]
    if char.isalpha() and not char.isascii() and not _is_latin(char):
        return 1, char
    return None


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN ")


_TEXT_RULES = [
    # A straight double quote stays one (pylatexenc would write a closing quote '').
    UnicodeToLatexConversionRule(RULE_DICT, {ord('"'): '{"}'}),
    UnicodeToLatexConversionRule(RULE_CALLABLE, _letter_of_another_script),
    "defaults",
]
_OPTIONS = {
    "unknown_char_policy": "keep",  # BibTeX files are UTF-8: keep what LaTeX has no macro for
    "unknown_char_warning": False,
}
_TEXT_ENCODER = UnicodeToLatexEncoder(conversion_rules=_TEXT_RULES, **_OPTIONS)
_ENCODER = UnicodeToLatexEncoder(
    conversion_rules=[UnicodeToLatexConversionRule(RULE_REGEX, [(_MATH, _math_or_text)])]
    + _TEXT_RULES,
    **_OPTIONS,
)


# Characters the encoder keeps as they are (tests/unit/test_formats.py checks it): text made of
# them only, as most titles and names are, skips pylatexenc, a fifth of reading a paper page.
PLAIN_TEXT = re.compile(r"[A-Za-z0-9 !'()*+,\-./:;=?@\[\]]*")


def _encoded(encoder: UnicodeToLatexEncoder, text: str) -> str:
    latex_text: str = encoder.unicode_to_latex(text)  # pylatexenc ships no types
    return latex_text


def latex(text: str) -> str:
    """Text as a BibTeX field value: LaTeX specials escaped, accents as macros, harmless
    ``$math$`` kept."""
    if PLAIN_TEXT.fullmatch(text):
        return text
    return _encoded(_ENCODER, text)


_URL_ESCAPES = {"\\": "%5C", "{": "%7B", "}": "%7D", "^": "%5E"}  # ^^5c is TeX for a backslash


def _url_text(url: str) -> str:
    """A URL as a BibTeX value: braces, backslashes and carets percent-encoded, never TeX."""
    return "".join(_URL_ESCAPES.get(char, char) for char in url)


def bibtex(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """One BibTeX entry, written by bibtexparser; ``url`` values percent-encoded, not escaped."""
    values = [
        Field(name, _url_text(value) if name == "url" else latex(value)) for name, value in fields
    ]
    library = Library([Entry(entry_type, key, values)])
    layout = BibtexFormat()  # type: ignore[no-untyped-call]  # its __init__ has no annotations
    layout.indent = "  "
    return write_string(library, bibtex_format=layout).strip() + "\n"


# -- keys --------------------------------------------------------------------------------------


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def base_key(paper: Paper, year: int | str) -> str:
    surname = _ascii_word(paper.authors[0].split()[-1]) or "anonymous"
    # Folded one by one up to the first that counts (every paper's key is made at each build).
    words = (_ascii_word(word) for word in re.split(r"[\s\-/:]+", paper.title))
    first = next(
        (w for w in words if w and not _SKIPPED_WORDS.fullmatch(w) and not w.isdigit()), ""
    )
    return f"{surname}{year}{first}"


def citation_keys(all_papers: dict[str, Paper], year: int | str) -> dict[str, str]:
    """``paper id -> key``; unique, and the same for the same set of papers."""
    groups: dict[str, list[str]] = {}
    for paper_id in sorted(all_papers):
        groups.setdefault(base_key(all_papers[paper_id], year), []).append(paper_id)
    keys: dict[str, str] = {}
    for base, ids in groups.items():
        for index, paper_id in enumerate(ids):
            keys[paper_id] = base if len(ids) == 1 else base + _suffix(index)
    return keys


def _suffix(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


# -- a paper's entry ---------------------------------------------------------------------------


def citation_url(paper: Paper) -> str | None:
    """OpenReview forum when known, else arXiv, else the PDF."""
    return paper.openreview_url or paper.links.arxiv or paper.links.pdf


def paper_bibtex(paper: Paper, key: str, *, booktitle: str, year: str) -> str:
    """The paper's ``@inproceedings`` entry; an empty booktitle or year is left out."""
    fields = [("title", paper.title), ("author", " and ".join(paper.authors))]
    fields += [(name, value) for name, value in [("booktitle", booktitle), ("year", year)] if value]
    if url := citation_url(paper):
        fields.append(("url", url))
    return bibtex("inproceedings", key, fields)


def with_key(entry: str, key: str) -> str:
    """The same entry under another key (its first line is ``@type{key,``)."""
    head, _, rest = entry.partition("\n")
    return f"{head[: head.index('{') + 1]}{key},\n{rest}"


# -- the reading list's style -----------------------------------------------------------------


_PLAIN_TEXT = PlainTextBackend()


def _surname(person: t.Any) -> str:
    """A person's surname as read (``Sch{\\"u}rholt`` -> ``Schürholt``, "von" parts kept)."""
    parts = [*person.rich_prelast_names, *person.rich_last_names]
    # render(backend), not render_as("text"): that scans every installed package's entry
    # points for the backend, once per name part (seconds per build).
    return " ".join(part.render(_PLAIN_TEXT) for part in parts)


def author_year(entry: t.Any) -> str:
    """``Ainsworth 2023``, ``Zhou and Finn 2024``, ``Navon et al. 2023`` (editors without
    authors; the title's first words without either)."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_surname(person) for person in persons]
    if not names:
        who = " ".join(entry.fields.get("title", entry.key).split()[:3])
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    year = entry.fields.get("year", "")
    return f"{who} {year}".strip()


def reader_labels(entries: t.Iterable[t.Any]) -> dict[str, str]:
    """``key -> label`` for ``entries``: by authors and year; entries that would share a label
    get ``a``, ``b``, ... after the year, in the list's order (author, year, title)."""
    ordered = list(AuthorYearTitleSorting().sort(list(entries)))
    labels = [author_year(entry) for entry in ordered]
    shared = Counter(labels)
    seen: Counter[str] = Counter()
    result = {}
    for entry, label in zip(ordered, labels, strict=True):
        if shared[label] > 1:
            seen[label] += 1
            label += "abcdefghijklmnopqrstuvwxyz"[(seen[label] - 1) % 26]
        result[entry.key] = label
    return result


# The labels of every entry of the site's .bib files (use_reading_list): sphinxcontrib-bibtex
# formats each {bibliography} on its own, yet refuses a label used twice on the site. pybtex
# makes the style itself (by name), so the labels cannot be handed to it: set once per build
# at builder-inited, before any list is formatted (forked writers inherit it).
_LABELS: dict[str, str] = {}


def use_reading_list(entries: t.Iterable[t.Any]) -> dict[str, str]:
    """Label the entries of every list from the whole reading list (``entries``); the labels."""
    return use_labels(reader_labels(entries))


def use_labels(labels: dict[str, str]) -> dict[str, str]:
    """Label the entries of every list with these labels (``reader_labels`` of the list)."""
    _LABELS.clear()
    _LABELS.update(labels)
    return labels


class AuthorYearLabelStyle(BaseLabelStyle):  # type: ignore[misc]  # pybtex ships no types
    """Label each entry by its authors and year, as readers cite it (``reader_labels``)."""

    def format_labels(self, sorted_entries: t.Iterable[t.Any]) -> t.Iterator[str]:
        entries = list(sorted_entries)
        local = reader_labels(entry for entry in entries if entry.key not in _LABELS)
        for entry in entries:
            yield _LABELS.get(entry.key) or local[entry.key]


class ReadingListStyle(PlainStyle):  # type: ignore[misc]  # pybtex ships no types
    """pybtex's plain style, labelled by authors and year (``bibtex_default_style =
    "wsl-reading-list"``): numbered labels would restart in every ``{bibliography}`` of a page,
    and keys (``ainsworth2023git``) are for authors of pages, not readers.
    """

    default_label_style = AuthorYearLabelStyle
    # Classes, not names: pybtex finds a name by scanning every installed package's entry points.
    default_name_style = PlainNameStyle
    default_sorting_style = AuthorYearTitleSorting


def register_reading_list_style() -> None:
    register_plugin("pybtex.style.formatting", "wsl-reading-list", ReadingListStyle)
