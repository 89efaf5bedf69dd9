"""Issue 7: every loan on the property needs its own release.

The multi-loan fixture packets (tests/fixtures/packets/src/loans-*.yaml) carry per-loan
truth in labels.jsonl: each loan's holder, position, last four digits and release, and
the loan of each labelled clause.  Loan numbers are never shown with more than four digits.
"""

from __future__ import annotations

import re

import pytest
from loans_eval import score_packet, truth_sets

from conftest import PACKETS, read_labels
from shortsale_check import report_json
from shortsale_check.loan_find import LETTERHEAD, DocFacts, Mention, holder_names, mask, name_key, numbers, position_of
from shortsale_check.loan_vocab import LoanWords, patterns
from shortsale_check.loans import build_loans, loan_map, tie
from shortsale_check.match import Matcher
from shortsale_check.model import Finding, ScanResult
from shortsale_check.pipeline import scan_packet
from shortsale_check.report_html import render_html
from shortsale_check.report_text import summary_lines

LABELS = {line["packet"]: line for line in read_labels(PACKETS / "labels.jsonl") if line.get("loans")}
IDS = sorted(LABELS)
WORDS = LoanWords.load()


@pytest.fixture(scope="module")
def results(matcher: Matcher) -> dict[str, ScanResult]:
    return {pid: scan_packet(PACKETS / pid, matcher) for pid in IDS}


def test_there_are_multi_loan_fixtures() -> None:
    assert len(IDS) >= 6
    assert any(len(LABELS[pid]["loans"]) == 3 for pid in IDS)


@pytest.mark.parametrize("pid", IDS)
def test_loans_found(pid: str, results: dict[str, ScanResult]) -> None:
    got = [(ln.id, ln.holder, ln.position, ln.loan_number, ln.release) for ln in results[pid].loans]
    want = [
        (t["id"], t["holder"], t["position"], "\u2026" + t["loan_number"], t["release"]) for t in LABELS[pid]["loans"]
    ]
    assert got == want, f"{pid}: loans"


@pytest.mark.parametrize("pid", IDS)
def test_findings_tied_to_their_loan(pid: str, results: dict[str, ScanResult]) -> None:
    score = score_packet(pid, results[pid], truth_sets()[pid][1])
    assert score.ties == len([c for c in LABELS[pid]["clauses"] if c.get("loan")]), f"{pid}: clauses not found"
    assert score.ties_right == score.ties, f"{pid}: {score.problems}"


@pytest.mark.parametrize("pid", IDS)
def test_verdict_and_weakest_release(pid: str, results: dict[str, ScanResult]) -> None:
    result, label = results[pid], LABELS[pid]
    order = ("none", "lien_only", "conditional", "full")
    assert result.release == min((ln.release for ln in result.loans), key=order.index)
    assert (result.verdict, result.release) == (label["verdict"], label["release"])
    if any(ln.release != "full" for ln in result.loans):
        assert result.verdict != "low_risk"


def test_servicer_and_investor_are_one_loan(results: dict[str, ScanResult]) -> None:
    first = results["loans-servicer-investor"].loans[0]
    assert "Ridgeline Mortgage Trust" in first.also_named
    assert "investor-consent.pdf" in first.documents


def test_insurer_reservation_is_on_the_loan_it_insures(results: dict[str, ScanResult]) -> None:
    result = results["loans-insurer-reservation"]
    reserved = [f for f in result.findings if f.category == "deficiency_reserved"]
    assert reserved and all(f.loan == "loan-1" for f in reserved)
    assert result.loans[0].adverse == len(reserved)


@pytest.mark.parametrize("pid", IDS)
def test_no_more_than_four_digits_of_a_loan_number_anywhere(pid: str, results: dict[str, ScanResult]) -> None:
    result = results[pid]
    outputs = {
        "json": report_json.dumps(result),
        "html": render_html(result),
        "text": "\n".join(summary_lines(result)),
    }
    for kind, text in outputs.items():
        long_runs = [run for run in re.findall(r"\d{5,}", text) if run.endswith(("2707", "1180", "6634", "8809"))]
        assert not long_runs, f"{pid}: {kind} shows a full loan number {long_runs}"


