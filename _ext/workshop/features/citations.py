"""How to cite an accepted paper, and the reading list's checks.

* Every paper page ends with its BibTeX entry (``@inproceedings``, booktitle from the workshop
  information file, year and date from the ``workshop_day`` entry of the dates file) and a copy
  button (``_static/copy-bibtex.js``, loaded only on paper pages).
* Every paper page carries ``citation_*`` meta tags in its ``<head>`` for Google Scholar.
* The citation keys of a build are computed once, at ``env-get-updated``.
* The reading list's ``.bib`` files are parsed and checked (syntax, topics, links) with lines.

The BibTeX text and the keys are made by ``formats/bibtex.py``; ``papers.bib`` and
``papers.json`` are written by ``features/exports.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from docutils import nodes
from pybtex.database.input.bibtex import Parser as BibtexParser
from pybtex.scanner import PybtexSyntaxError
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.domain import BibtexDomain

from ..compat.plugin_lookups import keep_bibtex_plugins
from ..diagnostics import Problem, warn
from ..domain import domain
from ..formats.bibtex import (
    base_key,
    citation_keys,
    paper_bibtex,
    use_labels,
    use_reading_list,
    with_key,
)
from ..model.dates import WORKSHOP_DAY
from ..model.fields import is_http_url
from ..model.records import Paper
from ..model.yamlio import DataError, read_text
from ..render.head import meta_tags as head_meta_tags
from ..sources import LENIENT_UTF8
from ..state import build_memory, build_scratch, site_data
from .data_files import note_data_file
from .export_links import export_reference
from .records import papers

COPY_SCRIPT = "copy-bibtex.js"


# -- what a citation says ----------------------------------------------------------------------


def workshop_day(env: BuildEnvironment) -> dt.date | None:
    dates = site_data(env).dates
    entry = dates.entries.get(WORKSHOP_DAY) if dates is not None else None
    return entry.date if entry is not None else None


def citation_year(env: BuildEnvironment) -> str:
    day = workshop_day(env)
    return str(day.year) if day else ""


def booktitle(env: BuildEnvironment) -> str:
    info = site_data(env).info
    return info.citation_booktitle if info is not None else ""


def pdf_url(paper: Paper) -> str | None:
    if paper.links.pdf:
        return paper.links.pdf
    arxiv = paper.links.arxiv
    match = re.match(r"^https?://arxiv\.org/abs/(.+?)/?$", arxiv or "")
    return f"https://arxiv.org/pdf/{match.group(1)}" if match else None


def paper_entry(env: BuildEnvironment, paper: Paper, key: str) -> str:
    """The paper's entry, written when the page was read, under this build's key."""
    return with_key(domain(env).bibtex(paper.docname) or "", key)


def meta_tags(env: BuildEnvironment, paper: Paper) -> list[tuple[str, str]]:
    """Google Scholar's ``citation_*`` tags (highwire press), in its documented order."""
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", name) for name in paper.authors]
    if day := workshop_day(env):
        tags.append(("citation_publication_date", day.strftime("%Y/%m/%d")))
    if title := booktitle(env):
        tags.append(("citation_conference_title", title))
    if pdf := pdf_url(paper):
        tags.append(("citation_pdf_url", pdf))
    return tags


# -- the reading list's data ------------------------------------------------------------------
#
# sphinxcontrib-bibtex parses the .bib files at builder-inited and turns their links into
# references after doctree-read, where the content check never sees them. So the pybtex data is
# checked here, with lines: its syntax, repeated keys, each entry's topic and every field that
# becomes a link (pybtex's plain style links url, doi, eprint and pubmed).

_ENTRY = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.MULTILINE)
_NOT_ENTRIES = {"comment", "string", "preamble"}
_BIB_LINK_FIELDS = {
    "doi": (re.compile(r"10\.\d{4,9}/[^\s\"'<>\\]+"), "a DOI such as 10.1000/xyz123"),
    "eprint": (re.compile(r"[A-Za-z0-9._/-]+"), "an arXiv id such as 2310.13397"),
    "pubmed": (re.compile(r"\d+"), "a PubMed id (digits)"),
}
URL_HELP = "an http(s) address, e.g. https://arxiv.org/abs/2310.13397"


