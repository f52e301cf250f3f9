"""The data model of the site: pure data, pydantic and YAML only, never Sphinx or docutils.

Files -> :mod:`.yamlio` (YAML with the line of every value) -> the pydantic models -> loaders that
report every problem through a callable (:class:`.problems.Report`): the Sphinx glue passes
``diagnostics.warn``, a command-line tool a printer. The tables of allowed values are in
:mod:`.fields`, each defined once.

* :mod:`.fields`: shared field types and the tables (roles, presentations, link labels,
  poster sessions, slot kinds);
* :mod:`.info`: the workshop's facts; :mod:`.dates`: the dates; :mod:`.topics`: the topic areas;
* :mod:`.records`: people and papers; :mod:`.program`: the program of the workshop day
  (:mod:`.program_file` reads and checks its file);
* :mod:`.redirects`: old addresses; :mod:`.problems`: the kinds of problem.
"""

from __future__ import annotations

# Imported here so that the stored layout's digest (stored_layout.py), which walks the modules of
# the package, sees every model class that a build may pickle.
from . import (
    dates,
    fields,
    info,
    problems,
    program,
    program_file,
    records,
    redirects,
    topics,
    yamlio,
)

__all__ = ["dates", "fields", "info", "problems", "program", "program_file", "records"]
__all__ += ["redirects", "topics", "yamlio"]
