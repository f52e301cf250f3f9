"""Citations: BibTeX on paper pages, Google Scholar meta tags, papers.bib and papers.json.

The escaping and the keys themselves are unit-tested in tests/unit/test_formats.py; a paper full
of special characters, end to end, in tests/tiny/test_citations_tiny.py."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from site_build import ROOT
from site_data import parse_bib
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
