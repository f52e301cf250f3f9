"""What a page may contain: the allowlist of _ext/workshop/content_policy.py, on real builds.

tests/sites/attacks/ has one page per attack class of the security review; each must fail the
strict build with a located ``[workshop.content]`` warning, and nothing it points to may be
published. The walk test proves the list is an allowlist: every directive and role that a real
Sphinx app of this site registers is refused unless it is on the list.
"""

from __future__ import annotations

import json
import runpy
import shutil

import pytest
from docutils.parsers.rst import directives, roles
from docutils.parsers.rst.languages import en as english
from site_build import ROOT, SITES, build, sphinx_app
from workshop.content_policy import ALLOWED_DIRECTIVES, ALLOWED_ROLES

SECRET = "TOPSECRET-outside-the-repository"

# page under attacks/ -> (line of the offence, words of the message)
ATTACKS = {
    "include": (7, "the directive {include} is not allowed"),
    "literalinclude": (7, "the directive {literalinclude} is not allowed"),
    "csv-table-file": (7, "the directive {csv-table} is not allowed"),
    "csv-table-url": (7, "the directive {csv-table} is not allowed"),
    "raw-directive": (7, "the directive {raw} is not allowed"),
    "link-to-file": (7, "the link '../../SECRET.txt' points to a file that is not a page"),
    "image-of-file": (7, "the image '../../SECRET.txt': images must be files under images/"),
    "download": (7, "the role {download} is not allowed"),
    "eval-rst": (7, "{eval-rst} is not allowed"),
    "html-file": (7, "the link 'demo.html' points to a file that is not a page"),
    "svg-image": (7, "the file is not a PNG, JPEG or WebP image"),
    "meta-refresh": (3, "the front matter field 'myst' is not allowed here"),
    "metadata-field": (3, "the front matter field 'nosearch' is not allowed here"),
    "raw-heading": (7, "an event-handler attribute (onmouseover=)"),
    "raw-block": (7, "a <script> element"),
    "unsafe-links": (7, "the link 'javascript:alert(document.domain)' is not allowed"),
}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attacks")
    (tmp / "SECRET.txt").write_text(SECRET + "\n", encoding="utf-8")  # outside the repository
    src = tmp / "src"
    shutil.copytree(SITES / "minimal", src)
    shutil.copytree(SITES / "attacks", src, dirs_exist_ok=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1767225600")
    try:
        return build(src, tmp / "out", allow_warnings=True)
    finally:
        mp.undo()


def test_every_page_of_the_fixture_is_an_expected_attack():
    pages = {path.stem for path in (SITES / "attacks" / "attacks").glob("*.md")}
    assert pages == set(ATTACKS)


@pytest.mark.parametrize(("page", "line", "words"), [(k, *v) for k, v in ATTACKS.items()])
def test_each_attack_fails_the_build_with_a_located_message(attacked, page, line, words):
    prefix = f"attacks/{page}.md:{line}: WARNING: "
    found = [w for w in attacked.warning_lines() if prefix in w]
    assert any(words in w and w.endswith("[workshop.content]") for w in found), (
        f"expected {prefix}...{words}... [workshop.content]; got:\n" + attacked.warnings
    )


def test_a_page_in_another_format_is_reported_not_built(attacked):
    found = [w for w in attacked.warning_lines() if "attacks/page.rst:1: WARNING: " in w]
    assert found and "is not built: pages are Markdown (.md) only" in found[0], attacked.warnings
    assert not (attacked.outdir / "attacks" / "page").exists()


def test_nothing_outside_the_repository_is_published(attacked):
    leaked = [
        str(path.relative_to(attacked.outdir))
        for path in attacked.outdir.rglob("*")
        if path.is_file() and SECRET.encode() in path.read_bytes()
    ]
    assert leaked == []


def test_the_output_holds_only_pages_assets_and_exports(attacked):
    """Only pages of documents, the theme's and our _static, and known generated files."""
    out = attacked.outdir
    documents = {
        path.relative_to(attacked.srcdir).with_suffix("").as_posix()
        for path in attacked.srcdir.rglob("*.md")
    }
    allowed_pages = {"index.html", "search/index.html", "genindex/index.html"}
    allowed_pages |= {f"{doc.removesuffix('/index')}/index.html" for doc in documents}
    allowed_pages |= {f"_sources/{doc}.md.txt" for doc in documents}  # html_copy_source
    generated = {"objects.inv", "searchindex.js", ".buildinfo", "robots.txt", "papers.bib"}
    generated |= {"papers.json", "sitemap.xml", "cfp/important-dates.ics"}
    unexpected = []
    for path in out.rglob("*"):
        relative = path.relative_to(out).as_posix()
        if path.is_dir() or relative.startswith("_static/"):
            continue
        if relative in allowed_pages or relative in generated:
            continue
        unexpected.append(relative)
    assert unexpected == [], "files that no page or export accounts for"
    assert not (out / "_downloads").exists()
    assert not (out / "_images").exists()


def test_a_refused_construct_never_reaches_the_page(attacked):
    def page(name: str) -> str:
        return (attacked.outdir / "attacks" / name / "index.html").read_text(encoding="utf-8")

    assert "onmouseover" not in page("raw-heading"), "not even in the On this page contents"
    assert 'http-equiv="refresh"' not in page("meta-refresh")
    assert "evil.example" not in page("eval-rst")
    assert 'href="javascript:' not in page("unsafe-links")
    assert 'href="data:' not in page("unsafe-links")
    assert "<script>alert" not in page("raw-block")


def test_a_refused_front_matter_field_is_ignored(attacked):
    """The message says the field was ignored: it must not reach Sphinx's page metadata
    (``nosearch`` would keep the page out of the search index)."""
    index = (attacked.outdir / "searchindex.js").read_text(encoding="utf-8")
    words = json.loads(index.removeprefix("Search.setIndex(").removesuffix(")"))["terms"]
    assert "zanzibarquokka" in words


# -- the walk: every registered directive and role -------------------------------------------------


def registered_names(srcdir, outdir) -> tuple[set[str], set[str]]:
    """Directive and role names a page could use in a real app of this site."""
    with sphinx_app(srcdir, outdir) as app:
        found_directives = set(directives._directive_registry) | set(directives._directives)
        found_roles = set(roles._role_registry) | set(roles._roles)
        # The names of the page's language (English) map to those: ``sub`` is ``subscript``.
        found_directives |= set(english.directives)
        found_roles |= set(english.roles)
        default = app.config.primary_domain
        for domain in app.env.domains.sorted():
            bare = domain.name in ("std", default)  # usable without the prefix
            for name in domain.directives:
                found_directives |= {f"{domain.name}:{name}", *([name] if bare else [])}
            for name in domain.roles:
                found_roles |= {f"{domain.name}:{name}", *([name] if bare else [])}
    return found_directives, found_roles


def test_every_registered_directive_and_role_not_on_the_list_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    src = tmp_path / "src"
    shutil.copytree(SITES / "minimal", src)
    # The real site's extensions, so that their directives and roles are walked too.
    extensions = runpy.run_path(str(ROOT / "conf.py"))["extensions"]
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\nextensions = {extensions!r}\nbibtex_bibfiles = ['refs.bib']\n")
    (src / "refs.bib").write_text("", encoding="utf-8")
    found_directives, found_roles = registered_names(src, tmp_path / "probe")
    assert set(ALLOWED_DIRECTIVES) <= found_directives, "the list names unknown directives"
    assert set(ALLOWED_ROLES) <= found_roles, "the list names unknown roles"
    lines = ["---", "orphan: true", "---", "", "# Walk", ""]
    where: dict[tuple[str, str], int] = {}
    for name in sorted(found_directives):
        where["directive", name] = len(lines) + 1
        lines += [f"```{{{name}}}", "```", ""]
    for name in sorted(found_roles):
        where["role", name] = len(lines) + 1
        lines += [f"{{{name}}}`x`", ""]
    (src / "walk.md").write_text("\n".join(lines), encoding="utf-8")

    built = build(src, tmp_path / "out", allow_warnings=True)

    refused = {
        line
        for line in built.warning_lines()
        if "walk.md:" in line and "[workshop.content]" in line and "is not allowed" in line
    }
    wrong = []
    for (kind, name), line in sorted(where.items()):
        allowed = name in (ALLOWED_DIRECTIVES if kind == "directive" else ALLOWED_ROLES)
        message = f"walk.md:{line}: WARNING: the {kind} {{{name}}} is not allowed"
        is_refused = any(message in warning for warning in refused)
        if is_refused == allowed:
            wrong.append(f"{kind} {name}: {'refused' if is_refused else 'not refused'}")
    assert wrong == [], "\n".join(wrong)
    assert len(refused) == sum(
        name not in (ALLOWED_DIRECTIVES if kind == "directive" else ALLOWED_ROLES)
        for kind, name in where
    )
