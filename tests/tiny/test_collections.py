"""People and papers: records from front matter, listings, cross-references, bad input."""

from __future__ import annotations

import html
import json
import posixpath

import pytest
import yaml
from docutils import nodes
from site_build import SITES
from sphinx.errors import NoUri
from sphinx.util.inventory import InventoryFile
from workshop.domain import page_link

PERSON = (SITES / "collections/people/ada-lovelace.md").read_text()
PAPER = (SITES / "collections/papers/AbCdEf1234.md").read_text()


# -- the real site -----------------------------------------------------------------------------


# -- tiny sites: behaviour and bad input ---------------------------------------------------------


def test_roles_render_names_and_titles_with_links(tiny_site):
    built = tiny_site("collections")
    links = {a.get_text(): a["href"] for a in built.page().select("main p a")}
    assert links["Ada Lovelace"] == "people/ada-lovelace/"
    assert links["Weights Are Data: A Test Paper"] == "papers/AbCdEf1234/"
    person = built.page("people/ada-lovelace")
    assert person.select_one(".wsl-avatar").get_text() == "AL"
    assert "Weights Are Data" in person.get_text()  # papers authored
    # The pages that mention the person: the home page (its {person} role), linked by title.
    rubric = person.find(class_="rubric", string="Mentioned on")
    assert rubric is not None, "the person page has no 'Mentioned on' list"
    mentions = rubric.find_next("ul", class_="wsl-backlinks").select("a")
    assert [(a.get_text(), a["href"]) for a in mentions] == [("Home", "../../")]


def test_listing_follows_the_records(tiny_site):
    page = tiny_site("collections").page("papers/index")
    assert [r.get_text() for r in page.select(".wsl-group")] == [
        "Poster session 1 (0)",
        "Poster session 2 (1)",
    ]


def test_unknown_record_reference_is_located(tiny_site):
    index = (SITES / "collections/index.md").read_text()
    built = tiny_site(
        "collections",
        allow_warnings=True,
        files={"index.md": index.replace("{person}`ada-lovelace`", "{person}`ada-lovelance`")},
    )
    (warning,) = built.warning_lines()
    assert "index.md:3" in warning and "[workshop.reference]" in warning
    assert "unknown person 'ada-lovelance'" in warning and "ada-lovelace" in warning


