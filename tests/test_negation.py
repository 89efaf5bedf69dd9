"""Negation scope: which concept mentions a cue reaches (clause.negation)."""

from __future__ import annotations

import pytest

from shortsale_check import clause
from shortsale_check.match import Matcher
from shortsale_check.nlp import Analyzer


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def _negated(analyzer: Analyzer, text: str, label: str) -> list[bool]:
    a = analyzer.analyze(text)
    return [clause.negation(a, m, analyzer.vocab).value == "negated" for m in a.concepts if m.label == label]


@pytest.mark.parametrize(
    "text",
    [
        "This agreement does not contain a warrant of attorney or any cognovit provision.",
        "The Seller has not signed a promissory note, a guaranty or a cognovit.",
        "The note does not include a cognovit clause or any confession of judgment language.",
    ],
)
def test_a_negated_verb_reaches_every_alternative_of_its_list(analyzer: Analyzer, text: str) -> None:
    assert _negated(analyzer, text, "COGNOVIT") == [True] * len(_negated(analyzer, text, "COGNOVIT"))
    assert _negated(analyzer, text, "COGNOVIT")


def test_a_later_clause_is_not_an_alternative(analyzer: Analyzer) -> None:
    text = "The Seller did not sign the listing addendum, and the Lender holds a cognovit note for the balance."
    assert _negated(analyzer, text, "COGNOVIT") == [False]


def test_a_noun_cue_object_does_not_cancel_a_second_predicate(analyzer: Analyzer) -> None:
    # "has no penalty and does not include X": two predicates, not a double negation
    text = "The replacement loan has no prepayment penalty and does not include a cognovit clause."
    assert _negated(analyzer, text, "COGNOVIT") == [True]


def test_a_term_joined_by_hyphens_is_the_same_concept(analyzer: Analyzer) -> None:
    a = analyzer.analyze("The Seller signed a confession-of-judgment note at closing.")
    assert [a.words(m.start, m.end) for m in a.concepts if m.label == "COGNOVIT"] == ["confession-of-judgment"]


def test_a_verb_inside_a_lenders_name_is_no_verb(analyzer: Analyzer) -> None:
    a = analyzer.analyze("Payoff of the loan to Western Reserve Teachers Credit Union ........ $136,071.00")
    assert "RESERVE" not in {m.label for m in a.concepts}
    b = analyzer.analyze("The Lender Reserves the right to collect the deficiency.")  # emphasis, not a name
    assert "RESERVE" in {m.label for m in b.concepts}


def test_a_verb_before_a_companys_legal_ending_is_part_of_its_name(analyzer: Analyzer) -> None:
    a = analyzer.analyze("Northvale Capital Recovery LLC releases you from the remaining balance.")
    assert "PURSUE" not in {m.label for m in a.concepts}
    b = analyzer.analyze("The payoff goes by wire to Release Funding, Inc. before recording.")
    assert "RELEASE_VERB" not in {m.label for m in b.concepts}


def test_a_lenders_trade_name_ending_in_mortgage_is_the_lender(analyzer: Analyzer) -> None:
    a = analyzer.analyze("We acknowledge that Baraboo Ironhaven Mortgage has released us from the remaining balance.")
    assert ("lender", "Baraboo Ironhaven Mortgage") in {(m.label, a.words(m.start, m.end)) for m in a.actors}
    assert "LIEN" not in {m.label for m in a.concepts}
    for loan in ("The Second Mortgage will be satisfied of record.", "Open-End Mortgage shall be released on payment."):
        b = analyzer.analyze(loan)  # a loan's own name, not a lender's
        assert "LIEN" in {m.label for m in b.concepts} and not any(m.label == "lender" for m in b.actors)


def test_we_named_by_the_signers_are_the_borrowers(matcher: Matcher) -> None:
    """ "We, Ann Roe and Bo Roe, agree to repay <lender> ..." in a paper with no "you": the signers."""
    a = matcher.analyzer.analyze("We, Ann Roe and Bo Roe, agree to repay Lakeshore Credit Union the remaining $9,000.")
    assert {h.category for h in matcher.hits(a, "lender")} & {"deficiency_note", "debt_acknowledgment"}
    b = matcher.analyzer.analyze("We, Lakeshore Credit Union, agree to repay you the escrow overage of $90.00.")
    assert not matcher.hits(b, "lender")


