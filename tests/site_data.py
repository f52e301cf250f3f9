"""Expectations derived from the site's data files, so that adding a record changes no test.

What this workshop published (45 papers, 15 people, ...) is pinned in one place only:
``tests/fixtures/published-content.yaml``, checked by ``test_published_content.py``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import bibtexparser
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware

ROOT = Path(__file__).resolve().parent.parent
NOT_RECORDS = {"index", "reading-list"}  # pages in the record folders (workshop_collection_pages)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def parse_bib(text: str) -> bibtexparser.Library:
    """BibTeX as a reader's tool reads it, LaTeX decoded; no entry may fail to parse."""
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library


def records(folder: str, root: Path = ROOT) -> dict[str, dict]:
    """``file stem -> front matter`` of the records of ``papers`` or ``people``, by file name."""
    return {
        path.stem: front_matter(path)
        for path in sorted((root / folder).glob("*.md"))
        if path.stem not in NOT_RECORDS
    }


def papers(root: Path = ROOT) -> dict[str, dict]:
    return records("papers", root)


def people(root: Path = ROOT) -> dict[str, dict]:
    return records("people", root)


def presentation_counts(root: Path = ROOT) -> Counter:
    return Counter(paper["presentation"] for paper in papers(root).values())


def session_counts(root: Path = ROOT) -> Counter:
    return Counter(paper["poster_session"] for paper in papers(root).values())


def role_counts(root: Path = ROOT) -> Counter:
    return Counter(role for person in people(root).values() for role in person["roles"])


def schedule(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "program/schedule.yaml").read_text(encoding="utf-8"))


def slots_of_kind(kind: str, root: Path = ROOT) -> list[dict]:
    return [slot for slot in schedule(root)["slots"] if slot["kind"] == kind]


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def clock(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


def session_spans(root: Path = ROOT) -> list[list[str]]:
    """``[start, end]`` of each thematic session, in the order of the file's sessions."""
    spans = []
    for session in schedule(root)["sessions"]:
        slots = [slot for slot in schedule(root)["slots"] if slot.get("session") == session]
        start = min(minutes(slot["start"]) for slot in slots)
        end = max(minutes(slot["start"]) + slot["duration"] for slot in slots)
        spans.append([clock(start), clock(end)])
    return spans


# Any paper and any invited speaker, for tests that need one page of a kind: the first by file
# name, so that renaming or deleting one record changes no test.
A_PAPER = next(iter(papers()))
A_SPEAKER = next(stem for stem, p in people().items() if "invited-speaker" in p["roles"])


# -- the papers listing (tests/site, tests/tiny and tests/browser) --------------------------------

ROW_LINKS = ("pdf", "arxiv", "code")  # the record's links a row shows, besides OpenReview


def record_hrefs(record: dict) -> set[str]:
    """The external links a row must carry: OpenReview, PDF, arXiv, code, where the record has
    them."""
    hrefs = {record["links"][kind] for kind in ROW_LINKS if kind in record.get("links", {})}
    if record.get("openreview"):
        hrefs.add(f"https://openreview.net/forum?id={record['openreview']}")
    return hrefs


def paper_file(stem: str, title: str, session: int, presentation: str) -> str:
    return (
        f'---\ntitle: "{title}"\nauthors:\n  - Ada Lovelace\nopenreview: {stem}\n'
        f"presentation: {presentation}\nposter_session: {session}\n"
        "links:\n  code: https://example.org/code\ntopics: [model-analysis]\n---\n"
    )


# Five papers on pages of two: page 1 is the listing, pages 2 and 3 are written beside it.
PAGED = {
    "papers/index.md": "# Papers\n\n```{paper-filter}\n:per-page: 2\n```\n\n"
    "```{toctree}\n:hidden:\n:glob:\n\n*\n```\n",
    **{
        f"papers/Paged{n:05d}.md": paper_file(f"Paged{n:05d}", f"Paper {n}", 1 + n % 2, "poster")
        for n in range(1, 5)
    },
}