def test_reports_show_each_loan(results: dict[str, ScanResult]) -> None:
    result = results["loans-second-silent"]
    html = render_html(result)
    assert 'id="loans"' in html and "Cedar Valley Credit Union" in html and "\u20261180" in html
    lines = summary_lines(result)
    assert sum(line.startswith("loan: ") for line in lines) == 2


def test_loans_read_back_from_json(results: dict[str, ScanResult]) -> None:
    result = results["loans-three-second-note"]
    again = report_json.loads(report_json.dumps(result))
    assert again.loans == result.loans
    assert [f.loan for f in again.findings] == [f.loan for f in report_json.sorted_findings(result.findings)]


def test_single_loan_packets_list_no_loans(matcher: Matcher) -> None:
    result = scan_packet(PACKETS / "full-release-lender-waives", matcher)
    assert result.loans == () and all(f.loan is None for f in result.findings)


# --------------------------------------------------------------------------- the words


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Payoff of loan to Harbor Point Mortgage Company, loan no. ending 9921", ["Harbor Point Mortgage Company"]),
        ("SIERRA BASIN HOME LOANS HEREBY WAIVES ITS RIGHT", ["SIERRA BASIN HOME LOANS"]),
        ("To: Willamette Trust Services, Inc., Trustee", []),
        ("SELLER'S SETTLEMENT STATEMENT - Pinecrest Title & Escrow, LLC", []),
        ("the mortgage insurer, Keystone Guaranty Mortgage Insurance Corp., may pursue you", []),
        ("Release of Second Mortgage Lien", []),
        ("CANCELLATION OF DEED OF TRUST AND NOTE", []),
        ("Delaware Bay Home Equity Services, LLC - Account ****6004", ["Delaware Bay Home Equity Services, LLC"]),
        # descriptions, not names: a suffix word in lower case, an investor's program, an advice office, a question
        ("Open mortgage of record to be paid at closing", []),
        ("Fannie Mae's servicing guide caps the amount paid to a second lien", []),
        ("Unlike most Nevada lenders, the Bank waives", []),
        ("VA Home Loans may establish a debt for its guaranty", []),
        ("CENTRAL VALLEY LEGAL SERVICES - Homeowner Glossary", []),
        ("Did the Trust agree to the second lien payment?", []),
        ("THE NOTE IS NOT RELEASED, AND ALL OTHER RIGHTS OF THE CREDIT UNION ARE RESERVED.", []),
        # an escrow instruction's list letter and verb are no part of the name; an initial is
        ("B. Pay Tamarack Flats Credit Union $6,000.00 and obtain its release", ["Tamarack Flats Credit Union"]),
        ("J. Pruitt Savings Bank will release its lien", ["J. Pruitt Savings Bank"]),
        # a city in a lender's name is no city government ("City of Harlow Utilities" is)
        ("Loan serviced by Falls City Quarry Mortgage", ["Falls City Quarry Mortgage"]),
        ("Payoff to City of Harlow Utilities Services", []),
    ],
)
def test_holder_names(text: str, names: list[str]) -> None:
    assert [n for _, _, n in holder_names(text, WORDS)] == names


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Re: Loan No. 0048812707", ["2707"]),
        ("Account ending 5562", ["5562"]),
        ("Loan no.: ending 8809", ["8809"]),
        ("Home equity loan ****8841", ["8841"]),
        ("Re: home equity loan ...3316, now owned by a fund", ["3316"]),  # three dots mask the number
        ("Collateral formerly securing the loan: 1206 Blue Heron Court", []),
        ("Escrow No. ES-39571", []),
        ("a satisfaction of the mortgage securing home equity line ...1159", ["1159"]),  # a line masked
        ("your line ending 6631 will be closed", ["6631"]),
        ("See line 1303 of the settlement statement", []),  # a HUD-1 line number
        ("Your personal line of credit ending 5512 is a separate account", []),
    ],
)
def test_loan_numbers(text: str, found: list[str]) -> None:
    assert [n for _, n in numbers(text, WORDS)] == found


