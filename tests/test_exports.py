"""The export registry: every data file the build publishes is one entry, linkable by {export}."""

from __future__ import annotations

from workshop.features.exports import EXPORT_KEYS

# The program site has a schedule, dates and papers, but no reading list (no bibtex_bibfiles).
NOT_IN_THIS_SITE = {"reading-list"}
DATA_SUFFIXES = {".ics", ".json", ".xml", ".bib"}


def test_every_published_data_file_is_a_registry_entry_that_pages_can_link(tiny_site):
    keys = [key for key in EXPORT_KEYS if key not in NOT_IN_THIS_SITE]
    links = "\n".join(f"- {{export}}`{key}`" for key in keys)
    built = tiny_site(
        "program", files={"program/index.md": f"# Program\n\n```{{schedule}}\n```\n\n{links}\n"}
    )
    assert built.warning_lines() == []
    page = built.page("program/index")
    hrefs = [a["href"] for a in page.select("a.wsl-export")]
    assert len(hrefs) == len(keys)
    folder = built.outdir / "program"
    linked = {(folder / href).resolve() for href in hrefs}
    assert all(path.is_file() for path in linked), hrefs
    published = {
        path.resolve()
        for path in built.outdir.rglob("*")
        if path.suffix in DATA_SUFFIXES and "_static" not in path.parts
    }
    assert published == linked
