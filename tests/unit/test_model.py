"""The data model without a build: loaders on small YAML files, the tables of allowed values,
and every problem reported, located, through the callable the caller passes."""

from __future__ import annotations

import datetime as dt
import typing as t

import pydantic
import pytest
from workshop.model import fields
from workshop.model.dates import Dates, load_dates
from workshop.model.problems import Problem, printer
from workshop.model.program import Slot
from workshop.model.program_file import check_references, load_schedule
from workshop.model.records import Links, NewsPost, Paper, Person, fold, is_published
from workshop.model.redirects import parse_redirects
from workshop.model.topics import load_topics
from workshop.model.yamlio import parse_yaml, validate

DATES = """\
submission_deadline: {label: Submission, kind: deadline, date: 2025-02-03, time: "23:59", timezone: AoE}
author_notification: {label: Notification, kind: announcement, date: 2025-03-05}
camera_ready_deadline: {label: Camera-ready, kind: deadline, date: 2025-04-07}
workshop_day: {label: Workshop, kind: event, date: 2025-04-27, timezone: Asia/Singapore}
"""  # noqa: E501


class Collected(list):
    """A report callable that keeps ``(problem, message, location)``."""

    def __call__(self, problem: Problem, message: str, *, location: t.Any) -> None:
        self.append((problem, message, location))


@pytest.fixture
def report():
    return Collected()


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_test_dates(tmp_path, report, text: str = DATES) -> Dates:
    return load_dates(write(tmp_path, "dates.yaml", text), source="cfp/dates.yaml", report=report)


# -- the tables of allowed values: each defined once, the validated types derived from it -----


def literal_values(annotation) -> tuple:
    while t.get_origin(annotation) is not t.Literal:
        annotation = next(a for a in t.get_args(annotation) if a is not type(None))
    return t.get_args(annotation)


@pytest.mark.parametrize(
    ("model", "field", "table"),
    [
        (Person, "roles", fields.ROLES),
        (Paper, "presentation", fields.PRESENTATIONS),
        (Paper, "poster_session", fields.POSTER_SESSIONS),
        (Slot, "poster_session", fields.POSTER_SESSIONS),
        (Slot, "kind", fields.SLOT_KINDS),
    ],
)
def test_a_validated_field_allows_exactly_its_table(model, field, table):
    assert literal_values(model.model_fields[field].annotation) == tuple(table)


def test_the_links_of_a_paper_are_the_link_labels():
    assert list(Links.model_fields) == list(fields.LINK_LABELS)


def test_a_poster_session_outside_the_table_is_refused_with_the_allowed_values(report):
    wrong = max(fields.POSTER_SESSIONS) + 1
    slot = parse_yaml(
        f'start: "10:00"\nduration: 60\nkind: poster-session\nposter_session: {wrong}\n',
        source="program/schedule.yaml",
    )
    assert validate(Slot, slot, problem=Problem.schedule, report=report) is None
    ((problem, message, location),) = report
    assert problem is Problem.schedule
    assert location == "program/schedule.yaml:4"
    assert all(str(session) in message for session in fields.POSTER_SESSIONS)


# -- loaders report through the callable, located at the line --------------------------------


def test_valid_dates_load_without_a_report(tmp_path, report):
    dates = load_test_dates(tmp_path, report)
    assert report == []
    assert list(dates.entries) == [
        "submission_deadline",
        "author_notification",
        "camera_ready_deadline",
        "workshop_day",
    ]
    assert dates.entries["workshop_day"].timezone == "Asia/Singapore"


def test_dates_out_of_order_are_reported_at_the_later_date(tmp_path, report):
    text = DATES.replace("date: 2025-03-05", "date: 2025-01-05")
    load_test_dates(tmp_path, report, text)
    ((problem, message, location),) = report
    assert problem is Problem.dates
    assert location == "cfp/dates.yaml:2"
    assert "'author_notification'" in message and "must come after" in message


def test_a_yaml_syntax_error_is_a_data_problem_at_its_line(tmp_path, report):
    load_topics(
        write(tmp_path, "topics.yaml", "- id: a\n  title: [unclosed\n"),
        source="cfp/topics.yaml",
        report=report,
    )
    ((problem, message, location),) = report
    assert problem is Problem.data
    assert location.startswith("cfp/topics.yaml:")
    assert "YAML syntax error" in message


