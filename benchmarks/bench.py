"""Benchmark the site at conference scale and check the performance budgets.

For each size N (``BENCH_SIZES``, default 45,500,2000) a synthetic site is made from the real
site's source (every page, data file, template and static file) with N synthetic papers in the
real front-matter format, then built; the real site is measured the same way. Each site is
also rebuilt as a bare stack (Sphinx, MyST, sphinx-design and the theme, nothing of this
project's) with the same documents: what the same machine gives, beside each time budget.
The tables are printed (markdown, ready for benchmarks/README.md), then the budgets with
pass/fail.

    make bench                     # all sizes, ~5 minutes on 2 cores
    BENCH_SIZES=45,500 make bench  # shorter
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import gzip
import os
import pickle
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from workshop.chromium import MISSING, find_chromium
from workshop.model.records import fold
from workshop.model.related import related_papers
from workshop.tools.serve import build_and_publish, preload

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SITES = HERE / "_sites"
EPOCH = "1767225600"  # builds are "now" = 2026-01-01, as in the tests: reproducible states
# Not part of the site's source (conf.py's exclude_patterns skips them too).
# tests/ is copied: pages include sample files from it.
NOT_SOURCE = {".git", ".venv", "_build", "node_modules", "benchmarks", ".ci", ".github"}
CHROMIUM = find_chromium()  # CHROME_PATH, then PATH (workshop/chromium.py)

# -- budgets (issues "Performance" and #23) -------------------------------------------------------
# Every time budget is a ratio to the bare stack built in the same run, repetitions interleaved
# (ours, bare, ours, bare...), the median of the per-repetition ratios: a busy or slow machine
# slows both alike. Seconds are printed beside them as information only.
BARE_RATIO = 1.3  # full build -j auto and the one-paper edit in `make serve`, ours / bare
PAPER_PAGE_KB = 25.0
PAPER_PAGE_GROWTH = 0.10  # largest paper page at the largest N vs N=45
LARGE_N = 2000
SERVE_EDIT_GROWTH = 2.0  # the one-paper edit in make serve at N=2000 vs N=45 (issue #15)
FIRST_VISIT_KB = 150.0
LISTING = "papers/"  # the papers page: its first visit is measured at every N
LINEAR_SLACK = 1.5  # per-paper build cost of the last size step vs the first
# Pages written by an edit of one key of a data file (issue #23): only the pages that show it.
DATE_EDIT_PAGES = 60  # a date's label (the first date of cfp/dates.yaml): no paper page shows it
SLOT_EDIT_PAGES = 60  # the first slot's title: no paper page shows it
TOPIC_EDIT_EXTRA = 60  # a topic's title: the papers on that topic, plus this many other pages


# -- synthetic sites -----------------------------------------------------------------------------

WORDS = {
    "method": [
        "Equivariant",
        "Permutation-Invariant",
        "Scalable",
        "Probabilistic",
        "Sparse",
        "Contrastive",
        "Hierarchical",
        "Spectral",
        "Graph-Based",
        "Diffusion-Based",
        "Implicit",
        "Low-Rank",
        "Symmetry-Aware",
        "Self-Supervised",
        "Federated",
        "Neural",
        "Bayesian",
        "Geometric",
        "Compositional",
        "Efficient",
    ],
    "thing": [
        "Hypernetworks",
        "Weight Encoders",
        "Model Zoos",
        "Neural Functionals",
        "Metanetworks",
        "Weight Generators",
        "Task Vectors",
        "Weight Autoencoders",
        "Learned Optimizers",
        "Model Merging",
        "Weight Embeddings",
        "Parameter Diffusion",
        "Weight Transformers",
        "Checkpoint Graphs",
        "Weight Priors",
        "Neural Field Encoders",
    ],
    "task": [
        "Generalization Prediction",
        "Backdoor Detection",
        "Model Retrieval",
        "Lineage Recovery",
        "Implicit Neural Representations",
        "Transfer Learning",
        "Pruning",
        "Continual Learning",
        "Few-Shot Adaptation",
        "Shape Classification",
        "Dynamical Systems",
        "Robustness Auditing",
        "Architecture Search",
        "Weight Interpolation",
        "Dataset Inference",
        "Accuracy Estimation",
    ],
}
# Made-up names (none is a person of the workshop): 26 x 25 combinations.
FIRST = (
    "Ada Ben Chen Dana Eli Fei Gil Hana Ivo Jun Kai Lena Mira Noa Omar Pia Quin Rui Sara Tal Uma"
)
FIRST += " Vik Wen Xin Yara Zoe"
LAST = "Abel Berg Cato Dorn Esk Falk Gale Holm Ives Jarl Kest Lund Moor Nash Orr Pike Quist Roe"
LAST += " Sand Tove Ulm Vance Wick Yates Zell"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def is_paper(path: Path) -> bool:
    """A paper record (not a page such as papers/index.md): its front matter has authors."""
    return path.suffix == ".md" and "authors" in front_matter(path)


def copy_source(dest: Path, *, papers: bool) -> None:
    """The real site's source, as it is now; without the paper records unless ``papers``."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name in NOT_SOURCE or entry.name.startswith(".") or entry.suffix == ".egg-info":
            continue
        if entry.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(entry, dest / entry.name, ignore=ignore)
        else:
            shutil.copy2(entry, dest / entry.name)
    if not papers:
        for path in (dest / "papers").glob("*.md"):
            if is_paper(path):
                path.unlink()


