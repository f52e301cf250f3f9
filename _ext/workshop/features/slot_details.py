"""What the program says about a slot beyond its title, and what it links to.

One description for every output: the program table links its parts, the calendar and frab
exports use its plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.environment import BuildEnvironment

from ..model.program import TimedSlot
from ..render.paper_list import plural
from .records import papers, people

# Targets on the program page below the table, generated from the records.
SPEAKERS_ANCHOR = "program-invited-speakers"
SPOTLIGHTS_ANCHOR = "program-spotlight-papers"


def posters_anchor(session: int) -> str:
    return f"program-posters-{session}"


@dataclass(frozen=True)
class Part:
    """A piece of what the program says about a slot; HTML links it, plain text does not."""

    text: str
    anchor: str | None = None  # a target below the table, on the program page
    docname: str | None = None  # a record's page
    link_only: bool = False  # a pointer for the page (plain text, the exports, leave it out)


def slot_details(slot: TimedSlot, env: BuildEnvironment) -> list[Part]:
    """What the program says about a slot beyond its title, for every output."""
    parts: list[Part] = []
    data = slot.slot
    # Unknown ids were reported by check_references; the slot then reads as if none were given.
    known_people, known_papers = people(env), papers(env)
    presenters = [known_people[p] for p in data.people if p in known_people]
    presented = [known_papers[p] for p in data.papers if p in known_papers]
    if presenters:
        parts.append(Part("With "))
        for position, person in enumerate(presenters):
            parts.append(Part(", " if position else ""))
            parts.append(Part(person.name, docname=person.docname))
        parts.append(Part(". "))
    elif slot.kind == "invited-talk":
        # Who spoke in which slot is not in the public records: said once, by unknowns_note();
        # the row points to the speakers.
        parts.append(Part("Invited speakers", SPEAKERS_ANCHOR, link_only=True))
        parts.append(Part(" "))
    if presented:
        parts.append(Part("Papers: "))
        for position, paper in enumerate(presented):
            parts.append(Part("; " if position else ""))
            parts.append(Part(paper.title, docname=paper.docname))
        parts.append(Part(". "))
    elif slot.kind == "spotlights":
        parts.append(Part("Spotlight papers", SPOTLIGHTS_ANCHOR, link_only=True))
        parts.append(Part(" "))
    if data.poster_session is not None:
        count = len(posters(env, data.poster_session))
        parts += [
            Part(f"{plural(count, 'poster')} of "),
            Part(f"poster session {data.poster_session}", posters_anchor(data.poster_session)),
            Part(". "),
        ]
    if data.note:
        parts.append(Part(data.note))
    if parts and parts[-1].anchor is None and parts[-1].docname is None:
        parts[-1] = Part(parts[-1].text.rstrip())
    return [part for part in parts if part.text]


def plain_details(slot: TimedSlot, env: BuildEnvironment) -> str:
    parts = slot_details(slot, env)
    return "".join(part.text for part in parts if not part.link_only).strip()


def spotlight_papers(env: BuildEnvironment) -> list:
    return sorted(
        (p for p in papers(env).values() if p.presentation == "spotlight"), key=lambda p: p.sort_key
    )


def posters(env: BuildEnvironment, session: int) -> list:
    return sorted(
        (p for p in papers(env).values() if p.poster_session == session), key=lambda p: p.sort_key
    )
