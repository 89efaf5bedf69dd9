"""Sentence shapes that state nothing about this loan.

A packet's papers also explain, define, quote, ask and list: "Pennsylvania permits a lender
holding a judgment note to ...", '"Unpaid Balance" means ...', "watch for phrases such as 'the
lender reserves ...'", "the title officer asked if we are signing a note", "Requirement 4:
Satisfaction of the mortgage ... recorded in Book 18". Each test here names one such shape; the
words that tell them are data (``patterns/vocab/forms.yaml``), and ``match.py`` asks them once per
sentence before any rule is tried.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from .form import NEXT_WORD, WORD, FormWords, numbering

_REPORT_REACH = 10  # the reporting words open the sentence (after any "Name (time):" label): its first ten words


def reported_question(lowers: Sequence[str], words: FormWords) -> bool:
    """A question reported, not answered ("The title officer asked if we are signing a note for the
    rest of the loan", "Buyer's agent wants to know whether the lender will waive"): it asserts
    nothing. Its reporting words (``question_reports``) come early, and no answer follows
    (none of ``question_report_stops``: "asked if it will be waived -- told NO")."""
    if not words.question_report_stops.isdisjoint(lowers):
        return False
    start = next((i + 1 for i, w in enumerate(lowers[: _REPORT_REACH + 2]) if w.endswith(":")), 0)
    head = " " + " ".join(lowers[start : start + _REPORT_REACH + 3]) + " "
    reach = len(" ".join(lowers[start : start + _REPORT_REACH]))
    return any(0 <= head.find(f" {r} ") < reach for r in words.question_reports)


_REQUIREMENT_LABEL = re.compile(r"\s*([^\W\d_]+(?:\s+[^\W\d_]+){0,2})\.?\s*:\s*")  # "Req.:", "Type of document:"


def requirement_item(text: str, words: FormWords) -> bool:
    """A numbered item of a title commitment's requirements or exceptions ("Requirement 4:
    Satisfaction of the mortgage ... to be recorded"): a paper the closing still needs, not a
    statement by the lender."""
    label = numbering(text)[0]
    if label is not None and label.lower() in words.requirement_labels:
        return True
    named = _REQUIREMENT_LABEL.match(text)  # "Requirement: Release or satisfaction of the second mortgage to ..."
    if named is not None and named.group(1).lower() in words.requirement_labels:
        rest = text[named.end() :].lower()
        if _opens_record(rest, words) and not any(w in words.record_stops for w in _WORDS.findall(rest)):
            return True
    labels = "|".join(re.escape(w) for w in words.requirement_labels) or "(?!x)x"
    if re.search(rf"(?<![\w'])(?:{labels})\s*(?:no\.?\s*)?(?:\d+[a-z]?)?\s*:", text, re.IGNORECASE) is None:
        return False
    return any(w in words.requirement_record_words for w in _words_and_pairs(text.lower()))


def _words_and_pairs(lower: str) -> set[str]:
    tokens = _WORDS.findall(lower)
    return set(tokens) | {f"{a} {b}" for a, b in itertools.pairwise(tokens)}


_SHORT_LABEL = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+){0,3}(?:\s+\d{1,3})?\s*:\s+")  # "Slide 14: ..."


def generic_statement(text: str, words: FormWords) -> bool:
    """A sentence whose subject is a state, the law or lenders in general ("Pennsylvania permits a
    lender holding a judgment note to ...", "Illinois law does not allow a creditor to ...",
    "Colorado lenders release a deed of trust through the Public Trustee", "A lender may ask you
    to sign ...") explains how things work; it says nothing about this borrower's loans. A place
    counts only before one of ``generic_next`` ("Ohio Valley Bank will waive ..." is a lender)."""
    rest = numbering(text)[1]
    label = _SHORT_LABEL.match(rest)  # "Note to parties: Illinois law makes ..."
    if label is not None and generic_statement(rest[label.end() :], words):
        return True
    opening = _OPENING_PHRASE.match(rest)  # "Under the investor's matrix, servicers may ..."
    if opening is not None and generic_statement(rest[opening.end() :], words):
        return True
    lower = rest.lower()
    for place in words.generic_places:
        if lower.startswith(place) and not lower[len(place) : len(place) + 1].isalnum():
            return _generic_next(lower, len(place), words)
    if _opens_with(lower, words.generic_openers) or _some_of_a_place(lower, words) or _a_kind_of_people(lower, words):
        return True
    return _about_a_kind(lower, words) or _about_a_program(rest, words)


def _opens_with(lower: str, openers: tuple[str, ...]) -> bool:
    if not lower.startswith(openers):  # one C call: most sentences open with no opener at all
        return False
    return any(lower.startswith(o) and not (o[-1].isalnum() and lower[len(o) : len(o) + 1].isalnum()) for o in openers)


def _a_kind_of_people(lower: str, words: FormWords) -> bool:
    """ "Seasoned negotiators usually ...", "Experienced closing attorneys insist ...": a plural kind of
    people or lender, after at most two describing words (no article or possessive), as the subject."""
    found = _FIRST_WORDS.match(lower)
    if found is None:
        return False
    first = found.group(0).split()
    for k in range(min(3, len(first))):
        if first[k] in words.generic_kinds:
            return all(w not in words.generic_kind_stops and w.replace("-", "").isalpha() for w in first[:k])
    return False


_FIRST_WORDS = re.compile(r"[a-z][a-z' -]*")


def _some_of_a_place(lower: str, words: FormWords) -> bool:
    """ "Some Ohio credit unions ask ...", "Many Texas lenders ...": a quantifier, a place, then
    lenders of a kind."""
    for q in words.generic_quantifiers:
        if lower.startswith(q + " "):
            rest = lower[len(q) + 1 :]
            place = next((p for p in words.generic_places if rest.startswith(p + " ")), None)
            if place is None:
                return False
            rest = rest[len(place) + 1 :]
            return _opens_with(rest, words.generic_openers) or _generic_next(rest, 0, words)
    return False


def _generic_next(lower: str, pos: int, words: FormWords) -> bool:
    """Is the word at ``pos`` one that makes a place before it general ("Ohio law", "Texas lenders")?"""
    following = NEXT_WORD.match(lower, pos)
    return following is not None and following.group(1) in words.generic_next


_KIND_SUBJECT_WORDS = 8
# An opening phrase before the subject, with at most one aside: "Under the HAFA program, which ended in 2016, "
_OPENING_PHRASE = re.compile(
    r"(?i:under|in|with|per|according to|when|where)\s[^,;]{1,80},(?:\s*which[^,;]{0,60},)?\s*"
    r"|(?i:as you (?:may |might |probably |already )?know|as you are aware),\s*"  # "As you may know, a Texas ..."
)
# "If the letter says ..., ", "Before you sign, ", "Marguerite, ": what may come before the advice itself
_ADVICE_LEAD = re.compile(
    # a condition or a reason
    r"(?:(?i:if|unless|when|before|once|whatever|whichever|because|since|in the event)\b[^,;]{0,160},\s*"
    r"|(?i:as)\s[^,;]{0,40},\s*"  # "As your attorney, "
    r"|[A-Z]\w*(?: [A-Z]\w*)?,\s+"  # a name addressed
    r"|[A-Z][\w']*(?: [\w']+){0,3}:\s+)"  # a short label: "Counsel's note: request that ..."
)


def advice(text: str, words: FormWords) -> bool:
    """Advice to the reader or what would have been ("Ask the servicer whether ...", "I'd get a lawyer
    to read it", "Had the lender written only ..., I would have told you ..."): one of
    ``advice_openers`` opens the sentence, after any "If/When/Before ...," clause or a name addressed."""
    rest = numbering(text)[1].replace("\u2019", "'")
    lead = _ADVICE_LEAD.match(rest)
    candidates = (rest, rest[lead.end() :]) if lead else (rest,)
    for part in candidates:
        lower = " ".join(part.lower().split())
        if not lower.startswith(words.advice_openers):  # one C call: most sentences open with none
            continue
        if any(lower.startswith(o) and not lower[len(o) : len(o) + 1].isalnum() for o in words.advice_openers):
            return True
    return False


def pointer(text: str, words: FormWords) -> bool:
    """A sentence that says where terms are, not what they are ("The terms on which the remaining
    balance is forgiven are set out in Addendum A", "The conditions of the waiver are described in
    Section 4"): it opens with one of ``pointer_subjects`` and its verb is one of ``pointer_verbs``.
    Whatever the other paper says is read there."""
    lower = " " + " ".join(numbering(text)[1].lower().split())
    if not any(lower.startswith(f" {s} ") for s in words.pointer_subjects):
        return False
    for verb in words.pointer_verbs:
        at = lower.find(f" {verb} ")
        # the place named, and nothing more: not "..., which Borrower must accept in writing"
        if at >= 0 and not re.search(r"[,;:(]", rest := lower[at + len(verb) + 2 :]) and len(rest.split()) <= 8:
            return True
    return False


def _about_a_program(text: str, words: FormWords) -> bool:
    """ "The FHA Pre-Foreclosure Sale program requires the mortgagee to ...", "Standard Short Sale
    guidelines state that ...", "Under the HAFA program the servicer released the borrower ...": a
    sentence whose subject (or opening phrase) is a program or its rules describes how the program
    works ("requires", "must" included); with "we", "you", "I", "this" or "hereby" it speaks of this loan."""
    tokens = _WORDS.findall(text.lower())
    undated = _CITED.sub("", _YEAR.sub("", text))  # "introduced in November 2012": a year dates the program, not
    # this deal; "Mortgagee Letters 94-45 and 2008-43", "section 702.06": a citation numbers a rule
    if not words.program_heads or not words.program_stops.isdisjoint(tokens) or any(c.isdigit() for c in undated):
        return False  # an amount or a date is this deal's ("require the Borrower to sign a note for $5,000")
    if any(w in words.program_parties for w in _WORDS.findall(text)):
        return False  # "the Borrower", "the Seller": a contract's defined party, not borrowers in general
    head = " " + " ".join(tokens[: _KIND_SUBJECT_WORDS + 1]) + " "
    name = next((n for n in words.program_names if f" {n} " in head), None)
    named = head.find(f" {name} ") if name is not None else -1
    applied = words.program_applied & set(head[:named].split())  # "per the investor's Standard Short Sale terms"
    if name is not None and re.search(r"[\W_]+".join(name.split()) + r"\s*[;:]", text.lower()):
        return False  # the deal's kind named as a topic: "Note to file: FHA pre-foreclosure sale; lender accepts ..."
    if named >= 0 and not applied and words.program_deal_words.isdisjoint(tokens):
        return True  # "Freddie Mac's Standard Short Sale may require ...", "VA compromise sales release the lien"
    opening = tokens[1:] if tokens[:1] == ["under"] else tokens
    for k, w in enumerate(opening[: _KIND_SUBJECT_WORDS + 1]):
        if w in words.program_heads:
            if words.program_applied & set(opening[:k]):
                return False  # "the investor's guidelines require the seller to ...", "per investor guidelines, ..."
            return k + 1 < len(opening) and opening[k + 1] not in {"of", "for", "and", "or"}
    return False


_CITED = re.compile(
    r"(?i:\b(?:letters?|sections?|sec\.|§+|bulletins?|rules?|articles?|chapters?|handbook)\s+[\d.()-]+[a-z]?"
    r"(?:\s*(?:,|and|or)\s*[\d.()-]+[a-z]?)*)"
)
_YEAR = re.compile(
    r"(?i:\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2},?\s+)?"
    r"\b(?:19|20)\d\d\b"
)  # "introduced in 2012", "which began November 1, 2012"


def _about_a_kind(lower: str, words: FormWords) -> bool:
    """ "A judgment note contains a warrant of attorney ...", "A mortgage insurer is a separate
    creditor ...": a sentence about a kind of paper or party (its subject opens with "a"/"an", a
    ``kind_verbs`` verb follows within a few words), binding no one (none of ``kind_stops``)."""
    if not lower.startswith(("a ", "an ")):
        return False
    first, _, rest = lower.partition(";")  # "...; we strongly advise you not to sign it": advice binds no one
    if not _opens_with(rest.strip(), words.advice_openers):
        first = lower
    first = first.split(", which")[0]  # "A cognovit note lets a lender ..., which is why Ohio requires a warning"
    tokens = _WORDS.findall(lower)
    if any(w in words.kind_stops for w in _WORDS.findall(first)):
        return False
    head = " " + " ".join(tokens[: _KIND_SUBJECT_WORDS + 2]) + " "
    for verb in words.kind_verbs:
        at = head.find(f" {verb} ")
        if at > 0 and not any(c.isdigit() for c in head[:at]) and "$" not in lower[: lower.find(verb.split()[0])]:
            return True
    return False


_WORDS = re.compile(r"[\w']+")
# A quoted term opening a sentence: '"Unpaid Balance" means ...', 'As used here, "Line Balance" refers to ...'.
_QUOTED_TERM = re.compile(  # 'For purposes of this letter, the "Deficiency", as used in paragraph 4, means'
    r"(?:(?:as used|for (?:the )?purposes? of|in this)\b[^,\"“]{0,40},\s*)?"
    r"(?:the (?:term|phrase|words?)\s+|(?:the|an?)\s+)?"
    r"[\"“']([^\"”']{1,60})[\"”']\s*(?:,\s*[^,\"“”]{1,60},\s*)?",
    re.IGNORECASE,
)


_QUOTED = re.compile(r"(?<!\w)(['\"\u2018\u201c])(.+?)(['\"\u2019\u201d])(?!\w)")
_LEAD_WINDOW = 6  # words before the opening quote searched for a lead ("such as", "says")


def quoted_spans(text: str, words: FormWords) -> list[tuple[int, int]]:
    """Character spans of phrases quoted as examples of wording ("watch for sentences such as 'the
    lender reserves its right to pursue'", "if your letter says the lender may 'pursue any remaining
    balance'"): words shown, not said. A quote counts when one of ``quote_leads`` comes shortly
    before it, or it follows such a quote in a list, and it holds three words or more (a short
    quoted name is a defined term)."""
    spans: list[tuple[int, int]] = []
    for found in _QUOTED.finditer(text):
        if len(WORD.findall(found.group(2))) < 3:
            continue
        before = re.split(r"[.;!?]", text[: found.start()])[-1].lower()
        lead = " ".join(_WORDS.findall(before)[-_LEAD_WINDOW:])
        listed = bool(spans) and len(_WORDS.findall(text[spans[-1][1] + 1 : found.start()])) <= 4  # "... 'A' or 'B'"
        if listed or any(f" {w} " in f" {lead} " for w in words.quote_leads):
            spans.append((found.start(2), found.end(2)))
    return spans


def definition_verb_at(lowers: Sequence[str], words: FormWords) -> int | None:
    """The token where a definition's verb stands when the sentence reads "Term means ..."
    ("Confession of judgment means a written consent ..."), within the first ``max_label_words``
    tokens; None otherwise. The caller checks that the words before it only name a term."""
    text = " ".join(lowers)
    for verb in words.definition_verbs:
        at = f" {text} ".find(f" {verb} ")
        if at > 0:
            k = len(text[:at].split())
            if 0 < k <= words.max_label_words:
                rest = lowers[k + len(verb.split()) :]
                return None if any(w in words.definition_stops for w in rest) else k
    return None


def defined_term(text: str, words: FormWords) -> bool:
    """A contract's definition ('"Unpaid Balance" means the principal ... left after the payment is
    credited'): it names what a term covers and binds no one. A definition with one of
    ``definition_stops`` ('"Shortfall Note" means the note the Borrower shall sign') is a term of
    the deal, not only a definition."""
    rest = numbering(text)[1]
    found = _QUOTED_TERM.match(rest)
    if found is None or len(WORD.findall(found.group(1))) > words.max_label_words:
        return False
    value = rest[found.end() :].lower()
    verb = next((v for v in words.definition_verbs if value.startswith(v + " ")), None)
    if verb is None:
        return False
    meaning = value[len(verb) :].split(";")[0]  # "...; no such form is part of this Agreement": another statement
    return not any(w in words.definition_stops for w in _WORDS.findall(meaning))


def record_item(text: str, words: FormWords) -> bool:
    """A line of a title commitment or report that lists a recorded paper ("3. Recorded discharge
    of the mortgage held by ..., Instrument 2004R-11827", "Item 9: Full reconveyance of the deed of
    trust ... recorded as Book 2006"): a paper named with its recording data and no verb of
    anyone's, not a lender releasing anything."""
    body = numbering(text)[1]
    label = next((w for w in words.record_labels if body.lower().startswith(w)), None)
    if label is not None and (label[-1] == "]" or body[len(label) : len(label) + 1] in {":", ""}):
        body = body[len(label) :].lstrip(" :")  # "Title: cancel security deed to ...", "[X] Release of mortgage ..."
    rest = body.lower()
    order = next((o for o in words.record_orders if rest.startswith(o + " ")), None)
    if order is not None and body == text and not words.record_conditions.isdisjoint(_WORDS.findall(rest)):
        return False  # "Record a release of the mortgage ... when the Bank is paid": the lender's own instruction
    if order is not None:  # numbered or not: the recording data it must name makes it a title item
        rest = rest[len(order) + 1 :]  # "4. Record a discharge of the mortgage ... Liber 1182"
    # "A satisfaction of the 2001 farm mortgage was recorded in Book 688", "Proper release of Mortgage from ..."
    rest = re.sub(r"^(?:a|an|the)\s+", "", rest)
    rest = next((rest[len(q) + 1 :] for q in words.record_qualifiers if rest.startswith(q + " ")), rest)
    if not _opens_record(rest, words):
        return False
    markers = (re.escape(m).replace(re.escape("<num>"), r"\d") for m in words.record_markers)
    if not any(re.search(m, rest) for m in markers):
        return False
    rest = _TO_BE_DONE.sub(" ", rest)  # "- to be reconveyed through this escrow": what the closing still needs
    rest = _MAY_DATE.sub(" ", rest)  # "recorded May 9, 2007": the month, not "may"
    return not any(w in words.record_stops for w in _WORDS.findall(rest))


def _opens_record(rest: str, words: FormWords) -> bool:
    """Does the (lower-case) text open with the name of a recorded paper ("release of mortgage ...")?"""
    return rest.startswith(words.record_openers) and any(rest.startswith(o + " ") for o in words.record_openers)


_MAY_DATE = re.compile(r"\bmay\s+\d")
_TO_BE_DONE = re.compile(r"\bto be \w+(?: and \w+)?")


_LINE_NUMBER = re.compile(r"^\s*(?:(?:line|ln\.?|entry)\s*\d+[a-z]?)?\s*(?::|-{1,2}|\u2013|\u2014|\.)?\s*")


def disbursement_item(text: str, words: FormWords) -> bool:
    """A settlement line or instruction paying a lien holder for its release ("Line 504: Payoff of
    second mortgage to Harrow Savings for lien release $2,800.00", "Junior lien payment: $1,000 to ...
    for release of HELOC lien", "Settlement agent shall disburse $2,000.00 to ... upon receipt of its
    executed lien release"): money paid to get a release, not a release anyone gives. It opens with one
    of ``disbursement_openers`` (after any numbering or a short label), names a sum, and says what the
    money is for with one of ``disbursement_purposes``."""
    if not words.disbursement_openers or "$" not in text:
        return False
    body = _LINE_NUMBER.sub("", numbering(text)[1].lower(), count=1)  # "line 505 -- payment to ..."
    label = _SHORT_LABEL.match(body)  # "junior lien payment: $1,000 to ..."
    heads = (body, body[label.end() :]) if label else (body,)
    if not any(_opens_with(h, words.disbursement_openers) for h in heads):
        return False
    padded = " " + " ".join(_WORDS.findall(body)) + " "
    return any(f" {p} " in padded for p in words.disbursement_purposes)
