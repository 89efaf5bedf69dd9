"""The loans table of the HTML report and the per-loan lines of the terminal summary.

A view of ``ScanResult.loans`` (contract: "Loans"): one row per loan with its
holder, position, masked number, release and adverse findings, and for each
finding the loan it concerns (or that it could not be tied to one).  Loan
numbers are shown as stored: at most their last four digits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import Loan, ScanResult
from .report_json import sorted_findings

_POSITIONS = {
    "first": "First loan",
    "second": "Second loan",
    "third": "Third loan",
    "unknown": "Position not shown",
}
_RELEASES = {
    "full": "Full release",
    "conditional": "Conditional release only",
    "lien_only": "Lien release only",
    "none": "No release found",
}
_TONES = {"full": "ok", "conditional": "warning", "lien_only": "warning", "none": "danger"}
UNTIED = "Not tied to one loan: we could not tell which loan this clause concerns"


@dataclass(frozen=True, slots=True)
class LoanRow:
    id: str
    holder: str
    also_named: str
    position: str
    number: str
    release: str
    release_label: str
    tone: str  # "ok" | "warning" | "danger": a CSS class; the label says the same in words
    adverse: int
    documents: str


@dataclass(frozen=True, slots=True)
class LoansView:
    rows: tuple[LoanRow, ...] = ()
    weakest: str = ""  # the release that decides the packet, in words
    untied: int = 0  # findings that could not be tied to one loan
    by_anchor: Mapping[str, str] = field(default_factory=dict)  # "finding-N" -> the loan it concerns, in words


def holder_words(loan: Loan) -> str:
    return loan.holder or "Lender not named"


def loan_label(loan: Loan) -> str:
    """e.g. "Second loan — Cedar Valley Credit Union (…1180)"."""
    number = f" ({loan.loan_number})" if loan.loan_number else ""
    return f"{_POSITIONS.get(loan.position, loan.position)} — {holder_words(loan)}{number}"


def loan_row(loan: Loan) -> LoanRow:
    return LoanRow(
        id=loan.id,
        holder=holder_words(loan),
        also_named=", ".join(loan.also_named),
        position=_POSITIONS.get(loan.position, loan.position),
        number=loan.loan_number or "not shown",
        release=loan.release,
        release_label=_RELEASES.get(loan.release, loan.release),
        tone=_TONES.get(loan.release, "warning"),
        adverse=loan.adverse,
        documents=", ".join(loan.documents),
    )


def loans_view(result: ScanResult) -> LoansView:
    """The loans table; empty when the packet shows fewer than two loans."""
    if not result.loans:
        return LoansView()
    labels = {loan.id: loan_label(loan) for loan in result.loans}
    ordered = sorted_findings(result.findings)
    by_anchor = {f"finding-{n}": labels.get(f.loan or "", UNTIED) for n, f in enumerate(ordered, 1)}
    return LoansView(
        rows=tuple(loan_row(loan) for loan in result.loans),
        weakest=_RELEASES.get(result.release, result.release),
        untied=sum(1 for f in ordered if not f.loan or f.loan not in labels),
        by_anchor=by_anchor,
    )


def loan_lines(result: ScanResult) -> list[str]:
    """One terminal line per loan (only when there is more than one), e.g.
    ``loan-2  second  Cedar Valley Credit Union  …1180  release: none  adverse: 1``."""
    if len(result.loans) < 2:
        return []
    lines = [
        f"{loan.id}  {loan.position}  {holder_words(loan)}  {loan.loan_number or 'no number'}  "
        f"release: {loan.release}  adverse: {loan.adverse}"
        for loan in result.loans
    ]
    untied = sum(1 for f in result.findings if not f.loan)
    if untied:
        lines.append(f"{untied} finding(s) not tied to one loan")
    return lines
