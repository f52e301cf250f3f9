"""People and papers as collections: each Markdown file under people/ and papers/ is a record.

At read time the front matter is validated into a record, stored in the ``workshop`` domain,
and the page gets its heading and header from it (``render.record_pages``). Cross-document
checks (duplicates) run once all documents are read; author links and backlinks are filled in
when pages are resolved. ``{person}`` and ``{paper}`` link to a record (resolved by the domain).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole

from ..content_policy import IMAGE_FOLDER, MAX_IMAGE_BYTES, image_problem
from ..diagnostics import Problem, warn
from ..domain import COLLECTIONS, RecordKind, collection_of, domain, record_anchor
from ..model.records import Paper, Person, Record, fold
from ..model.yamlio import (
    UNCLOSED_FRONT_MATTER,
    DataError,
    Located,
    front_matter_is_unclosed,
    parse_yaml,
    read_text,
    split_front_matter,
    validate,
)
from ..render.nodes import backlinks, pending_author
from ..render.record_pages import paper_header, person_backlinks, person_header, resolved_author
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


def read_record(
    app: Sphinx, docname: str, kind: str, model: type[Person] | type[Paper]
) -> Person | Paper | None:
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
    photo = (person.photo or "").strip().lstrip("/")
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
    found = collection_of(app, docname)
    if found is None:
        return
    kind, model = found
    record = read_record(app, docname, kind, model)
    if record is None:
        return
    domain(env).add_record(docname, record)
    if isinstance(record, Paper):  # its header shows its topic areas
        note_data_file(env, env.config.workshop_topics_file)
    title = record.name if isinstance(record, Person) else record.title
    section = nodes.section(ids=[record_anchor(record)], names=[])
    section += nodes.title("", title)
    header = person_header(record) if isinstance(record, Person) else paper_header(env, record)
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
    if isinstance(record, Person):
        section += backlinks(person=record.id)
    doctree.extend([*docinfo, section])


def _is_docinfo_abstract(node: nodes.Node) -> bool:
    """docutils makes a front matter ``abstract`` a topic of its own: the record shows it."""
    return isinstance(node, nodes.topic) and "abstract" in node["classes"]


# -- cross-references --------------------------------------------------------------------------


class RecordRole(SphinxRole):
    """``{person}`konstantin-schurholt``` and ``{paper}`YICyBtCoZw``` link to a record."""

    def __init__(self, kind: RecordKind) -> None:
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
        for doc, refs in domain(env).refs().items()
        if ("person", person.id) in refs and doc != docname
    )
    return [(doc, env.titles[doc].astext()) for doc in docs]


def setup_records(app: Sphinx) -> None:
    # Before Sphinx's title collector (priority 500), so the record's title is the page title.
    app.connect("doctree-read", on_doctree_read, priority=400)
    app.connect("env-check-consistency", on_env_check_consistency)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.add_role("person", RecordRole("person"))
    app.add_role("paper", RecordRole("paper"))
