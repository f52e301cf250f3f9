"""People and papers as collections: each Markdown file under people/ and papers/ is a record.

At read time the front matter is validated into a record, stored in the ``workshop`` domain,
and the page gets its heading and header from it. Cross-document checks (duplicates) run once
all documents are read; backlinks are filled in when pages are resolved.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole

from . import html
from .content_policy import IMAGE_FOLDER, MAX_IMAGE_BYTES, image_problem
from .diagnostics import Problem, warn
from .features.topics import topic_reference
from .model.fields import PRESENTATIONS, ROLES
from .model.records import Paper, Person, Record, fold
from .model.yamlio import (
    UNCLOSED_FRONT_MATTER,
    DataError,
    Located,
    front_matter_is_unclosed,
    parse_yaml,
    read_text,
    split_front_matter,
    validate,
)
from .state import site_data

# Folder -> (record kind, model). A file in one of these folders is a record unless it is
# listed in ``workshop_collection_pages``.
COLLECTIONS: dict[str, tuple[str, type[Record]]] = {
    "people": ("person", Person),
    "papers": ("paper", Paper),
}


def collection_of(app: Sphinx, docname: str) -> tuple[str, type[Record]] | None:
    folder, _, rest = docname.partition("/")
    if not rest or "/" in rest or docname in app.config.workshop_collection_pages:
        return None
    return COLLECTIONS.get(folder)


def records(env: BuildEnvironment, kind: str) -> dict[str, t.Any]:
    """``id -> record`` of one kind (``person`` or ``paper``), sorted by id."""
    by_doc = env.get_domain("workshop").items(kind)
    return {record.id: record for record in sorted(by_doc.values(), key=lambda r: r.id)}


def people(env: BuildEnvironment) -> dict[str, Person]:
    return records(env, "person")


def papers(env: BuildEnvironment) -> dict[str, Paper]:
    return records(env, "paper")


def people_by_name(env: BuildEnvironment) -> dict[str, Person]:
    return {fold(person.name): person for person in people(env).values()}


# -- reading -----------------------------------------------------------------------------------


def read_record(app: Sphinx, docname: str, kind: str, model: type[Record]) -> Record | None:
    env = app.env
    path = Path(env.doc2path(docname))
    source = str(path.relative_to(app.srcdir))
    problem = Problem.paper if kind == "paper" else Problem.person
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
            f"{source} is in the {docname.split('/')[0]}/ collection but has no front matter; "
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
    context = {"topics": list(site_data(env).topics)}
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
    if internal:
        return None
    if isinstance(record, Paper):
        _check_paper_file_name(record, located)
    if isinstance(record, Person) and record.photo:
        record = _checked_photo(record, located, Path(app.srcdir))
    return record


def _checked_photo(person: Person, located: Located, srcdir: Path) -> Person:
    """The person with its photo as a repository path, or without it (and a warning)."""
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


def required_fields(model: type[Record]) -> list[str]:
    return [
        name
        for name, field in model.model_fields.items()
        if field.is_required() and name not in Record.model_fields
    ]


def _check_paper_file_name(paper: Paper, located: Located) -> None:
    if paper.openreview and paper.openreview != paper.id:
        warn(
            Problem.paper,
            f"the file of paper {paper.openreview!r} is named {paper.id}.md; "
            f"rename it to papers/{paper.openreview}.md",
            location=located.where(("openreview",)),
        )


def misplaced_record(app: Sphinx, docname: str) -> bool:
    """Warn about a file in a collection folder that cannot be a record: in a subfolder, or
    not Markdown. Records are ``people/<slug>.md`` and ``papers/<id>.md``."""
    folder, _, rest = docname.partition("/")
    if folder not in COLLECTIONS or docname in app.config.workshop_collection_pages:
        return False
    kind = COLLECTIONS[folder][0]
    path = Path(app.env.doc2path(docname))
    source = path.relative_to(app.srcdir).as_posix()
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
    found = collection_of(app, docname)
    if found is None:
        return
    kind, model = found
    record = read_record(app, docname, kind, model)
    if record is None:
        return
    env.get_domain("workshop").put(kind, docname, record)
    env.note_dependency(env.config.workshop_topics_file)
    title = record.name if isinstance(record, Person) else record.title
    section = nodes.section(ids=[nodes.make_id(record.id) or "record"], names=[])
    section += nodes.title("", title)
    header = person_header(record) if isinstance(record, Person) else paper_header(env, record)
    # Generated nodes point at the front matter, so linkcheck and warnings name a real line.
    for node in header.findall(nodes.Element):
        node.source, node.line = doctree["source"], record.line
    section += header
    # The front matter's docinfo stays first: Sphinx's metadata collector consumes it.
    docinfo = [child for child in doctree.children if isinstance(child, nodes.docinfo)]
    body = [child for child in doctree.children if not isinstance(child, nodes.docinfo)]
    doctree.children = []
    section.extend(body)
    if isinstance(record, Person):
        section += backlinks_placeholder(record.id)
    doctree.extend([*docinfo, section])


# -- page headers ------------------------------------------------------------------------------


def avatar(person: Person, *, resolved: bool = False) -> nodes.Node:
    """The person's photo, or initials on a coloured disc.

    A record page's photo is collected by Sphinx when the page is read (``/`` is the source
    folder). Listings are made when pages are written, after that: their image points at the
    same collected file directly.
    """
    if person.photo:
        if resolved:
            return nodes.image(
                uri=person.photo,
                candidates={"*": person.photo},
                alt=person.name,
                classes=["wsl-avatar", "wsl-photo"],
            )
        return nodes.image(
            uri="/" + person.photo, alt=person.name, classes=["wsl-avatar", "wsl-photo"]
        )
    hue = sum(map(ord, person.name)) % 360  # stable colour per person
    return html.make(
        "span",
        person.initials,
        classes=["wsl-avatar"],
        aria_hidden="true",
        style=f"--wsl-avatar-hue: {hue}",
    )


def role_badges(person: Person) -> list[nodes.Node]:
    return [
        nodes.inline("", ROLES[role], classes=["wsl-badge", f"wsl-role-{role}"])
        for role in person.roles
    ]


def person_header(person: Person) -> nodes.container:
    header = nodes.container(classes=["wsl-record-header", "wsl-person-header"])
    header += avatar(person)
    facts = nodes.container(classes=["wsl-record-facts"])
    facts += nodes.paragraph("", person.affiliation, classes=["wsl-affiliation"])
    facts += nodes.paragraph("", "", *role_badges(person), classes=["wsl-badges"])
    # A Scholar profile given as the homepage too is shown once, under its own name
    links = [] if person.homepage == person.scholar else [("Homepage", person.homepage)]
    if person.scholar:
        links.append(("Google Scholar", person.scholar))
    links += [(link.label, link.url) for link in person.links]
    facts += link_line(links)
    header += facts
    return header


def link_line(links: list[tuple[str, str]]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["wsl-links"])
    for index, (label, url) in enumerate(links):
        if index:
            line += nodes.Text(" · ")
        line += nodes.reference("", label, refuri=url)
    return line


def paper_header(env: BuildEnvironment, paper: Paper) -> nodes.container:
    header = nodes.container(classes=["wsl-record-header", "wsl-paper-header"])
    header += nodes.paragraph("", "", *author_nodes(paper), classes=["wsl-authors"])
    header += nodes.paragraph(
        "",
        "",
        nodes.inline(
            "",
            PRESENTATIONS[paper.presentation],
            classes=["wsl-badge", f"wsl-presentation-{paper.presentation}"],
        ),
        nodes.Text(" "),
        nodes.inline(
            "", f"Poster session {paper.poster_session}", classes=["wsl-badge", "wsl-session"]
        ),
        classes=["wsl-badges"],
    )
    links = [("OpenReview", paper.openreview_url)] if paper.openreview_url else []
    links += paper.links.items()
    if links:
        header += link_line(links)
    topics = nodes.paragraph("", "Topics: ", classes=["wsl-topics"])
    for index, topic in enumerate(paper.topics):
        if index:
            topics += nodes.Text(", ")
        topics += topic_reference(env, topic, location=(paper.docname, paper.line))
    header += topics
    return header


def author_nodes(paper: Paper) -> list[nodes.Node]:
    """Author names; those with a person page link there (resolved once all pages are read)."""
    result: list[nodes.Node] = []
    for index, name in enumerate(paper.authors):
        if index:
            result.append(nodes.Text(", "))
        result.append(pending_author(name))
    return result


class pending_author(nodes.Inline, nodes.TextElement):
    """An author name that becomes a link if a person record has that name."""

    def __init__(self, name: str) -> None:
        super().__init__("", name, author=name)


class backlinks(nodes.General, nodes.Element):
    """Placeholder for "what references this person", filled at resolve time."""


def backlinks_placeholder(person_id: str) -> backlinks:
    return backlinks(person=person_id)


# -- cross-references --------------------------------------------------------------------------


class RecordRole(SphinxRole):
    """``{person}`konstantin-schurholt``` and ``{paper}`YICyBtCoZw``` link to a record."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def run(self):
        target = self.text.strip()
        domain = self.env.get_domain("workshop")
        earlier = domain.get("refs", self.env.docname) or ()
        domain.put("refs", self.env.docname, (*earlier, (self.kind, target)))
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