def make_synthetic_site(dest: Path, n: int, *, seed: int = 7) -> None:
    """The real site with ``n`` synthetic papers: synthetic titles and authors, real topics."""
    copy_source(dest, papers=False)
    rng = random.Random(seed)
    topics = [t["id"] for t in yaml.safe_load((ROOT / "cfp/topics.yaml").read_text())]
    people = [
        front_matter(p)["name"]
        for p in sorted((ROOT / "people").glob("*.md"))
        if front_matter(p).get("name")
    ]
    real_ids = sorted(p.stem for p in (ROOT / "papers").glob("*.md") if is_paper(p))
    names = [f"{first} {last}" for first in FIRST.split() for last in LAST.split()]
    rng.shuffle(names)
    titles: set[str] = set()
    for index in range(n):
        # The real ids first, so any page that names a real paper still resolves.
        paper_id = real_ids[index] if index < len(real_ids) else synthetic_id(rng)
        title = ""
        while not title or title in titles:
            method, thing, task = (rng.choice(WORDS[k]) for k in ("method", "thing", "task"))
            title = f"{method} {thing} for {task}" + (
                f" at Scale {rng.randint(2, 99)}" if rng.random() < 0.5 else ""
            )
        titles.add(title)
        authors = rng.sample(names[: max(60, 3 * n)], rng.randint(2, 6))
        if rng.random() < 0.08:  # people of the workshop write papers too: backlinks
            authors[rng.randrange(len(authors))] = rng.choice(people)
        data = {
            "title": title,
            "authors": list(dict.fromkeys(authors)),
            "openreview": paper_id,
            "presentation": "spotlight" if rng.random() < 0.11 else "poster",
            "poster_session": 1 + index % 2,
            "links": {"code": f"https://example.org/code/{paper_id}"},
            "topics": rng.sample(topics, rng.randint(1, 2)),
        }
        text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n"
        (dest / "papers" / f"{paper_id}.md").write_text(text, encoding="utf-8")


def synthetic_id(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(alphabet) for _ in range(10))


# The bare stack: what Sphinx, MyST and the theme cost on this machine with nothing of ours.
BARE_CONF = """\
extensions = ["myst_parser", "sphinx_design"]
html_theme = "pydata_sphinx_theme"
project = "Bare"
html_sidebars = {"**": []}  # as conf.py: no sidebar that grows with the site
html_theme_options = {"secondary_sidebar_items": ["page-toc"]}
"""


