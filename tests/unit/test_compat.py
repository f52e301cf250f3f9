"""Canaries: one per use of another project's internals (``_ext/workshop/compat/README.md``).

Each fails loudly when the installed version of the package differs from the version the code
was checked against (the ``Checked against <package> <version>`` line of the compat module's
docstring, or of the table for code outside compat/), and checks the relied-on behaviour
itself, so that an upgrade says what to look at instead of breaking the site silently.

After checking the code against a new version: update the module's line (and the table).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import multiprocessing
import re
from pathlib import Path

import pytest
from site_build import ROOT

COMPAT = ROOT / "_ext/workshop/compat"
CHECKED = re.compile(r"Checked against (?P<package>[\w.-]+) (?P<version>[\w.]+)")


def checked_version(module_name: str) -> tuple[str, str]:
    """``(package, version)`` from the module's ``Checked against ...`` line."""
    module = importlib.import_module(f"workshop.compat.{module_name}")
    found = CHECKED.search(module.__doc__ or "")
    assert found, f"compat/{module_name}.py: its docstring must say 'Checked against <pkg> <v>'"
    return found["package"], found["version"]


def assert_version(package: str, version: str, where: str) -> None:
    installed = importlib.metadata.version(package)
    assert installed == version, (
        f"{package} {installed} is installed, {where} was checked against {version}: check what "
        f"it relies on (_ext/workshop/compat/README.md), then update the version there"
    )


def assert_checked(module_name: str) -> None:
    package, version = checked_version(module_name)
    assert_version(package, version, f"compat/{module_name}.py")


def package_dir(module: str) -> Path:
    return Path(importlib.import_module(module).__file__).parent


THEME = "pydata_sphinx_theme"


def theme_file(relative: str) -> Path:
    return package_dir(THEME) / "theme/pydata_sphinx_theme" / relative


# -- compat modules ------------------------------------------------------------------------------


def test_citation_role_docutils_still_writes_doc_biblioentry():
    assert_checked("citation_role")
    from docutils.core import publish_parts

    body = publish_parts("See [CIT]_.\n\n.. [CIT] A reference.\n", writer="html5")["body"]
    assert 'role="doc-biblioentry"' in body, body


def test_theme_css_the_theme_still_ships_the_stylesheet_it_trims():
    assert_checked("theme_css")
    from workshop.compat.theme_css import NOT_SCANNED, STYLESHEET

    assert theme_file(STYLESHEET.removeprefix("_")).is_file()
    scripts = {path.name for path in theme_file("static/scripts").glob("*.js")}
    assert scripts >= NOT_SCANNED
    # Bootstrap still composes its placement classes at run time ("bs-" + a name).
    assert re.search(rb"""["'`]bs-""", theme_file("static/scripts/bootstrap.js").read_bytes())


def test_theme_css_sphinx_design_still_adds_the_stylesheet_we_trim():
    assert_checked("theme_css")
    from sphinx_design import extension
    from workshop.compat.theme_css import STYLESHEETS

    name = next(path for path in STYLESHEETS if "sphinx-design" in path)
    assert (extension.STATIC_DIR / name.removeprefix("_static/")).is_file()
    assert (
        f'add_css_file("{name.removeprefix("_static/")}")' in Path(extension.__file__).read_text()
    )


@pytest.mark.parametrize("builder_name", ["dirhtml", "html"])
def test_page_files_the_html_builders_still_write_pages_where_we_compute(builder_name, tmp_path):
    assert_checked("page_files")
    from sphinx.builders.dirhtml import DirectoryHTMLBuilder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from workshop.compat.page_files import page_files

    cls = {"dirhtml": DirectoryHTMLBuilder, "html": StandaloneHTMLBuilder}[builder_name]
    builder = object.__new__(cls)  # the layout needs only these two attributes
    builder.outdir, builder.out_suffix = tmp_path, ".html"
    names = ["index", "papers/index", "papers/x1", "a/b/index", "indexes", "a/myindex", "search"]
    by_sphinx = {Path(builder.get_outfilename(n)).relative_to(tmp_path).as_posix() for n in names}
    assert page_files(builder, names) == by_sphinx


