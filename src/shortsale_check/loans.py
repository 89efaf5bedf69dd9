"""Loans stage: which loans the packet shows, and which loan each finding concerns.

A packet with a first mortgage and a home-equity second needs a release for
each; the packet's release is the weakest (contract: "Loans").  The mentions
of every document (``loan_find``) are merged into loans: the same loan number,
the same holder's name, or a servicer named "as servicer for" its investor
make one loan.  Each finding is then tied to the loan its clause names (holder
or loan number), else to the letterhead of its page, else to the payoff line
just before it, else to the loan its position words name, else to the loan
its document is mostly about; otherwise it stays ``None`` and says so.

With fewer than two loans ``loans`` stays empty and nothing changes: the
release and verdict are the packet's, as for any single-loan packet.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field

from .loan_find import LETTERHEAD, NAMED, PAYOFF, DocFacts, Mention, mask, name_key, numbers, position_of
from .loan_vocab import POSITIONS, LoanWords, patterns
from .model import ADVERSE, Check, Finding, Loan

__all__ = ["LoanWords", "assign", "build_loans", "tie"]

_PRIORITY = {LETTERHEAD: 0, PAYOFF: 1, "reference": 2, NAMED: 3}


@dataclass(slots=True)
class _Draft:
    """A loan being put together from its mentions."""

    keys: set[str]
    mentions: list[tuple[str, Mention]] = field(default_factory=list)  # (document, mention)
    aliases: set[str] = field(default_factory=set)


class _Keys:
    """Union-find over "h:<holder key>" and "n:<last four>" keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _mention_keys(m: Mention, words: LoanWords) -> list[str]:
    keys = [f"h:{name_key(m.holder, words)}"] if m.holder else []
    keys += [f"n:{m.number}"] if m.number else []
    keys += [f"h:{name_key(m.alias, words)}"] if m.alias else []
    return keys


def _merge(facts: Sequence[DocFacts], words: LoanWords) -> tuple[_Keys, list[tuple[str, Mention]]]:
    """Join the keys that name one loan; a holder with two numbers in different positions stays two loans."""
    uf = _Keys()
    seen = [(f.document, m) for f in facts for m in f.mentions]
    number_pos: dict[str, set[str]] = {}
    for _, m in seen:
        if m.number:
            number_pos.setdefault(m.number, set()).update([m.position] if m.position else [])
    all_numbers = list(number_pos)
    # two numbers paid off on their own lines of one settlement statement are two loans, whoever holds them
    paid: dict[str, set[str]] = {}
    for document, m in seen:
        if m.kind == PAYOFF and m.number:
            paid.setdefault(document, set()).add(m.number)
    apart = {frozenset((x, y)) for nums in paid.values() for x in nums for y in nums if x != y}
    # The loan numbers under each root, kept up to date as roots are joined: the same sets as asking
    # every number for its root at each join, without doing so (quadratic in a long packet).
    members: dict[str, set[str]] = {}

    def join(a: str, b: str, *, numberless: bool = False) -> None:
        ra, rb = uf.find(a), uf.find(b)
        if not members:  # every number's key is known to the union-find from the first join on
            for n in all_numbers:
                members.setdefault(uf.find(f"n:{n}"), set()).add(n)
        left, right = members.get(ra, set()), members.get(rb, set())
        if ra == rb or _conflict(left, right, number_pos, apart):
            return
        if numberless and left and right and not left & right:
            return
        uf.union(ra, rb)  # ra and rb are roots: ra now points to rb
        members.setdefault(rb, set()).update(members.pop(ra, ()))

    for _, m in sorted(seen, key=lambda dm: dm[1].number is None):
        keys = _mention_keys(m, words)
        for key in keys[1:]:
            join(keys[0], key)
    # a name and the same name with more words before it ("Lockhouse FCU" in an e-mail, "Rondout Lockhouse Federal
    # Credit Union" in its letter; a line's people run into it): one holder
    names = sorted({k for _, m in seen for k in _mention_keys(m, words) if k.startswith("h:")}, key=len)
    for i, short in enumerate(names):
        if len(short.split()) < 2:
            continue
        for longer in names[i + 1 :]:
            if longer.endswith(" " + short[2:]):
                join(longer, short, numberless=True)
    for document, m in seen:  # a bare loan number belongs to the letterhead above it, if that has none
        if not (m.kind == NAMED and m.number and not m.holder):
            continue  # (the letterhead is looked up only for such a number: the lookup reads every mention)
        head = _head(facts, document, m.page)
        if head is not None and head.holder:
            join(f"n:{m.number}", f"h:{name_key(head.holder, words)}", numberless=True)
    return uf, seen


