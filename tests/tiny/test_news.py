"""News, the third collection: posts, their lists, the Atom feed, and posts not yet due.

The tiny site is ``tests/sites/program`` (people, papers, a program) with the files of
``tests/sites/news`` on top, and a site address so that the feed and the sitemap are written.
Expectations come from the posts' front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from site_build import BUILD_EPOCH, SITES, build
from site_data import front_matter

NEWS_SITE = SITES / "news"
SITE_URL = "https://wsl.example/site/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")


def news_files(**extra: str) -> dict[str, str]:
    files = {
        path.relative_to(NEWS_SITE).as_posix(): path.read_text(encoding="utf-8")
        for path in NEWS_SITE.rglob("*")
        if path.is_file()
    }
    info = (SITES / "minimal/_data/workshop.yaml").read_text(encoding="utf-8")
    files["_data/workshop.yaml"] = info + f"site_url: {SITE_URL}\n"
    return files | extra


def build_day() -> dt.date:
    return dt.datetime.fromtimestamp(int(BUILD_EPOCH), dt.UTC).date()


def posts(srcdir: Path) -> dict[str, dict]:
    """``stem -> front matter`` of every post, its date resolved (a key of the dates file)."""
    data = yaml.safe_load((srcdir / "cfp/dates.yaml").read_text(encoding="utf-8"))
    dates = {key: entry["date"] for key, entry in data.items()}
    found = {}
    for path in sorted((srcdir / "news").glob("*.md")):
        if path.name == "index.md":
            continue
        data = front_matter(path)
        data["date"] = dates.get(data["date"], data["date"])
        found[path.stem] = data
    return found


def split(srcdir: Path) -> tuple[list[str], list[str]]:
    """The published posts (newest first) and the others, at the tests' build date."""
    every = posts(srcdir)
    published = sorted(
        (stem for stem, post in every.items() if post["date"] <= build_day()),
        key=lambda stem: (-every[stem]["date"].toordinal(), stem),
    )
    return published, sorted(set(every) - set(published))


@pytest.fixture
def news_site(tiny_site):
    return tiny_site("program", files=news_files())


def titles_of(list_element) -> list[str]:
    return [a.get_text(strip=True) for a in list_element.select("li a")]


def test_the_news_page_lists_the_published_posts_newest_first(news_site):
    published, future = split(news_site.srcdir)
    assert published and future, "the scenario has posts on both sides of the build date"
    every = posts(news_site.srcdir)
    listed = news_site.page("news/index").select_one(".wsl-news-list")
    assert titles_of(listed) == [every[stem]["title"] for stem in published]
    for item, stem in zip(listed.select("li"), published, strict=True):
        assert item.find("time")["datetime"] == every[stem]["date"].isoformat()


def test_the_front_door_shows_the_latest_posts(news_site):
    published, _ = split(news_site.srcdir)
    every = posts(news_site.srcdir)
    latest = news_site.page("index").select_one(".wsl-news-list")
    assert titles_of(latest) == [every[stem]["title"] for stem in published[:2]]  # :latest: 2


def test_a_post_page_has_its_day_its_links_and_its_text(news_site):
    published, _ = split(news_site.srcdir)
    every = posts(news_site.srcdir)
    for stem in published:
        page = news_site.page(f"news/{stem}")
        assert page.find("h1").get_text(strip=True).rstrip("#") == every[stem]["title"]
        assert (
            page.select_one(".wsl-news-header time")["datetime"] == every[stem]["date"].isoformat()
        )
        links = page.select(".wsl-news-header .wsl-links a")
        assert len(links) == len(every[stem].get("links", []))


