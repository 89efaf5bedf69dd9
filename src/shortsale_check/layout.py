"""Page layout for the segment stage: words -> lines -> reading order -> blocks.

Running headers/footers and page numbers are dropped, two-column pages are
read column by column, and lines are grouped into blocks (paragraphs, headings,
list items) by line spacing, indentation, lines that end early and list markers.
Decisions use x positions and line bottoms, which both engines agree on (their
character heights differ), so both give the same blocks.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Literal

from shortsale_check.model import Page, Word

BlockKind = Literal["text", "heading", "item"]

MARGIN_ZONE = 0.10  # top/bottom share of the page where running headers and footers live
PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-\u2013\u2014(\[]?\s*\d{1,4}\s*[-\u2013\u2014)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
PAGE_WORD = re.compile(r"^page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
LIST_MARKER = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]|\(\w{1,4}\)|[a-z][.)]|[A-Z]\)|[ivxlc]{1,5}[.)]|[\u2022\u25aa\u25e6\u00b7*\-\u2013])$"
)
TERMINAL = ".!?:"
CLOSERS = "\"')]\u201d\u2019"


@dataclass(frozen=True, slots=True)
class Line:
    """Words on one baseline (or one fragment of it), left to right, with their union box."""

    words: tuple[Word, ...]
    row: int  # index of the full line on its page; fragments of one line share it
    x0: float
    top: float
    x1: float
    bottom: float
    text: str

    @classmethod
    def of(cls, words: Sequence[Word], row: int) -> Line:
        ws = tuple(words)
        top, x1, bottom = min([w.top for w in ws]), max([w.x1 for w in ws]), max([w.bottom for w in ws])
        return cls(ws, row, ws[0].x0, top, x1, bottom, " ".join([w.text for w in ws]))


@dataclass(frozen=True, slots=True)
class Block:
    """Lines read as one unit: a paragraph, a heading or one list item."""

    page: int
    lines: tuple[Line, ...]
    kind: BlockKind = "text"

    @property
    def last_char(self) -> str:
        return self.lines[-1].text.rstrip(CLOSERS)[-1:]


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Cluster words into lines: a word joins a line when its middle lies within the line's height."""
    rows: list[list[Word]] = []
    bottom = -math.inf
    for word in sorted(words, key=_TOP):
        if (word.top + word.bottom) / 2 <= bottom:
            rows[-1].append(word)
        else:
            rows.append([word])
            bottom = word.bottom
    return [Line.of(sorted(r, key=_X0), i) for i, r in enumerate(rows)]


_TOP, _X0 = attrgetter("top"), attrgetter("x0")  # sort keys of every page's words (C, not a lambda per word)


def top_lines(words: Sequence[Word], limit: float) -> list[Line]:
    """The lines of ``group_lines(words)`` whose bottom is at most ``limit``, without building the others.

    Lines form in the order of their words' tops, so those words (top <= limit) make the same lines
    as in the whole page, but for the last: the first word below the limit either joins it (and its
    bottom, like the whole line's, is then below the limit) or starts a line that ends below it."""
    within = [w for w in words if w.top <= limit]
    below = [w for w in words if w.top > limit]
    if below:
        within.append(min(below, key=lambda w: w.top))  # the first of them in group_lines' sorted order
    return [line for line in group_lines(within) if line.bottom <= limit]


def furniture_keys(pages: Sequence[tuple[Page, list[Line]]]) -> set[tuple[str, str]]:
    """Header/footer texts (digits normalised) that repeat on at least half the pages with text."""
    readable = [(page, lines) for page, lines in pages if lines]
    if len(readable) < 2:
        return set()
    seen: Counter[tuple[str, str]] = Counter()
    for page, lines in readable:
        seen.update({k for line in lines if (k := _margin_key(line, page))})
    need = max(2, math.ceil(len(readable) / 2))
    return {k for k, n in seen.items() if n >= need}


def _margin_key(line: Line, page: Page) -> tuple[str, str] | None:
    if line.bottom <= page.height * MARGIN_ZONE:
        zone = "top"
    elif line.top >= page.height * (1 - MARGIN_ZONE):
        zone = "bottom"
    else:
        return None
    return zone, re.sub(r"\d+", "#", " ".join(line.text.lower().split()))


def is_page_number(line: Line, page: Page) -> bool:
    """'Page 3 of 7' anywhere; '- 3 -', '3', '3/7' in the top or bottom margin."""
    text = line.text.strip()
    if PAGE_WORD.match(text):
        return True
    return bool(PAGE_NUMBER.match(text)) and _margin_key(line, page) is not None


