"""The OpenReview import: a synthetic export (tests/fixtures/openreview/) into tiny sites."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from site_build import ROOT, SITES
from workshop.tools.openreview_import import STATE_FILE, main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "openreview"
EXPORT = FIXTURES / "export.json"
VENUE = "ICLR.cc/2025/Workshop/WSL"
NEW = ["SynTh01aaa", "SynTh02bbb", "SynTh03ccc", "SynTh08hhh"]


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the collections test site: one existing paper (AbCdEf1234), no import state."""
    root = tmp_path / "repo"
    shutil.copytree(SITES / "minimal", root)
    shutil.copytree(SITES / "collections", root, dirs_exist_ok=True)
    return root


def run(repo: Path, export: Path = EXPORT, *extra: str, capsys) -> str:
    code = main([str(export), "--venue-id", VENUE, "--papers-dir", str(repo / "papers"), *extra])
    assert code == 0
    return capsys.readouterr().out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def fill_in(text: str, *, session: int = 1, topics: str = "[model-analysis]") -> str:
    """What an organizer does after an import: replace the placeholders."""
    text = re.sub(r"^poster_session: null.*$", f"poster_session: {session}", text, flags=re.M)
    text = re.sub(r"^topics: \[\].*$", f"topics: {topics}", text, flags=re.M)
    return re.sub(r"^presentation: null.*$", "presentation: poster", text, flags=re.M)


def modified_export(tmp_path: Path, change) -> Path:
    data = json.loads(EXPORT.read_text(encoding="utf-8"))
    notes = {note["id"]: note["content"] for note in data["notes"]}
    change(notes)
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- what an import writes ---------------------------------------------------------------------


def test_accepted_notes_become_paper_files_and_the_rest_is_counted(repo, capsys):
    report = run(repo, capsys=capsys)
    assert "accepted: 4 (4 created, 0 updated, 0 unchanged)" in report
    assert "skipped: 1 rejected, 1 withdrawn, 1 desk-rejected, 1 other" in report
    created = sorted(p.stem for p in (repo / "papers").glob("SynTh*.md"))
    assert created == NEW  # rejected (04), withdrawn (05), desk-rejected (06), other venue (07)
    first = front(repo / "papers/SynTh01aaa.md")
    assert first["authors"] == ["Ada Quill", "Béla Żółć"]
    assert first["presentation"] == "poster"
    assert first["links"] == {"pdf": "https://openreview.net/pdf?id=SynTh01aaa"}
    assert front(repo / "papers/SynTh02bbb.md")["presentation"] == "spotlight"  # an oral
    assert front(repo / "papers/SynTh03ccc.md")["presentation"] == "spotlight"
    tricky = front(repo / "papers/SynTh02bbb.md")
    assert tricky["title"] == 'Sampling $\\mathcal{W}$ & <Zoo> Weights: "Quoted" 100% #1'
    assert tricky["authors"][2] == "Grace <b>Bold</b> Hopper"
    for name in ("SynTh02bbb", "SynTh08hhh"):
        assert f"papers/{name}.md: " in report.split("To fill in")[1]
    assert "SynTh08hhh.md: presentation (spotlight or poster)" in report


def test_the_file_format_is_the_one_of_the_existing_papers(repo, capsys):
    run(repo, EXPORT, "--with-abstracts", capsys=capsys)
    text = (repo / "papers/SynTh01aaa.md").read_text(encoding="utf-8")
    assert text.startswith(
        '---\ntitle: "Permutation-Aware Probes for Toy Weight Spaces"\n'
        "authors:\n  - Ada Quill\n  - Béla Żółć\nopenreview: SynTh01aaa\n"
        "presentation: poster\nposter_session: null  # TO FILL IN"
    )
    assert text.endswith(
        "topics: []  # TO FILL IN: topic ids from cfp/topics.yaml, e.g. "
        "[weight-space-as-modality]\n"
        "abstract: |-\n  Synthetic test record; not a real paper.\n---\n"
    )


