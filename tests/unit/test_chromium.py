"""Which Chromium the browser tests, make bench and make lighthouse use (workshop/chromium.py)."""

from __future__ import annotations

import pytest
from workshop.chromium import NAMES, VARIABLES, find_chromium


def executable(folder, name):
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def bare(tmp_path, monkeypatch):
    """No variable set, and a PATH holding only an empty folder."""
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("name", NAMES)
def test_each_name_on_path_is_found(bare, name):
    path = executable(bare, name)
    assert find_chromium() == str(path)


def test_the_first_name_wins(bare):
    executable(bare, NAMES[-1])
    first = executable(bare, NAMES[0])
    assert find_chromium() == str(first)


def test_the_variable_wins_over_path(bare, tmp_path_factory, monkeypatch):
    executable(bare, NAMES[0])
    chosen = executable(tmp_path_factory.mktemp("elsewhere"), "my-chrome")
    monkeypatch.setenv("CHROME_PATH", str(chosen))
    assert find_chromium() == str(chosen)


def test_a_variable_naming_nothing_is_not_replaced_by_a_guess(bare, monkeypatch):
    executable(bare, NAMES[0])
    monkeypatch.setenv("CHROME_PATH", str(bare / "missing"))
    assert find_chromium() is None


def test_nothing_found(bare):
    assert find_chromium() is None
