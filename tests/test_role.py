"""Document roles: handouts, FAQs and advice letters explain; their findings become mentions."""

from __future__ import annotations

from pathlib import Path

import pytest

from shortsale_check.match import Matcher
from shortsale_check.model import Sentence
from shortsale_check.pipeline import scan_packet
from shortsale_check.role import EXPLAINER, REQUIREMENTS, TERMS, RoleWords, document_role


@pytest.fixture(scope="module")
def words() -> RoleWords:
    return RoleWords.load()


def _doc(*texts: str) -> list[Sentence]:
    return [Sentence("d.pdf", 1, 1, t, (), i) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    "texts",
    [
        (
            "Judgment Notes: A Guide for Pennsylvania Homeowners",
            "A judgment note lets a creditor enter judgment against the signer without a lawsuit.",
        ),
        (
            "Tri-County Housing Services",
            "This sheet is general information, not legal advice.",
            "Q: What is a deficiency?",
            "A: It is what is left on the loan after the sale price is paid to the lender.",
            "Q: Can the lender collect it?",
            "A: Sometimes; ask your lender for a written waiver.",
        ),
        (
            "ABERNATHY LAW OFFICE, ATTORNEYS AT LAW",
            "Dear Ms. Rios:",
            "If the bank hands you a note for the shortfall at closing, do not sign it until we talk.",
        ),
        (  # an institution's own policy: how it works, binding no borrower
            "LOAN POLICY 9.2 - SHORT PAYOFFS (excerpt)",
            "9.2.1 The Loan Committee may approve a short payoff and may require the borrower to sign a note.",
        ),
        (  # an examiner's findings across many files
            "REPORT OF EXAMINATION - SELECTED FINDINGS",
            "Finding 3: in four files the approval letter reserved the right to pursue the deficiency.",
        ),
    ],
)
def test_handouts_faqs_and_advice_letters_explain(words: RoleWords, texts: tuple[str, ...]) -> None:
    assert document_role(_doc(*texts), words).role == EXPLAINER


@pytest.mark.parametrize(
    "texts",
    [
        (  # a signed acknowledgment, whatever its title
            "Before You Sign: Borrower Acknowledgments",
            "I understand that the remaining balance is still owed.",
            "Initial each line: ____",
        ),
        (  # a collection firm's letterhead alone is no sign of advice
            "BRANDT & OSEI, LLC - ATTORNEYS AT LAW",
            "Our client, the holder of your note, will seek the deficiency balance from you.",
        ),
        (  # a servicer's approval letter
            "Approval of Short Sale",
            "We approve the sale and will accept the net proceeds.",
            "You remain liable for the deficiency.",
        ),
        (  # a servicer's questions and answers about your own loan
            "Questions and Answers About Your Short Sale Approval",
            "Q: Will I owe the rest of the loan?",
            "A: Yes. After the sale we may collect the unpaid balance from you.",
            "Q: When will the lien be released?",
            "A: We will record the release within 30 days.",
        ),
        (  # a letterhead whose street is named Guide Meridian: an address, not an explanatory title
            "Marten Creek Credit Union",
            "Collections | 1900 Guide Meridian, Lynden, WA 98264",
            "The credit union accepts $6,500.00 in full satisfaction of the line.",
        ),
        (),
    ],
)
def test_papers_that_bind_are_terms(words: RoleWords, texts: tuple[str, ...]) -> None:
    assert document_role(_doc(*texts), words).role == TERMS


def test_an_explainers_findings_are_mentions_outside_the_verdict(tmp_path: Path) -> None:
    from fpdf import FPDF

    def write(name: str, lines: list[str]) -> None:
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            pdf.multi_cell(0, 6, line)
            pdf.ln(2)
        pdf.output(str(tmp_path / name))

    write(
        "approval.pdf",
        [
            "Dear Borrower: We approve the short sale of your home.",
            "We waive the deficiency and release you from any further obligation on the loan.",
        ],
    )
    write(
        "handout.pdf",
        [
            "Cognovit Notes: What Ohio Homeowners Should Know",
            "A typical clause reads:",
            "The borrower agrees that any attorney may appear and confess judgment against the borrower for the"
            " unpaid balance.",
        ],
    )
    result = scan_packet(tmp_path, Matcher())
    roles = {d.file: d.role for d in result.documents}
    assert roles == {"approval.pdf": TERMS, "handout.pdf": EXPLAINER}
    assert [f.category for f in result.findings] == ["full_release"]
    assert [m.document for m in result.mentions] == ["handout.pdf"]
    assert result.verdict == "low_risk"


def test_a_list_of_title_requirements_gives_no_lien_release(tmp_path: Path) -> None:
    from fpdf import FPDF

    def write(name: str, lines: list[str]) -> None:
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            pdf.multi_cell(0, 6, line)
            pdf.ln(2)
        pdf.output(str(tmp_path / name))

    write(
        "approval.pdf",
        [
            "Dear Borrower: We approve the short sale of your home.",
            "The Bank will release its mortgage at closing.",
        ],
    )
    write(
        "commitment.pdf",
        [
            "Commitment for Title Insurance - Schedule C",
            "Requirements:",
            "2. Satisfaction of the mortgage from Ferndale Crossing Savings Bank to be recorded by the closer.",
            "3. The Seller acknowledges that the balance of the loan remains owed to the Bank after the sale.",
        ],
    )
    result = scan_packet(tmp_path, Matcher())
    roles = {d.file: d.role for d in result.documents}
    assert roles == {"approval.pdf": TERMS, "commitment.pdf": REQUIREMENTS}
    found = sorted((f.document, f.category) for f in result.findings)
    assert ("approval.pdf", "lien_release_only") in found  # the approval's own release stands
    assert ("commitment.pdf", "debt_acknowledgment") in found  # what the list says otherwise still counts
    assert all(not (d == "commitment.pdf" and c == "lien_release_only") for d, c in found)
    listed = [m for m in result.mentions if m.document == "commitment.pdf"]
    assert [m.category for m in listed] == ["lien_release_only"]
    assert listed[0].checks[-1].name == "requirement"


def test_a_bad_documents_yaml_is_a_clear_error() -> None:
    from shortsale_check.errors import RuleError

    with pytest.raises(RuleError, match="documents.yaml explainer_titles"):
        RoleWords.from_raw({"explainer_titles": "guide"})
    assert document_role(_doc("A Guide for Homeowners", "Text."), RoleWords.from_raw({})).role == TERMS


def test_a_plain_language_note_that_promises_to_pay_binds() -> None:
    sentences = _doc(
        "UNSECURED INSTALLMENT NOTE (PLAIN-LANGUAGE FORM)",
        "We promise to pay the Bank $23,116.40 in 72 monthly payments.",
        "If we miss a payment, we agree that the Bank can go to court and get a judgment against us.",
    )
    assert document_role(sentences, RoleWords.load()).role == TERMS