def _head(facts: Sequence[DocFacts], document: str, page: int) -> Mention | None:
    heads = [m for f in facts if f.document == document for m in f.mentions if m.kind == LETTERHEAD and m.page <= page]
    return max(heads, key=lambda m: m.page) if heads else None


def _conflict(
    left: set[str], right: set[str], number_pos: Mapping[str, set[str]], apart: Set[frozenset[str]]
) -> bool:
    """Two groups that each have a loan number, in positions that differ or paid off on separate lines of one
    settlement statement, are different loans."""
    if not left or not right or left & right:
        return False
    if any(frozenset((x, y)) in apart for x in left for y in right):
        return True
    lpos = set().union(*(number_pos[n] for n in left))
    rpos = set().union(*(number_pos[n] for n in right))
    return bool(lpos and rpos and not (lpos & rpos))


def _is_evidence(m: Mention, doc_position: str | None) -> bool:
    """A mention that shows a loan exists, not just a name in passing: a letterhead needs a loan number
    or a document about a lien position (a legal-aid handout's or a title search's letterhead shows no
    loan), a name in running text a position word or a loan number."""
    if m.kind == LETTERHEAD:
        return m.number is not None or doc_position is not None
    return m.kind != NAMED or m.position is not None or (m.number is not None and m.holder is not None)


def _doc_positions(facts: Sequence[DocFacts]) -> dict[str, str | None]:
    """The lien position each document is about, by its words (None when it names none or several)."""
    return {f.document: f.position for f in facts}


def build_loans(facts: Sequence[DocFacts], words: LoanWords) -> tuple[list[_Draft], _Keys]:
    """The loans the mentions show, in order: first, second, third, unknown; then as first seen."""
    uf, seen = _merge(facts, words)
    drafts: dict[str, _Draft] = {}
    for document, m in seen:
        keys = _mention_keys(m, words)
        if not keys:
            continue
        # a number kept apart from its holder's other number (two loans of one holder) places the mention
        own = f"n:{m.number}" if m.number else keys[0]
        draft = drafts.setdefault(uf.find(own), _Draft(set()))
        draft.keys.update(keys)
        draft.mentions.append((document, m))
        if m.alias:
            draft.aliases.add(m.alias)
    positions = _doc_positions(facts)
    kept = [d for d in drafts.values() if any(_is_evidence(m, positions.get(doc)) for doc, m in d.mentions)]
    return kept, uf


def _holder(draft: _Draft, words: LoanWords) -> tuple[str | None, tuple[str, ...]]:
    alias_keys = {name_key(a, words) for a in draft.aliases}
    named = sorted(
        ((_PRIORITY[m.kind], i, m.holder) for i, (_, m) in enumerate(draft.mentions) if m.holder),
        key=lambda t: (name_key(t[2], words) in alias_keys, t[2].isupper(), t[0], t[1]),
    )
    holder = named[0][2] if named else None
    others: dict[str, str] = {}
    for _, _, name in named[1:]:
        if holder is None or name_key(name, words) != name_key(holder, words):
            others.setdefault(name_key(name, words), name)
    for alias in sorted(draft.aliases):
        if holder is None or name_key(alias, words) != name_key(holder, words):
            others.setdefault(name_key(alias, words), alias)
    return holder, tuple(others.values())


