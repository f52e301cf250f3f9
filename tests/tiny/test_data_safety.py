"""Contributor data is untrusted: YAML, encodings, field values and the reading list's .bib.

Each test builds a tiny site with one bad input and asserts the located, typed message a
contributor sees (file:line and the ``[workshop.*]`` tag), and that the build does not crash.
"""

from __future__ import annotations

import contextlib
import re
import signal
import time

import pytest
from site_build import ROOT, SITES
from workshop.tools.check_front_matter import check

PAPER = (SITES / "collections/papers/AbCdEf1234.md").read_text()
PERSON = (SITES / "collections/people/ada-lovelace.md").read_text()
DATES = (SITES / "minimal/cfp/dates.yaml").read_text()
TOPICS = (SITES / "minimal/cfp/topics.yaml").read_text()
INFO = (SITES / "minimal/_data/workshop.yaml").read_text()
SCHEDULE = (SITES / "program/program/schedule.yaml").read_text()
CONF = (SITES / "minimal/conf.py").read_text()

BILLION_LAUGHS = "\n".join(
    [f"a0: &a0 [{', '.join(['lol'] * 9)}]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
)


def replaced(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def located(built, where: str, tag: str, *fragments: str) -> str:
    """The warnings at ``where`` (``file:line``) with ``tag``; each fragment must be in them."""
    matching = [w for w in built.warning_lines() if f"{where}:" in w and tag in w]
    assert matching, f"no {tag} warning at {where}:\n{built.warnings}"
    text = "\n".join(matching)
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in:\n{text}"
    return text


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``."""

    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- YAML: anchors, aliases, tags, size, encodings ----------------------------------------------


def test_alias_bomb_in_front_matter_fails_fast_with_its_line(tiny_site):
    fields = "topics: [model-analysis]\n"
    text = replaced(PAPER, fields, f"{fields}{BILLION_LAUGHS}\n")
    started = time.monotonic()
    with deadline(30):
        built = tiny_site("collections", files={"papers/AbCdEf1234.md": text}, allow_warnings=True)
    assert time.monotonic() - started < 30  # the build itself; the check takes milliseconds
    line = line_of(text, "a0: &a0")
    located(built, f"papers/AbCdEf1234.md:{line}", "[workshop.data]", "anchor", "not allowed")


def test_pre_commit_hook_refuses_the_bomb_fast(tmp_path):
    path = tmp_path / "x.md"
    path.write_text(f"---\ntitle: x\n{BILLION_LAUGHS}\n---\n", encoding="utf-8")
    started = time.monotonic()
    with deadline(20):
        problems = check(path)
    assert time.monotonic() - started < 1
    assert problems and problems[0].startswith(f"{path}:3: ") and "anchor" in problems[0]


BAD_YAML = {
    # An alias needs an anchor before it: the anchor is the first thing refused.
    "alias": ("  label: &label Paper submission deadline", "  label: *label", "&label", "aliases"),
    "anchor": ("  label: Workshop day", "  label: &day Workshop day", "&day", "anchor"),
    "python tag": (
        "  label: Workshop day",
        "  label: !!python/object/apply:os.system [echo]",
        "!!python",
        "tag",
    ),
    "local tag": ("  label: Workshop day", "  label: !mine Workshop day", "!mine", "tag"),
}


@pytest.mark.parametrize("case", list(BAD_YAML), ids=list(BAD_YAML))
def test_anchors_aliases_and_tags_are_refused_in_data_files(tiny_site, case):
    old, new, needle, what = BAD_YAML[case]
    if case == "alias":  # a valid alias: to the anchor of an earlier value
        text = replaced(DATES, "  label: Paper submission deadline", old)
        text = replaced(text, "  label: Workshop day", new)
    else:
        text = replaced(DATES, old, new)
    built = tiny_site(files={"cfp/dates.yaml": text}, allow_warnings=True)
    located(built, f"cfp/dates.yaml:{line_of(text, needle)}", "[workshop.data]", what, "allowed")


MAX_YAML_BYTES = 256 * 1024  # the limit CONTRIBUTING.md documents


def test_a_data_file_over_the_size_limit_is_refused(tiny_site):
    padding = "# padding\n" * (MAX_YAML_BYTES // 10 + 1)
    built = tiny_site(files={"cfp/topics.yaml": TOPICS + padding}, allow_warnings=True)
    located(built, "cfp/topics.yaml:1", "[workshop.data]", "KB", "limit")


def test_a_byte_order_mark_is_stripped_like_sphinx_does(tiny_site):
    bom = b"\xef\xbb\xbf"
    built = tiny_site(
        "collections",
        files={
            "papers/AbCdEf1234.md": bom + PAPER.encode(),
            "cfp/dates.yaml": bom + DATES.encode(),
        },
    )  # strict: no warning at all
    assert built.page("papers/AbCdEf1234").h1.get_text(strip=True).startswith("Weights Are Data")


NOT_UTF8 = {
    "paper": ("papers/AbCdEf1234.md", PAPER, "Charles Babbage"),
    "page": ("index.md", (SITES / "collections/index.md").read_text(), "Talk by"),
    "data file": ("cfp/topics.yaml", TOPICS, "title: Weight Space as a Modality"),
}


@pytest.mark.parametrize("case", list(NOT_UTF8), ids=list(NOT_UTF8))
def test_a_file_that_is_not_utf8_is_a_located_error(tiny_site, case):
    path, text, needle = NOT_UTF8[case]
    raw = replaced(text, needle, needle + " M\xfcller").encode("latin-1")
    built = tiny_site("collections", files={path: raw}, allow_warnings=True)
    located(built, f"{path}:{line_of(text, needle)}", "[workshop.data]", "UTF-8", "0xfc")


def test_an_unclosed_front_matter_says_so(tiny_site):
    text = replaced(PAPER, "topics: [model-analysis]\n---\n", "topics: [model-analysis]\n")
    built = tiny_site("collections", files={"papers/AbCdEf1234.md": text}, allow_warnings=True)
    warnings = located(
        built, "papers/AbCdEf1234.md:1", "[workshop.data]", "opened at line 1 is never closed"
    )
    assert "has no front matter" not in built.warnings, warnings


# -- field values ------------------------------------------------------------------------------

BAD_FIELDS = {
    "time with an offset": (
        "cfp/dates.yaml",
        replaced(DATES, 'time: "23:59"', 'time: "23:59+05:00"'),
        "23:59+05:00",
        "[workshop.dates]",
        ["submission_deadline", "'time'", "UTC offset", "'timezone'"],
    ),
    "localtime": (
        "cfp/dates.yaml",
        replaced(DATES, "timezone: Asia/Singapore", "timezone: localtime"),
        "localtime",
        "[workshop.dates]",
        ["'timezone'", "unknown timezone 'localtime'", "IANA"],
    ),
    "time without a timezone": (
        "cfp/dates.yaml",
        replaced(DATES, '  time: "23:59"\n  timezone: AoE\n', '  time: "23:59"\n'),
        "submission_deadline:",
        "[workshop.dates]",
        ["field 'timezone'", "needs a timezone"],
    ),
    "blank title": (
        "papers/AbCdEf1234.md",
        replaced(PAPER, 'title: "Weights Are Data: A Test Paper"', 'title: "   "'),
        "title:",
        "[workshop.paper]",
        ["'title'", "empty"],
    ),
    "blank author": (
        "papers/AbCdEf1234.md",
        replaced(PAPER, "  - Charles Babbage", '  - " "'),
        '  - " "',
        "[workshop.paper]",
        ["authors.1", "empty"],
    ),
    "blank name": (
        "people/ada-lovelace.md",
        replaced(PERSON, "name: Ada Lovelace", 'name: "\\t "'),
        "name:",
        "[workshop.person]",
        ["'name'", "empty"],
    ),
    "blank label": (
        "cfp/dates.yaml",
        replaced(DATES, "label: Workshop day", 'label: ""'),
        'label: ""',
        "[workshop.dates]",
        ["workshop_day", "'label'", "empty"],
    ),
    "blank topic title": (
        "cfp/topics.yaml",
        replaced(TOPICS, "title: Weight Space as a Modality", 'title: " "'),
        'title: " "',
        "[workshop.topic]",
        ["'title'", "empty"],
    ),
    "duplicate author": (
        "papers/AbCdEf1234.md",
        replaced(PAPER, "  - Charles Babbage", "  - Charles Babbage\n  - charles  babbage"),
        "charles  babbage",
        "[workshop.paper]",
        ["authors", "'charles babbage' is listed twice"],
    ),
    "duplicate topic": (
        "papers/AbCdEf1234.md",
        replaced(PAPER, "[model-analysis]", "[model-analysis, model-analysis]"),
        "topics:",
        "[workshop.paper]",
        ["topics", "'model-analysis' is listed twice"],
    ),
    "internal field": (
        "papers/AbCdEf1234.md",
        replaced(PAPER, "poster_session: 2", "poster_session: 2\ndocname: index"),
        "docname:",
        "[workshop.paper]",
        ["unknown field 'docname'", "allowed fields: abstract, authors, links, openreview"],
    ),
    "YAML boolean": (
        "people/ada-lovelace.md",
        replaced(PERSON, "affiliation: Analytical Engine Society", "affiliation: NO"),
        "affiliation:",
        "[workshop.person]",
        ["'affiliation'", "yes/no", 'quote it: affiliation: "NO"'],
    ),
    "link without a host": (
        "people/ada-lovelace.md",
        replaced(PERSON, "https://example.org/ada", "https://[mirror]/ada"),
        "homepage:",
        "[workshop.person]",
        ["'homepage'", "host name"],
    ),
    "contact email": (
        "_data/workshop.yaml",
        replaced(INFO, "contact_email: weightspacelearning@gmail.com", "contact_email: organizers"),
        "contact_email:",
        "[workshop.info]",
        ["'contact_email'", "email address"],
    ),
    "script address in a paper link": (
        "papers/AbCdEf1234.md",
        replaced(PAPER, "arxiv: https://arxiv.org/abs/0000.00000", 'code: "javascript:alert(1)"'),
        "code:",
        "[workshop.paper]",
        ["'links.code'", "https://"],
    ),
    "a quote that would leave an attribute": (
        "people/ada-lovelace.md",
        replaced(PERSON, "homepage: https://example.org/ada",
                 'homepage: "https://example.org/ada\\" onmouseover=\\"x"'),
        "homepage:",
        "[workshop.person]",
        ["'homepage'", "quotes"],
    ),
    "an imported abstract too long": (
        "papers/AbCdEf1234.md",
        replaced(PAPER, "topics: [model-analysis]\n",
                 f"topics: [model-analysis]\nabstract: {'x' * 5001}\n"),
        "abstract:",
        "[workshop.paper]",
        ["'abstract'", "5,000"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FIELDS), ids=list(BAD_FIELDS))
def test_bad_field_values_are_located_errors(tiny_site, case):
    path, text, needle, tag, fragments = BAD_FIELDS[case]
    built = tiny_site("collections", files={path: text}, allow_warnings=True)
    warnings = located(built, f"{path}:{line_of(text, needle)}", tag, *fragments)
    # Once: not again where the record, the fact or the topic is shown or referenced.
    assert len(built.warning_lines()) == 1, built.warnings
    if case == "internal field":
        assert re.search(r"allowed fields:.*\b(id|line)\b", warnings) is None, warnings


def test_unknown_field_message_lists_only_what_a_contributor_writes(tiny_site):
    text = replaced(PAPER, "poster_session: 2", "poster_session: 2\nsummary: x")
    built = tiny_site("collections", files={"papers/AbCdEf1234.md": text}, allow_warnings=True)
    warning = located(built, "papers/AbCdEf1234.md:9", "[workshop.paper]", "unknown field")
    allowed = warning.split("allowed fields: ")[1].split(" [")[0].split(", ")
    assert allowed == ["abstract", "authors", "links", "openreview", "poster_session",
                       "presentation", "title", "topics"]  # fmt: skip


def test_newlines_in_a_title_are_folded_into_spaces(tiny_site):
    text = replaced(PAPER, 'title: "Weights Are Data: A Test Paper"', 'title: "Weights Are\\nData"')
    built = tiny_site("collections", files={"papers/AbCdEf1234.md": text})
    assert built.page("papers/AbCdEf1234").h1.get_text(strip=True).startswith("Weights Are Data")
    exported = (built.outdir / "papers.json").read_text(encoding="utf-8")
    assert '"title": "Weights Are Data"' in exported


# -- no traceback ------------------------------------------------------------------------------


def test_an_empty_program_is_one_located_error(tiny_site):
    text = SCHEDULE.split("slots:")[0] + "slots: []\n"
    built = tiny_site("program", files={"program/schedule.yaml": text}, allow_warnings=True)
    located(built, f"program/schedule.yaml:{line_of(text, 'slots:')}", "[workshop.schedule]")
    assert "Traceback" not in built.warnings


def test_an_invalid_workshop_fact_is_one_warning_and_the_build_goes_on(tiny_site):
    text = replaced(INFO, "openreview_url: https://", "openreview_url: ")
    # What follows the facts: the edit button, the 404 page (site_url) and the exports.
    conf = CONF + 'html_theme_options = {"use_edit_page_button": True}\n'
    conf += 'extensions.append("notfound.extension")\n'
    program = (SITES / "program/program/index.md").read_text(encoding="utf-8")
    assert "{export}`program-ics`" in program
    built = tiny_site(
        "program", files={"_data/workshop.yaml": text, "conf.py": conf}, allow_warnings=True
    )
    (warning,) = built.warning_lines()
    line = line_of(text, "openreview_url:")
    assert f"_data/workshop.yaml:{line}:" in warning and "[workshop.info]" in warning


def redirects_site(tiny_site, entries: str):
    return tiny_site("collections", files={"_data/redirects.yaml": entries}, allow_warnings=True)


@pytest.mark.parametrize("old", ["papers.bib", "papers.json", "papers.bib/x", "_static/x.css"])
def test_a_redirect_cannot_replace_a_generated_file(tiny_site, old):
    built = redirects_site(tiny_site, f"schedule: index\n{old}: index\n")
    located(built, "_data/redirects.yaml:2", "[workshop.redirect]", repr(old))
    assert (built.outdir / "schedule/index.html").exists()
    if old.startswith("papers."):
        assert (built.outdir / old.split("/")[0]).is_file()


def test_nested_and_rst_records_are_located(tiny_site):
    built = tiny_site(
        "collections",
        files={"papers/sub/ZyXwVu9876.md": PAPER, "people/bob.rst": "Bob\n===\n\nA person.\n"},
        allow_warnings=True,
    )
    located(built, "papers/sub/ZyXwVu9876.md:1", "[workshop.collection]", "papers/ZyXwVu9876.md")
    located(built, "people/bob.rst:1", "[workshop.content]", "people/bob.rst", "rename it to .md")
    # One input, one message: nothing about its front matter or the table of contents first.
    for name in ("papers/sub/ZyXwVu9876.md", "people/bob.rst"):
        about = [w for w in built.warning_lines() if name in w]
        assert len(about) == 1, "\n".join(about)


# -- the reading list's .bib --------------------------------------------------------------------

BIB_CONF = CONF + (
    'extensions.append("sphinxcontrib.bibtex")\n'
    'workshop_collection_pages = ["papers/reading-list"]\n'
    'bibtex_bibfiles = ["papers/reading-list.bib"]\n'
    'bibtex_default_style = "wsl-reading-list"\n'
)
BIB = (ROOT / "papers/reading-list.bib").read_text(encoding="utf-8")
READING_LIST = (
    (ROOT / "papers/reading-list.md")
    .read_text(encoding="utf-8")
    .replace("[call for papers](../cfp/index.md#topics)", "call for papers")
)
BIB_INDEX = (
    "# Home\n\n## Topics\n\n```{topic-areas}\n```\n\n```{toctree}\npapers/reading-list\n```\n"
)


def bib_site(tiny_site, bib: str):
    return tiny_site(
        files={
            "conf.py": BIB_CONF,
            "index.md": BIB_INDEX,
            "papers/reading-list.md": READING_LIST,
            "papers/reading-list.bib": bib,
        },
        allow_warnings=True,
    )


def test_the_reading_list_builds_cleanly(tiny_site):
    built = bib_site(tiny_site, BIB)
    assert not built.warning_lines(), built.warnings


def test_a_reading_list_entry_with_an_unknown_topic_is_located(tiny_site):
    bib = replaced(BIB, "keywords = {weight-space-as-modality}", "keywords = {no-such-topic}")
    built = bib_site(tiny_site, bib)
    located(
        built,
        f"papers/reading-list.bib:{line_of(bib, 'no-such-topic')}",
        "[workshop.topic]",
        "'no-such-topic'",
        "weight-space-as-modality",
    )


BAD_BIB_URLS = {
    "javascript url": "url = {javascript:alert(document.domain)}",
    "data url": "url = {data:text/html;base64,PHNjcmlwdD4=}",
    "doi": 'doi = {10.1/x" onmouseover="alert(1)}',
}


@pytest.mark.parametrize("case", list(BAD_BIB_URLS), ids=list(BAD_BIB_URLS))
def test_a_reading_list_link_must_be_http(tiny_site, case):
    bib = replaced(BIB, "url = {https://arxiv.org/abs/2310.13397}", BAD_BIB_URLS[case])
    built = bib_site(tiny_site, bib)
    field = BAD_BIB_URLS[case].split(" =")[0]
    located(
        built, f"papers/reading-list.bib:{line_of(bib, BAD_BIB_URLS[case])}", "[workshop.content]",
        f"'{field}'",
    )  # fmt: skip
    page = (built.outdir / "papers/reading-list/index.html").read_text(encoding="utf-8")
    assert "javascript:" not in page and "data:text" not in page and "onmouseover" not in page


def test_a_malformed_bib_file_is_located(tiny_site):
    bib = replaced(BIB, "  keywords = {weight-space-as-modality}\n}", "  keywords = {x\n", 1)
    built = bib_site(tiny_site, bib)
    warnings = [w for w in built.warning_lines() if "[workshop.data]" in w]
    assert any("papers/reading-list.bib:" in w for w in warnings), built.warnings


def test_a_duplicate_bib_key_is_located(tiny_site):
    first = BIB.split("\n\n@")[1]
    built = bib_site(tiny_site, BIB + "\n@" + first + "\n")
    line = len(BIB.splitlines()) + 2
    located(built, f"papers/reading-list.bib:{line}", "[workshop.data]", "ainsworth2023git")


def test_a_bib_file_that_is_not_utf8_is_located(tiny_site):
    bib = replaced(BIB, "Guerrero Pe{\\~n}a", "Guerrero Pe\xf1a")
    built = bib_site(tiny_site, bib.encode("latin-1"))
    line = line_of(bib, "Guerrero Pe\xf1a")
    located(built, f"papers/reading-list.bib:{line}", "[workshop.data]", "UTF-8", "0xf1")


# -- headings on record pages ------------------------------------------------------------------


def test_sub_headings_of_a_record_page_start_at_two_hashes(tiny_site):
    """The page's title is its front matter's title (a paper) or name (a person): the body's
    headings are sub-headings, ## and deeper, as CONTRIBUTING.md says."""
    body = "\n## Why weights\n\nText.\n\n### A detail\n\nMore.\n"
    built = tiny_site(
        "collections",
        files={"papers/AbCdEf1234.md": PAPER + body, "people/ada-lovelace.md": PERSON + body},
    )  # strict: no warning
    for page in ("papers/AbCdEf1234", "people/ada-lovelace"):
        tree = built.page(page)
        assert len(tree.find_all("h1")) == 1, page
        levels = {h.get_text(strip=True).rstrip("#"): h.name for h in tree.select("h2, h3")}
        assert levels["Why weights"] == "h2" and levels["A detail"] == "h3", (page, levels)


def test_a_top_level_heading_on_a_record_page_says_what_to_write(tiny_site):
    text = PAPER + "\n# Why weights\n\nText.\n"
    built = tiny_site("collections", files={"papers/AbCdEf1234.md": text}, allow_warnings=True)
    line = line_of(text, "# Why weights")
    where = f"papers/AbCdEf1234.md:{line}"
    located(built, where, "[workshop.content]", "'title'", "## Why weights")
    assert len(built.warning_lines()) == 1, built.warnings


def test_a_bib_syntax_error_names_the_entry_at_its_line(tiny_site):
    """pybtex goes on after some errors: the entry named is the one being read at the error,
    not the one being read when the whole file is done (the last)."""
    url = "url = {https://arxiv.org/abs/2310.13397}"
    bib = replaced(BIB, url, "url = https://arxiv.org/abs/2310.13397}")  # a brace missing
    line = line_of(bib, "url = https://arxiv.org/abs/2310.13397}")
    entry = [k for n, k in _bib_entries(bib) if n <= line][-1]
    last = _bib_entries(bib)[-1][1]
    assert entry != last
    built = bib_site(tiny_site, bib)
    message = located(built, f"papers/reading-list.bib:{line}", "[workshop.data]", f"'{entry}'")
    assert last not in message


def _bib_entries(bib: str) -> list[tuple[int, str]]:
    return [
        (number, re.match(r"@\w+\{([^,]+),", text)[1])
        for number, text in enumerate(bib.splitlines(), 1)
        if re.match(r"@\w+\{", text) and not text.lower().startswith(("@comment", "@string"))
    ]


def test_a_refused_record_is_not_reported_again_where_it_is_referenced(tiny_site):
    """The program and the pages name ada-lovelace; her file is refused: one message, hers."""
    path = "people/ada-lovelace.md"
    person = (SITES / "program" / path).read_text(encoding="utf-8")
    text = replaced(person, "name: Ada Lovelace", 'name: " "')
    built = tiny_site("program", files={path: text}, allow_warnings=True)
    located(built, f"{path}:{line_of(text, 'name:')}", "[workshop.person]", "'name'")
    assert len(built.warning_lines()) == 1, built.warnings
