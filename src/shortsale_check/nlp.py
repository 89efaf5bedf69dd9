"""spaCy pipeline: ``spacy.blank("en")`` plus our own normaliser, and one
PhraseMatcher over every vocabulary (concepts, actors, negation, conditions).

No statistical model is used.  The normaliser sets each token's NORM to the
base form the vocabulary uses (``waived`` -> ``waive``) and reads OCR-noised
words as the vocabulary word they are within a few edits of
(``deficiencv`` -> ``deficiency``); numbers become ``<num>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.util import filter_spans

from .vocab import Vocabulary, load_vocabulary

NUM = "<num>"
if not Token.has_extension("ssc_fuzzy"):
    Token.set_extension("ssc_fuzzy", default=False)

_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ies", "y"),
    ("ied", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ment", ""),
    ("al", ""),
)


class Normaliser:
    """Sets ``token.norm_`` to the vocabulary's base form; marks fuzzy readings."""

    def __init__(self, vocab: Vocabulary, known: set[str]) -> None:
        self.vocab = vocab
        self.known = known
        self.fuzzy_targets = sorted(w for w in known if len(w) >= vocab.fuzzy_min_length and w.isalpha())
        self.cache: dict[str, tuple[str, bool]] = {}

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            norm, fuzzy = self.lemma(token.lower_, token.like_num)
            token.norm_ = norm
            if fuzzy:
                token._.ssc_fuzzy = True
        return doc

    def lemma(self, lower: str, like_num: bool = False) -> tuple[str, bool]:
        hit = self.cache.get(lower)
        if hit is None:
            hit = self._lemma(lower, like_num)
            if len(self.cache) < 200_000:
                self.cache[lower] = hit
        return hit

    def _lemma(self, lower: str, like_num: bool) -> tuple[str, bool]:
        if lower in self.vocab.lemma_forms:
            return self.vocab.lemma_forms[lower], False
        stem = self._stem(lower)
        if stem is not None:
            return stem, False
        if lower in self.known:
            return lower, False
        if like_num or (lower[:1].isdigit() and lower.replace(",", "").replace(".", "").isdigit()):
            return NUM, False
        return self._fuzzy(lower)

    def _stem(self, lower: str) -> str | None:
        """The vocabulary's base form of an inflected word (agrees -> agree, committed -> commit)."""
        if lower.endswith("ed") and len(lower) > 5 and lower[-3] == lower[-4] and lower[:-3] in self.known:
            return lower[:-3]
        for suffix, repl in _SUFFIXES:
            if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
                stem = lower[: -len(suffix)] + repl
                if stem in self.known and stem != lower:
                    return stem
        return None

    def _fuzzy(self, lower: str) -> tuple[str, bool]:
        vocab = self.vocab
        if len(lower) < vocab.fuzzy_min_length or lower in vocab.never_correct:
            return lower, False
        if not any(c.isalpha() for c in lower):
            return lower, False
        edits = 2 if len(lower) >= vocab.fuzzy_two_edits_from else 1
        found = process.extractOne(lower, self.fuzzy_targets, scorer=Levenshtein.distance, score_cutoff=edits)
        if found is None:
            return lower, False
        target = str(found[0])
        if abs(len(target) - len(lower)) > edits or target in vocab.never_correct:
            return lower, False
        return target, True


@dataclass(frozen=True, slots=True)
class Mention:
    """A vocabulary hit in a sentence: token span [start, end)."""

    kind: str  # C concept, A actor, NP/NF negation cue, PS pseudo, T termination, CM marker, CA adverse
    label: str  # concept name, actor side, or cue text
    start: int
    end: int
    window: int = 0
    fuzzy: bool = False


@dataclass(frozen=True, slots=True)
class Analysis:
    """A sentence as the matcher sees it."""

    text: str
    lowers: tuple[str, ...]
    norms: tuple[str, ...]
    char_spans: tuple[tuple[int, int], ...]
    concepts: tuple[Mention, ...]
    actors: tuple[Mention, ...]
    cues: tuple[Mention, ...]  # negation, pseudo, termination, condition markers, adverse words
    clause_of: tuple[int, ...]
    fuzzy_tokens: frozenset[int]
    borrower_voice: bool

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.cues if m.kind == kind]

    def words(self, start: int, end: int) -> str:
        if start >= end:
            return ""
        return self.text[self.char_spans[start][0] : self.char_spans[end - 1][1]]


