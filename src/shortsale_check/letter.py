"""The request letter: what the homeowner sends the lender before signing.

It asks for a written release from any further obligation and a deficiency
waiver that binds the lender's successors and assigns, and for the adverse
wording found to be removed.  Lender name, loan number (masked to its last
four digits) and property address are filled in when the packet shows them,
found by a few plain patterns in the text of the first pages; blanks in
brackets are left for the homeowner otherwise.

A :class:`Letter` is data: the HTML template renders it (escaped), and
:func:`letters_text` joins it into the ``.txt`` file beside the report.
Nothing here logs document text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import ADVERSE, Finding, ScanResult
from .report_json import sorted_findings
from .report_text import clean, shorten

MAX_PAGES_PER_DOCUMENT = 3
MAX_TEXT_CHARS = 200_000
MAX_CLAUSES = 8
QUOTE_CHARS = 240

_SUFFIX = (
    r"(?:Mortgage(?: (?:Company|Corp\.?|Corporation|Servicing|Services|LLC))?|Bank(?:,?\s+N\.A\.)?|"
    r"Servicing|Credit\s+Union|FCU|Home\s+Loans|Savings(?:\s+Bank)?|Home\s+Finance|Bancorp|Lending|Financial)"
)
_NAME_WORD = r"[A-Z][A-Za-z&'.\-]*"
_COMPANY = re.compile(rf"\b((?:{_NAME_WORD} ){{1,5}}{_SUFFIX})(?![A-Za-z])(?!\s+Protection)")
_LEADING = frozenset({"the", "your", "our", "this", "a", "an", "payoff", "of", "any", "new", "and", "to", "with"})
_GENERIC = frozenset(
    {
        "first",
        "second",
        "third",
        "junior",
        "senior",
        "home",
        "equity",
        "deed",
        "trust",
        "reverse",
        "existing",
        "loan",
        "lien",
        "private",
        "federal",
        "mortgage",
        "bank",
        "credit",
    }
)
_LOAN_NUMBER = re.compile(
    r"\b(?:loan|account)\s*(?:number|no\.?|#)?\s*(?:ending(?:\s+in)?)?\s*[:#]?\s*([*xX•]*\d[\d\- ]{2,20}\d)\b",
    re.IGNORECASE,
)
_STREET = r"\d{1,6}\s+(?:[A-Z][A-Za-z.'\-]*\s+){0,5}[A-Z][A-Za-z.'\-]*"
_CITY_STATE_ZIP = (
    r"(?:,\s*(?:Apt\.?|Unit|#)\s*[\w\-]{1,8})?,\s*[A-Z][A-Za-z.' ]{1,30},\s*[A-Z][A-Za-z]+\.?\s+\d{5}(?:-\d{4})?"
)
_ADDRESS = re.compile(
    rf"(?i:property\s+(?:located\s+)?at|property(?:\s+address)?\s*:|subject\s+property\s*:?|sale\s+of)\s+"
    rf"({_STREET}(?:{_CITY_STATE_ZIP})?)"
)


@dataclass(frozen=True, slots=True)
class PacketFacts:
    """What the letter is filled with; ``None`` when the packet does not show it."""

    lender: str | None = None
    loan_number: str | None = None  # masked: "…2707"
    property_address: str | None = None


@dataclass(frozen=True, slots=True)
class ClauseToFix:
    quote: str
    where: str  # "approval-letter.pdf, page 2"


@dataclass(frozen=True, slots=True)
class Letter:
    lender: str | None
    loan_number: str | None
    property_address: str | None
    salutation: str
    subject: str
    reference: str
    opening: str
    requests: tuple[str, ...]
    clauses: tuple[ClauseToFix, ...]
    closing: tuple[str, ...]


# --------------------------------------------------------------------------- facts


def mask_loan_number(raw: str) -> str | None:
    """Only the last four digits, as "…2707"; ``None`` when fewer than four digits are shown."""
    digits = re.sub(r"\D", "", raw)
    return "…" + digits[-4:] if len(digits) >= 4 else None


def facts_from_text(text: str) -> PacketFacts:
    """Lender, masked loan number and property address, by plain patterns; the most frequent wins."""
    text = re.sub(r"[ \t\r\f\v]+", " ", text[:MAX_TEXT_CHARS])
    lenders = Counter(_company(m.group(1)) for m in _COMPANY.finditer(text))
    lenders.pop(None, None)
    numbers = Counter(mask_loan_number(m.group(1)) for m in _LOAN_NUMBER.finditer(text))
    numbers.pop(None, None)
    address = next((_address(m.group(1)) for m in _ADDRESS.finditer(text) if _address(m.group(1))), None)
    return PacketFacts(
        lender=lenders.most_common(1)[0][0] if lenders else None,
        loan_number=numbers.most_common(1)[0][0] if numbers else None,
        property_address=address,
    )


def _company(raw: str) -> str | None:
    words = raw.split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    if len(words) < 2 or all(w.lower().strip(".,") in _GENERIC | _LEADING for w in words[:-1]):
        return None
    name = " ".join(words)
    return name if len(name) <= 80 else None


def _address(raw: str) -> str | None:
    address = clean(raw).rstrip(" ,.")
    return address if 6 <= len(address) <= 120 and re.search(r"[A-Za-z]", address) else None


def read_facts(sources: Mapping[str, Path]) -> PacketFacts:
    """Facts from the text layer of the first pages of each PDF (scanned pages carry none)."""
    return facts_from_text("\n".join(_pdf_text(path) for path in sources.values()))


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # not a PDF, encrypted, gone: the letter keeps its blanks
        return ""
    parts: list[str] = []
    try:
        for index in range(min(len(pdf), MAX_PAGES_PER_DOCUMENT)):
            page = pdf[index]
            textpage = page.get_textpage()
            parts.append(str(textpage.get_text_range()))
            textpage.close()
            page.close()
    except Exception:
        pass
    finally:
        pdf.close()
    return "\n".join(parts)[:MAX_TEXT_CHARS]


# --------------------------------------------------------------------------- letters


def letter_needed(result: ScanResult) -> bool:
    return not (result.verdict == "low_risk" and result.release == "full")


def build_letters(result: ScanResult, facts: PacketFacts | None = None) -> tuple[Letter, ...]:
    """One letter per lender that has not fully released (one for the packet when no holder is known)."""
    if not letter_needed(result):
        return ()
    facts = facts or PacketFacts()
    findings = sorted_findings(result.findings)
    if any(loan.holder for loan in result.loans):
        return tuple(
            _letter(loan.holder, loan.loan_number, facts.property_address, [f for f in findings if f.loan == loan.id])
            for loan in result.loans
            if loan.release != "full"
        )
    return (_letter(facts.lender, facts.loan_number, facts.property_address, findings),)


def _letter(lender: str | None, loan_number: str | None, address: str | None, findings: Sequence[Finding]) -> Letter:
    lender = clean(lender) if lender else None
    loan_number = mask_loan_number(loan_number) if loan_number else None
    who = lender or "[lender's name]"
    number = f"loan number ending {loan_number.lstrip('…')}" if loan_number else "loan number [last four digits]"
    place = address or "[property address]"
    adverse = [f for f in findings if f.category in ADVERSE][:MAX_CLAUSES]
    return Letter(
        lender=lender,
        loan_number=loan_number,
        property_address=address,
        salutation=f"Dear {who}:",
        subject="Request for a written release from any further obligation and a waiver of any deficiency",
        reference=f"Re: {number}; property at {place}",
        opening=(
            f"I am the borrower on the loan above and am selling the property in a short sale that {who} "
            "has been asked to approve. Before I sign the closing papers, please send me a written statement, "
            "signed by an authorized officer, that says:"
        ),
        requests=(
            f"On closing of the short sale, {who} accepts the sale proceeds in full satisfaction of the loan, "
            "waives any deficiency, and releases me (and any co-borrower) from any further obligation on the "
            "loan and on the promissory note.",
            f"This release and waiver bind {who}'s successors and assigns, the owner or investor of the loan, "
            f"and anyone for whom {who} acts, and the remaining balance will not be sold, assigned or referred "
            "to a collection agency.",
            "I will not be asked to sign a new promissory note, or to pay anything beyond what the approval "
            "already states, for this release.",
        ),
        clauses=tuple(
            ClauseToFix(shorten(clean(f.quote), QUOTE_CHARS), f"{clean(f.document)}, page {f.page}") for f in adverse
        ),
        closing=(
            "Please reply in writing before the closing date. Thank you.",
            "Sincerely,",
            "[Your name]",
            "[Your mailing address]",
            "[Date]",
        ),
    )


def letters_text(letters: Sequence[Letter]) -> str:
    """The letters as plain text for the ``.txt`` file (every piece already cleaned of control characters)."""
    blocks = [_letter_text(letter) for letter in letters]
    return ("\n\n" + "-" * 72 + "\n\n").join(blocks) + "\n" if blocks else ""


def _letter_text(letter: Letter) -> str:
    lines = [letter.reference, f"Subject: {letter.subject}", "", letter.salutation, "", letter.opening, ""]
    lines += [f"{n}. {text}" for n, text in enumerate(letter.requests, 1)]
    if letter.clauses:
        lines += [
            "",
            "Please also remove or correct this wording in the papers you sent me, which says I would "
            "still owe money after the sale or lets you collect it:",
        ]
        lines += [f"- \u201c{c.quote}\u201d ({c.where})" for c in letter.clauses]
    lines += ["", *letter.closing]
    return "\n".join(lines)


def letter_path(out: Path, packet: str) -> Path:
    return out / f"{packet}-request-letter.txt"


def write_letter(
    result: ScanResult,
    path: Path,
    sources: Mapping[str, Path] | None = None,
    letters: tuple[Letter, ...] | None = None,
) -> Path | None:
    """Write the request letter(s) as UTF-8 text; ``None`` (and no file) when no letter is needed.

    ``letters`` already built (for the HTML report too) are written as they are; otherwise they are
    built here, filled from ``sources``."""
    from .report_json import write_text_atomic

    if letters is None:
        letters = build_letters(result, read_facts(sources) if sources else None)
    if not letters:
        path.unlink(missing_ok=True)  # a stale letter from an earlier scan would mislead
        return None
    return write_text_atomic(path, letters_text(letters))