def test_an_opening_phrase_takes_the_subject_after_its_comma(analyzer: Analyzer) -> None:
    a = analyzer.analyze("For value received, Harbor Light Savings Bank releases the Borrowers from all liability.")
    trigger = next(m for m in a.concepts if m.label == "PROMISE_TO_PAY")
    assert clause.actor_before(a, trigger, "lender").value == "lender"


def _object(analyzer: Analyzer, text: str, trigger: str) -> str:
    a = analyzer.analyze(text)
    t = next(m for m in a.concepts if m.label == "PURSUE" and a.words(m.start, m.end) == trigger)
    return clause.object_of(a, t, analyzer.vocab, 12).value


def test_a_pronoun_object_stands_for_the_debt_named_before_it(analyzer: Analyzer) -> None:
    text = "The Bank may assign the unpaid balance to an agency, which may then pursue it against you."
    assert _object(analyzer, text, "pursue") == "DEBT"
    assert _object(analyzer, "The agency may pursue you at any time.", "pursue") == "none"
    # the borrower pursued, ending the clause, is the borrower's liability: "insurer may pursue borrower."
    assert _object(analyzer, "PMI: waiver refused; insurer may pursue borrower.", "pursue") == "LIABILITY"


def test_a_verb_set_between_a_preposition_and_its_object_is_read_past(analyzer: Analyzer) -> None:
    text = "The Holder will not sue the Maker for, or otherwise seek to recover, any part of the deficiency."
    assert _object(analyzer, text, "sue") == "DEBT"
    # without the dangling preposition the comma ends the object's reach (the Maker sued is the Maker's liability)
    assert _object(analyzer, "The Holder will not sue the trustee, or seek the deficiency.", "sue") == "none"
    assert _object(analyzer, "The Holder will not sue the Maker, or seek the deficiency.", "sue") == "LIABILITY"


def test_a_series_of_verbs_shares_the_object_after_its_last_verb(analyzer: Analyzer) -> None:
    text = "We will not collect, send to an agency, sell or report as unpaid any part of the balance the sale leaves."
    assert _object(analyzer, text, "collect") == "DEBT"
    text = "The Bank will not collect, will not sue for and will not report as still owing any part of the balance."
    assert _object(analyzer, text, "collect") == "DEBT"
    # a verb with its own object before the comma starts no series
    assert _object(analyzer, "The Holder will not sue the trustee, or report the deficiency.", "sue") == "none"


def test_a_release_that_does_not_bind_a_creditor_does_not_answer_its_pursuit(analyzer: Analyzer) -> None:
    a = analyzer.analyze("The Bank's waiver does not bind the mortgage insurer, which may pursue the deficiency.")
    waiver = next(m for m in a.concepts if m.label == "WAIVE")
    pursue = next(m for m in a.concepts if m.label == "PURSUE")
    assert clause.limited(a, waiver, analyzer.vocab)
    assert clause.near(a, pursue, ("WAIVE",), 12, analyzer.vocab, given_only=True) is None
    b = analyzer.analyze("The Bank's waiver covers any claim, and no one may pursue the deficiency.")
    assert not clause.limited(a=b, m=next(m for m in b.concepts if m.label == "WAIVE"), vocab=analyzer.vocab)


def test_a_verb_in_an_infinitive_list_item_shares_the_lists_negation(analyzer: Analyzer) -> None:
    text = "The approval does not require a cognovit clause, a new note or any agreement by you to repay the balance."
    assert _negated(analyzer, text, "REPAY") == [True]
    assert _negated(analyzer, "You must sign a new note or an agreement to repay the balance.", "REPAY") == [False]


def test_what_a_paper_contains_is_the_verb_a_subject_cue_stops_at(analyzer: Analyzer) -> None:
    text = "No cognovit provision is included in the deficiency waiver letter."
    assert _negated(analyzer, text, "WAIVE") == [False]
    assert _negated(analyzer, "No deficiency waiver is included in this approval.", "WAIVE") == [True]


