"""Command-line tools; importing one loads no Sphinx (tests/unit/test_tools.py).

- ``serve``: ``make serve``;
- ``openreview_import``: ``make import-openreview``;
- ``check_front_matter``: the pre-commit hook on Markdown front matter.
"""
