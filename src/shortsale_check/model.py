"""Typed data passed between the pipeline stages.

extract -> segment -> match -> decide -> report.  Every stage takes and returns
these frozen dataclasses; untyped dicts appear only at the JSON boundary
(``report_json``).  Coordinates follow pdfplumber's vocabulary: PDF points,
origin at the top-left of the page, ``x0``/``x1`` horizontal, ``top``/``bottom``
vertical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Source = Literal["text", "ocr"]
Category = Literal[
    "confession_of_judgment",
    "debt_acknowledgment",
    "deficiency_note",
    "deficiency_reserved",
    "conditional_release",
    "lien_release_only",
    "full_release",
]
Severity = Literal["critical", "high", "medium", "info"]
Verdict = Literal["high_risk", "needs_review", "low_risk"]
Release = Literal["full", "conditional", "lien_only", "none"]

CATEGORIES: tuple[str, ...] = (
    "confession_of_judgment",
    "debt_acknowledgment",
    "deficiency_note",
    "deficiency_reserved",
    "conditional_release",
    "lien_release_only",
    "full_release",
)
ADVERSE: frozenset[str] = frozenset(
    {"confession_of_judgment", "debt_acknowledgment", "deficiency_note", "deficiency_reserved"}
)
SEVERITY_ORDER: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "info": 3}

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class Word:
    """One word on a page, with its box in PDF points."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    source: Source = "text"
    confidence: float = 1.0  # 1.0 for a native text layer; OCR engine confidence otherwise


@dataclass(frozen=True, slots=True)
class Page:
    """The words of one page, in the order the engine gave them."""

    document: str
    page_number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    source: Source = "text"
    readable: bool = True
    problem: str | None = None  # why the page is unreadable, in plain words


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the packet said about one file: the `documents[]` entry of the JSON."""

    file: str  # path relative to what was scanned
    pages: int
    ocr_pages: tuple[int, ...] = ()
    unreadable_pages: tuple[int, ...] = ()
    error: str | None = None
    role: str = "terms"  # terms | explainer (a handout, FAQ or advice letter: its findings are mentions) | requirements


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    info: DocumentInfo
    pages: tuple[Page, ...]


@dataclass(frozen=True, slots=True)
class PlacedWord:
    """A word of a sentence: its character span in ``Sentence.text`` and where it sits."""

    start: int
    end: int
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or list item / heading) as read, possibly crossing a page break."""

    document: str
    page: int  # 1-based page where it starts
    end_page: int
    text: str
    words: tuple[PlacedWord, ...]
    index: int = 0  # order within its document
    source: Source = "text"
    confidence: float = 1.0  # lowest word confidence (OCR), 1.0 for text

    def bbox(self, start: int = 0, end: int | None = None) -> BBox | None:
        """Union box, on the start page, of the words overlapping text[start:end]."""
        stop = len(self.text) if end is None else end
        boxes = [w for w in self.words if w.page == self.page and w.end > start and w.start < stop]
        if not boxes:
            return None
        return (
            min(w.x0 for w in boxes),
            min(w.top for w in boxes),
            max(w.x1 for w in boxes),
            max(w.bottom for w in boxes),
        )


@dataclass(frozen=True, slots=True)
class Check:
    """One step of a finding's reasoning: what was checked and what it gave."""

    name: str  # e.g. "actor", "negation", "condition", "fuzzy", "distractor"
    result: str  # e.g. "lender", "not negated", "none"
    detail: str = ""
    effect: float = 0.0  # change to the confidence


@dataclass(frozen=True, slots=True)
class Finding:
    category: str
    rule: str
    severity: str
    document: str
    page: int
    quote: str
    bbox: BBox | None
    confidence: float
    explanation: str
    advice: str
    triggers: tuple[str, ...] = ()  # the words that fired the rule, as they stand in the quote
    trigger_spans: tuple[tuple[int, int], ...] = ()  # character spans of the triggers in ``quote``
    checks: tuple[Check, ...] = ()
    end_page: int | None = None
    sentence_index: int = 0
    loan: str | None = None  # id of the loan the clause concerns, when it can be told


@dataclass(frozen=True, slots=True)
class Loan:
    """One loan the packet shows (contract: "Loans")."""

    id: str
    holder: str | None
    position: str  # first | second | third | unknown
    loan_number: str | None  # last four digits at most, e.g. "…2707"
    release: str
    documents: tuple[str, ...] = ()
    also_named: tuple[str, ...] = ()  # the same loan's servicer, investor or other spellings
    adverse: int = 0  # adverse findings tied to this loan


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """The property's state (contract: ``jurisdiction``), with where the packet shows it."""

    state: str | None = None  # two-letter code, None when the packet does not show it
    evidence: str | None = None  # e.g. "property address on page 1 of approval.pdf"
    document: str | None = None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Investor:
    """Who owns the loan and under which program, when the letters say so (contract: ``investor``)."""

    name: str | None = None  # "Fannie Mae", "Freddie Mac", "HUD/FHA", "VA", or a trust's name
    program: str | None = None  # e.g. "HAFA"
    evidence: str | None = None  # e.g. "approval.pdf p.1"
    document: str | None = None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A law or program rule that bears on the findings (contract: ``notes[]``); never changes the verdict."""

    id: str
    text: str
    citation: str
    applies_to: tuple[str, ...] = ()  # rule ids of the findings it bears on
    check: str | None = None  # what the packet shows for the note's own check (Nevada), in plain words


@dataclass(frozen=True, slots=True)
class ScanResult:
    packet: str
    verdict: str
    release: str
    summary: str
    documents: tuple[DocumentInfo, ...]
    findings: tuple[Finding, ...]
    pages_read: int = 0
    engine: str = "pdfium"
    tool_version: str = ""
    warnings: tuple[str, ...] = field(default=())
    loans: tuple[Loan, ...] = ()
    jurisdiction: Jurisdiction = Jurisdiction()
    investor: Investor = Investor()
    notes: tuple[Note, ...] = ()
    mentions: tuple[Finding, ...] = ()  # what rules found in explanatory documents: shown, not decided on


@dataclass(frozen=True, slots=True)
class Limits:
    """What one hostile file may cost."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000  # pages read per document; the rest are listed as unreadable
    max_words_per_page: int = 20000
    max_seconds_per_document: float = 120.0