def test_masking_and_names() -> None:
    assert mask("0048812707") == "\u20262707"
    assert name_key("Great Basin Teachers Federal Credit Union", WORDS) == name_key("Great Basin Teachers FCU", WORDS)
    assert name_key("Harbor Point Mortgage Company", WORDS) == name_key("HARBOR POINT MORTGAGE", WORDS)
    assert position_of("Payoff of second mortgage to Cedar Valley Credit Union", WORDS) == "second"
    assert position_of("the first lien and the home equity line", WORDS) is None


def test_vocabulary_file_is_data() -> None:
    assert WORDS.holder_suffixes and WORDS.payoff_cues and WORDS.insurer_words
    assert "credit union" in WORDS.holder_suffixes


def _facts(document: str, *mentions: Mention, position: str | None = None) -> DocFacts:
    return DocFacts(document, position, mentions)


def test_a_letterhead_alone_shows_no_loan() -> None:
    """A legal-aid handout's or a title search's letterhead names nobody's loan; a letterhead with a
    loan number, or over a document about a lien position, does."""
    lender = Mention(LETTERHEAD, 1, -1, "Harbor Point Mortgage Company", "2707", None)
    handout = Mention(LETTERHEAD, 1, -1, "Truckee Meadows Commerce Bank", None, None)
    drafts, _ = build_loans([_facts("approval.pdf", lender), _facts("business-line.pdf", handout)], WORDS)
    assert len(drafts) == 1
    second = Mention(LETTERHEAD, 1, -1, "Cedar Valley Credit Union", None, None)
    drafts, _ = build_loans([_facts("approval.pdf", lender), _facts("heloc.pdf", second, position="second")], WORDS)
    assert len(drafts) == 2


def test_an_unsecured_line_is_not_a_loan_on_the_property() -> None:
    doc_sentences = "Seller's personal line of credit with Narrows Federal Credit Union is unsecured and is not paid."
    assert holder_names(doc_sentences, WORDS)  # the name is read ...
    assert patterns(WORDS).other_party.search(doc_sentences)  # ... but the sentence is about another debt


@pytest.mark.parametrize(
    "sentence",
    [
        "This letter does not concern the personal loan you have with our affiliate, Cedar Flats Consumer Finance.",
        "Payoff of transcript of judgment, Larkin Valley Billing Services v. R. Doe, No. 2021-CV-88 ... $1,200.00.",
        "Title report: a 2009 equity line with Alder Cove Credit Union was reconveyed of record in 2013; "
        "nothing is owed on it.",
        "Your operating line with Sandhill Prairie Bank, Loan No. 71-0932, is secured by your crops and "
        "equipment and is not part of this approval.",
        "Payoff of water and sewer lien, Larkin Valley Utilities Bank account 55-7712 ... $318.20",
        "Kestrel purchase: new first deed of trust and note to Alderbrook Home Loans, $212,000.00.",
        "1994 mortgage to Quillback Grange Savings released 2003, Book 88 Page 12",  # a year, not the digits "19"
        "Old equity line, Marrowstone Bank, closed in 2011 and satisfied of record.",
        "The equity mortgage to Tamarack Shoals Credit Union recorded in 2012 was discharged in Liber 3104.",
        "PALMER RIDGE BANK CARD acct ****4410 revolving, charged off 2022, balance $1,906",
    ],
)
def test_a_personal_loan_or_a_line_reconveyed_long_ago_is_another_debt(sentence: str) -> None:
    assert holder_names(sentence, WORDS)  # the lender's name is read ...
    assert patterns(WORDS).other_party.search(sentence)  # ... but not as a loan to release in this sale


def test_an_investor_named_with_its_servicer_is_not_part_of_the_name() -> None:
    """ "Freddie Mac and Naugatuck Ledge Mortgage Corp. waive ...": one holder, the servicer (the investor is its
    loan's owner, not a second loan)."""
    names = [n for _, _, n in holder_names("Freddie Mac and Naugatuck Ledge Mortgage Corp. waive any right.", WORDS)]
    assert names == ["Naugatuck Ledge Mortgage Corp."]
    assert [n for _, _, n in holder_names("Paid to Bowne Savings and Loan Association.", WORDS)] != []