def body_lines(page: Page, lines: list[Line], furniture: set[tuple[str, str]]) -> list[Line]:
    """The page's lines without running headers/footers and page numbers (also beside other text)."""
    body: list[Line] = []
    for line in lines:
        if _margin_key(line, page) in furniture:
            continue
        parts = [f for f in fragments(line) if not is_page_number(f, page)]
        if len(parts) == 1 and parts[0] is line:
            body.append(line)
        elif parts:
            body.append(Line.of([w for f in parts for w in f.words], line.row))
    return body


def fragments(line: Line) -> list[Line]:
    """Split a line where the gap between two words is too wide for a space (a column gutter)."""
    gap = max(10.0, 2.5 * char_width(line))
    cuts = [i for i in range(1, len(line.words)) if line.words[i].x0 - line.words[i - 1].x1 > gap]
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line.words)]
    return [Line.of(line.words[a:b], line.row) for a, b in zip(bounds, bounds[1:], strict=False)]


def char_width(line: Line) -> float:
    """Average width of a character of the line (the same for every engine, unlike heights)."""
    return (line.x1 - line.x0) / max(1, len(line.text))


def reading_order(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of lines in reading order: for a two-column band, the left column then the right."""
    frags = [f for line in lines for f in fragments(line)]
    gutter = find_gutter(frags)
    if gutter is None:
        return [list(lines)]
    runs: list[list[Line]] = []
    band: list[Line] = []
    for frag in sorted(frags, key=lambda f: (f.top, f.x0)):
        if frag.x0 < gutter < frag.x1:  # a full-width line closes the band above it
            runs.extend(_columns(band, gutter))
            runs.append([frag])
            band = []
        else:
            band.append(frag)
    runs.extend(_columns(band, gutter))
    return [r for r in runs if r]


def _columns(band: list[Line], gutter: float) -> list[list[Line]]:
    left = [f for f in band if f.x1 <= gutter]
    right = [f for f in band if f.x0 >= gutter]
    return [_merge_rows(left), _merge_rows(right)]


def _merge_rows(frags: list[Line]) -> list[Line]:
    """Put fragments of the same line (same row) back together, top to bottom."""
    rows: dict[int, list[Word]] = {}
    for frag in frags:
        rows.setdefault(frag.row, []).extend(frag.words)
    return [Line.of(sorted(ws, key=lambda w: w.x0), row) for row, ws in sorted(rows.items())]


def find_gutter(frags: Sequence[Line]) -> float | None:
    """The x of a vertical gap between two columns of text, or None for a single column.

    Sweeps the fragments' left and right edges for the stretch, in the middle half of the text,
    crossed by the fewest fragments (full-width headings may cross it) and at least 8 pt wide.
    """
    if len(frags) < 6:
        return None
    x0, x1 = min(f.x0 for f in frags), max(f.x1 for f in frags)
    lo, hi = x0 + 0.25 * (x1 - x0), x0 + 0.75 * (x1 - x0)
    edges = sorted([(f.x0, 1) for f in frags] + [(f.x1, -1) for f in frags])
    best: tuple[int, float, float] | None = None  # (crossing, -width, centre)
    covered = 0
    for (x, step), (nxt, _) in zip(edges, edges[1:], strict=False):
        covered += step
        centre = (x + nxt) / 2
        if nxt - x >= 8 and lo <= centre <= hi and (best is None or (covered, x - nxt) < best[:2]):
            best = (covered, x - nxt, centre)
    if best is None:
        return None
    return best[2] if _is_two_columns(frags, best[2]) else None


def _is_two_columns(frags: Sequence[Line], gutter: float) -> bool:
    crossing = sum(1 for f in frags if f.x0 < gutter < f.x1)
    left = [f for f in frags if f.x1 <= gutter]
    right = [f for f in frags if f.x0 >= gutter]
    if crossing > 0.3 * len(frags) or len(left) < 3 or len(right) < 3:
        return False
    width = max(f.x1 for f in frags) - min(f.x0 for f in frags)
    if min(_median_width(left), _median_width(right)) < 0.25 * width:  # labels and values, not text
        return False
    tops = sorted(f.top for f in left)
    beside = sum(1 for r in right if _has_between(tops, 2 * r.top - r.bottom, r.bottom))
    return beside >= 0.5 * min(len(left), len(right))


def page_blocks(page: Page, lines: list[Line], furniture: set[tuple[str, str]]) -> list[Block]:
    """The body of a page (its ``lines`` from ``group_lines``) as blocks in reading order."""
    lines = body_lines(page, lines, furniture)
    if not lines:
        return []
    return [b for run in reading_order(lines) for b in make_blocks(run, page.page_number)]


@dataclass(frozen=True, slots=True)
class Column:
    """Where the lines of one run of text usually start and end, and how far apart they are."""

    left: float
    right: float  # where most lines end: the wrap width
    pitch: float  # usual distance from one line's bottom to the next one's

    @classmethod
    def of(cls, run: Sequence[Line]) -> Column:
        ends = sorted(line.x1 for line in run)
        pitches = sorted(b.bottom - a.bottom for a, b in zip(run, run[1:], strict=False) if b.top > a.top)
        pitch = pitches[len(pitches) // 4] if pitches else 0.0
        right = ends[-1] if len(ends) <= 6 else ends[int(0.8 * (len(ends) - 1))]  # robust to a wide line
        return cls(min(line.x0 for line in run), right, pitch)

    def is_short(self, line: Line) -> bool:
        return line.x1 < self.left + 0.65 * (self.right - self.left)


def make_blocks(run: Sequence[Line], page: int) -> list[Block]:
    """Group consecutive lines of one column into blocks."""
    column = Column.of(run)
    blocks: list[Block] = []
    current: list[Line] = []
    for line in run:
        if current and _starts_block(current, line, column):
            blocks.append(_block(current, page, column))
            current = []
        current.append(line)
    if current:
        blocks.append(_block(current, page, column))
    return blocks


def _starts_block(current: list[Line], line: Line, column: Column) -> bool:
    prev = current[-1]
    height = prev.bottom - prev.top
    size_ratio = (line.bottom - line.top) / height if height > 0 else 1.0
    if column.pitch and line.bottom - prev.bottom > 1.25 * column.pitch + 1:  # paragraph spacing
        return True
    if not 0.75 <= size_ratio <= 1.33 or starts_item(line) or (len(current) > 1 and line.x0 > prev.x0 + 8):
        return True
    if len(current) == 1 and _all_caps(prev.text) and sum(c.islower() for c in line.text) > 3:
        return True  # a capitals heading over a row or paragraph in ordinary case ("CHECKLIST" / "Note required: NO")
    if _MESSAGE_HEAD.match(line.text):
        return True  # a chat or text message's own line: "Ambrose 8/6 8:02pm: does the equity line bank ..."
    if line.text.startswith("_____") and _ANSWERED.search(prev.text):
        return True  # a signature blank under a row its answer ended ("... at closing ....... None" / "_____ Seller")
    return _ended_early(prev, line, column)


# a message's sender and time stamp, then a colon: "Daphne 8/6 8:10pm:", "Shawnda (BRBFCU) 2/5 12:40pm:"
_MESSAGE_HEAD = re.compile(
    r"(?:[A-Z][\w'.\-]*\s+){1,3}(?:\([^)]{1,25}\)\s+)?(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?,?\s+)?"
    r"\d{1,2}:\d{2}\s*(?:[aApP]\.?[mM]\.?|[aApP])?\s*:"
)
_ANSWERED = re.compile(
    r"(?:\.{3,}|:)\s*(?:none|no|n/a|yes|\$[\d,]+(?:\.\d\d)?)(?: (?:stated|required|provided|noted))?\s*$", re.IGNORECASE
)


def _all_caps(text: str) -> bool:
    """Two or more words, and every letter a capital."""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) > 1 and len(letters) > 3 and all(c.isupper() for c in letters)


def _ended_early(prev: Line, line: Line, column: Column) -> bool:
    """Did ``prev`` end although the first word of ``line`` would have fitted after it?"""
    if prev.text.endswith("-"):
        return False
    first = line.words[0]
    return prev.x1 + (first.x1 - first.x0) + char_width(prev) < column.right


def _block(lines: list[Line], page: int, column: Column) -> Block:
    last = lines[0].text.rstrip(CLOSERS)[-1:]
    if starts_item(lines[0]):
        kind: BlockKind = "item"
    elif len(lines) == 1 and column.is_short(lines[0]) and last not in TERMINAL:
        kind = "heading"
    else:
        kind = "text"
    return Block(page, tuple(lines), kind)


def starts_item(line: Line) -> bool:
    """Does the line begin with a list marker ("1.", "(a)", "a)", bullet, dash)?"""
    return len(line.words) > 1 and bool(LIST_MARKER.match(line.words[0].text))


def _has_between(values: list[float], low: float, high: float) -> bool:
    """Does the sorted list ``values`` hold a value strictly between ``low`` and ``high``?"""
    i = bisect.bisect_right(values, low)
    return i < len(values) and values[i] < high


def _median_width(frags: Sequence[Line]) -> float:
    widths = sorted(f.x1 - f.x0 for f in frags)
    return widths[len(widths) // 2]
