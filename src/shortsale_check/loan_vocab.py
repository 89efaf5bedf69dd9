"""The loan vocabulary (patterns/vocab/loans.yaml) and the regexes built from it.

Which words make a lender's name, a loan number, a payoff line or a loan's
position are data; this module only loads them and compiles them once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import yamlio
from .errors import RuleError
from .vocab import default_patterns_dir, phrase_alternation, phrase_regex

POSITIONS = ("first", "second", "third")


@dataclass(frozen=True, slots=True)
class LoanWords:
    second: tuple[str, ...]
    first: tuple[str, ...]
    file_hints: tuple[str, ...]
    min_mentions: int
    third: tuple[str, ...] = ()
    holder_suffixes: tuple[str, ...] = ()
    corporate_endings: tuple[str, ...] = ()
    name_joiners: tuple[str, ...] = ()
    name_stopwords: tuple[str, ...] = ()
    generic_words: tuple[str, ...] = ()
    not_holder_words: tuple[str, ...] = ()
    insurer_words: tuple[str, ...] = ()
    investors: tuple[str, ...] = ()
    servicer_links: tuple[str, ...] = ()
    payoff_cues: tuple[str, ...] = ()
    number_cues: tuple[str, ...] = ()
    other_party_words: tuple[str, ...] = ()
    transfer_words: tuple[str, ...] = ()
    item_cues: tuple[str, ...] = ()
    item_list_min: int = 2
    item_list_long: int = 3
    abbreviations: tuple[tuple[str, str], ...] = ()
    letterhead_sentences: int = 3
    payoff_reach: int = 2

    @classmethod
    def load(cls, patterns_dir: Path | None = None) -> LoanWords:
        path = (patterns_dir or default_patterns_dir()) / "vocab" / "loans.yaml"
        try:
            raw = yamlio.safe_load(path.read_text(encoding="utf-8"))
            return cls.from_mapping(raw)
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"Error: cannot read {path}: {exc}") from None

    @classmethod
    def from_mapping(cls, raw: Mapping[str, object]) -> LoanWords:
        def words(key: str) -> tuple[str, ...]:
            value = raw.get(key) or []
            if not isinstance(value, list):
                raise TypeError(f"{key}: expected a list, got {value!r}")
            return tuple(str(v).lower() for v in value)

        abbreviations = raw.get("abbreviations") or {}
        if not isinstance(abbreviations, Mapping):
            raise TypeError(f"abbreviations: expected a mapping, got {abbreviations!r}")
        return cls(
            words("second"),
            words("first"),
            words("file_hints"),
            int(str(raw["min_mentions"])),
            third=words("third"),
            holder_suffixes=words("holder_suffixes"),
            corporate_endings=words("corporate_endings"),
            name_joiners=words("name_joiners"),
            name_stopwords=words("name_stopwords"),
            generic_words=words("generic_words"),
            not_holder_words=words("not_holder_words"),
            insurer_words=words("insurer_words"),
            investors=words("investors"),
            servicer_links=words("servicer_links"),
            payoff_cues=words("payoff_cues"),
            number_cues=words("number_cues"),
            other_party_words=words("other_party_words"),
            transfer_words=words("transfer_words"),
            item_cues=words("item_cues"),
            item_list_min=int(str(raw.get("item_list_min", 2))),
            item_list_long=int(str(raw.get("item_list_long", 3))),
            abbreviations=tuple((str(k).lower(), str(v or "").lower()) for k, v in abbreviations.items()),
            letterhead_sentences=int(str(raw.get("letterhead_sentences", 3))),
            payoff_reach=int(str(raw.get("payoff_reach", 2))),
        )

    def position_words(self, position: str) -> tuple[str, ...]:
        return {"first": self.first, "second": self.second, "third": self.third}.get(position, ())


@dataclass(frozen=True, slots=True)
class LoanPatterns:
    name: re.Pattern[str]
    number: re.Pattern[str]
    masked: re.Pattern[str]
    payoff: re.Pattern[str]
    link: re.Pattern[str]
    investor: re.Pattern[str]
    insurer: re.Pattern[str]
    not_holder: re.Pattern[str]
    other_party: re.Pattern[str]
    transfer: re.Pattern[str]
    positions: tuple[tuple[str, re.Pattern[str]], ...]
    item: re.Pattern[str]  # a listed item's number ("Member 41652", "Sample 7, loan 1188")


_TOKEN = r"[A-Z][\w'\u2019&.\-]*"


@lru_cache(maxsize=8)
def patterns(words: LoanWords) -> LoanPatterns:
    joiners = phrase_alternation([j for j in words.name_joiners if j != "&"])
    # each word of a suffix starts with a capital, as in a name ("Narrows Federal Credit Union", "CREDIT UNION"),
    # never a description ("the credit union", "Open mortgage", "Fannie Mae's servicing guide")
    suffix = "|".join(
        r"\s+".join(rf"(?=[A-Z])(?i:{re.escape(w)})" for w in phrase.split())
        for phrase in sorted(set(words.holder_suffixes), key=len, reverse=True)
        if phrase
    ) or r"(?!x)x"
    ending = phrase_alternation(words.corporate_endings)
    name = (
        rf"(?<![\w&])((?:{_TOKEN})(?:\s+(?:{_TOKEN}|&|(?:{joiners})(?=\s+[A-Z&])))*?"
        rf"(?:\s+(?:{suffix}))+(?:,?\s+(?i:{ending})(?![\w]))?)(?![\w])"
    )
    cue = phrase_alternation(words.number_cues)
    number = (
        rf"(?<![\w])(?i:{cue})(?:\s+(?i:no\.?|nos\.?|number|num\.?|#))?\s*[:#]?\s*"
        rf"(?:(?i:ending\s+in|ending|ends\s+in)\s*[:#]?\s*)?[*xX\u2022\u00b7\u2026#-]*(?:\.{{3}})?\s?(\d[\d-]{{2,}}\d)(?![\d])"
    )
    return LoanPatterns(
        name=re.compile(name),
        number=re.compile(number),
        masked=re.compile(r"(?<![\w*])[*xX\u2022]{3,}\s?(\d{3,4})(?![\d])"),
        payoff=phrase_regex(words.payoff_cues),
        link=phrase_regex(words.servicer_links),
        investor=phrase_regex(words.investors),
        insurer=phrase_regex(words.insurer_words),
        not_holder=phrase_regex(words.not_holder_words),
        other_party=phrase_regex(words.other_party_words),
        transfer=phrase_regex(words.transfer_words),
        positions=tuple((p, phrase_regex(words.position_words(p))) for p in POSITIONS),
        item=re.compile(
            rf"(?<![\w])(?i:{phrase_alternation(words.item_cues)})\.?\s*"
            r"(?i:no\.?|number|#|ending\s+in|ending|ends\s+in)?\s*[:#]?\s*[*xX\u2022\u2026.]*\s?(\d{4,})(?![\d])"
        ),
    )
