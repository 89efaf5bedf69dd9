"""Image side of OCR: pages as Tesseract wants them, and Tesseract's output read back.

Pillow only.  A page image is made grayscale, evened out where the light falls
unevenly (a phone photo), and scaled up when it is coarser than the OCR
resolution.  Tesseract's TSV and OSD output are parsed here into plain values;
nothing here knows about PDFs or the pipeline's model.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, ImageOps

UNEVEN_LIGHT = 40.0  # spread (grey levels) of the page background above which light is evened out
SKEW_LIMIT = 4.0  # largest skew (degrees) looked for; a page turned further is an orientation problem
SKEW_WIDTH = 400  # skew is measured on a copy this many pixels wide
MIN_SKEW = 0.3  # degrees; less is left alone
INK_LEVEL = 110  # inverted grey level above which a pixel counts as ink when measuring skew
SIDEWAYS_RATIO = 2.0  # how much sharper the column profile must be for a page to count as turned 90 degrees
NOISE_CONFIDENCE = 60.0  # a word of no letters or digits read with less confidence than this is a speck
DESCENDERS = frozenset("gjpqy,;()[]{}|")
TALL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZbdfhklt0123456789")
ASCENT, DESCENT = 1.3, 0.3  # a font box in capital heights above and below the baseline (Helvetica-like)


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word Tesseract read, its box in pixels of the image it was given."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0-100, Tesseract's own scale


@dataclass(frozen=True, slots=True)
class Prepared:
    """A page image ready for Tesseract and the resolution its pixels stand for."""

    image: Image.Image
    dpi: float


def prepare(image: Image.Image, dpi: float, target_dpi: float) -> Prepared:
    """Grayscale, light evened out when uneven, scaled up to ``target_dpi`` when coarser."""
    gray = ImageOps.exif_transpose(image).convert("L")
    if background_spread(gray) > UNEVEN_LIGHT:
        gray = even_light(gray)
    gray = deskew(gray)
    if dpi < target_dpi * 0.9:
        factor = target_dpi / dpi
        size = (round(gray.width * factor), round(gray.height * factor))
        gray = gray.resize(size, Image.Resampling.LANCZOS)
        dpi = target_dpi
    return Prepared(gray, dpi)


def _background(gray: Image.Image) -> Image.Image:
    """The paper without the ink: a small copy with text dilated away, blurred, at full size."""
    small = gray.resize((max(1, gray.width // 16), max(1, gray.height // 16)), Image.Resampling.BOX)
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
    return paper.resize(gray.size, Image.Resampling.BILINEAR)


def background_spread(gray: Image.Image) -> float:
    """How uneven the paper's brightness is: the spread between its 5th and 95th percentile."""
    small = gray.resize((max(1, gray.width // 16), max(1, gray.height // 16)), Image.Resampling.BOX)
    paper = small.filter(ImageFilter.MaxFilter(5))
    histogram = paper.histogram()
    total = sum(histogram)
    low, high = _percentile(histogram, total * 0.05), _percentile(histogram, total * 0.95)
    return float(high - low)


def _percentile(histogram: list[int], count: float) -> int:
    seen = 0
    for level, n in enumerate(histogram):
        seen += n
        if seen >= count:
            return level
    return len(histogram) - 1


def even_light(gray: Image.Image) -> Image.Image:
    """Divide the page by its background so paper is white everywhere and ink stays dark."""
    inverted_ink = ImageChops.subtract(_background(gray), gray)  # ink darkness over the local paper
    return ImageOps.autocontrast(ImageOps.invert(inverted_ink), cutoff=1)


def to_pgm(image: Image.Image) -> bytes:
    """The image as binary PGM: no compression to pay for, read by Tesseract from stdin."""
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")
    return buffer.getvalue()


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Words (level 5 rows) of Tesseract's TSV output, specks of noise left out.

    Words of one text line get one top and bottom, set from the line's baseline and capital height
    (as a text layer's words share their font's box), so the layout stage sees even lines.
    """
    lines: dict[tuple[str, ...], list[OcrWord]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) != 12 or cols[0] != "5":
            continue
        try:
            left, top, width, height = (int(c) for c in cols[6:10])
            confidence = float(cols[10])
        except ValueError:
            continue
        text = cols[11].strip()
        if text and confidence >= 0 and (confidence >= NOISE_CONFIDENCE or any(ch.isalnum() for ch in text)):
            lines.setdefault(tuple(cols[1:5]), []).append(OcrWord(text, left, top, width, height, confidence))
    return [word for line in lines.values() for word in level_line(line)]


def level_line(words: list[OcrWord]) -> list[OcrWord]:
    """The words of one line with a common font box: from cap height above the baseline to below it."""
    flat = [w for w in words if not DESCENDERS & set(w.text)] or words
    baseline = statistics.median(w.top + w.height for w in flat)
    tall = [w for w in flat if TALL & set(w.text)] or flat
    cap = max(1.0, statistics.median(baseline - w.top for w in tall))
    top, bottom = round(baseline - ASCENT * cap), round(baseline + DESCENT * cap)
    return [OcrWord(w.text, w.left, top, w.width, bottom - top, w.confidence) for w in words]


def skew_angle(gray: Image.Image, limit: float = SKEW_LIMIT) -> float:
    """Degrees (counter-clockwise) that make the text lines level: the turn giving the sharpest row profile."""
    ink = _ink(gray)
    coarse = _best_turn(ink, [a / 2 for a in range(-round(limit * 2), round(limit * 2) + 1)])
    return _best_turn(ink, [coarse + a / 10 for a in range(-4, 5)])


def _best_turn(ink: Image.Image, angles: list[float]) -> float:
    return max(angles, key=lambda a: (_sharpness(ink.rotate(a, resample=Image.Resampling.BILINEAR)), -abs(a)))


def _sharpness(ink: Image.Image) -> float:
    """How much the ink per row jumps from row to row: highest when lines are level."""
    rows = ink.resize((1, ink.height), Image.Resampling.BOX).tobytes()
    return float(sum((b - a) ** 2 for a, b in zip(rows, rows[1:], strict=False)))


def looks_sideways(gray: Image.Image) -> bool:
    """Do the text lines run up and down? (The ink per column jumps far more than the ink per row.)"""
    ink = _ink(gray)
    return _sharpness(ink.transpose(Image.Transpose.ROTATE_90)) > SIDEWAYS_RATIO * _sharpness(ink)


def _ink(gray: Image.Image) -> Image.Image:
    """A small copy with ink white and paper black, for measuring how lines run."""
    width = min(gray.width, SKEW_WIDTH)
    small = gray.resize((width, max(1, round(gray.height * width / gray.width))), Image.Resampling.BOX)
    return ImageOps.invert(small).point(lambda v: 255 if v > INK_LEVEL else 0)


def deskew(gray: Image.Image) -> Image.Image:
    """The page turned so its lines are level, when they are off by more than a trace."""
    angle = skew_angle(gray)
    if abs(angle) < MIN_SKEW:
        return gray
    return gray.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)  # same size: boxes stay on the page


_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)
_ORIENTATION_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)


def parse_osd(text: str, min_confidence: float = 1.0) -> int:
    """Degrees (counter-clockwise, as Pillow turns) that put the page upright; 0 if OSD is unsure."""
    rotate, confidence = _ROTATE.search(text), _ORIENTATION_CONFIDENCE.search(text)
    if rotate is None or confidence is None or float(confidence.group(1)) < min_confidence:
        return 0
    return (360 - int(rotate.group(1))) % 360


def mean_confidence(words: list[OcrWord]) -> float:
    """Mean word confidence on a 0-1 scale, each word weighted by its length; 0 for no words."""
    letters = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / letters / 100 if letters else 0.0