def test_a_duplicate_topic_id_is_reported_and_left_out(tmp_path, report):
    text = (
        "- {id: graphs, title: Graphs, summary: On graphs., subtopics: [GNNs]}\n"
        "- {id: graphs, title: More graphs, summary: Again., subtopics: [More]}\n"
    )
    topics = load_topics(write(tmp_path, "t.yaml", text), source="cfp/topics.yaml", report=report)
    assert list(topics) == ["graphs"] and topics["graphs"].title == "Graphs"
    ((problem, message, location),) = report
    assert (problem, location) == (Problem.topic, "cfp/topics.yaml:2")
    assert "duplicate topic id 'graphs'" in message


SCHEDULE = """\
sessions:
  graphs: {title: Graphs and Symmetries}
slots:
  - {start: "09:00", duration: 30, kind: opening, title: Opening}
  - {start: "09:20", duration: 30, kind: invited-talk, title: A talk, people: [ada]}
ends_at: "18:00"
"""


def test_the_program_takes_its_day_from_the_dates_and_reports_an_overlap(tmp_path, report):
    dates = load_test_dates(tmp_path, report)
    schedule = load_schedule(
        write(tmp_path, "schedule.yaml", SCHEDULE),
        source="program/schedule.yaml",
        dates=dates,
        report=report,
    )
    assert schedule is not None
    assert schedule.day == dates.entries["workshop_day"].date
    assert schedule.timezone == "Asia/Singapore"
    ((problem, message, location),) = report
    assert (problem, location) == (Problem.schedule, "program/schedule.yaml:5")
    assert "overlaps slot 1" in message and "09:30" in message


def test_an_unknown_person_in_a_slot_is_reported_with_the_close_ids(tmp_path, report):
    dates = load_test_dates(tmp_path, report)
    text = SCHEDULE.replace('"09:20"', '"09:30"')
    path = write(tmp_path, "schedule.yaml", text)
    schedule = load_schedule(path, source="program/schedule.yaml", dates=dates, report=report)
    assert report == []
    check_references(schedule, people={"adam", "bob"}, papers=set(), report=report)
    ((problem, message, location),) = report
    assert (problem, location) == (Problem.schedule, "program/schedule.yaml:5")
    assert "unknown person 'ada'" in message and "did you mean adam" in message


def test_a_redirect_to_an_unknown_page_is_reported_and_left_out(report):
    located = parse_yaml(
        "schedule: program/index\nspeakers: people/nowhere\n", source="_data/redirects.yaml"
    )
    redirects = parse_redirects(located, docnames={"program/index", "index"}, report=report)
    assert [(r.source, r.docname) for r in redirects] == [("schedule", "program/index")]
    ((problem, message, location),) = report
    assert (problem, location) == (Problem.redirect, "_data/redirects.yaml:2")
    assert "'people/nowhere', which is not a page of the site" in message


def test_a_command_line_tool_prints_each_problem_located_and_tagged(tmp_path, capsys):
    load_topics(
        write(tmp_path, "t.yaml", "areas: none\n"), source="cfp/topics.yaml", report=printer()
    )
    assert capsys.readouterr().err == (
        "cfp/topics.yaml:1: the topics file must be a list of areas [workshop.topic]\n"
    )


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Konstantin Schürholt", "konstantin schurholt"),
        ("  Ada \t LOVELACE\n", "ada lovelace"),  # ASCII: case and spaces only
        ("Straße", "strasse"),
        ("ﬁne-tuning", "fine-tuning"),  # a ligature, decomposed
        ("", ""),
    ],
)
def test_fold_ignores_case_accents_and_spacing(text, folded):
    assert fold(text) == folded


# -- news posts --------------------------------------------------------------------------------


def test_a_news_post_is_dated_by_a_day_or_by_a_key_of_the_dates_file():
    dates = {"author_notification": dt.date(2025, 3, 5)}
    base = {"id": "p", "docname": "news/p", "title": "Decisions"}
    by_key = NewsPost.model_validate(
        {**base, "date": "author_notification"}, context={"dates": dates}
    )
    assert by_key.date == dt.date(2025, 3, 5)
    by_day = NewsPost.model_validate(
        {**base, "date": dt.date(2025, 1, 31)}, context={"dates": dates}
    )
    assert by_day.date == dt.date(2025, 1, 31)
    with pytest.raises(pydantic.ValidationError, match="author_notification"):
        NewsPost.model_validate({**base, "date": "someday"}, context={"dates": dates})


def test_a_news_post_is_published_from_its_day_on():
    post = NewsPost(id="p", docname="news/p", title="Later", date=dt.date(2025, 4, 27))
    assert not is_published(post, dt.datetime(2025, 4, 26, 23, 59, tzinfo=dt.UTC))
    assert is_published(post, dt.datetime(2025, 4, 27, 0, 0, tzinfo=dt.UTC))
