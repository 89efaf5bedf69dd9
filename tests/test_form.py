"""Form fields: "Deficiency waived: No" is read as the label, answered."""

from __future__ import annotations

import pytest

from shortsale_check.form import FormWords, read_form
from shortsale_check.match import Matcher, is_heading
from shortsale_check.nlp import Analyzer
from shortsale_check.segment import sentence_spans


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Deficiency waived: No", "No"),
        ("Deficiency waived: [ ] Yes  [X] No", "No"),
        ("Deficiency waived: [ x ] No   [ ] Yes", "No"),
        ("Deficiency waived: ☐ Yes ☒ No", "No"),
        ("Waiver of deficiency -- not granted.", "not granted"),
        ("Promissory note required: N/A", "N/A"),
        ("Shortfall note amount: $0.00 (none requested)", "$0.00"),
        ("Deficiency note ........ none required; no cash contribution requested", "none required"),
        ("Deficiency waived ..... NO - the remaining line balance stays on the account as unsecured debt", "NO"),
        ("Promissory note for shortfall required by 1st lienholder? ............ No", "No"),
        ("Seller to sign promissory note or repayment agreement in favor of any lienholder at closing: NO (none)",
         "NO"),
    ],
)
def test_negative_answers_negate_the_label(analyzer: Analyzer, text: str, answer: str) -> None:
    a = analyzer.analyze(text)
    assert a.form is not None and a.form.negative is not None
    assert a.words(*a.form.negative) == answer


@pytest.mark.parametrize(
    "text",
    ["Deficiency waived: Yes", "Deficiency waived: [X] Yes [ ] No", "Deficiency status: reserved / collectible"],
)
def test_positive_or_open_values_are_fields_without_negation(analyzer: Analyzer, text: str) -> None:
    a = analyzer.analyze(text)
    assert a.form is not None and a.form.negative is None
    assert ":" not in [a.lowers[c.start] for c in a.of_kind("T")]  # the separator ends no clause


@pytest.mark.parametrize(
    "text",
    [
        "The lender will not pursue the deficiency.",  # no separator
        "Please note: after closing, the lender reserves the right to collect any deficiency from the borrowers "
        "named in the note and the mortgage.",  # value too long
        "Seller agrees. Deficiency: waived",  # a sentence inside the label
    ],
)
def test_prose_is_not_a_form_field(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text).form is None


def test_a_pack_without_forms_yaml_reads_no_fields() -> None:
    assert read_form("Deficiency waived: No", [(0, 10), (11, 17), (17, 18), (19, 21)], FormWords()) is None


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Q: Will I owe the rest of the loan after the sale?", True),
        ("Does your approval letter release the note, or only the lien?", True),
        ("I accept responsibility for the remaining balance, can you please upload the approval now?", False),
        ("The approval came from the servicer but a trust owns the note, so will the trust still come after us?", True),
        ("We signed the waiver, but can we see the recorded release?", True),
        ("Will the lender pursue the deficiency? No.", False),
        ("Q: My cousin's approval said she still owes part of her loan.", True),  # the asker's words
        ("Q: Is the balance forgiven? A: No; the lender may still collect it.", False),  # answered here
        # a statement put up for confirmation by a tag
        ("so the bank cant sue us later for the rest, right??", True),
        ("The lender can't come after us for the balance, can they?", True),
        ("The second lender keeps its claim for the balance, is that correct?", True),
        ("We still owe the rest of it, I think.", False),
        # asked without the "?" of a chat, or after a "Q." label
        ("Does signing this mean I still owe the difference", True),
        ("Q. After the sale, could a collection agency call me about the leftover balance", True),
        ("Do not sign the note for the deficiency unless your lawyer approves it.", False),
        # a statement opened by "so"/"but" and put up to confirm with its "?"
        ("Lena, 9:14 AM: so the release means nobody can sell the balance to a collector later?", True),
        ("And the servicer may still pursue us for the shortfall?", True),
        ("So the servicer may still pursue the borrowers for the shortfall.", False),
        ("Question from the seller: does signing the release mean I owe nothing more", True),  # a longer asker's label
        # a questionnaire's numbered row asked without "?" and answered after a colon
        ("7. Have you agreed to pay any lender the part of the loan the sale does not cover: No.", True),
        ("Has any collector told you that you will still owe money after the sale: No", True),
        ("Has been released from all liability on the note.", False),
        ("Have the borrowers sign the shortfall note at closing.", False),  # an order, not a question
        ("9:12 Agent: The seller asks you plainly: once the sale closes, can the trust come after her?", True),
        ("Ambrose 8/6 8:02pm: does the bank forgive the rest or just take the 5k and keep billing us", True),  # a chat
        ("Daphne 8/6 8:10pm: the bank forgives the rest, read the second paragraph", False),
        ("Delphine 10:03 am: so after closing do i still owe the rest or not", True),
        ("Lavinia 7/14 1:25pm: my pastor said they can garnish your check for the rest, is that real", True),
    ],
)
def test_questions_assert_nothing(analyzer: Analyzer, text: str, question: bool) -> None:
    from shortsale_check.form import is_question

    a = analyzer.analyze(text)
    assert is_question(a.text, a.lowers, analyzer.vocab.forms) is question


