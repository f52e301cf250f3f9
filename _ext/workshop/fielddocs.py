"""Reference tables for contributors, generated from the declarations the validator uses.

* ``{field-table} workshop.model.records.Paper``: one row per field of a pydantic model (name,
  required or optional, type and allowed values, meaning from the field's ``description``).
* ``{field-table} workshop.config.OPTIONS``: one row per configuration option.
* ``{warning-list}``: every warning tag ``[workshop.<subtype>]`` with the docstring of its
  ``diagnostics.Problem`` member.

The tables cannot drift from the code: a field without a description, or an unknown model,
is a warning.
"""

from __future__ import annotations

import datetime as dt
import importlib
import types
import typing as t

import annotated_types
import pydantic
from docutils import nodes
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective

from .config import Option
from .diagnostics import WARNING_TYPE, Problem, warn
from .model.fields import HttpUrl
from .tables import table

Cell = list[nodes.Node]


def _url_validators() -> tuple[object, ...]:
    return t.get_args(HttpUrl)[1:]


def _is_url(annotation: object, metadata: t.Sequence[object] = ()) -> bool:
    validators = _url_validators()
    if t.get_origin(annotation) is t.Annotated:
        return any(m in validators for m in t.get_args(annotation)[1:])
    return annotation is str and any(m in validators for m in metadata)


def _constraints(metadata: t.Iterable[object]) -> list[str]:
    notes = []
    for item in metadata:
        if isinstance(item, annotated_types.MinLen) and item.min_length:
            notes.append(f"at least {item.min_length}")
        elif isinstance(item, annotated_types.MaxLen):
            notes.append(f"at most {item.max_length}")
        elif isinstance(item, pydantic.StringConstraints) and item.pattern:
            notes.append(f"matching {item.pattern}")
    return notes


