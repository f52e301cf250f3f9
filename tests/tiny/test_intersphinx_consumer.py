"""Another Sphinx project links to the site's records through intersphinx, without this
extension: a paper, a person, a program slot and a news post, by their standard labels, built
strictly (``nitpicky``, any warning fails), offline (the inventory is a local file)."""

from __future__ import annotations

import posixpath

import yaml
from site_build import build
from site_data import front_matter
from sphinx.util.inventory import InventoryFile
from test_news import news_files

BASE = "https://wsl.example/site/"


def test_a_consumer_site_links_records_with_their_titles(tiny_site, tmp_path):
    site = tiny_site("program", files=news_files())
    src = site.srcdir
    paper = sorted((src / "papers").glob("[!i]*.md"))[0]
    person = sorted((src / "people").glob("[!i]*.md"))[0]
    post = next(p for p in sorted((src / "news").glob("[!i]*.md")) if "not-yet" not in p.name)
    first_slot = yaml.safe_load((src / "program/schedule.yaml").read_text(encoding="utf-8"))
    first_slot = first_slot["slots"][0]
    with (site.outdir / "objects.inv").open("rb") as stream:
        labels = InventoryFile.load(stream, BASE, posixpath.join)["std:label"]
    slot = next(name for name in labels if name.startswith("slot-"))
    expected = {
        f"paper-{front_matter(paper)['openreview'].lower()}": front_matter(paper)["title"],
        f"person-{person.stem}": front_matter(person)["name"],
        f"news-{post.stem}": front_matter(post)["title"],
        slot: f"{first_slot['start']} {first_slot['title']}",
    }
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    (consumer / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx.ext.intersphinx']\n"
        "nitpicky = True\n"
        f"intersphinx_mapping = {{'wsl': ({BASE!r}, {str(site.outdir / 'objects.inv')!r})}}\n",
        encoding="utf-8",
    )
    roles = ["{external+wsl:ref}", "{external:ref}", "{ref}", "{external+wsl:ref}"]
    lines = [f"- {role}`{label}`" for role, label in zip(roles, expected, strict=True)]
    (consumer / "index.md").write_text("# Consumer\n\n" + "\n".join(lines) + "\n", "utf-8")
    built = build(consumer, tmp_path / "consumer-out" / "html", builder="html")
    links = {
        a["href"]: a.get_text(strip=True)
        for a in built.page("index").select("li a.reference.external")
    }
    assert sorted(links.values()) == sorted(expected.values())
    for label, title in expected.items():
        href = next(href for href, text in links.items() if text == title)
        assert href.startswith(BASE), label