@pytest.mark.parametrize(
    ("text", "unticked"),
    [
        ("[ ] Release of lien only: the member will continue to owe the balance.", True),
        ("☐ Shortfall note required", True),
        ("[X] Release of lien only: the member will continue to owe the balance.", False),
        ("Release of lien only: [ ] Yes [X] No", False),
    ],
)
def test_an_unticked_option_states_nothing(analyzer: Analyzer, text: str, unticked: bool) -> None:
    from shortsale_check.form import is_unticked_option

    assert is_unticked_option(text, analyzer.vocab.forms) is unticked


def test_a_form_answer_negates_its_label_only(analyzer: Analyzer) -> None:
    """ "Deficiency waived: NO - the balance stays ..." does not also say "no balance"."""
    from shortsale_check import clause as cl

    a = analyzer.analyze("Deficiency waived ..... NO - the remaining balance stays on the account after the release")
    label = next(m for m in a.concepts if m.label == "WAIVE")
    value = next(m for m in a.concepts if a.lowers[m.start] == "remaining")
    assert cl.negation(a, label, analyzer.vocab).value == "negated"
    assert cl.negation(a, value, analyzer.vocab).value != "negated"


@pytest.mark.parametrize(
    ("text", "empty"),
    [
        ("Name of attorney authorized to confess judgment: ______________", True),
        ("Amount of lien release payment: $ ________", True),
        ("DEFICIENCY WAIVER: see page 2.", True),
        ("Cognovit provision, Maker's initials: ____", False),  # the signer's initials assent to it
        ("Deficiency waiver: granted, see page 2.", False),
        ("By initialing here, we confirm that the balance is still our responsibility: ____ / ____", False),
        ("Other promissory notes or confessions of judgment signed in the last two years: __________", True),
        ("The amount that the Borrower agrees is still owed after the sale: ________", False),
    ],
)
def test_a_blank_or_pointing_field_states_nothing(analyzer: Analyzer, text: str, empty: bool) -> None:
    from shortsale_check.form import empty_field

    assert (empty_field(text, analyzer.vocab.forms) is not None) is empty


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("Warrant of attorney: the part of a judgment note that appoints an attorney to confess judgment.", False),
        ("Satisfaction of mortgage -- a recorded paper showing that a mortgage has been paid.", False),
        ("Cognovit or confession of judgment.", False),
        ("Confession of judgment: the Maker authorizes any attorney to confess judgment against the Maker.", True),
        ("Shortfall note: the Borrowers sign a note for the shortfall at closing.", True),
        ("Deficiency note: a $10,000 note is required at closing.", True),
        ("Debt buyer: a company that buys unpaid balances from lenders and tries to collect them.", False),
        ("Servicer: the company that collects payments and handles the loan for its owner.", False),
        ("Servicer: Harbor Bank will collect the deficiency after closing.", True),
        # a label with an aside, a place before the definition, a subordinate clause inside it, a second clause
        ("Lien release (also called a satisfaction): the recorded paper that removes a mortgage from title.", False),
        ("Cancellation of Security Deed: in Georgia, the paper by which the holder cancels it of record.", False),
        ("Reconveyance -- the trustee's return of title to the owner when a deed of trust is released.", False),
        ("Full Reconveyance: the trustee reconveys the property to the trustor.", True),
        ("Cognovit: a clause by which a debtor lets a creditor take judgment; Ohio requires a warning.", False),
        ("'Satisfied of record' here means the clerk has indexed a satisfaction against the mortgage.", False),
        ("Deficiency: when the sale closes, the Bank waives the remaining balance.", True),
    ],
)
def test_glossary_entries_state_nothing(matcher: Matcher, text: str, stated: bool) -> None:
    assert bool(matcher.hits(matcher.analyzer.analyze(text))) is stated


