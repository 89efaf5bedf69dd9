"""OCR stage: read the pages that have no text layer with Tesseract.

A PDF page that extraction marked as a scan (``extract.SCAN_PROBLEM``) is
rendered with pypdfium2, and an image file (.png, .jpg, .tif ...) is read
frame by frame; each page image goes through ``ocr_prep`` and the
``tesseract`` binary (TSV output, one thread per process).  Pages run in
parallel: each Tesseract run is its own OS process, so a small thread pool
that only waits on them keeps every core busy without copying images between
Python processes.  A page read upside down or sideways is turned upright by
Tesseract's orientation detection and read again.

OCR words become ``model.Word`` in PDF points with ``source="ocr"`` and the
engine's confidence.  A page whose mean confidence is below the threshold
stays unreadable with the reason.  Without Tesseract the pages stay
unreadable with ``INSTALL_HINT``.  Document text is never logged.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageSequence

from .extract import SCAN_PROBLEM, failed
from .model import DocumentInfo, ExtractedDocument, Limits, Page, Word
from .ocr_prep import OcrWord, Prepared, deskew, looks_sideways, mean_confidence, parse_osd, parse_tsv, prepare, to_pgm

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "no text layer; install Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng) to read scanned pages"
)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
PAGE_WIDTH_INCHES = 8.5  # an image without a usable resolution is taken to be a letter-size page
MIN_IMAGE_DPI = 50.0

PageDone = Callable[[int], None]  # called with the page number when a page has been OCR'd
Loader = Callable[[int], tuple[Image.Image, float]]  # page number -> (image, its dpi)


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How pages are read. The defaults were chosen by measurement (bench/bench_ocr.py)."""

    dpi: int = 200  # render resolution: as accurate as 300 on the fixtures, about 1.5x faster
    min_confidence: float = 0.80  # mean confidence below which a page is unreadable: 0.75 read at 92% accuracy
    page_seconds: float = 60.0  # time limit for one Tesseract run
    workers: int = 2
    language: str = "eng"


DEFAULT_SETTINGS = OcrSettings()


def tesseract_binary() -> str | None:
    """Path of the ``tesseract`` program, or None when it is not installed."""
    return shutil.which("tesseract")


def is_image_name(name: str) -> bool:
    return Path(name).suffix.lower() in IMAGE_SUFFIXES


def ocr_scanned_pages(
    doc: ExtractedDocument,
    path: Path,
    *,
    limits: Limits,
    settings: OcrSettings = DEFAULT_SETTINGS,
    on_page: PageDone | None = None,
) -> ExtractedDocument:
    """``doc`` with its scanned PDF pages read by OCR (or marked for installing Tesseract)."""
    numbers = [p.page_number for p in doc.pages if p.problem == SCAN_PROBLEM]
    if not numbers:
        return doc
    if tesseract_binary() is None:
        return _with_pages(doc, {n: _unread(doc.pages[n - 1], INSTALL_HINT) for n in numbers})
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = run_pages(doc.info.file, numbers, _pdf_loader(pdf, settings.dpi), limits, settings, on_page)
    finally:
        pdf.close()
    return _with_pages(doc, pages)


def read_image(
    path: Path,
    name: str,
    *,
    limits: Limits,
    settings: OcrSettings = DEFAULT_SETTINGS,
    on_page: PageDone | None = None,
) -> ExtractedDocument:
    """An image file (one page, or one per frame of a TIFF) read by OCR; never raises for a bad file."""
    try:
        size = path.stat().st_size
        if size == 0 or size > limits.max_file_bytes:
            mb = limits.max_file_bytes // (1024 * 1024)
            return failed(name, "the image file is empty (0 bytes)" if size == 0 else f"the image is over {mb} MB")
        with Image.open(path) as image:
            frames = list(itertools.islice((f.copy() for f in ImageSequence.Iterator(image)), limits.max_pages))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        log.info("%s: cannot open image (%s)", name, type(exc).__name__)
        return failed(name, "the image cannot be read (damaged or not an image); ask for a new copy or a PDF")
    blank = tuple(Page(name, n, *_points(f, _dpi(f)), (), readable=False) for n, f in enumerate(frames, 1))
    doc = ExtractedDocument(DocumentInfo(file=name, pages=len(frames)), blank)
    if tesseract_binary() is None:
        return _with_pages(doc, {p.page_number: _unread(p, INSTALL_HINT) for p in blank})
    numbers = [p.page_number for p in blank]
    return _with_pages(doc, run_pages(name, numbers, _frame_loader(frames), limits, settings, on_page))


def run_pages(
    name: str,
    numbers: list[int],
    load: Loader,
    limits: Limits,
    settings: OcrSettings,
    on_page: PageDone | None = None,
) -> dict[int, Page]:
    """OCR the pages ``numbers`` in parallel; a page not started within the document's time limit is skipped."""
    binary = tesseract_binary() or "tesseract"
    deadline = time.monotonic() + limits.max_seconds_per_document
    lock = threading.Lock()  # pypdfium2 and Pillow frames are not safe to use from two threads at once

    def job(number: int) -> Page:
        if time.monotonic() > deadline:
            limit = limits.max_seconds_per_document
            return _blank(name, number, f"the {limit:g}-second time limit per document ran out; not OCR'd")
        with lock:
            image, dpi = load(number)
        page = ocr_page(binary, name, number, prepare(image, dpi, settings.dpi), settings)
        if on_page is not None:
            on_page(number)
        return page

    with ThreadPoolExecutor(max_workers=max(1, min(settings.workers, len(numbers)))) as pool:
        return dict(zip(numbers, pool.map(job, numbers), strict=True))


