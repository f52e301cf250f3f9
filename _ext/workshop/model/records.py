"""The records contributors edit: one Markdown file per person, per paper and per news post.

The pydantic models are the single declaration of every field: the validator uses them,
and the contributor guide renders its field tables from them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing as t
import unicodedata

import pydantic
import pydantic_core

from .fields import (
    LINK_LABELS,
    POSTER_SESSIONS,
    ROLES,
    HttpUrl,
    Line,
    OpenReviewId,
    PosterSession,
    Presentation,
    Role,
    Text,
    one_of,
)

ABSTRACT_MAX_CHARS = 5000  # OpenReview's limit for an abstract


@functools.lru_cache(maxsize=8192)  # listings and search fold the same names again and again
def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name: 'Schürholt' and 'Schurholt' compare equal."""
    if text.isascii():  # most names and titles: no marks to drop (NFKD keeps ASCII as it is)
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )


# Letters that readers spell out in ASCII instead of dropping the accent.
ASCII_SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"}
_SPELLED = re.compile("|".join(ASCII_SPELLINGS), re.IGNORECASE)


def ascii_spellings(names: list[str]) -> list[str]:
    """Names spelled out in ASCII (``Schürholt`` -> ``Schuerholt``), where that differs."""
    spelled = [_SPELLED.sub(lambda m: ASCII_SPELLINGS[m.group(0).lower()], name) for name in names]
    return [other for name, other in zip(names, spelled, strict=True) if other != name]