def describe_type(annotation: object, metadata: t.Sequence[object] = ()) -> Cell:
    """What a contributor may write for a field, as inline nodes."""
    if annotation is type(None):
        return [nodes.Text("nothing")]
    if _is_url(annotation, metadata):
        return [nodes.Text("web address ("), nodes.literal("", "https://…"), nodes.Text(")")]
    origin, args = t.get_origin(annotation), t.get_args(annotation)
    if origin is t.Annotated:
        inner, *extra = args
        result = describe_type(inner)
        notes = _constraints(extra)
        return result + ([nodes.Text(", " + ", ".join(notes))] if notes else [])
    if origin in (t.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        cells: Cell = []
        for index, option in enumerate(options):
            if index:
                cells.append(nodes.Text(" or "))
            cells += describe_type(option)
        return cells
    if origin is t.Literal:
        cells = [nodes.Text("one of ")]
        for index, value in enumerate(args):
            if index:
                cells.append(nodes.Text(", "))
            cells.append(nodes.literal("", str(value)))
        return cells
    if origin is list:
        (item,) = args
        notes = _constraints(metadata)
        size = [nodes.Text(f" ({', '.join(notes)})")] if notes else []
        if t.get_origin(item) is t.Literal:
            values = describe_type(item)[1:]  # without "one of "
            return [nodes.Text("list of values among "), *values, *size]
        return [nodes.Text("list of "), *describe_type(item), *size]
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        keys: Cell = [nodes.Text("mapping with ")]
        for index, (name, field) in enumerate(documented_fields(annotation)):
            if index:
                keys.append(nodes.Text(", "))
            keys.append(nodes.literal("", name))
            if field.is_required():
                keys.append(nodes.Text(" (required)"))
        return keys
    simple = {
        str: "text",
        int: "whole number",
        float: "number",
        bool: "true or false",
        dt.date: "date YYYY-MM-DD",
        dt.time: 'time "HH:MM" (quoted)',
    }
    if annotation in simple:
        notes = _constraints(metadata)
        if annotation is str:
            notes = [f"{n} characters" if n.startswith("at ") else n for n in notes]
        return [nodes.Text(", ".join([simple[annotation], *notes]))]
    return [nodes.literal("", getattr(annotation, "__name__", str(annotation)))]


def field_description(field: FieldInfo) -> str | None:
    """The field's description, also when it is declared on an ``Annotated`` type."""
    if field.description:
        return field.description
    for arg in t.get_args(field.annotation):
        for meta in getattr(arg, "__metadata__", ()):
            if isinstance(meta, FieldInfo) and meta.description:
                return meta.description
    return None


def documented_fields(model: type[pydantic.BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The fields a contributor writes: those the site fills in itself are excluded."""
    return [(name, field) for name, field in model.model_fields.items() if not field.exclude]


def _requirement(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    default = field.default
    if field.default_factory is None and default is not None and default is not PydanticUndefined:
        return f"optional (default: {default})"
    return "optional"


def model_rows(model: type[pydantic.BaseModel], *, location) -> list[list[Cell]]:
    rows = []
    for name, field in documented_fields(model):
        description = field_description(field)
        if description is None:
            warn(
                Problem.docs,
                f"{model.__module__}.{model.__qualname__}.{name} has no description; give "
                "the field pydantic.Field(description=...) so the table can explain it",
                location=location,
            )
            description = ""
        row: list[Cell] = [
            [nodes.literal("", name)],
            [nodes.Text(_requirement(field))],
            describe_type(field.annotation, field.metadata),
            [nodes.Text(description)],
        ]
        rows.append(row)
    return rows


def option_rows(options: t.Sequence[Option]) -> list[list[Cell]]:
    return [
        [
            [nodes.literal("", option.name)],
            [nodes.literal("", repr(option.default))],
            [nodes.Text(option.help)],
        ]
        for option in options
    ]


def resolve(dotted: str) -> object:
    module_name, _, attribute = dotted.rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, attribute)


class FieldTableDirective(SphinxDirective):
    """``{field-table} workshop.model.records.Paper`` or
    ``{field-table} workshop.config.OPTIONS``."""

    required_arguments = 1

    def run(self):
        dotted = self.arguments[0]
        location = self.get_location()
        try:
            target = resolve(dotted)
        except (ImportError, AttributeError, ValueError) as error:
            warn(
                Problem.docs,
                f"cannot document {dotted!r}: {error}; name a pydantic model "
                "such as workshop.model.records.Paper, or workshop.config.OPTIONS",
                location=location,
            )
            return []
        if isinstance(target, type) and issubclass(target, pydantic.BaseModel):
            headers = ["Field", "Required", "What to write", "Meaning"]
            rows = model_rows(target, location=location)
        elif isinstance(target, tuple) and all(isinstance(o, Option) for o in target):
            headers = ["Option", "Default", "Meaning"]
            rows = option_rows(target)
        else:
            warn(
                Problem.docs,
                f"cannot document {dotted!r}: it is neither a pydantic model "
                "nor a tuple of configuration options",
                location=location,
            )
            return []
        node = table(headers, rows, classes=["wsl-field-table"])
        node["ids"] = [nodes.make_id(f"fields-{dotted.rsplit('.', 1)[-1]}")]
        self.set_source_info(node)
        return [node]


def problem_docs() -> dict[Problem, str]:
    """Each warning subtype with its member docstring (read from the source, as autodoc does)."""
    docs = ModuleAnalyzer.for_module(Problem.__module__).find_attr_docs()
    return {
        problem: " ".join(docs.get((Problem.__name__, problem.name), [])).strip()
        for problem in Problem
    }


class WarningListDirective(SphinxDirective):
    """``{warning-list}``: the table of warning tags a contributor may see, and what they mean."""

    def run(self):
        rows = []
        for problem, doc in problem_docs().items():
            if not doc:
                warn(
                    Problem.docs,
                    f"Problem.{problem.name} has no docstring; document the "
                    "member in model/problems.py",
                    location=self.get_location(),
                )
            rows.append(
                [[nodes.literal("", f"[{WARNING_TYPE}.{problem.value}]")], [nodes.Text(doc)]]
            )
        node = table(["Tag", "What is wrong"], rows, classes=["wsl-warning-table"])
        self.set_source_info(node)
        return [node]


def setup_fielddocs(app: Sphinx) -> None:
    app.add_directive("field-table", FieldTableDirective)
    app.add_directive("warning-list", WarningListDirective)
