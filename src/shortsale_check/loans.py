"""Loans stage: which loan each document (and so each finding) concerns.

A packet with a first mortgage and a home-equity second needs a release for
each; the packet's release is the weakest (contract: "Loans"). This first
version tells loans apart by document: a document about the second lien
(by its words and file name, see patterns/vocab/loans.yaml) belongs to the
second loan, every other document to the first.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import RuleError
from .model import Finding, Loan, Sentence
from .vocab import default_patterns_dir


@dataclass(frozen=True, slots=True)
class LoanWords:
    second: tuple[str, ...]
    first: tuple[str, ...]
    file_hints: tuple[str, ...]
    min_mentions: int

    @classmethod
    def load(cls, patterns_dir: Path | None = None) -> LoanWords:
        path = (patterns_dir or default_patterns_dir()) / "vocab" / "loans.yaml"
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            return cls(
                tuple(map(str, raw["second"])),
                tuple(map(str, raw["first"])),
                tuple(map(str, raw["file_hints"])),
                int(raw["min_mentions"]),
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            raise RuleError(f"Error: cannot read {path}: {exc}") from None


def _count(words: Sequence[str], text: str) -> int:
    return sum(len(re.findall(r"\b" + re.escape(w) + r"\b", text)) for w in words)


def document_position(name: str, sentences: Sequence[Sentence], words: LoanWords) -> str:
    """'second' when the document is about the second lien, else 'first'."""
    text = " ".join(s.text for s in sentences).lower()
    second, first = _count(words.second, text), _count(words.first, text)
    stem = Path(name).stem.lower()
    if any(h in stem for h in words.file_hints):
        second += words.min_mentions
    return "second" if second >= words.min_mentions and second > 2 * first else "first"


def assign(
    findings: Sequence[Finding], positions: dict[str, str], release_of: Callable[[Sequence[Finding]], str]
) -> tuple[list[Finding], tuple[Loan, ...]]:
    """Tie findings to loans by document; compute each loan's release."""
    if "second" not in positions.values():
        return list(findings), ()
    ids = {"first": "loan-1", "second": "loan-2"}
    tied = [dataclasses.replace(f, loan=ids[positions.get(f.document, "first")]) for f in findings]
    loans = []
    for position, loan_id in ids.items():
        own = [f for f in tied if f.loan == loan_id]
        docs = tuple(d for d, p in positions.items() if p == position)
        loans.append(Loan(loan_id, None, position, None, release_of(own), docs))
    return tied, tuple(loans)
