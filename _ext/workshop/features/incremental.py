"""Incremental builds: which pages to write again when a record (of any collection) changes.

Listings, backlinks, author links and {person}/{paper} references are all filled in when a
page is written, from the records in the environment. So when a record changes, the pages
that show it only need to be written again, not re-read: the state before reading is kept
at env-get-outdated, and env-updated compares it with the state after reading.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..kinds import PAPERS, PEOPLE, RECORD_KINDS
from ..model.records import Paper, Person, Record, fold
from ..model.related import Related, related_papers
from ..state import build_memory, build_scratch
from .records import collection_of
from .records import domain as records_domain

AnyRecord = t.TypeVar("AnyRecord", Person, Paper)


@dataclass(frozen=True)
class RecordsState:
    records: dict[str, dict[str, Record]]  # kind -> docname -> record, every collection
    refs: dict[str, tuple[tuple[str, str], ...]]  # docname -> ((kind, target), ...)
    titles: dict[str, str]  # titles of the pages that reference a record
    reread: set[str] = field(default_factory=set)  # documents read in this build

    @property
    def people(self) -> dict[str, Person]:
        return self.records[PEOPLE.kind]  # type: ignore[return-value]

    @property
    def papers(self) -> dict[str, Paper]:
        return self.records[PAPERS.kind]  # type: ignore[return-value]

    def record_docs(self) -> set[str]:
        return {doc for records in self.records.values() for doc in records}


def records_state(env: BuildEnvironment) -> RecordsState:
    domain = records_domain(env)
    refs = domain.refs()
    return RecordsState(
        records={kind: domain.records_by_doc(kind) for kind in RECORD_KINDS},
        refs=refs,
        titles={doc: env.titles[doc].astext() for doc in refs if doc in env.titles},
    )


def on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    """Keep the records as they were before this build's reading (nothing extra to read)."""
    build_scratch(app).records_before = records_state(env)
    return []


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    before = build_scratch(app).records_before
    if before is not None:
        before.reread.update(docnames)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages to write again because a record they show was added, changed or removed."""
    scratch = build_scratch(app)
    before, scratch.records_before = scratch.records_before, None
    after = records_state(env)
    # The related papers of every paper page (features/record_details.py): those of the last
    # build while no paper changed, else computed again once.
    memory = build_memory(env)
    previous = memory.related
    if before is None or previous is None or before.papers != after.papers:
        memory.related = related_papers(after.papers.values())
    if before is None:
        return []
    pages = pages_showing_changed_records(app, env, before, after, related_before=previous)
    return sorted((pages & env.found_docs) - before.reread)


def pages_showing_changed_records(
    app: Sphinx,
    env: BuildEnvironment,
    before: RecordsState,
    after: RecordsState,
    *,
    related_before: dict[str, Related] | None = None,
) -> set[str]:
    """``related_before``: the related papers of ``before``, when known (else computed)."""
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

    touched = before.reread | (before.record_docs() - after.record_docs())
    # A listing shows every record of its kinds (and topic titles, which re-read every record).
    touched_kinds = {found.kind for doc in touched if (found := collection_of(app, doc))}
    pages |= set(records_domain(env).listings_of(touched_kinds))
    for old, new in changed_records(before.papers, after.papers):
        authors = {fold(name) for paper in (old, new) if paper for name in paper.authors}
        pages |= {people_docs[name] for name in authors if name in people_docs}
        pages |= referencing(PAPERS.kind, {paper.id for paper in (old, new) if paper})
    for was, now in changed_records(before.people, after.people):
        pages |= referencing(PEOPLE.kind, {person.id for person in (was, now) if person})
        if was is None or now is None or fold(was.name) != fold(now.name):
            # Author names link to the person page with that name.
            names = {fold(person.name) for person in (was, now) if person}
            pages |= {
                paper.docname
                for paper in after.papers.values()
                if names & {fold(name) for name in paper.authors}
            }
    # Paper pages list a few related papers, by title: a page whose list changes, or shows a
    # paper that changed (before or after), is written again; the lists are bounded, so are these.
    changed_ids = {
        paper.id for pair in changed_records(before.papers, after.papers) for paper in pair if paper
    }
    if changed_ids:
        if related_before is None:
            related_before = related_papers(before.papers.values())
        related_after = build_memory(env).related or {}
        for paper in after.papers.values():
            old_list = related_before.get(paper.id, Related())
            new_list = related_after.get(paper.id, Related())
            if old_list != new_list or (old_list.shown | new_list.shown) & changed_ids:
                pages.add(paper.docname)
    # Person pages list the pages that mention them ("Mentioned on", with the page title).
    for doc in set(before.refs) | set(after.refs):
        old_refs, new_refs = before.refs.get(doc, ()), after.refs.get(doc, ())
        if old_refs != new_refs or before.titles.get(doc) != after.titles.get(doc):
            mentioned = {target for kind, target in (*old_refs, *new_refs) if kind == PEOPLE.kind}
            pages |= {person_docs_by_id[id_] for id_ in mentioned if id_ in person_docs_by_id}
    return pages


def changed_records(
    before: dict[str, AnyRecord], after: dict[str, AnyRecord]
) -> t.Iterator[tuple[AnyRecord | None, AnyRecord | None]]:
    """``(old, new)`` for every document whose record was added, removed or changed."""
    for docname in set(before) | set(after):
        old, new = before.get(docname), after.get(docname)
        if old != new:
            yield old, new


def drop_neighbour_links(app: Sphinx, pagename: str, templatename: str, context, doctree) -> None:
    """No "previous" and "next" links (Sphinx's ``rel`` links in the head, the theme's footer):
    they show the neighbouring pages' titles, and no page is written again when a neighbour's
    title changes, so an edit would leave the old title there."""
    context["prev"] = context["next"] = None


def setup_incremental(app: Sphinx) -> None:
    app.connect("html-page-context", drop_neighbour_links)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-updated", on_env_updated)