def ocr_page(binary: str, name: str, number: int, prepared: Prepared, settings: OcrSettings) -> Page:
    """One page image read, turned upright first when it lies sideways or the first reading is poor."""
    image, dpi = prepared.image, prepared.dpi
    try:
        if looks_sideways(image):
            image = _upright(binary, image, dpi, settings, fallback=270)
        words = tesseract_words(binary, image, dpi, settings)
        if mean_confidence(words) < settings.min_confidence:
            turned = _upright(binary, image, dpi, settings)
            if turned is not image:
                image, words = turned, tesseract_words(binary, turned, dpi, settings)
    except subprocess.TimeoutExpired:
        return _blank(name, number, f"OCR took longer than the {settings.page_seconds:g}-second limit per page")
    except (OSError, subprocess.CalledProcessError) as exc:
        log.warning("%s page %d: tesseract failed (%s)", name, number, type(exc).__name__)
        return _blank(name, number, "OCR failed on this scanned page; check it by eye")
    return to_page(name, number, words, (image.width, image.height), dpi, settings.min_confidence)


def _upright(binary: str, image: Image.Image, dpi: float, settings: OcrSettings, fallback: int = 0) -> Image.Image:
    """The image turned as Tesseract's orientation detection says (``fallback`` degrees when it is unsure)."""
    angle = parse_osd(_run(binary, image, dpi, settings, ["--psm", "0"])) or fallback
    return deskew(image.rotate(angle, expand=True)) if angle else image


def tesseract_words(binary: str, image: Image.Image, dpi: float, settings: OcrSettings) -> list[OcrWord]:
    return parse_tsv(_run(binary, image, dpi, settings, ["--psm", "3", "-c", "tessedit_do_invert=0", "tsv"]))


def _run(binary: str, image: Image.Image, dpi: float, settings: OcrSettings, args: list[str]) -> str:
    """Tesseract on the image (PGM on stdin), one thread, within the per-page time limit."""
    command = [binary, "stdin", "stdout", "-l", settings.language, "--dpi", str(round(dpi)), *args]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        command, input=to_pgm(image), capture_output=True, timeout=settings.page_seconds, env=env, check=False
    )
    if done.returncode != 0 and not (args[:2] == ["--psm", "0"] and done.stdout == b""):
        raise subprocess.CalledProcessError(done.returncode, command[0])
    return done.stdout.decode("utf-8", errors="replace")


def to_page(
    name: str, number: int, words: list[OcrWord], size: tuple[int, int], dpi: float, min_confidence: float
) -> Page:
    """OCR words as a page in PDF points; unreadable with the reason when the reading is too poor."""
    scale = 72.0 / dpi
    width, height = size[0] * scale, size[1] * scale
    confidence = mean_confidence(words)
    if not words:
        problem = "OCR found no text on this scanned page; check it by eye"
    elif confidence < min_confidence:
        problem = (
            f"OCR could read this scanned page only poorly (confidence {confidence:.0%}, "
            f"below {min_confidence:.0%}); check it by eye"
        )
    else:
        placed = tuple(_word(w, scale) for w in words)
        return Page(name, number, width, height, placed, source="ocr")
    return Page(name, number, width, height, (), source="ocr", readable=False, problem=problem)


def _word(w: OcrWord, scale: float) -> Word:
    x0, top = w.left * scale, w.top * scale
    return Word(
        w.text, x0, top, x0 + w.width * scale, top + w.height * scale, source="ocr", confidence=w.confidence / 100
    )


def _pdf_loader(pdf: pdfium.PdfDocument, dpi: int) -> Loader:
    def load(number: int) -> tuple[Image.Image, float]:
        page = pdf[number - 1]
        try:
            return page.render(scale=dpi / 72, grayscale=True).to_pil(), float(dpi)
        finally:
            page.close()

    return load


def _frame_loader(frames: list[Image.Image]) -> Loader:
    return lambda number: (frames[number - 1], _dpi(frames[number - 1]))


def _dpi(image: Image.Image) -> float:
    """The image's resolution when it states a plausible one, else that of a letter-size page."""
    stated = image.info.get("dpi")
    if isinstance(stated, tuple) and stated and float(stated[0]) >= MIN_IMAGE_DPI:
        return float(stated[0])
    return max(image.width / PAGE_WIDTH_INCHES, 1.0)


def _points(image: Image.Image, dpi: float) -> tuple[float, float]:
    return image.width * 72 / dpi, image.height * 72 / dpi


def _blank(name: str, number: int, problem: str) -> Page:
    return Page(name, number, 0.0, 0.0, (), source="ocr", readable=False, problem=problem)


def _unread(page: Page, problem: str) -> Page:
    return replace(page, readable=False, problem=problem)


def _with_pages(doc: ExtractedDocument, new: dict[int, Page]) -> ExtractedDocument:
    """The document with some pages replaced; its unreadable and OCR page lists recomputed."""
    pages = tuple(new.get(p.page_number, p) for p in doc.pages)
    info = replace(
        doc.info,
        ocr_pages=tuple(p.page_number for p in pages if p.source == "ocr" and p.readable),
        unreadable_pages=tuple(p.page_number for p in pages if not p.readable),
    )
    return ExtractedDocument(info, pages)
