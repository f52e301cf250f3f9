"""The related papers of a paper page: "More by these authors" and "Same topic".

Both lists are bounded (``LIMIT``) and chosen without looking at titles, so that:

* a paper page's size does not grow with the number of papers;
* each paper appears on a bounded number of other pages (at most ``LIMIT`` per author and per
  topic it has), so editing it rewrites a bounded set of pages;
* editing a title changes no list (only the pages that show that title are written again).

For every author (and every topic) the papers that share it form a ring, in file-name order;
a page shows the papers that follow it on its rings, those sharing more authors (topics) first.
"""

from __future__ import annotations

import typing as t
from collections import defaultdict
from dataclasses import dataclass

from .records import Paper, fold

LIMIT = 5


@dataclass(frozen=True)
class Related:
    """The ids of the papers a page shows, in order."""

    by_authors: tuple[str, ...] = ()
    same_topic: tuple[str, ...] = ()

    @property
    def shown(self) -> frozenset[str]:
        return frozenset((*self.by_authors, *self.same_topic))


@dataclass
class _Ring:
    ids: list[str]
    position: dict[str, int]  # id -> index in ids: no search along a long ring

    def following(self, paper_id: str, limit: int) -> list[str]:
        """Up to ``limit`` ids after ``paper_id``, wrapping around."""
        start, ids = self.position[paper_id], self.ids
        return [ids[(start + step) % len(ids)] for step in range(1, min(limit, len(ids) - 1) + 1)]


def _rings(
    papers: t.Iterable[Paper], keys: t.Callable[[Paper], t.Iterable[str]]
) -> dict[str, _Ring]:
    members: dict[str, list[str]] = defaultdict(list)
    for paper in sorted(papers, key=lambda p: p.id):
        for key in dict.fromkeys(keys(paper)):
            members[key].append(paper.id)
    return {key: _Ring(ids, {pid: i for i, pid in enumerate(ids)}) for key, ids in members.items()}


def _pick(
    paper_id: str,
    keys: t.Iterable[str],
    rings: dict[str, _Ring],
    shared: t.Callable[[str], int],
    exclude: t.Collection[str] = (),
) -> tuple[str, ...]:
    candidates: dict[str, int] = {}  # id -> distance on its nearest ring
    for key in dict.fromkeys(keys):
        for distance, other in enumerate(rings[key].following(paper_id, LIMIT + len(exclude))):
            if other not in exclude:
                candidates[other] = min(distance, candidates.get(other, distance))
    ranked = sorted(candidates, key=lambda other: (-shared(other), candidates[other], other))
    return tuple(ranked[:LIMIT])


def _shared_with(mine: set[str], others: dict[str, set[str]]) -> t.Callable[[str], int]:
    """How many of ``mine`` another paper shares (authors or topics)."""
    return lambda other: len(mine & others[other])


def related_papers(papers: t.Iterable[Paper]) -> dict[str, Related]:
    """``paper id -> Related`` for every paper."""
    papers = list(papers)
    topic_sets = {paper.id: set(paper.topics) for paper in papers}
    authors = {paper.id: {fold(name) for name in paper.authors} for paper in papers}
    author_rings = _rings(papers, lambda p: (fold(name) for name in p.authors))
    topic_rings = _rings(papers, lambda p: p.topics)
    result: dict[str, Related] = {}
    for paper in papers:
        mine, topics = authors[paper.id], topic_sets[paper.id]
        by_authors = _pick(paper.id, mine, author_rings, _shared_with(mine, authors))
        same_topic = _pick(
            paper.id,
            paper.topics,
            topic_rings,
            _shared_with(topics, topic_sets),
            exclude=by_authors,
        )
        result[paper.id] = Related(by_authors, same_topic)
    return result
