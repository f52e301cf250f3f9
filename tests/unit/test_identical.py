"""``make identical``'s comparison of two outputs (workshop/tools/identical.py), without a build."""

from __future__ import annotations

from workshop.tools.identical import differing


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_the_same_files_are_identical_and_buildinfo_is_not_compared(tmp_path):
    same = {"index.html": "<p>a</p>", "papers/x/index.html": "<p>x</p>"}
    write(tmp_path / "a", {**same, ".buildinfo": "config: 1"})
    write(tmp_path / "b", {**same, ".buildinfo": "config: 2"})
    assert differing(tmp_path / "a", tmp_path / "b") == []


def test_a_changed_a_missing_and_a_new_file_are_listed(tmp_path):
    write(tmp_path / "a", {"index.html": "<p>a</p>", "old.ics": "x", "same.json": "{}"})
    write(tmp_path / "b", {"index.html": "<p>b</p>", "new/page.html": "y", "same.json": "{}"})
    assert differing(tmp_path / "a", tmp_path / "b") == ["index.html", "new/page.html", "old.ics"]
