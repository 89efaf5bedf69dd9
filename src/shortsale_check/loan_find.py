"""Loans stage, per document: where the document names a loan.

Each :class:`Mention` says where (page, sentence) a loan is named and how: a
page's letterhead or addressee block, a settlement-statement payoff line, a
reference line ("Re: Loan ending 9921 with Harbor Point Mortgage"), or a name
in running text; with the holder as written, the loan number's last four
digits (never more is kept), the position words beside it and any investor
or servicer named as the same loan.  ``loans.assign`` merges the mentions of
all documents into loans.  Only names and numbers are kept, never other text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .layout import MARGIN_ZONE, top_lines
from .loan_vocab import LoanPatterns, LoanWords, patterns
from .model import ExtractedDocument, Sentence

LETTERHEAD, PAYOFF, REFERENCE, NAMED = "letterhead", "payoff", "reference", "named"
_PUNCT = re.compile(r"[^\w&\s]")


@dataclass(frozen=True, slots=True)
class Mention:
    kind: str  # letterhead | payoff | reference | named
    page: int
    index: int  # sentence index in its document; -1 for a page's top line
    holder: str | None
    number: str | None  # last four digits at most
    position: str | None  # first | second | third, from the words beside it
    alias: str | None = None  # an investor or servicer named as the same loan
    order: int = 0  # payoff lines: 1-based order in the document


@dataclass(frozen=True, slots=True)
class DocFacts:
    """What one document says about loans: its position by its words, and its mentions."""

    document: str
    position: str | None = None
    mentions: tuple[Mention, ...] = ()


def last_four(digits: str) -> str:
    only = re.sub(r"\D", "", digits)
    return only[-4:]


def mask(number: str | None) -> str | None:
    """A loan number as shown anywhere: its last four digits behind an ellipsis."""
    return None if not number else "\u2026" + last_four(number)


@lru_cache(maxsize=8)
def _folds(words: LoanWords) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """The abbreviations as (spelled out, short) with spaces around, and the corporate endings, as
    ``name_key`` compares them (worked out once per vocabulary, not once per name)."""
    abbreviations = tuple(
        (" " + " ".join(_PUNCT.sub(" ", long).split()) + " ", f" {short} " if short else " ")
        for long, short in words.abbreviations
    )
    return abbreviations, frozenset(" ".join(_PUNCT.sub(" ", e).split()) for e in words.corporate_endings)


@lru_cache(maxsize=16384)
def name_key(name: str, words: LoanWords) -> str:
    """One spelling for one name: lower case, no punctuation, abbreviations and corporate endings folded.

    Cached: merging a long packet's loan mentions asks for the same few names many times."""
    abbreviations, endings = _folds(words)
    text = " " + " ".join(_PUNCT.sub(" ", name.lower()).split()) + " "
    for plain, short in abbreviations:
        text = text.replace(plain, short)
    tokens = text.split()
    while len(tokens) > 1 and tokens[-1] in endings:
        tokens.pop()
    return " ".join(tokens)


def holder_names(text: str, words: LoanWords) -> list[tuple[int, int, str]]:
    """Lender-like names in the text: (start, end, name), insurers, agents and descriptions left out."""
    pats = patterns(words)
    out: list[tuple[int, int, str]] = []
    for m in pats.name.finditer(text):
        name, start = _strip_leading(m.group(1), m.start(1), words)
        investor, joined, rest = name.partition(" and ")
        if joined and investor.lower() in words.investors:  # "Freddie Mac and Naugatuck Ledge Mortgage Corp. waive"
            name, start = rest, start + len(investor) + len(joined)
        if name and _is_holder(name, words, pats):
            out.append((start, m.end(1), _trim(name, words)))
    return out


def _trim(name: str, words: LoanWords) -> str:
    """No sentence-ending dot or comma, except the dot of "Inc." or "N.A."."""
    name = name.rstrip(",")
    if name.endswith(".") and name.split()[-1].lower() not in words.corporate_endings:
        name = name[:-1]
    return name


_LIST_MARK = re.compile(r"\(?(?:[A-Za-z]|\d{1,2})[.)]")


def _strip_leading(name: str, start: int, words: LoanWords) -> tuple[str, int]:
    tokens = name.split(" ")

    def stop(k: int) -> bool:
        return k < len(tokens) and tokens[k].lower().strip(".,:'") in words.name_stopwords

    # a list's letter before a stop word ("B. Pay Kaweah Credit Union ..."), not an initial ("J. Pruitt Bank")
    while tokens and (stop(0) or (_LIST_MARK.fullmatch(tokens[0]) is not None and stop(1))):
        start += len(tokens[0]) + 1
        tokens = tokens[1:]
    return " ".join(tokens), start


def _is_holder(name: str, words: LoanWords, pats: LoanPatterns) -> bool:
    if pats.not_holder.search(name) or pats.insurer.search(name):
        return False
    suffixes = {w for s in words.holder_suffixes for w in s.split()}
    endings = {e.strip(".") for e in words.corporate_endings}
    tokens = [_PUNCT.sub("", t).lower() for t in name.split()]
    distinctive = [t for t in tokens if t and t not in words.generic_words and t not in suffixes and t not in endings]
    # "VA Home Loans", "Fannie Mae Servicing": the investor's program, not a holder of its own
    return bool(distinctive) and " ".join(distinctive) not in words.investors


def numbers(text: str, words: LoanWords) -> list[tuple[int, str]]:
    """Loan numbers in the text: (where, last four digits)."""
    pats = patterns(words)
    found = {m.start(): last_four(m.group(1)) for m in pats.number.finditer(text) if _plausible(m)}
    for m in pats.masked.finditer(text):
        if not any(abs(m.start() - s) < 40 for s in found):
            found[m.start()] = last_four(m.group(1))
    return sorted(found.items())


