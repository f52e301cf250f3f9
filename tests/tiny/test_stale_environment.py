"""A build directory left by an older version of the extension never crashes the next build.

After a ``git pull``, ``_build/doctrees/environment.pickle`` may hold records and domain kinds of
an older shape. Sphinx discards it only when ``env_version`` or a domain's ``data_version``
differs, so both are a digest of the stored layout (``_ext/workshop/stored_layout.py``).
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys

import pydantic
import pytest
import workshop
from site_build import SITES, build
from workshop import extension
from workshop.domain import KINDS, WorkshopDomain
from workshop.model import records
from workshop.stored_layout import layout_description

CONF = (SITES / "minimal/conf.py").read_text() + "templates_path = []\n"  # see test_incremental


def environment_path(outdir):
    return outdir.parent / (outdir.name + ".doctrees") / "environment.pickle"


def age_environment(outdir) -> None:
    """Make the pickle look like one written before the ``bibtex`` kind existed (ccbf15f^)."""
    path = environment_path(outdir)
    env = pickle.loads(path.read_bytes())
    env.version = {**env.version, "workshop": 1}  # what every version before the fix declared
    data = env.domaindata["workshop"]
    data["version"] = 1
    del data["docs"]["bibtex"]
    path.write_bytes(pickle.dumps(env, pickle.HIGHEST_PROTOCOL))


def test_an_environment_of_an_older_layout_is_read_again_not_reused(tmp_path):
    src = tmp_path / "src"
    for site in ("minimal", "collections"):
        shutil.copytree(SITES / site, src, dirs_exist_ok=True)
    (src / "conf.py").write_text(CONF)
    built = build(src, tmp_path / "html")
    papers = {doc for doc in pickle.loads(environment_path(built.outdir).read_bytes()).all_docs
              if doc.startswith("papers/") and doc != "papers/index"}  # fmt: skip
    assert papers, "the tiny site has a paper page"
    age_environment(built.outdir)

    build(src, built.outdir, freshenv=False)  # strict: a crash or a warning fails here

    env = pickle.loads(environment_path(built.outdir).read_bytes())
    assert env.version["workshop"] == extension.STORED_LAYOUT_VERSION
    assert set(env.domaindata["workshop"]["docs"]["bibtex"]) == papers


def test_a_changed_record_shape_changes_the_stored_layout_version(monkeypatch):
    before = layout_description("workshop", KINDS, workshop.__version__)
    extended = pydantic.create_model("Paper", __base__=records.Paper, doi=(str | None, None))
    extended.__module__ = records.__name__
    monkeypatch.setattr(records, "Paper", extended)
    assert layout_description("workshop", KINDS, workshop.__version__) != before


def test_a_new_domain_kind_changes_the_version_and_must_be_declared():
    version = workshop.__version__
    assert layout_description("workshop", KINDS | {"talks"}, version) != layout_description(
        "workshop", KINDS, version
    )
    domain = WorkshopDomain.__new__(WorkshopDomain)
    domain.data = {"docs": {}}
    with pytest.raises(ValueError, match=r"domain\.KINDS"):
        domain.put("talks", "index", True)


def test_the_stored_layout_covers_the_model_and_the_build_state():
    """In a fresh interpreter, the digest computed at import sees every class of the model."""
    script = (
        "import importlib, pkgutil, workshop, workshop.model as m\n"
        "from workshop import extension\n"
        "from workshop.extension import STORED_KINDS as KINDS\n"
        "from workshop.stored_layout import class_shape, layout_description, layout_version\n"
        "assert extension.STORED_LAYOUT_VERSION == layout_version("
        "'workshop', KINDS, workshop.__version__)\n"
        "for info in pkgutil.iter_modules(m.__path__):\n"
        "    module = importlib.import_module(f'workshop.model.{info.name}')\n"
        "    for name, value in vars(module).items():\n"
        "        if isinstance(value, type) and value.__module__ == module.__name__ \\\n"
        "                and class_shape(value) is not None:\n"
        "            print(f'{module.__name__}.{name}')\n"
        "print('--')\n"
        "print(layout_description('workshop', KINDS, workshop.__version__))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    model_classes, description = result.stdout.split("--\n", 1)
    described = {line.split(" ", 1)[0] for line in description.splitlines()}
    stored = {*model_classes.split(), "workshop.state.SiteData", "workshop.state.BuildMemory"}
    assert {"workshop.model.records.Paper", "workshop.model.program.Schedule"} <= stored
    assert stored <= described, stored - described