def test_new_papers_fail_the_build_where_the_organizer_must_fill_in(repo, capsys, tiny_site):
    run(repo, capsys=capsys)
    files = {f"papers/{n}.md": (repo / f"papers/{n}.md").read_text(encoding="utf-8") for n in NEW}
    built = tiny_site("collections", files=files, allow_warnings=True)
    warnings = [w for w in built.warning_lines() if "[workshop." in w]
    for name in NEW:
        lines = (repo / f"papers/{name}.md").read_text().splitlines()
        for field in ("poster_session", "topics"):
            line = next(i for i, text in enumerate(lines, 1) if text.startswith(field + ":"))
            assert any(f"papers/{name}.md:{line}" in w and f"'{field}'" in w for w in warnings), (
                name,
                field,
                warnings,
            )
    assert any("SynTh08hhh.md" in w and "'presentation'" in w for w in warnings)


def test_filled_in_imports_build_strictly_with_escaped_titles(repo, capsys, tiny_site):
    run(repo, capsys=capsys)
    files = {
        f"papers/{n}.md": fill_in((repo / f"papers/{n}.md").read_text(encoding="utf-8"))
        for n in NEW
    }
    built = tiny_site("collections", files=files)  # strict: any warning fails
    page = built.page("papers/SynTh02bbb")
    assert page.find("h1").get_text().rstrip("#") == (
        'Sampling $\\mathcal{W}$ & <Zoo> Weights: "Quoted" 100% #1'
    )
    assert not page.select("main b")
    assert "Grace <b>Bold</b> Hopper" in page.select_one(".wsl-paper-header").get_text()
    bib = (built.outdir / "papers.bib").read_text(encoding="utf-8")
    assert r"Sampling $\mathcal{W}$ \& \ensuremath{<}Zoo\ensuremath{>} Weights" in bib


def test_the_abstract_is_imported_with_its_paragraphs_and_shown_escaped(
    repo, capsys, tmp_path, tiny_site
):
    def change(notes):
        notes["SynTh01aaa"]["abstract"]["value"] = (
            "First   paragraph with <i>tags</i> and **stars**.\n\nSecond\nparagraph."
        )

    run(repo, modified_export(tmp_path, change), "--with-abstracts", capsys=capsys)
    path = repo / "papers/SynTh01aaa.md"
    assert front(path)["abstract"] == (
        "First paragraph with <i>tags</i> and **stars**.\n\nSecond paragraph."
    )
    assert "abstract" not in front(repo / "papers/SynTh03ccc.md")  # the export has none
    built = tiny_site("collections", files={"papers/SynTh01aaa.md": fill_in(path.read_text())})
    section = built.page("papers/SynTh01aaa").select_one("section#abstract")
    assert [p.get_text() for p in section.select("p")] == [
        "First paragraph with <i>tags</i> and **stars**.",
        "Second paragraph.",
    ]
    assert not section.select("p i, p strong")


def test_an_abstract_edited_by_hand_is_kept(repo, capsys, tmp_path):
    run(repo, EXPORT, "--with-abstracts", capsys=capsys)
    path = repo / "papers/SynTh01aaa.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  Synthetic test record;", "  Edited by hand;"), encoding="utf-8")

    def change(notes):
        notes["SynTh01aaa"]["abstract"]["value"] = "A new abstract from OpenReview."

    report = run(repo, modified_export(tmp_path, change), "--with-abstracts", capsys=capsys)
    assert front(path)["abstract"] == "Edited by hand; not a real paper."
    assert "SynTh01aaa.md: abstract is" in report


def exported_abstracts() -> dict[str, str]:
    """``forum id -> abstract`` of the accepted notes of the fixture export that have one."""
    notes = json.loads(EXPORT.read_text(encoding="utf-8"))["notes"]
    return {
        note["id"]: note["content"]["abstract"]["value"]
        for note in notes
        if note["id"] in NEW and note["content"].get("abstract", {}).get("value")
    }


def test_abstracts_are_not_imported_unless_asked(repo, capsys):
    """The authors' text stays out by default; the report says how many were left out."""
    left_out = exported_abstracts()
    assert left_out, "the fixture export has abstracts"
    report = run(repo, capsys=capsys)
    for name in NEW:
        assert "abstract" not in front(repo / f"papers/{name}.md"), name
    assert f"abstracts: {len(left_out)} in the export, not imported" in report
    assert "--with-abstracts" in report
    state = json.loads((repo / "papers" / STATE_FILE).read_text(encoding="utf-8"))
    assert not any("abstract" in fields for fields in state["papers"].values())


