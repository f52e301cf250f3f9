"""Canaries: one per use of another project's internals (``_ext/workshop/compat/README.md``).

Each fails loudly when the installed version of the package differs from the version the code
was checked against (the ``Checked against <package> <version>`` line of the compat module's
docstring, or of the table for code outside compat/), and checks the relied-on behaviour
itself, so that an upgrade says what to look at instead of breaking the site silently.

After checking the code against a new version: update the module's line (and the table). The
table itself is checked here too (tests/compat_table.py): each row's reliance still exists.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import re
from pathlib import Path

import pytest
from compat_table import (
    CHECKED,
    TABLE,
    assert_listed,
    assert_version,
    canary_sources,
    table_problems,
)
from docutils import nodes
from docutils.utils import new_document
from site_build import ROOT

COMPAT = ROOT / "_ext/workshop/compat"


def checked_versions(module_name: str) -> list[tuple[str, str]]:
    """``(package, version)`` of every ``Checked against ...`` line of the module's docstring."""
    module = importlib.import_module(f"workshop.compat.{module_name}")
    found = [(m["package"], m["version"]) for m in CHECKED.finditer(module.__doc__ or "")]
    assert found, f"compat/{module_name}.py: its docstring must say 'Checked against <pkg> <v>'"
    return found


def assert_checked(module_name: str) -> None:
    for package, version in checked_versions(module_name):
        assert_version(package, version, f"compat/{module_name}.py")


def test_every_row_names_a_reliance_that_exists_and_a_canary_and_every_module_has_a_row():
    problems = table_problems(TABLE.read_text(encoding="utf-8"), canaries=canary_sources())
    assert not problems, "compat/README.md is untrue:\n" + "\n".join(problems)


ROW = "| {package} | 1.0 | a reliance | `{where}` | `{uses}` | `test_canary` |\n"


@pytest.mark.parametrize(
    ("where", "uses", "content", "found"),
    [
        # the canary of a reliance the code no longer has: the row of docutils' _html_base
        ("render/cards.py", "_html_base", "from sphinx_design.shared import x\n", "no longer"),
        ("render/cards.py", "create_component", None, "no such file"),  # the file is gone
        ("compat/shim.py", "thing", '"""Checked against pkg 2.0."""\nthing\n', "Checked"),
    ],
)
def test_the_table_check_fails_on_a_row_whose_reliance_was_removed(
    tmp_path, where, uses, content, found
):
    if content is not None:
        (tmp_path / "_ext/workshop" / where).parent.mkdir(parents=True)
        (tmp_path / "_ext/workshop" / where).write_text(content, encoding="utf-8")
    (tmp_path / "_ext/workshop/compat").mkdir(parents=True, exist_ok=True)
    text = ROW.format(package="pkg", where=where, uses=uses)
    problems = table_problems(text, root=tmp_path, canaries="def test_canary(")
    assert any(found in problem for problem in problems), problems


def test_the_table_check_fails_on_a_compat_module_without_a_row(tmp_path):
    (tmp_path / "_ext/workshop/compat").mkdir(parents=True)
    (tmp_path / "_ext/workshop/compat/new.py").write_text('"""Checked against pkg 1.0."""\n')
    assert table_problems("", root=tmp_path) == ["compat/new.py has no row"]


def test_checked_versions_reads_every_line():
    assert {package for package, _ in checked_versions("theme_css")} == {
        "pydata-sphinx-theme",
        "sphinx-design",
    }


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
    assert 'if "theme_secondary_sidebar_items" in context:' in source  # else it leaves it alone
    assert 'context["secondary_sidebar_items"] = _update_and_remove_templates(' in source
    assert theme_file("components/page-toc.html").is_file()
    sidebar = theme_file("sections/sidebar-secondary.html").read_text(encoding="utf-8")
    assert "{% for toc_item in secondary_sidebar_items %}" in sidebar  # names with .html


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
    assert_listed("_templates/")
    assert needs in theme_file(template).read_text(encoding="utf-8")


def test_fielddocs_pydantic_still_exposes_constraints_as_metadata():
    assert_listed("fielddocs.py")
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
    assert_listed("tests/site_build.py")
    from sphinx.util import docutils

    assert callable(docutils.patch_docutils) and callable(docutils.docutils_namespace)


def test_people_cards_sphinx_design_still_makes_components_with_these_classes():
    assert_listed("render/people_cards.py")
    from sphinx_design.shared import create_component

    component = create_component("card", ["sd-card"])
    assert component["classes"] == ["sd-card"] and component["design_component"] == "card"
    css = (package_dir("sphinx_design") / "static/sphinx-design.min.css").read_text()
    source = (ROOT / "_ext/workshop/render/people_cards.py").read_text(encoding="utf-8")
    for name in sorted(set(re.findall(r'"(sd-[\w-]+)"', source))):
        assert f".{name}" in css, f"sphinx-design no longer styles .{name}"


