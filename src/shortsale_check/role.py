"""Document role stage: does a document bind, or does it explain?

Counselling handouts, FAQs, guides, glossaries and advice letters describe cognovit notes and
deficiencies and tell the homeowner what to refuse; they bind no one. What the rules find in them
is reported as a *mention*, outside the verdict. The words that tell such a document are data
(``patterns/vocab/documents.yaml``); see that file for the test.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .model import Check, Finding, Sentence
from .vocab import default_patterns_dir, phrase_regex, read_optional, string_list

TERMS, EXPLAINER, REQUIREMENTS = "terms", "explainer", "requirements"
# why a finding in a list of title requirements is a mention (the report shows it as the reason)
REQUIREMENT_CHECK = Check("requirement", "listed", "a title requirement lists this release; it does not give it")
TITLE_LINES = 6  # title lines are looked for among a document's first sentences
TITLE_WORDS = 18


@dataclass(frozen=True, slots=True)
class RoleWords:
    titles: tuple[re.Pattern[str], ...]
    requirement_titles: tuple[re.Pattern[str], ...]
    listed_categories: frozenset[str]  # what a requirements list only lists (lien releases), never gives
    qa_titles: tuple[re.Pattern[str], ...]
    markers: re.Pattern[str]
    min_markers: int
    qa: re.Pattern[str]
    min_qa: int
    advisers: re.Pattern[str]
    signing: re.Pattern[str]
    voice: re.Pattern[str]

    @classmethod
    def load(cls, patterns_dir: Path | None = None) -> RoleWords:
        return cls.from_raw(read_optional((patterns_dir or default_patterns_dir()) / "vocab", "documents"))

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> RoleWords:
        def words(key: str) -> list[str]:
            return list(string_list(raw.get(key, []), f"documents.yaml {key}"))

        titles = tuple(_title_pattern(t) for t in words("explainer_titles"))
        qa = words("qa_labels")
        return cls(
            titles=titles,
            requirement_titles=tuple(_title_pattern(t) for t in words("requirement_titles")),
            listed_categories=frozenset(words("requirement_lists")),
            qa_titles=tuple(_title_pattern(t) for t in words("qa_titles")),
            markers=phrase_regex(words("explainer_markers")),
            min_markers=int(raw.get("min_markers", 2)),
            qa=re.compile(rf"(?:^|\s)(?:{'|'.join(re.escape(q) for q in qa) or '(?!x)x'})(?=\s)", re.IGNORECASE),
            min_qa=int(raw.get("min_qa", 2)),
            advisers=phrase_regex(words("adviser_titles"), word_chars=r"\w"),
            signing=phrase_regex(words("signing_markers"), word_chars=r"\w"),
            voice=phrase_regex(words("binding_voice")),
        )


@dataclass(frozen=True, slots=True)
class DocumentRole:
    role: str  # terms | explainer | requirements
    reasons: tuple[str, ...] = ()  # which test decided it (names of tests, never document text)


def _title_pattern(title: str) -> re.Pattern[str]:
    parts = [r"\s+".join(re.escape(w) for w in part.split()) for part in title.split("*")]
    return re.compile(r"(?<![\w'])" + r"\s+(?:\S+\s+){0,3}\S+\s+".join(p for p in parts) + r"(?![\w'])", re.I)


_ADDRESS = re.compile(r"\b\d{1,6}\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*.*\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")


def _is_title(text: str) -> bool:
    words = text.split()
    if not words or len(words) > TITLE_WORDS or text.rstrip().endswith((".", ";", ",")):
        return False
    if _ADDRESS.search(text):
        return False  # a letterhead's address ("Collections | 1900 Guide Meridian, Lynden, WA 98264"), not a title
    long_words = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) * 2 >= len(long_words)


def document_role(sentences: Sequence[Sentence], words: RoleWords) -> DocumentRole:
    """The role of one document from its sentences (see ``patterns/vocab/documents.yaml``)."""
    if not sentences:
        return DocumentRole(TERMS)
    titles = [s.text for s in sentences[:TITLE_LINES] if _is_title(s.text)]
    if any(p.search(t) for t in titles for p in words.requirement_titles):  # signed or not, it lists what is
        return DocumentRole(REQUIREMENTS, ("title requirements",))  # needed; its other statements still bind
    if any(words.signing.search(s.text) for s in sentences):
        return DocumentRole(TERMS)
    if len({m.group(0).lower() for s in sentences for m in words.voice.finditer(s.text)}) >= 2:
        return DocumentRole(TERMS)
    if any(p.search(t) for t in titles for p in words.titles):
        return DocumentRole(EXPLAINER, ("explanatory title",))
    found = {m.group(0).lower() for s in sentences for m in words.markers.finditer(s.text)}
    qa = sum(1 for s in sentences if words.qa.search(s.text[:12]))  # "Q:" / "A:" opening a sentence
    adviser = any(words.advisers.search(t) for t in titles)
    asked = qa >= words.min_qa or any(p.search(t) for t in titles for p in words.qa_titles)
    count = len(found) + asked + adviser
    if count >= words.min_markers:
        reasons = ("advice wording",) * bool(found) + ("questions and answers",) * asked + ("adviser",) * adviser
        return DocumentRole(EXPLAINER, reasons)
    return DocumentRole(TERMS)


def set_aside_listed(findings: Sequence[Finding], words: RoleWords) -> tuple[list[Finding], list[Finding]]:
    """Split a list of title requirements' findings into (kept, moved): moved are what such a list only lists
    (``requirement_lists``: lien releases needed, not given), each with the reason as its last check."""
    listed = words.listed_categories
    kept = [f for f in findings if f.category not in listed]
    moved = [replace(f, checks=(*f.checks, REQUIREMENT_CHECK)) for f in findings if f.category in listed]
    return kept, moved
