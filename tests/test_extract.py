"""extract: both engines, bad files, scanned and blank pages, limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from shortsale_check.errors import UsageError
from shortsale_check.extract import ENGINES, SCAN_PROBLEM, extract_document, open_error
from shortsale_check.model import Limits

BODY = "The Borrower shall remain liable for any deficiency balance after the sale."


def _pdf(path: Path, pages: list[str | None], image: Path | None = None) -> Path:
    """One page per entry: text, or None for a page holding only ``image`` (or nothing)."""
    pdf = FPDF(format="letter")
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        if text is not None:
            pdf.multi_cell(0, 6, text)
        elif image is not None:
            pdf.image(str(image), x=20, y=20, w=150)
    pdf.output(str(path))
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return _pdf(tmp_path / "good.pdf", [BODY, BODY + " Second page."])


@pytest.mark.parametrize("engine", ENGINES)
def test_words_are_read_with_boxes_inside_the_page(good: Path, engine: str) -> None:
    doc = extract_document(good, "good.pdf", engine=engine)
    assert doc.info.error is None and doc.info.pages == 2 and doc.info.unreadable_pages == ()
    page = doc.pages[0]
    assert [w.text for w in page.words] == BODY.split()
    for w in page.words:
        assert 0 <= w.x0 < w.x1 <= page.width and 0 <= w.top < w.bottom <= page.height
        assert w.top < 100  # top-left origin: the first line sits near the top


def test_engines_agree_on_words(good: Path) -> None:
    a, b = (extract_document(good, "good.pdf", engine=e) for e in ENGINES)
    for pa, pb in zip(a.pages, b.pages, strict=True):
        assert [w.text for w in pa.words] == [w.text for w in pb.words]
        for wa, wb in zip(pa.words, pb.words, strict=True):
            assert abs(wa.x0 - wb.x0) < 1 and abs(wa.x1 - wb.x1) < 1 and abs(wa.bottom - wb.bottom) < 3


def _encrypted(path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, BODY)
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(path))


BAD = {
    "empty": ("empty", lambda p, good: p.write_bytes(b"")),
    "not a pdf": ("not a PDF", lambda p, good: p.write_text("Just a note, not a PDF at all.\n" * 20)),
    "truncated": ("truncated", lambda p, good: p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])),
    "corrupt": (
        "damaged",
        lambda p, good: p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"),
    ),
    "encrypted": ("password", lambda p, good: _encrypted(p)),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_gives_one_line_error(tmp_path: Path, good: Path, engine: str, case: str) -> None:
    expected, make = BAD[case]
    path = tmp_path / "bad.pdf"
    make(path, good)
    doc = extract_document(path, "bad.pdf", engine=engine)
    assert doc.pages == () and doc.info.pages == 0
    assert doc.info.error is not None and expected in doc.info.error and "\n" not in doc.info.error


def test_missing_file_and_oversized_file(tmp_path: Path, good: Path) -> None:
    assert "cannot be opened" in (open_error(tmp_path / "nope.pdf") or "")
    assert "limit" in (open_error(good, Limits(max_file_bytes=10)) or "")
    assert open_error(good) is None


def test_unknown_engine_is_a_usage_error(good: Path) -> None:
    with pytest.raises(UsageError, match="unknown PDF engine"):
        extract_document(good, "good.pdf", engine="tesseract")


@pytest.mark.parametrize("engine", ENGINES)
def test_image_only_page_is_unreadable_and_blank_page_is_readable(tmp_path: Path, engine: str) -> None:
    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 260), "white").save(image)
    path = _pdf(tmp_path / "mixed.pdf", [BODY, None], image=image)
    blank = _pdf(tmp_path / "blank.pdf", [BODY, None])
    doc = extract_document(path, "mixed.pdf", engine=engine)
    assert doc.info.unreadable_pages == (2,)
    assert not doc.pages[1].readable and doc.pages[1].problem == SCAN_PROBLEM
    doc = extract_document(blank, "blank.pdf", engine=engine)
    assert doc.info.unreadable_pages == () and doc.pages[1].readable and doc.pages[1].words == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_page_and_time_limits_mark_pages_unreadable(tmp_path: Path, engine: str) -> None:
    path = _pdf(tmp_path / "three.pdf", [BODY, BODY, BODY])
    doc = extract_document(path, "three.pdf", engine=engine, limits=Limits(max_pages=1))
    assert doc.info.pages == 3 and doc.info.unreadable_pages == (2, 3)
    assert "1-page limit" in (doc.pages[2].problem or "")
    doc = extract_document(path, "three.pdf", engine=engine, limits=Limits(max_seconds_per_document=-1))
    assert doc.info.unreadable_pages == (1, 2, 3) and "time limit" in (doc.pages[0].problem or "")
    doc = extract_document(path, "three.pdf", engine=engine, limits=Limits(max_words_per_page=3))
    assert doc.info.unreadable_pages == (1, 2, 3) and "words" in (doc.pages[0].problem or "")


@pytest.mark.parametrize("engine", ENGINES)
def test_scan_with_a_stamp_is_unreadable_but_a_letter_with_a_logo_is_read(tmp_path: Path, engine: str) -> None:
    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 260), "white").save(image)
    pdf = FPDF(format="letter")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.image(str(image), x=5, y=5, w=200)  # the scanned page
    pdf.text(150, 15, "RECEIVED JAN 5 2024")
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=20)  # a logo
    pdf.text(20, 50, "OK")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    doc = extract_document(path, "scan.pdf", engine=engine)
    assert doc.info.unreadable_pages == (1,) and doc.pages[0].problem == SCAN_PROBLEM
    assert [w.text for w in doc.pages[1].words] == ["OK"]
