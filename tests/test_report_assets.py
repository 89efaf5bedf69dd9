"""Page pictures and the request letter (issue 5): data URIs, size bounds, highlight, filled letter, escaping."""

from __future__ import annotations

import base64
import io
from dataclasses import replace
from pathlib import Path

from PIL import Image

from shortsale_check.letter import (
    PacketFacts,
    build_letters,
    facts_from_text,
    letters_text,
    mask_loan_number,
    write_letter,
)
from shortsale_check.model import Finding, Loan
from shortsale_check.page_images import ImageLimits, render_images
from shortsale_check.report_html import render_html
from test_report import EVIL, ack, full_release, result

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PACKET = FIXTURES / "packets" / "full-release-contradicted"
SCAN = FIXTURES / "scans" / "ack-balance-owed-scan" / "approval-letter.pdf"  # an image-only page (OCR'd)


def on_page(document: str, bbox: tuple[float, float, float, float], page: int = 1) -> Finding:
    return ack(document=document, page=page, bbox=bbox, end_page=None)


def decode(uri: str) -> tuple[bytes, Image.Image]:
    assert uri.startswith("data:image/jpeg;base64,")
    raw = base64.b64decode(uri.split(",", 1)[1])
    return raw, Image.open(io.BytesIO(raw)).convert("RGB")


# --------------------------------------------------------------------------- pictures


