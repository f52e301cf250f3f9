"""``photo:`` on a person: a raster file of the repository, in the page header and on the cards.

A bad photo (outside images/, not PNG/JPEG/WebP by its bytes, too large) is a located
``[workshop.person]`` warning and the initials stay.
"""

from __future__ import annotations

import struct
import zlib

import pytest
from site_build import SITES

PERSON = "people/ada-lovelace.md"


def tiny_png() -> bytes:
    """A valid 1x1 PNG, made here so that the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def with_photo(tiny_site, photo: str, files: dict[str, bytes], **options):
    original = (SITES / "gates-content" / PERSON).read_text(encoding="utf-8")
    text = original.replace("homepage:", f"photo: {photo}\nhomepage:", 1)
    return tiny_site("gates-content", files={PERSON: text, **files}, **options), text


def test_a_photo_is_shown_on_the_page_and_on_the_cards(tiny_site):
    built, _ = with_photo(tiny_site, "images/people/ada.png", {"images/people/ada.png": tiny_png()})
    page = built.page("people/ada-lovelace")
    image = page.select_one(".wsl-person-header img.wsl-avatar")
    assert image is not None and image["alt"] == "Ada Lovelace"
    served = (built.outdir / "people" / "ada-lovelace" / image["src"]).resolve()
    assert served.read_bytes() == tiny_png()
    card = built.page("people/index").select_one(".wsl-person-card img.wsl-avatar")
    assert card is not None and card["alt"] == "Ada Lovelace"
    assert (built.outdir / "people" / card["src"]).resolve().read_bytes() == tiny_png()


@pytest.mark.parametrize(
    ("photo", "files", "words"),
    [
        ("_static/ada.png", {"_static/ada.png": tiny_png()}, "images must be files under images/"),
        ("images/people/ada.svg", {"images/people/ada.svg": b"<svg><script>x</script></svg>"},
         "not a PNG, JPEG or WebP image"),
        ("images/people/ada.png", {"images/people/ada.png": b"<html>not a png</html>"},
         "not a PNG, JPEG or WebP image"),
        ("images/people/ada.png", {"images/people/ada.png": tiny_png() + b"\0" * 1_000_001},
         "the limit is 1,000,000"),
        ("images/people/missing.png", {}, "there is no such file"),
        ("../../../etc/passwd", {}, "images must be files under images/"),
    ],
    ids=["outside-images", "svg", "not-an-image", "too-large", "missing", "outside-repository"],
)  # fmt: skip
def test_a_bad_photo_is_a_located_error_and_initials_stay(tiny_site, photo, files, words):
    built, text = with_photo(tiny_site, photo, files, allow_warnings=True)
    line = text.splitlines().index(f"photo: {photo}") + 1
    warnings = [w for w in built.warning_lines() if "[workshop.person]" in w]
    assert len(warnings) == 1, built.warnings
    assert f"{PERSON}:{line}: WARNING: field 'photo'" in warnings[0]
    assert words in warnings[0]
    assert not [w for w in built.warning_lines() if "Traceback" in w or "KeyError" in w]
    header = built.page("people/ada-lovelace").select_one(".wsl-person-header .wsl-avatar")
    assert header.name == "span" and header.get_text() == "AL"
