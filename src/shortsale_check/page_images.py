"""Pictures of the page for the HTML report: each finding's clause, highlighted where it sits.

The pages are rendered from the same PDF the text came from (pypdfium2), so
OCR'd pages work too: their words carry boxes in the same PDF points.  Each
picture is a small JPEG embedded as a ``data:`` URI, so the report stays one
file.  The cost is bounded by :class:`ImageLimits` (pictures per report,
pixels and bytes per picture).  A file that cannot be rendered (not a PDF,
encrypted, missing) gives no picture, never an error.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from .model import BBox, Finding

log = logging.getLogger(__name__)

HIGHLIGHT_FILL = (255, 214, 0, 96)  # translucent yellow: the words stay readable
HIGHLIGHT_EDGE = (200, 40, 0, 255)  # a solid outline, so the box shows in grey print too


@dataclass(frozen=True, slots=True)
class ImageLimits:
    max_findings: int = 20  # cropped pictures per report
    max_pages: int = 8  # whole-page pictures per report
    crop_scale: float = 1.5  # pixels per PDF point for the crops
    page_scale: float = 1.0  # pixels per PDF point for the whole pages
    context_points: float = 54.0  # page shown above and below the clause
    max_crop_pixels: int = 600_000
    max_page_pixels: int = 1_000_000
    max_bytes: int = 60_000  # per crop
    max_page_bytes: int = 120_000  # per whole page


@dataclass(frozen=True, slots=True)
class PageImage:
    anchor: str  # id of the whole-page section in the report
    document: str
    page: int
    uri: str  # data:image/jpeg;base64,...
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class FindingImage:
    uri: str
    width: int
    height: int
    page_anchor: str | None  # the whole page, when it was rendered
    highlight: tuple[int, int, int, int]  # the highlight box in the picture's pixels


@dataclass(frozen=True, slots=True)
class ReportImages:
    findings: Mapping[int, FindingImage]  # keyed by the finding's index in the sorted list
    pages: tuple[PageImage, ...]


def page_anchor(document: str, page: int) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in document.lower()).strip("-")
    return f"page-{safe}-{page}"


def render_images(
    findings: Sequence[Finding], sources: Mapping[str, Path], limits: ImageLimits | None = None
) -> ReportImages:
    """Pictures for ``findings`` (in report order) whose document is in ``sources`` and that have a box."""
    limits = limits or ImageLimits()
    wanted = [(i, f) for i, f in enumerate(findings) if f.bbox is not None and f.document in sources]
    wanted = wanted[: limits.max_findings]
    pages = _pages_wanted(wanted, limits)
    crops: dict[int, FindingImage] = {}
    page_images: list[PageImage] = []
    for document in dict.fromkeys(f.document for _, f in wanted):
        with _open_pdf(sources[document]) as pdf:
            if pdf is None:
                continue
            mine = [(i, f) for i, f in wanted if f.document == document]
            for number in dict.fromkeys(f.page for _, f in mine):
                on_page = [(i, f) for i, f in mine if f.page == number]
                rendered = _render_page(pdf, document, number, on_page, pages, limits)
                if rendered is None:
                    continue
                whole, page_crops = rendered
                if whole is not None:
                    page_images.append(whole)
                crops.update(page_crops)
    return ReportImages(crops, tuple(page_images))


def _pages_wanted(wanted: Sequence[tuple[int, Finding]], limits: ImageLimits) -> set[tuple[str, int]]:
    keys = dict.fromkeys((f.document, f.page) for _, f in wanted)
    return set(list(keys)[: limits.max_pages])


@contextmanager
def _open_pdf(path: Path) -> Iterator[object | None]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # not a PDF, encrypted, gone: no picture, the report still renders
        log.debug("no page pictures for %s: %s", path.name, type(exc).__name__)
        yield None
        return
    try:
        yield pdf
    finally:
        pdf.close()


def _render_page(
    pdf: object,
    document: str,
    number: int,
    on_page: Sequence[tuple[int, Finding]],
    pages: set[tuple[str, int]],
    limits: ImageLimits,
) -> tuple[PageImage | None, dict[int, FindingImage]] | None:
    try:
        page = pdf[number - 1]  # type: ignore[index]
        width, height = (float(v) for v in page.get_size())
        scale = _fit_scale(width, height, limits.crop_scale, limits.max_crop_pixels * 4)
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
    except Exception as exc:  # a page pdfium cannot draw: skip its pictures
        log.debug("page %d of %s not rendered: %s", number, document, type(exc).__name__)
        return None
    boxes = [(i, _to_pixels(f.bbox, scale, image.size)) for i, f in on_page if f.bbox is not None]
    anchor = page_anchor(document, number)
    whole = (
        _whole_page(image, [b for _, b in boxes], document, number, anchor, limits)
        if ((document, number) in pages)
        else None
    )
    crops = {i: _crop(image, box, scale, limits, anchor if whole else None) for i, box in boxes}
    return whole, crops


def _fit_scale(width: float, height: float, scale: float, max_pixels: int) -> float:
    pixels = width * height * scale * scale
    return scale if pixels <= max_pixels else scale * (max_pixels / pixels) ** 0.5


def _to_pixels(bbox: BBox | None, scale: float, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The box in pixels, clamped to the page (a box partly off the page is cut to it)."""
    x0, top, x1, bottom = bbox or (0.0, 0.0, 0.0, 0.0)
    w, h = size
    left, right = sorted((int(x0 * scale) - 3, int(x1 * scale) + 3))
    upper, lower = sorted((int(top * scale) - 3, int(bottom * scale) + 3))
    left, right = max(0, min(left, w - 1)), max(1, min(right, w))
    upper, lower = max(0, min(upper, h - 1)), max(1, min(lower, h))
    return left, upper, max(right, left + 1), max(lower, upper + 1)


