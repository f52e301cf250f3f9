"""``papers.json``: every accepted paper as its front matter, plus id, page and citation key."""

from __future__ import annotations

import datetime as dt
import json
import typing as t

from ..model.records import Paper


def paper_record(paper: Paper, key: str, page: str, base_url: str = "") -> dict[str, t.Any]:
    """A paper as the JSON export shows it: its front matter, plus id, page and citation key."""
    record = {"id": paper.id, "bibtex_key": key, "page": page}
    if base_url:
        record["url"] = base_url.rstrip("/") + "/" + page
    return {**record, **paper.model_dump(mode="json", exclude_none=True)}


def paper_row(paper: Paper, key: str, page: str, base_url: str = "") -> str:
    """One paper's line of ``papers.json`` (``paper_record`` as JSON)."""
    return _ENCODER.encode(paper_record(paper, key, page, base_url))


def papers_document(
    *, name: str | None, booktitle: str, day: dt.date | None, rows: list[str]
) -> str:
    """``papers.json`` from the workshop's facts and each paper's line (``paper_row``)."""
    workshop = {
        "name": name,
        "booktitle": booktitle or None,
        "date": day.isoformat() if day else None,
    }
    lines = ",\n".join(rows)
    return f'{{"workshop": {_ENCODER.encode(workshop)},\n"papers": [\n{lines}\n]}}\n'


def papers_json(
    *,
    name: str | None,
    booktitle: str,
    day: dt.date | None,
    papers: list[tuple[Paper, str, str]],
    base_url: str = "",
) -> str:
    """The workshop's facts and every paper, given as ``(paper, citation key, page)``: one
    paper a line (readable diffs), written by json's C encoder (the indenting one is pure
    Python, twice the time, in every build: 90 against 50 ms at 2,000 papers)."""
    rows = [paper_row(paper, key, page, base_url) for paper, key, page in papers]
    return papers_document(name=name, booktitle=booktitle, day=day, rows=rows)


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # no indent: the C encoder