def resolve_record_xref(env, fromdocname, builder, kind, target, node, contnode):
    record = records(env, kind).get(target)
    if record is None:
        known = ", ".join(records(env, kind)) or "(none)"
        warn(
            Problem.reference,
            f"unknown {kind} {target!r} in the {{{kind}}} role; use the file name of a "
            f"{kind} page without .md, one of: {known}",
            location=node,
        )
        return nodes.literal("", target)
    text = record.name if isinstance(record, Person) else record.title
    return make_link(builder, fromdocname, record.docname, text, classes=[f"wsl-{kind}-ref"])


def make_link(builder, fromdocname: str, docname: str, text: str, *, classes=()) -> nodes.reference:
    uri = builder.get_relative_uri(fromdocname, docname)
    return nodes.reference(
        "",
        "",
        nodes.inline("", text),
        refuri=uri,
        internal=True,
        classes=["reference", "internal", *classes],
    )


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
        if person is None:
            node.replace_self(nodes.inline("", node["author"], classes=["wsl-author"]))
        else:
            node.replace_self(
                make_link(
                    app.builder, docname, person.docname, node["author"], classes=["wsl-author"]
                )
            )
    for node in list(doctree.findall(backlinks)):
        node.replace_self(person_backlinks(app, docname, people(env)[node["person"]]))