def test_checked_templates_sphinx_still_makes_its_loader_from_template_bridge():
    assert_listed("security.py")
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.jinja2glue import BuiltinTemplateLoader

    made = inspect.getsource(StandaloneHTMLBuilder.create_template_bridge)
    assert "self.config.template_bridge" in made
    assert list(inspect.signature(BuiltinTemplateLoader.init).parameters) == [
        "self", "builder", "theme", "dirs",
    ]  # fmt: skip
    assert list(inspect.signature(BuiltinTemplateLoader.render).parameters) == [
        "self", "template", "context",
    ]  # fmt: skip
    from workshop.security import CheckedTemplates

    assert issubclass(CheckedTemplates, BuiltinTemplateLoader)


# The arguments of each MyST method SafeRenderer overrides, as checked.
OVERRIDDEN = {
    "render_front_matter": ["self", "token"],
    "run_directive": [
        "self", "name", "first_line", "content", "position", "additional_options", "block_text",
    ],
    "render_restructuredtext": ["self", "token"],
    "render_myst_role": ["self", "token"],
    "render_html_inline": ["self", "token"],
    "render_html_block": ["self", "token"],
    "render_link": ["self", "token"],
    "setup_render": ["self", "options", "env"],
    "render_heading": ["self", "token"],
}  # fmt: skip


def test_safe_parser_the_myst_renderer_methods_we_override_are_the_same():
    assert_listed("safe_parser.py")
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from workshop.safe_parser import SafeRenderer

    overridden = {
        name
        for name, value in vars(SafeRenderer).items()
        if callable(value) and not name.startswith("__") and hasattr(SphinxRenderer, name)
    }
    assert overridden == set(OVERRIDDEN), "a new override: add it to OVERRIDDEN and the table"
    for name, arguments in OVERRIDDEN.items():
        assert list(inspect.signature(getattr(SphinxRenderer, name)).parameters) == arguments


def test_content_policy_test_docutils_still_keeps_its_registries():
    assert_listed("tests/tiny/test_content_policy.py")
    from docutils.parsers.rst import directives, roles

    for registry in ("_directive_registry", "_directives"):
        assert isinstance(getattr(directives, registry), dict), registry
    for registry in ("_role_registry", "_roles"):
        assert isinstance(getattr(roles, registry), dict), registry
    assert "note" in directives._directive_registry and "emphasis" in roles._role_registry


def test_safe_parser_myst_renders_front_matter_parsed_once_and_reuses_its_parser():
    """safe_parser.py parses the front matter once and hands MyST the mapping (MyST would
    parse it twice), and renders every page of the site with one MarkdownIt instance."""
    assert_listed("safe_parser.py")
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


def test_plugin_lookups_both_libraries_find_a_kept_plugin_without_scanning(monkeypatch):
    assert_checked("plugin_lookups")
    import importlib.metadata

    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin
    from workshop.compat.plugin_lookups import (
        NAME_STYLES,
        REFERENCING_STYLES,
        keep_bibtex_plugins,
    )

    keep_bibtex_plugins()
    installed = {
        group: {point.name: point.load() for point in importlib.metadata.entry_points(group=group)}
        for group in (REFERENCING_STYLES, NAME_STYLES)
    }

    def scan(**kwargs):
        raise AssertionError(f"a lookup read every package's entry points: {kwargs}")

    monkeypatch.setattr(sphinxcontrib.bibtex.plugin, "entry_points", scan)
    monkeypatch.setattr(pybtex.plugin, "entry_points", scan)
    assert {"author_year", "foot"} <= installed[REFERENCING_STYLES].keys()
    for name, style in installed[REFERENCING_STYLES].items():
        assert sphinxcontrib.bibtex.plugin.find_plugin(REFERENCING_STYLES, name) is style
    assert "last" in installed[NAME_STYLES]
    for name, style in installed[NAME_STYLES].items():
        assert pybtex.plugin.find_plugin(NAME_STYLES, name) is style
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "wsl-reading-list")


def test_bibtex_pybtex_still_finds_a_style_registered_on_the_fly():
    assert_listed("formats/bibtex.py")
    from pybtex.plugin import find_plugin, register_plugin
    from pybtex.style.formatting.plain import Style

    class Canary(Style):
        pass

    register_plugin("pybtex.style.formatting", "wsl-compat-canary", Canary)
    assert find_plugin("pybtex.style.formatting", "wsl-compat-canary") is Canary


