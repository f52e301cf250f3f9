"""Citations: BibTeX on paper pages, Google Scholar meta tags, papers.bib and papers.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from site_build import BUILD_EPOCH, ROOT, SITES, build
from workshop.citations import bibtex, citation_keys, latex
from workshop.model.records import Paper

INFO = yaml.safe_load((ROOT / "_data/workshop.yaml").read_text())
BOOKTITLE = INFO["citation_booktitle"]
SITE_URL = INFO["site_url"]
WORKSHOP_DAY = yaml.safe_load((ROOT / "cfp/dates.yaml").read_text())["workshop_day"]["date"]
NOT_PAPERS = {"index", "reading-list"}


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def paper_files(root: Path = ROOT) -> dict[str, dict]:
    return {
        p.stem: front_matter(p)
        for p in sorted((root / "papers").glob("*.md"))
        if p.stem not in NOT_PAPERS
    }


def parse_bib(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library


def expected_url(record: dict) -> str | None:
    if record.get("openreview"):
        return f"https://openreview.net/forum?id={record['openreview']}"
    links = record.get("links", {})
    return links.get("arxiv") or links.get("pdf")


# -- the real site -----------------------------------------------------------------------------


def test_papers_bib_has_one_entry_per_paper_with_unique_keys(real_site):
    library = parse_bib((real_site.outdir / "papers.bib").read_text(encoding="utf-8"))
    files = paper_files()
    assert len(library.entries) == len(files)
    keys = [entry.key for entry in library.entries]
    assert len(set(keys)) == len(keys)
    exported = json.loads((real_site.outdir / "papers.json").read_text(encoding="utf-8"))
    by_key = {record["bibtex_key"]: record["id"] for record in exported["papers"]}
    for entry in library.entries:
        record = files[by_key[entry.key]]
        assert entry.entry_type == "inproceedings"
        assert entry["title"] == record["title"]
        assert entry["author"].split(" and ") == record["authors"]
        assert entry["booktitle"] == BOOKTITLE
        assert entry["year"] == str(WORKSHOP_DAY.year)
        url = entry["url"] if "url" in entry.fields_dict else None
        assert url == expected_url(record), entry.key  # none for a paper without id or links


def test_paper_page_shows_its_entry_and_loads_the_copy_script(real_site):
    published = (real_site.outdir / "papers.bib").read_text(encoding="utf-8")
    exported = json.loads((real_site.outdir / "papers.json").read_text(encoding="utf-8"))
    keys = {record["id"]: record["bibtex_key"] for record in exported["papers"]}
    for stem in paper_files():
        page = real_site.page(f"papers/{stem}")
        heading = page.select_one("section#cite > h2")
        assert heading.get_text().rstrip("#") == "Cite this paper"
        block = page.select_one("section#cite .wsl-bibtex pre").get_text().strip()
        # The paper's own entry, as papers.bib has it (which the test above parses).
        assert block.startswith(f"@inproceedings{{{keys[stem]},"), stem
        assert block.count("\n@") == 0 and f"\n{block}\n" in f"\n{published}\n", stem
    page = real_site.page(f"papers/{next(iter(paper_files()))}")
    scripts = [s["src"] for s in page.select("script[src*='copy-bibtex']")]
    assert len(scripts) == 1 and page.select_one("script[src*='copy-bibtex']").has_attr("defer")
    for other in ("index", "papers/index", "cfp/index"):
        assert not real_site.page(other).select("script[src*='copy-bibtex']"), other


def test_every_paper_page_has_google_scholar_meta_tags(real_site):
    for stem, record in paper_files().items():
        head = real_site.page(f"papers/{stem}").head
        meta = [(m["name"], m["content"]) for m in head.select("meta[name^=citation_]")]
        assert [v for n, v in meta if n == "citation_title"] == [record["title"]]
        assert [v for n, v in meta if n == "citation_author"] == record["authors"], stem
        assert dict(meta)["citation_publication_date"] == WORKSHOP_DAY.strftime("%Y/%m/%d")
        assert dict(meta)["citation_conference_title"] == BOOKTITLE
        links = record.get("links", {})
        pdf = links.get("pdf") or (
            links["arxiv"].replace("arxiv.org/abs/", "arxiv.org/pdf/") if "arxiv" in links else None
        )
        assert dict(meta).get("citation_pdf_url") == pdf, stem


def test_papers_json_round_trips_to_the_records(real_site):
    exported = json.loads((real_site.outdir / "papers.json").read_text(encoding="utf-8"))
    assert exported["workshop"]["date"] == WORKSHOP_DAY.isoformat()
    files = paper_files()
    assert sorted(r["id"] for r in exported["papers"]) == sorted(files)
    for record in exported["papers"]:
        extra = {"id": record["id"], "docname": f"papers/{record['id']}"}
        fields = {k: v for k, v in record.items() if k not in {"id", "bibtex_key", "page", "url"}}
        assert Paper.model_validate({**fields, **extra}) == Paper.model_validate(
            {**files[record["id"]], **extra}
        )
        assert (real_site.outdir / record["page"] / "index.html").exists()
        assert record["url"] == SITE_URL.rstrip("/") + "/" + record["page"]


# -- keys and escaping -------------------------------------------------------------------------


def make_paper(paper_id: str, title: str, authors: list[str]) -> Paper:
    return Paper(
        id=paper_id,
        docname=f"papers/{paper_id}",
        title=title,
        authors=authors,
        presentation="poster",
        poster_session=1,
        topics=["applications"],
    )


def test_colliding_keys_get_suffixes_in_id_order_whatever_the_input_order():
    papers = [
        make_paper("bbbbbbbb", "On Weights", ["Ada Lovelace"]),
        make_paper("aaaaaaaa", "Weights, Again", ["Ada Lovelace"]),
        make_paper("cccccccc", "The Élan of Zoos", ["Zoë Ünal"]),
    ]
    forward = citation_keys({p.id: p for p in papers}, 2025)
    backward = citation_keys({p.id: p for p in reversed(papers)}, 2025)
    assert (
        forward
        == backward
        == {
            "aaaaaaaa": "lovelace2025weightsa",
            "bbbbbbbb": "lovelace2025weightsb",
            "cccccccc": "unal2025elan",
        }
    )


def test_latex_escapes_specials_and_keeps_balanced_math():
    assert latex("Nets & Zoos: 100% #1 _x_") == r"Nets \& Zoos: 100\% \#1 \_x\_"
    assert (
        latex(r"Sampling $\mathcal{O}(n^{2})$ weights") == r"Sampling $\mathcal{O}(n^{2})$ weights"
    )
    assert latex("Costs $5 {a") == r"Costs \$5 \{a"  # a lone $ and a lone brace are text
    assert latex("Schürholt") == r"Sch\"urholt"


# Titles and names as a contributor or an export could give them: TeX that would read or
# write files, run commands or change how TeX reads what follows.
UNSAFE_TEX = [
    r"Maps $f:\mathbb{R}^n \to \mathbb{R}$ and $\input{/etc/passwd}$",
    r"$\immediate\write18{touch /tmp/owned}$ Nets",
    r"$\openout1=owned.tex$",
    r"$\catcode`\@=0 @input x$",
    r"$\def\x{\input y}\x$",
    r"$\csname input\endcsname{/etc/passwd}$",
    r"$^^5cinput{/etc/passwd}$",
    r"$\expandafter\read$ and \input{/etc/passwd} outside math",
    r"$\newcommand{\to}{\input x}$",
]
UNSAFE_COMMANDS = re.compile(
    r"\\(input|include|write|write18|openout|openin|read|catcode|def|immediate|csname|"
    r"endcsname|expandafter|newcommand)(?![A-Za-z])"
)


@pytest.mark.parametrize("text", UNSAFE_TEX)
def test_tex_from_titles_and_names_cannot_run_in_the_bibtex(text):
    entry = bibtex(
        "inproceedings",
        "key2025",
        [("title", text), ("author", f"Ada {text} Lovelace"), ("url", f"https://x.org/{text}")],
    )
    assert not UNSAFE_COMMANDS.search(entry), entry
    assert "^^" not in entry
    (parsed,) = parse_bib(entry).entries
    # Escaped as text, it reads back as what was written (the decoder reads LaTeX's
    # \textasciicircum as U+02C6, the modifier letter, not as "^").
    assert parsed["title"].replace("\u02c6", "^") == text


@pytest.mark.parametrize(
    "math",
    [
        r"$f:\mathbb{R}^n \to \mathbb{R}$",
        r"$\alpha$",
        r"$\mathcal{W}\times\mathbb{R}^{d}$",
        r"$\mathcal{O}(n^{2})$",
        r"$\{\theta_i\}_{i=1}^{N}$",
        r"$p(\mathbf{w} \mid \mathcal{D})$",
    ],
)
def test_ordinary_math_and_accents_still_come_out_right(math):
    assert latex(f"Maps {math} for Schürholt") == f'Maps {math} for Sch\\"urholt'


TRICKY_PAPER = """---
title: "Weights & <b>Biases</b>: $\\\\mathcal{O}(n^2)$ for \\"Zoos\\", 100% #1 {sic"
authors:
  - Zoë O'Brien-Łukasz
  - "Ada <script>alert(1)</script> Lovelace"
