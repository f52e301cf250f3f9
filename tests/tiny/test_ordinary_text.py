"""Ordinary text in any field builds green strictly and reads the same on every page showing it.

A title with ``= 1`` or ``onward=``, a name with ``<...>``, quotes, ``&``, other scripts than
Latin: each is text, escaped where it is written, and the check of the written pages
(output_check.py) parses them, so it never mistakes that text for markup. Each class of text
goes into a paper title, a person's name, a topic title and a fact of ``_data/workshop.yaml``,
and is then looked for, as text, on every page and export that shows it.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from html_checks import site_pages, text_of
from pylatexenc.latex2text import LatexNodes2Text
from site_build import SITES

PAPER = (SITES / "collections/papers/AbCdEf1234.md").read_text(encoding="utf-8")
PERSON = (SITES / "collections/people/ada-lovelace.md").read_text(encoding="utf-8")
TOPICS = (SITES / "minimal/cfp/topics.yaml").read_text(encoding="utf-8")
INFO = (SITES / "minimal/_data/workshop.yaml").read_text(encoding="utf-8")

# class -> the text put in every field (a paper title, a name, a topic title, a fact)
ORDINARY = {
    "equals after a word": "Why so That One = 1, onward=x and top=",
    "angle brackets and ampersands": "Weights <Nets> & <script>alert(1)</script> <b onclick=x>",
    "quotes": "The \"Weight\" Space's 'Edge' `tick`",
    "non-Latin scripts": "Gewichte über Ελληνικά, 日本語の重み, العربية, Ада",
    "markup-like addresses": "javascript:alert(1) url(https://x.example) src=//x.example",
}


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def _site_files(text: str) -> dict[str, str]:
    name = f"Ada {text} Lovelace"
    paper = PAPER.replace('"Weights Are Data: A Test Paper"', _yaml(text))
    paper = paper.replace("  - Ada Lovelace", f"  - {_yaml(name)}")
    person = PERSON.replace("name: Ada Lovelace", f"name: {_yaml(name)}")
    topics = TOPICS.replace("title: Model/Weight Analysis", f"title: {_yaml(f'Topic {text}')}")
    info = INFO.replace(
        "short_name: Weight Space Learning Workshop", f"short_name: {_yaml(f'WSL {text}')}"
    )
    for edited, original in ((paper, PAPER), (person, PERSON), (topics, TOPICS), (info, INFO)):
        assert edited != original, "the sample files changed: update the replacements"
    return {
        "papers/AbCdEf1234.md": paper,
        "people/ada-lovelace.md": person,
        "cfp/topics.yaml": topics,
        "_data/workshop.yaml": info,
    }


def _text(path) -> str:
    page = BeautifulSoup(text_of(path), "html5lib")
    return " ".join(page.get_text(" ").split())


@pytest.mark.parametrize("case", list(ORDINARY), ids=list(ORDINARY))
def test_ordinary_text_builds_strictly_and_reads_the_same_everywhere(tiny_site, case):
    text = ORDINARY[case]
    built = tiny_site("collections", files=_site_files(text))  # strict: any warning fails
    out = built.outdir
    name = f"Ada {text} Lovelace"
    # The title and the name, as text, on every page that shows them.
    for page in ("papers/AbCdEf1234/index.html", "papers/index.html", "index.html"):
        assert text in _text(out / page), page
    for page in ("people/ada-lovelace/index.html", "people/index.html", "index.html"):
        assert name in _text(out / page), page
    assert f"Topic {text}" in _text(out / "index.html")
    assert f"Topic {text}" in _text(out / "papers/AbCdEf1234/index.html")
    # The short name in the title of every page.
    for page in site_pages(out):
        title = BeautifulSoup(text_of(page), "html5lib").title
        assert f"WSL {text}" in title.get_text(), page
    # The search index and the exports.
    script = text_of(out / "searchindex.js")
    index = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)", script)[1])
    assert text in index["titles"] and name in index["titles"]
    (paper,) = json.loads(text_of(out / "papers.json"))["papers"]
    assert paper["title"] == text and name in paper["authors"]
    bib = re.search(r"^  title = \{(.*)\},$", text_of(out / "papers.bib"), re.M)[1]
    assert " ".join(LatexNodes2Text().latex_to_text(bib).split()) == text


def test_a_page_whose_file_name_has_a_space_builds_strictly(tiny_site):
    index = (SITES / "minimal/index.md").read_text(encoding="utf-8")
    built = tiny_site(
        files={
            "my page.md": "# My page\n\nIt has a space in its file name.\n",
            "index.md": index + "\n```{toctree}\n:hidden:\n\nmy page\n```\n",
        }
    )
    assert "It has a space in its file name." in _text(built.outdir / "my page/index.html")