def test_prerender_sphinx_still_translates_a_page_as_we_do_earlier():
    assert_listed("features/prerender.py")
    from docutils.writers._html_base import HTMLTranslator
    from sphinx.builders.html import StandaloneHTMLBuilder

    write_doc = inspect.getsource(StandaloneHTMLBuilder.write_doc)
    for step in (
        "doctree.settings = self.docsettings",
        "self.secnumbers = self.env.toc_secnumbers.get(docname, {})",
        "self.fignumbers = self.env.toc_fignumbers.get(docname, {})",
        "self.current_docname = docname",
        "self.create_translator(doctree, self)",
        "doctree.walkabout(visitor)",
    ):
        assert step in write_doc, step
    translator = inspect.getsource(HTMLTranslator)
    assert "self.section_level += 1" in translator and "self.body = []" in translator


def test_records_sphinx_still_collects_titles_at_doctree_read_500():
    assert_listed("features/records.py")
    from sphinx.environment.collectors import EnvironmentCollector
    from sphinx.environment.collectors.title import TitleCollector

    assert "app.connect('doctree-read', self.process_doc)" in inspect.getsource(
        EnvironmentCollector.enable
    )  # no priority: Sphinx's default, 500
    assert "titles" in inspect.getsource(TitleCollector.process_doc)


def test_hosting_opengraph_still_reads_its_settings_when_pages_are_written():
    assert_listed("hosting.py", "sphinxext-opengraph")
    opengraph = importlib.import_module("sphinxext.opengraph")
    setup = inspect.getsource(opengraph.setup)
    for name in ("ogp_site_url", "ogp_image_alt"):
        assert re.search(rf"app\.add_config_value\(\s*'{name}'", setup), name
    assert "app.connect('html-page-context', html_page_context)" in setup
    assert "config-inited" not in setup and "builder-inited" not in setup


def test_hosting_opengraph_still_takes_a_given_description_and_length_per_page():
    assert_listed("hosting.py", "sphinxext-opengraph")
    opengraph = importlib.import_module("sphinxext.opengraph")
    get_tags = inspect.getsource(opengraph.get_tags)
    assert "fields.get('ogp_description_length', config.ogp_description_length)" in get_tags
    assert "tags.update({k: v for k, v in fields.items() if k.startswith('og:')})" in get_tags
    # The length ends the walk: with 1, the description made is one character.
    document = new_document("<test>")
    document += nodes.paragraph("", "Weights are data.")
    assert opengraph.get_description(document, 1) == "W"


def test_hosting_notfound_still_reads_its_prefix_after_config_inited():
    assert_listed("hosting.py", "sphinx-notfound-page")
    notfound = importlib.import_module("notfound.extension")
    setup = inspect.getsource(notfound.setup)
    assert '"notfound_urls_prefix",' in setup
    assert "app.connect('config-inited', validate_configs)" in setup  # default priority: 500


def test_safe_parser_myst_headings_still_start_from_level_to_section():
    """safe_parser.py starts record pages at level 1 (their title comes from the front matter)
    by giving MyST's renderer a level-1 section, and shows a # heading as ## with the offset."""
    assert_listed("safe_parser.py", "myst-parser")
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer, make_document
    from myst_parser.parsers.mdit import create_md_parser

    class Renderer(DocutilsRenderer):
        def setup_render(self, options, env) -> None:
            super().setup_render(options, env)
            self._level_to_section[1] = self.document
            self._heading_offset = 1

    parser = create_md_parser(MdParserConfig(), Renderer)
    document = make_document()
    parser.options["document"] = document
    parser.render("# Sub\n\ntext\n\n## Deeper\n")
    assert not list(document.findall(lambda n: "Document headings start" in n.astext()))
    sections = list(document.findall(lambda n: n.tagname == "section"))
    assert [s[0].astext() for s in sections] == ["Sub", "Deeper"]
    assert sections[1].parent is sections[0] and sections[0].parent is document