def test_a_loan_that_passed_to_a_debt_buyer_is_one_loan() -> None:
    """ "former Ledgewood Savings Bank home equity loan ...3316, now owned by Birchfield Receivables, LLC": one loan
    number and two holders joined by a transfer names the same loan twice."""
    from shortsale_check.loan_find import _sentence_mentions
    from shortsale_check.model import Sentence

    text = "Re: former Ledgewood Savings Bank home equity loan ...3316, now owned by Birchfield Receivables, LLC"
    sentence = Sentence(document="letter.pdf", page=1, end_page=1, text=text, words=())
    found = [(m.holder, m.number) for m in _sentence_mentions(sentence, WORDS)]
    assert found == [("Ledgewood Savings Bank", "3316"), ("Birchfield Receivables, LLC", "3316")]


def test_a_name_with_more_words_before_it_is_the_same_holder() -> None:
    """ "Lockhouse FCU" in an e-mail and "Rondout Lockhouse Federal Credit Union" in its letter, or a line's
    people run into the name ("Ann and Bo Roe Suwannee Reach Credit Union"), name one holder, not two."""
    letter = Mention(LETTERHEAD, 1, -1, "Rondout Quillmark Federal Credit Union", "3390", "second")
    mail = Mention("named", 1, 4, "Quillmark FCU", None, "second")
    first = Mention(LETTERHEAD, 1, -1, "Esopus Brinkstone Savings Bank", "2286", "first")
    drafts, _ = build_loans([_facts("heloc.pdf", letter), _facts("mail.pdf", mail), _facts("first.pdf", first)], WORDS)
    assert len(drafts) == 2
    run_on = Mention("named", 1, 2, "Ann and Bo Roe Suwannee Reach Credit Union", None, "second")
    cu = Mention(LETTERHEAD, 1, -1, "Suwannee Reach Credit Union", "5172", "second")
    drafts, _ = build_loans([_facts("a.pdf", cu), _facts("b.pdf", run_on), _facts("first.pdf", first)], WORDS)
    assert len(drafts) == 2


def test_two_payoff_lines_of_one_holder_are_two_loans() -> None:
    """One credit union paid off on two lines of the settlement statement, with two loan numbers and no
    position words ("Payoff of loan ...7740", "Payoff of loan ...1159"), holds two loans, not one."""
    head = Mention(LETTERHEAD, 1, -1, "Crow Quill Credit Union", "7740", None)
    first = Mention("payoff", 1, 14, "Crow Quill Credit Union", "7740", None, order=1)
    line = Mention("payoff", 1, 15, "Crow Quill Credit Union", "1159", None, order=2)
    drafts, _ = build_loans([_facts("approval.pdf", head), _facts("settlement.pdf", first, line)], WORDS)
    assert len(drafts) == 2
    once = Mention("payoff", 1, 14, "Crow Quill Credit Union", "7740", None, order=1)
    drafts, _ = build_loans([_facts("approval.pdf", head), _facts("settlement.pdf", once)], WORDS)
    assert len(drafts) == 1


def test_a_clause_naming_one_of_a_holders_two_loans_is_tied_to_that_loan() -> None:
    """A credit union's first mortgage ...1127 and line ...6652, each paid off on its own line: a clause that
    names "mortgage ending 1127" concerns the first; the credit union's name alone names both."""
    head = Mention(LETTERHEAD, 1, -1, "Neosho Reach Credit Union", "6652", "second")
    first = Mention("payoff", 1, 14, "Neosho Reach Credit Union", "1127", None, order=1)
    line = Mention("payoff", 1, 15, "Neosho Reach Credit Union", "6652", None, order=2)
    lm = loan_map([_facts("approval.pdf", head), _facts("settlement.pdf", first, line)], WORDS)
    assert len(lm.loans) == 2

    def finding(quote: str) -> Finding:
        return Finding("full_release", "release.x", "info", "approval.pdf", 1, quote, None, 0.9, "", "")

    named = tie(finding("First mortgage ending 1127: the Credit Union accepts the proceeds in full."), lm, WORDS)
    assert named[0] == next(ln.id for ln in lm.loans if ln.loan_number == mask("1127"))
    assert len(lm.loan_for(["h:" + name_key("Neosho Reach Credit Union", WORDS)])) == 2
