"""OCR of scanned pages and page images (issue 4).

The scanned packets of tests/fixtures/scans are made by make_scans.py from
fixture packets; labels.jsonl there copies the text versions' labels. Tests
that need Tesseract skip where it is missing, but fail when CI=true.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from rapidfuzz import fuzz
from typer.testing import CliRunner

from conftest import FIXTURES, PACKETS, read_labels
from shortsale_check import ocr, pipeline
from shortsale_check.cli import app, scan
from shortsale_check.match import Matcher
from shortsale_check.model import ExtractedDocument, Limits
from shortsale_check.ocr_prep import OcrWord, level_line, mean_confidence, parse_osd, parse_tsv
from shortsale_check.packet import PacketFile
from shortsale_check.pipeline import read_file, scan_packet

SCANS = FIXTURES / "scans"
LABELS = {line["packet"]: line for line in read_labels(SCANS / "labels.jsonl")}


@pytest.fixture
def tesseract() -> None:
    if shutil.which("tesseract") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tesseract is not installed in CI; .ci/run must install tesseract-ocr")
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w$%]+", " ", text.lower()).split())


@cache
def read(path: Path) -> ExtractedDocument:
    """A scanned fixture file read once per session (OCR is the slow part of these tests)."""
    return read_file(PacketFile(path, path.name), "pdfium", Limits())


def page_text(doc: ExtractedDocument, number: int = 1) -> str:
    return " ".join(w.text for w in doc.pages[number - 1].words)


def clause(pid: str) -> str:
    return str(LABELS[pid]["clauses"][0]["text"])


def assert_reads(doc: ExtractedDocument, text: str) -> None:
    got = page_text(doc)
    assert fuzz.partial_ratio(norm(text), norm(got)) >= 95, f"clause not found in the OCR text ({len(got)} chars)"


# --------------------------------------------------------------------------- with Tesseract


@pytest.mark.usefixtures("tesseract")
def test_scanned_page_is_read_with_boxes_in_points() -> None:
    doc = read(SCANS / "ack-balance-owed-scan" / "approval-letter.pdf")
    page = doc.pages[0]
    assert doc.info.ocr_pages == (1,) and doc.info.unreadable_pages == ()
    assert page.readable and page.source == "ocr" and abs(page.width - 612) < 2 and abs(page.height - 792) < 2
    assert_reads(doc, clause("ack-balance-owed-scan"))
    assert all(w.source == "ocr" and 0 < w.confidence <= 1 for w in page.words)
    assert all(0 <= w.x0 < w.x1 <= page.width and 0 <= w.top < w.bottom <= page.height for w in page.words)


@pytest.mark.usefixtures("tesseract")
def test_page_turned_sideways_is_read_upright() -> None:
    doc = read(SCANS / "reserved-right-to-pursue-scan" / "approval-letter.pdf")
    assert doc.info.ocr_pages == (1,)
    assert doc.pages[0].height > doc.pages[0].width  # turned back to portrait
    assert_reads(doc, clause("reserved-right-to-pursue-scan"))


@pytest.mark.usefixtures("tesseract")
def test_phone_photo_png_is_read() -> None:
    doc = read(SCANS / "full-release-lender-waives-scan" / "approval-letter.png")
    assert doc.info.pages == 1 and doc.info.ocr_pages == (1,) and doc.info.unreadable_pages == ()
    assert_reads(doc, clause("full-release-lender-waives-scan"))


@pytest.mark.usefixtures("tesseract")
@pytest.mark.parametrize("pid", sorted(LABELS))
def test_scanned_packet_gets_the_verdict_of_its_text_twin(
    pid: str, matcher: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    label = LABELS[pid]
    monkeypatch.setattr(pipeline, "read_file", lambda pf, *_args, **_kw: read(pf.path))  # each page OCR'd once
    got = scan_packet(SCANS / pid, matcher)
    twin = scan_packet(PACKETS / pid.removesuffix("-scan"), matcher)
    assert (got.verdict, got.release) == (label["verdict"], label["release"]) == (twin.verdict, twin.release)
    assert all(d.ocr_pages and not d.unreadable_pages for d in got.documents)
    found = {(f.document, f.category) for f in got.findings}
    missing = {(c["document"], c["category"]) for c in label["clauses"]} - found
    assert not missing, f"{pid}: labelled clauses not found in the OCR'd text: {sorted(missing)}"


@pytest.mark.usefixtures("tesseract")
def test_page_of_noise_stays_unreadable_and_blocks_low_risk(tmp_path: Path, matcher: Matcher) -> None:
    shutil.copy(PACKETS / "full-release-lender-waives" / "approval-letter.pdf", tmp_path / "approval-letter.pdf")
    noise_pdf(tmp_path / "scan.pdf")
    result = scan_packet(tmp_path, matcher)
    info = {d.file: d for d in result.documents}["scan.pdf"]
    assert info.unreadable_pages == (1,) and info.ocr_pages == ()
    assert result.verdict == "needs_review" and result.release == "full"
    assert any(w.startswith("scan.pdf page 1: OCR") for w in result.warnings)


@pytest.mark.usefixtures("tesseract")
def test_multi_page_tiff_gives_one_page_per_frame(tmp_path: Path) -> None:
    page = Image.open(SCANS / "full-release-lender-waives-scan" / "approval-letter.png").convert("L")
    path = tmp_path / "fax.tiff"
    page.save(path, save_all=True, append_images=[Image.new("L", page.size, 255)], dpi=(150, 150))
    doc = read_file(PacketFile(path, path.name), "pdfium", Limits())
    assert doc.info.pages == 2 and doc.info.ocr_pages == (1,) and doc.info.unreadable_pages == (2,)
    assert doc.pages[1].problem is not None and "no text" in doc.pages[1].problem


@pytest.mark.usefixtures("tesseract")
def test_a_page_over_the_time_limit_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    Image.new("L", (850, 1100), 255).save(path)
    settings = ocr.OcrSettings(page_seconds=0.001)
    doc = ocr.read_image(path, path.name, limits=Limits(), settings=settings)
    assert doc.info.unreadable_pages == (1,)
    assert doc.pages[0].problem is not None and "limit" in doc.pages[0].problem


# --------------------------------------------------------------------------- without Tesseract


def test_without_tesseract_the_scan_completes_and_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, matcher: Matcher, tmp_path: Path
) -> None:
    monkeypatch.setattr(ocr, "tesseract_binary", lambda: None)
    monkeypatch.setattr(scan, "build_matcher", lambda _dirs: matcher)
    pid = "cognovit-ohio-warning-scan"
    result = scan_packet(SCANS / pid, matcher)
    assert [d.unreadable_pages for d in result.documents] == [(1,), (1,)]
    assert result.verdict == "needs_review" and result.findings == ()
    assert [w for w in result.warnings if ocr.INSTALL_HINT in w] == [f"2 scanned page(s) not read: {ocr.INSTALL_HINT}"]
    out = CliRunner().invoke(app, ["scan", str(SCANS / pid), "--quiet", "--out", str(tmp_path)])
    assert out.exit_code == 0 and out.stderr.count(ocr.INSTALL_HINT) == 1


def test_without_tesseract_an_image_file_is_listed_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    path = SCANS / "full-release-lender-waives-scan" / "approval-letter.png"
    doc = ocr.read_image(path, path.name, limits=Limits())
    assert doc.info.unreadable_pages == (1,) and doc.pages[0].problem == ocr.INSTALL_HINT
    assert 600 < doc.pages[0].width < 625  # 1275 px without a stated resolution: a letter-size page


def test_a_damaged_image_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8 not really a jpeg")
    doc = ocr.read_image(path, path.name, limits=Limits())
    assert doc.info.error is not None and "image cannot be read" in doc.info.error
    path.write_bytes(b"")
    assert ocr.read_image(path, path.name, limits=Limits()).info.error == "the image file is empty (0 bytes)"


# --------------------------------------------------------------------------- parsing Tesseract's output


TSV = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv_row(level: int, line: int, box: tuple[int, int, int, int], conf: float, text: str) -> str:
    return "\t".join(map(str, (level, 1, 1, 1, line, 1, *box, conf, text)))


def test_parse_tsv_keeps_words_drops_specks_and_levels_lines() -> None:
    rows = [
        TSV,
        tsv_row(4, 1, (10, 10, 300, 30), -1, ""),
        tsv_row(5, 1, (10, 10, 80, 20), 96.0, "Lender"),
        tsv_row(5, 1, (100, 18, 40, 20), 91.0, "pays"),  # has a descender: box reaches lower
        tsv_row(5, 1, (150, 20, 5, 5), 20.0, "."),  # a speck
        tsv_row(5, 2, (10, 60, 80, 20), 50.0, "re1ease"),
    ]
    words = parse_tsv("\n".join(rows))
    assert [w.text for w in words] == ["Lender", "pays", "re1ease"]
    assert words[0].top == words[1].top and words[0].height == words[1].height  # one font box per line
    assert mean_confidence(words[:2]) == pytest.approx((96 * 6 + 91 * 4) / 10 / 100)


def test_level_line_spans_the_capital_height_around_the_baseline() -> None:
    (word,) = level_line([OcrWord("Note", 0, 100, 40, 20, 90.0)])
    assert (word.top, word.top + word.height) == (120 - 26, 120 + 6)


def test_parse_osd_gives_the_turn_that_sets_the_page_upright() -> None:
    assert parse_osd("Orientation in degrees: 270\nRotate: 90\nOrientation confidence: 11.1\n") == 270
    assert parse_osd("Rotate: 180\nOrientation confidence: 0.2\n") == 0  # unsure: left alone
    assert parse_osd("") == 0


def test_scan_labels_copy_their_text_twins() -> None:
    text = {line["packet"]: line for line in read_labels(PACKETS / "labels.jsonl")}
    for pid, label in LABELS.items():
        twin = text[pid.removesuffix("-scan")]
        assert (label["verdict"], label["release"]) == (twin["verdict"], twin["release"])
        assert "scanned" in label["tags"] and [c["text"] for c in label["clauses"]] == [
            c["text"] for c in twin["clauses"]
        ]
        assert sorted(d["file"] for d in label["documents"]) == sorted(p.name for p in (SCANS / pid).iterdir())


def noise_pdf(path: Path, seed: int = 7) -> None:
    """An image-only page of random specks and smudges: nothing a person could read."""
    rng = random.Random(seed)
    image = Image.new("L", (1275, 1650), 235)
    draw = ImageDraw.Draw(image)
    for _ in range(6000):
        x, y, r = rng.randrange(1275), rng.randrange(1650), rng.choice((1, 2, 3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(0, 200))
    image.save(path, "PDF", resolution=150)


def test_labels_file_is_json_lines() -> None:
    lines = (SCANS / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["packet"].endswith("-scan") for line in lines)
