"""CONTRIBUTING's samples and documented warnings, built on tiny sites: the samples are valid
records, the warning example is what the build prints, the field tables say what they cannot
document."""

from __future__ import annotations

import re

from site_build import ROOT, SITES
from workshop.model.yamlio import parse_yaml, split_front_matter

SAMPLE_PAPER = SITES / "contributing/papers/SAMPLE0001.md"
SAMPLE_NEWS = SITES / "contributing/news/deadline-extended.md"


GUIDE = ROOT / "contribute.md"


def front_matter(path):
    text, first_line = split_front_matter(path.read_text(encoding="utf-8"))
    return parse_yaml(text, source=path.name, first_line=first_line).data


def test_samples_build_as_valid_records(tiny_site):
    built = tiny_site("contributing")  # fails on any warning
    paper = built.page("papers/SAMPLE0001")
    assert paper.find("h1").get_text().startswith(front_matter(SAMPLE_PAPER)["title"])
    header = paper.select_one(".wsl-paper-header")
    assert "Jane Doe, John Roe" in header.get_text()
    assert header.select_one("a.wsl-author")["href"].endswith("people/jane-doe/")
    person = built.page("people/jane-doe")
    assert person.find("h1").get_text().startswith("Jane Doe")
    assert "Example University" in person.select_one(".wsl-person-header").get_text()
    post = built.page("news/deadline-extended")
    assert post.find("h1").get_text().startswith(front_matter(SAMPLE_NEWS)["title"])
    news = built.page("news/index").select(".wsl-news-list a")
    assert [a.get_text() for a in news] == [front_matter(SAMPLE_NEWS)["title"]]


def documented_warning_example() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("(contribute-warnings)=", 1)[1]
    block = re.search(r"```text\n(.*?)```", section, flags=re.S).group(1)
    return block.strip().splitlines()


def test_documented_warning_example_is_what_the_build_prints(tiny_site):
    sample = SAMPLE_PAPER.read_text(encoding="utf-8")
    broken = re.sub(r"^presentation: .*\n", "", sample, flags=re.M)
    broken = re.sub(r"^poster_session: 1", "poster_session: 3", broken, flags=re.M)
    assert broken.count("\n") == sample.count("\n") - 1
    built = tiny_site("contributing", files={"papers/SAMPLE0001.md": broken}, allow_warnings=True)
    printed = built.warning_lines()
    documented = documented_warning_example()
    assert len(documented) == len(printed) == 2
    for line in documented:
        assert any(out.endswith(line) for out in printed), (line, printed)


def test_field_table_warns_about_what_it_cannot_document(tiny_site):
    page = (
        "# Fields\n\n```{field-table} workshop.model.records.PersonLink\n```\n\n"
        "```{field-table} workshop.model.records.NoSuchModel\n```\n\n"
        "```{field-table} workshop.model.fields.ROLES\n```\n"
    )
    built = tiny_site(
        files={"fields.md": page, "index.md": "# Home\n\n```{toctree}\nfields\n```\n"},
        allow_warnings=True,
    )
    lines = built.warning_lines()
    assert any(
        "fields.md:3" in line
        and "PersonLink.label has no description" in line
        and "[workshop.docs]" in line
        for line in lines
    ), lines
    assert any(
        "fields.md:6" in line and "'workshop.model.records.NoSuchModel'" in line for line in lines
    ), lines
    assert any("fields.md:9" in line and "neither a pydantic model" in line for line in lines)