def person_backlinks(app: Sphinx, docname: str, person: Person) -> list[nodes.Node]:
    env = app.env
    folded = fold(person.name)
    authored = sorted(
        (p for p in papers(env).values() if folded in {fold(a) for a in p.authors}),
        key=lambda p: p.sort_key,
    )
    mentioned = sorted(
        doc
        for doc, refs in env.get_domain("workshop").items("refs").items()
        if ("person", person.id) in refs and doc != docname
    )
    result: list[nodes.Node] = []
    if authored:
        result.append(nodes.rubric("", "Papers at the workshop"))
        items = nodes.bullet_list(classes=["wsl-backlinks"])
        for paper in authored:
            items += nodes.list_item(
                "",
                nodes.paragraph(
                    "", "", make_link(app.builder, docname, paper.docname, paper.title)
                ),
            )
        result.append(items)
    if mentioned:
        result.append(nodes.rubric("", "Mentioned on"))
        items = nodes.bullet_list(classes=["wsl-backlinks"])
        for doc in mentioned:
            title = env.titles[doc].astext()
            items += nodes.list_item(
                "", nodes.paragraph("", "", make_link(app.builder, docname, doc, title))
            )
        result.append(items)
    return result


# -- incremental builds ------------------------------------------------------------------------
#
# Listings, backlinks, author links and {person}/{paper} references are all filled in when a
# page is written, from the records in the environment. So when a record changes, the pages
# that show it only need to be written again, not re-read: the state before reading is kept
# at env-get-outdated, and env-updated compares it with the state after reading.


