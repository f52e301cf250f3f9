"""The ``workshop`` domain: everything collected from documents, safe for parallel reads.

All collected data is stored per document (``kind -> docname -> value``), so purging a
document and merging the results of parallel readers are the same two loops for every kind.
Code outside this module uses the typed accessors (``people()``, ``add_record()``,
``note_user(Users.listing, ...)``...), never the kinds' names.

People, papers and program slots are the domain's objects: ``get_objects()`` puts them in
``objects.inv`` (other Sphinx sites link to them with intersphinx:
``:external+wsl:workshop:person:`ada```) and in the object results of Sphinx's search;
``{person}``/``{paper}`` and ``{any}`` resolve through ``resolve_xref``/``resolve_any_xref``.
"""

from __future__ import annotations

import enum
import typing as t

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from .diagnostics import Problem, warn
from .model.records import Paper, Person

if t.TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

RecordKind = t.Literal["person", "paper"]
RECORD_KINDS: tuple[RecordKind, ...] = ("person", "paper")
Record = Person | Paper
Refs = tuple[tuple[str, str], ...]  # ((record kind, target), ...) in the order of the page


class Users(enum.Enum):
    """Pages that use a feature, noted when read (the value is the stored kind)."""

    state = "state_users"  # shows a date whose state (upcoming, passed) can change
    listing = "listing_users"  # lists records: written again when a record changes
    paper_filter = "paper_filter_users"  # has the paper filter (loads its script)
    localtime = "localtime_users"  # has the local-time toggle
    schedule = "schedule_users"  # shows the program (the exports link back to it)
    program_table = "program_table_users"  # holds the table: the anchors of the slots


# What the domain stores, per document. A new kind must be declared here: the kinds are part of
# the stored layout's version (stored_layout.py), so old pickled environments are discarded.
KINDS = frozenset(
    {
        "person",  # records.Person
        "paper",  # records.Paper
        "bibtex",  # the paper's BibTeX entry (str)
        "refs",  # Refs of the {person} and {paper} roles on the page
        "data_files",  # the data files the page shows (frozenset of names from the source folder)
        *(feature.value for feature in Users),  # True: the page uses the feature
    }
)


# Folder -> (record kind, model). A file in one of these folders is a record unless it is
# listed in ``workshop_collection_pages``.
COLLECTIONS: dict[str, tuple[RecordKind, type[Record]]] = {
    "people": ("person", Person),
    "papers": ("paper", Paper),
}


def collection_of(
    owner: Sphinx | BuildEnvironment, docname: str
) -> tuple[RecordKind, type[Record]] | None:
    """The record kind and model of a page, or None for a page that is not a record."""
    folder, _, rest = docname.partition("/")
    if not rest or "/" in rest or docname in owner.config.workshop_collection_pages:
        return None
    return COLLECTIONS.get(folder)


def refused_ids(env: BuildEnvironment, kind: RecordKind) -> set[str]:
    """The ids of the record files of ``kind`` that were refused: their problem was reported
    in their file, so a reference to one is not reported once more."""
    records = domain(env)
    return {
        docname.partition("/")[2]
        for docname in env.found_docs
        if (found := collection_of(env, docname)) is not None
        and found[0] == kind
        and records.record(docname) is None
    }


def domain(env: BuildEnvironment) -> WorkshopDomain:
    return env.get_domain("workshop")  # type: ignore[return-value]


def record_kind(record: Record) -> RecordKind:
    return "person" if isinstance(record, Person) else "paper"


def record_anchor(record: Record) -> str:
    """The id of the section that holds a record's page: objects point at it (Sphinx's search
    takes an object without an anchor to be at ``#<its name>``)."""
    return nodes.make_id(record.id) or "record"


def display_name(record: Record) -> str:
    return record.name if isinstance(record, Person) else record.title


class WorkshopDomain(Domain):
    name = "workshop"
    label = "Workshop"
    object_types: t.ClassVar = {
        "person": ObjType("person", "person"),
        "paper": ObjType("paper", "paper"),
        "slot": ObjType("program slot", "slot"),
    }
    initial_data: t.ClassVar[dict] = {"docs": {}}

    # The digest of the stored layout (stored_layout.py): extension.py sets it once every module
    # is imported, before Sphinx makes the domain (the wiring is above the domain).
    data_version: t.ClassVar[int] = 0

    # -- storage (kind -> docname -> value) -------------------------------------------------------

    def _kind(self, kind: str) -> dict[str, t.Any]:
        if kind not in KINDS:
            raise ValueError(f"undeclared workshop domain kind {kind!r}: add it to domain.KINDS")
        return self.data["docs"].setdefault(kind, {})

    # put/get/items take a kind's name: for this module; elsewhere the typed accessors below.
    def put(self, kind: str, docname: str, value: t.Any) -> None:
        self._kind(kind)[docname] = value
        if kind in RECORD_KINDS:
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
        self.put(record_kind(record), docname, record)

    def record(self, docname: str) -> Record | None:
        """The person or paper of a page, or None."""
        return self.get("person", docname) or self.get("paper", docname)

    @t.overload
    def records_by_doc(self, kind: t.Literal["person"]) -> dict[str, Person]: ...
    @t.overload
    def records_by_doc(self, kind: t.Literal["paper"]) -> dict[str, Paper]: ...
    @t.overload
    def records_by_doc(self, kind: RecordKind) -> dict[str, Record]: ...
    def records_by_doc(self, kind: RecordKind) -> dict[str, t.Any]:
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

    def set_bibtex(self, docname: str, entry: str) -> None:
        self.put("bibtex", docname, entry)

    def bibtex(self, docname: str) -> str | None:
        """The BibTeX entry of a paper page (under its provisional key), or None."""
        return self.get("bibtex", docname)

    # -- references and users ---------------------------------------------------------------------

    def add_ref(self, docname: str, kind: RecordKind, target: str) -> None:
        self.put("refs", docname, (*(self.get("refs", docname) or ()), (kind, target)))

    def refs(self) -> dict[str, Refs]:
        """``docname -> ((kind, target), ...)`` of the ``{person}``/``{paper}`` roles."""
        return self.items("refs")

    def note_user(self, feature: Users, docname: str) -> None:
        self.put(feature.value, docname, True)

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

    def note_data_file(self, docname: str, source: str) -> None:
        self.put("data_files", docname, (self.get("data_files", docname) or frozenset()) | {source})

    def data_file_users(self) -> dict[str, list[str]]:
        """``data file -> the pages that show it``, in document order."""
        users: dict[str, list[str]] = {}
        for docname, sources in self.items("data_files").items():
            for source in sources:
                users.setdefault(source, []).append(docname)
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
        """``(id, name, kind, docname, anchor, priority)``: people, papers, program slots."""
        for kind in RECORD_KINDS:
            for docname, record in self.items(kind).items():
                yield record.id, display_name(record), kind, docname, record_anchor(record), 1
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
                    "slot",
                    docname,
                    slot.anchor,
                    1,
                )

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        if typ not in RECORD_KINDS:
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
            builder, fromdocname, record.docname, display_name(record), classes=[f"wsl-{typ}-ref"]
        )

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = []
        for kind in RECORD_KINDS:
            record = self.records(kind).get(target)
            if record is not None:
                link = page_link(builder, fromdocname, record.docname, display_name(record))
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
