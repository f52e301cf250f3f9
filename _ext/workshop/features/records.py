"""The collections (``kinds.COLLECTIONS``): each Markdown file directly under a collection's
folder (people/, papers/, news/) is a record of that collection.

At read time the front matter is validated into a record of the collection's model, stored in
the ``workshop`` domain, and the page gets its heading, its header (the collection's renderer)
and its standard label (``person-<id>``..., for other sites' intersphinx) from it. Cross-document
checks (duplicates) run once all documents are read; author links and backlinks are filled in
when pages are resolved. ``{person}``, ``{paper}`` and ``{news}`` link to a record (resolved by
the domain).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole

from ..diagnostics import Problem, warn
from ..domain import Users, domain, record_anchor, slot_label
from ..hosting import RECORD_DESCRIPTION_FACTS
from ..kinds import BY_FOLDER, COLLECTIONS, PEOPLE, Collection, collection_of
from ..model.records import Paper, Person, Record, fold
from ..model.yamlio import (
    UNCLOSED_FRONT_MATTER,
    DataError,
    front_matter_is_unclosed,
    parse_yaml,
    read_text,
    split_front_matter,
    validate,
)
from ..render.nodes import backlinks, pending_author
from ..render.record_pages import person_backlinks, resolved_author
from ..state import site_data
from .data_files import note_data_file


def people(env: BuildEnvironment) -> dict[str, Person]:
    """``id -> person``, sorted by id."""
    return domain(env).people()


def papers(env: BuildEnvironment) -> dict[str, Paper]:
    """``id -> paper``, sorted by id."""
    return domain(env).papers()


def people_by_name(env: BuildEnvironment) -> dict[str, Person]:
    return {fold(person.name): person for person in people(env).values()}


# -- reading -----------------------------------------------------------------------------------


def read_record(app: Sphinx, docname: str, collection: Collection) -> Record | None:
    env = app.env
    path = Path(env.doc2path(docname))
    source = str(path.relative_to(app.srcdir))
    kind, model, problem = collection.noun, collection.model, collection.problem
    try:
        text = read_text(path)
    except DataError:  # not UTF-8: reported before reading (sources.py); read what can be
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    if front_matter_is_unclosed(text):
        warn(Problem.data, UNCLOSED_FRONT_MATTER, location=f"{source}:1")
        return None
    front_matter, first_line = split_front_matter(text)
    if front_matter is None:
        pages = ", ".join(app.config.workshop_collection_pages)
        warn(
            Problem.collection,
            f"{source} is in the {collection.folder}/ collection but has no front matter; "
            f"give it the {kind} fields ({', '.join(required_fields(model))}) or, if it is a "
            f"page and not a {kind}, add it to workshop_collection_pages (now: {pages})",
            location=f"{source}:1",
        )
        return None
    try:
        located = parse_yaml(front_matter, source=source, first_line=first_line)
    except DataError as error:
        warn(Problem.data, f"{error}; fix the front matter", location=f"{source}:{error.line}")
        return None
    if not isinstance(located.data, dict):
        warn(problem, "the front matter must be a mapping of fields", location=located.where())
        return None
    stem = docname.rsplit("/", 1)[1]
    data = site_data(env)
    context = {
        "topics": list(data.topics),
        "dates": {key: entry.date for key, entry in data.dates.entries.items()},
    }
    extra = {"id": stem, "docname": docname, "line": first_line}
    # The site sets these itself: from the front matter they are unknown fields.
    internal = [key for key in located.data if key in extra]
    for key in internal:
        allowed = ", ".join(sorted(name for name, f in model.model_fields.items() if not f.exclude))
        warn(
            problem,
            f"unknown field '{key}'; allowed fields: {allowed}",
            location=located.where((key,)),
        )
    record = validate(model, located, problem=problem, report=warn, context=context, extra=extra)
    if internal or record is None:
        return None
    return collection.refine(record, located, Path(app.srcdir))


def required_fields(model: type[Record]) -> list[str]:
    return [
        name
        for name, field in model.model_fields.items()
        if field.is_required() and name not in Record.model_fields
    ]


def misplaced_record(app: Sphinx, docname: str) -> bool:
    """Warn about a file in a collection folder that cannot be a record: in a subfolder, or
    not Markdown. Records are ``<folder>/<name>.md`` (``people/<slug>.md``, ``papers/<id>.md``)."""
    folder, _, rest = docname.partition("/")
    if folder not in BY_FOLDER or docname in app.config.workshop_collection_pages:
        return False
    kind = BY_FOLDER[folder].noun
    path = Path(app.env.doc2path(docname))
    source = path.relative_to(app.srcdir).as_posix()
    if "/" in rest or path.suffix != ".md":
        # Its one message is below: no "not included in any toctree" after it.
        app.env.metadata[docname]["orphan"] = True
    if "/" in rest:
        warn(
            Problem.collection,
            f"{source} is in a subfolder of {folder}/; a {kind} is a file directly in "
            f"{folder}/: move it to {folder}/{path.name}",
            location=f"{source}:1",
        )
        return True
    if path.suffix != ".md":
        warn(
            Problem.collection,
            f"{source}: a {kind} is a Markdown file with front matter; rename it to "
            f"{folder}/{path.stem}.md",
            location=f"{source}:1",
        )
        return True
    return False


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Validate the record of a collection page and give the page its heading and header."""
    env = app.env
    docname = env.docname
    if misplaced_record(app, docname):
        return
    collection = collection_of(app, docname)
    if collection is None:
        return
    record = read_record(app, docname, collection)
    if record is None:
        return
    domain(env).add_record(docname, record)
    if not collection.in_navigation:  # reached through its lists: in no toctree, no warning
        env.metadata[docname]["orphan"] = True
    for fact in RECORD_DESCRIPTION_FACTS:  # its description names the workshop
        note_data_file(env, env.config.workshop_info_file, fact)
    for data_file in collection.data_files(app.config):
        topics = getattr(record, "topics", None)
        if data_file == app.config.workshop_topics_file and topics is not None:
            for topic in topics:  # its header shows its own topic areas only
                note_data_file(env, data_file, topic)
        else:
            note_data_file(env, data_file)
    title = collection.title(record)
    section = nodes.section(ids=[record_anchor(record)], names=[])
    section += nodes.title("", title)
    header = collection.header(env, record)
    # Generated nodes point at the front matter, so linkcheck and warnings name a real line.
    for node in header.findall(nodes.Element):
        node.source, node.line = doctree["source"], record.line
    section += header
    # The front matter's docinfo stays first: Sphinx's metadata collector consumes it.
    docinfo = [child for child in doctree.children if isinstance(child, nodes.docinfo)]
    body = [
        child
        for child in doctree.children
        if not isinstance(child, nodes.docinfo) and not _is_docinfo_abstract(child)
    ]
    doctree.children = []
    section.extend(body)
    if collection.backlinks:
        section += backlinks(person=record.id)
    doctree.extend([*docinfo, section])
    add_label(env, collection.label(record), docname, record_anchor(record), title)


