"""Every use of another project's private names or unstable output, behind one door.

Each module is headed by the version of the package it was checked against, and has one canary
in ``tests/unit/test_compat.py`` that fails when the installed version or the relied-on behaviour
differs. ``README.md`` here is the table of them (the ``_templates/`` overrides included).
"""
