"""Hosting: sitemap, link previews, canonical and edit links, 404 page, old-URL redirects, and
the deployment configurations (Read the Docs, GitHub Pages, pre-commit) agreeing with make."""

from __future__ import annotations

import re
import shlex
import struct
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
import site_data
import yaml
from bs4 import BeautifulSoup
from html_checks import is_redirect, meta, soup
from site_build import ROOT
from site_data import A_PAPER, A_SPEAKER

FACTS = yaml.safe_load((ROOT / "_data/workshop.yaml").read_text())
SITE_URL = FACTS["site_url"]
REDIRECTS = yaml.safe_load((ROOT / "_data/redirects.yaml").read_text())
# The previous (Jekyll) site's pages, from its navigation.
OLD_PATHS = ["cfp", "schedule", "speakers", "papers", "organizers"]
NOT_CONTENT = {"search/", "genindex/", "404/"}


def built_pages(outdir: Path) -> set[str]:
    """Site-relative URLs of every built page (dirhtml: one index.html per page)."""
    pages = set()
    for path in outdir.rglob("index.html"):
        if is_redirect(path):
            continue
        relative = path.parent.relative_to(outdir).as_posix()
        pages.add("" if relative == "." else relative + "/")
    return pages


# -- sitemap -----------------------------------------------------------------------------------


def test_sitemap_lists_every_built_page_and_nothing_else(real_site):
    sitemap = ElementTree.parse(real_site.outdir / "sitemap.xml").getroot()
    urls = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(urls) == len(set(urls))
    assert all(url.startswith(SITE_URL) for url in urls)
    listed = {url.removeprefix(SITE_URL) for url in urls}
    pages = built_pages(real_site.outdir)
    assert pages >= NOT_CONTENT  # built, but not content
    assert listed == pages - NOT_CONTENT
    assert {"", "cfp/", "contribute/", f"papers/{A_PAPER}/"} <= listed
    assert urls == sorted(urls)  # reproducible, whatever order pages were written in
    robots = (real_site.outdir / "robots.txt").read_text()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()


# -- link previews, canonical and edit links ---------------------------------------------------


def test_pages_have_canonical_url_and_link_preview_meta(real_site):
    for docname, path in [
        ("index", ""),
        ("cfp/index", "cfp/"),
        (f"papers/{A_PAPER}", f"papers/{A_PAPER}/"),
    ]:
        page = real_site.page(docname)
        assert page.find("link", rel="canonical")["href"] == SITE_URL + path
        assert meta(page, property="og:url") == SITE_URL + path
        assert meta(page, property="og:title") == page.title.get_text().split(" — ")[0].strip()
        assert meta(page, property="og:image") == SITE_URL + "_static/social-card.png"
        assert meta(page, property="og:image:alt")
        assert meta(page, name="twitter:card") == "summary_large_image"
        description = meta(page, name="description")
        assert description and meta(page, property="og:description") == description
        assert len(page.find_all("meta", attrs={"name": "description"})) == 1


def test_descriptions_are_per_page(real_site):
    home = real_site.page("index")
    front = (ROOT / "index.md").read_text().split("description:", 1)[1].splitlines()[0]
    assert meta(home, name="description") == yaml.safe_load(front)
    paper = meta(real_site.page(f"papers/{A_PAPER}"), name="description")
    *others, last = site_data.papers()[A_PAPER]["authors"]
    assert (f"{', '.join(others)} and {last}" if others else last) in paper
    person = meta(real_site.page(f"people/{A_SPEAKER}"), name="description")
    name = site_data.people()[A_SPEAKER]["name"]
    assert person.startswith(f"{name} (") and "invited speaker" in person
    descriptions = [
        meta(real_site.page(d), name="description")
        for d in ["index", f"papers/{A_PAPER}", f"people/{A_SPEAKER}", "contribute"]
    ]
    assert len(set(descriptions)) == len(descriptions)


def test_social_card_is_our_own_png_of_the_recommended_size(real_site):
    card = real_site.outdir / "_static/social-card.png"
    header = card.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1200, 630)
    assert (ROOT / "_static/social-card.svg").exists()  # its source