def test_a_notes_shorthand_participle_after_the_debt_is_a_passive(analyzer: Analyzer) -> None:
    a = analyzer.analyze("Short payoff accepted -- deficiency NOT waived per investor.")
    assert clause.is_passive(a, next(m for m in a.concepts if m.label == "WAIVE"))
    b = analyzer.analyze("The Lender waived the deficiency.")
    assert not clause.is_passive(b, next(m for m in b.concepts if m.label == "WAIVE"))


def test_a_negated_limit_keeps_what_it_governs(analyzer: Analyzer) -> None:
    text = "Nothing in this Agreement limits the Holder's right to have judgment confessed against the Maker."
    assert _negated(analyzer, text, "CONFESS") == [False]


def test_a_series_of_verbs_shares_its_first_verbs_negation(analyzer: Analyzer) -> None:
    text = "The Bank will not sue for, report as owing, sell, assign or otherwise try to collect any part of it."
    assert _negated(analyzer, text, "PURSUE") == [True, True]
    assert _negated(analyzer, "The Bank will not foreclose, and it may collect the deficiency.", "PURSUE") == [False]
    assert _negated(analyzer, "We will not report the debt, but we may collect it.", "PURSUE") == [False]


def _vetoed(analyzer: Analyzer, text: str, label: str, kind: str) -> bool:
    """Does a ``kind`` context veto the sentence's first ``label`` trigger?"""
    a = analyzer.analyze(text)
    trigger = next(m for m in a.concepts if m.label == label)
    return clause.veto(a, trigger, (kind,), analyzer.vocab) is not None


def test_an_opening_aside_is_its_own_phrase(analyzer: Analyzer) -> None:
    """A distractor word in "Regardless of what the lender accepts at closing," does not veto the main clause."""
    text = "Regardless of the amount the lender accepts at closing, I agree that I still owe the rest."
    assert not _vetoed(analyzer, text, "OWE", "AT_CLOSING")
    assert _vetoed(analyzer, "I agree that I still owe the amount due at closing.", "OWE", "AT_CLOSING")


def test_a_forms_plural_in_brackets_is_read_as_the_word(analyzer: Analyzer) -> None:
    a = analyzer.analyze("The undersigned acknowledge(s) that the balance is due.")
    assert any(m.label == "ACK" for m in a.concepts)


def test_a_buyer_named_inside_a_condition_does_not_veto_the_release_outside_it(analyzer: Analyzer) -> None:
    text = "As long as the buyer's money comes through, you won't owe us anything more."
    assert not _vetoed(analyzer, text, "OWE", "BUYER_SIDE")
    assert _vetoed(analyzer, "The buyer will not owe us anything more once the sale closes.", "OWE", "BUYER_SIDE")


def test_a_cue_word_is_read_as_written(analyzer: Analyzer) -> None:
    """ "provided" (that) marks a condition; "will provide a satisfaction" does not."""
    providing = analyzer.analyze("The credit union will provide a satisfaction of its mortgage.")
    assert not [c for c in providing.cues if c.kind == "CM"]
    provided = analyzer.analyze("We will release the lien, provided the buyer closes.")
    assert [c.label for c in provided.cues] == ["provided"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a right kept to do something other than collect, or a claim against someone else
        ("The Bank also reserves the right to re-record the reconveyance if the recorder rejects it.", None),
        ("The title company reserves the right to re-prorate the taxes when the new bills issue.", None),
        ("The Bank reserves its rights as mortgagee under the flood policy for the basement flooding claim.", None),
        ("Up to $7,500.00 may be paid from the proceeds to the second lienholder for the release of its lien.", None),
        # the debt itself: still kept, taken from accounts or tax refunds
        ("The Bank reserves the right to collect the deficiency balance after the sale.", "deficiency_reserved"),
        ("The Bank may set off against that balance any money you keep on deposit with it.", "deficiency_reserved"),
        ("Your state income tax refund may be intercepted to satisfy the unpaid deficiency.", "deficiency_reserved"),
        ("The satisfaction does not discharge the remaining $33,155.92, which stays due.", "deficiency_reserved"),
    ],
)
def test_what_a_reservation_keeps(matcher: Matcher, text: str, category: str | None) -> None:
    found = {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}
    assert (category in found) if category else not found & {"deficiency_reserved", "lien_release_only"}