openreview: AbCdEf1234
presentation: poster
poster_session: 2
links:
  pdf: https://example.org/paper.pdf?a=1&b=2
topics: [applications]
---
"""


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    """The collections test site, its paper replaced by one full of special characters."""
    import shutil

    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    root = tmp_path_factory.mktemp("tricky")
    src = root / "src"
    shutil.copytree(SITES / "minimal", src)
    shutil.copytree(SITES / "collections", src, dirs_exist_ok=True)
    (src / "papers/AbCdEf1234.md").write_text(TRICKY_PAPER, encoding="utf-8")
    try:
        yield build(src, root / "out"), build(src, root / "again")
    finally:
        mp.undo()


def test_special_characters_are_escaped_everywhere(tricky_site):
    built, _ = tricky_site
    record = front_matter(built.srcdir / "papers/AbCdEf1234.md")
    page = built.page("papers/AbCdEf1234")
    assert page.find("h1").get_text().rstrip("#") == record["title"]
    assert not page.select("main b, main script")  # shown as text, never as markup
    meta = [(m["name"], m["content"]) for m in page.head.select("meta[name^=citation_]")]
    assert [v for n, v in meta if n == "citation_author"] == record["authors"]
    assert dict(meta)["citation_title"] == record["title"]
    assert dict(meta)["citation_pdf_url"] == "https://example.org/paper.pdf?a=1&b=2"
    raw_bib = (built.outdir / "papers.bib").read_text(encoding="utf-8")
    assert r"$\mathcal{O}(n^2)$" in raw_bib and r"100\% \#1 \{sic" in raw_bib
    (entry,) = parse_bib(raw_bib).entries
    assert entry["title"] == record["title"]
    assert entry["author"].split(" and ") == record["authors"]
    assert entry["url"] == "https://openreview.net/forum?id=AbCdEf1234"
    exported = json.loads((built.outdir / "papers.json").read_text(encoding="utf-8"))
    assert exported["papers"][0]["title"] == record["title"]


def test_exports_are_identical_across_builds(tricky_site):
    first, second = tricky_site
    for name in ("papers.bib", "papers.json"):
        assert (first.outdir / name).read_bytes() == (second.outdir / name).read_bytes()


def test_no_exports_from_non_html_builders(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    src = tmp_path / "src"
    shutil.copytree(SITES / "minimal", src)
    shutil.copytree(SITES / "collections", src, dirs_exist_ok=True)
    built = build(src, tmp_path / "text", builder="text")
    assert not (built.outdir / "papers.bib").exists()
    assert "@inproceedings{lovelace" in (built.outdir / "papers/AbCdEf1234.txt").read_text()