def test_a_post_dated_after_the_build_is_not_published(news_site):
    _, future = split(news_site.srcdir)
    out = news_site.outdir
    every = posts(news_site.srcdir)
    for stem in future:
        title = every[stem]["title"]
        assert not (out / "news" / stem).exists(), "its page is not written"
        assert title not in news_site.page("news/index").get_text()
        assert title not in news_site.page("index").get_text()
        assert title not in (out / "news/atom.xml").read_text(encoding="utf-8")
        sitemap = ElementTree.parse(out / "sitemap.xml").getroot()
        locations = [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
        assert locations and not any(f"news/{stem}" in loc for loc in locations)
        assert f"news/{stem}" not in (out / "searchindex.js").read_text(encoding="utf-8")
        assert f"news-{stem}".encode() not in _inventory_names(out)


def _inventory_names(out: Path) -> bytes:
    import zlib

    data = (out / "objects.inv").read_bytes()
    header_end = [m.end() for m in re.finditer(rb"\n", data)][3]
    return zlib.decompress(data[header_end:])


def test_the_same_post_is_published_once_its_day_has_come(tiny_site):
    later = str(int(dt.datetime(2099, 6, 2, tzinfo=dt.UTC).timestamp()))
    built = tiny_site("program", files=news_files(), epoch=later)
    every = posts(built.srcdir)
    listed = titles_of(built.page("news/index").select_one(".wsl-news-list"))
    assert listed == [
        every[stem]["title"]
        for stem in sorted(every, key=lambda s: (-every[s]["date"].toordinal(), s))
    ]


def test_the_atom_feed_is_valid_and_stable(news_site, tmp_path):
    published, _ = split(news_site.srcdir)
    every = posts(news_site.srcdir)
    feed_bytes = (news_site.outdir / "news/atom.xml").read_bytes()
    feed = ElementTree.fromstring(feed_bytes)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: exactly one id, title and updated; a self link; an author.
    for tag in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{tag}")) == 1, tag
    assert RFC3339.fullmatch(feed.findtext(f"{ATOM}updated"))
    self_links = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == [urljoin(SITE_URL, "news/atom.xml")]
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        every[stem]["title"] for stem in published
    ]
    for entry, stem in zip(entries, published, strict=True):
        # 4.1.2: id, title, updated; without content, an alternate link and a summary.
        for tag in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{ATOM}{tag}")) == 1, (stem, tag)
        url = urljoin(SITE_URL, f"news/{stem}/")
        assert entry.findtext(f"{ATOM}id") == url
        alternate = [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"
        ]
        assert [link.get("href") for link in alternate] == [url]
        assert entry.findtext(f"{ATOM}updated").startswith(every[stem]["date"].isoformat())
        assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated"))
        assert entry.findtext(f"{ATOM}summary").strip()
    for element in feed.iter():
        for attribute in ("href",):
            if element.get(attribute):
                assert element.get(attribute).startswith(SITE_URL), "absolute, on the site"
    again = build(news_site.srcdir, tmp_path / "again" / "html")  # fresh: its own doctrees
    assert (again.outdir / "news/atom.xml").read_bytes() == feed_bytes, "ids stable across builds"


def test_every_page_links_the_feed_from_its_head(news_site):
    feed = (news_site.outdir / "news/atom.xml").resolve()
    pages = sorted(p for p in news_site.outdir.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) > 5
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        links = soup.head.find_all("link", rel="alternate", type="application/atom+xml")
        assert len(links) == 1, path
        href = links[0]["href"]
        if href.startswith("/"):  # the 404 page, served at any address
            continue
        assert (path.parent / href).resolve() == feed, path


def test_a_post_with_a_date_that_is_no_date_fails_at_its_line(tiny_site):
    bad = "---\ntitle: Broken\ndate: someday\n---\n\nText.\n"
    built = tiny_site("program", files=news_files(**{"news/broken.md": bad}), allow_warnings=True)
    lines = [line for line in built.warning_lines() if "[workshop.news]" in line]
    assert len(lines) == 1, built.warnings
    assert "news/broken.md:3" in lines[0] and "'someday'" in lines[0]
    assert "submission_deadline" in lines[0], "the message names the dates' keys"


def test_before_the_first_post_the_site_builds_and_its_feed_is_empty(tiny_site, tmp_path):
    scenario = tmp_path / "scenario"
    for name, text in news_files().items():
        (scenario / name).parent.mkdir(parents=True, exist_ok=True)
        (scenario / name).write_text(text, encoding="utf-8")
    (scenario / "cfp").mkdir()
    (scenario / "cfp/dates.yaml").write_bytes((SITES / "minimal/cfp/dates.yaml").read_bytes())
    first = min(post["date"] for post in posts(scenario).values())
    before = dt.datetime.combine(first - dt.timedelta(days=1), dt.time(12), dt.UTC)
    built = tiny_site("program", files=news_files(), epoch=str(int(before.timestamp())))
    assert built.page("news/index").select_one(".wsl-news-empty")
    assert built.page("index").select_one(".wsl-news-empty")
    feed = ElementTree.parse(built.outdir / "news/atom.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.findtext(f"{ATOM}id") == urljoin(SITE_URL, "news/")
    link = built.page("news/index").select_one("a.wsl-export")
    assert (built.outdir / "news" / link["href"]).resolve() == (built.outdir / "news/atom.xml")