@pytest.mark.parametrize(
    "text",
    [
        "The home equity line with Cedar Bank was paid off in 2014, and Cedar Bank released its mortgage at that time.",
        "A satisfaction of the 2009 second mortgage was recorded in 2016 after that loan was paid in full.",
        "The old HELOC was closed and its lien discharged years before this sale.",
    ],
)
def test_a_lien_released_years_ago_is_not_this_sales_release(matcher: Matcher, text: str) -> None:
    assert not matcher.hits(matcher.analyzer.analyze(text))


def test_our_records_do_not_make_we_the_borrower(analyzer: Analyzer) -> None:
    """ "our records ... remains unpaid" is the lender's books; "our loan remains unpaid" is the borrower."""
    records = analyzer.analyze("According to our records $46,118.92 remains unpaid, and we intend to collect it.")
    assert not clause.we_owe(records, analyzer.vocab)
    loan = analyzer.analyze("Our loan balance remains unpaid after the sale and we will keep paying it.")
    assert clause.we_owe(loan, analyzer.vocab)


def test_a_term_with_choices_in_braces_stands_for_each_combination() -> None:
    from shortsale_check.nlp import alternatives

    assert alternatives("{whatever|what} the {sale|house} {does not|} cover") == [
        "whatever the sale does not cover",
        "whatever the sale cover",
        "whatever the house does not cover",
        "whatever the house cover",
        "what the sale does not cover",
        "what the sale cover",
        "what the house does not cover",
        "what the house cover",
    ]
    assert alternatives("plain term") == ["plain term"]


def test_a_contracted_not_reads_as_not(analyzer: Analyzer) -> None:
    a = analyzer.analyze("I'm on the hook for whatever the closing doesn't pay.")
    assert "DEBT" in {m.label for m in a.concepts}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Lender and Borrower release each other from all claims under the Loan, including any deficiency.",
            "full_release",
        ),
        ("Buyer and Seller release each other from the cancelled purchase agreement.", None),
    ],
)
def test_a_mutual_release_is_given_by_the_lender_among_its_subjects(
    matcher: Matcher, text: str, category: str | None
) -> None:
    found = {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}
    assert found == ({category} if category else set())


def test_a_predicate_joined_by_and_keeps_the_first_predicates_subject(matcher: Matcher) -> None:
    text = (
        "The Bank waives its right to recover from the Borrower any amount still owed after the proceeds"
        " are applied, and will not seek a deficiency judgment."
    )
    found = {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}
    assert found == {"full_release"}


def test_the_object_of_the_first_verb_is_not_the_subject_of_the_joined_one(matcher: Matcher) -> None:
    text = (
        "Cold Spring Bank releases the Borrowers from any further obligation to pay the note and agrees that it"
        " will not seek to collect any remaining amount."
    )
    found = {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}
    assert found == {"full_release"}


@pytest.mark.parametrize(
    "text",
    [
        "Nothing in this letter, in the release of the mortgage or in the Bank's acceptance of the proceeds waives"
        " or forgives the balance that is left.",
        "No provision of this approval, of the addendum or of any paper in the closing package is to be read as"
        " releasing the Borrower from the note.",
    ],
)
def test_a_negated_subject_listing_nouns_of_release_negates_its_verb(matcher: Matcher, text: str) -> None:
    found = {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}
    assert found == {"deficiency_reserved"}


@pytest.mark.parametrize(
    "text",
    [
        "2019: loan modification; the borrowers signed a repayment plan for $2,400 of arrears over 12 months.",
        "In 2018 the loan was modified, and the borrowers agreed to repay $4,000 of deferred principal at payoff.",
        "Our 2020 forbearance made us promise to pay the skipped payments as a balloon when the loan ends.",
    ],
)
def test_a_dated_entry_of_the_loans_history_states_no_term_of_this_sale(matcher: Matcher, text: str) -> None:
    assert not matcher.hits(matcher.analyzer.analyze(text))