def _plausible(m: re.Match[str]) -> bool:
    """A bare "loan 1206" is a street number or a year; a loan number is masked, cued or long."""
    lead = m.group(0)[: m.start(1) - m.start(0)].lower()
    cued = any(w in lead for w in ("no", "number", "#", "ending", "ends", "*", "x", "\u2022", "\u2026", "..."))
    return cued or len(re.sub(r"\D", "", m.group(1))) >= 6


def position_of(text: str, words: LoanWords) -> str | None:
    """The one position the words name (first/second/third), None when none or several."""
    named = {p for p, rx in patterns(words).positions if rx.search(text)}
    return named.pop() if len(named) == 1 else None


def document_position(name: str, sentences: Sequence[Sentence], words: LoanWords) -> str | None:
    """The position a document is about by how often it names each (its file name counts too)."""
    text = " ".join(s.text for s in sentences)
    counts = {p: len(rx.findall(text)) for p, rx in patterns(words).positions}
    stem = name.rsplit(".", 1)[0].lower()
    if any(h in stem for h in words.file_hints):
        counts["second"] += words.min_mentions
    best = max(counts, key=lambda p: counts[p])
    others = sum(n for p, n in counts.items() if p != best)
    return best if counts[best] >= words.min_mentions and counts[best] > 2 * others else None


# --------------------------------------------------------------------------- mentions


def find_facts(doc: ExtractedDocument, sentences: Sequence[Sentence], words: LoanWords) -> DocFacts:
    """Every place the document names a loan, in reading order."""
    mentions = [*_letterheads(doc, sentences, words)]
    order = 0
    seen: dict[str, list[Mention]] = {}  # a recurring sentence names the same loans, at its own place
    for s in sentences:
        known = seen.get(s.text)
        if known is None:
            found = seen[s.text] = list(_sentence_mentions(s, words))
        else:
            found = [replace(m, page=s.page, index=s.index) for m in known]
        for m in found:
            if m.kind == PAYOFF:
                order += 1
                m = Mention(m.kind, m.page, m.index, m.holder, m.number, m.position, m.alias, order)
            mentions.append(m)
    return DocFacts(doc.info.file, document_position(doc.info.file, sentences, words), tuple(mentions))


def _letterheads(doc: ExtractedDocument, sentences: Sequence[Sentence], words: LoanWords) -> Iterator[Mention]:
    """Per page, the holder of its top line (or, on page 1, of its first sentences) and its loan number."""
    head = [s for s in sentences if s.page == 1][: words.letterhead_sentences + 1]
    for page in doc.pages:
        lines = [ln.text for ln in top_lines(page.words, page.height * MARGIN_ZONE * 1.5)]
        texts = lines[:2] + ([s.text for s in head] if page.page_number == 1 else [])
        name = next((n for t in texts if not _other_party(t, words) for _, _, n in holder_names(t, words)), None)
        if name is None:
            continue
        nums = {n for t in texts if not _other_party(t, words) for _, n in numbers(t, words)}
        number = nums.pop() if len(nums) == 1 else None
        yield Mention(LETTERHEAD, page.page_number, -1, name, number, None)


def _other_party(text: str, words: LoanWords) -> bool:
    return patterns(words).other_party.search(text) is not None


def _sentence_mentions(s: Sentence, words: LoanWords) -> Iterator[Mention]:
    pats = patterns(words)
    cues = [m.start() for m in pats.payoff.finditer(s.text)]
    if cues:
        for start, end in zip(cues, [*cues[1:], len(s.text)], strict=True):
            yield from _payoff(s, s.text[start:end], words)
        return
    if _other_party(s.text, words):
        return
    names = holder_names(s.text, words)
    nums = numbers(s.text, words)
    position = position_of(s.text, words) if names or nums else None  # said only of a name or a number
    if len(names) == 1 and len(nums) == 1:
        yield Mention(REFERENCE, s.page, s.index, names[0][2], nums[0][1], position, _alias(s.text, names[0], words))
        return
    if len(names) > 1 and len(nums) == 1 and pats.transfer.search(s.text):
        # one loan that passed from one holder to another: "former Dutchess Quarry Savings Bank home equity loan
        # ...2058, now owned by Palisade Arrowhead Receivables, LLC"
        for name in names:
            yield Mention(REFERENCE, s.page, s.index, name[2], nums[0][1], position, _alias(s.text, name, words))
        return
    for name in names:
        alone = position if len(names) == 1 else None
        yield Mention(NAMED, s.page, s.index, name[2], None, alone, _alias(s.text, name, words))
    if not names:
        for _, number in nums:
            yield Mention(NAMED, s.page, s.index, None, number, position if len(nums) == 1 else None)


def _payoff(s: Sentence, chunk: str, words: LoanWords) -> Iterator[Mention]:
    if _other_party(chunk, words):  # "Payoff of transcript of judgment, Medical Billing v. Roe": not a loan
        return
    names = holder_names(chunk, words)
    nums = numbers(chunk, words)
    if names or nums:
        holder = names[0][2] if names else None
        number = nums[0][1] if nums else None
        yield Mention(PAYOFF, s.page, s.index, holder, number, position_of(chunk, words))


def _alias(text: str, name: tuple[int, int, str], words: LoanWords) -> str | None:
    """The investor or servicer a link phrase ties to the name: "X, as servicer for Y" -> Y."""
    pats = patterns(words)
    for link in pats.link.finditer(text):
        if 0 <= link.start() - name[1] <= 3:
            rest = text[link.end() :]
            investor = pats.investor.match(rest.lstrip())
            if investor:
                return investor.group(0)
            after = holder_names(rest, words)
            if after and after[0][0] <= 6:
                return after[0][2]
    return None