def with_field(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


BAD_INPUT = {
    "missing required field": (
        "people/ada-lovelace.md",
        with_field(PERSON, "affiliation: Analytical Engine Society\n", ""),
        "[workshop.person]",
        2,
        ["missing required field 'affiliation'"],
    ),
    "unknown role": (
        "people/ada-lovelace.md",
        with_field(PERSON, "[organizer, invited-speaker]", "[organiser]"),
        "[workshop.person]",
        3,
        ["roles.0", "'invited-speaker', 'organizer' or 'steering-committee'"],
    ),
    "unknown presentation": (
        "papers/AbCdEf1234.md",
        with_field(PAPER, "presentation: spotlight", "presentation: oral"),
        "[workshop.paper]",
        7,
        ["presentation", "'spotlight' or 'poster'", "'oral'"],
    ),
    "unknown poster session": (
        "papers/AbCdEf1234.md",
        with_field(PAPER, "poster_session: 2", "poster_session: 3"),
        "[workshop.paper]",
        8,
        ["poster_session", "1 or 2"],
    ),
    "unknown topic": (
        "papers/AbCdEf1234.md",
        with_field(PAPER, "[model-analysis]", "[model-analysys]"),
        "[workshop.paper]",
        11,
        ["unknown topic area 'model-analysys'", "model-analysis"],
    ),
    "URL that is not http(s)": (
        "people/ada-lovelace.md",
        with_field(PERSON, "https://example.org/ada", "javascript:alert(1)"),
        "[workshop.person]",
        5,
        ["homepage", "https://"],
    ),
    "YAML syntax error": (
        "papers/AbCdEf1234.md",
        with_field(PAPER, "topics: [model-analysis]", "topics: [model-analysis"),
        "[workshop.data]",
        11,
        ["YAML syntax error"],
    ),
    "unknown field": (
        "papers/AbCdEf1234.md",
        with_field(PAPER, "poster_session: 2", "poster_session: 2\nsummary: x"),
        "[workshop.paper]",
        9,
        ["unknown field 'summary'", "allowed fields:", "topics"],
    ),
    "file name differs from the id": (
        "papers/AbCdEf1234.md",
        with_field(PAPER, "openreview: AbCdEf1234", "openreview: ZzCdEf1234"),
        "[workshop.paper]",
        6,
        ["rename it to papers/ZzCdEf1234.md"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUT), ids=list(BAD_INPUT))
def test_bad_record_fails_with_a_typed_located_warning(tiny_site, case):
    path, text, tag, line, fragments = BAD_INPUT[case]
    built = tiny_site("collections", files={path: text}, allow_warnings=True)
    matching = [w for w in built.warning_lines() if tag in w and f"{path}:{line}:" in w]
    assert matching, built.warnings
    for fragment in fragments:
        assert fragment in "\n".join(matching), fragment


def test_duplicate_paper_id_is_reported(tiny_site):
    built = tiny_site(
        "collections",
        allow_warnings=True,
        files={
            "papers/copy.md": with_field(
                PAPER, 'title: "Weights Are Data: A Test Paper"', 'title: "Another title"'
            )
        },
    )
    warnings = "\n".join(built.warning_lines())
    assert "[workshop.collection]" in warnings
    assert "papers/AbCdEf1234.md and papers/copy.md are the same paper (same openreview" in warnings
    assert "papers/copy.md:2" in warnings


def test_two_files_for_one_person_are_reported(tiny_site):
    built = tiny_site(
        "collections",
        allow_warnings=True,
        files={"people/ada-lovelace-2.md": PERSON.replace("Ada Lovelace", "ADA LOVELACE")},
    )
    warnings = "\n".join(built.warning_lines())
    assert "people/ada-lovelace.md and people/ada-lovelace-2.md are the same person" in warnings
    assert "[workshop.collection]" in warnings


def test_stray_page_in_papers_is_reported(tiny_site):
    built = tiny_site(
        "collections", allow_warnings=True, files={"papers/notes.md": "# Notes\n\nSome notes.\n"}
    )
    (warning,) = [w for w in built.warning_lines() if "[workshop.collection]" in w]
    assert "papers/notes.md:1" in warning
    assert "has no front matter" in warning and "workshop_collection_pages" in warning


# -- other builders, other sites ---------------------------------------------------------------

SECOND_PAPER = {  # a second paper, in the other poster session, by the person of the site
    "papers/XyZw987654.md": with_field(
        with_field(PAPER, "AbCdEf1234", "XyZw987654"),
        'title: "Weights Are Data: A Test Paper"',
        'title: "Zoos of Models, & Their <Weights>"',
    ).replace("poster_session: 2", "poster_session: 1")
}


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def record_files(srcdir, folder: str) -> dict[str, dict]:
    """``id -> front matter`` of the records of a built site (its files, not the build)."""
    return {
        path.stem: front_matter(path)
        for path in sorted((srcdir / folder).glob("*.md"))
        if path.name != "index.md"
    }


def test_text_builder_shows_every_paper_of_a_listing(tiny_site):
    built = tiny_site("collections", files=SECOND_PAPER, builder="text")
    listing = (built.outdir / "papers/index.txt").read_text(encoding="utf-8")
    papers = record_files(built.srcdir, "papers")
    assert len(papers) > 1
    for paper in papers.values():
        assert paper["title"] in listing
        assert f"* {paper['title']}" in listing, "each paper is an item of a bullet list"
        assert all(author in listing for author in paper["authors"])


def test_people_and_papers_are_objects_for_intersphinx_and_pages_for_search(tiny_site):
    """Intersphinx finds every record as an object; search lists each record once, as its page
    (an object result beside it would show it twice: priority -1 keeps it out)."""
    built = tiny_site("collections", files=SECOND_PAPER)
    with (built.outdir / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "https://wsl.example/", posixpath.join)
    objects = {
        (kind.removeprefix("workshop:"), name): (item.uri, item.display_name)
        for kind, items in inventory.items()
        if kind.startswith("workshop:")
        for name, item in items.items()
    }
    expected = {
        ("person", stem): (f"https://wsl.example/people/{stem}/#{stem.lower()}", record["name"])
        for stem, record in record_files(built.srcdir, "people").items()
    } | {
        ("paper", stem): (f"https://wsl.example/papers/{stem}/#{stem.lower()}", record["title"])
        for stem, record in record_files(built.srcdir, "papers").items()
    }
    assert objects == expected
    for uri, _ in objects.values():  # each object points at its page's record section
        page, _, anchor = uri.removeprefix("https://wsl.example/").partition("#")
        assert built.page(page.rstrip("/")).find(id=anchor), uri
    script = (built.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    names = {entry[4] for entries in index["objects"].values() for entry in entries}
    assert not names & {html.escape(name) for _, name in expected.values()}
    titles = dict(zip(index["docnames"], index["titles"], strict=True))
    for kind, stem in expected:
        folder = "people" if kind == "person" else "papers"
        assert titles[f"{folder}/{stem}"], (kind, stem)  # the page is in the index


def test_markdown_links_find_people_and_papers_by_id(tiny_site):
    """MyST resolves a link to a target that is no page through every domain's
    ``resolve_any_xref``: ``[](ada-lovelace)`` links to the person."""
    index = (SITES / "collections/index.md").read_text()
    built = tiny_site(
        "collections",
        files={"index.md": index + "\nAlso [](ada-lovelace) and [](AbCdEf1234).\n"},
    )
    links = [(a.get_text(), a["href"]) for a in built.page().select("main p a")]
    assert ("Ada Lovelace", "people/ada-lovelace/") in links[2:]
    assert ("Weights Are Data: A Test Paper", "papers/AbCdEf1234/") in links[2:]


class BuilderWithoutUris:
    """A builder that has no URI for any page (as Sphinx's raise ``NoUri`` for some pages)."""

    def get_relative_uri(self, fromdocname: str, docname: str) -> str:
        raise NoUri(docname)


def test_a_page_without_a_uri_is_named_not_linked():
    link = page_link(BuilderWithoutUris(), "index", "people/ada-lovelace", "Ada Lovelace")
    assert link.astext() == "Ada Lovelace"
    assert not list(link.findall(nodes.reference))
