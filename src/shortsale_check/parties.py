"""Defined parties: a paper that names a company "the Owner" or "the Holder" speaks of the lender by that word.

An agreement between a debt buyer and a borrower often opens 'Between Ravenstone Receivables Fund III, LLC ("the
Owner") and Theodora Abernethy-Osuji ("the Borrower")'. The vocabulary reads "owner" as the borrower (the owner of
the house); in such a paper the defined word is the lender. A quoted term in brackets right after a name that ends in
a company's legal ending or holds a lender's kind of word (``actors.yaml`` ``name_endings``,
``defined_party_words``; the defined word one of ``defined_party_aliases``) is a lender's alias for the whole
document; the borrower's mentions of that word are relabelled before any rule is tried.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from .nlp import Analysis
from .vocab import Vocabulary

# ("the Owner"), (the "Owner"), (hereinafter "Holder"), (collectively, the "Holder")
_DEFINED = re.compile(
    r"\(\s*(?:collectively,?\s+|hereinafter\s+(?:called\s+)?)?(?:the\s+)?[\"“']\s*(?:the\s+)?([A-Za-z]+)\s*[\"”']\s*\)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z][a-z.&']*")
_PARTY_BREAK = re.compile(r"\)|\band\b|\bbetween\b|\bby\b|\bwith\b|;")
NAME_REACH = 8  # words before the bracket that may hold the party's name


def lender_aliases(texts: Iterable[str], vocab: Vocabulary) -> frozenset[str]:
    """Lower-case words a document defines as a company's name: its lender under another word."""
    found: set[str] = set()
    for text in texts:
        for m in _DEFINED.finditer(text):
            if m.group(1).lower() not in vocab.defined_party_aliases:
                continue
            head = text[: m.start()].lower()
            head = _PARTY_BREAK.split(head)[-1]  # the name since the last party: '... ("the Owner") and <name>'
            before = _WORD.findall(head)[-NAME_REACH:]
            words = {w.rstrip(".,") for w in before} | set(before)
            if words & (vocab.name_endings | vocab.defined_party_words):
                found.add(m.group(1).lower())
    return frozenset(found)


def with_aliases(a: Analysis, aliases: frozenset[str]) -> Analysis:
    """The analysis with the borrower's mentions of a lender's alias relabelled as the lender."""
    if not aliases:
        return a
    changed = False
    actors = []
    for m in a.actors:
        if m.label == "borrower" and " ".join(a.lowers[m.start : m.end]) in aliases:
            m = dataclasses.replace(m, label="lender")
            changed = True
        actors.append(m)
    return dataclasses.replace(a, actors=tuple(actors)) if changed else a
