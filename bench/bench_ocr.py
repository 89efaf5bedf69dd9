"""OCR benchmark: seconds per scanned page and character accuracy (issue 4).

Run: ``.venv/bin/python bench/bench_ocr.py [--dpi 200 300] [--workers 1 2] [--copies 2]``.

Speed: the pages of every scanned fixture PDF (tests/fixtures/scans, made by
make_scans.py) are put into one image-only PDF, ``--copies`` times over (16
pages by default), and read by OCR as the pipeline does (extract, then
``ocr.ocr_scanned_pages``), for each resolution and worker count. Seconds per
page is the wall time of that step over the page count.

Accuracy: each scanned fixture document is read by OCR and compared with its
text version (tests/fixtures/packets): both sets of words are put in lines in
the same reading order (``layout.group_lines``), lower-cased, punctuation other
than $ and % dropped (signature-line underscores too: a scan shows them as
rules, not characters), and compared with rapidfuzz's ``ratio`` (100 = identical).
"Clean" scans are the flat-bed ones; the sideways page and the phone photo are
listed apart. A page of pure noise is read too, and one page made ever worse
(lower resolution, more blur) shows where the confidence threshold cuts.
Prints markdown tables (bench/README.md, "OCR").
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter
from rapidfuzz import fuzz

from shortsale_check import ocr
from shortsale_check.extract import extract_document
from shortsale_check.layout import group_lines
from shortsale_check.model import ExtractedDocument, Limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_scans  # noqa: E402  (the scanned fixtures' own degradations)

SCANS = ROOT / "tests" / "fixtures" / "scans"
PACKETS = ROOT / "tests" / "fixtures" / "packets"
HARD = {"reserved-right-to-pursue-scan/approval-letter.pdf": "sideways", "approval-letter.png": "phone photo"}
LIMITS = Limits(max_seconds_per_document=3600)


def merged_scan(out: Path, copies: int) -> int:
    """One image-only PDF of every scanned fixture PDF's pages, ``copies`` times over; its page count."""
    merged = pdfium.PdfDocument.new()
    for _ in range(copies):
        for path in sorted(SCANS.glob("*/*.pdf")):
            merged.import_pages(pdfium.PdfDocument(str(path)))
    merged.save(str(out))
    return len(merged)


def seconds_per_page(pdf: Path, pages: int, settings: ocr.OcrSettings) -> float:
    doc = extract_document(pdf, pdf.name, limits=LIMITS)
    start = time.perf_counter()
    read = ocr.ocr_scanned_pages(doc, pdf, limits=LIMITS, settings=settings)
    elapsed = time.perf_counter() - start
    assert len(read.info.ocr_pages) == pages, f"only {len(read.info.ocr_pages)} of {pages} pages read"
    return elapsed / pages


def norm_text(doc: ExtractedDocument) -> str:
    lines = [line.text for page in doc.pages for line in group_lines(page.words)]
    return " ".join(re.sub(r"[^\w$%]+|_+", " ", " ".join(lines).lower()).split())


def read_scan(path: Path, settings: ocr.OcrSettings) -> ExtractedDocument:
    if ocr.is_image_name(path.name):
        return ocr.read_image(path, path.name, limits=LIMITS, settings=settings)
    doc = extract_document(path, path.name, limits=LIMITS)
    return ocr.ocr_scanned_pages(doc, path, limits=LIMITS, settings=settings)


def accuracy_rows(settings: ocr.OcrSettings) -> list[tuple[str, str, float, float]]:
    """(document, kind, character accuracy %, mean OCR confidence) per scanned fixture document."""
    rows = []
    for path in sorted(p for p in SCANS.glob("*/*") if p.suffix in (".pdf", ".png")):
        packet = path.parent.name.removesuffix("-scan")
        twin = extract_document(PACKETS / packet / path.with_suffix(".pdf").name, path.name)
        got = read_scan(path, settings)
        words = [w for page in got.pages for w in page.words]
        confidence = sum(w.confidence * len(w.text) for w in words) / max(1, sum(len(w.text) for w in words))
        key = f"{path.parent.name}/{path.name}"
        kind = HARD.get(key, HARD.get(path.name, "clean"))
        rows.append((key, kind, fuzz.ratio(norm_text(twin), norm_text(got)), confidence))
    return rows


