"""The kinds of record are ONE table (``kinds.py``): no other module tests a record's type or
compares a kind's name. The scan reads the package's source (AST), so it needs no build."""

from __future__ import annotations

import ast
from pathlib import Path

import workshop
from workshop.kinds import COLLECTIONS, collection_of_page

PACKAGE = Path(workshop.__file__).resolve().parent
# The table itself, and the domain that stores records by kind.
ALLOWED = {"kinds.py", "domain.py"}
RECORD_MODELS = {collection.model.__name__ for collection in COLLECTIONS} | {"Record"}
KIND_NAMES = {collection.kind for collection in COLLECTIONS}
# Domain accessors that take a kind's name: elsewhere, the typed accessors are used.
KIND_READERS = {"get", "put", "items", "records", "records_by_doc"}


def kind_checks(source: str) -> list[str]:
    """Each ``isinstance(x, <record model>)``, comparison with a kind's name and read of the
    domain by a kind's name in ``source``, as ``line: code``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance":
            classes = node.args[1]
            names = {
                getattr(element, "id", getattr(element, "attr", None))
                for element in (classes.elts if isinstance(classes, ast.Tuple) else [classes])
            }
            if names & RECORD_MODELS:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for operand in operands:
                elements = (
                    operand.elts
                    if isinstance(operand, ast.Tuple | ast.Set | ast.List)
                    else [operand]
                )
                if any(isinstance(e, ast.Constant) and e.value in KIND_NAMES for e in elements):
                    found.append(f"{node.lineno}: {ast.unparse(node)}")
                    break
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in KIND_READERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in KIND_NAMES
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_scan_finds_what_it_forbids():
    source = (
        "def kind(record):\n"
        "    if isinstance(record, Person):\n"
        "        return 1\n"
        "    if found[0] != 'paper':\n"
        "        return domain.get('paper', docname)\n"
        "    return isinstance(record, (Paper, str))\n"
    )
    assert sorted(int(line.split(":")[0]) for line in kind_checks(source)) == [2, 4, 5, 6]


def test_no_module_outside_the_table_tests_a_kind():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in ALLOWED or relative.startswith("tools/"):  # tools read files, not kinds
            continue
        found = kind_checks(path.read_text(encoding="utf-8"))
        if found:
            offenders[relative] = found
    assert not offenders, (
        "ask the collection (kinds.py) or a typed accessor of the domain instead: "
        + repr(offenders)
    )


def test_each_collection_has_its_own_folder_kind_model_and_label():
    for attribute in ("kind", "folder", "model", "label_prefix", "problem"):
        values = [getattr(collection, attribute) for collection in COLLECTIONS]
        assert len(set(values)) == len(values), attribute


def test_records_are_the_files_directly_in_a_collection_folder():
    for collection in COLLECTIONS:
        folder = collection.folder
        assert collection_of_page(f"{folder}/x", ()) is collection
        assert collection_of_page(f"{folder}/index", (f"{folder}/index",)) is None
        assert collection_of_page(f"{folder}/sub/x", ()) is None
        assert collection_of_page(folder, ()) is None


def test_what_lists_and_what_is_made_from_each_kind_exists():
    from workshop.content_policy import ALLOWED_DIRECTIVES, ALLOWED_ROLES
    from workshop.features.exports import EXPORTS

    for collection in COLLECTIONS:
        assert collection.kind in ALLOWED_ROLES, "its role links to a record"
        assert set(collection.listed_by) <= set(ALLOWED_DIRECTIVES), collection.kind
        assert set(collection.exports) <= set(EXPORTS), collection.kind
