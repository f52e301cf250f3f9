"""Paper pages on tiny sites: a room and a named spotlight slot where the schedule gives them; the
abstract (plain text, searched, limited in length)."""

from __future__ import annotations

from site_build import ROOT


def slot_lines(section, label: str) -> list:
    """The lines (``<p>``) that give the times of one appearance, e.g. "Poster session 2"."""
    [item] = [li for li in section.select(".wsl-appearances > li") if li.strong.text == label]
    return [p for p in item.select("p") if p.select("time")]


TINY_PAPER = "papers/AbCdEf1234.md"  # a spotlight of poster session 1 in the program site


def with_fields(text: str, fields: str) -> str:
    """A paper file with more front matter fields, before its closing ``---``."""
    head, _, rest = text.partition("\n---\n")
    return f"{head}\n{fields.rstrip()}\n---\n{rest}"


def test_a_room_and_a_named_spotlight_slot_are_shown_where_the_schedule_gives_them(tiny_site):
    from site_build import SITES

    schedule = (SITES / "program/program/schedule.yaml").read_text()
    schedule = schedule.replace(
        "    title: Coffee break + Poster session 1\n",
        "    title: Coffee break + Poster session 1\n    room: Hall 2\n",
    ).replace(
        "    title: 1 spotlight talk\n", "    title: 1 spotlight talk\n    papers: [AbCdEf1234]\n"
    )
    built = tiny_site("program", files={"program/schedule.yaml": schedule})
    assert built.warning_lines() == []
    section = built.page("papers/AbCdEf1234").select_one("section#when-and-where")
    [poster] = slot_lines(section, "Poster session 1")
    assert "room: Hall 2" in poster.get_text()
    [spotlight] = slot_lines(section, "Spotlight talk")
    assert "room" not in spotlight.get_text()
    assert spotlight.select_one("time").text.endswith(", 10:00")
    assert "public records" not in section.get_text()
    # A poster session the program does not schedule: said, no time invented.
    other = built.page("papers/ZyXwVu9876").select_one("section#when-and-where")
    assert "the program does not give its time" in other.get_text()
    assert not other.select(".wsl-appearances > li:first-child time")


ABSTRACT = """abstract: |
  We study zyxwordone <script>alert(1)</script> and **not bold** [a link](https://example.org).

  A second paragraph with zyxwordtwo.
"""


def test_an_abstract_is_plain_text_paragraphs_and_searched(tiny_site):
    paper = (ROOT / "tests/sites/program" / TINY_PAPER).read_text()
    built = tiny_site("program", files={TINY_PAPER: with_fields(paper, ABSTRACT)})
    assert built.warning_lines() == []
    page = built.page("papers/AbCdEf1234")
    section = page.select_one("section#abstract")
    paragraphs = [p.get_text() for p in section.select("p")]
    assert paragraphs == [
        "We study zyxwordone <script>alert(1)</script> and **not bold** "
        "[a link](https://example.org).",
        "A second paragraph with zyxwordtwo.",
    ]
    assert not section.select("p script, p strong, p a")
    # Said once: not also by docutils' "abstract" docinfo field.
    assert str(page).count("zyxwordtwo") == 1
    index = (built.outdir / "searchindex.js").read_text()
    assert "zyxwordon" in index and "zyxwordtwo" in index


def test_a_too_long_abstract_is_a_located_error(tiny_site):
    paper = (ROOT / "tests/sites/program" / TINY_PAPER).read_text()
    long_text = "abstract: " + "word " * 1200 + "\n"
    built = tiny_site(
        "program", files={TINY_PAPER: with_fields(paper, long_text)}, allow_warnings=True
    )
    line = with_fields(paper, long_text).splitlines().index(long_text.rstrip()) + 1
    [warning] = built.warning_lines()
    assert f"{TINY_PAPER}:{line}" in warning and "[workshop.paper]" in warning, warning
    assert "abstract" in warning and "5000" in warning.replace(",", ""), warning
