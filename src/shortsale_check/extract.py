"""Stage 1: read one PDF into pages of positioned words.

Two engines give the same shape: ``pdfium`` (pypdfium2 directly, fast) and
``pdfplumber`` (pdfminer underneath, slower).  Coordinates are pdfplumber's:
PDF points, origin at the top-left of the page.  Bad input never raises: the
document comes back with ``info.error`` set and no pages, and a page that
cannot be read is listed in ``info.unreadable_pages`` with its reason.
Document text is never logged.
"""

from __future__ import annotations

import ctypes
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from shortsale_check.errors import UsageError
from shortsale_check.model import BBox as Box
from shortsale_check.model import DocumentInfo, ExtractedDocument, Limits, Page, Word

if TYPE_CHECKING:
    from pdfplumber.pdf import PDF

log = logging.getLogger(__name__)

ENGINES: tuple[str, ...] = ("pdfium", "pdfplumber")
MAGIC_WINDOW = 1024
DEFAULT_LIMITS = Limits()
EOF_WINDOW = 4096
LISTED_PAGES = 100_000  # pages past the limit are listed as unread up to here (a hostile page count)

PageReader = Callable[[int, str, Limits], Page]
Opener = Callable[[Path], AbstractContextManager[tuple[int, PageReader]]]


def extract_document(
    path: Path, name: str, *, engine: str = "pdfium", limits: Limits = DEFAULT_LIMITS
) -> ExtractedDocument:
    """Read ``path`` (reported as ``name``) with ``engine``; never raises for a bad file."""
    if engine not in ENGINES:
        raise UsageError(f"unknown PDF engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    problem = open_error(path, limits)
    if problem is not None:
        return failed(name, problem)
    try:
        with _OPENERS[engine](path) as (count, read_page):
            pages = tuple(_read_pages(count, read_page, name, limits))
    except Exception as exc:  # any failure of the PDF library is a property of the file
        log.info("%s: cannot open (%s)", name, type(exc).__name__)
        return failed(name, describe_open_failure(exc))
    if pages and all(p.problem and p.problem.startswith("could not read") for p in pages):
        return failed(name, "the PDF is damaged: none of its pages could be read; ask for a new copy")
    unreadable = tuple(p.page_number for p in pages if not p.readable)
    return ExtractedDocument(DocumentInfo(file=name, pages=len(pages), unreadable_pages=unreadable), pages)


def failed(name: str, reason: str) -> ExtractedDocument:
    """A document that could not be read at all."""
    return ExtractedDocument(info=DocumentInfo(file=name, pages=0, error=reason), pages=())


def open_error(path: Path, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why ``path`` cannot be a readable PDF, judged from its size and bytes; None if it may be."""
    try:
        size = path.stat().st_size
        if size == 0:
            return "the file is empty (0 bytes); ask for the document again"
        if size > limits.max_file_bytes:
            mb = limits.max_file_bytes // (1024 * 1024)
            return f"the file is larger than the {mb} MB limit; split it or raise the limit"
        with path.open("rb") as fh:
            head = fh.read(MAGIC_WINDOW)
            fh.seek(max(0, size - EOF_WINDOW))
            tail = fh.read(EOF_WINDOW)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return f"the file cannot be opened ({reason}); check that it exists and is readable"
    if b"%PDF-" not in head:
        return "not a PDF (no %PDF- header); convert the document to PDF and scan again"
    if b"%%EOF" not in tail:
        return "the PDF is truncated (no end-of-file marker); ask for a complete copy"
    return None


def describe_open_failure(exc: BaseException) -> str:
    """A one-line reason, with what to do, for a PDF library's failure to open a file."""
    text = f"{type(exc).__name__} {exc!r}".lower()
    if "password" in text or "encrypt" in text:
        return "the PDF is password-protected (encrypted); ask for an unprotected copy or remove the password"
    return "the PDF is damaged and cannot be opened; ask for a new copy or re-save it as PDF"


def _read_pages(count: int, read_page: PageReader, name: str, limits: Limits) -> Iterator[Page]:
    deadline = time.monotonic() + limits.max_seconds_per_document
    for index in range(min(count, max(limits.max_pages, LISTED_PAGES))):
        number = index + 1
        if number > limits.max_pages:
            yield _skipped(name, number, f"beyond the {limits.max_pages}-page limit per document; not read")
        elif time.monotonic() > deadline:
            limit = limits.max_seconds_per_document
            yield _skipped(name, number, f"the {limit:g}-second time limit per document ran out; not read")
        else:
            yield _read_one(read_page, index, name, limits)


def _read_one(read_page: PageReader, index: int, name: str, limits: Limits) -> Page:
    try:
        return read_page(index, name, limits)
    except Exception as exc:  # one damaged page must not lose the rest of the document
        log.warning("%s page %d: cannot read (%s)", name, index + 1, type(exc).__name__)
        log.debug("page read failure", exc_info=True)
        return _skipped(name, index + 1, f"could not read this page ({type(exc).__name__}); it may be damaged")


def _skipped(name: str, number: int, problem: str) -> Page:
    return Page(name, number, 0.0, 0.0, (), readable=False, problem=problem)


# --- text clean-up shared by both engines -------------------------------------------------------

_REPLACE = str.maketrans(
    {
        "\ufffe": "-",
        "\x02": "-",
        "\u00ad": "-",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\x00": None,
    }
)
_REPLACED = re.compile("[" + re.escape("".join(map(chr, _REPLACE))) + "]")  # a character _REPLACE changes
_WORD = re.compile(r"[^\s\ufffe\x02\x00]+[\ufffe\x02]?|[\ufffe\x02]")
SCAN_MAX_WORDS = 10  # a page of images with fewer words than this (a stamp, a Bates number) is a scan
SCAN_PROBLEM = "no text layer (scanned image); OCR is not available in this version"


def _page(name: str, number: int, size: tuple[float, float], words: list[Word], images: float, limits: Limits) -> Page:
    """A page from an engine's words, or the reason it cannot be read.

    ``images`` is the share of the page covered by images (0 when the page has enough words
    not to be a scan); a page of images with at most a stamp's worth of words is a scan.
    """
    width, height = size
    if images > 0 and (not words or images >= 0.5):
        return Page(name, number, width, height, (), readable=False, problem=SCAN_PROBLEM)
    if len(words) > limits.max_words_per_page:
        problem = f"more than {limits.max_words_per_page} words on the page (limit); not read"
        return Page(name, number, width, height, (), readable=False, problem=problem)
    return Page(name, number, width, height, tuple(words))


# --- pypdfium2 ----------------------------------------------------------------------------------


@contextmanager
def _open_pdfium(path: Path) -> Iterator[tuple[int, PageReader]]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        yield len(pdf), lambda index, name, limits: _pdfium_page(pdf, index, name, limits)
    finally:
        pdf.close()


def _pdfium_page(pdf: pdfium.PdfDocument, index: int, name: str, limits: Limits) -> Page:
    page = pdf[index]
    try:
        left, _, _, top = page.get_cropbox()
        textpage = page.get_textpage()
        try:
            words = _pdfium_words(textpage, float(left), float(top))
        finally:
            textpage.close()
        size = page.get_size()
        images = _pdfium_image_share(page, size) if len(words) < SCAN_MAX_WORDS else 0.0
        return _page(name, index + 1, size, words, images, limits)
    finally:
        page.close()


def _pdfium_image_share(page: pdfium.PdfPage, size: tuple[float, float]) -> float:
    boxes = [obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4)]
    return _share([(x0, y0, x1, y1) for x0, y0, x1, y1 in boxes], size)


def _share(boxes: list[tuple[float, float, float, float]], size: tuple[float, float]) -> float:
    """Share of the page area covered by the boxes (overlaps counted twice, at most 1), >0 if any."""
    if not boxes:
        return 0.0
    area = sum(max(0.0, x1 - x0) * max(0.0, y1 - y0) for x0, y0, x1, y1 in boxes)
    return max(1e-6, min(1.0, area / max(1.0, size[0] * size[1])))


def _pdfium_words(textpage: pdfium.PdfTextPage, left: float, top: float) -> list[Word]:
    """Words from the text layer: spans of the page text between spaces and line breaks."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count > 0 else ""
    if len(text) != count:  # the text and the character indices disagree: read letter by letter
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(count))
    spans = [m.span() for m in _WORD.finditer(text)]
    boxes = _CharBoxes(textpage, left, top)
    # One ctypes call per word, inlined (this loop runs for every word of every page): the box of
    # character ``i`` is (rect.left - left, top - rect.top, rect.right - left, top - rect.bottom).
    raw, ref, rect = boxes.raw, boxes.ref, boxes.rect
    loose_box = _loose_box
    replacing = _REPLACED.search(text) is not None  # nothing to replace on the page: words as they stand
    words: list[Word] = []
    append = words.append
    # A page's words share one object per distinct text and per line edge: ~30% less memory per word.
    edge = dict[float, float]().setdefault
    spelling = dict[str, str]().setdefault
    gap = False  # the real space before the current word gave its left edge (gap_x1) and its line (g_top, g_bot)
    gap_x1 = g_top = g_bot = 0.0
    last = len(spans) - 1
    for k, (first, stop) in enumerate(spans):
        if gap:
            x0, s_top, s_bot = gap_x1, g_top, g_bot
        else:
            loose_box(raw, first, ref)
            x0, s_top, s_bot = rect.left - left, top - rect.top, top - rect.bottom
        if k < last and spans[k + 1][0] == stop + 1 and text[stop] == " ":
            loose_box(raw, stop, ref)  # one box gives this word's right edge and the next one's left
            x1 = rect.left - left
            g_top, g_bot = top - rect.top, top - rect.bottom
            gap = g_bot > g_top  # a space pdfium inserted has an empty box
            gap_x1 = rect.right - left
        else:
            loose_box(raw, stop - 1, ref)
            x1, gap = rect.right - left, False
        word = text[first:stop]
        if x0 < x1 <= x0 + len(word) * (s_bot - s_top) + 1:
            shown = word.translate(_REPLACE) if replacing else word
            append(_word(spelling(shown, shown), x0, edge(s_top, s_top), x1, edge(s_bot, s_bot)))
        else:  # the estimate is off (text moved without a space): measure the letters
            words.extend(boxes.word(word, first, stop - 1))
    return words


_new = object.__new__
_set_text, _set_x0, _set_top, _set_x1, _set_bottom, _set_source, _set_confidence = (
    getattr(Word, name).__set__ for name in ("text", "x0", "top", "x1", "bottom", "source", "confidence")
)
_DEFAULT = {f.name: f.default for f in fields(Word)}  # a text layer's word: source "text", confidence 1.0


def _word(text: str, x0: float, top: float, x1: float, bottom: float) -> Word:
    """``Word(text, x0, top, x1, bottom)``, made for every word of every page: its fields are set
    through their slots, not the frozen dataclass's ``__init__`` (about half the time)."""
    word: Word = _new(Word)
    _set_text(word, text)
    _set_x0(word, x0)
    _set_top(word, top)
    _set_x1(word, x1)
    _set_bottom(word, bottom)
    _set_source(word, _DEFAULT["source"])
    _set_confidence(word, _DEFAULT["confidence"])
    return word


class _CharBoxes:
    """Loose character boxes of a text page, converted to top-left coordinates."""

    def __init__(self, textpage: pdfium.PdfTextPage, left: float, top: float) -> None:
        self.raw = textpage.raw
        self.rect = pdfium_c.FS_RECTF()
        self.ref = ctypes.byref(self.rect)
        self.left = left
        self.top = top

    def box(self, index: int) -> Box:
        _loose_box(self.raw, index, self.ref)
        r = self.rect
        return (r.left - self.left, self.top - r.top, r.right - self.left, self.top - r.bottom)

    def word(self, text: str, first: int, last: int) -> list[Word]:
        """One word, or several if its letters do not sit on one line (no separator in the text)."""
        a, b = self.box(first), self.box(last)
        if b[2] >= a[0] and abs(b[1] - a[1]) < 0.5 * (a[3] - a[1]):
            return [Word(text.translate(_REPLACE), a[0], min(a[1], b[1]), b[2], max(a[3], b[3]))]
        return self._split(text, first)

    def _split(self, text: str, first: int) -> list[Word]:
        runs: list[tuple[str, tuple[float, float, float, float]]] = []
        for offset, char in enumerate(text):
            x0, t, x1, bot = self.box(first + offset)
            if runs and x0 >= runs[-1][1][2] - 1 and abs(t - runs[-1][1][1]) < 0.5 * (bot - t):
                prev, (px0, pt, _, pb) = runs[-1]
                runs[-1] = (prev + char, (px0, min(pt, t), x1, max(pb, bot)))
            else:
                runs.append((char, (x0, t, x1, bot)))
        return [Word(s.translate(_REPLACE), *bb) for s, bb in runs if s.translate(_REPLACE)]


# --- pdfplumber ---------------------------------------------------------------------------------


@contextmanager
def _open_pdfplumber(path: Path) -> Iterator[tuple[int, PageReader]]:
    import pdfplumber  # imported by the engine that needs it: pdfminer underneath, ~0.1-0.2 s of start-up

    pdf = pdfplumber.open(path)
    try:
        yield len(pdf.pages), lambda index, name, limits: _plumber_page(pdf, index, name, limits)
    finally:
        pdf.close()


def _plumber_page(pdf: PDF, index: int, name: str, limits: Limits) -> Page:
    page = pdf.pages[index]
    try:
        words = [
            Word(text, float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
            for w in page.extract_words()
            if (text := str(w["text"]).translate(_REPLACE))
        ]
        size = (float(page.width), float(page.height))
        images = 0.0
        if len(words) < SCAN_MAX_WORDS:
            images = _share([(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images], size)
        return _page(name, index + 1, size, words, images, limits)
    finally:
        page.close()


_loose_box = pdfium_c.FPDFText_GetLooseCharBox
_OPENERS: dict[str, Opener] = {"pdfium": _open_pdfium, "pdfplumber": _open_pdfplumber}