@pytest.mark.parametrize(
    ("text", "voice"),
    [
        ("_____ / _____ We understand that the shortfall is still owed by us to the Bank.", True),
        ("ABC ______ DEF ______ The unpaid balance after the sale is our debt to the holder.", True),
        ("We will record the release within ten days; sign here: ____________", False),
    ],
)
def test_blanks_for_initials_at_a_sentences_start_make_it_the_signers_voice(
    analyzer: Analyzer, text: str, voice: bool
) -> None:
    assert analyzer.analyze(text).borrower_voice is voice


def test_neither_right_after_a_releasing_verb_negates_it(matcher: Matcher) -> None:
    text = "The Bank's consent to the sale releases neither of you from the home equity line agreement."
    assert {h.category for h in matcher.hits(matcher.analyzer.analyze(text))} == {"deficiency_reserved"}


def test_a_topic_veto_ends_at_a_second_predicate_but_a_subject_veto_does_not(matcher: Matcher) -> None:
    released = "The Bank will report the cancelled balance on Form 1099-C and will not afterwards seek repayment."
    buyers = "Buyer will finance the purchase with a new first mortgage and will sign the new lender's note for $9,000."
    assert {h.category for h in matcher.hits(matcher.analyzer.analyze(released))} == {"full_release"}
    assert not matcher.hits(matcher.analyzer.analyze(buyers))


def test_words_of_an_aside_do_not_count_toward_a_rules_window(matcher: Matcher) -> None:
    kept = "The balance of the line, less any amount the Credit Union later agrees to forgive, remains payable."
    listed = "We will not sell the forgiven amount to a buyer, pass it to a collection agency, or ask you to repay it."
    assert {h.category for h in matcher.hits(matcher.analyzer.analyze(kept))} == {"deficiency_reserved"}
    assert "deficiency_note" not in {h.category for h in matcher.hits(matcher.analyzer.analyze(listed))}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a note received already signed in a condition: the sentence releases the lien
        ("Once we hold the payoff funds and your executed repayment note, we will release our mortgage.",
         "lien_release_only"),
        ("Before we release our mortgage, you must sign a repayment note for $4,000.", "deficiency_note"),
        # the affidavit's statement of the debt names the confession as its subject
        ("This confession of judgment is for a debt justly due to the plaintiff, arising from the loan balance.",
         "debt_acknowledgment"),
        ("This confession of judgment is given for the balance of $9,000 left after the sale.",
         "confession_of_judgment"),
        # a release conceded in passing
        ("We understand we remain liable to the insurer for its claim, even though the bank waived its deficiency.",
         "debt_acknowledgment"),
        # a cognovit term that describes the note the sentence asks for
        ("Sellers must sign a cognovit note to the Bank for $11,500 at closing.", "deficiency_note"),
        ("You will sign the Repayment Agreement for $8,000, which contains a confession of judgment.",
         "deficiency_note"),
        ("The Note you sign contains a warrant of attorney that lets the Bank confess judgment against you.",
         "confession_of_judgment"),
    ],
)
def test_precedence_reads_what_the_sentence_itself_does(matcher: Matcher, text: str, category: str) -> None:
    assert {h.category for h in matcher.hits(matcher.analyzer.analyze(text))} == {category}


def test_an_object_word_in_a_companys_name_is_no_object(analyzer: Analyzer) -> None:
    a = analyzer.analyze("This waiver binds only Ridgeway Mortgage Corp. and not any later holder of the note.")
    assert "LIEN" not in {m.label for m in a.concepts}  # "Mortgage" names the company
    b = analyzer.analyze("The Bank will release its Mortgage and the Note.")
    assert "LIEN" in {m.label for m in b.concepts}


def test_a_state_after_its_linking_verb_shares_the_verbs_negation(matcher: Matcher) -> None:
    text = "Once the payoff is applied nothing remains owing by the Borrowers on the note."
    found = matcher.hits(matcher.analyzer.analyze(text))
    assert {h.category for h in found} == {"full_release"}  # not an acknowledgment that something "remains owing"
    kept = matcher.hits(matcher.analyzer.analyze("After the payoff is applied, the balance remains owing by them."))
    assert "full_release" not in {h.category for h in kept}