def test_page_toc_the_theme_still_decides_the_secondary_sidebar_at_500():
    assert_checked("page_toc")
    theme = importlib.import_module(THEME)
    assert 'app.connect("html-page-context", utils.set_secondary_sidebar_items)' in (
        inspect.getsource(theme.setup)
    )  # priority 500: skip_empty_page_toc runs before it at 400
    source = inspect.getsource(importlib.import_module(f"{THEME}.utils"))
    assert "theme_secondary_sidebar_items" in source
    assert theme_file("components/page-toc.html").is_file()


def test_sitemap_queue_proxy_has_a_manager_and_the_url_formula_is_the_same():
    assert_checked("sitemap")
    source = inspect.getsource(importlib.import_module("sphinx_sitemap"))
    assert "app.sitemap_links = Manager().Queue()" in source
    assert "scheme.format(lang=lang, version=version, link=link)" in source
    manager = multiprocessing.Manager()
    try:
        assert manager.Queue()._manager is manager  # what stop_sitemap_manager shuts down
    finally:
        manager.shutdown()


def test_notfound_pathto_still_turns_the_root_into_a_hash():
    assert_checked("notfound")
    source = inspect.getsource(importlib.import_module("notfound.extension"))
    assert "uri = otheruri or '#'" in source
    assert "context['pathto']" in source or 'context["pathto"]' in source


def test_jinja_cache_the_template_loader_still_has_a_jinja_environment():
    assert_checked("jinja_cache")
    from sphinx.jinja2glue import BuiltinTemplateLoader

    assert "self.environment = SandboxedEnvironment(" in inspect.getsource(
        BuiltinTemplateLoader.init
    )


def test_gc_freeze_sphinx_still_forks_after_the_events_it_freezes_at():
    assert_checked("gc_freeze")
    from sphinx.builders import Builder

    read = inspect.getsource(Builder.read)
    assert read.index("'env-before-read-docs'") < read.index("self._read_parallel(")
    write = inspect.getsource(Builder.write_documents) + inspect.getsource(Builder.write)
    assert "'write-started'" in write and "self._write_parallel(" in write


def test_pygments_style_the_formatter_is_still_made_per_block_and_its_tables_once():
    assert_checked("pygments_style")
    assert_version("Pygments", "2.21.0", "compat/pygments_style.py")
    from pygments.formatters import HtmlFormatter
    from sphinx.highlighting import PygmentsBridge

    assert PygmentsBridge("html").formatter is HtmlFormatter
    assert "return self.formatter(**kwargs)" in inspect.getsource(PygmentsBridge.get_formatter)
    others = inspect.getsource(HtmlFormatter).replace(
        inspect.getsource(HtmlFormatter._create_stylesheet), ""
    )
    assert not re.search(r"self\.(ttype2class|class2style)\b[^\n]*=", others)
    from workshop.compat.pygments_style import StyleOnceHtmlFormatter

    first, second = StyleOnceHtmlFormatter(style="default"), StyleOnceHtmlFormatter(style="default")
    assert first.class2style is second.class2style
    assert first.class2style == HtmlFormatter(style="default").class2style


def test_bibtex_entries_the_domain_still_formats_every_bibliography_through_one_method():
    assert_checked("bibtex_entries")
    from sphinxcontrib.bibtex.domain import BibtexDomain
    from workshop.compat import bibtex_entries

    updated = inspect.getsource(BibtexDomain.env_updated)
    assert "in self.get_formatted_entries(\n" in updated
    original = inspect.getsource(bibtex_entries._FORMAT)
    assert "entries = dict(self.get_sorted_entries(bibliography_key, docnames))" in original
    params = list(inspect.signature(bibtex_entries._FORMAT).parameters)
    assert params == ["self", "bibliography_key", "docnames", "tooltips", "tooltips_style"]


def test_search_language_searchtools_still_declares_splitquery_as_replaced():
    assert_checked("search_language")
    searchtools = package_dir("sphinx") / "themes/basic/static/searchtools.js"
    text = searchtools.read_text(encoding="utf-8")
    assert 'if (typeof splitQuery === "undefined") {\n  var splitQuery = ' in text
    from sphinx.application import Sphinx

    assert "languages[cls.lang] = cls" in inspect.getsource(Sphinx.add_search_language)


