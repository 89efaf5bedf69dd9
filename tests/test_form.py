"""Form fields: "Deficiency waived: No" is read as the label, answered."""

from __future__ import annotations

import pytest

from shortsale_check.form import FormWords, read_form
from shortsale_check.nlp import Analyzer


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
        ("Will the lender pursue the deficiency? No.", False),
    ],
)
def test_questions_assert_nothing(analyzer: Analyzer, text: str, question: bool) -> None:
    from shortsale_check.form import is_question

    a = analyzer.analyze(text)
    assert is_question(a.text, a.lowers, analyzer.vocab.forms) is question