def test_rows_run_together_read_as_the_last_row(matcher: Matcher) -> None:
    """ "Note term (if any): -- Confession of judgment attached: No": the unanswered row says
    nothing, and the answered one is negated."""
    a = matcher.analyzer.analyze(
        "Repayment agreement term in months (if applicable): -- Confession of judgment attached: No"
    )
    assert a.form is not None and a.form.stated_from > 0
    assert matcher.hits(a) == []


@pytest.mark.parametrize(
    ("text", "unanswered"),
    [
        ("Deficiency waived? ___ Yes ___ No", True),
        ("Deficiency waived: [ ] Yes [ ] No", True),
        ("Deficiency waived: [ ] Yes [X] No", False),
        ("Deficiency waived: No", False),
    ],
)
def test_a_choice_with_nothing_ticked_answers_nothing(analyzer: Analyzer, text: str, unanswered: bool) -> None:
    from shortsale_check.form import unanswered_choice

    assert unanswered_choice(text, analyzer.vocab.forms) is unanswered


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        # title commitments and reports list recorded papers; they release nothing
        ("Requirement 4: Satisfaction of the mortgage from Ann Lee to Harbor Bank recorded in Book 18.", False),
        ("2. Recorded discharge of the mortgage held by Harbor Bank, Instrument 2004R-11827.", False),
        ("Item 9: Full reconveyance of the deed of trust securing $348,000.00 recorded as Book 20060512.", False),
        ("Release of Lien: the undersigned releases the land from the deed of trust recorded as Instrument 5.", True),
        ("Upon receipt of the proceeds, the Bank will record a release of the mortgage recorded in Book 18.", True),
        # a numbered title item may order the paper recorded, or carry a code ("B-3") for its number
        ("7. Record a satisfaction of the mortgage to Lark Savings, recorded in Liber 220, Page 14.", False),
        ("B-3  Release of the deed of trust to Fenway Credit Union, recorded Book 88, Page 102.", False),
        ("2. Pay and record a release of the mechanic's lien recorded as Instrument 2021-4410.", False),
        ("Record a release of the mortgage recorded in Book 18 when the Bank is paid.", True),
        # general statements about the law or lenders
        ("Pennsylvania permits a lender holding a judgment note to have judgment entered without a trial.", False),
        ("Illinois law does not allow a creditor to use a confession of judgment clause against a consumer.", False),
        ("Note to parties: Ohio law makes a cognovit clause void in a consumer loan.", False),
        ("A lender may ask you to sign a promissory note for part of the deficiency.", False),
        ("Whether the note you sign is enforceable is a question for your lawyer.", False),
        ("Because the note contains a cognovit clause, you may wish to have a lawyer review it first.", False),
        ("Read any paper offered at closing that asks you to agree to a judgment before you sign it.", False),
        ("Ohio Valley Bank will not waive the deficiency and may pursue the Borrower for it.", True),
        ("Whether or not the sale closes, Borrower shall sign a promissory note for the deficiency.", True),
        # sentences about a kind of paper or party
        ("A judgment note contains a warrant of attorney that lets a lawyer confess judgment for the holder.", False),
        ("A mortgage insurer is a separate creditor, and a waiver from the servicer may not bind it.", False),
        ("A promissory note for the shortfall is a condition of this approval.", True),
        ("A: Because the note you sign contains a warrant of attorney, the bank can confess judgment.", True),
        # contract definitions
        ('"Remaining Debt" means the principal and interest still owing after the net proceeds are applied.', False),
        ('(c) "Residual Note" means the promissory note the Borrower shall sign for $6,000.', True),
        # wording quoted as an example
        ("Look for phrases such as 'reserves the right to pursue the deficiency' or 'remains liable' here.", False),
        ("If your letter says the bank 'does not waive its deficiency claim', you still owe the balance.", False),
        ('The Borrower shall sign a promissory note for $5,000 (the "Shortfall Note") at closing.', True),
        # form rows after a list number
        ("7. Confession of judgment / warrant of attorney required ........ N/A", False),
        ("Promissory note required: No. Confession of judgment required: No.", False),
        ("Shortfall note to lender: N/A Confessed judgment / warrant: N/A Cash due: $0.00", False),
        ("Deficiency waived: No Cash due from Sellers: $0.00", True),
        ("Before I book the signing: does the lender want a cognovit note for the shortfall?", False),
        ("Hi, one question: if the bank releases its mortgage, does that also release me from the note?", False),
        ("Is a cognovit note required? No.", False),
        ('My sister asked: "Will the bank send what is left to a collector?"', False),  # a quoted question
        ("So what is this paragraph about a confessed judgment - does that mean they can sue us?", False),
        ("Agent (chat): has the investor agreed to waive the deficiency yet?", False),
        ("Counsel should confirm that the release runs in favor of both co-borrowers and binds any assignee.", False),
        ("A radio host claimed that lenders almost never sue homeowners after a short sale.", False),
        ("Is a cognovit note required? Yes.", True),
        ("Confessed judgment required [ ] Yes [X] No", False),
        ("Confessed judgment required [X] Yes [ ] No", True),
        ("Deficiency promissory note required (Y/N): N", False),
        ("Warrant of attorney / confession of judgment: N/A (not used on this loan)", False),
        ("Amount of deficiency waived: N/A", False),
        # an unnumbered title requirement speaks of recording; a lender's "Requirements:" stays a term
        ("Requirement: The Company will require the recording of a full reconveyance before issuing a policy.", False),
        ("Requirements: the Seller must sign a promissory note for $5,000 payable to the Lender.", True),
        ("Judgment by confession docketed 2012 in favor of Acme Leasing against Roe Freight, Inc.", False),
        # items numbered "5:" and orders "of record", numbered or not
        ("5: Reconveyance of the first trust deed to Juniper Savings Bank, Entry 2017:088214.", False),
        ("Satisfy and cancel of record the mortgage to Pine Hollow FCU recorded in Book 1880 at Page 215.", False),
        # definitions after a lead-in or with an aside
        ('For purposes of this letter, the "Remaining Balance" refers to what is owed after the sale.', False),
        ('1.2 "Warrant of Attorney", wherever used in our forms, means a consent to judgment; none is used.', False),
        # table cells and spaced hyphens as separators
        ("Stipulated judgment or confession of judgment | No | prepared by the closing attorney", False),
        ("(3) Affidavit of confession of judgment - not required", False),
        ("5. Confessed judgment in any lender document ............ none found", False),
        # answers qualified by a phrase, rows of amounts run together, rows asked with "?"
        ("Judgment note:  none requested by either lienholder", False),
        ("Unsecured note to second lienholder: not required per approval dated 6/2", False),
        ("Seller contribution: $0.00   Seller note: $0.00   Cognovit: none", False),
        ("Confession of judgment: not part of this transaction", False),
        # a title item ordering a paper of record, after a short label or a ticked box
        ("(a) Pay off and cancel the deed of trust to Larkfield Bank, Book 11204, Page 88.", False),
        ("Title: cancel security deed to Larkfield Bank, Deed Book 9911, Page 41.", False),
        ("Req. 3 - Discharge of mortgage to Larkfield Bank, Book 18340, Page 212.", False),  # "Req." ends no sentence
        ("Proper release of Mortgage from Ann Lee to Larkfield Bank recorded May 9, 2007 in Book 1182.", False),
        ("The following must be recorded: Release of Mortgage to Larkfield Bank, recorded in Book 5512.", False),
        ("Requirement: Release or satisfaction of the second mortgage to Millpond Credit Union.", False),
        ("Requirements: the Bank will release its mortgage upon payoff.", True),
        ("Satisfaction of the mortgage held by Larkfield Bank must be filed before the policy issues.", False),
        ("[X] Release of mortgage to Larkfield Bank, Instrument 2017-40211, to be filed in Probate.", False),
        # a settlement line paying a lien holder for its release releases nothing
        ("Line 504: Payoff of second mortgage to Larkfield Savings for lien release $2,800.00", False),
        ("Junior lien payment: $1,000 to Larkfield Lending for release of HELOC lien, per Addendum B", False),
        ("Settlement agent shall disburse $2,000.00 to Larkfield CU upon receipt of its lien release.", False),
        ("Larkfield CU will accept $2,000.00 for release of its lien and forgives the rest of the line.", True),
        # how a program works, unless it is applied to this loan
        ("The FHA Pre-Foreclosure Sale program requires the mortgagee to accept the proceeds as satisfaction.", False),
        ("Standard Short Sale guidelines state that the servicer must release the borrower from the debt.", False),
        ("The investor's guidelines require the seller to sign a promissory note for the shortfall.", True),
        ("Per investor guidelines, the deficiency is not waived.", True),
        ("Under the FHA program, we will accept the net proceeds in full satisfaction of your mortgage debt.", True),
    ],
)
def test_record_lines_and_general_statements_state_nothing(matcher: Matcher, text: str, stated: bool) -> None:
    found = [h for a, b in sentence_spans(text) for h in matcher.hits(matcher.analyzer.analyze(text[a:b]))]
    assert bool(found) is stated


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("| Warrant of attorney to confess judgment | N/A |", False),  # a table row with its cell borders
        ("| Warrant of attorney to confess judgment | Yes |", True),
        ("Cognovit provision in note | Not applicable to this file | --", False),  # empty trailing cells
        ("Cognovit provision in note | Yes | --", True),
        # rows asked with "?" and answered after a full stop, one after the other
        ("Loan file review - Deficiency note required? NO. Seller cash required? NO.", False),
        ("Loan file review - Deficiency note required? YES. Seller cash required? NO.", True),
        ("Repayment plan requested by the HELOC lender? None. Cash to close? $0.00.", False),
        ("Shortfall note required by the second lienholder? ........ No / $0.00", False),
        ("Investor decision - cash from seller: none  |  repayment note: none  |  referral to counsel: none", False),
        ("Shortfall promissory note   [ ] required   [X] not required", False),  # options of several words
        ("Shortfall promissory note   [X] required   [ ] not required", True),
        ("Papers not included in this file: cognovit note; installment agreement for the shortfall", False),
        ("Not waived: the deficiency balance owed on the loan", True),  # the label denies its own verb only
        ("Seller's remaining obligations on the loan after closing: none", False),  # a row, not a release
        # a row asked with "?" whose answer sits in the next cell, with a note in the cell after it
        ("Shortfall note to be signed at the table?  |  N/A  |  approval p.2", False),
        ("Cognovit or confessed-judgment wording in the file?  |  None found  |  every page read", False),
        ("Cognovit or confessed-judgment wording in the file?  |  Yes  |  note p.3", True),
        ("Seller's note or cash contribution to either lienholder required at closing: NO.", False),  # shouted, ended
        ("Seller's note or cash contribution to either lienholder required at closing: YES.", True),
        # a numbered table row, and an answer ticked in a box before its label
        ("| 2 | Confession of judgment or cognovit wording in any closing paper | N | none located |", False),
        ("| 3 | Promissory note for the shortfall signed at closing | Y | Exhibit C |", True),
        ("[N]   Note or repayment plan taken by the second-lien holder for its balance", False),
        ("[Y]   Note or repayment plan taken by the second-lien holder for its balance", True),
        # a long label answered by a short "no" with a qualifier
        ("Promissory note or installment agreement for the sellers to sign at the table: none sent by the bank", False),
        ("Seller note or cash contribution required by lender ..................... NONE STATED", False),
        ("Promissory note or installment agreement for the sellers to sign at the table: attached as Exhibit B", True),
    ],
)
def test_table_rows_box_options_and_denying_labels(matcher: Matcher, text: str, stated: bool) -> None:
    found = [h for a, b in sentence_spans(text) for h in matcher.hits(matcher.analyzer.analyze(text[a:b]))]
    assert bool(found) is stated


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        # advice to the reader, after any condition or the name of the person addressed
        ("Ask the servicer whether the investor itself requires the installment agreement.", False),
        ("If the approval says the bank 'reserves' its rights, ask for a letter that waives the deficiency.", False),
        ("Dana, I'd get a lawyer to read the cognovit paragraph before you sign anything.", False),
        ("Had the bank written only that it would release the lien, I would have told you to wait.", False),
        ("Refuse any paper that contains a warrant of attorney to confess judgment.", False),
        ("Counsel's note: request that the second lender's approval release the borrower, not just the lien.", False),
        ("I would push back on any language saying you remain liable for the shortfall.", False),
        ("Deficiency note: the Borrower shall sign a note for $6,000 at closing.", True),  # a label, then a term
        # a lender's own instructions open the same way and still count
        ("Before closing, you must sign the enclosed promissory note for the deficiency.", True),
        ("Dana, you will still owe the remaining balance after the sale.", True),
        # a question put to someone by name; lenders of a kind, not this lender
        ("Marguerite, is the release of the lien the same as a release of the debt?", False),
        ("Credit unions that hold second liens often keep the right to collect the balance.", False),
        # a quantifier and a place before lenders of a kind
        ("Some Ohio credit unions ask a member to sign a repayment note for whatever a sale leaves.", False),
        ("Many Texas lenders require a promissory note for the deficiency.", False),
        ("Some Ohio Valley Bank borrowers must sign a promissory note for the deficiency of $8,000.", True),
        # people and guides of a kind, after any "When ..., " lead
        ("When a junior lien is involved, experienced negotiators ask it to release the debt, not the lien.", False),
        ("Clients who already signed a deficiency note may still have options worth reviewing.", False),
        ("Fannie Mae's servicing guide requires that a borrower be told if an insurer may pursue the balance.", False),
        ("When the sale closes, the Bank waives the deficiency and releases the borrowers.", True),
    ],
)
def test_advice_questions_by_name_and_kinds_of_lender_state_nothing(matcher: Matcher, text: str, stated: bool) -> None:
    found = [h for a, b in sentence_spans(text) for h in matcher.hits(matcher.analyzer.analyze(text[a:b]))]
    assert bool(found) is stated


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ('For purposes of this Rider, a "Warrant of Attorney" is any clause letting a creditor take judgment.', False),
        ("Under the investor's delegation rules, servicers may request a promissory note on larger loans.", False),
        ("Under HAFA, which ended in 2016, servicers had to release borrowers from further liability.", False),
        ("As your lawyer, I would ask the bank to add a release of the note to its letter.", False),
        ("Tip: a lien release alone does not mean you are free of the debt.", False),
        ("A deed of reconveyance clears title but does not extinguish the note it secured.", False),
        ("Under this approval, the Bank will not pursue any deficiency.", True),
        ("The terms on which the remaining balance is forgiven are set out in Addendum A.", False),
        ("The conditions of the deficiency waiver are described in Section 4 of the Agreement.", False),
        ("Lender waives the deficiency on the terms set out in the Addendum.", True),
        # a program named as the subject describes the program, unless the sentence speaks of this deal
        ("Freddie Mac's Standard Short Sale, introduced in 2012, may require a contribution or a note.", False),
        ("VA compromise sales release the lien for the proceeds, but VA may still hold a guaranty debt.", False),
        ("Under HAFA, which has ended, the first lender had to release the seller; investors set their rules.", False),
        ("Under the compromise sale approval, the servicer will release the lien on the property.", True),
        ("VA has approved the compromise sale provided the veteran signs a note for the guaranty claim.", True),
    ],
)
def test_definitions_programs_and_advice_after_an_opening_phrase(matcher: Matcher, text: str, stated: bool) -> None:
    found = [h for a, b in sentence_spans(text) for h in matcher.hits(matcher.analyzer.analyze(text[a:b]))]
    assert bool(found) is stated


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Deficiency Balance: Forgiven", False),  # a term sheet's row states a term
        ("Repayment Note: Required - $9,100", False),
        ("Debt Released: 100%", False),
        ("Short Sale Approval - Partial Release of Liability", True),  # a title whose value is a name
        ("Waiver of Deficiency", True),
        ("Release from the remaining balance", True),  # a section title in sentence case
        ("Release of the borrowers from the deficiency is final", False),  # a verb: a statement
        ("Release of $5,000 from escrow", False),
    ],
)
def test_a_term_sheet_row_with_a_status_is_no_title(matcher: Matcher, text: str, heading: bool) -> None:
    a = matcher.analyzer.analyze(text)
    assert is_heading(text, a, matcher.vocab.forms.status_values) is heading