def test_crop_is_a_small_data_uri_with_the_highlight_inside_the_picture() -> None:
    finding = on_page("approval-letter.pdf", (72.0, 180.0, 540.0, 200.0))
    images = render_images([finding], {"approval-letter.pdf": PACKET / "approval-letter.pdf"})
    crop = images.findings[0]
    raw, picture = decode(crop.uri)
    assert len(raw) <= ImageLimits().max_bytes
    assert picture.size == (crop.width, crop.height)
    assert picture.width * picture.height <= ImageLimits().max_crop_pixels
    x0, top, x1, bottom = crop.highlight
    assert 0 <= x0 < x1 <= picture.width and 0 <= top < bottom <= picture.height
    r, g, b = picture.getpixel(((x0 + x1) // 2, top + 1))  # the outline: reddish
    assert r > 120 and g < 120 and b < 100
    inside = [picture.getpixel((x, (top + bottom) // 2)) for x in range(x0 + 6, x1 - 6, 7)]
    assert sum(1 for r, g, b in inside if r > 200 and g > 180 and b < 200) > len(inside) // 2  # yellow wash
    assert crop.page_anchor == images.pages[0].anchor


def test_whole_page_pictures_bounded_and_a_box_off_the_page_is_clamped() -> None:
    findings = [on_page("approval-letter.pdf", (-50.0, 700.0, 9000.0, 9000.0))]
    limits = ImageLimits(max_page_pixels=200_000, max_page_bytes=30_000)
    images = render_images(findings, {"approval-letter.pdf": PACKET / "approval-letter.pdf"}, limits)
    page = images.pages[0]
    raw, picture = decode(page.uri)
    assert len(raw) <= 30_000 and picture.width * picture.height <= 200_000
    crop = images.findings[0]
    assert crop.highlight[0] >= 0 and crop.highlight[2] <= crop.width and crop.highlight[3] <= crop.height


def test_scanned_page_is_rendered_too() -> None:
    images = render_images([on_page("scan.pdf", (50.0, 100.0, 400.0, 140.0))], {"scan.pdf": SCAN})
    raw, picture = decode(images.findings[0].uri)
    assert picture.width > 100 and len(raw) <= ImageLimits().max_bytes


def test_limits_and_unrenderable_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    good = PACKET / "approval-letter.pdf"
    findings = [on_page("a.pdf", (72.0, 100.0 + 30 * i, 500.0, 120.0 + 30 * i)) for i in range(5)]
    findings += [on_page("bad.pdf", (72.0, 100.0, 500.0, 120.0)), replace(findings[0], bbox=None)]
    images = render_images(findings, {"a.pdf": good, "bad.pdf": bad}, ImageLimits(max_findings=3, max_pages=0))
    assert sorted(images.findings) == [0, 1, 2] and images.pages == ()
    assert all(img.page_anchor is None for img in images.findings.values())


def test_render_html_with_and_without_sources() -> None:
    data = replace(result(), findings=(on_page("approval-letter.pdf", (72.0, 180.0, 540.0, 200.0)),))
    assert "data:image" not in render_html(data)
    html = render_html(data, sources={"approval-letter.pdf": PACKET / "approval-letter.pdf"})
    assert html.count('src="data:image/jpeg;base64,') == 2  # the crop and its whole page
    assert 'href="#page-approval-letter-pdf-1"' in html and 'id="page-approval-letter-pdf-1"' in html
    assert len(html.encode("utf-8")) < 400_000


def test_twenty_highlighted_findings_stay_under_three_megabytes() -> None:
    pages = {
        "approval-letter.pdf": PACKET / "approval-letter.pdf",
        "investor-addendum.pdf": PACKET / "investor-addendum.pdf",
    }
    findings = tuple(on_page(doc, (72.0, 90.0 + 30 * i, 540.0, 110.0 + 30 * i)) for i in range(10) for doc in pages)
    html = render_html(replace(result(), findings=findings), sources=pages)
    assert html.count("data:image/jpeg") >= 20 and len(html.encode("utf-8")) < 3_000_000


# --------------------------------------------------------------------------- the letter


def test_facts_from_text() -> None:
    text = (
        "Harbor Point Mortgage Company | Short Sale\nRE: Loan number ending 2707\n"
        "The Servicer has reviewed the offer for the property located at 418 Juniper Hollow Lane, "
        "Sacramento, CA 95826 (the Property). Harbor Point Mortgage Company approves. "
        "Contact the Consumer Financial Protection Bureau."
    )
    facts = facts_from_text(text)
    assert facts == PacketFacts(
        "Harbor Point Mortgage Company", "…2707", "418 Juniper Hollow Lane, Sacramento, CA 95826"
    )
    assert facts_from_text("nothing here") == PacketFacts()


def test_loan_numbers_are_masked_to_the_last_four_digits() -> None:
    assert mask_loan_number("0012345678") == "…5678"
    assert mask_loan_number("****2707") == "…2707"
    assert mask_loan_number("12") is None
    letter = build_letters(result(), PacketFacts("Acme Bank", "0012345678", "1 Main Street"))[0]
    text = letters_text([letter])
    assert "5678" in text and "0012345678" not in text and "12345678" not in text


def test_letter_filled_and_asks_for_release_binding_successors() -> None:
    (letter,) = build_letters(result(), PacketFacts("Acme Bank", "…2707", "1 Main Street, Reno, NV 89501"))
    text = letters_text([letter])
    assert "Dear Acme Bank:" in text and "ending 2707" in text and "1 Main Street, Reno, NV 89501" in text
    assert "release" in text and "further obligation" in text and "waives any deficiency" in text
    assert "successors and assigns" in text
    assert "remaining balance remains due and owing" in text  # the adverse clause to remove
    blank = letters_text(build_letters(result()))
    assert "[lender's name]" in blank and "[property address]" in blank


def test_no_letter_for_a_clean_full_release(tmp_path: Path) -> None:
    clean = replace(result(), verdict="low_risk", release="full", findings=(full_release(),))
    assert build_letters(clean) == ()
    path = tmp_path / "x-request-letter.txt"
    path.write_text("stale")
    assert write_letter(clean, path) is None and not path.exists()
    assert "no request letter is needed" in render_html(clean)


def test_one_letter_per_lender_not_fully_released() -> None:
    loans = (
        Loan("loan-1", "Harbor Point Mortgage", "first", "…2707", "full"),
        Loan("loan-2", "Cedar Valley Credit Union", "second", "…1180", "lien_only"),
        Loan("loan-3", "Third Street Bank", "third", None, "none"),
    )
    letters = build_letters(replace(result(), loans=loans, findings=(replace(ack(), loan="loan-2"),)))
    assert [x.lender for x in letters] == ["Cedar Valley Credit Union", "Third Street Bank"]
    assert letters[0].loan_number == "…1180" and letters[0].clauses and not letters[1].clauses


def test_letter_text_is_escaped_in_html_and_cleaned_in_text(tmp_path: Path) -> None:
    evil = replace(ack(), quote=EVIL + "\x1b[31m", document="<i>doc</i>.pdf")
    data = replace(result(), findings=(evil,))
    html = render_html(data)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>doc</i>" not in html
    written = write_letter(data, tmp_path / "l.txt", None)
    assert written is not None
    text = written.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in text and "\x1b" not in text  # plain text: shown as written, no escapes