class Analyzer:
    """Builds the spaCy pipeline and the PhraseMatcher once; analyses sentences."""

    def __init__(self, patterns_dir: Path | None = None, vocab: Vocabulary | None = None) -> None:
        self.vocab = vocab or load_vocabulary(patterns_dir)
        self.nlp: Language = spacy.blank("en")
        entries = list(self._entries())
        known = {t.lower_ for _, term in entries for t in self.nlp.make_doc(term)}
        self.normaliser = Normaliser(self.vocab, known)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        by_key: dict[str, list[Doc]] = {}
        for key, term in entries:
            # "<num>" in a term stands for any number: tokenise it as one.
            by_key.setdefault(key, []).append(self.normaliser(self.nlp.make_doc(term.replace(NUM, "0"))))
        for key, docs in by_key.items():
            self.matcher.add(key, docs)
        order = ("predicate", "object", "context")
        self._layer_rank = {c: order.index(self.vocab.layer_of(c)) for c in self.vocab.concepts}

    def _entries(self) -> Iterator[tuple[str, str]]:
        v = self.vocab
        for concept, terms in v.concepts.items():
            yield from ((f"C|{concept}|0", t) for t in terms)
        for side, terms in v.actors.items():
            yield from ((f"A|{side}|0", t) for t in terms)
        yield from ((f"NP|{c.text}|{c.window}", c.text) for c in v.neg_preceding)
        yield from ((f"NF|{c.text}|{c.window}", c.text) for c in v.neg_following)
        yield from ((f"PS|{t}|0", t) for t in v.neg_pseudo)
        yield from ((f"T|{t}|0", t) for t in v.termination)
        yield from ((f"CM|{t}|0", t) for t in v.cond_markers)
        yield from ((f"CA|{t}|0", t) for t in v.cond_adverse)
        yield from ((f"CS|{t}|0", t) for t in v.cond_strong)

    def analyze(self, text: str) -> Analysis:
        return next(self.analyze_many([text]))

    def analyze_many(self, texts: Iterable[str]) -> Iterator[Analysis]:
        for doc in self.nlp.pipe(texts):
            yield self._analysis(self.normaliser(doc))

    def _resolve(self, spans: list[spacy.tokens.Span]) -> list[spacy.tokens.Span]:
        """Overlapping concept spans: the longest wins, then predicate over object over context."""

        def rank(span: spacy.tokens.Span) -> tuple[int, int, int]:
            concept = span.label_.split("|")[1]
            return (-(span.end - span.start), self._layer_rank.get(concept, 3), span.start)

        kept: list[spacy.tokens.Span] = []
        taken: set[int] = set()
        for span in sorted(spans, key=rank):
            if not taken.intersection(range(span.start, span.end)):
                kept.append(span)
                taken.update(range(span.start, span.end))
        return _merge_adjacent(sorted(kept, key=lambda s: s.start))

    def _analysis(self, doc: Doc) -> Analysis:
        concept_spans, actors, cues = [], [], []
        strings = self.nlp.vocab.strings
        for match_id, start, end in self.matcher(doc):
            kind, label, window = strings[match_id].split("|")
            span = doc[start:end]
            span.label_ = f"{kind}|{label}|{window}"
            if kind == "C":
                concept_spans.append(span)
            elif kind == "A":
                actors.append(span)
            else:
                cues.append(span)
        fuzzy = frozenset(t.i for t in doc if t._.ssc_fuzzy)
        lowers = tuple(t.lower_ for t in doc)
        return Analysis(
            text=doc.text,
            lowers=lowers,
            norms=tuple(t.norm_ for t in doc),
            char_spans=tuple((t.idx, t.idx + len(t.text)) for t in doc),
            concepts=tuple(_mention(s, fuzzy) for s in self._resolve(concept_spans)),
            actors=tuple(_mention(s, fuzzy) for s in filter_spans(actors)),
            cues=tuple(_mention(s, fuzzy) for s in sorted(cues, key=lambda s: (s.start, -s.end))),
            clause_of=_clauses(len(doc), cues),
            fuzzy_tokens=fuzzy,
            borrower_voice=any(w in self.vocab.borrower_voice for w in lowers),
        )


def _merge_adjacent(spans: list[spacy.tokens.Span]) -> list[spacy.tokens.Span]:
    """Touching spans of one concept are one mention: "pursue collection" is one PURSUE."""
    out: list[spacy.tokens.Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.end == span.start and prev.label_ == span.label_:
            merged = span.doc[prev.start : span.end]
            merged.label_ = span.label_
            out[-1] = merged
        else:
            out.append(span)
    return out


def _mention(span: spacy.tokens.Span, fuzzy: frozenset[int]) -> Mention:
    kind, label, window = span.label_.split("|")
    is_fuzzy = any(i in fuzzy for i in range(span.start, span.end))
    return Mention(kind, label, span.start, span.end, int(window), is_fuzzy)


def _clauses(n: int, cues: list[spacy.tokens.Span]) -> tuple[int, ...]:
    starts = sorted({s.start for s in cues if s.label_.startswith("T|")})
    out, clause, k = [], 0, 0
    for i in range(n):
        while k < len(starts) and starts[k] <= i:
            clause, k = clause + 1, k + 1
        out.append(clause)
    return tuple(out)