def _position(draft: _Draft, doc_positions: Mapping[str, str | None]) -> str:
    """Words beside its mentions count most, then the documents it heads, then payoff order."""
    score: Counter[str] = Counter()
    for document, m in draft.mentions:
        if m.position:
            score[m.position] += 2
        if m.kind == LETTERHEAD and doc_positions.get(document):
            score[str(doc_positions[document])] += 1
    if score:
        top = score.most_common(2)
        if len(top) == 1 or top[0][1] > top[1][1]:
            return top[0][0]
    orders = [m.order for _, m in draft.mentions if m.kind == PAYOFF and 0 < m.order <= len(POSITIONS)]
    return POSITIONS[min(orders) - 1] if orders else "unknown"


def _number(draft: _Draft) -> str | None:
    counts = Counter(m.number for _, m in draft.mentions if m.number)
    return counts.most_common(1)[0][0] if counts else None


@dataclass(frozen=True, slots=True)
class LoanMap:
    """The packet's loans and how to find each one's key."""

    loans: tuple[Loan, ...]
    root_of: Mapping[str, str]  # loan id -> union-find root
    keys: _Keys
    facts: Mapping[str, DocFacts]
    main: dict[str, set[str]] = field(default_factory=dict, compare=False, repr=False)  # document -> _main_loan
    names_of: Mapping[str, frozenset[str]] = field(default_factory=dict)  # loan id -> its holders' name keys

    def loan_for(self, keys: Iterable[str]) -> set[str]:
        """The loans these keys name; a holder's name names every loan that holder has."""
        keys = [k for k in keys if k in self.keys.parent]
        roots = {self.keys.find(k) for k in keys}
        names = {k for k in keys if k.startswith("h:")}
        return {lid for lid, root in self.root_of.items() if root in roots or names & self.names_of.get(lid, set())}


def loan_map(facts: Sequence[DocFacts], words: LoanWords) -> LoanMap:
    drafts, uf = build_loans(facts, words)
    positions = _doc_positions(facts)
    rank = {p: i for i, p in enumerate((*POSITIONS, "unknown"))}
    placed = sorted(((_position(d, positions), i, d) for i, d in enumerate(drafts)), key=lambda t: (rank[t[0]], t[1]))
    loans: list[Loan] = []
    root_of: dict[str, str] = {}
    names_of: dict[str, frozenset[str]] = {}
    for n, (position, _, draft) in enumerate(placed, 1):
        holder, aliases = _holder(draft, words)
        docs = tuple(dict.fromkeys(d for d, _ in draft.mentions))
        loans.append(Loan(f"loan-{n}", holder, position, mask(_number(draft)), "none", docs, aliases))
        # its own number's root: a holder with two loans kept apart shares its name's key with one of them only
        own = next((k for k in sorted(draft.keys) if k.startswith("n:")), min(draft.keys))
        root_of[f"loan-{n}"] = uf.find(own)
        names_of[f"loan-{n}"] = frozenset(k for k in draft.keys if k.startswith("h:"))
    return LoanMap(tuple(loans), root_of, uf, {f.document: f for f in facts}, names_of=names_of)


# --------------------------------------------------------------------------- tying findings


def _named_in(text: str, lm: LoanMap, words: LoanWords) -> set[str]:
    """Loans whose holder, alias or number the text names; a number that names one loan decides (one holder's
    name may cover two loans)."""
    by_number = lm.loan_for(f"n:{n}" for _, n in numbers(text, words))
    if len(by_number) == 1:
        return by_number
    flat = " " + name_key(text, words) + " "
    keys = [k for k in lm.keys.parent if k.startswith("h:") and f" {k[2:]} " in flat]
    return lm.loan_for(keys) | by_number