def add_label(env: BuildEnvironment, name: str, docname: str, anchor: str, title: str) -> None:
    """A standard label, as ``sphinx.ext.autosectionlabel`` adds them: ``{ref}`` and other
    sites' intersphinx (``std:label`` in objects.inv) link to it with ``title``."""
    std = env.domains.standard_domain
    std.anonlabels[name] = docname, anchor
    std.labels[name] = docname, anchor, title


def on_doctree_read_slots(app: Sphinx, doctree: nodes.document) -> None:
    """The page that holds the program's table labels each slot (``slot-<anchor>``)."""
    env = app.env
    if not domain(env).uses(Users.program_table, env.docname):
        return
    schedule = site_data(env).schedule
    for slot in schedule.slots if schedule is not None else ():
        add_label(
            env,
            slot_label(slot.anchor),
            env.docname,
            slot.anchor,
            f"{slot.starts:%H:%M} {slot.title}",
        )


def _is_docinfo_abstract(node: nodes.Node) -> bool:
    """docutils makes a front matter ``abstract`` a topic of its own: the record shows it."""
    return isinstance(node, nodes.topic) and "abstract" in node["classes"]


# -- cross-references --------------------------------------------------------------------------


class RecordRole(SphinxRole):
    """``{person}`konstantin-schurholt```, ``{paper}`YICyBtCoZw``` and ``{news}`<file name>```
    link to a record."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def run(self):
        target = self.text.strip()
        domain(self.env).add_ref(self.env.docname, self.kind, target)
        node = addnodes.pending_xref(
            self.rawtext,
            nodes.inline("", target),
            refdomain="workshop",
            reftype=self.kind,
            reftarget=target,
            refdoc=self.env.docname,
            refexplicit=False,
        )
        self.set_source_info(node)
        return [node], []


# -- cross-document checks ---------------------------------------------------------------------


def on_env_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    _report_duplicates(
        people(env).values(), key=lambda p: fold(p.name), what="person", field="name"
    )
    _report_duplicates(
        (p for p in papers(env).values() if p.openreview),
        key=lambda p: p.openreview,
        what="paper",
        field="openreview",
    )
    _report_duplicates(
        papers(env).values(), key=lambda p: fold(p.title), what="paper", field="title"
    )


def _report_duplicates(items, *, key, what: str, field: str) -> None:
    seen: dict[str, Record] = {}
    for record in items:
        first = seen.setdefault(key(record), record)
        if first is not record:
            warn(
                Problem.collection,
                f"{first.docname}.md and {record.docname}.md are the same {what} (same {field}: "
                f"{getattr(record, field)!r}); keep one file and delete the other",
                location=(record.docname, record.line),
            )


# -- resolving ---------------------------------------------------------------------------------


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    by_name = people_by_name(env) if any(doctree.findall(pending_author)) else {}
    for node in list(doctree.findall(pending_author)):
        person = by_name.get(fold(node["author"]))
        node.replace_self(resolved_author(app.builder, docname, node["author"], person))
    for listed in list(doctree.findall(backlinks)):
        person = people(env)[listed["person"]]
        listed.replace_self(
            person_backlinks(
                app.builder, docname, authored_by(env, person), mentioned_on(env, person, docname)
            )
        )


def authored_by(env: BuildEnvironment, person: Person) -> list[Paper]:
    """The papers with ``person`` among their authors, in listing order."""
    folded = fold(person.name)
    return sorted(
        (p for p in papers(env).values() if folded in {fold(a) for a in p.authors}),
        key=lambda p: p.sort_key,
    )


def mentioned_on(env: BuildEnvironment, person: Person, docname: str) -> list[tuple[str, str]]:
    """``(docname, title)`` of the other pages that reference ``person`` with ``{person}``."""
    docs = sorted(
        doc
        for doc, ids in domain(env).refs_to(PEOPLE).items()
        if person.id in ids and doc != docname
    )
    return [(doc, env.titles[doc].astext()) for doc in docs]


def setup_records(app: Sphinx) -> None:
    # Before Sphinx's title collector (priority 500), so the record's title is the page title.
    app.connect("doctree-read", on_doctree_read, priority=400)
    app.connect("doctree-read", on_doctree_read_slots, priority=400)
    app.connect("env-check-consistency", on_env_check_consistency)
    app.connect("doctree-resolved", on_doctree_resolved)
    for collection in COLLECTIONS:
        app.add_role(collection.kind, RecordRole(collection.kind))