@dataclass
class BibSource:
    """One .bib file of the reading list: where each entry and field is, and its data."""

    source: str
    text: str
    entries: dict[str, t.Any] = field(default_factory=dict)  # key -> pybtex Entry
    broken: bool = False  # a syntax error: entries may be cut short

    def entry_lines(self) -> list[tuple[str, int]]:
        return [
            (match[2], self.text.count("\n", 0, match.start()) + 1)
            for match in _ENTRY.finditer(self.text)
            if match[1].lower() not in _NOT_ENTRIES
        ]

    def line(self, key: str, field_name: str | None = None) -> int:
        starts = self.entry_lines()
        line = next((n for k, n in starts if k == key), 1)
        if field_name is None:
            return line
        lines = self.text.splitlines()
        end = next((n for _, n in starts if n > line), len(lines) + 1)
        pattern = re.compile(rf"^\s*{re.escape(field_name)}\s*=", re.IGNORECASE)
        return next((n for n in range(line, end) if pattern.match(lines[n - 1])), line)


class _LocatingParser(BibtexParser):
    """pybtex's parser, noting the entry it was reading at each syntax error: it goes on after
    most errors, so its state at the end names the file's last entry, not the one at fault."""

    def __init__(self) -> None:
        super().__init__()
        self.entry_at_error: dict[int, str | None] = {}  # id(error) -> entry key

    def handle_error(self, error) -> None:
        if isinstance(error, PybtexSyntaxError):
            self.entry_at_error[id(error)] = getattr(error.parser, "current_entry_key", None)
        super().handle_error(error)


def _bib_sources(app: Sphinx) -> list[tuple[Path, str]]:
    files = app.config.bibtex_bibfiles if "bibtex_bibfiles" in app.config else None
    paths = [Path(app.confdir, name) for name in files or ()]
    return [(path, path.relative_to(app.srcdir).as_posix()) for path in paths if path.is_file()]


def parse_reading_list(app: Sphinx) -> None:
    """Parse each .bib file once, reporting syntax errors and repeated keys with their lines.

    When there are any, sphinxcontrib-bibtex's own parse runs with pybtex's errors captured
    (they are reported here, located), instead of ending the build with a traceback.
    """
    scratch = build_scratch(app)
    memory = build_memory(app.env)
    files = tuple((source, path.read_bytes()) for path, source in _bib_sources(app))
    if memory.reading_list is not None and memory.reading_list[0] == files:
        _, scratch.bib_sources, labels = memory.reading_list
        use_labels(labels)
        return
    scratch.bib_sources = []
    failed = False
    for path, source in _bib_sources(app):
        try:
            text = read_text(path)
        except DataError as unreadable:
            warn(Problem.data, str(unreadable), location=f"{source}:{unreadable.line}")
            app.config.bibtex_encoding = LENIENT_UTF8  # read it anyway, wrong bytes replaced
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
            failed = True
        bib = BibSource(source, text)
        parser = _LocatingParser()
        with pybtex.errors.capture() as errors:
            data = parser.parse_string(text)
        bib.entries = dict(data.entries)
        for error in errors:
            failed = True
            if isinstance(error, PybtexSyntaxError):
                line = error.lineno or 1
                message = f"BibTeX {error.error_type}: {error.args[0]}"
                key = parser.entry_at_error.get(id(error))
                started = [n for k, n in bib.entry_lines() if k == key]
                if started and started[0] != line:
                    message += f" (in the entry '{key}' that starts at line {started[0]})"
                bib.broken = True
            else:
                key = str(error).rpartition(": ")[2]
                repeated = [n for k, n in bib.entry_lines() if k.lower() == key.lower()]
                line = repeated[1] if len(repeated) > 1 else 1
                message = (
                    f"{error}: the key is used by the entry at line {repeated[0]}"
                    if (len(repeated) > 1)
                    else str(error)
                )
            warn(Problem.data, f"{message}; fix the entry", location=f"{source}:{line}")
        scratch.bib_sources.append(bib)
    labels = use_reading_list(
        entry for bib in scratch.bib_sources for entry in bib.entries.values()
    )
    memory.reading_list = None if failed else (files, scratch.bib_sources, labels)
    if failed:
        pybtex.errors.captured_errors = []  # sphinxcontrib-bibtex's parse, next