def test_edit_link_opens_the_page_source_in_the_repository(real_site):
    repository = FACTS["source_repository"]
    for docname, source in [
        (f"papers/{A_PAPER}", f"papers/{A_PAPER}.md"),
        ("cfp/index", "cfp/index.md"),
        ("contribute", "contribute.md"),
    ]:
        link = real_site.page(docname).select_one(".editthispage a")
        assert link["href"] == f"{repository}/edit/{FACTS['source_branch']}/{source}"
        assert (ROOT / source).is_file()


def test_contribute_page_is_linked_from_the_footer_not_the_navbar(real_site):
    page = real_site.page(f"papers/{A_PAPER}")
    footer_link = page.select_one(".bd-footer .wsl-contribute-link a")
    assert urljoin(SITE_URL + f"papers/{A_PAPER}/", footer_link["href"]) == SITE_URL + "contribute/"
    navbar = [
        a.get_text(strip=True)
        for a in page.select(".bd-header .navbar-header-items__center a.nav-link")
    ]
    assert navbar == ["Home", "Call for Papers", "Program", "People", "Papers"]


# -- the 404 page ------------------------------------------------------------------------------


def test_404_page_uses_absolute_asset_paths_under_the_site_path(real_site):
    prefix = urlsplit(SITE_URL).path
    page = soup(real_site.outdir / "404.html")  # where GitHub Pages looks for it
    assets = [
        tag.get("href") or tag.get("src")
        for tag in page.select("link[rel=stylesheet], script[src], img[src]")
    ]
    assert assets and all(
        asset.startswith(prefix) and not asset.startswith("//") for asset in assets
    )
    for asset in assets:
        assert (real_site.outdir / asset.removeprefix(prefix).split("?")[0]).is_file(), asset
    assert page.find("html")["data-content_root"] == prefix
    nav = [a["href"] for a in page.select(".bd-header a.nav-link, .bd-header a.navbar-brand")]
    assert prefix in nav  # home: the logo and the first item
    assert len(nav) == 6 and all(href.startswith(prefix) for href in nav), nav


# -- old addresses -----------------------------------------------------------------------------


def follow(outdir: Path, path: str) -> tuple[str, BeautifulSoup]:
    """Resolve an old path like the server and browser would: the page, or the redirect target."""
    file = outdir / path
    if not path.endswith(".html"):
        file = file / "index.html"
    assert file.is_file(), f"/{path} answers 404"
    if not is_redirect(file):
        return path, soup(file)
    page = soup(file)
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    relative = refresh.split("url=", 1)[1]
    base = path if path.endswith(".html") else path.rstrip("/") + "/"
    target = urljoin("https://site.invalid/" + base, relative).removeprefix("https://site.invalid/")
    assert page.find("link", rel="canonical")["href"] == SITE_URL + target
    assert page.find("a", href=relative), "a visible link for readers without meta refresh"
    return target, None


@pytest.mark.parametrize("old", OLD_PATHS + [f"{p}.html" for p in OLD_PATHS])
def test_every_old_url_reaches_an_existing_page(real_site, old):
    target, page = follow(real_site.outdir, old)
    if page is not None:
        assert old.removesuffix("/") in ("cfp", "papers")  # unchanged paths are real pages
        return
    location, _, fragment = target.partition("#")
    target_file = real_site.outdir / location / "index.html"
    assert target_file.is_file() and not is_redirect(target_file)
    if fragment:
        assert soup(target_file).find(id=fragment), f"{target} has no #{fragment}"


def test_redirects_follow_the_mapping_file(real_site):
    assert set(REDIRECTS) >= {"schedule", "speakers", "organizers"}
    assert not {"cfp", "papers"} & set(REDIRECTS)  # unchanged: no redirect
    for old, target in REDIRECTS.items():
        resolved, _ = follow(real_site.outdir, old)
        docname, _, fragment = target.partition("#")
        expected = docname.removesuffix("index") + (f"#{fragment}" if fragment else "")
        assert resolved == expected


# -- deployment configurations agree with `make html` ------------------------------------------


