"""Other borrowers' items in a list (items.py): minutes, audit samples and collection queues."""

from __future__ import annotations

from shortsale_check.items import DocNumbers, digit_runs, doc_numbers, item_numbers, other_items
from shortsale_check.loan_vocab import LoanWords
from shortsale_check.model import Finding

WORDS = LoanWords.load()


def finding(document: str, quote: str, category: str = "deficiency_reserved") -> Finding:
    return Finding(category, "reserve.x", "high", document, 1, quote, None, 0.8, "", "")


def test_item_numbers_read_cued_numbers_by_their_last_four_digits() -> None:
    text = "4a Member 33107: short payoff approved; Sample 7, loan no. 1188; Acct ****5120; line 1303 of the statement"
    assert item_numbers(text, WORDS) == {"3107", "1188", "5120"}  # a settlement statement's "line" is no item
    assert digit_runs("Loan No. ****5547, paid $44,187.20 in 2023") == {"5547", "2023"}


def packet(minutes: list[str], letter: list[str]) -> dict[str, DocNumbers]:
    return {"minutes.pdf": doc_numbers(minutes, WORDS), "approval.pdf": doc_numbers(letter, WORDS)}


def test_a_listed_item_no_other_paper_shows_is_another_borrowers() -> None:
    numbers = packet(
        ["Member 33107: deficiency reserved.", "Member 28864: note for $9,000 signed.", "Loan 5547: waiver approved."],
        ["Re: your loan no. 5547", "The Credit Union waives the deficiency."],
    )
    other = finding("minutes.pdf", "Member 33107: the credit union reserves its right to collect the deficiency.")
    own = finding("minutes.pdf", "Loan 5547: deficiency reserved and referred to recovery.")
    unnumbered = finding("minutes.pdf", "Committee decision: the deficiency is retained for collection.")
    letter = finding("approval.pdf", "Member 33107 is not you; the Credit Union reserves the deficiency.")
    kept, moved = other_items([other, own, unnumbered, letter], numbers, WORDS)
    assert moved == [moved[0]] and moved[0].quote == other.quote
    assert moved[0].checks[-1].name == "other item"
    assert [f.quote for f in kept] == [own.quote, unnumbered.quote, letter.quote]


def test_nothing_moves_when_the_other_papers_show_no_number_or_the_list_is_short() -> None:
    clause = finding("minutes.pdf", "Member 33107: the credit union reserves its right to collect the deficiency.")
    numberless = packet(["Member 33107: reserved.", "Member 28864: note signed."], ["The Credit Union waives it."])
    assert other_items([clause], numberless, WORDS) == ([clause], [])
    one_item = packet(["Member 33107: reserved."], ["Re: loan no. 5547"])
    assert other_items([clause], one_item, WORDS) == ([clause], [])


def test_two_long_lists_sharing_a_number_do_not_make_it_this_packets() -> None:
    minutes = ["Loan 7751: suit on the note.", "Loan 2290: note required.", "Loan 6417: short payoff approved."]
    numbers = {
        "minutes.pdf": doc_numbers(minutes, WORDS),
        "ratification.pdf": doc_numbers(minutes, WORDS),  # the board ratifies the same items
        "approval.pdf": doc_numbers(["Re: loan no. 6417"], WORDS),
    }
    other = finding("minutes.pdf", "Loan 7751: counsel is to file suit on the note and seek a judgment.")
    own = finding("minutes.pdf", "Loan 6417: the deficiency is reserved.")
    kept, moved = other_items([other, own], numbers, WORDS)
    assert [f.quote for f in moved] == [other.quote] and [f.quote for f in kept] == [own.quote]