@dataclass(frozen=True)
class RecordsState:
    people: dict[str, Person]  # docname -> record
    papers: dict[str, Paper]
    refs: dict[str, tuple[tuple[str, str], ...]]  # docname -> ((kind, target), ...)
    titles: dict[str, str]  # titles of the pages that reference a record
    reread: set[str] = field(default_factory=set)  # documents read in this build


def records_state(env: BuildEnvironment) -> RecordsState:
    domain = env.get_domain("workshop")
    refs = domain.items("refs")
    return RecordsState(
        people=domain.items("person"),
        papers=domain.items("paper"),
        refs=refs,
        titles={doc: env.titles[doc].astext() for doc in refs if doc in env.titles},
    )


def on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    """Keep the records as they were before this build's reading (nothing extra to read)."""
    env.workshop_records_before = records_state(env)
    return []


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    before = getattr(env, "workshop_records_before", None)
    if before is not None:
        before.reread.update(docnames)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages to write again because a record they show was added, changed or removed."""
    before = env.__dict__.pop("workshop_records_before", None)
    if before is None:
        return []
    pages = pages_showing_changed_records(app, env, before, records_state(env))
    return sorted((pages & env.found_docs) - before.reread)


def pages_showing_changed_records(
    app: Sphinx, env: BuildEnvironment, before: RecordsState, after: RecordsState
) -> set[str]:
    domain = env.get_domain("workshop")
    people_docs = {
        fold(p.name): p.docname for p in (*before.people.values(), *after.people.values())
    }
    person_docs_by_id = {p.id: p.docname for p in after.people.values()}
    pages: set[str] = set()

    def referencing(kind: str, ids: set[str]) -> set[str]:
        return {
            doc
            for refs in (before.refs, after.refs)
            for doc, targets in refs.items()
            if any(k == kind and target in ids for k, target in targets)
        }

    touched = (
        before.reread
        | (set(before.people) - set(after.people))
        | (set(before.papers) - set(after.papers))
    )
    if any(collection_of(app, doc) for doc in touched):
        # Listings show every record (and topic titles, which re-read every record).
        pages |= set(domain.items("listing_users"))
    for old, new in changed_records(before.papers, after.papers):
        authors = {fold(name) for paper in (old, new) if paper for name in paper.authors}
        pages |= {people_docs[name] for name in authors if name in people_docs}
        pages |= referencing("paper", {paper.id for paper in (old, new) if paper})
    for old, new in changed_records(before.people, after.people):
        pages |= referencing("person", {person.id for person in (old, new) if person})
        if old is None or new is None or fold(old.name) != fold(new.name):
            # Author names link to the person page with that name.
            names = {fold(person.name) for person in (old, new) if person}
            pages |= {
                paper.docname
                for paper in after.papers.values()
                if names & {fold(name) for name in paper.authors}
            }
    # Person pages list the pages that mention them ("Mentioned on", with the page title).
    for doc in set(before.refs) | set(after.refs):
        old_refs, new_refs = before.refs.get(doc, ()), after.refs.get(doc, ())
        if old_refs != new_refs or before.titles.get(doc) != after.titles.get(doc):
            mentioned = {target for kind, target in (*old_refs, *new_refs) if kind == "person"}
            pages |= {person_docs_by_id[id_] for id_ in mentioned if id_ in person_docs_by_id}
    return pages


def changed_records(before: dict[str, Record], after: dict[str, Record]):
    """``(old, new)`` for every document whose record was added, removed or changed."""
    for docname in set(before) | set(after):
        old, new = before.get(docname), after.get(docname)
        if old != new:
            yield old, new


def setup_collections(app: Sphinx) -> None:
    app.add_node(pending_author)
    app.add_node(backlinks)
    # Before Sphinx's title collector (priority 500), so the record's title is the page title.
    app.connect("doctree-read", on_doctree_read, priority=400)
    app.connect("env-check-consistency", on_env_check_consistency)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-updated", on_env_updated)
    app.add_role("person", RecordRole("person"))
    app.add_role("paper", RecordRole("paper"))