def test_whatever_part_of_the_balance_is_the_whole_shortfall(matcher: Matcher) -> None:
    text = "The Bank gives up its claim to whatever part of the loan balance the sale proceeds do not cover."
    assert {h.category for h in matcher.hits(matcher.analyzer.analyze(text))} == {"full_release"}


def test_a_waiver_of_a_right_reads_past_an_aside(matcher: Matcher) -> None:
    text = "The Servicer waives, in its own name only, any right it may have to collect the balance after the sale."
    assert "deficiency_reserved" not in {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}


def test_a_coordinated_predicate_does_not_take_a_prepositional_object_as_its_subject(matcher: Matcher) -> None:
    text = "Ridgeback keeps its rights of recovery against you for what it pays, and may seek to collect that amount."
    assert {h.category for h in matcher.hits(matcher.analyzer.analyze(text))} == {"deficiency_reserved"}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # the first verb's subject, not its object, does the second: "the Lender releases the Borrower ... and agrees"
        (
            "The Lender releases the Borrower and her estate from all personal liability on the note and agrees "
            "that no part of the unpaid balance will be collected from her.",
            "full_release",
        ),
        # a verb in a condition the trigger stands outside of is not that first verb
        (
            "The insurer has not waived its rights against you; once the claim is paid we will be subrogated "
            "to the lender's rights and may pursue you for the amount of that claim.",
            "deficiency_reserved",
        ),
    ],
)
def test_a_second_predicate_takes_the_first_ones_subject(matcher: Matcher, text: str, category: str) -> None:
    assert {h.category for h in matcher.hits(matcher.analyzer.analyze(text))} == {category}


def test_we_who_promise_to_pay_are_the_borrowers(matcher: Matcher) -> None:
    note = [matcher.analyzer.analyze(t) for t in ("We promise to pay the Lender $9,000.", "It stays due from us.")]
    assert matcher.voice_of(note).side() == "borrower"
    letter = [matcher.analyzer.analyze(t) for t in ("We have approved your short sale.", "You owe nothing more.")]
    assert matcher.voice_of(letter).side() == "lender"


@pytest.mark.parametrize(
    "text",
    [
        "We agree that the amount left over after the sale is still our debt to the credit union.",
        "I know I will still owe the bank the rest of the loan after this sale.",
        "Acknowledged and agreed: the deficiency balance remains the responsibility of the sellers.",
    ],
)
def test_the_borrowers_own_acknowledgments(matcher: Matcher, text: str) -> None:
    assert "debt_acknowledgment" in {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}


@pytest.mark.parametrize(
    "text",
    [
        "Forgiveness of the remaining balance, to the extent it exceeds $15,000, is granted.",
        "The investor forgives the deficiency only as to principal; interest and fees are not forgiven.",
        "The Credit Union releases the members from the first mortgage debt but not from the home equity line.",
        "Your remaining balance will be forgiven once you have vacated the property and returned the keys.",
    ],
)
def test_limited_or_conditioned_releases_are_not_full(matcher: Matcher, text: str) -> None:
    assert "full_release" not in {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}


@pytest.mark.parametrize("text", ["Remarks: C.O.J. to be signed at closing.", "Remarks: c.o.j. to sign at closing."])
def test_an_abbreviation_is_read_in_capitals_and_in_lower_case(analyzer: Analyzer, text: str) -> None:
    # the tokenizer keeps "C.O.J." whole but splits "c.o.j." before its last period
    assert "COGNOVIT" in {m.label for m in analyzer.analyze(text).concepts}


def test_a_roman_list_numeral_is_not_the_pronoun_i(analyzer: Analyzer) -> None:
    a = analyzer.analyze("The Lender (i) waives the deficiency and (ii) releases the Borrower. I agree.")
    assert [a.words(m.start, m.end) for m in a.actors] == ["Lender", "Borrower", "I"]


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The servicer will not accept the short payoff without a signed note from you.", False),  # required
        ("The short payoff is accepted without a signed note from you.", True),
        ("We will not, without a signed note from you, accept the short payoff.", False),  # "not" decides
    ],
)
def test_without_after_a_denial_requires(matcher: Matcher, text: str, negated: bool) -> None:
    from shortsale_check import clause as cl

    a = matcher.analyzer.analyze(text)
    note = next(m for m in a.concepts if m.label in {"NOTE", "NEW_NOTE"})
    assert (cl.negation(a, note, matcher.vocab).value == "negated") is negated