def test_autobuild_still_makes_its_builder_from_the_module_level_name():
    assert_checked("autobuild")
    main = importlib.import_module("sphinx_autobuild.__main__")
    source = inspect.getsource(main.main)
    assert "builder = Builder(\n        build_args,\n        url_host=url_host," in source
    assert "pre_build_commands=pre_build_commands" in source
    assert "post_build_commands=post_build_commands" in source
    assert "builder(changed_paths=())" in source
    assert hasattr(main, "_parse_args")
    utils = importlib.import_module("sphinx_autobuild.utils")
    assert callable(utils.show_command) and callable(utils.show_message)
    server = inspect.getsource(importlib.import_module("sphinx_autobuild.server"))
    assert "pool.submit(self.change_callback, changed_paths=changed_paths)" in server


# -- outside compat/ (listed in compat/README.md) -----------------------------------------------


@pytest.mark.parametrize(
    ("template", "needs"),
    [
        ("static/webpack-macros.html", "{% macro head_pre_assets() %}"),
        ("static/webpack-macros.html", "styles/theme.css"),
        ("layout.html", ".pst-js-only { display: none !important; }"),
        ("components/search-button-field.html", "search-button"),
        ("components/edit-this-page.html", "get_edit_provider_and_url()"),
    ],
)
def test_templates_the_theme_internals_they_use_are_there(template, needs):
    assert_version("pydata-sphinx-theme", "0.24.0", "_templates/")
    assert needs in theme_file(template).read_text(encoding="utf-8")


def test_fielddocs_pydantic_still_exposes_constraints_as_metadata():
    assert_version("pydantic", "2.14.4", "fielddocs.py")
    import annotated_types
    import pydantic
    import pydantic_core

    class Model(pydantic.BaseModel):
        name: str = pydantic.Field(max_length=3)

    field = Model.model_fields["name"]
    assert any(isinstance(item, annotated_types.MaxLen) for item in field.metadata)
    assert pydantic.Field().default is pydantic_core.PydanticUndefined
    from sphinx.pycode import ModuleAnalyzer

    assert callable(ModuleAnalyzer.find_attr_docs)


def test_test_harness_sphinx_still_has_patch_docutils_and_docutils_namespace():
    assert_version("sphinx", "9.0.4", "tests/site_build.py")
    from sphinx.util import docutils

    assert callable(docutils.patch_docutils) and callable(docutils.docutils_namespace)


def test_listings_docutils_special_characters_and_sphinx_design_components():
    assert_version("sphinx-design", "0.8.0", "listings.py")
    from docutils.writers._html_base import HTMLTranslator
    from sphinx_design.shared import create_component

    assert HTMLTranslator.special_characters[ord("<")] == "&lt;"
    assert callable(create_component)
    css = (package_dir("sphinx_design") / "static/sphinx-design.min.css").read_text()
    classes = ["sd-sphinx-override", "sd-container-fluid", "sd-row-cols-md-3", "sd-card-hover"]
    for name in [*classes, "sd-stretched-link"]:
        assert f".{name}" in css, name


def test_safe_parser_myst_renders_front_matter_parsed_once_and_reuses_its_parser():
    """safe_parser.py parses the front matter once and hands MyST the mapping (MyST would
    parse it twice), and renders every page of the site with one MarkdownIt instance."""
    assert_version("myst-parser", "5.2.0", "safe_parser.py")
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer, make_document
    from myst_parser.parsers.mdit import create_md_parser

    class Renderer(DocutilsRenderer):
        def render_front_matter(self, token: SyntaxTreeNode) -> None:
            token.token.content = {"venue": "parsed, not the text"}
            super().render_front_matter(token)

    parser = create_md_parser(MdParserConfig(), Renderer)
    for text in ["---\nvenue: text\n---\n# One\n", "---\nvenue: text\n---\n# Two\n"]:
        document = make_document()
        parser.options["document"] = document
        parser.render(text)
        assert "parsed, not the text" in document.astext(), "MyST no longer takes a mapping"
        assert document.astext().rstrip().endswith(text.split("# ")[1].strip())
