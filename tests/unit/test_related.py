"""Related papers (model/related.py): bounded lists, a bounded number of pages per paper, and no
list that depends on titles. Plain data, no build."""

from __future__ import annotations

import random
from collections import Counter

from workshop.model.records import Paper
from workshop.model.related import LIMIT, related_papers

TOPICS = ["model-analysis", "applications", "learning-paradigms"]


def synthetic(n: int, *, seed: int = 3) -> list[Paper]:
    """``n`` papers; one prolific author writes a tenth of them (like an organizer)."""
    rng = random.Random(seed)
    names = [f"Author {i}" for i in range(max(10, n))]
    papers = []
    for index in range(n):
        authors = rng.sample(names, 3)
        if index % 10 == 0:
            authors[0] = "Prolific Person"
        papers.append(
            Paper(
                id=f"paper{index:05d}",
                docname=f"papers/paper{index:05d}",
                title=f"Paper number {index}",
                authors=list(dict.fromkeys(authors)),
                presentation="poster",
                poster_session=1 + index % 2,
                topics=rng.sample(TOPICS, rng.randint(1, 2)),
            )
        )
    return papers


def test_lists_are_bounded_and_share_an_author_or_a_topic():
    papers = synthetic(400)
    by_id = {paper.id: paper for paper in papers}
    for paper_id, related in related_papers(papers).items():
        paper = by_id[paper_id]
        assert len(related.by_authors) <= LIMIT and len(related.same_topic) <= LIMIT
        assert paper_id not in related.shown
        for other in related.by_authors:
            assert set(paper.authors) & set(by_id[other].authors)
        for other in related.same_topic:
            assert set(paper.topics) & set(by_id[other].topics)
        assert not set(related.by_authors) & set(related.same_topic)


def test_each_paper_is_shown_on_a_bounded_number_of_pages_whatever_the_number_of_papers():
    """What an edit rewrites: at most LIMIT pages per author and 2 LIMIT per topic."""
    for n in (45, 2000):
        papers = synthetic(n)
        shown_on = Counter(
            other for related in related_papers(papers).values() for other in related.shown
        )
        worst = max(len(p.authors) * LIMIT + len(p.topics) * 2 * LIMIT for p in papers)
        assert max(shown_on.values()) <= worst, n


def test_a_title_edit_changes_no_list():
    papers = synthetic(200)
    renamed = [p.model_copy(update={"title": "Z " + p.title}) if i == 7 else p for i, p in
               enumerate(papers)]  # fmt: skip
    assert related_papers(papers) == related_papers(renamed)
