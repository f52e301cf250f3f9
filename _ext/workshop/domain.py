"""The ``workshop`` domain: everything collected from documents, safe for parallel reads.

All collected data is stored per document (``kind -> docname -> value``), so purging a
document and merging the results of parallel readers are the same two loops for every kind.
Code outside this module uses the typed accessors (``people()``, ``add_record()``,
``note_listing(docname, PAPERS)``, ``note_user(Users.agenda, ...)``...), never the kinds'
names. The kinds of record are those of the collections table (``kinds.py``): this module asks
it, never a record's type.

The records (people, papers, news posts) and program slots are the domain's objects:
``get_objects()`` puts them in ``objects.inv`` and in the object results of Sphinx's search;
``{person}``/``{paper}``/``{news}`` and ``{any}`` resolve through ``resolve_xref`` /
``resolve_any_xref``. Each also has a standard label (``person-<file name>``,
``paper-<openreview id, lower case>``, ``news-<file name>``, ``slot-<anchor>``), so any other
Sphinx site links to it through intersphinx without this extension, e.g. in MyST::

    {external+wsl:ref}`paper-yicybtcozw`    (or :external+wsl:ref: / :ref: in reStructuredText)

and the link's text is the record's title.
"""

from __future__ import annotations

import enum
import typing as t

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.errors import NoUri
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .diagnostics import Problem, warn
from .model.records import NewsPost, Paper, Person, Record

if t.TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from .kinds import Collection

RecordKind = str  # a kind of the collections table (kinds.COLLECTIONS): "person", "paper", ...
SLOT = "slot"  # the program's slots: objects of the domain, not records
Refs = tuple[tuple[str, str], ...]  # ((record kind, target), ...) in the order of the page


class Users(enum.Enum):
    """Pages that use a feature, noted when read (the value is the stored kind)."""

    state = "state_users"  # shows a date whose state (upcoming, passed) can change
    listing = "listed_kinds"  # lists records (the kinds listed): written again when one changes
    paper_filter = "paper_filter_users"  # has the paper filter (loads its script)
    localtime = "localtime_users"  # has the local-time toggle
    schedule = "schedule_users"  # shows the program (the exports link back to it)
    program_table = "program_table_users"  # holds the table: the anchors of the slots
    agenda = "agenda_users"  # has the agenda or the day's hours (loads agenda.js, localtime.js)


# What the domain stores, per document, besides the records of each kind of the collections
# table. A new kind must be declared here: the kinds are part of the stored layout's version
# (stored_layout.py, with the record kinds), so old pickled environments are discarded.
KINDS = frozenset(
    {
        "bibtex",  # the paper's BibTeX entry (str)
        "summary",  # the text of a news post, plain (str): its feed entry
        "refs",  # Refs of the record roles ({person}, {paper}...) on the page
        "data_files",  # what the page shows of data files: frozenset of (file, key or None: all)
        *(feature.value for feature in Users),  # True: the page uses the feature
    }
)


def refused_ids(env: BuildEnvironment, kind: RecordKind) -> set[str]:
    """The ids of the record files of ``kind`` that were refused: their problem was reported
    in their file, so a reference to one is not reported once more."""
    records = domain(env)
    folder = next(c.folder for c in records.collections if c.kind == kind)
    pages = env.config.workshop_collection_pages
    return {
        name
        for docname in env.found_docs
        for place, _, name in [docname.partition("/")]
        if place == folder
        and name
        and "/" not in name
        and docname not in pages
        and records.record(docname) is None
    }


def record_anchor(record: Record) -> str:
    """The id of the section that holds a record's page: objects point at it (Sphinx's search
    takes an object without an anchor to be at ``#<its name>``)."""
    return nodes.make_id(record.id) or "record"


def slot_label(anchor: str) -> str:
    """The standard label of a program slot: ``slot-<anchor>``."""
    return f"slot-{anchor}"