def test_output_check_the_theme_still_writes_the_inline_scripts_we_recognise():
    """output_check.py recognises the theme's inline scripts by their exact text."""
    assert_listed("output_check.py")
    import pydata_sphinx_theme
    from workshop.output_check import THEME_SCRIPTS, page_name_script

    source = inspect.getsource(pydata_sphinx_theme)
    assert "body=f\"DOCUMENTATION_OPTIONS.pagename = '{pagename}';\"" in source
    assert page_name_script("a/b c") == "DOCUMENTATION_OPTIONS.pagename = 'a/b c';"
    assert 'f"DOCUMENTATION_OPTIONS.search_as_you_type = {search_as_you_type};"' in source
    theme = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme"
    templates = [theme / "search.html", theme / "layout.html", ROOT / "_templates/layout.html"]
    for template in templates:
        text = " ".join(template.read_text(encoding="utf-8").split())
        scripts = re.findall(r"<script(?: data-cfasync=\"false\")?> (.*?) </script>", text)
        assert scripts, f"{template}: no inline script found where one was"
        for script in scripts:
            for mode in ("auto", "light", "dark", ""):
                script_for_mode = script.replace("{{ default_mode }}", mode)
                assert script_for_mode in THEME_SCRIPTS, (template, script)


def test_asset_tags_sphinx_still_makes_each_tag_from_the_asset_and_the_page_address():
    assert_checked("asset_tags")
    from sphinx.builders.html import StandaloneHTMLBuilder

    page = inspect.getsource(StandaloneHTMLBuilder.handle_page)
    assert "default_baseuri = self.get_target_uri(pagename)" in page
    emitted = page.index("'html-page-context'")
    assert page.index("ctx['css_tag'] = css_tag") < emitted
    assert page.index("ctx['js_tag'] = js_tag") < emitted
    # Each tag function reads the asset, pathto (from the page's address), the builder's name
    # and the output folder, and nothing of the page's context.
    for name in ("css_tag", "js_tag"):
        body = page[page.index(f"def {name}(") : page.index(f"ctx['{name}'] = {name}")]
        assert "pathto(" in body
        assert not re.search(r"\bctx\b|\bpagename\b|\bcontext\b", body), body


def test_neighbour_titles_only_the_page_context_reads_the_relations_and_no_template_shows_them():
    assert_checked("neighbour_titles")
    import sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

    package = Path(sphinx.__file__).parent
    readers = sorted(
        f"{path.relative_to(package).as_posix()}: {line.strip()}"
        for path in package.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\.relations\b", line)
    )
    assert readers == [
        "builders/html/__init__.py: related = self.relations.get(docname)",
        "builders/html/__init__.py: related = self.relations.get(related[0])",
        "builders/html/__init__.py: self.relations = self.env.collect_relations()",
    ]
    assert "self.relations = " in inspect.getsource(StandaloneHTMLBuilder.prepare_writing)
    context = inspect.getsource(StandaloneHTMLBuilder.get_doc_context)
    assert "'title': self.render_partial(titles[related[2]])['title']," in context
    assert "'title': self.render_partial(titles[related[1]])['title']," in context
    # The neighbours' rellinks appear only in the relation bar, which the theme leaves out.
    layout = theme_file("layout.html").read_text(encoding="utf-8")
    assert "{% block relbar1 %}{% endblock %}" in layout
    assert "{% block relbar2 %}{% endblock %}" in layout
    for template in theme_file("").rglob("*.html"):
        if "rellinks" in template.read_text(encoding="utf-8"):
            assert template.name == "indices.html", template  # genindex and modindex only


def test_docutils_stylesheets_translators_still_find_them_in_init_and_sphinx_never_uses_them():
    assert_checked("docutils_stylesheets")
    from docutils.writers import _html_base
    from sphinx.builders.html import StandaloneHTMLBuilder

    init = inspect.getsource(_html_base.HTMLTranslator.__init__)
    assert "for path in utils.get_stylesheet_list(settings)]" in init
    builder = inspect.getsource(StandaloneHTMLBuilder)
    assert "defaults=self.env.settings" in inspect.getsource(StandaloneHTMLBuilder.prepare_writing)
    assert "new_document('<partial node>', self._settings)" in builder
    # Pages and parts keep the body and the title only: the stylesheet part is never read.
    assert "'fragment': ''.join(visitor.fragment)," in builder
    assert "body = ''.join(visitor.fragment)" in inspect.getsource(StandaloneHTMLBuilder.write_doc)
    assert "stylesheet" not in inspect.getsource(StandaloneHTMLBuilder.write_doc)


def test_parent_titles_sphinx_still_renders_each_parent_title_from_env_titles():
    assert_checked("parent_titles")
    from sphinx.builders.html import StandaloneHTMLBuilder

    context = inspect.getsource(StandaloneHTMLBuilder.get_doc_context)
    assert "titles = self.env.titles" in context
    assert "'title': self.render_partial(titles[related[0]])['title']," in context
    # The parts a title renders to come from the node and the page only.
    partial = inspect.getsource(StandaloneHTMLBuilder.render_partial)
    assert "doc.append(node)" in partial
    assert "visitor: HTML5Translator = self.create_translator(doc, self)" in partial