def test_with_abstracts_imports_them_and_a_later_run_without_leaves_them(repo, capsys):
    run(repo, EXPORT, "--with-abstracts", capsys=capsys)
    for forum, abstract in exported_abstracts().items():
        assert front(repo / f"papers/{forum}.md")["abstract"] == " ".join(abstract.split())
    before = snapshot(repo / "papers")
    report = run(repo, capsys=capsys)  # without the flag: nothing removed, nothing changed
    assert snapshot(repo / "papers") == before
    assert "4 unchanged" in report


# -- idempotence, hand edits, missing papers ---------------------------------------------------


def test_a_second_run_changes_nothing(repo, capsys):
    run(repo, capsys=capsys)
    before = snapshot(repo / "papers")
    assert STATE_FILE in before
    report = run(repo, capsys=capsys)
    assert snapshot(repo / "papers") == before
    assert "accepted: 4 (0 created, 0 updated, 4 unchanged)" in report
    dry = run(repo, EXPORT, "--dry-run", capsys=capsys)
    assert "+++" not in dry and "would update" not in dry


def test_hand_edits_and_the_body_survive_a_changed_export(repo, capsys, tmp_path):
    run(repo, capsys=capsys)
    path = repo / "papers/SynTh01aaa.md"
    edited = fill_in(path.read_text(encoding="utf-8"), session=2, topics="[applications]")
    edited = edited.replace(
        "Permutation-Aware Probes for Toy Weight Spaces",
        "Permutation-Aware Probes for Toy Weight Spaces (corrected)",
    )
    edited = edited.replace("presentation: poster", "presentation: poster  # checked by hand")
    edited += "\nA note written by hand.\n"
    path.write_text(edited, encoding="utf-8")

    def change(notes):
        notes["SynTh01aaa"]["title"]["value"] = "Permutation-Aware Probes, Second Version"
        notes["SynTh01aaa"]["authors"]["value"] = ["Ada Quill", "Béla Żółć", "New Coauthor"]

    report = run(repo, modified_export(tmp_path, change), capsys=capsys)
    record = front(path)
    assert record["title"] == "Permutation-Aware Probes for Toy Weight Spaces (corrected)"
    assert record["authors"] == ["Ada Quill", "Béla Żółć", "New Coauthor"]  # not edited: updated
    assert (record["poster_session"], record["topics"]) == (2, ["applications"])
    text = path.read_text(encoding="utf-8")
    assert text.endswith("---\n\nA note written by hand.\n")
    assert "presentation: poster  # checked by hand" in text
    assert "SynTh01aaa.md: title is" in report and "Second Version" in report
    assert "accepted: 4 (0 created, 1 updated, 3 unchanged)" in report


def test_missing_and_withdrawn_papers_are_reported_and_kept(repo, capsys, tmp_path):
    existing = (repo / "papers/AbCdEf1234.md").read_bytes()
    report = run(repo, capsys=capsys)
    assert "papers/AbCdEf1234.md (not in the export)" in report
    assert (repo / "papers/AbCdEf1234.md").read_bytes() == existing

    def withdraw(notes):
        notes["SynTh03ccc"]["venueid"]["value"] = VENUE + "/Withdrawn_Submission"

    kept = (repo / "papers/SynTh03ccc.md").read_bytes()
    report = run(repo, modified_export(tmp_path, withdraw), capsys=capsys)
    assert "papers/SynTh03ccc.md (withdrawn in the export)" in report
    assert "2 withdrawn" in report
    assert (repo / "papers/SynTh03ccc.md").read_bytes() == kept


def test_dry_run_prints_a_diff_and_writes_nothing(repo, capsys):
    before = snapshot(repo / "papers")
    out = run(repo, EXPORT, "--dry-run", capsys=capsys)
    assert snapshot(repo / "papers") == before
    assert "+++ " + str(repo / "papers/SynTh01aaa.md") in out
    assert '+title: "Permutation-Aware Probes for Toy Weight Spaces"' in out
    assert "4 would be created" in out and f"(would update {repo / 'papers' / STATE_FILE})" in out


