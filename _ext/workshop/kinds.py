"""The kinds of record, ONE table: each collection of the site is one :class:`Collection`.

A collection is a folder of Markdown files with front matter (``people/``, ``papers/``,
``news/``): each file is a record of the collection's model. Everything that differs between
kinds is a field of its entry here, and the code asks the entry: the domain (object types,
the role of each kind, titles, labels other sites link to), the reading of records
(``features/records.py``: the model, the problem tag, the page header, the data files the
header shows), search (extra words), hosting (the page's description), the listings and the
exports (which directives list it, which files are made from it) and incremental builds (what a
change invalidates). No other module tests a record's type or compares kind names
(``tests/unit/test_kinds.py`` scans the code for it). In the layers, the table sits with the
Sphinx glue, above ``render/`` (its headers) and the domain, which ``extension.py`` gives the
table (``WorkshopDomain.use_collections``).

Adding a kind (the recipe is in ``README.md``, "Add a kind"): a model in ``model/records.py``,
a header renderer in ``render/``, one entry in :data:`COLLECTIONS`, tests. The domain's
declared kinds follow from this table, and so does the stored layout's version.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .content_policy import IMAGE_FOLDER, MAX_IMAGE_BYTES, image_problem
from .diagnostics import Problem, warn
from .model.fields import PRESENTATIONS, ROLES
from .model.info import WorkshopInfo
from .model.records import (
    NewsPost,
    Paper,
    Person,
    Record,
    ascii_spellings,
    is_published,
)
from .model.yamlio import Located
from .render.news import news_header
from .render.record_pages import paper_header, person_header


@dataclass(frozen=True)
class Collection:
    """One kind of record: where its files are, what they hold, and how the site shows them."""

    kind: str  # the domain's object type and role name: {person}`ada`, workshop:person
    folder: str  # its files: <folder>/<id>.md
    model: type[Record]
    problem: Problem  # the [workshop.<subtype>] of its front matter's problems
    noun: str  # the kind in messages and objects.inv: "a person", "news post"
    label_prefix: str  # std:label of a record: <prefix><id, lower case>
    title: t.Callable[[t.Any], str]  # the page's heading and every link's text
    header: t.Callable[[BuildEnvironment, t.Any], nodes.Element]  # under the heading
    describe: t.Callable[[t.Any, WorkshopInfo], str]  # the page's meta description
    search_words: t.Callable[[t.Any], list[str]]  # indexed, never shown
    listed_by: tuple[str, ...]  # the directives that list its records
    exports: tuple[str, ...] = ()  # keys of the export registry made from its records
    data_files: t.Callable[[Config], tuple[str, ...]] = lambda config: ()  # its header shows
    backlinks: bool = False  # its page lists what links to it (papers by, pages mentioning)
    # In the site's navigation (a toctree of its folder's index) or reached only through its
    # lists: then its pages are orphans, and a folder without a record due yet builds cleanly.
    in_navigation: bool = True
    # A record checked further once validated (its files, its name); None: left out.
    refine: t.Callable[[t.Any, Located, Path], t.Any] = lambda record, located, srcdir: record
    # Whether a record is published at the build's "now" (news: not before its day).
    published: t.Callable[[t.Any, dt.datetime], bool] = lambda record, now: True

    def label(self, record: Record) -> str:
        """The standard label other Sphinx sites link to: ``paper-yicybtcozw``."""
        return f"{self.label_prefix}{record.id.lower()}"


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _workshop(info: WorkshopInfo) -> str:
    return f"the {info.conference} workshop {info.name}"


# -- people ----------------------------------------------------------------------------------------


def _describe_person(person: Person, info: WorkshopInfo) -> str:
    roles = _names([ROLES[role].lower() for role in person.roles])
    return f"{person.name} ({person.affiliation}): {roles} of {_workshop(info)}."


def _checked_photo(person: Person, located: Located, srcdir: Path) -> Person:
    """The person with its photo as a repository path, or without it (and a warning)."""
    if not person.photo:
        return person
    photo = person.photo.strip().lstrip("/")
    problem = image_problem(srcdir / photo, srcdir)
    if problem is None:
        return person.model_copy(update={"photo": photo})
    warn(
        Problem.person,
        f"field 'photo': {person.photo!r}: {problem}; a photo is a PNG, JPEG or WebP file under "
        f"{IMAGE_FOLDER}/ (e.g. {IMAGE_FOLDER}/people/{person.id}.jpg), at most "
        f"{MAX_IMAGE_BYTES:,} bytes; without it the page shows initials",
        location=located.where(("photo",)),
    )
    return person.model_copy(update={"photo": None})


PEOPLE = Collection(
    kind="person",
    folder="people",
    model=Person,
    problem=Problem.person,
    noun="person",
    label_prefix="person-",
    title=lambda person: person.name,
    header=lambda env, person: person_header(person),
    describe=_describe_person,
    search_words=lambda person: ascii_spellings([person.name]),
    listed_by=("people",),
    backlinks=True,
    refine=_checked_photo,
)

# -- papers ----------------------------------------------------------------------------------------


def _describe_paper(paper: Paper, info: WorkshopInfo) -> str:
    return (
        f"Paper by {_names(paper.authors)}, accepted at {_workshop(info)}: "
        f"{PRESENTATIONS[paper.presentation].lower()}, poster session {paper.poster_session}."
    )


def _checked_file_name(paper: Paper, located: Located, srcdir: Path) -> Paper:
    if paper.openreview and paper.openreview != paper.id:
        warn(
            Problem.paper,
            f"the file of paper {paper.openreview!r} is named {paper.id}.md; "
            f"rename it to papers/{paper.openreview}.md",
            location=located.where(("openreview",)),
        )
    return paper


PAPERS = Collection(
    kind="paper",
    folder="papers",
    model=Paper,
    problem=Problem.paper,
    noun="paper",
    label_prefix="paper-",
    title=lambda paper: paper.title,
    header=paper_header,
    describe=_describe_paper,
    search_words=lambda paper: [
        *([paper.openreview] if paper.openreview else []),
        *ascii_spellings(paper.authors),
    ],
    listed_by=("paper-list", "paper-filter"),
    exports=("papers-bib", "papers-json"),
    data_files=lambda config: (config.workshop_topics_file,),  # its header shows topic titles
    refine=_checked_file_name,
)

# -- news ------------------------------------------------------------------------------------------

NEWS = Collection(
    kind="news",
    folder="news",
    model=NewsPost,
    problem=Problem.news,
    noun="news post",
    label_prefix="news-",
    title=lambda post: post.title,
    header=lambda env, post: news_header(post),
    describe=lambda post, info: (
        f"News of {_workshop(info)}, {post.date:%B} {post.date.day}, "
        f"{post.date.year}: {post.title}."
    ),
    search_words=lambda post: [],
    listed_by=("news-list",),
    in_navigation=False,
    exports=("news-atom",),
    published=is_published,
)

COLLECTIONS: tuple[Collection, ...] = (PEOPLE, PAPERS, NEWS)
RECORD_KINDS = tuple(collection.kind for collection in COLLECTIONS)
BY_KIND = {collection.kind: collection for collection in COLLECTIONS}
BY_FOLDER = {collection.folder: collection for collection in COLLECTIONS}
_BY_MODEL = {collection.model: collection for collection in COLLECTIONS}


def collection_of_record(record: Record) -> Collection:
    """The collection of a record (by its model's class, exactly)."""
    return _BY_MODEL[type(record)]


def collection_of_page(
    docname: str, pages_that_are_not_records: t.Iterable[str]
) -> Collection | None:
    """The collection whose record ``docname`` is, or None: records are files directly in a
    collection's folder, except the pages listed in ``workshop_collection_pages``."""
    folder, _, rest = docname.partition("/")
    if not rest or "/" in rest or docname in pages_that_are_not_records:
        return None
    return BY_FOLDER.get(folder)


def collection_of(owner: Sphinx | BuildEnvironment, docname: str) -> Collection | None:
    """The collection whose record the page is (``owner``: the app or the environment)."""
    return collection_of_page(docname, owner.config.workshop_collection_pages)
