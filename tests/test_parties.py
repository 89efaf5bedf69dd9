"""Defined parties (parties.py): a paper that names a company "the Owner" speaks of the lender by that word."""

from __future__ import annotations

from shortsale_check.match import Matcher
from shortsale_check.model import Sentence
from shortsale_check.parties import lender_aliases, with_aliases
from shortsale_check.vocab import load_vocabulary

VOCAB = load_vocabulary(None)


def test_a_company_defined_as_the_owner_makes_owner_the_lender() -> None:
    text = 'Between Quarry Lane Receivables Fund II, LLC ("the Owner") and Dana Okafor-Lutz ("the Borrower").'
    assert lender_aliases([text], VOCAB) == {"owner"}
    assert lender_aliases(['This note is held by Keel Harbor Bank (the "Holder").'], VOCAB) == {"holder"}


def test_a_person_defined_as_the_owner_or_a_borrower_word_changes_nothing() -> None:
    assert lender_aliases(['Marta Lee ("Owner") sold the home.'], VOCAB) == frozenset()
    # a surname that is a lender's word, and a defined word that is no alias of the lender
    assert lender_aliases(['Ludmila Ezeugwu-Bank and Tomas Bank (the "Borrowers")'], VOCAB) == frozenset()
    assert lender_aliases(['Pinecrest Savings Bank (the "Lender") and its servicer'], VOCAB) == frozenset()


def test_with_aliases_relabels_only_the_borrower_mentions_of_the_alias(matcher: Matcher) -> None:
    a = matcher.analyzer.analyze("The Owner will not sell or assign the balance, and the Borrower owes nothing.")
    sides = {" ".join(a.lowers[m.start : m.end]): m.label for m in with_aliases(a, frozenset({"owner"})).actors}
    assert sides["owner"] == "lender" and sides["borrower"] == "borrower"
    assert with_aliases(a, frozenset()) is a


def test_a_settlement_that_defines_the_owner_is_read_as_the_lenders_release(matcher: Matcher) -> None:
    texts = [
        'Settlement between Quarry Lane Receivables Fund II, LLC ("the Owner") and Dana Okafor-Lutz ("the Borrower").',
        "The Owner will not sell, assign or place for collection any part of the balance after closing.",
    ]
    sentences = [Sentence("s.pdf", 1, 1, t, (), i) for i, t in enumerate(texts)]
    assert [f.category for f in matcher.match_sentences(sentences)] == ["full_release"]
    alone = [Sentence("s.pdf", 1, 1, texts[1], (), 0)]
    assert matcher.match_sentences(alone) == []  # without the definition "Owner" is the house's owner
