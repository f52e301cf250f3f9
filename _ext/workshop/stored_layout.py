"""The version of what this extension pickles into ``_build/doctrees/environment.pickle``.

Sphinx reuses a pickled environment while every extension's ``env_version`` and every domain's
``data_version`` are unchanged. An environment pickled by an older version of this extension
(after a ``git pull``) holds records and domain kinds of the old shape, and the build crashes on
them. So both versions are a digest of the shapes that are pickled, computed at import:

- the fields (name and type) of every pydantic model, dataclass and named tuple defined in the
  extension's modules, sub-packages included: the data model (``model/``: records, dates,
  topics, program, site facts, ...) and the build state (``state.SiteData`` and
  ``state.BuildMemory``, what one build leaves for the next), all imported by the time
  ``workshop/extension.py`` computes the digest (not the command-line tools of
  ``workshop.tools``, which store nothing);
- the domain's declared kinds (``domain.KINDS``, with the record kinds of ``kinds.COLLECTIONS``:
  ``extension.STORED_KINDS``), which ``WorkshopDomain.put`` enforces;
- the extension's version.

The rule: store in the environment or the domain only such classes, builtin values and the
kinds of ``domain.KINDS``; then a change of a stored shape discards old environments by itself.
Anything else that changes what is pickled must bump ``LAYOUT_REVISION`` by hand.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sys
import typing as t

import pydantic

# 4: node classes moved to render/nodes (pickled doctrees name them by module);
# 3: data_files holds (file, key) pairs; 2: paper_filter_users per page
LAYOUT_REVISION = 4
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")  # function reprs inside Annotated[...] types


def class_shape(cls: type) -> list[tuple[str, str]] | None:
    """``[(field, type), ...]`` of a model, dataclass or named tuple; None for other classes."""
    fields: list[tuple[str, object]]
    if issubclass(cls, pydantic.BaseModel):
        fields = [(name, field.annotation) for name, field in cls.model_fields.items()]
    elif dataclasses.is_dataclass(cls):
        fields = [(field.name, field.type) for field in dataclasses.fields(cls)]
    elif issubclass(cls, tuple) and hasattr(cls, "_fields"):
        hints = getattr(cls, "__annotations__", {})
        fields = [(name, hints.get(name)) for name in cls._fields]
    else:
        return None
    return [(name, _ADDRESS.sub("", str(kind))) for name, kind in fields]


def layout_description(package: str, kinds: t.Iterable[str], version: str) -> str:
    """The text the digest is made of (also what a test compares when a shape changes)."""
    lines = [f"revision {LAYOUT_REVISION}", f"version {version}", f"kinds {sorted(kinds)}"]
    # The command-line tools pickle nothing, and a process may have imported them or not: their
    # classes must not change the version.
    tools = package + ".tools"
    modules = (
        m
        for m in sys.modules
        if m.startswith(package + ".") and m != tools and not m.startswith(tools + ".")
    )
    for module_name in sorted(modules):
        for name, value in sorted(vars(sys.modules[module_name]).items()):
            if isinstance(value, type) and value.__module__ == module_name:
                shape = class_shape(value)
                if shape is not None:
                    lines.append(f"{module_name}.{name} {shape}")
    return "\n".join(lines)


def layout_version(package: str, kinds: t.Iterable[str], version: str) -> int:
    """A positive int (Sphinx compares ``env_version`` and ``data_version`` for equality)."""
    text = layout_description(package, kinds, version)
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)