def make_bare_site(dest: Path, docnames: list[str]) -> None:
    """The same documents as a built site (same names, folders and toctree shape), each with a
    title, an author line and a paragraph, built by the same stack without this project's
    extension, templates or data: what the machine gives for that many pages."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    (dest / "conf.py").write_text(BARE_CONF, encoding="utf-8")
    children: dict[str, list[str]] = {}
    for docname in docnames:
        if docname != "index":
            parent = docname.rsplit("/", 1)[0] + "/index" if "/" in docname else "index"
            parent = "index" if parent == docname else parent
            children.setdefault(parent, []).append(docname)
    for docname in docnames:
        path = dest / f"{docname}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        entries = "\n".join(f"/{child}" for child in sorted(children.get(docname, [])))
        toctree = f"\n```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n" if entries else ""
        body = f"By Ada Abel and Ben Berg.\n\n{'Weights are data. ' * 40}\n"
        path.write_text(f"# Page {docname}\n\n{body}{toctree}", encoding="utf-8")


# -- building and measuring ----------------------------------------------------------------------


@dataclass
class Build:
    seconds: float
    read: list[str]
    written: list[str]
    warnings: list[str]


def sphinx_args(src: Path) -> list[str]:
    out, doctrees = src.parent / (src.name + "-html"), src.parent / (src.name + "-doctrees")
    return ["-b", "dirhtml", "-n", "--keep-going", "-d", str(doctrees), str(src), str(out)]


def sphinx(src: Path, *, jobs: str, fresh: bool) -> Build:
    if fresh:
        shutil.rmtree(src.parent / (src.name + "-html"), ignore_errors=True)
        shutil.rmtree(src.parent / (src.name + "-doctrees"), ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-j", jobs, *sphinx_args(src)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"build of {src} failed:\n{done.stderr[-3000:]}")
    return Build(
        seconds,
        re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", done.stdout, re.M),
        re.findall(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", done.stdout, re.M),
        [line for line in done.stderr.splitlines() if "WARNING" in line or "ERROR" in line],
    )


_SERVING: set[Path] = set()  # the sites whose `make serve` has started in this run


def sphinx_serve(src: Path, pages: Sequence[Path] = ()) -> Build:
    """A rebuild as `make serve` runs it: forked from this process, which has imported Sphinx,
    into the staging folder, then published into the served one. ``pages``: source files that
    Sphinx writes again whether or not they changed (``sphinx-build``'s filenames)."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    args = ["-q", *sphinx_args(src), *map(str, pages)]
    if src not in _SERVING:  # make serve's first build, fresh (as it starts), is not timed:
        _SERVING.add(src)  # a staging folder of an earlier run may hold pages of older code
        build_and_publish(args, fresh=True)
    start = time.perf_counter()
    if build_and_publish(args):
        sys.exit(f"build of {src} failed (make serve's way)")
    return Build(time.perf_counter() - start, [], [], [])


def edit(path: Path, pattern: str, change) -> str:
    """Change the first match of ``pattern`` in a file; returns the original text."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, change, text, count=1, flags=re.M)
    if not count:
        sys.exit(f"benchmark edit: {pattern!r} not found in {path}")
    path.write_text(new, encoding="utf-8")
    return text


def timed_edits(
    src: Path, path: Path, pattern: str, change, repeat: int, *, last: bool = False, build=None
) -> tuple[Build, list]:
    """Edit, rebuild, restore, rebuild ... (each rebuild is one edit); the median build.

    The file is restored at the end, and the site rebuilt unless this is its ``last`` edit."""
    build = build or (lambda: sphinx(src, jobs="1", fresh=False))
    builds = []
    original = path.read_text(encoding="utf-8")
    for index in range(repeat):
        if index % 2 == 0:
            edit(path, pattern, change)
        else:
            path.write_text(original, encoding="utf-8")
        builds.append(build())
    if path.read_text(encoding="utf-8") != original:
        path.write_text(original, encoding="utf-8")
        if not last:
            sphinx(src, jobs="1", fresh=False)
    median = sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]
    return median, builds


@dataclass
class Paired:
    """Ours and the bare stack, built in turn in each repetition: seconds of each."""

    ours: list[float]
    bare: list[float]
    pages: int = 0  # for the floor: the pages the bare stack writes in "ours"

    @property
    def ratio(self) -> float:
        """The median of the per-repetition ratios ours / bare."""
        return statistics.median(o / b for o, b in zip(self.ours, self.bare, strict=True))

    def cell(self) -> str:
        ours, bare = statistics.median(self.ours), statistics.median(self.bare)
        return f"{self.ratio:.2f}x (ours {ours:.2f} s, bare {bare:.2f} s; {len(self.ours)} runs)"


@dataclass
class Row:
    site: str
    papers: int
    pages: int = 0
    bare_pages: int = 0
    full_j1: float = 0.0
    full_auto: Paired | None = None
    edit_paper: Build | None = None
    edit_paper_serve: Paired | None = None
    floor: Paired | None = None  # the bare stack writing the edit's pages / its one-page edit
    edit_person: Build | None = None
    edit_dates: Build | None = None
    edit_topic: Build | None = None
    edit_slot: Build | None = None
    topic_pages: int = 0  # the paper pages that show the edited topic
    unexpected_writes: list[str] = field(default_factory=list)
    largest_paper: tuple[int, str] = (0, "")
    first_visit: dict[str, int] = field(default_factory=dict)  # page -> bytes (gzip)
    listing_gz: int = 0
    search_gz: int = 0
    warnings: int = 0


TITLE = (r'^title: "?(.*?)"?$', lambda m: f'title: "{m.group(1)} (revised)"')
BARE_TITLE = (r"^# (.*)$", r"# \1 (revised)")
# The first slot's title (sessions have titles too, at the same indentation).
SLOT_TITLE = r"^(  - start: [^\n]*\n(?:    (?!title:)[^\n]*\n)*    title: [^\n]*)$"
TOPIC_TITLE = r"^(  title: .*)$"  # the first topic area's


def measure(site: str, src: Path, *, repeat: int) -> Row:
    paper_files = sorted(p for p in (src / "papers").glob("*.md") if is_paper(p))
    row = Row(site, len(paper_files))
    print(f"[bench] {site}: {len(paper_files)} papers", file=sys.stderr, flush=True)
    full = [sphinx(src, jobs="1", fresh=True) for _ in range(repeat)]
    row.full_j1 = statistics.median(b.seconds for b in full)
    row.warnings = len(full[0].warnings)
    bare = src.parent / (src.name + "-bare")
    with (src.parent / (src.name + "-doctrees") / "environment.pickle").open("rb") as stream:
        make_bare_site(bare, sorted(pickle.load(stream).found_docs))
    # A budget at every size, on a machine whose timings vary: at least 3 interleaved pairs.
    row.full_auto = Paired([], [])
    for _ in range(max(repeat, 3)):
        row.full_auto.ours.append(sphinx(src, jobs="auto", fresh=True).seconds)
        row.full_auto.bare.append(sphinx(bare, jobs="auto", fresh=True).seconds)
    out = src.parent / (src.name + "-html")
    row.pages = sum(1 for _ in out.rglob("*.html"))
    row.bare_pages = sum(1 for _ in (bare.parent / (bare.name + "-html")).rglob("*.html"))

    sizes = {p.stem: (out / "papers" / p.stem / "index.html").stat().st_size for p in paper_files}
    largest = max(sizes, key=sizes.get)
    row.largest_paper = (sizes[largest], f"papers/{largest}/")
    row.search_gz = gz_size(out / "searchindex.js")
    row.listing_gz = gz_size(out / "papers/index.html")
    pages = [f"papers/{largest}/", LISTING]  # the listing: the one page that grows with N
    if site == "real site":  # every kind of page: the budget is for any page
        people_sizes = {p: p.stat().st_size for p in (out / "people").glob("*/index.html")}
        person_page = max(people_sizes, key=people_sizes.get).parent.relative_to(out)
        pages += ["", "cfp/", "program/", "people/", f"{person_page}/", "search/"]
        others = [p.stem for p in src.glob("*.md") if (out / p.stem / "index.html").exists()]
        pages += [f"{name}/" for name in others if f"{name}/" not in pages]
    row.first_visit = first_visit(out, pages)

    person_names = {
        front_matter(p)["name"]: p
        for p in (src / "people").glob("*.md")
        if front_matter(p).get("name")
    }
    paper, person = pick_paper_and_author(paper_files, person_names)
    row.edit_paper, builds = timed_edits(src, paper, *TITLE, repeat)
    row.unexpected_writes = sorted(
        set(builds[0].written) - expected_pages(src, f"papers/{paper.stem}")
    )
    bare_page = next(p for p in sorted((bare / "papers").glob("*.md")) if p.stem != "index")
    same_pages = [bare / f"{doc}.md" for doc in builds[0].written if (bare / f"{doc}.md").exists()]
    row.edit_paper_serve, row.floor = paired_serve_edits(
        src, paper, bare, bare_page, same_pages, repeat=max(repeat, 3)
    )
    row.edit_person, _ = timed_edits(
        src, person, r"^affiliation: .*$", "affiliation: Benchmark Institute", repeat
    )
    row.edit_dates, _ = timed_edits(
        src, src / "cfp/dates.yaml", r"^(  label: .*)$", r"\1 (edited)", repeat=1
    )
    row.edit_topic, _ = timed_edits(
        src, src / "cfp/topics.yaml", TOPIC_TITLE, r"\1 (edited)", repeat=1
    )
    topic = yaml.safe_load((src / "cfp/topics.yaml").read_text(encoding="utf-8"))[0]["id"]
    row.topic_pages = sum(topic in front_matter(p)["topics"] for p in paper_files)
    schedule = src / "program/schedule.yaml"
    if schedule.exists():
        row.edit_slot, _ = timed_edits(
            src, schedule, SLOT_TITLE, r"\1 (edited)", repeat=1, last=True
        )
    return row


def paired_serve_edits(
    src: Path, paper: Path, bare: Path, bare_page: Path, same_pages: list[Path], *, repeat: int
) -> tuple[Paired, Paired]:
    """The one-paper edit rebuilt as `make serve` does, ours and the bare stack in turn: each
    repetition edits (or restores) the title and rebuilds both. And the floor, in the same
    repetitions: the bare stack writing ``same_pages`` (the pages of ours that the edit writes,
    none read again) beside its own one-page edit."""
    paired, floor = Paired([], []), Paired([], [], pages=len(same_pages))
    originals = {path: path.read_text(encoding="utf-8") for path in (paper, bare_page)}
    for index in range(repeat):
        for site, path, (pattern, change), into in (
            (src, paper, TITLE, paired.ours),
            (bare, bare_page, BARE_TITLE, paired.bare),
        ):
            if index % 2 == 0:
                edit(path, pattern, change)
            else:
                path.write_text(originals[path], encoding="utf-8")
            into.append(sphinx_serve(site).seconds)
        floor.ours.append(sphinx_serve(bare, same_pages).seconds)
        floor.bare.append(paired.bare[-1])
    for path, text in originals.items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    sphinx(src, jobs="1", fresh=False)  # the site as it was, for the next edits
    return paired, floor


def pick_paper_and_author(paper_files: list[Path], people: dict[str, Path]) -> tuple[Path, Path]:
    """A paper one of whose authors has a person page (so the edit shows on that page too)."""
    for path in paper_files:
        for author in front_matter(path)["authors"]:
            if author in people:
                return path, people[author]
    return paper_files[0], next(iter(people.values()))


def expected_pages(src: Path, paper: str) -> set[str]:
    """What an edit of ``paper`` may rewrite: the paper, the listings of papers, its authors'
    pages, pages that reference it, the paper pages that list it among their related papers (a
    bounded set), and the toctree ancestors of the paper and of its authors' pages (Sphinx
    writes a page's ancestors with it: their navigation may show its title)."""
    doctrees = src.parent / (src.name + "-doctrees")
    with (doctrees / "environment.pickle").open("rb") as stream:
        env = pickle.load(stream)
    docs = env.domaindata["workshop"]["docs"]
    authors = {fold(name) for name in docs["paper"][paper].authors}
    listings = docs.get("listed_kinds", {})
    allowed = {paper} | {doc for doc, kinds in listings.items() if "paper" in kinds}
    people = docs.get("person", {})
    author_pages = {doc for doc, person in people.items() if fold(person.name) in authors}
    allowed |= author_pages
    allowed |= {
        doc for doc, refs in docs.get("refs", {}).items() if ("paper", paper.split("/")[-1]) in refs
    }
    edited = docs["paper"][paper].id
    papers = docs["paper"].values()
    related = related_papers(papers)
    allowed |= {p.docname for p in papers if edited in related[p.id].shown}
    parents = {
        child: parent for parent, children in env.toctree_includes.items() for child in children
    }
    for node in (paper, *author_pages):
        while node in parents:
            node = parents[node]
            allowed.add(node)
    return allowed


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def first_visit(out: Path, pages: list[str]) -> dict[str, int]:
    """Bytes transferred (gzip) for HTML, CSS, JS and fonts on a first visit, in Chromium."""
    if CHROMIUM is None:
        print(f"first visits not measured: {MISSING}", file=sys.stderr)
        return {}
    from playwright.sync_api import sync_playwright
    from serve import serve

    url, server = serve(out)
    result = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for page_path in pages:
                context = browser.new_context()  # empty cache: a first visit
                tab = context.new_page()
                finished: list = []
                tab.on("requestfinished", lambda request, into=finished: into.append(request))
                tab.goto(url + page_path, wait_until="networkidle")
                result[page_path] = sum(
                    request.sizes()["responseBodySize"]
                    for request in finished
                    if request.resource_type in {"document", "stylesheet", "script", "font"}
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return result


# -- report ---------------------------------------------------------------------------------------


def kb(size: float) -> str:
    return f"{size / 1024:.1f}"


def edit_cell(build: Build | None) -> str:
    return f"{build.seconds:.2f} ({len(build.written)})" if build else "n/a"


def table(rows: list[Row]) -> str:
    head = [
        "site",
        "papers",
        "pages",
        "full build -j 1 (s)",
        "full build -j auto (s)",
        "edit 1 paper (s, pages written)",
        "edit 1 paper, make serve (s)",
        "edit 1 person (s, pages written)",
        "edit a date label (s, pages written)",
        "edit a topic title (s, pages written)",
        "edit a slot title (s, pages written)",
        "largest paper page (KB)",
        "first visit, paper page (KB gz)",
        "papers listing (KB gz)",
        "first visit, papers listing (KB gz)",
        "search index (KB gz)",
        "warnings",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        paper_visit = row.first_visit.get(row.largest_paper[1])
        listing_visit = row.first_visit.get(LISTING)
        cells = [
            row.site,
            str(row.papers),
            str(row.pages),
            f"{row.full_j1:.1f}",
            f"{statistics.median(row.full_auto.ours):.1f}",
            edit_cell(row.edit_paper),
            f"{statistics.median(row.edit_paper_serve.ours):.2f}",
            edit_cell(row.edit_person),
            edit_cell(row.edit_dates),
            edit_cell(row.edit_topic),
            edit_cell(row.edit_slot),
            kb(row.largest_paper[0]),
            kb(paper_visit) if paper_visit else "n/a",
            kb(row.listing_gz),
            kb(listing_visit) if listing_visit else "n/a",
            kb(row.search_gz),
            str(row.warnings),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def bare_table(rows: list[Row]) -> str:
    lines = [
        "| site | pages (ours / bare) | full build -j auto, ours / bare "
        "| edit 1 paper in make serve, ours / bare "
        "| floor: the bare stack writing the pages that edit writes / its own edit |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.site} | {row.pages} / {row.bare_pages} | {row.full_auto.cell()} "
            f"| {row.edit_paper_serve.cell()} | {floor_cell(row.floor)} |"
        )
    return "\n".join(lines)


def floor_cell(floor: Paired) -> str:
    ours, bare = statistics.median(floor.ours), statistics.median(floor.bare)
    return (
        f"{floor.ratio:.2f}x ({floor.pages} pages {ours:.2f} s, one page {bare:.2f} s; "
        f"{len(floor.ours)} runs)"
    )


def budgets(rows: list[Row]) -> list[tuple[str, str, bool | None]]:
    """(budget, measured, passed); ``None`` when this run cannot tell."""
    synthetic = sorted((r for r in rows if r.site != "real site"), key=lambda r: r.papers)
    checks: list[tuple[str, str, bool | None]] = []
    for row in rows:
        for what, paired in (
            ("full build -j auto", row.full_auto),
            ("one-paper edit in `make serve`", row.edit_paper_serve),
        ):
            checks.append(
                (
                    f"{row.site}: {what} <= {BARE_RATIO}x the bare stack",
                    paired.cell(),
                    paired.ratio <= BARE_RATIO,
                )
            )
    for row in rows:  # information: what the stack alone costs for the pages an edit writes
        checks.append(
            (
                f"{row.site}: floor of the one-paper edit: the bare stack writing the "
                f"{row.floor.pages} pages the edit writes (none read again) / its one-page edit",
                floor_cell(row.floor),
                None,
            )
        )
    for row in rows:
        checks.append(
            (
                f"{row.site}: largest paper page <= {PAPER_PAGE_KB:.0f} KB",
                f"{kb(row.largest_paper[0])} KB",
                row.largest_paper[0] <= PAPER_PAGE_KB * 1024,
            )
        )
    small = next((r for r in synthetic if r.papers == 45), None)
    if small and synthetic[-1] is not small:
        big = synthetic[-1]
        growth = big.largest_paper[0] / small.largest_paper[0] - 1
        checks.append(
            (
                f"paper page size independent of N (N={big.papers} vs 45: "
                f"<= {PAPER_PAGE_GROWTH:.0%})",
                f"{growth:+.1%}",
                growth <= PAPER_PAGE_GROWTH,
            )
        )
    if len(synthetic) >= 3:
        steps = [
            (b.full_j1 - a.full_j1) / (b.papers - a.papers)
            for a, b in zip(synthetic, synthetic[1:], strict=False)
        ]
        per_paper = ", ".join(f"{s * 1000:.0f}" for s in steps)
        checks.append(
            (
                f"build time linear in N (ms per added paper, last step <= {LINEAR_SLACK}x first)",
                per_paper,
                steps[-1] <= LINEAR_SLACK * steps[0],
            )
        )
    large = next((r for r in synthetic if r.papers == LARGE_N), None)
    if small and large:
        ours = statistics.median(large.edit_paper_serve.ours)
        ours_small = statistics.median(small.edit_paper_serve.ours)
        bare = statistics.median(large.edit_paper_serve.bare)
        bare_small = statistics.median(small.edit_paper_serve.bare)
        checks.append(
            (
                f"N={LARGE_N}: one-paper rebuild in `make serve` <= {SERVE_EDIT_GROWTH:.0f}x "
                "its time at N=45",
                f"{ours:.2f} s vs {ours_small:.2f} s ({ours / ours_small:.1f}x); the bare stack: "
                f"{bare:.2f} s vs {bare_small:.2f} s ({bare / bare_small:.1f}x)",
                ours / ours_small <= SERVE_EDIT_GROWTH,
            )
        )
    for row in rows:
        extra = ", ".join(row.unexpected_writes[:5]) or "none"
        checks.append(
            (
                f"{row.site}: a paper edit rewrites only it, its listings, authors and ancestors",
                f"{len(row.edit_paper.written)} of {row.pages} pages; others: {extra}",
                not row.unexpected_writes,
            )
        )
    for row in rows:
        written = len(row.edit_dates.written)
        checks.append(
            (
                f"{row.site}: a date label edit writes < {DATE_EDIT_PAGES} pages",
                f"{written} of {row.pages}",
                written < DATE_EDIT_PAGES,
            )
        )
        written = len(row.edit_topic.written)
        checks.append(
            (
                f"{row.site}: a topic title edit writes < the {row.topic_pages} papers on it"
                f" + {TOPIC_EDIT_EXTRA} pages",
                f"{written} of {row.pages}",
                written < row.topic_pages + TOPIC_EDIT_EXTRA,
            )
        )
        written = len(row.edit_slot.written) if row.edit_slot else None
        checks.append(
            (
                f"{row.site}: a slot title edit writes < {SLOT_EDIT_PAGES} pages",
                "no program" if written is None else f"{written} of {row.pages}",
                None if written is None else written < SLOT_EDIT_PAGES,
            )
        )
    for row in rows:
        if not row.first_visit:
            checks.append(
                (f"{row.site}: first visit <= {FIRST_VISIT_KB:.0f} KB gz", "no Chromium", None)
            )
            continue
        if row.site == "real site":
            measured = [max(row.first_visit.items(), key=lambda item: item[1])]
            measured.append((LISTING, row.first_visit[LISTING]))
            wheres = ["any page", "the papers listing"]
        else:
            measured = [(p, row.first_visit[p]) for p in (row.largest_paper[1], LISTING)]
            wheres = ["paper page", "the papers listing"]
        for where, (page, size) in zip(wheres, measured, strict=True):
            checks.append(
                (
                    f"{row.site}: first visit of {where} <= {FIRST_VISIT_KB:.0f} KB gz",
                    f"{kb(size)} KB (/{page})",
                    size <= FIRST_VISIT_KB * 1024,
                )
            )
    return checks


def budget_table(checks) -> str:
    lines = ["| budget | measured | result |", "|---|---|---|"]
    for name, value, passed in checks:
        result = "n/a" if passed is None else ("PASS" if passed else "**FAIL**")
        lines.append(f"| {name} | {value} | {result} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES", "45,500,2000"),
        help="comma-separated numbers of papers (env BENCH_SIZES)",
    )
    parser.add_argument("--no-real", action="store_true", help="skip the real site")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    rows = []
    # The stack's code was compiled to bytecode when pip installed it; ours (an editable install)
    # would be compiled again by every build where PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(ROOT / "_ext", quiet=1)
    preload(ROOT)  # as `make serve` does: its rebuilds are forked from a process like this one
    if not args.no_real:
        copy_source(SITES / "real", papers=True)
        rows.append(measure("real site", SITES / "real", repeat=3))
    for n in sizes:
        make_synthetic_site(SITES / f"n{n}", n)
        rows.append(measure(f"N={n}", SITES / f"n{n}", repeat=3 if n <= 500 else 1))
    checks = budgets(rows)
    import sphinx as sphinx_package

    took = time.perf_counter() - started
    print(
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, "
        f"os.cpu_count() = {os.cpu_count()}, Python {platform.python_version()}, "
        f"Sphinx {sphinx_package.__version__}; the benchmark took {took:.0f} s "
        f"(load average at the end: {os.getloadavg()[0]:.1f})."
    )
    print()
    print(table(rows))
    print()
    print(bare_table(rows))
    print()
    print(budget_table(checks))
    for row in rows:
        if row.warnings:
            print(f"\n{row.site}: {row.warnings} build warnings (the site is built without -W)")
    failed = [name for name, _, passed in checks if passed is False]
    return 1 if failed and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    sys.exit(main())
