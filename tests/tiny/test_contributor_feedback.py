"""Where contributors see feedback: pull-request annotations, the quick check, the template."""

from __future__ import annotations

import json
import re

from site_build import BUILD_EPOCH, ROOT

MATCHER = json.loads((ROOT / ".github/sphinx-problem-matcher.json").read_text())
[PATTERN] = MATCHER["problemMatcher"][0]["pattern"]


def test_the_problem_matcher_reads_a_located_warning_of_a_real_build(tiny_site):
    built = tiny_site(
        files={
            "cfp/dates.yaml": (ROOT / "tests/sites/minimal/cfp/dates.yaml")
            .read_text()
            .replace("kind: deadline", "kind: deadlin", 1)
        },  # fmt: skip
        allow_warnings=True,
    )
    warnings = built.warning_lines()
    assert warnings, "the invalid kind was accepted"
    match = re.match(PATTERN["regexp"], warnings[0])
    assert match, warnings[0]
    assert match.group(PATTERN["file"]).endswith("cfp/dates.yaml")
    assert int(match.group(PATTERN["line"])) > 0
    assert match.group(PATTERN["code"]) == "workshop.dates"
    assert "kind" in match.group(PATTERN["message"])


def test_the_quick_check_builds_at_the_tests_build_date():
    makefile = (ROOT / "Makefile").read_text()
    assert f"CHECK_EPOCH := {BUILD_EPOCH}" in makefile.splitlines()


def test_the_pull_request_template_names_the_commands():
    template = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text()
    for command in ("make serve", "make check", "make test", "make lint"):
        assert f"`{command}`" in template, command