@pytest.mark.parametrize(
    "text",
    [
        # the condition word is what the release discharges, and the amount is the sale's settlement
        "Upon receipt of the Settlement Payment the Note is discharged and cancelled.",
        "On receipt of the $3,800.00, the Credit Union accepts it as payment in full and forgives the rest owed.",
        "In exchange for the settlement payment, the credit union releases the members from every further obligation.",
        "On receipt of that payment the Credit Union releases the member from all obligations under the note.",
    ],
)
def test_a_benign_condition_leaves_the_release_full(matcher: Matcher, text: str) -> None:
    categories = {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}
    assert "full_release" in categories and "conditional_release" not in categories


@pytest.mark.parametrize(
    "text",
    [
        "Lender will release Borrower from any further obligation upon the Borrower's delivery of a certified check.",
        "Seller contribution to the credit union, required for the lender's waiver of the remaining balance: $2,500.00",
    ],
)
def test_a_payment_that_buys_the_waiver_makes_it_conditional(matcher: Matcher, text: str) -> None:
    categories = {h.category for h in matcher.hits(matcher.analyzer.analyze(text))}
    assert "conditional_release" in categories and "full_release" not in categories


def test_a_general_statement_before_a_semicolon_binds_no_one(matcher: Matcher) -> None:
    text = (
        "Under the Standard Short Sale, a servicer may require a promissory note from a borrower with enough"
        " income; the decision in your file is shown below."
    )
    assert matcher.hits(matcher.analyzer.analyze(text)) == []
    mine = "A judgment note lets a lender skip the lawsuit; the Bank requires you to sign a promissory note for $4,000."
    assert "deficiency_note" in {h.category for h in matcher.hits(matcher.analyzer.analyze(mine))}


def test_a_comma_and_a_pronoun_subject_end_the_reach_of_a_noun_cue(matcher: Matcher) -> None:
    a = matcher.analyzer.analyze("Approved at the lower price but no waiver, they can still come after the balance.")
    assert {h.category for h in matcher.hits(a)} == {"deficiency_reserved"}


def test_a_later_log_entry_that_drops_the_note_takes_back_an_earlier_one(matcher: Matcher) -> None:
    from shortsale_check.model import Sentence

    lines = [
        "03/02 KD: Servicer counter: approve if the sellers sign a note for $7,000.",
        "03/20 KD: Committee re-reviewed the file.",
        "Note requirement dropped; approved at the submitted net.",
    ]
    sentences = [Sentence("log.pdf", 1, 1, text, (), k) for k, text in enumerate(lines)]
    assert not [f for f in matcher.match_sentences(sentences) if f.category == "deficiency_note"]
    kept = [Sentence("log.pdf", 1, 1, text, (), k) for k, text in enumerate(lines[:2])]
    assert [f.category for f in matcher.match_sentences(kept)] == ["deficiency_note"]


def test_a_private_lenders_own_letter_speaks_as_the_lender_throughout(matcher: Matcher) -> None:
    """One sentence of a letter says its "I" is owed ("you do not owe me another dime"): the letter's other
    sentences in the first person are the lender's too ("I am not waiving a penny of the line"). A document whose
    "I" also says it owes ("I still owe the Trust") keeps its "I" the borrower's."""
    from shortsale_check.model import Sentence

    def categories(lines: list[str]) -> list[str]:
        sentences = [Sentence("letter.pdf", 1, 1, text, (), k) for k, text in enumerate(lines)]
        return sorted(f.category for f in matcher.match_sentences(sentences))

    keeps = "I am keeping my claim for every dollar of the balance the sale does not cover."
    owed = "Once the first loan closes, you do not owe me another dime on that note."
    assert "deficiency_reserved" not in categories([keeps])  # alone, "I" is the borrower's
    assert "deficiency_reserved" in categories([owed, keeps])
    owing = "I still owe the Trust the rest of the balance."
    assert "deficiency_reserved" not in categories([owed, owing, keeps])