def test_csv_export_gives_the_same_files(repo, capsys, tmp_path):
    run(repo, capsys=capsys)
    from_json = snapshot(repo / "papers")
    other = tmp_path / "other"
    shutil.copytree(SITES / "minimal", other)
    shutil.copytree(SITES / "collections", other, dirs_exist_ok=True)
    run(other, FIXTURES / "export.csv", capsys=capsys)
    assert snapshot(other / "papers") == from_json


def test_existing_papers_are_untouched_when_the_export_agrees(tmp_path, capsys):
    """An export made from the site's own records changes none of the 45 real files."""
    papers = tmp_path / "papers"
    shutil.copytree(ROOT / "papers", papers, ignore=shutil.ignore_patterns(STATE_FILE))
    shutil.copy(ROOT / "conf.py", tmp_path)  # its workshop_collection_pages: pages, not papers
    notes = []
    for path in sorted(papers.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        record = front(path)
        if not record.get("openreview"):
            continue
        venue = {
            "spotlight": "ICLR 2025 Workshop WSL Spotlight",
            "poster": "ICLR 2025 Workshop WSL Poster",
        }[record["presentation"]]
        notes.append(
            {
                "id": record["openreview"],
                "forum": record["openreview"],
                "content": {
                    "title": {"value": record["title"]},
                    "authors": {"value": record["authors"]},
                    "venue": {"value": venue},
                    "venueid": {"value": VENUE},
                },
            }
        )
    export = tmp_path / "own.json"
    export.write_text(json.dumps({"notes": notes}, ensure_ascii=False), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in papers.glob("*.md")}
    code = main([str(export), "--venue-id", VENUE, "--papers-dir", str(papers)])
    assert code == 0
    report = capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in papers.glob("*.md")} == before
    assert f"accepted: {len(notes)} (0 created, 0 updated, {len(notes)} unchanged)" in report
    assert "To fill in" not in report and "edited by hand" not in report


def test_a_paper_filed_under_another_name_is_not_duplicated(repo, capsys, tmp_path):
    def retitle(notes):
        notes["SynTh03ccc"]["title"]["value"] = "Weights Are Data: A Test Paper"

    (repo / "papers/AbCdEf1234.md").write_text(
        (repo / "papers/AbCdEf1234.md").read_text().replace("openreview: AbCdEf1234\n", "")
    )
    report = run(repo, modified_export(tmp_path, retitle), capsys=capsys)
    assert not (repo / "papers/SynTh03ccc.md").exists()
    assert "note SynTh03ccc: papers/AbCdEf1234.md has the same title" in report


def test_unreadable_exports_fail_with_a_message(repo, tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"notes": [\n{"id": }\n]}', encoding="utf-8")
    assert main([str(broken), "--venue-id", VENUE, "--papers-dir", str(repo / "papers")]) == 1
    assert f"{broken}:2: not valid JSON" in capsys.readouterr().err
    shaped = tmp_path / "shaped.json"
    shaped.write_text('{"results": []}', encoding="utf-8")
    assert main([str(shaped), "--venue-id", VENUE, "--papers-dir", str(repo / "papers")]) == 1
    assert 'expected {"notes": [...]}' in capsys.readouterr().err