def _highlight(image: Image.Image, boxes: Sequence[tuple[int, int, int, int]], edge: int) -> Image.Image:
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in boxes:
        draw.rectangle(box, fill=HIGHLIGHT_FILL, outline=HIGHLIGHT_EDGE, width=edge)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def _crop(
    page: Image.Image, box: tuple[int, int, int, int], scale: float, limits: ImageLimits, anchor: str | None
) -> FindingImage:
    margin = int(limits.context_points * scale)
    w, h = page.size
    upper, lower = max(0, box[1] - margin), min(h, box[3] + margin)
    local = (box[0], box[1] - upper, box[2], box[3] - upper)
    region = _highlight(page.crop((0, upper, w, lower)), [local], 3)
    full_w, full_h = region.size
    region, _ = _shrink(region, limits.max_crop_pixels)
    uri, region = _encode(region, limits.max_bytes)
    sx, sy = region.width / full_w, region.height / full_h
    hl = (int(local[0] * sx), int(local[1] * sy), int(local[2] * sx), int(local[3] * sy))
    return FindingImage(uri, region.width, region.height, anchor, hl)


def _whole_page(
    page: Image.Image,
    boxes: Sequence[tuple[int, int, int, int]],
    document: str,
    number: int,
    anchor: str,
    limits: ImageLimits,
) -> PageImage:
    image = _highlight(page, boxes, 3)
    target = limits.page_scale / limits.crop_scale
    image = image.resize(
        (max(1, int(image.width * target)), max(1, int(image.height * target))), Image.Resampling.LANCZOS
    )
    image, _ = _shrink(image, limits.max_page_pixels)
    uri, image = _encode(image, limits.max_page_bytes)
    return PageImage(anchor, document, number, uri, image.width, image.height)


def _shrink(image: Image.Image, max_pixels: int) -> tuple[Image.Image, float]:
    pixels = image.width * image.height
    if pixels <= max_pixels:
        return image, 1.0
    factor = (max_pixels / pixels) ** 0.5
    size = (max(1, int(image.width * factor)), max(1, int(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS), factor


def _encode(image: Image.Image, max_bytes: int) -> tuple[str, Image.Image]:
    """JPEG bytes under ``max_bytes``: lower quality first, then smaller pictures."""
    for _ in range(6):
        for quality in (72, 55, 40):
            buf = io.BytesIO()
            image.save(buf, format="JPEG", quality=quality, optimize=True)
            if buf.tell() <= max_bytes:
                return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii"), image
        image = image.resize(
            (max(1, int(image.width * 0.8)), max(1, int(image.height * 0.8))), Image.Resampling.LANCZOS
        )
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii"), image