def test_the_rest_of_an_unticked_option_on_its_line_states_nothing(matcher: Matcher) -> None:
    from shortsale_check.form import unticked_continuations
    from shortsale_check.model import PlacedWord, Sentence

    def line(text: str, top: float, x0: float) -> Sentence:
        word = PlacedWord(0, len(text), 1, x0, top, x0 + 5 * len(text), top + 10)
        return Sentence("consent.pdf", 1, 1, text, (word,))

    sentences = [
        line("[ ] Option 2 - Settlement in full.", 100, 72),
        line("On receipt of the amount stated, the Credit Union will accept it as payment in full.", 100, 250),
        # a new line: not known to belong to the option
        line("The members will owe nothing further on the loan.", 112, 72),
        line("[X] Option 1 - Release of mortgage only.", 140, 72),
        line("On receipt of $2,800 the Credit Union will sign a satisfaction.", 140, 280),
    ]
    assert unticked_continuations(sentences, matcher.vocab.forms) == {1}


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("RE: Loan ending 4417 - deficiency waiver", False),  # an e-mail's subject line names a topic
        ("Subject: shortfall note and release status", False),
        ("Fwd: waiver of the balance on the second", False),
        # an e-mail header run into one line names its topic last
        ("From: Ava Lind To: Closing Desk Date: May 2, 2024 9:02 AM Re: cognovit rider", False),
        ("From: Ava Lind To: Closing Desk Date: May 2 Re: loan ending 4417 - the Bank waives any deficiency", True),
        # a long "RE:" line runs on into the letter: its sentence is read
        ("RE: Loan ending 4417, 12 Alder Row: the Bank waives any deficiency remaining after the sale.", True),
        ("Waiver: the Bank waives any deficiency remaining after the sale.", True),
    ],
)
def test_a_subject_line_states_nothing(matcher: Matcher, text: str, stated: bool) -> None:
    found = [h for a, b in sentence_spans(text) for h in matcher.hits(matcher.analyzer.analyze(text[a:b]))]
    assert bool(found) is stated


@pytest.mark.parametrize(
    "text",
    [
        "Review of file (3/2): contribution - none; note - none; balance stays due - no; PMI on loan - no.",
        "Shortfall note: none; balance kept by lender: no; confession of judgment: N/A",
    ],
)
def test_rows_joined_by_semicolons_are_read_one_by_one(matcher: Matcher, text: str) -> None:
    found = [h for a, b in sentence_spans(text) for h in matcher.hits(matcher.analyzer.analyze(text[a:b]))]
    assert found == []
    assert len(list(sentence_spans(text))) >= 3


@pytest.mark.parametrize(
    "text",
    [
        "Reservation of deficiency or 'not a release' language: none.",  # no such denial in the papers
        # a dash inside the answer's aside is no second row's separator
        "Confession of judgment / consent judgment: none (the old note has none either - checked our copy).",
        "Language that the approval is not a release of the borrower: none found",
    ],
)
def test_a_row_answering_no_to_a_denial_states_nothing(matcher: Matcher, text: str) -> None:
    found = [h for a, b in sentence_spans(text) for h in matcher.hits(matcher.analyzer.analyze(text[a:b]))]
    assert found == []