def _refuse_repeats(values: list[str], *, key: t.Callable[[str], str]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if key(value) in seen:
            # ``index`` in the context: the warning points at the repeated item's line.
            raise pydantic_core.PydanticCustomError(
                "repeated",
                "{value} is listed twice; keep it once",
                {"value": repr(value), "index": index},
            )
        seen.add(key(value))


class Record(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    id: str = pydantic.Field(
        exclude=True, description="The file name without .md (set by the site)."
    )
    docname: str = pydantic.Field(exclude=True, description="The page (set by the site).")
    line: int = pydantic.Field(1, exclude=True, description="Line of the front matter.")


class Links(pydantic.BaseModel):
    """Optional links of a paper; each one is an http(s) URL."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    arxiv: HttpUrl | None = pydantic.Field(None, description="The arXiv abstract page.")
    pdf: HttpUrl | None = pydantic.Field(None, description="A PDF of the paper.")
    code: HttpUrl | None = pydantic.Field(None, description="The code repository.")
    poster: HttpUrl | None = pydantic.Field(None, description="The poster.")
    slides: HttpUrl | None = pydantic.Field(None, description="The slides.")
    video: HttpUrl | None = pydantic.Field(None, description="A recording of the talk.")
    project: HttpUrl | None = pydantic.Field(None, description="A project page.")

    def items(self) -> list[tuple[str, str]]:
        return [(LINK_LABELS[name], url) for name, url in self if url]


# The labels table and the fields are one list: a link kind added to one must be added to both.
if list(Links.model_fields) != list(LINK_LABELS):
    raise TypeError("records.Links must have one field per fields.LINK_LABELS entry, in order")


class PersonLink(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    label: Line
    url: HttpUrl


class Person(Record):
    """A person: ``people/<slug>.md``."""

    name: Line = pydantic.Field(min_length=2, description="Full name, as it should be shown.")
    roles: list[Role] = pydantic.Field(
        min_length=1, description=f"One or more of: {', '.join(ROLES)}."
    )
    affiliation: Line = pydantic.Field(description="Current institution(s).")
    homepage: HttpUrl = pydantic.Field(description="Personal or institutional web page.")
    scholar: HttpUrl | None = pydantic.Field(None, description="Google Scholar profile.")
    photo: str | None = pydantic.Field(
        None,
        description="A photo the person allowed us to use: a PNG, JPEG or WebP file under "
        "images/ (e.g. images/people/<id>.jpg), at most 1 MB; else initials.",
    )
    links: list[PersonLink] = pydantic.Field(
        default_factory=list, description="Other links, each with a label and a url."
    )

    @pydantic.field_validator("roles")
    @classmethod
    def _distinct_roles(cls, roles: list[str]) -> list[str]:
        _refuse_repeats(roles, key=str)
        return roles

    @property
    def sort_key(self) -> tuple[str, str]:
        return fold(self.name.split()[-1]), fold(self.name)

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.replace("-", " ").split() if p[0].isalpha() and "." not in p]
        return (parts[0][0] + parts[-1][0]).upper() if len(parts) > 1 else self.name[:2].upper()


class Paper(Record):
    """An accepted paper: ``papers/<openreview-id>.md``."""

    title: Line = pydantic.Field(min_length=3, description="The title, as on OpenReview.")
    authors: list[Line] = pydantic.Field(min_length=1, description="Author names, in order.")
    openreview: OpenReviewId | None = None
    presentation: Presentation = pydantic.Field(
        description="spotlight (a talk and a poster) or poster."
    )
    poster_session: PosterSession = pydantic.Field(
        description=f"The poster session: {one_of(POSTER_SESSIONS)}."
    )
    links: Links = pydantic.Field(default_factory=Links, description="arxiv, pdf, code, ...")
    topics: list[str] = pydantic.Field(
        min_length=1, description="Ids of CFP topic areas (cfp/topics.yaml)."
    )
    abstract: Text | None = pydantic.Field(
        None,
        description="The abstract, as plain text (paragraphs separated by an empty line; "
        f"no Markdown), at most {ABSTRACT_MAX_CHARS:,} characters.",
    )

    @pydantic.field_validator("topics")
    @classmethod
    def _known_topics(cls, topics: list[str], info: pydantic.ValidationInfo) -> list[str]:
        allowed = (info.context or {}).get("topics")
        for topic in topics:
            if allowed is not None and topic not in allowed:
                raise ValueError(f"unknown topic area {topic!r}; allowed: {', '.join(allowed)}")
        _refuse_repeats(topics, key=str)
        return topics

    @pydantic.field_validator("abstract")
    @classmethod
    def _abstract_length(cls, abstract: str | None) -> str | None:
        if abstract is not None and len(abstract) > ABSTRACT_MAX_CHARS:
            raise ValueError(
                f"the abstract is {len(abstract):,} characters long; at most "
                f"{ABSTRACT_MAX_CHARS:,} are allowed (OpenReview's limit): shorten it"
            )
        return abstract

    @pydantic.field_validator("authors")
    @classmethod
    def _distinct_authors(cls, authors: list[str]) -> list[str]:
        _refuse_repeats(authors, key=fold)
        return authors

    @property
    def abstract_paragraphs(self) -> list[str]:
        """The abstract's paragraphs, each on one line."""
        paragraphs = re.split(r"\n[ \t\r]*\n", self.abstract or "")
        return [" ".join(part.split()) for part in paragraphs if part.strip()]

    @property
    def openreview_url(self) -> str | None:
        return f"https://openreview.net/forum?id={self.openreview}" if self.openreview else None

    @property
    def sort_key(self) -> str:
        return fold(self.title)


# A page of the site, as its file without .md from the site's root: "program/index".
PageName = t.Annotated[
    str,
    pydantic.StringConstraints(pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$"),
    pydantic.Field(description="A page of the site: its file without .md, e.g. program/index."),
]
DATE_HELP = (
    "a date as YYYY-MM-DD, or the key of a date of cfp/dates.yaml (e.g. author_notification)"
)


class NewsPost(Record):
    """A news post: ``news/<slug>.md``, its text in Markdown under the front matter."""

    title: Line = pydantic.Field(min_length=3, description="The headline.")
    date: dt.date = pydantic.Field(
        description=f"The day it is published: {DATE_HELP}. A post dated after the build's day "
        "is not published until then."
    )
    links: list[PageName] = pydantic.Field(
        default_factory=list, description="Pages of the site the post points to (optional)."
    )

    @pydantic.field_validator("date", mode="before")
    @classmethod
    def _date_or_key(cls, value: t.Any, info: pydantic.ValidationInfo) -> t.Any:
        return news_date(value, (info.context or {}).get("dates"))

    @pydantic.field_validator("links")
    @classmethod
    def _distinct_links(cls, links: list[str]) -> list[str]:
        _refuse_repeats(links, key=str)
        return links

    @property
    def sort_key(self) -> tuple[int, str]:
        """Newest first, then by file name."""
        return -self.date.toordinal(), self.id


def news_date(value: t.Any, dates: dict[str, dt.date] | None) -> t.Any:
    """A post's ``date``: a date as it is, a key of the dates file as that date's day."""
    if isinstance(value, str) and dates is not None and value.strip() in dates:
        return dates[value.strip()]
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        known = ", ".join(dates or ()) or "(none)"
        raise ValueError(f"{value!r} is not {DATE_HELP}; keys of the dates file: {known}")
    return value


def is_published(post: NewsPost, now: dt.datetime) -> bool:
    """A post is published from its day on (the build's "now", in UTC)."""
    return post.date <= now.astimezone(dt.UTC).date()
