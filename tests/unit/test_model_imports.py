"""The data model imports no Sphinx and no docutils: tools and tests can load it cheaply.

Each check runs in a fresh interpreter, so modules imported by other tests do not count.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap

import pytest
import workshop.model

MODEL_MODULES = sorted(
    f"workshop.model.{info.name}" for info in pkgutil.iter_modules(workshop.model.__path__)
)
FORBIDDEN = ("sphinx", "docutils")


def loaded_after(statement: str) -> list[str]:
    """The forbidden modules in ``sys.modules`` after ``statement`` in a fresh interpreter."""
    script = textwrap.dedent(f"""
        import sys
        {statement}
        print("\\n".join(m for m in sys.modules if m.split(".")[0].startswith({FORBIDDEN!r})))
    """)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


@pytest.mark.parametrize("module", MODEL_MODULES)
def test_a_model_module_imports_no_sphinx_or_docutils(module):
    assert loaded_after(f"import {module}") == []


def test_the_model_modules_are_found():
    assert {"workshop.model.records", "workshop.model.program", "workshop.model.yamlio"} <= set(
        MODEL_MODULES
    )


def test_importing_the_model_package_loads_no_sphinx():
    assert loaded_after("import workshop.model") == []
