"""The one way to write HTML as text, where no docutils node can hold it (a page's ``<head>``,
a page written whole, a row made once for many pages): :func:`tag` and :func:`void`, which
escape every text and attribute value through :func:`escape`. The result is markupsafe's
``Markup``, so it is never escaped twice. Beware ``str + Markup``: markupsafe escapes the
``str``; join them in an f-string (or return ``str``) instead."""

from __future__ import annotations

import html
import typing as t

from markupsafe import Markup

Attributes = t.Mapping[str, "str | int | bool | None"]


def escape(value: object) -> Markup:
    """Text as HTML: ``&``, ``<``, ``>`` and both quotes escaped (markup is kept as it is)."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def _attributes(attributes: Attributes | None) -> str:
    """`` name="value"`` for each attribute; ``True``: the name alone; ``None``/``False``: none."""
    parts = []
    for name, value in (attributes or {}).items():
        if value is True:
            parts.append(f" {name}")
        elif value is not None and value is not False:
            parts.append(f' {name}="{escape(value)}"')
    return "".join(parts)


def tag(name: str, attributes: Attributes | None = None, *children: object) -> Markup:
    """``<name attributes>children</name>``; a child that is not ``Markup`` is escaped."""
    inner = "".join(escape(child) for child in children)
    return Markup(f"<{name}{_attributes(attributes)}>{inner}</{name}>")


def start(name: str, attributes: Attributes | None = None) -> Markup:
    """A start tag alone, for content written around it."""
    return Markup(f"<{name}{_attributes(attributes)}>")


def end(name: str) -> Markup:
    return Markup(f"</{name}>")


def void(name: str, attributes: Attributes | None = None, *, slash: bool = False) -> Markup:
    """An element without content (``<meta>``, ``<link>``, ``<input>``); ``slash`` writes
    ``<name ... />``, as Sphinx writes the tags of a page's head."""
    return Markup(f"<{name}{_attributes(attributes)}{' /' if slash else ''}>")


def join(parts: t.Iterable[object], separator: str = "") -> Markup:
    """Parts (each escaped unless it is markup) one after the other."""
    return Markup(separator).join(escape(part) for part in parts)