class WorkshopDomain(Domain):
    name = "workshop"
    label = "Workshop"
    # With the record kinds of the collections table: use_collections().
    object_types: t.ClassVar = {SLOT: ObjType("program slot", SLOT)}
    # So a site that loads this extension can write {external+wsl:workshop:paper}`<id>` too.
    roles: t.ClassVar = {SLOT: XRefRole()}
    initial_data: t.ClassVar[dict] = {"docs": {}}
    # The kinds of record (kinds.COLLECTIONS): extension.py gives them with use_collections()
    # before Sphinx makes the domain (the table is above the domain in the layers).
    collections: t.ClassVar[tuple[Collection, ...]] = ()

    # The digest of the stored layout (stored_layout.py): extension.py sets it once every module
    # is imported, before Sphinx makes the domain (the wiring is above the domain).
    data_version: t.ClassVar[int] = 0

    @classmethod
    def use_collections(cls, collections: t.Iterable[Collection]) -> None:
        """The kinds of record: their object types and roles (``workshop:<kind>``)."""
        cls.collections = tuple(collections)
        kinds = {c.kind: ObjType(c.noun, c.kind) for c in cls.collections}
        cls.object_types = {**kinds, SLOT: ObjType("program slot", SLOT)}
        cls.roles = {kind: XRefRole() for kind in (*kinds, SLOT)}

    @property
    def record_kinds(self) -> tuple[RecordKind, ...]:
        return tuple(collection.kind for collection in self.collections)

    def collection_of_record(self, record: Record) -> Collection:
        return next(c for c in self.collections if type(record) is c.model)

    def display_name(self, record: Record) -> str:
        return self.collection_of_record(record).title(record)

    # -- storage (kind -> docname -> value) -------------------------------------------------------

    def _kind(self, kind: str) -> dict[str, t.Any]:
        if kind not in KINDS and kind not in self.record_kinds:
            raise ValueError(f"undeclared workshop domain kind {kind!r}: add it to domain.KINDS")
        return self.data["docs"].setdefault(kind, {})

    # put/get/items take a kind's name: for this module; elsewhere the typed accessors below.
    def put(self, kind: str, docname: str, value: t.Any) -> None:
        self._kind(kind)[docname] = value
        if kind in self.record_kinds:
            self._changed()

    def _changed(self) -> None:
        self.__dict__.pop("_records_by_id", None)

    def get(self, kind: str, docname: str) -> t.Any:
        """One document's value, or None; without sorting the whole kind (once per page)."""
        return self.data["docs"].get(kind, {}).get(docname)

    def items(self, kind: str) -> dict[str, t.Any]:
        """``docname -> value`` for one kind, in document order."""
        return dict(sorted(self._kind(kind).items()))

    # -- records ----------------------------------------------------------------------------------

    def add_record(self, docname: str, record: Record) -> None:
        self.put(self.collection_of_record(record).kind, docname, record)

    def record(self, docname: str) -> Record | None:
        """The record of a page (of any kind), or None."""
        for kind in self.record_kinds:
            record = self.get(kind, docname)
            if record is not None:
                return record
        return None

    def record_of(self, collection: Collection, docname: str) -> Record | None:
        """The record of a page if it is one of ``collection``, else None."""
        return self.get(collection.kind, docname)

    def person(self, docname: str) -> Person | None:
        return self.get("person", docname)

    def paper(self, docname: str) -> Paper | None:
        return self.get("paper", docname)

    def records_by_doc(self, kind: RecordKind) -> dict[str, Record]:
        """``docname -> record`` of one kind, in document order."""
        return self.items(kind)

    def records(self, kind: RecordKind) -> dict[str, Record]:
        """``id -> record`` of one kind, sorted by id; made once until the records change (every
        paper page reads them: at thousands of papers, sorting them each time was quadratic).
        Callers read it, never change it."""
        cache = self.__dict__.setdefault("_records_by_id", {})
        if kind not in cache:
            by_doc = self._kind(kind).values()
            cache[kind] = {record.id: record for record in sorted(by_doc, key=lambda r: r.id)}
        return cache[kind]

    def people(self) -> dict[str, Person]:
        return self.records("person")  # type: ignore[return-value]

    def papers(self) -> dict[str, Paper]:
        return self.records("paper")  # type: ignore[return-value]

    def news(self) -> dict[str, NewsPost]:
        return self.records("news")  # type: ignore[return-value]

    def set_bibtex(self, docname: str, entry: str) -> None:
        self.put("bibtex", docname, entry)

    def bibtex(self, docname: str) -> str | None:
        """The BibTeX entry of a paper page (under its provisional key), or None."""
        return self.get("bibtex", docname)

    def set_summary(self, docname: str, text: str) -> None:
        self.put("summary", docname, text)

    def summary(self, docname: str) -> str:
        """The plain text of a news post (its feed entry), or ""."""
        return self.get("summary", docname) or ""

    # -- references and users ---------------------------------------------------------------------

    def add_ref(self, docname: str, kind: RecordKind, target: str) -> None:
        self.put("refs", docname, (*(self.get("refs", docname) or ()), (kind, target)))

    def refs(self) -> dict[str, Refs]:
        """``docname -> ((kind, target), ...)`` of the record roles (``{person}``...)."""
        return self.items("refs")

    def refs_to(self, collection: Collection) -> dict[str, set[str]]:
        """``docname -> ids of the records of ``collection`` its roles name``."""
        return {
            docname: {target for kind, target in refs if kind == collection.kind}
            for docname, refs in self.refs().items()
        }

    def note_user(self, feature: Users, docname: str) -> None:
        self.put(feature.value, docname, True)

    def note_listing(self, docname: str, *shown: Collection) -> None:
        """The page lists records of these collections: written again when one of them changes
        (a paper list links its authors: people too)."""
        listed = self.get(Users.listing.value, docname) or frozenset()
        self.put(Users.listing.value, docname, listed | {c.kind for c in shown})

    def listings_of(self, kinds: t.Collection[str]) -> list[str]:
        """The pages that list records of any of these kinds, in document order."""
        return [doc for doc, listed in self.items(Users.listing.value).items() if listed & kinds]

    def users(self, feature: Users) -> list[str]:
        """The pages that use ``feature``, in document order."""
        return list(self.items(feature.value))

    def uses(self, feature: Users, docname: str) -> bool:
        return bool(self.get(feature.value, docname))

    def note_state_user(self, docname: str) -> None:
        self.note_user(Users.state, docname)

    def note_paper_browser(self, docname: str, per_page: int) -> None:
        """The page has the papers page's list, ``per_page`` papers on each of its pages."""
        self.put(Users.paper_filter.value, docname, per_page)

    def paper_browsers(self) -> dict[str, int]:
        """``docname -> papers per page`` of the pages with the papers page's list."""
        return self.items(Users.paper_filter.value)

    def state_users(self) -> list[str]:
        return self.users(Users.state)

    def note_data_file(self, docname: str, source: str, key: str | None = None) -> None:
        """The page shows ``key`` of the data file ``source`` (None: all of the file)."""
        noted = self.get("data_files", docname) or frozenset()
        self.put("data_files", docname, noted | {(source, key)})

    def data_file_users(self) -> dict[tuple[str, str | None], list[str]]:
        """``(data file, key or None) -> the pages that show it``, in document order."""
        users: dict[tuple[str, str | None], list[str]] = {}
        for docname, shown in self.items("data_files").items():
            for source_and_key in shown:
                users.setdefault(source_and_key, []).append(docname)
        return users

    # -- parallel reads ---------------------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        for values in self.data["docs"].values():
            values.pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: t.AbstractSet[str], otherdata: dict) -> None:
        for kind, values in otherdata["docs"].items():
            mine = self._kind(kind)
            for docname, value in values.items():
                if docname in docnames:
                    mine[docname] = value
        self._changed()

    # -- objects and cross-references -------------------------------------------------------------

    def get_objects(self) -> t.Iterator[tuple[str, str, str, str, str, int]]:
        """``(id, name, kind, docname, anchor, priority)``: people, papers, program slots.

        A record has its own page, which search lists already: priority -1 keeps its object out
        of the results (one result per page) and in ``objects.inv`` for intersphinx."""
        for kind in self.record_kinds:
            for docname, record in self.items(kind).items():
                yield record.id, self.display_name(record), kind, docname, record_anchor(record), -1
        yield from self._slot_objects()

    def _slot_objects(self) -> t.Iterator[tuple[str, str, str, str, str, int]]:
        """Each slot of the program, on the page that shows the program's table."""
        from .state import site_data  # the domain is created before the data is loaded

        schedule = site_data(self.env).schedule
        for docname in self.users(Users.program_table):
            for slot in schedule.slots if schedule is not None else ():
                yield (
                    slot.anchor,
                    f"{slot.starts:%H:%M} {slot.title}",
                    SLOT,
                    docname,
                    slot.anchor,
                    1,
                )

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        if typ == SLOT:
            return self._resolve_slot(builder, fromdocname, target)
        if typ not in self.record_kinds:
            return None
        records = self.records(typ)
        record = records.get(target)
        if record is None:
            if target in refused_ids(env, typ):  # reported in its own file, once
                return nodes.literal("", target)
            known = ", ".join(records) or "(none)"
            warn(
                Problem.reference,
                f"unknown {typ} {target!r} in the {{{typ}}} role; use the file name of a "
                f"{typ} page without .md, one of: {known}",
                location=node,
            )
            return nodes.literal("", target)
        return page_link(
            builder,
            fromdocname,
            record.docname,
            self.display_name(record),
            classes=[f"wsl-{typ}-ref"],
        )

    def _resolve_slot(self, builder, fromdocname: str, target: str) -> nodes.Element | None:
        for anchor, name, _, docname, _, _ in self._slot_objects():
            if anchor == target:
                link = page_link(builder, fromdocname, docname, name)
                if isinstance(link, nodes.reference) and "refuri" in link:
                    link["refuri"] += f"#{anchor}"
                return link
        return None

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = []
        for kind in self.record_kinds:
            record = self.records(kind).get(target)
            if record is not None:
                link = page_link(builder, fromdocname, record.docname, self.display_name(record))
                found.append((f"workshop:{kind}", link))
        return found


def page_link(
    builder, fromdocname: str, docname: str, text: str, *, classes: t.Iterable[str] = ()
) -> nodes.Element:
    """A link to a page of the site with ``text``; the text alone where the builder has no
    URI for that page (``NoUri``, e.g. a page left out of a single-file build)."""
    try:
        link = make_refnode(builder, fromdocname, docname, "", nodes.inline("", text))
    except NoUri:
        return nodes.inline("", text, classes=list(classes))
    link["classes"] = ["reference", "internal", *classes]
    return link


def relative_uri(builder, fromdocname: str, docname: str) -> str:
    """The URI of ``docname`` from ``fromdocname``; "" where the builder has none (``NoUri``)."""
    try:
        return builder.get_relative_uri(fromdocname, docname)
    except NoUri:
        return ""


def target_uri(builder, docname: str) -> str | None:
    """The URI of ``docname`` from the site's root; None where the builder has none (``NoUri``)."""
    try:
        return builder.get_target_uri(docname)
    except NoUri:
        return None


def domain(env: BuildEnvironment) -> WorkshopDomain:
    return env.get_domain("workshop")  # type: ignore[return-value]