def make_html_command() -> list[str]:
    dry_run = subprocess.run(
        ["make", "-n", "html"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    (line,) = [line for line in dry_run.splitlines() if " -m sphinx " in line]
    return shlex.split(line)


def sphinx_options(argv: list[str]) -> dict[str, object]:
    """The options that decide what is built: builder, strictness, config and output."""
    builder = argv[argv.index("-b") + 1]
    return {
        "builder": builder,
        "W": "-W" in argv,
        "keep_going": "--keep-going" in argv,
        "nitpicky": "-n" in argv,
        "srcdir": argv[-2],
        "outdir": argv[-1],
    }


def conf_value(name: str) -> object:
    namespace: dict[str, object] = {}
    exec((ROOT / "conf.py").read_text(), namespace)
    return namespace.get(name)


def test_readthedocs_builds_like_make_html():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    make = sphinx_options(make_html_command())
    assert config["version"] == 2
    assert config["build"]["os"].startswith("ubuntu-")
    assert config["build"]["tools"]["python"] == "3.11"
    assert config["python"]["install"] == [{"method": "pip", "path": "."}]
    sphinx = config["sphinx"]
    assert (ROOT / sphinx["configuration"]).resolve() == (
        ROOT / make["srcdir"] / "conf.py"
    ).resolve()
    assert sphinx["builder"] == make["builder"] == "dirhtml"
    # fail_on_warning is Read the Docs' -W --keep-going; -n comes from conf.py there.
    assert sphinx["fail_on_warning"] is True and make["W"] and make["keep_going"]
    assert make["nitpicky"] and conf_value("nitpicky") is True


def test_pages_workflow_tests_builds_with_make_html_and_deploys():
    text = (ROOT / ".github/workflows/pages.yml").read_text()
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    runs = [step.get("run", "").splitlines() for step in build["steps"]]
    [strict] = [lines for lines in runs if "make html" in lines]
    matcher = "::add-matcher::.github/sphinx-problem-matcher.json"
    assert strict.index(f'echo "{matcher}"') < strict.index("make html")
    assert ["bash .ci/run"] in runs
    assert "make test" in (ROOT / ".ci/run").read_text().splitlines()
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == sphinx_options(make_html_command())["outdir"]
    assert any("actions/deploy-pages@" in step.get("uses", "") for step in deploy["steps"])
    setup = next(s for s in build["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["with"]["python-version"] == "3.11"


@pytest.mark.parametrize(
    "workflow", sorted((ROOT / ".github/workflows").glob("*.y*ml")), ids=lambda p: p.name
)
def test_workflows_parse_and_pin_every_action(workflow):
    text = workflow.read_text()
    parsed = yaml.safe_load(text)
    assert parsed["permissions"] == {}
    for line in text.splitlines():
        match = re.search(r"uses:\s*([^\s#]+)(.*)", line)
        if match and not match.group(1).startswith("./"):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", match.group(1)), line
            assert re.match(r"\s*#\s*v\d", match.group(2)), f"no version comment: {line}"


# -- contributor tooling -----------------------------------------------------------------------


def test_pre_commit_hooks_are_local_and_make_lint_and_ci_run_them():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # nothing from GitHub
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert set(hooks) >= {
        "ruff-check",
        "ruff-format",
        "check-yaml",
        "front-matter",
        "trailing-whitespace",
        "end-of-file-fixer",
    }
    for hook in hooks.values():
        # language: system runs programs installed in .venv from pyproject.toml.
        assert hook["language"] == "system"
        program = hook["entry"].split()[0]
        assert program == "python" or (Path(sys.executable).parent / program).exists(), program
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lint: .*\n\t.*pre-commit run --all-files", makefile, flags=re.M)
    assert "make lint" in (ROOT / ".ci/run").read_text().splitlines()


def test_issue_forms_parse_and_follow_the_site_data():
    forms = {
        path.stem: yaml.safe_load(path.read_text())
        for path in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml")
    }
    assert set(forms) == {"paper", "profile", "config"}
    for name in ("paper", "profile"):
        ids = [item["id"] for item in forms[name]["body"] if "id" in item]
        assert len(ids) == len(set(ids)) and forms[name]["name"] and forms[name]["description"]
    topics = yaml.safe_load((ROOT / "cfp/topics.yaml").read_text())
    checkboxes = next(item for item in forms["paper"]["body"] if item.get("id") == "topics")
    assert [o["label"] for o in checkboxes["attributes"]["options"]] == [t["title"] for t in topics]
    links = {link["url"] for link in forms["config"]["contact_links"]}
    assert links == {SITE_URL + "contribute/", FACTS["openreview_url"]}
    template = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text()
    assert SITE_URL + "contribute/" in template and "make test" in template
