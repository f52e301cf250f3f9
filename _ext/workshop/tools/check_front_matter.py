"""Check the YAML syntax of Markdown front matter (a pre-commit hook; check-yaml cannot).

    python -m workshop.tools.check_front_matter papers/*.md people/*.md

Prints ``file:line: problem`` for each file whose front matter is not valid YAML, is not a
mapping of fields, or is never closed; exits with 1 if any. Field values are checked by the
site build (``make html``), which knows the rules of each collection.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..model.yamlio import (
    UNCLOSED_FRONT_MATTER,
    DataError,
    front_matter_is_unclosed,
    parse_yaml,
    read_text,
    split_front_matter,
)


def check(path: Path) -> list[str]:
    """The problems of one file's front matter, as ``file:line: message`` lines."""
    try:
        text = read_text(path)  # a byte order mark is dropped, as the site build does
    except OSError as error:
        return [f"{path}:1: cannot read the file: {error.strerror}"]
    except DataError as error:
        return [f"{path}:{error.line}: {error}"]
    if front_matter_is_unclosed(text):
        return [f"{path}:1: {UNCLOSED_FRONT_MATTER}"]
    front_matter, first_line = split_front_matter(text)
    if front_matter is None:
        return []  # no front matter
    try:
        located = parse_yaml(front_matter, source=str(path), first_line=first_line)
    except DataError as error:
        return [f"{path}:{error.line}: {error}"]
    if located.data and not isinstance(located.data, dict):
        return [f"{path}:{first_line}: the front matter must be fields ('name: value' lines)"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="Markdown files to check")
    args = parser.parse_args(argv)
    problems = [line for path in args.files for line in check(path)]
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
