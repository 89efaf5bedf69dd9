"""Form fields: "Deficiency waived: No", "Deficiency waived: [ ] Yes [X] No".

Term sheets, checklists and closing forms state terms as a short label, a separator and a
short value.  Such a line is read as "label is value": the separator does not end the clause,
the line counts as a clause however short it is, and a negative answer ("No", "not granted",
a ticked "No" box) negates the label's words.  The separators, answers and tick marks are data
(``patterns/vocab/forms.yaml``); this module only finds them in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import RuleError

if TYPE_CHECKING:
    from .model import Sentence

WORD = re.compile(r"[^\W\d_][\w'/]*")  # words, not numbers or punctuation
_BRACKET_SPACES = re.compile(r"([\[(])\s*(\S?)\s*([\])])")
NEXT_WORD = re.compile(r"\s*('s|[^\W\d_]+)")  # the word after a box or a place
_MARK = re.compile(r"[\[(][^\])]{0,3}[\])]|[^\w\s\[\]()]")  # a box "[ ]", "(x)" or a tick symbol
# an answer, then more: "NO - the balance stays", "N/A (not used in this file)"
_QUALIFIED_ANSWER = re.compile(
    r"\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)\s+(?=(?:by|per|for|to|in|on|from|under|with|at|since)\s)", re.IGNORECASE
)
_LEADING_ANSWER = re.compile(  # "NO - the balance stays", "$0.00 (none requested)"
    r"\s*((?:[^;,.(\u2013\u2014|/-]|(?<=\d)\.(?=\d)|/(?!\s)){1,24}?)\s*(?:(?:[;,.\u2013\u2014|/]|-+)\s|\()"  # "No / $0"
)


@dataclass(frozen=True, slots=True)
class FormWords:
    separators: tuple[str, ...] = ()
    max_label_words: int = 0
    max_value_words: int = 0
    negative: frozenset[str] = frozenset()
    positive: frozenset[str] = frozenset()
    checked: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()
    question_labels: frozenset[str] = frozenset()
    question_openers: frozenset[str] = frozenset()
    question_tags: tuple[str, ...] = ()
    bare_question_openers: frozenset[str] = frozenset()
    bare_question_stops: frozenset[str] = frozenset()
    asker_labels: frozenset[str] = frozenset()
    answer_labels: frozenset[str] = frozenset()
    pointers: tuple[str, ...] = ()
    assent_labels: frozenset[str] = frozenset()
    term_glue: frozenset[str] = frozenset()
    definition_openers: frozenset[str] = frozenset()
    definition_stops: frozenset[str] = frozenset()
    question_joins: frozenset[str] = frozenset()
    indefinite_openers: frozenset[str] = frozenset()
    indefinite_free_stops: frozenset[str] = frozenset()
    requirement_labels: frozenset[str] = frozenset()
    generic_places: tuple[str, ...] = ()
    generic_next: frozenset[str] = frozenset()
    generic_openers: tuple[str, ...] = ()
    generic_quantifiers: tuple[str, ...] = ()
    generic_kinds: frozenset[str] = frozenset()
    generic_kind_stops: frozenset[str] = frozenset()
    record_openers: tuple[str, ...] = ()
    record_orders: tuple[str, ...] = ()
    record_labels: tuple[str, ...] = ()
    record_qualifiers: tuple[str, ...] = ()
    record_conditions: frozenset[str] = frozenset()
    status_values: frozenset[str] = frozenset()
    paper_marks_before: frozenset[str] = frozenset()
    paper_marks_after: frozenset[str] = frozenset()
    paper_relations: frozenset[str] = frozenset()
    record_markers: tuple[str, ...] = ()
    record_stops: frozenset[str] = frozenset()
    definition_verbs: tuple[str, ...] = ()
    requirement_record_words: frozenset[str] = frozenset()
    program_heads: frozenset[str] = frozenset()
    program_names: tuple[str, ...] = ()
    program_deal_words: frozenset[str] = frozenset()
    program_stops: frozenset[str] = frozenset()
    program_parties: frozenset[str] = frozenset()  # compared as written: "Borrower", not "borrower"
    program_applied: frozenset[str] = frozenset()
    quote_leads: frozenset[str] = frozenset()
    void_answers: frozenset[str] = frozenset()
    not_applicable: frozenset[str] = frozenset()
    question_reports: tuple[str, ...] = ()
    question_report_stops: frozenset[str] = frozenset()
    kind_verbs: tuple[str, ...] = ()
    kind_stops: frozenset[str] = frozenset()
    advice_openers: tuple[str, ...] = ()
    label_verbs: frozenset[str] = frozenset()
    pointer_subjects: tuple[str, ...] = ()
    pointer_verbs: tuple[str, ...] = ()
    disbursement_openers: tuple[str, ...] = ()
    disbursement_purposes: tuple[str, ...] = ()
    status_cells: frozenset[str] = frozenset()
    log_drop_words: frozenset[str] = frozenset()
    kind_plurals: frozenset[str] = frozenset()
    askers: frozenset[str] = frozenset()
    subject_labels: frozenset[str] = frozenset()
    header_labels: frozenset[str] = frozenset()  # an e-mail header's other fields: "From:", "To:", "Date:"
    max_subject_words: int = 0

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> FormWords:
        """From forms.yaml's mapping; an empty mapping (no forms.yaml) reads no form fields."""
        if not raw:
            return cls()
        try:

            def words(key: str) -> tuple[str, ...]:
                value = raw.get(key, [])
                if not isinstance(value, list):
                    raise TypeError(f"{key} must be a list")
                return tuple(" ".join(str(v).lower().split()) for v in value if str(v).strip())

            def cased(key: str) -> tuple[str, ...]:  # words compared as written ("Borrower")
                value = raw.get(key, [])
                if not isinstance(value, list):
                    raise TypeError(f"{key} must be a list")
                return tuple(str(v).strip() for v in value if str(v).strip())

            return cls(
                separators=words("separators"),
                max_label_words=int(raw["max_label_words"]),
                max_value_words=int(raw["max_value_words"]),
                negative=frozenset(words("negative")),
                positive=frozenset(words("positive")),
                checked=tuple(sorted(words("checked"), key=len, reverse=True)),
                unchecked=tuple(sorted(words("unchecked"), key=len, reverse=True)),
                question_labels=frozenset(words("question_labels")),
                question_openers=frozenset(words("question_openers")),
                question_tags=words("question_tags"),
                bare_question_openers=frozenset(words("bare_question_openers")),
                bare_question_stops=frozenset(words("bare_question_stops")),
                asker_labels=frozenset(words("asker_labels")),
                answer_labels=frozenset(words("answer_labels")),
                pointers=words("pointers"),
                assent_labels=frozenset(words("assent_labels")),
                term_glue=frozenset(words("term_glue")),
                definition_openers=frozenset(words("definition_openers")),
                definition_stops=frozenset(words("definition_stops")),
                question_joins=frozenset(words("question_joins")),
                indefinite_openers=frozenset(words("indefinite_openers")),
                indefinite_free_stops=frozenset(words("indefinite_free_stops")),
                requirement_labels=frozenset(words("requirement_labels")),
                generic_places=tuple(sorted(words("generic_places"), key=len, reverse=True)),
                generic_next=frozenset(words("generic_next")),
                generic_openers=words("generic_openers"),
                generic_quantifiers=words("generic_quantifiers"),
                generic_kinds=frozenset(words("generic_kinds")),
                generic_kind_stops=frozenset(words("generic_kind_stops")),
                record_openers=tuple(sorted(words("record_openers"), key=len, reverse=True)),
                record_orders=tuple(sorted(words("record_orders"), key=len, reverse=True)),
                record_labels=tuple(sorted(words("record_labels"), key=len, reverse=True)),
                record_qualifiers=tuple(sorted(words("record_qualifiers"), key=len, reverse=True)),
                record_conditions=frozenset(words("record_conditions")),
                status_values=frozenset(words("status_values")),
                paper_marks_before=frozenset(words("paper_marks_before")),
                paper_marks_after=frozenset(words("paper_marks_after")),
                paper_relations=frozenset(words("paper_relations")),
                record_markers=words("record_markers"),
                record_stops=frozenset(words("record_stops")),
                requirement_record_words=frozenset(words("requirement_record_words")),
                program_heads=frozenset(words("program_heads")),
                # read as words: "pre-foreclosure sale" is matched as "pre foreclosure sale"
                program_names=tuple(" ".join(re.findall(r"[\w']+", n)) for n in words("program_names")),
                program_deal_words=frozenset(words("program_deal_words")),
                program_stops=frozenset(words("program_stops")),
                program_parties=frozenset(cased("program_parties")),
                program_applied=frozenset(words("program_applied")),
                definition_verbs=tuple(sorted(words("definition_verbs"), key=len, reverse=True)),
                quote_leads=frozenset(words("quote_leads")),
                void_answers=frozenset(words("void_answers")),
                not_applicable=frozenset(words("not_applicable")),
                question_reports=words("question_reports"),
                question_report_stops=frozenset(words("question_report_stops")),
                kind_verbs=words("kind_verbs"),
                kind_stops=frozenset(words("kind_stops")),
                advice_openers=words("advice_openers"),
                label_verbs=frozenset(words("label_verbs")),
                pointer_subjects=words("pointer_subjects"),
                pointer_verbs=words("pointer_verbs"),
                kind_plurals=frozenset(words("kind_plurals")),
                askers=frozenset(words("askers")),
                subject_labels=frozenset(words("subject_labels")),
                header_labels=frozenset(words("header_labels")),
                max_subject_words=int(raw.get("max_subject_words", 0)),
                status_cells=frozenset(words("status_cells")),
                log_drop_words=frozenset(words("log_drop_words")),
                disbursement_openers=tuple(sorted(words("disbursement_openers"), key=len, reverse=True)),
                disbursement_purposes=words("disbursement_purposes"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"Error: forms.yaml is malformed ({exc})") from None


@dataclass(frozen=True, slots=True)
class FormField:
    """A sentence read as a form field: tokens [label_start, label_end) are the label; ``separator`` is
    the separator's token; ``negative`` the answer's tokens when the chosen answer is negative;
    tokens before ``stated_from`` belong to rows left unanswered, which state nothing."""

    label_start: int
    label_end: int
    separator: int
    negative: tuple[int, int] | None
    stated_from: int = 0
    boxes: bool = False  # the row has tick boxes ("[ ] Yes [X] No"): an answered row, not a title


def read_form(text: str, char_spans: Sequence[tuple[int, int]], words: FormWords) -> FormField | None:
    """The form field this sentence is, or None for ordinary prose."""
    if not words.separators:
        return None
    boxed = _ANSWER_FIRST.match(text)  # "[N]   Note or repayment plan taken by the second-lien holder"
    if boxed is not None and boxed.group(1).lower() in words.negative:
        toks = [i for i, (s, e) in enumerate(char_spans) if s < boxed.end(1) and e > boxed.start(1)]
        named = next((i for i, (s, _) in enumerate(char_spans) if s >= boxed.end()), None)
        if toks and named is not None:
            return FormField(named, len(char_spans), named - 1, (toks[0], toks[-1] + 1), 0, False)
    # "| 2 | Confession of judgment ... | N |": a row's number cell is its numbering (blanked, offsets kept)
    text = _NUMBER_CELL.sub(lambda m: " " * len(m.group(0)), text, count=1)
    text = _EMPTY_CELLS.sub("", text)  # "Rider | Not applicable to this file | --": the empty cell says nothing
    sep = _first_separator(text, words.separators) or _first_box(text, words)
    if sep is None:
        return None
    numbered = len(text) - len(numbering(text)[1])  # "6. Cognovit note ...... N/A": the label follows "6."
    numbered = numbered if numbered < sep[0] else 0
    (start, end), label_from, stated_from = sep, numbered, numbered
    if (cell := _CELL_RULE.match(text, end)) is not None:  # "Deficiency kept?  |  No  |  approval p.1": a table row
        end = cell.end()
    status = _STATUS_CELL.match(text, end)  # "Unsecured note to lender | Required: N | Signed: --": the row's answer
    if text[start:end].strip() == "|" and status is not None and status.group(1).lower() in words.status_cells:
        later_rule = text.find("|", status.end())
        end, text = status.end(), text if later_rule < 0 else text[:later_rule]
    value_end = len(text)
    while (later := _later_field(text, end, words)) is not None:
        if later[2] == "answered":  # "Deficiency waived: No Cash due: $0.00": this row's answer is read
            value_end = later[0]
            break
        label_from, (start, end, _) = end, later  # two rows run together: the last one is read
        stated_from = label_from if later[2] == "blank" else stated_from  # an unanswered row says nothing
    label, value = text[label_from:start], text[end:value_end]
    asked = text[start:end] == "?"  # "Does the approval require a confession of judgment? No": a longer label
    dotted = text[start:end].startswith("....")  # "5. Confessed judgment in any lender document ...... none found"
    leaders = len(value) - len(value.lstrip(LEADERS))  # "Note required by 1st lienholder? ......... No"
    if leaders and value[leaders:].strip():
        end, value = end + leaders, value[leaders:]
        dotted = dotted or "...." in text[end - leaders : end]
    first_word = value.split()[0] if value.split() else ""
    shouted = first_word.isupper() and _answer(value, words) is not None  # "... at closing: NO (none ...)", "...: NO."
    n_label, n_value = len(WORD.findall(label)), len(WORD.findall(value)) or int(any(c.isdigit() for c in value))
    # "Confession of judgment, stipulation or new note in the servicer's package: none received": a long
    # label is still a row when its whole value is a short "no"
    terse = n_value <= 3 and (found := _answer(value, words)) is not None and found[0] == "negative"
    # "Short-sale note or repayment agreement for seller to sign: none provided by lender": a short "no" qualified
    terse = terse or (n_value <= 6 and (lead := _leading_answer(value, words)) is not None and lead[0] == "negative")
    longest = words.max_label_words * (3 if terse else 2 if asked or dotted or shouted else 1)  # a checklist's long row
    if not (1 <= n_label <= longest and n_value >= 1):
        return None
    if n_value > words.max_value_words and _leading_answer(value, words) is None:
        return None  # prose after a colon, unless it opens with an answer ("NO - the balance stays")
    if any(c in label for c in ".;?!"):
        return None
    sep_token = next((i for i, (s, e) in enumerate(char_spans) if (s < end and e > start) or s >= start), None)
    if sep_token is None:
        return None
    answer = _answer(value, words)
    negative = None
    if answer is not None and answer[0] == "negative":
        lo, hi = end + answer[1], end + answer[2]
        toks = [i for i, (s, e) in enumerate(char_spans) if s < hi and e > lo]
        negative = (toks[0], toks[-1] + 1) if toks else None
    first = [next((i for i, (s, _) in enumerate(char_spans) if s >= c), 0) for c in (label_from, stated_from)]
    return FormField(
        label_start=first[0],
        label_end=sep_token,
        separator=sep_token,
        negative=negative,
        stated_from=first[1],
        boxes=bool(_boxes(value, words)),
    )


_ANSWER_FIRST = re.compile(r"\s*\[\s*([A-Za-z]{1,3})\s*\]\s+(?=[A-Za-z])")  # the answer's box before its label
_NUMBER_CELL = re.compile(r"^\s*\|\s*\d{1,3}[a-z]?\.?\s*(?=\|)")
_CELL_RULE = re.compile(r"\s*\|\s*")  # the rule between a table row's cells, right after its label's separator
_STATUS_CELL = re.compile(r"\s*([^\W\d_]+(?:\s[^\W\d_]+)?)\s*:\s*")  # a cell that names its answer: "Required: N"
_EMPTY_CELLS = re.compile(r"(?:\s*\|[\s\-\u2013\u2014_.]*)+$")  # table cells left empty or dashed at a row's end
LEADERS = " ._\u2026-\u2013\u2014|"  # leader dots or dashes (or a table cell's rule) between a label and its answer
_VOID_ANSWER = re.compile(r"\s*([^\W\d_][\w/]*(?:\s+[^\W\d_]+)?)\.?\s+(?=[A-Z])")


def _first_box(text: str, words: FormWords) -> tuple[int, int] | None:
    """A row of yes/no boxes with no separator before it ("Confessed judgment required [ ] Yes [X] No"):
    the first box is where the label ends."""
    boxes = _boxes(text, words)
    if len(boxes) < 2:
        return None
    ends = [start for start, _, _ in boxes[1:]] + [len(text)]
    answers = [  # the word after each box, or all its option's words ("[X] not required")
        end
        for (_, end, _), stop in zip(boxes, ends, strict=True)
        if ((o := NEXT_WORD.match(text, end)) is not None and o.group(1).lower() in words.positive | words.negative)
        or _polarity(text, end, stop, words) is not None
    ]
    if len(answers) < 2 or boxes[0][0] == 0:
        return None
    return boxes[0][0], boxes[0][0]


def _later_field(text: str, start: int, words: FormWords) -> tuple[int, int, str] | None:
    """A second "label: value" after ``start``, when rows of a form were read as one sentence
    ("Term in months (if applicable): -- Confession of judgment attached: No"): its separator, and
    how the row before it ends: "blank" when left unanswered or answered "none" (``void_answers``:
    "Note to lender: N/A Confessed judgment: N/A"), "answered" when it ends with a negative answer
    ("Waived: No Cash due: $0.00"; then the answer's end is returned), else "stated". Its label has
    two words or more and no sentence punctuation."""
    sep, row = _first_separator(text[start:], words.separators), "stated"
    while sep is not None:
        label = text[start : start + sep[0]]
        bare = label.strip(" |")
        if bare.lower() in words.negative - words.void_answers:  # "...?  |  None found  |  all documents read"
            return (answered := start + label.find(bare) + len(bare)), answered, "answered"
        void = _VOID_ANSWER.match(label)
        if void is not None and void.group(1).lower() in words.negative - words.void_answers:
            return start + void.end(1), start + void.end(1), "answered"  # "Waived: No Cash due: $0.00"
        if void is not None and void.group(1).lower() in words.void_answers:
            start, sep, row = start + void.end(), (sep[0] - void.end(), sep[1] - void.end()), "blank"
            label = text[start : start + sep[0]]  # "Note to lender: N/A Confessed judgment: N/A": the row said "none"
        n = len(WORD.findall(label))
        if label.count("(") > label.count(")"):
            return None  # "none (the 2021 note has none either - checked ...)": a dash inside an aside
        if 2 <= n <= words.max_label_words and not any(c in label for c in ".;?!"):
            return start + sep[0], start + sep[1], row
        if n or any(c.isdigit() for c in label):
            return None
        start, row = start + sep[1], "blank"  # "): --": the row before has no value; look past it
        sep = _first_separator(text[start:], words.separators)
    return None


def is_question(text: str, lowers: Sequence[str], words: FormWords) -> bool:
    """A question asks and asserts nothing: it ends with "?" and opens with an auxiliary or a
    question word, after any "Q." / "Q:" / "Question:" label ("Q: Will I owe the rest?").  A line
    labelled as the question of a Q&A ("Q: My neighbor's letter said she still owes") is the
    reader's words, not the paper's, whatever it ends with."""
    labelled = len(lowers) > 1 and lowers[0] in words.asker_labels and lowers[1] in {":", "."}
    # "Question from the seller: does signing the release mean ...": a longer asker's label, up to its colon
    colon = next((k for k in range(2, min(len(lowers), 7)) if lowers[k] == ":"), None)
    longer = len(lowers) > 1 and lowers[0] in words.asker_labels and lowers[1] in {"from", "by", "of", "("} and colon
    if labelled or longer or (lowers and lowers[0].rstrip(".") in words.asker_labels and lowers[0].endswith(".")):
        rest = lowers[2:] if labelled else lowers[colon + 1 :] if longer and colon else lowers[1:]
        pairs = zip(rest, rest[1:], strict=False)
        answered = any(w in words.answer_labels and n in {":", "."} for w, n in pairs) or any(
            w.rstrip(".") in words.answer_labels and w.endswith(".") for w in rest
        )
        if not answered:  # "Q: ... ? A: ..." in one sentence: the answer is read as usual
            return True
    # a form's numbered row: "4. Have you signed ... a promissory note ...: No."
    row = 2 if len(lowers) > 2 and lowers[0].isdigit() and len(lowers[0]) <= 2 and lowers[1] in {".", ")"} else 0
    bare = len(lowers) > row + 2 and not any(w.startswith("?") for w in lowers)
    first_char = text.lstrip()[:1] if not row else text.lstrip()[len(lowers[0]) + 1 :].lstrip()[:1]
    bare = bare and first_char.isupper()  # "does hereby reconvey ...": a sentence's continuation, not a question
    if bare and _bare_opener(lowers, row, words):
        return True  # "Does signing this mean I still owe the difference": asked, even without its "?"
    # a chat message asked without its "?" after its sender and time: "Ambrose 8/6 8:02pm: does the bank forgive ..."
    stamped = (k + 1 for k, w in enumerate(lowers[:8]) if w == ":" and k >= 2 and _stamp_end(lowers, k - 1))
    head = next(stamped, 0)
    if head and len(lowers) > head + 2 and not any(w.startswith("?") for w in lowers):
        if _bare_opener(lowers, head, words):
            return True
        # a tag at its end: "... do i still owe the rest or not", "... they can garnish your check, is that real"
        ending = [w for w in lowers[-4:] if w != "."]
        if any(" ".join(ending[-n:]) in words.question_tags for n in (2, 3)):
            return True
    if _tag_question(lowers, words):
        return True
    if not text.rstrip().rstrip(QUOTE_MARKS).endswith("?"):  # 'Graciela asked: "Will the bank ...?"'
        return False
    lowers = [w for w in lowers if w not in QUOTE_MARKS]
    if len(lowers) <= SHORT_QUESTION and not any(w in {",", ";", ":"} or w in DASHES for w in lowers):
        return True  # a short line asked and left unanswered: "Promissory note or repayment agreement in the file?"
    opening = [w for w in lowers if w not in words.question_labels]
    if bool(opening) and opening[0] in words.question_openers:
        return True
    # "Before we schedule the signing: does the Bank want ...?", "Agent (chat): has the investor ...?"
    after = next((k + 1 for k, w in enumerate(lowers) if w.endswith(":")), 0)
    after_last_comma = len(lowers) - lowers[::-1].index(",") if "," in lowers else 0
    # "if the lender releases the lien, does that also release me?": a condition, then the question
    # ("Before I sign anything, does the credit union keep the right ...?": any opening clause, then the question)
    last = after_last_comma if lowers[after : after + 1] and lowers[after] in CLAUSE_OPENERS else 0
    # "10:16 Agent: My seller asked me to ask you directly: after this payoff, can ...?": the last colon's clause
    later = next((len(lowers) - k for k, w in enumerate(reversed(lowers)) if w.endswith(":")), 0)
    later_last = after_last_comma if lowers[later : later + 1] and lowers[later] in CLAUSE_OPENERS else 0
    # "Marguerite, is that the same as ...?", "Hi Dana, does ...?": the person asked, then the question
    first = lowers.index(",") if "," in lowers else 0
    vocative = first + 1 if 0 < first <= 3 and all(w.isalpha() for w in lowers[:first]) else 0
    # "the loan belongs to a trust, so can the trust still sue us for the rest?": the last clause, joined
    # on by "so"/"but", asks (a bare ", can you upload the approval?" is a request beside a statement)
    joined = 0 < after_last_comma < len(lowers) and lowers[after_last_comma] in words.question_joins
    final = after_last_comma + 1 if joined else 0
    # "what is the paragraph about ... - does that mean they can sue?": the question after a dash
    dashed = max((k + 1 for k, w in enumerate(lowers) if w in DASHES), default=0)
    dashed = dashed if len([w for w in lowers[dashed:] if w.isalpha()]) >= 3 else 0  # not a tag ("-- can they?")
    if after < len(lowers) and lowers[after] in words.question_joins:
        return True  # "Ana, 6:22 PM: so 'forgives' means they can't sell it later?": a statement put up to confirm
    # "Borrower called and asked, 'Will HUD come after me for the rest later?'": the question quoted after its asker
    quoted = after_last_comma if after_last_comma >= 2 and lowers[after_last_comma - 2] in words.askers else 0
    return any(
        0 < k < len(lowers) and lowers[k] in words.question_openers
        for k in (after, last, vocative, final, dashed, quoted, later, later_last)
    )


def _bare_opener(lowers: Sequence[str], k: int, words: FormWords) -> bool:
    """Does a question open at token ``k`` without its "?" ("does ...", "has ...", "have you ...", but not "Does
    hereby ...")?"""
    openers = words.bare_question_openers
    opener = lowers[k] in openers or " ".join(lowers[k : k + 2]) in openers
    return opener and lowers[k + 1] not in words.bare_question_stops


def _stamp_end(lowers: Sequence[str], k: int) -> bool:
    """Does a time stamp end at token ``k`` ("8:02pm", "10:03 am", "6/2")?"""
    if any(c.isdigit() for c in lowers[k]):
        return True
    return lowers[k] in {"am", "pm", "a.m.", "p.m."} and k > 0 and any(c.isdigit() for c in lowers[k - 1])


DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
SHORT_QUESTION = 20  # tokens: a checklist's question, one clause with no statement set beside it
CLAUSE_OPENERS = frozenset({"if", "before", "when", "once", "after", "since", "because", "unless", "until", "while"})
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019"


def _tag_question(lowers: Sequence[str], words: FormWords) -> bool:
    """ "so the bank can't sue us later for the rest, right??": a statement put up for confirmation
    by a tag after its last comma asks; it asserts nothing. A chat message may run on after its
    question marks ("... right?? mom keeps asking"): the statement ends at the first of them."""
    asked = next((i for i, w in enumerate(lowers) if w.startswith("?")), None)
    if asked is None:
        return False
    body = list(lowers[:asked])
    if "," not in body:
        return False
    tail = " ".join(body[len(body) - body[::-1].index(",") :])
    return tail in words.question_tags


def is_unticked_option(text: str, words: FormWords) -> bool:
    """A line that opens with an empty box ("[ ] Release of lien only: ...") is an option the
    form did not choose: it states nothing about this loan."""
    mark = _MARK.match(text.lstrip())
    return mark is not None and _squeeze(mark.group(0)) in words.unchecked


def unticked_continuations(sentences: Sequence[Sentence], words: FormWords) -> set[int]:
    """Positions of the sentences that go on, on the same line, from an option the form left
    unticked ("[ ] Option 2 - Settlement in full. On receipt of the amount stated, the Credit Union
    will accept it as payment in full"): they belong to that option and state nothing either."""
    found: set[int] = set()
    for k in range(1, len(sentences)):
        prev, cur = sentences[k - 1], sentences[k]
        opened = k - 1 in found or is_unticked_option(prev.text, words)
        if opened and _same_line(prev, cur) and _MARK.match(cur.text.lstrip()) is None:
            found.add(k)
    return found


def _same_line(prev: Sentence, cur: Sentence) -> bool:
    """Does ``cur`` start on the line where ``prev`` ends, to its right?"""
    if prev.document != cur.document or not prev.words or not cur.words:
        return False
    last, first = prev.words[-1], cur.words[0]
    return last.page == first.page and abs(last.top - first.top) < 2.0 and first.x0 >= last.x1


# List numbering before a line's text: "3. ", "(a) ", "• ", "Item 9: ", "Requirement No. 4 -".
_ITEM_LABEL = re.compile(
    r"[\s•*·\-–—(]*(?:\(?(?:[0-9a-z]{1,3}[.)]|\d{1,3}:|\d{1,3}(?:\.\d{1,3})+\.?|[A-Z]{1,2}-?\d{1,3}[.:)]?)\s+|(?P<label>[^\W\d_]+)\.?\s+(?:[nN][oO]\.?\s*)?\d+[a-zA-Z]?\s*[:.)–—-]\s*)?"
)


def numbering(text: str) -> tuple[str | None, str]:
    """A line's numbering label ("Item" in "Item 9: ...", else None) and the text after its numbering."""
    found = _ITEM_LABEL.match(text)
    if found is None:  # the pattern can match nothing at all, so this does not happen
        return None, text
    return found.group("label"), text[found.end() :]


BLANK_NOTE = re.compile(r"(?<=_)\s*\((?:to be |)(?:completed|filled in|filled out|entered|inserted)[^)]*\)\s*\.?$")


def empty_field(text: str, words: FormWords) -> str | None:
    """Why a form field states nothing here, else None: its value is a blank to fill in ("Name of
    attorney: ______", unless the blank is for the signer's initials or signature, which assent to
    the label), a pointer elsewhere ("DEFICIENCY WAIVER: see page 2") or "not applicable" (``not_applicable``:
    "Amount of deficiency waived: N/A")."""
    sep = _first_separator(text, words.separators)
    if sep is None:
        return None
    label, value = text[: sep[0]], text[sep[1] :].strip().lower()
    value = BLANK_NOTE.sub("", value)  # "____ (to be completed by servicer)": still a blank
    blank = "_" in value and not WORD.findall(value.replace("_", " "))
    label_words = [w.lower() for w in WORD.findall(label)]
    # a long label is still a question to fill in when no verb states anything in it ("Other promissory
    # notes or confessions of judgment signed in the last two years: ____")
    asks = blank and len(label_words) <= 2 * words.max_label_words and not set(label_words) & words.label_verbs
    if not (1 <= len(label_words) <= words.max_label_words or asks):
        return None  # a sentence that ends in a blank ("... is still our responsibility: ____")
    if blank:
        # the blank is for a signature or initials assenting to the label; in a long label only at its ends
        # ("Initials of each borrower ...: ____"), not a participle inside ("notes ... signed in the last two years")
        ends = set(label_words) if len(label_words) <= words.max_label_words else {label_words[0], label_words[-1]}
        assent = ends & words.assent_labels
        return None if assent else "a blank form field"
    if any(value == w or value.startswith(w + " ") for w in words.pointers):
        return "a pointer to another part of the paper"
    if value.rstrip(". ") in words.not_applicable or any(
        value.startswith((w + " -", w + ";", w + " (", w + ",")) for w in words.not_applicable
    ):  # "Cognovit warning on signature page: not applicable -- no cognovit in packet"
        return "a row marked not applicable"  # "Amount of deficiency waived: N/A"
    return None


def subject_line(text: str, words: FormWords) -> bool:
    """An e-mail's subject line on its own ("RE: Loan ending 8851 - waiver amount", "Subject: release
    status"): it names a topic and states nothing. A long one runs on into the letter and is read."""
    label, sep, rest = text.partition(":")
    if sep and label.strip().lower() in words.header_labels:  # "From: ... To: ... Date: ... Re: cognovit": a header
        subject = _LAST_LABEL.search(text)
        if subject is not None and subject.group(1).lower() in words.subject_labels:
            rest = text[subject.end() :]
            return len(rest.split()) <= words.max_subject_words
        return False
    return bool(sep) and label.strip().lower() in words.subject_labels and len(rest.split()) <= words.max_subject_words


_LAST_LABEL = re.compile(r"(?i)\b([a-z]+)\s*:(?!.*\b[a-z]+\s*:)")  # the last "Label:" of a line


def definition_label_end(text: str, words: FormWords) -> int | None:
    """Where the label ends when the line reads as a glossary entry, "Term: a/the definition"
    ("Warrant of attorney: the part of a judgment note that ..."), else None. A value that binds
    anyone ("the Borrower will sign a note") or names a sum is a term, not a definition."""
    sep = _first_separator(text, words.separators)
    if sep is None or not 1 <= len(WORD.findall(text[: sep[0]])) <= words.max_label_words:
        return None
    value = text[sep[1] :].lower().split()
    if len(value) > 4 and value[0] == "in" and any(w.endswith(",") for w in value[1:4]):
        value = value[next(k for k in range(1, 4) if value[k].endswith(",")) + 1 :]  # "in Georgia, the instrument ..."
    if len(value) < 3 or value[0] not in words.definition_openers or not value[1][:1].isalpha():
        return None
    stops = words.definition_stops
    if value[0] in words.indefinite_openers:
        stops = stops - words.indefinite_free_stops  # "a bank's right to apply money ... a debt the customer owes"
    first = " ".join(value).split(";")[0].split()  # "a clause by which ...; Virginia requires a notice": the definition
    if any(w.strip(".,;:()") in stops or "$" in w for w in first):
        return None
    return sep[0]


_BLANK_OPTION = re.compile(r"(?:_{2,}|[\[(]\s*[\])]|[☐□])\s*([^\W\d_][\w/]*)")


def unanswered_choice(text: str, words: FormWords) -> bool:
    """A yes/no choice with no option ticked ("Deficiency waived? ___ Yes ___ No", "[ ] Yes [ ] No")
    answers nothing."""
    options = [m.group(1).lower() for m in _BLANK_OPTION.finditer(text)]
    answers = [o for o in options if o in words.positive or o in words.negative]
    if len(answers) < 2:
        return False
    return not any(_squeeze(m.group(0)) in words.checked for m in _MARK.finditer(text))


def _squeeze(mark: str) -> str:
    """A tick mark without the spaces inside its brackets: "[ X ]" -> "[x]"."""
    return _BRACKET_SPACES.sub(r"\1\2\3", mark).lower()


def _find_separator(text: str, separator: str) -> int:
    """Where ``separator`` first stands in ``text``; a lone "-" counts only with a space on each side."""
    if separator == "|":  # a table row may open with its cell border: "| Confession of judgment | N/A |"
        return text.find(separator, len(text) - len(text.lstrip("| ")))
    if separator != "-":
        return text.find(separator)
    return text.find(" - ") + 1 if " - " in text else -1


def _first_separator(text: str, separators: Sequence[str]) -> tuple[int, int] | None:
    found = [(i, i + len(s)) for s in separators if (i := _find_separator(text, s)) > 0]
    if not found:
        return None
    start, end = min(found)
    while end < len(text) and text[end] in ". " and text[start] == ".":
        end += 1  # a run of leader dots ("Amount retained ........ $30,000.00")
    return start, end


def _answer(value: str, words: FormWords) -> tuple[str, int, int] | None:
    """("negative"|"positive", start, end) of the chosen answer in ``value``: the ticked option
    when the value is a row of boxes, else the whole value when it is a yes/no answer."""
    options = _ticked(value, words)
    if options is not None:
        return options
    whole = _polarity(value, 0, len(value), words)
    return whole if whole is not None else _leading_answer(value, words)


def _leading_answer(value: str, words: FormWords) -> tuple[str, int, int] | None:
    """A yes/no answer that opens a longer value: "NO - the balance stays", "none required; ...",
    or one a prepositional phrase qualifies: "none requested by either lienholder", "not required
    per approval dated 6/2"."""
    lead = _LEADING_ANSWER.match(value)
    found = _polarity(value, 0, lead.end(1), words) if lead else None
    if found is not None:
        return found
    qualified = _QUALIFIED_ANSWER.match(value)
    return _polarity(value, 0, qualified.end(1), words) if qualified else None


def _polarity(text: str, start: int, end: int, words: FormWords) -> tuple[str, int, int] | None:
    """("negative"|"positive", start, end) when text[start:end], trimmed, is a yes/no answer."""
    option = text[start:end]
    bare = option.strip().strip("|").strip().rstrip(".,;").strip()
    norm = " ".join(bare.lower().split())
    lo = start + option.find(bare)
    for polarity, answers in (("negative", words.negative), ("positive", words.positive)):
        if norm in answers:
            return polarity, lo, lo + len(bare)
    return None


def _ticked(value: str, words: FormWords) -> tuple[str, int, int] | None:
    """The ticked option of "[ ] Yes [X] No": each mark is followed by its option's words."""
    found = _boxes(value, words)
    if not found or not any(t for _, _, t in found):
        return None
    for k, (_, mark_end, ticked) in enumerate(found):
        if not ticked:
            continue
        stop = found[k + 1][0] if k + 1 < len(found) else len(value)
        option = re.split(r"[(:;.]", value[mark_end:stop], maxsplit=1)[0]  # "No (see Section 4)"
        answer = _polarity(value, mark_end, mark_end + len(option), words)
        if answer is not None:
            return answer
    return None


def _boxes(text: str, words: FormWords) -> list[tuple[int, int, bool]]:
    """(start, end, ticked) of each tick box or tick mark in ``text`` ("[ ]", "[X]", "☒")."""
    marks = _mark_table(words.checked, words.unchecked)
    found: list[tuple[int, int, bool]] = []
    for match in _MARK.finditer(text):  # every punctuation mark matches: most are looked up and left
        mark = match.group(0)
        ticked = marks.get(mark.lower() if len(mark) == 1 else _squeeze(mark))  # one character: no brackets
        if ticked is not None:
            found.append((match.start(), match.end(), ticked))
    return found


@lru_cache(maxsize=8)
def _mark_table(checked: tuple[str, ...], unchecked: tuple[str, ...]) -> dict[str, bool]:
    """Tick mark -> ticked; a mark listed as both is ticked (the checked list is read first)."""
    table = {m: False for m in unchecked}
    table.update({m: True for m in checked})
    return table