def test_venue_id_defaults_to_the_workshop_information_file(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    assert main([str(EXPORT)]) == 0
    out = capsys.readouterr().out
    venue = yaml.safe_load((repo / "_data/workshop.yaml").read_text())["openreview_group"]
    assert f"(venue id {venue})" in out


# -- what the import refuses: it stops, names the problem and writes nothing ------------------


def note(forum: str, *, title: str = "Weights Are Data: A Test Paper", **content) -> dict:
    """One accepted note in the API v2 shape."""
    fields = {
        "title": title,
        "authors": ["Ada Lovelace", "Charles Babbage"],
        "venue": "ICLR 2025 Workshop WSL Oral",
        "venueid": VENUE,
        **content,
    }
    return {"id": forum, "forum": forum, "content": {k: {"value": v} for k, v in fields.items()}}


def export_of(tmp_path: Path, data, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def run_refused(repo: Path, export: Path, capsys) -> str:
    """The import fails (exit 1) and changes nothing in papers/."""
    before = snapshot(repo / "papers")
    code = main([str(export), "--venue-id", VENUE, "--papers-dir", str(repo / "papers")])
    captured = capsys.readouterr()
    assert code == 1, captured.out + captured.err
    assert snapshot(repo / "papers") == before
    return captured.out + captured.err


UNPARSABLE = {
    # name: (how the hand-written file is damaged, line, what the message says)
    "bom": (lambda text: b"\xef\xbb\xbf" + text, 1, "byte-order mark"),
    "unclosed": (lambda text: text.replace(b"\n---\n", b"\nOur summary.\n"), 1, "never closed"),
    "no-front-matter": (lambda text: b"# A paper\n\nOur summary.\n", 1, "no front matter"),
    "yaml-error": (lambda text: text.replace(b"presentation: ", b"presentation: [oops"), 7, "YAML"),
    "not-utf8": (lambda text: text.replace(b"Charles", b"Charl\xe9s"), 5, "not UTF-8"),
    "alias": (
        lambda text: text.replace(b"topics: [model-analysis]", b"topics: &t [a]\nmore: *t"),
        11,
        "anchors and aliases",
    ),
}


@pytest.mark.parametrize("damage", UNPARSABLE)
def test_a_paper_file_that_cannot_be_parsed_stops_the_import_and_is_kept(
    repo, tmp_path, capsys, damage
):
    change, line, phrase = UNPARSABLE[damage]
    path = repo / "papers/AbCdEf1234.md"
    path.write_bytes(change(path.read_bytes()))
    export = export_of(tmp_path, {"notes": [note("AbCdEf1234"), note("SynTh09iii", title="X")]})
    message = run_refused(repo, export, capsys)
    assert f"papers/AbCdEf1234.md:{line}: " in message and phrase in message, message
    assert "nothing was written" in message


@pytest.mark.parametrize(
    ("forum", "reserved"),
    [("reading-list", "conf"), ("reading-list", "bib"), ("Reading-List", "bib")],
)
def test_names_of_pages_that_are_not_papers_are_refused_as_forum_ids(
    repo, tmp_path, capsys, forum, reserved
):
    papers_dir = repo / "papers"
    if reserved == "conf":
        (papers_dir / "reading-list.md").write_text("# Reading list\n\nSome works.\n")
        conf = repo / "conf.py"
        pages = ["people/index", "papers/index", "papers/reading-list"]
        conf.write_text(conf.read_text() + f"workshop_collection_pages = {pages!r}\n")
    else:
        (papers_dir / "reading-list.bib").write_text("@misc{a, title={A}}\n")
    export = export_of(tmp_path, {"notes": [note(forum, title="A New Paper")]})
    message = run_refused(repo, export, capsys)
    assert f"note 0 (id {forum}): refused" in message and "not a paper" in message, message
    assert "accepted: 0" in message and "refused: 1" in message


@pytest.mark.parametrize("forum", ["../../evil", "ab", "has space here", ""])
def test_invalid_forum_ids_are_refused_not_counted_as_accepted(repo, tmp_path, capsys, forum):
    export = export_of(tmp_path, {"notes": [note(forum, title="A New Paper")]})
    message = run_refused(repo, export, capsys)
    assert "refused: 1" in message and "accepted: 0" in message, message
    assert "forum id" in message


def test_a_comment_inside_links_survives_when_the_pdf_is_added(repo, tmp_path, capsys):
    path = repo / "papers/AbCdEf1234.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  arxiv: ", "  # keep: v2 fixes Table 3\n  arxiv: ")
    text = text.replace('title: "Weights', '# the title as printed\ntitle: "Weights')
    text = text.replace("poster_session: 2", "poster_session: 2  # moved by hand")
    path.write_text(text, encoding="utf-8")
    pdf = "/pdf/0123456789abcdef0123456789abcdef01234567.pdf"
    export = export_of(tmp_path, {"notes": [note("AbCdEf1234", pdf=pdf)]})
    report = run(repo, export, capsys=capsys)
    assert "1 updated" in report
    after = path.read_text(encoding="utf-8")
    assert after == text.replace(
        "  arxiv: https://arxiv.org/abs/0000.00000\n",
        "  arxiv: https://arxiv.org/abs/0000.00000\n"
        "  pdf: https://openreview.net/pdf?id=AbCdEf1234\n",
    )
    assert "1 unchanged" in run(repo, export, capsys=capsys)  # and a second run changes nothing
    assert path.read_text(encoding="utf-8") == after


def test_an_update_keeps_windows_line_ends(repo, tmp_path, capsys):
    path = repo / "papers/AbCdEf1234.md"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n") + "Body.\r\n"
    path.write_bytes(text.encode("utf-8"))
    export = export_of(tmp_path, {"notes": [note("AbCdEf1234", pdf="https://x.org/a.pdf")]})
    run(repo, export, capsys=capsys)
    after = path.read_bytes().decode("utf-8")
    assert after == text.replace("00000\r\n", "00000\r\n  pdf: https://x.org/a.pdf\r\n")


def test_a_file_holding_another_paper_is_refused(repo, tmp_path, capsys):
    path = repo / "papers/AbCdEf1234.md"
    path.write_text(path.read_text().replace("openreview: AbCdEf1234", "openreview: Other12345"))
    export = export_of(tmp_path, {"notes": [note("AbCdEf1234", title="Another Paper")]})
    message = run_refused(repo, export, capsys)
    assert "papers/AbCdEf1234.md is the paper with openreview: Other12345" in message


WRONG_SHAPES = {
    # name: (the export, what the message names)
    "list-of-numbers": ([1, 2, 3], "note 0: expected an object"),
    "null-notes": ({"notes": [None]}, "note 0: expected an object"),
    "string-notes": ({"notes": ["SynTh01aaa"]}, "note 0: expected an object"),
    "notes-not-a-list": ({"notes": {"a": 1}}, 'expected {"notes": [...]}'),
    "content-a-string": (
        {"notes": [{"id": "SynTh01aaa", "content": "title"}]},
        "note 0 (id SynTh01aaa): content: expected an object",
    ),
    "authors-a-number": (
        {"notes": [note("SynTh01aaa", authors=3)]},
        "note 0 (id SynTh01aaa): content.authors: expected a list of names",
    ),
    "title-a-list": (
        {"notes": [note("SynTh01aaa", title=["Part", "Two"])]},
        "note 0 (id SynTh01aaa): content.title: expected a string",
    ),
    "author-a-dict": (
        {"notes": [note("SynTh01aaa", authors=[{"name": "Ada"}])]},
        "note 0 (id SynTh01aaa): content.authors[0]: expected a name (a string)",
    ),
    "id-a-number": ({"notes": [{"id": 7, "content": {}}]}, "note 0: id: expected a string"),
}


@pytest.mark.parametrize("shape", WRONG_SHAPES)
def test_an_export_of_the_wrong_shape_fails_with_a_message(repo, tmp_path, capsys, shape):
    data, phrase = WRONG_SHAPES[shape]
    export = export_of(tmp_path, data)
    message = run_refused(repo, export, capsys)
    assert f"{export}: {phrase}" in message, message
    assert "['Part'" not in message and "Traceback" not in message


def test_a_latin1_csv_export_fails_with_the_line(repo, tmp_path, capsys):
    export = tmp_path / "export.csv"
    text = "forum,title,authors,venue,venueid\nSynTh01aaa,Über Weights,Zoë Quill,Poster," + VENUE
    export.write_bytes(text.encode("latin-1"))
    message = run_refused(repo, export, capsys)
    assert f"{export}:2: not UTF-8" in message, message


@pytest.mark.parametrize(
    ("record", "phrase"),
    [
        ('{"papers": {"SynTh01aaa": {"title": "A"}', "not valid JSON"),
        ('{"papers": ["SynTh01aaa"]}', "expected"),
        ('{"papers": {"SynTh01aaa": {"title": {"x": 1}}}}', "expected"),
    ],
)
def test_a_corrupt_import_record_stops_the_import(repo, tmp_path, capsys, record, phrase):
    (repo / "papers" / STATE_FILE).write_text(record, encoding="utf-8")
    message = run_refused(repo, EXPORT, capsys)
    assert f"papers/{STATE_FILE}" in message and phrase in message, message
    assert "git checkout" in message