def threshold_rows(settings: ocr.OcrSettings) -> list[tuple[int, float, float, float]]:
    """(dpi, blur, mean confidence, char accuracy %) of ever worse copies of one page: where to cut."""
    source = PACKETS / "ack-balance-owed" / "approval-letter.pdf"
    twin = norm_text(extract_document(source, source.name))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for dpi, blur in ((100, 0.5), (75, 0.6), (60, 0.7), (50, 0.8), (100, 1.5), (40, 0.8), (100, 2.0)):
            image = make_scans.render_pages(source, dpi)[0].filter(ImageFilter.GaussianBlur(blur))
            path = Path(tmp) / f"page-{dpi}-{blur}.png"
            make_scans.speckle(image, random.Random(1), image.width * image.height // 2000).save(path, dpi=(dpi, dpi))
            unfiltered = ocr.OcrSettings(dpi=settings.dpi, min_confidence=0.0)
            got = ocr.read_image(path, path.name, limits=LIMITS, settings=unfiltered)
            words = got.pages[0].words
            confidence = sum(w.confidence * len(w.text) for w in words) / max(1, sum(len(w.text) for w in words))
            rows.append((dpi, blur, confidence, fuzz.ratio(twin, norm_text(got))))
    return rows


def noise_confidence(tmp: Path, settings: ocr.OcrSettings) -> str:
    """What OCR makes of a page of random specks: its mean confidence, or that it found nothing."""
    rng = random.Random(7)
    image = Image.new("L", (1275, 1650), 235)
    draw = ImageDraw.Draw(image)
    for _ in range(6000):
        x, y, r = rng.randrange(1275), rng.randrange(1650), rng.choice((1, 2, 3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(0, 200))
    path = tmp / "noise.png"
    image.save(path, dpi=(150, 150))
    page = ocr.read_image(path, path.name, limits=LIMITS, settings=settings).pages[0]
    confidence = sum(w.confidence for w in page.words) / max(1, len(page.words))
    return page.problem or f"read as text (confidence {confidence:.2f}): the threshold is too low"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 300])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--no-speed", action="store_true", help="measure accuracy only")
    args = parser.parse_args(argv)
    if ocr.tesseract_binary() is None:
        print("Error: tesseract is not installed; apt-get install tesseract-ocr tesseract-ocr-eng", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "scans.pdf"
        pages = merged_scan(pdf, args.copies)
        print(f"## Speed: {pages} scanned pages in one PDF\n\n| dpi | workers | s/page |\n|---|---|---|")
        for dpi in [] if args.no_speed else args.dpi:
            for workers in args.workers:
                settings = ocr.OcrSettings(dpi=dpi, workers=workers)
                print(f"| {dpi} | {workers} | {seconds_per_page(pdf, pages, settings):.2f} |", flush=True)
        for dpi in args.dpi:
            print(f"\n## Accuracy at {dpi} dpi\n\n| document | kind | char accuracy % | mean OCR confidence |")
            print("|---|---|---|---|")
            rows = accuracy_rows(ocr.OcrSettings(dpi=dpi))
            for key, kind, acc, conf in rows:
                print(f"| {key} | {kind} | {acc:.1f} | {conf:.2f} |")
            clean = [acc for _, kind, acc, _ in rows if kind == "clean"]
            print(f"\nclean scans: mean {sum(clean) / len(clean):.1f}%, lowest {min(clean):.1f}%")
        print(f"\npage of pure noise: {noise_confidence(Path(tmp), ocr.DEFAULT_SETTINGS)}")
        print("\n## Confidence threshold: one page made worse\n\n| dpi | blur | mean confidence | char accuracy % |")
        print("|---|---|---|---|")
        for dpi, blur, confidence, accuracy in threshold_rows(ocr.DEFAULT_SETTINGS):
            print(f"| {dpi} | {blur} | {confidence:.2f} | {accuracy:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
