"""The contributor guide: its samples build, its tables follow the code, its examples are real."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from site_build import ROOT, SITES
from workshop.config import OPTIONS
from workshop.fielddocs import documented_fields, problem_docs
from workshop.model.dates import DateEntry
from workshop.model.problems import Problem
from workshop.model.program import Slot
from workshop.model.records import Links, Paper, Person
from workshop.model.yamlio import parse_yaml, split_front_matter
from workshop.tools import check_front_matter

SAMPLE_PAPER = SITES / "contributing/papers/SAMPLE0001.md"
SAMPLE_PERSON = SITES / "contributing/people/jane-doe.md"
SAMPLE_NEWS = SITES / "contributing/news/deadline-extended.md"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def front_matter(path):
    text, first_line = split_front_matter(path.read_text(encoding="utf-8"))
    return parse_yaml(text, source=path.name, first_line=first_line).data


def table_rows(page, table_id):
    table = page.select_one(f"table#{table_id}")
    assert table is not None, f"no table #{table_id}"
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    ]


# -- the samples -------------------------------------------------------------------------------


def test_sample_paper_is_valid_against_the_real_topic_areas():
    topics = [area["id"] for area in yaml.safe_load((ROOT / "cfp/topics.yaml").read_text())]
    data = front_matter(SAMPLE_PAPER)
    paper = Paper.model_validate(
        {**data, "id": "SAMPLE0001", "docname": "papers/SAMPLE0001"}, context={"topics": topics}
    )
    assert paper.openreview == SAMPLE_PAPER.stem
    # The sample shows every field a contributor may write, links included.
    assert set(data) == {name for name, _ in documented_fields(Paper)}


def test_guide_includes_the_tested_samples(real_site):
    page = real_site.page("contribute")
    blocks = [pre.get_text() for pre in page.select("div.highlight pre")]
    assert SAMPLE_PAPER.read_text(encoding="utf-8") in blocks
    assert SAMPLE_PERSON.read_text(encoding="utf-8") in blocks


def test_contributing_md_shows_the_tested_sample():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    blocks = re.findall(r"^```markdown\n(.*?)^```$", text, flags=re.S | re.M)
    assert SAMPLE_PAPER.read_text(encoding="utf-8") in blocks
    assert SAMPLE_NEWS.read_text(encoding="utf-8") in blocks


def test_contributing_md_links_to_the_guide_on_the_site():
    site_url = yaml.safe_load((ROOT / "_data/workshop.yaml").read_text())["site_url"]
    assert f"]({site_url}contribute/)" in CONTRIBUTING.read_text(encoding="utf-8")


# -- the generated tables ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table_id", "model"),
    [
        ("fields-paper", Paper),
        ("fields-links", Links),
        ("fields-person", Person),
        ("fields-dateentry", DateEntry),
        ("fields-slot", Slot),
    ],
)
def test_field_tables_list_every_field_of_the_model(real_site, table_id, model):
    rows = table_rows(real_site.page("contribute"), table_id)
    fields = documented_fields(model)
    assert [row[0] for row in rows] == [name for name, _ in fields]
    for row, (_name, field) in zip(rows, fields, strict=True):
        assert row[1].startswith("required" if field.is_required() else "optional")
        assert row[3]  # every field is explained
    # Fields the site fills in itself are not for contributors.
    assert "docname" not in [row[0] for row in rows]


def test_field_table_describes_types_and_allowed_values(real_site):
    rows = {row[0]: row for row in table_rows(real_site.page("contribute"), "fields-paper")}
    assert rows["presentation"][2] == "one of spotlight , poster"
    assert rows["poster_session"][2] == "one of 1 , 2"
    assert rows["title"][2] == "text, at least 3 characters"
    for link in Links.model_fields:
        assert link in rows["links"][2]
    dates = {row[0]: row for row in table_rows(real_site.page("contribute"), "fields-dateentry")}
    assert dates["date"][2] == "date YYYY-MM-DD"


def test_options_table_lists_every_option(real_site):
    rows = table_rows(real_site.page("contribute"), "fields-options")
    assert [row[0] for row in rows] == [option.name for option in OPTIONS]
    assert [row[2] for row in rows] == [option.help for option in OPTIONS]


def test_warning_list_has_every_problem_with_its_docstring(real_site):
    table = real_site.page("contribute").select_one("table.wsl-warning-table")
    rows = [
        [c.get_text(" ", strip=True) for c in row.select("td")] for row in table.select("tbody tr")
    ]
    docs = problem_docs()
    assert rows == [[f"[workshop.{problem.value}]", docs[problem]] for problem in Problem]
    assert all(doc for doc in docs.values())


# -- the front-matter syntax check (a pre-commit hook) -----------------------------------------


def test_front_matter_check_accepts_every_markdown_file_of_the_site():
    files = [
        p
        for p in ROOT.glob("**/*.md")
        if not {".venv", "node_modules", "_build", ".git"} & set(p.parts)
        and not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
    ]
    assert SAMPLE_PAPER in files and len(files) > 60
    assert check_front_matter.main([str(p) for p in files]) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('---\ntitle: "Open quote\nauthors: [A\n---\n', ":2: YAML syntax error"),
        ("---\ntitle: A\ntitle: B\n---\n", ":3: duplicate key 'title'"),
        ("---\ntitle: A\n", ":1: the front matter opened at line 1 is never closed"),
        ("---\n- a list\n---\n", ":2: the front matter must be fields"),
    ],
)
def test_front_matter_check_reports_file_and_line(tmp_path, text, expected):
    path = tmp_path / "bad.md"
    path.write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "workshop.tools.check_front_matter", str(path), str(SAMPLE_PAPER)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        line for line in result.stderr.splitlines() if line.startswith(str(path))
    ]
    assert f"{path}{expected}" in result.stderr