def check_reading_list(app: Sphinx) -> None:
    """Each entry's topic (its ``keywords``) and its links; a bad link is also left out."""
    if pybtex.errors.captured_errors is not None:
        pybtex.errors.captured_errors = None
    topics = list(site_data(app.env).topics)
    cite = app.env.get_domain("cite") if "cite" in app.env.domains else None
    parsed = cite.bibdata.data.entries if isinstance(cite, BibtexDomain) else {}
    for bib in build_scratch(app).bib_sources:
        for key, entry in bib.entries.items():
            keywords = entry.fields.get("keywords", "").strip()
            if topics and keywords not in topics and not bib.broken:
                found = f"unknown topic area {keywords!r} in" if keywords else "no"
                warn(
                    Problem.topic,
                    f"entry '{key}': {found} keywords; the reading list shows an entry under "
                    "the one topic area its keywords name (else it is not shown); allowed: "
                    f"{', '.join(topics)}",
                    location=f"{bib.source}:{bib.line(key, 'keywords' if keywords else None)}",
                )
            for name, value in list(entry.fields.items()):
                problem = _bad_link(name.lower(), value.strip())
                if problem is None:
                    continue
                warn(
                    Problem.content,
                    f"entry '{key}': field '{name.lower()}' must be {problem} (found {value!r})",
                    location=f"{bib.source}:{bib.line(key, name)}",
                )
                if key in parsed:
                    parsed[key].fields.pop(name, None)  # never rendered as a link


def _bad_link(name: str, value: str) -> str | None:
    """What the field must be, when it becomes a link and is not acceptable as one."""
    if name == "url":
        return None if is_http_url(value) else URL_HELP
    if name in _BIB_LINK_FIELDS:
        pattern, help_text = _BIB_LINK_FIELDS[name]
        return None if pattern.fullmatch(value) else help_text
    return None


# -- events ------------------------------------------------------------------------------------


def _paper_of(app: Sphinx, docname: str) -> Paper | None:
    return domain(app.env).paper(docname)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Write the paper's BibTeX entry while reading (in parallel with -j), under a provisional
    key: the final keys are known only when every paper has been read."""
    env = app.env
    paper = _paper_of(app, env.docname)
    if paper is None:
        return
    # The entry shows the booktitle and the workshop date: read the page again when they change.
    note_data_file(env, app.config.workshop_info_file, "citation_booktitle")
    note_data_file(env, app.config.workshop_dates_file, WORKSHOP_DAY)
    year = citation_year(env)
    entry = paper_bibtex(paper, base_key(paper, year), booktitle=booktitle(env), year=year)
    domain(env).set_bibtex(env.docname, entry)


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """A new paper can change the key of an existing one (a, b suffixes): rewrite that page."""
    keys = citation_keys(papers(env), citation_year(env))
    memory = build_memory(env)
    before, memory.citation_keys = memory.citation_keys, keys
    by_id = papers(env)
    return sorted(by_id[pid].docname for pid, key in keys.items() if before.get(pid, key) != key)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    paper = _paper_of(app, docname)
    if paper is None:
        return
    env = app.env
    # This build's keys, computed once at env-get-updated; once per page would be O(N^2).
    keys = build_memory(env).citation_keys
    key = (keys or citation_keys(papers(env), citation_year(env)))[paper.id]
    page = next(iter(doctree.findall(nodes.section)), None)
    if page is None:
        return
    # A section of its own (an <h2>, for screen-reader navigation), added after the page's
    # table of contents was collected: it does not appear there.
    section = nodes.section(ids=["cite"], names=["cite this paper"], classes=["wsl-cite"])
    section += nodes.title("", "Cite this paper")
    text = paper_entry(env, paper, key)
    block = nodes.literal_block(text, text, language="bibtex")
    section += nodes.container("", block, classes=["wsl-bibtex"])
    page += section
    if app.builder.format == "html":
        section += nodes.paragraph(
            "",
            "",
            nodes.Text("The entries of all accepted papers: "),
            export_reference(app, docname, "papers-bib", "papers.bib"),
            nodes.Text("."),
            classes=["wsl-bibtex-all"],
        )


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    paper = _paper_of(app, pagename)
    if paper is None or doctree is None:
        return
    tags = head_meta_tags(meta_tags(app.env, paper))
    context["metatags"] = context.get("metatags", "") + tags
    app.add_js_file(COPY_SCRIPT, loading_method="defer")


def setup_citations(app: Sphinx) -> None:
    keep_bibtex_plugins()
    # Around sphinxcontrib-bibtex's own parse (builder-inited, priority 500).
    app.connect("builder-inited", parse_reading_list, priority=450)
    app.connect("builder-inited", check_reading_list, priority=550)
    app.connect("doctree-read", on_doctree_read, priority=600)  # after the record is stored
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
