"""Other borrowers' items: a clause in a list of several borrowers' loans is not about this packet.

Committee minutes, audit samples and collection queues list many borrowers' loans, each by its number ("Member
41652: ...", "Sample 7, loan 1188: ..."). Such a list names numbers that no other paper of the packet shows; this
packet's own loan is named by the approval letter, the payoff and the settlement statement too. A finding in a
paper that lists at least ``item_list_min`` item numbers, whose own sentence names item numbers none of which any
other paper shows (while the other papers show item numbers of their own), is reported as a mention: it concerns
another borrower. A finding that names no number, or this packet's number, stays a finding. The cue words are data
(``patterns/vocab/loans.yaml`` item_cues).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .loan_find import last_four
from .loan_vocab import LoanWords, patterns
from .model import Check, Finding

_DIGITS = re.compile(r"\d{4,}")


def item_numbers(text: str, words: LoanWords) -> frozenset[str]:
    """The last four digits of every item number the text names ("member 41652" -> "1652")."""
    return frozenset(last_four(m.group(1)) for m in patterns(words).item.finditer(text))


def digit_runs(text: str) -> frozenset[str]:
    """The last four digits of every run of four or more digits ("Loan No. ****5547", "0012345678")."""
    return frozenset(last_four(m.group(0)) for m in _DIGITS.finditer(text))


@dataclass(frozen=True, slots=True)
class DocNumbers:
    """What one document names: its item numbers and every long digit run."""

    items: frozenset[str]
    digits: frozenset[str]


def doc_numbers(texts: Iterable[str], words: LoanWords) -> DocNumbers:
    items: set[str] = set()
    digits: set[str] = set()
    for text in texts:
        items |= item_numbers(text, words)
        digits |= digit_runs(text)
    return DocNumbers(frozenset(items), frozenset(digits))


def other_items(
    findings: Sequence[Finding], numbers: Mapping[str, DocNumbers], words: LoanWords
) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (kept, moved): moved are clauses about another borrower's listed item."""
    kept: list[Finding] = []
    moved: list[Finding] = []
    for f in findings:
        own = numbers.get(f.document)
        named = item_numbers(f.quote, words)
        if own is None or not named or len(own.items) < words.item_list_min:
            kept.append(f)
            continue
        # the other papers that are no long list themselves: two lists may both name another borrower's loan
        others = [n for doc, n in numbers.items() if doc != f.document and len(n.items) < words.item_list_long]
        elsewhere = frozenset().union(*(n.digits for n in others)) if others else frozenset()
        listed_elsewhere = any(n.items for n in others)
        if not listed_elsewhere or named & elsewhere:
            kept.append(f)
            continue
        why = f"names item {', '.join(sorted(named))}, shown in no other paper"
        check = Check("other item", "another borrower", why)
        moved.append(dataclasses.replace(f, checks=(*f.checks, check)))
    return kept, moved
