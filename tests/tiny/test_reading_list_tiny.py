"""Any page can cite an entry of the reading list (a tiny site)."""

from __future__ import annotations

from collections import Counter

from site_build import ROOT, SITES

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