def _letterhead_loan(f: Finding, lm: LoanMap, words: LoanWords) -> tuple[set[str], str]:
    facts = lm.facts.get(f.document)
    heads = [m for m in (facts.mentions if facts else ()) if m.kind == LETTERHEAD and m.page <= f.page]
    if not heads:
        return set(), ""
    head = max(heads, key=lambda m: m.page)
    return lm.loan_for(_mention_keys(head, words)), f"letterhead of page {head.page}"


def _payoff_loan(f: Finding, lm: LoanMap, words: LoanWords) -> set[str]:
    facts = lm.facts.get(f.document)
    near = [
        m
        for m in (facts.mentions if facts else ())
        if m.kind != LETTERHEAD and 0 <= f.sentence_index - m.index <= words.payoff_reach
    ]
    if not near:
        return set()
    closest = max(near, key=lambda m: m.index)
    return lm.loan_for(_mention_keys(closest, words))


def _position_loan(f: Finding, lm: LoanMap, words: LoanWords) -> set[str]:
    position = position_of(f.quote, words)
    return {ln.id for ln in lm.loans if position and ln.position == position}


def _document_position_loan(f: Finding, lm: LoanMap) -> set[str]:
    """The loan in the lien position its whole document is about (a HELOC payoff letter: the second)."""
    facts = lm.facts.get(f.document)
    position = facts.position if facts else None
    return {ln.id for ln in lm.loans if position and ln.position == position}


def _main_loan(f: Finding, lm: LoanMap, words: LoanWords) -> set[str]:
    known = lm.main.get(f.document)  # the same for every finding of a document: counted once
    if known is None:
        facts = lm.facts.get(f.document)
        counts: Counter[str] = Counter()
        for m in facts.mentions if facts else ():
            counts.update(lm.loan_for(_mention_keys(m, words)))
        top = counts.most_common(2)
        known = lm.main[f.document] = {top[0][0]} if top and (len(top) == 1 or top[0][1] > top[1][1]) else set()
    return set(known)


def tie(f: Finding, lm: LoanMap, words: LoanWords) -> tuple[str | None, str]:
    """The loan a finding concerns and why, or (None, why not)."""
    insurer = patterns(words).insurer.search(f.quote) is not None
    named = _named_in(f.quote, lm, words)
    if len(named) == 1:
        return next(iter(named)), "the clause names its holder or loan number"
    head, where = _letterhead_loan(f, lm, words)
    steps: list[tuple[set[str], str]] = [
        (head, where),
        (_payoff_loan(f, lm, words), "the payoff line beside it"),
        (_position_loan(f, lm, words), "the lien position the clause names"),
        (_document_position_loan(f, lm), "the lien position its document is about"),
        (_main_loan(f, lm, words), "the loan its document is about"),
    ]
    for found, why in steps:
        if len(found) == 1:
            return next(iter(found)), why + (" (the mortgage insurer of that loan)" if insurer else "")
    return None, "no holder, loan number, letterhead or payoff line ties it to one loan"


def assign(
    findings: Sequence[Finding],
    facts: Sequence[DocFacts],
    release_of: Callable[[Sequence[Finding]], str],
    words: LoanWords,
) -> tuple[list[Finding], tuple[Loan, ...]]:
    """Tie findings to loans and compute each loan's release; no loans listed when fewer than two."""
    lm = loan_map(facts, words)
    if len(lm.loans) < 2:
        return list(findings), ()
    tied = []
    for f in findings:
        loan_id, why = tie(f, lm, words)
        check = Check("loan", loan_id or "unknown", why)
        tied.append(dataclasses.replace(f, loan=loan_id, checks=(*f.checks, check)))
    loans = tuple(
        dataclasses.replace(
            ln,
            release=release_of([f for f in tied if f.loan == ln.id]),
            adverse=sum(1 for f in tied if f.loan == ln.id and f.category in ADVERSE),
        )
        for ln in lm.loans
    )
    return tied, loans
