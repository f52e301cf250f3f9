"""Any page can cite an entry of the reading list (a tiny site)."""

from __future__ import annotations

from collections import Counter

from site_build import ROOT, SITES, build

BIB = ROOT / "papers/reading-list.bib"


CITING_CONF = (
    (SITES / "minimal/conf.py").read_text()
    + """
extensions.append("sphinxcontrib.bibtex")
workshop_collection_pages = ["papers/reading-list"]
bibtex_bibfiles = ["papers/reading-list.bib"]
bibtex_default_style = "wsl-reading-list"
bibtex_cite_id = "cite-{bibliography_count}-{key}"
bibtex_reference_style = "author_year"
"""
)


CITING_PAGE = """# Home

Weights can be merged once aligned {cite:p}`ainsworth2023git`; see {cite:t}`han2026survey`.

## Topics

```{topic-areas}
```

```{toctree}
papers/reading-list
```
"""


def test_any_page_can_cite_an_entry_of_the_list(tiny_site):
    built = tiny_site(
        files={
            "conf.py": CITING_CONF,
            "index.md": CITING_PAGE,
            # The tiny site has no CFP page: the list's link to it becomes plain text.
            "papers/reading-list.md": (ROOT / "papers/reading-list.md")
            .read_text(encoding="utf-8")
            .replace("[call for papers](../cfp/index.md#topics)", "call for papers"),
            "papers/reading-list.bib": BIB.read_text(encoding="utf-8"),
        }
    )
    citations = built.page().select("main .bibtex-citation a")
    assert [a.get_text() for a in citations] == ["Ainsworth et al., 2023", "2026"]
    reading_list = built.page("papers/reading-list")
    for link in citations:
        path, anchor = link["href"].split("#")
        assert path == "papers/reading-list/"
        target = reading_list.find(id=anchor)
        assert target is not None and "citation" in target["class"]
    labels = Counter(
        label.get_text(strip=True) for label in reading_list.select(".citation .label")
    )
    assert labels["[Ainsworth et al. 2023]"] == 1 and labels["[Han et al. 2026]"] == 1
    assert not any("2023git" in label for label in labels), "labels are not BibTeX keys"


def citing_site(tiny_site):
    return tiny_site(
        files={
            "conf.py": CITING_CONF,
            "index.md": CITING_PAGE,
            "papers/reading-list.md": (ROOT / "papers/reading-list.md")
            .read_text(encoding="utf-8")
            .replace("[call for papers](../cfp/index.md#topics)", "call for papers"),
            "papers/reading-list.bib": BIB.read_text(encoding="utf-8"),
        }
    )


def test_the_list_is_formatted_again_only_when_it_changed(tiny_site, monkeypatch):
    """sphinxcontrib-bibtex formats the whole list in every build; it is kept from the last
    build while its entries, their order and style are the same (compat/bibtex_entries.py)."""
    from workshop.compat import bibtex_entries

    built = citing_site(tiny_site)
    formatted = []
    original = bibtex_entries._FORMAT
    monkeypatch.setattr(
        bibtex_entries,
        "_FORMAT",
        lambda *args: formatted.append(args[1]) or original(*args),
    )
    index = built.srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(built.srcdir, built.outdir, freshenv=False)
    assert formatted == []
    # An edited entry is formatted again and shows; nothing stale.
    bib = built.srcdir / "papers/reading-list.bib"
    old_title = "{Git Re-Basin}: Merging Models modulo Permutation Symmetries"
    text = bib.read_text(encoding="utf-8")
    assert old_title in text
    bib.write_text(text.replace(old_title, "Re-Basin Revisited"), encoding="utf-8")
    rebuilt = build(built.srcdir, built.outdir, freshenv=False)
    assert formatted
    entries = rebuilt.page("papers/reading-list").select(".citation")
    shown = " ".join(entry.get_text(" ") for entry in entries).lower()  # the style's case
    assert "re-basin revisited" in shown and "merging models modulo" not in shown


def test_the_list_is_parsed_again_only_when_a_file_changed(tiny_site, monkeypatch):
    """Its parse and labels are kept from the last build while its files are the same."""
    from workshop.features import citations

    built = citing_site(tiny_site)
    parsed = []
    original = citations._LocatingParser.parse_string
    monkeypatch.setattr(
        citations._LocatingParser,
        "parse_string",
        lambda self, text: parsed.append(text) or original(self, text),
    )
    index = built.srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(built.srcdir, built.outdir, freshenv=False)
    assert parsed == []
    # An edited author is parsed again and labels the citation on the page; nothing stale.
    bib = built.srcdir / "papers/reading-list.bib"
    text = bib.read_text(encoding="utf-8")
    assert "Ainsworth, Samuel K." in text
    bib.write_text(text.replace("Ainsworth, Samuel K.", "Aardvark, Samuel K."), encoding="utf-8")
    rebuilt = build(built.srcdir, built.outdir, freshenv=False)
    assert len(parsed) == 1
    citations = [link.get_text() for link in rebuilt.page("index").select("a")]
    assert "Aardvark et al., 2023" in citations
    assert "Ainsworth" not in rebuilt.page("index").get_text(" ")
    listed = rebuilt.page("papers/reading-list").get_text(" ")
    assert "Aardvark et al. 2023" in listed and "Ainsworth" not in listed  # its label
