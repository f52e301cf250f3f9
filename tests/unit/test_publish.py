"""`make serve` publishes a good build by copying what changed into the served folder."""

from __future__ import annotations

import os
from pathlib import Path

from workshop.tools.serve import publish


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def contents(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in root.rglob("*")
        if path.is_file()
    }


def test_the_served_folder_becomes_an_exact_copy(tmp_path):
    built, served = tmp_path / "built", tmp_path / "served"
    write(built, {"index.html": "home", "papers/a/index.html": "a", "_static/x.css": "css"})
    served.mkdir()
    publish(built, served)
    assert contents(served) == contents(built)


def test_only_changed_files_are_copied_and_removed_ones_disappear(tmp_path):
    built, served = tmp_path / "built", tmp_path / "served"
    write(built, {"index.html": "home", "papers/a/index.html": "a", "papers/b/index.html": "b"})
    served.mkdir()
    publish(built, served)
    kept = os.stat(served / "index.html").st_ino
    write(built, {"papers/a/index.html": "a, revised"})
    (built / "papers/b/index.html").unlink()
    (built / "papers/b").rmdir()
    publish(built, served)
    assert contents(served) == contents(built)
    assert not (served / "papers/b").exists()
    assert os.stat(served / "index.html").st_ino == kept  # not copied again


def test_a_file_and_a_folder_may_swap_places(tmp_path):
    built, served = tmp_path / "built", tmp_path / "served"
    write(built, {"page": "a file", "folder/index.html": "inside"})
    served.mkdir()
    publish(built, served)
    (built / "page").unlink()
    (built / "folder/index.html").unlink()
    (built / "folder").rmdir()
    write(built, {"page/index.html": "now a folder", "folder": "now a file"})
    publish(built, served)
    assert contents(served) == contents(built)


def test_a_link_left_in_the_served_folder_is_removed_not_followed(tmp_path):
    built, served, elsewhere = tmp_path / "built", tmp_path / "served", tmp_path / "elsewhere"
    write(built, {"index.html": "home"})
    write(elsewhere, {"keep.txt": "not ours"})
    served.mkdir()
    (served / "link").symlink_to(elsewhere, target_is_directory=True)
    publish(built, served)
    assert not (served / "link").exists()
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "not ours"
    assert contents(served) == contents(built)
