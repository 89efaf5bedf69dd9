"""segment: lines -> sentences on small PDFs made with fpdf2, checked on both engines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF

from shortsale_check.extract import ENGINES, extract_document
from shortsale_check.model import Sentence
from shortsale_check.segment import MAX_SENTENCE, segment, sentence_spans

Draw = Callable[[FPDF], None]


def _sentences(tmp_path: Path, draw: Draw) -> list[Sentence]:
    """Render ``draw`` to a PDF, segment it with every engine, check they agree, return one result."""
    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    draw(pdf)
    path = tmp_path / "doc.pdf"
    pdf.output(str(path))
    results = [segment(extract_document(path, "doc.pdf", engine=e)) for e in ENGINES]
    texts = [[(s.page, s.end_page, s.text) for s in r] for r in results]
    assert all(t == texts[0] for t in texts), "engines disagree"
    return results[0]


def _texts(sentences: list[Sentence]) -> list[str]:
    return [s.text for s in sentences]


def _para(pdf: FPDF, text: str, *, x: float = 20, y: float | None = None, w: float = 170) -> None:
    pdf.set_xy(x, pdf.get_y() if y is None else y)
    pdf.multi_cell(w, 6, text, align="L")
    pdf.ln(4)


def _furniture(pdf: FPDF, number: int, total: int) -> None:
    pdf.set_xy(20, 8)
    pdf.cell(0, 5, f"First National Bank - Loan No. 77{number}12 - Short Sale Approval Letter")
    pdf.set_xy(100, 268)
    pdf.cell(0, 5, f"Page {number} of {total}")


def test_hyphenated_word_at_line_end_is_rejoined(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "Lender reserves the right to collect the defi-\nciency from the Borrower.", y=30)
        _para(pdf, "The fee is self-\nEmployed income.")

    texts = _texts(_sentences(tmp_path, draw))
    assert texts[0] == "Lender reserves the right to collect the deficiency from the Borrower."
    assert texts[1] == "The fee is self- Employed income."


def test_running_headers_footers_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        for n in range(1, 4):
            pdf.add_page()
            _furniture(pdf, n, 3)
            _para(pdf, f"Clause {n} says the Borrower owes nothing more.", y=40)
            pdf.set_xy(190, 262)
            pdf.cell(10, 5, f"- {n} -")

    texts = _texts(_sentences(tmp_path, draw))
    assert texts == [f"Clause {n} says the Borrower owes nothing more." for n in range(1, 4)]


def test_single_page_drops_page_number_but_keeps_text(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "Seller acknowledges the deficiency.", y=40)
        pdf.set_xy(100, 268)
        pdf.cell(0, 5, "3")

    assert _texts(_sentences(tmp_path, draw)) == ["Seller acknowledges the deficiency."]


LEFT = "The left column begins here and runs over several lines of text so it wraps. It ends here."
RIGHT = "The right column is read only after the whole left column has been read. Right ends."


def test_two_columns_are_read_left_then_right(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "AGREEMENT TO WAIVE DEFICIENCY", y=20)
        _para(pdf, LEFT + " " + LEFT, x=20, y=40, w=80)
        _para(pdf, RIGHT + " " + RIGHT, x=110, y=40, w=80)

    left, right = (text.replace(". ", ".|").split("|") * 2 for text in (LEFT, RIGHT))
    assert _texts(_sentences(tmp_path, draw)) == ["AGREEMENT TO WAIVE DEFICIENCY", *left, *right]


def test_sentence_across_a_page_break_is_one_sentence(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        for n, text in (
            (1, "Opening words. Lender reserves the right to pursue the"),
            (2, "deficiency later."),
        ):
            pdf.add_page()
            _furniture(pdf, n, 2)
            _para(pdf, text, y=250 if n == 1 else 30)

    sentences = _sentences(tmp_path, draw)
    assert _texts(sentences) == [
        "Opening words.",
        "Lender reserves the right to pursue the deficiency later.",
    ]
    crossing = sentences[1]
    assert (crossing.page, crossing.end_page, crossing.index) == (1, 2, 1)
    at = crossing.text.index("deficiency")
    assert [w.page for w in crossing.words if w.start >= at] == [2, 2]
    box = crossing.bbox()
    assert box is not None and box[1] > 600  # the part on page 1, at the bottom of that page


def test_all_caps_and_fine_print_are_kept(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "WARNING -- BY SIGNING THIS PAPER YOU GIVE UP YOUR RIGHT TO NOTICE AND COURT TRIAL.", y=30)
        pdf.set_font("Helvetica", size=6)
        _para(pdf, "Borrower remains personally liable for any deficiency balance remaining after the sale.")

    assert _texts(_sentences(tmp_path, draw)) == [
        "WARNING -- BY SIGNING THIS PAPER YOU GIVE UP YOUR RIGHT TO NOTICE AND COURT TRIAL.",
        "Borrower remains personally liable for any deficiency balance remaining after the sale.",
    ]


ABBREV = (
    "Mr. J. Smith of Acme Co. and Dr. Lee of Harbor Bank, N.A. paid $5,000.00 at 2.5% under Sec. 4 "
    "of the U.S. Code, e.g. Loan No. 55 dated Jan. 5, 2024, i.e. before the sale on Main St. in the city, "
    "as Cal. Code Civ. Proc. section 580e and Va. Code Ann. 8.01-431 allow, and 42 Pa.C.S. 8103 requires."
)


def test_abbreviations_initials_and_amounts_do_not_split(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, ABBREV + " Next sentence starts here! Does it? Yes. (a) Item one follows.", y=30)

    texts = _texts(_sentences(tmp_path, draw))
    assert texts == [ABBREV, "Next sentence starts here!", "Does it?", "Yes.", "(a) Item one follows."]


def test_a_form_answer_no_ends_its_row(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "Note required: No. Contribution required: No. Recorded as Instrument No. 5 in Book 2.", y=30)

    texts = _texts(_sentences(tmp_path, draw))
    assert texts == ["Note required: No.", "Contribution required: No.", "Recorded as Instrument No. 5 in Book 2."]


def test_rows_run_together_end_at_a_negative_answer(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "Personal guaranty: No   Cognovit rider: N/A   Note required: YES  Amount: $9,900", y=30)

    texts = _texts(_sentences(tmp_path, draw))
    assert texts == ["Personal guaranty: No", "Cognovit rider: N/A", "Note required: YES Amount: $9,900"]


def test_a_line_of_fields_is_not_run_into_the_next_sentence(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        pdf.set_xy(20, 30)
        pdf.cell(0, 6, "Member: Ann Roe       HELOC ending 4417       Balance before settlement: $21,500.00")
        _para(pdf, 'You asked: "If I sign the release form, can the credit union still collect the rest?"', y=38)
        _para(pdf, "Account: 4417 and the note: not the same file as the line.", y=50)

    texts = _texts(_sentences(tmp_path, draw))
    assert texts[:2] == [
        "Member: Ann Roe HELOC ending 4417 Balance before settlement: $21,500.00",
        'You asked: "If I sign the release form, can the credit union still collect the rest?"',
    ]


def test_a_line_of_fields_keeps_a_wrapped_address(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        pdf.set_xy(20, 30)
        pdf.cell(0, 6, "Borrower: Ann Roe       Property: 88 Wintergreen")
        pdf.set_xy(20, 36)
        pdf.cell(0, 6, "Circle, Eugene, Oregon 97405")

    texts = _texts(_sentences(tmp_path, draw))
    assert texts == ["Borrower: Ann Roe Property: 88 Wintergreen Circle, Eugene, Oregon 97405"]


def test_table_rows_and_a_box_answered_question_are_rows_of_their_own(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        for k, line in enumerate(
            [
                "| Borrower must sign a note for part of the shortfall | N | |",
                "| Confession of judgment held in escrow | N | declined |",
                "Number of liens on the property:  2  (first and second)",
                "Has any lender asked you to sign a new note?   [ ] Yes   [X] No",
            ]
        ):
            pdf.set_xy(20, 30 + 7 * k)
            pdf.cell(0, 6, line)

    texts = _texts(_sentences(tmp_path, draw))
    assert texts == [
        "| Borrower must sign a note for part of the shortfall | N | |",
        "| Confession of judgment held in escrow | N | declined |",
        "Number of liens on the property: 2 (first and second)",
        "Has any lender asked you to sign a new note? [ ] Yes [X] No",
    ]


def test_numbered_and_dotted_rows_run_together_are_split(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "1) Cognovit: N/A 2) Deficiency note: None", y=30)
        _para(pdf, "Contribution ........ $4,200.00 Promissory note ........ not required", y=60)
        _para(pdf, "Borrower agrees (1) to sign the deed and (2) to vacate by May 1.", y=160)
        _para(pdf, "Seller to sign a note for the shortfall?   No - none requested. Does it? Not yet.", y=200)

    texts = _texts(_sentences(tmp_path, draw))
    assert texts == [
        "1) Cognovit: N/A",
        "2) Deficiency note: None",
        "Contribution ........ $4,200.00",
        "Promissory note ........ not required",
        "Borrower agrees (1) to sign the deed and (2) to vacate by May 1.",
        "Seller to sign a note for the shortfall? No - none requested.",
        "Does it?",
        "Not yet.",
    ]


def test_initials_blanks_and_boxes_start_new_sentences(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "_____ I will pay my water bill. _____ I received a copy. [ ] Option one. [X] Option two.", y=30)

    texts = _texts(_sentences(tmp_path, draw))
    want = ["_____ I will pay my water bill.", "_____ I received a copy.", "[ ] Option one.", "[X] Option two."]
    assert texts == want


def test_list_items_and_headings_start_new_sentences(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "RELEASE OF LIABILITY", y=30)
        for marker in ("1.", "(a)", "b)", "-"):
            _para(pdf, f"{marker} Lender waives the deficiency in part {marker}")

    texts = _texts(_sentences(tmp_path, draw))
    assert texts[0] == "RELEASE OF LIABILITY" and len(texts) == 5
    assert texts[2] == "(a) Lender waives the deficiency in part (a)"


def test_long_sentence_is_split_at_semicolons_never_mid_word(tmp_path: Path) -> None:
    clause = "the Borrower shall pay each and every amount remaining due under the Note and Mortgage"
    long = "; ".join(f"{clause} number {i}" for i in range(12)) + "."

    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, long, y=20, w=180)

    sentences = _sentences(tmp_path, draw)
    assert len(sentences) > 1 and all(len(s.text) <= MAX_SENTENCE for s in sentences)
    assert all(s.text.endswith((";", ".")) for s in sentences)
    assert " ".join(s.text for s in sentences) == long
    assert [s.index for s in sentences] == list(range(len(sentences)))


def test_span_box_is_on_its_page_and_inside_it(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "First page text.", y=30)
        pdf.add_page()
        _para(pdf, "The Borrower agrees to sign a promissory note for the deficiency.", y=100)

    sentence = _sentences(tmp_path, draw)[1]
    start = sentence.text.index("promissory note")
    box = sentence.bbox(start, start + len("promissory note"))
    assert sentence.page == 2 and box is not None
    x0, top, x1, bottom = box
    assert 0 < x0 < x1 < 612 and 270 < top < bottom < 310  # y=100 mm is about 283 pt from the top
    words = [w for w in sentence.words if w.end > start and w.start < start + len("promissory note")]
    assert [sentence.text[w.start : w.end] for w in words] == ["promissory", "note"]
    assert sentence.source == "text" and sentence.confidence == 1.0


@pytest.mark.parametrize("engine", ENGINES)
def test_unreadable_and_failed_documents_give_no_sentences(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert segment(extract_document(path, "empty.pdf", engine=engine)) == []


def test_page_number_beside_footer_text_is_dropped(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        _para(pdf, "The Lender waives the deficiency.", y=40)
        pdf.set_xy(20, 268)
        pdf.cell(60, 5, "Form LS-114 (rev. 03/2024)")
        pdf.set_xy(170, 268)
        pdf.cell(30, 5, "Page 1 of 1")

    assert _texts(_sentences(tmp_path, draw)) == [
        "The Lender waives the deficiency.",
        "Form LS-114 (rev. 03/2024)",
    ]


def test_lines_of_an_address_block_are_not_run_into_the_letter(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        for y, line in (
            (30, "October 2, 2024"),
            (36, "To: Gregory Fenn, 731 Maple Court"),
            (42, "Approval of Sale"),
        ):
            pdf.set_xy(20, y)
            pdf.cell(170, 6, line)
        _para(pdf, "Dear Gregory Fenn, the owner of your loan has approved the short sale. " * 2, y=48)

    texts = _texts(_sentences(tmp_path, draw))
    assert texts[:3] == ["October 2, 2024", "To: Gregory Fenn, 731 Maple Court", "Approval of Sale"]


FIXTURES = sorted((Path(__file__).parent / "fixtures" / "packets").glob("*/*.pdf"))


@pytest.mark.skipif(not FIXTURES, reason="no fixture packets rendered")
def test_engines_give_the_same_sentences_on_the_fixture_packets() -> None:
    for pdf in FIXTURES:
        results = [extract_document(pdf, pdf.name, engine=e) for e in ENGINES]
        infos = {(d.info.pages, d.info.unreadable_pages, d.info.error) for d in results}
        texts = [[(s.page, s.end_page, s.text) for s in segment(d)] for d in results]
        assert len(infos) == 1, f"{pdf}: engines disagree on the document: {infos}"
        assert texts[0] == texts[1], f"{pdf}: engines give different sentences"


def test_settlement_shorthand_does_not_end_a_sentence() -> None:
    text = "Remarks: Short payoff approved; def. waived IF seller contrib. ($2,750) rec'd at COE. Next line."
    assert [text[a:b] for a, b in sentence_spans(text)][0].endswith("COE.")


def test_a_question_answered_by_boxes_is_one_sentence() -> None:
    text = "Confession of judgment rider attached?  [ ] Yes  [X] No"
    assert [text[s:e] for s, e in sentence_spans(text)] == [text]


def test_questions_answered_in_one_row_are_cut_after_each_answer() -> None:
    text = "Contribution required? NO    Shortfall note required? NO    Judgment to be sought? N"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Contribution required? NO",
        "Shortfall note required? NO",
        "Judgment to be sought? N",
    ]


def test_rows_answered_in_several_columns_or_at_the_line_end_are_cut() -> None:
    text = "Note / plan / contribution to first lender: NO / NO / NO\nNote / plan to second lender: NO / NO"
    assert [text[s:e] for s, e in sentence_spans(text)] == text.split("\n")
    text = "Seller to sign anything at closing (note, acknowledgment, agreement)? No.\nTax lien search (seller): clear."
    assert [text[s:e] for s, e in sentence_spans(text)] == text.split("\n")


def test_questions_answered_n_at_their_line_ends_are_cut() -> None:
    text = "Was any payment collected outside closing? N\nDid the file contain a note or repayment plan? N"
    assert [text[s:e] for s, e in sentence_spans(text)] == text.split("\n")



def test_a_capitals_heading_over_an_ordinary_row_is_its_own_sentence(tmp_path: Path) -> None:
    """A heading in capitals set close over rows in ordinary case ("CLOSING-DAY CHECKLIST" over "Lender asks borrower to
    sign a new note: NO") does not run into the first row; a paragraph in capitals stays one sentence."""

    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        pdf.set_xy(20, 20)
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(0, 6, "CLOSING-DAY CHECKLIST - ANSWERED BY COUNSELOR", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for row in ("Lender asks borrower to sign a new note: NO", "Judgment by confession language anywhere: NO"):
            pdf.set_x(20)
            pdf.cell(0, 6, row, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        _para(pdf, "THE BANK WILL NOT SELL, ASSIGN, OR PLACE FOR COLLECTION ANY PART OF THE UNPAID BALANCE OF THE LOAN "
              "ONCE THE SALE CLOSES, AND IT WILL SHOW A ZERO BALANCE OWED BY THE BORROWER ON ITS RECORDS.")

    texts = _texts(_sentences(tmp_path, draw))
    assert texts[0] == "CLOSING-DAY CHECKLIST - ANSWERED BY COUNSELOR"
    assert "Lender asks borrower to sign a new note: NO" in texts
    assert any(t.startswith("THE BANK WILL NOT SELL") and t.endswith("RECORDS.") for t in texts)


def test_a_signature_blank_under_an_answered_row_is_its_own_sentence(tmp_path: Path) -> None:
    """A settlement statement's last row ends with its answer ("... at closing ........ None"); the signature blank
    set right under it is not part of the row's answer."""

    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        pdf.set_xy(20, 20)
        pdf.set_font("Helvetica", size=10)
        rows = ("Seller note to any lienholder signed at closing ..................................... None",
                "______________________ Orla Quennell-Baptiste, Seller")
        for row in rows:
            pdf.set_x(20)
            pdf.cell(0, 5, row, new_x="LMARGIN", new_y="NEXT")

    texts = _texts(_sentences(tmp_path, draw))
    assert any(t.endswith("None") and t.startswith("Seller note") for t in texts), texts


def test_each_chat_message_is_its_own_sentence(tmp_path: Path) -> None:
    """A printed chat's messages, each opened by its sender and time stamp, do not run into each other when they
    carry no closing punctuation."""

    def draw(pdf: FPDF) -> None:
        pdf.add_page()
        pdf.set_xy(20, 20)
        pdf.set_font("Helvetica", size=10)
        rows = ("Ambrose 8/6 8:02pm: does the equity line bank forgive the rest or keep billing us",
                "Daphne 8/6 8:10pm: sending you their letter now, read the second paragraph",
                "Shawnda (BRBFCU) 8/6 8:12pm: the rest is forgiven on that line")
        for row in rows:
            pdf.set_x(20)
            pdf.cell(0, 5, row, new_x="LMARGIN", new_y="NEXT")

    texts = _texts(_sentences(tmp_path, draw))
    assert [t[:8] for t in texts] == ["Ambrose ", "Daphne 8", "Shawnda "], texts


def test_a_number_spelled_out_then_in_figures_does_not_start_a_row() -> None:
    """ "IN SIXTY (60) MONTHLY INSTALLMENTS" is one sentence; numbered rows run on ("N/A 2) Note: None") are two."""
    text = "SELLERS SHALL REPAY THE SUM OF $20,100.00 IN SIXTY (60) MONTHLY INSTALLMENTS, WHICH SHALL SURVIVE CLOSING."
    assert [text[a:b] for a, b in sentence_spans(text)] == [text]
    rows = "1) Cognovit: N/A 2) Deficiency note: None"
    assert [rows[a:b] for a, b in sentence_spans(rows)] == ["1) Cognovit: N/A", "2) Deficiency note: None"]


def test_a_numbered_line_after_initials_blanks_stays_one_sentence() -> None:
    # the blanks for the signers' initials and the item number open the line the initials answer for
    text = "____ ____ 2. The shortfall remains the Sellers' obligation, as each of us confirms by initialling it."
    assert [text[s:e] for s, e in sentence_spans(text)] == [text]
