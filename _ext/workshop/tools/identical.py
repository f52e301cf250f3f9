"""``make identical REV=<commit>``: does the work tree build the same site as a commit?

Both sides are built the same way, one after the other, from the same temporary folder (so
that no absolute path differs): the commit from ``git archive``, the work tree from its tracked
and untracked files (not the ignored ones), each with its own ``_ext`` first on the import path,
at the tests' build date (``SOURCE_DATE_EPOCH``), with ``-E`` (nothing reused). Then every file
of the two outputs is compared, ``.buildinfo`` left out (it hashes the configuration, paths
included). Prints the files that differ; exits 1 if any, 2 if a side cannot be built.

Loads no Sphinx: the builds are ``python -m sphinx`` in child processes.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

BUILD_EPOCH = "1767225600"  # the tests' build date (tests/site_build.py, Makefile's CHECK_EPOCH)
IGNORED = frozenset({".buildinfo"})


def differing(first: Path, second: Path) -> list[str]:
    """Each file (relative, "/"-separated) that is in one output only or differs in content."""

    def files(root: Path) -> set[str]:
        return {
            path.relative_to(root).as_posix()
            for path in root.rglob("*")
            if path.is_file() and path.name not in IGNORED
        }

    mine, theirs = files(first), files(second)
    changed = {
        name
        for name in mine & theirs
        if not filecmp.cmp(first / name, second / name, shallow=False)
    }
    return sorted((mine ^ theirs) | changed)


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True).stdout


def export_commit(repo: Path, rev: str, into: Path) -> None:
    archive = into.parent / "commit.tar"
    archive.write_bytes(_git(repo, "archive", "--format=tar", rev))
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    archive.unlink()


def export_work_tree(repo: Path, into: Path) -> None:
    listed = _git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.decode().split("\0")):
        source = repo / name
        if source.is_file():  # a tracked file deleted in the work tree is not there
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def build(site: Path, out: Path, builder: str) -> bool:
    """Build ``site`` (its own extension) into ``out``; False, with Sphinx's output, on failure."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": BUILD_EPOCH,
        "PYTHONPATH": os.pathsep.join([str(site / "_ext"), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-E", "-q", "-d"]
    command += [str(site / "_build/doctrees"), str(site), str(site / "_build/html")]
    done = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        return False
    shutil.move(site / "_build/html", out)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the commit to compare the work tree with (HEAD~1, a hash)")
    parser.add_argument("-b", "--builder", default="dirhtml")
    parser.add_argument("--repo", type=Path, default=Path.cwd())
    parser.add_argument("--keep", type=Path, help="copy both outputs here, to diff them")
    args = parser.parse_args(argv)
    repo = Path(_git(args.repo, "rev-parse", "--show-toplevel").decode().strip())
    commit = _git(repo, "rev-parse", "--verify", f"{args.rev}^{{commit}}").decode().strip()
    with tempfile.TemporaryDirectory(prefix="wsl-identical-") as temp:
        site, outputs = Path(temp) / "site", dict[str, Path]()
        for side, export in [
            (f"{args.rev} ({commit[:10]})", lambda: export_commit(repo, commit, site)),
            ("the work tree", lambda: export_work_tree(repo, site)),
        ]:
            site.mkdir()
            export()
            print(f"building {side}...", flush=True)
            outputs[side] = Path(temp) / f"out{len(outputs)}"
            if not build(site, outputs[side], args.builder):
                print(f"{side} does not build", file=sys.stderr)
                return 2
            shutil.rmtree(site)
        first, second = outputs.values()
        found = differing(first, second)
        if args.keep:
            for number, output in enumerate(outputs.values()):
                shutil.copytree(output, args.keep / f"out{number}", dirs_exist_ok=True)
        total = sum(1 for path in second.rglob("*") if path.is_file())
    sides = " and ".join(outputs)
    if found:
        print(f"{len(found)} of {total} files differ between {sides}:")
        print("\n".join(f"  {name}" for name in found))
        return 1
    print(f"identical: {total} files (.buildinfo not compared) of {sides}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
