"""spaCy pipeline: ``spacy.blank("en")`` plus our own normaliser, and one
PhraseMatcher over every vocabulary (concepts, actors, negation, conditions).

No statistical model is used.  The normaliser sets each token's NORM to the
base form the vocabulary uses (``waived`` -> ``waive``) and reads OCR-noised
words as the vocabulary word they are within a few edits of
(``deficiencv`` -> ``deficiency``); numbers become ``<num>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .form import FormField, read_form
from .spacy_core import IDX, LENGTH, LIKE_NUM, LOWER, NORM, Doc, Language, PhraseMatcher, spacy
from .vocab import ALTERNATION, Vocabulary, alternatives, load_vocabulary

NUM = "<num>"
SHORT_AMOUNT = re.compile(r"\d{1,3}(?:\.\d)?k")
NUMERIC_DATE = re.compile(r"\d{1,2}[/-]\d{1,2}[/-](?:19|20)\d\d")  # "06/02/2010": a date, read by its year
YEAR = "<year>"  # a four-digit number from 1900 to 2099; "<num>" in a term matches it too

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


CACHE_LIMIT = 200_000  # entries per cache: a hostile document of unique words cannot grow them further


class Normaliser:
    """Sets ``token.norm_`` to the vocabulary's base form; marks fuzzy readings."""

    def __init__(self, vocab: Vocabulary, known: set[str]) -> None:
        self.vocab = vocab
        self.known = known
        self.fuzzy_targets = sorted(w for w in known if len(w) >= vocab.fuzzy_min_length and w.isalpha())
        self.cache: dict[str, tuple[str, bool]] = {}
        # One str per word form and one tuple per (offset, length): a packet's analyses share them
        # instead of holding ~100 bytes of copies a token (they are kept until the document is read).
        # A word form (by its LOWER id) also keeps its reading: (lower, norm, norm's id, fuzzy).
        self.words: dict[int, tuple[str, str, int, bool]] = {}
        self.spans: dict[int, tuple[int, int]] = {}
        # Never read a word as a cue word ("noted" is not "not", "uses" is not "us").
        cue_lists = (vocab.neg_pseudo, vocab.termination, vocab.cond_markers, vocab.noun_cues, vocab.verb_cues)
        cues = [c.text for c in (*vocab.neg_preceding, *vocab.neg_following)]
        self.function_words = frozenset(w for group in (*cue_lists, cues) for w in group if " " not in w)

    def __call__(self, doc: Doc) -> Doc:
        """Set NORM on every token; keep the words' forms and fuzzy readings in ``doc.user_data``.

        Works on arrays (``to_array``/``from_array``) rather than Token objects: it runs on every
        sentence of every packet."""
        strings = doc.vocab.strings
        rows = doc.to_array([LOWER, IDX, LENGTH, LIKE_NUM]).tolist()
        lowers, norms, spans, fuzzy, hashes = [], [], [], [], []
        known_words, known_spans = self.words, self.spans
        for i, (lower_id, idx, length, like_num) in enumerate(rows):
            word = known_words.get(lower_id)
            if word is None:
                lower = strings[lower_id]
                norm, is_fuzzy = self.lemma(lower, bool(like_num))
                word = (lower, norm, strings.add(norm), is_fuzzy)
                if len(known_words) < CACHE_LIMIT:
                    known_words[lower_id] = word
            span = known_spans.get(key := idx << 20 | length)
            if span is None:
                span = (idx, idx + length)
                if len(known_spans) < CACHE_LIMIT:
                    known_spans[key] = span
            lowers.append(word[0])
            norms.append(word[1])
            hashes.append(word[2])
            spans.append(span)
            if word[3]:
                fuzzy.append(i)
        if hashes:
            doc.from_array([NORM], numpy.array(hashes, dtype=numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        doc.user_data["ssc"] = (tuple(lowers), tuple(norms), tuple(spans), frozenset(fuzzy))
        return doc

    def lemma(self, lower: str, like_num: bool = False) -> tuple[str, bool]:
        hit = self.cache.get(lower)
        if hit is None:
            hit = self._lemma(lower, like_num)
            if len(self.cache) < CACHE_LIMIT:
                self.cache[lower] = hit
        return hit

    def _lemma(self, lower: str, like_num: bool) -> tuple[str, bool]:
        if lower.endswith(("(s", "(es")) and len(lower) > 5:  # a form's "acknowledge(s)", "borrower(s)"
            return self.lemma(lower[: lower.rindex("(")])
        if lower in self.vocab.lemma_forms:
            return self.vocab.lemma_forms[lower], False
        if lower in self.function_words:
            return lower, False  # a cue word is read as written: "provided" (that) is not "provide"
        stem = self._stem(lower)
        if stem is not None:
            return stem, False
        if lower in self.known:
            return lower, False
        if len(lower) == 4 and lower.isdigit() and lower[:2] in {"19", "20"}:
            return YEAR, False  # "released in 2010", "a 1999 deed of trust"
        if NUMERIC_DATE.fullmatch(lower):
            return YEAR, False  # "satisfied in full 06/02/2010"
        if like_num or (lower[:1].isdigit() and lower.replace(",", "").replace(".", "").isdigit()):
            return NUM, False
        if SHORT_AMOUNT.fullmatch(lower):
            return NUM, False  # "$12k", "the ~$38k": thousands said the short way
        return self._fuzzy(lower)

    def _stem(self, lower: str) -> str | None:
        """The vocabulary's base form of an inflected word (agrees -> agree, committed -> commit)."""
        if lower.endswith("ed") and len(lower) > 5 and lower[-3] == lower[-4] and lower[:-3] in self.known:
            return lower[:-3]
        for suffix, repl in _SUFFIXES:
            if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
                stem = lower[: -len(suffix)] + repl
                if stem in self.known and stem != lower and stem not in self.function_words:
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
    borrower_voice: bool
    form: FormField | None = None  # the sentence is a form field ("Deficiency waived: No")

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
        # spaCy tokenises each whitespace-separated chunk on its own, so the distinct chunks give every term's words
        chunks = {chunk for _, term in entries for chunk in term.split()}
        known = {t.lower_ for chunk in chunks for t in self.nlp.make_doc(chunk)}
        self.normaliser = Normaliser(self.vocab, known)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        by_key: dict[str, list[str]] = {}
        for key, term in entries:
            by_key.setdefault(key, []).append(term)
        self._keys: dict[int, tuple[str, str, int]] = {}
        for key, terms in by_key.items():
            # "<num>" in a term stands for any number, a year included; "<year>" for a year only. One key's
            # docs at a time: the matcher keeps its own copy, and holding every term's Doc at once costs ~35 MB.
            forms = [f for t in terms for f in _number_forms(t)]
            # an abbreviation is one token only in capitals ("C.O.J." but "c.o.j" + "."): add that reading too
            forms += [f.upper() for f in forms if "." in f.rstrip(".") and f.replace(".", "").isalpha()]
            self.matcher.add(key, [self.normaliser(self.nlp.make_doc(f)) for f in forms])
            kind, rest = key.split("|", 1)  # a label may hold choices in braces: "neither {waives|waive} nor ..."
            label, window = rest.rsplit("|", 1)
            self._keys[self.nlp.vocab.strings[key]] = (kind, label, int(window))
        order = ("predicate", "object", "context")
        self._layer_rank = {c: order.index(self.vocab.layer_of(c)) for c in self.vocab.concepts}

    def _entries(self) -> Iterator[tuple[str, str]]:
        """(matcher key, term) for every vocabulary term; a term with choices in braces gives each choice
        under the one key its written form names."""
        v = self.vocab
        for concept, terms in v.concepts.items():
            yield from ((f"C|{concept}|0", t) for t in _with_bare_forms(terms))
        keyed = [(f"A|{side}|0", t) for side, terms in v.actors.items() for t in terms]
        keyed += [(f"NP|{c.text}|{c.window}", c.text) for c in v.neg_preceding]
        keyed += [(f"NF|{c.text}|{c.window}", c.text) for c in v.neg_following]
        keyed += [(f"{kind}|{t}|0", t) for kind, terms in (("PS", v.neg_pseudo), ("T", v.termination)) for t in terms]
        cond = (("CM", v.cond_markers), ("CA", v.cond_adverse), ("CS", v.cond_strong))
        keyed += [(f"{kind}|{t}|0", t) for kind, terms in cond for t in terms]
        yield from ((key, form) for key, written in keyed for form in alternatives(written))

    def analyze(self, text: str) -> Analysis:
        return next(self.analyze_many([text]))

    def analyze_many(self, texts: Iterable[str]) -> Iterator[Analysis]:
        for text in texts:
            yield self._analysis(self.normaliser(self.nlp.make_doc(text)), text)

    def _resolve(self, hits: list[Hit]) -> list[Hit]:
        """Overlapping concept hits: the longest wins, then predicate over object over context."""

        def rank(h: Hit) -> tuple[int, int, int]:
            return (-(h[4] - h[3]), self._layer_rank.get(h[1], 3), h[3])

        kept: list[Hit] = []
        taken: set[int] = set()
        for h in sorted(hits, key=rank):
            if not taken.intersection(range(h[3], h[4])):
                kept.append(h)
                taken.update(range(h[3], h[4]))
        return _merge_adjacent(sorted(kept, key=lambda h: h[3]))

    def _in_a_name(self, hit: Hit, text: str, spans: Sequence[tuple[int, int]], actors: list[Hit]) -> bool:
        """Is a predicate word part of a lender's name ("Western Reserve Teachers Credit Union",
        "Release Mortgage Company")? Its words are capitalised inside a run of capitalised words,
        not at the start of the sentence, and the run ends in a lender's name word ("Credit Union")."""
        start, end = hit[3], hit[4]
        predicate = self.vocab.layer_of(hit[1]) == "predicate"
        if start == 0 or not (predicate or hit[1] in self.vocab.name_objects):
            return False

        def title(i: int) -> bool:
            return _title(text[spans[i][0] : spans[i][1]])

        if not all(title(i) for i in range(start, end)):
            return False
        lo, hi = self._name_start(start, text, spans, floor=1), end  # a sentence's first word is capitalised anyway
        while hi < len(spans) and title(hi):
            hi += 1
        if hi - lo < 2:
            return False
        if any(self._name_ending(text, spans, i) for i in range(end, min(hi + 3, len(spans)))):  # "... Partners II LLC"
            return True  # "Northvale Capital Recovery LLC", "Capital Recovery, Inc.", "Pinewood Mortgage Corp."
        return predicate and any(a[1] == "lender" and end <= a[3] and a[4] <= hi for a in actors)  # the name's end

    def _trade_name(self, hit: Hit, text: str, spans: Sequence[tuple[int, int]], lowers: Sequence[str]) -> int | None:
        """Where the lender's trade name begins that a lien word ends ("Ashley River Tupelo Mortgage has confirmed
        ..."), else None: capitalised after a run of capitalised words that are not a loan's own (first, home equity
        ...), not after a determiner, and a verb right after it."""
        start, end = hit[3], hit[4]
        if end - start != 1 or lowers[start] not in self.vocab.trade_name_words or end >= len(lowers):
            return None
        if not _title(text[spans[start][0] : spans[start][1]]) or lowers[end] not in self.vocab.trade_name_verbs:
            return None
        lo = self._name_start(start, text, spans)
        if lo == start or any(w in self.vocab.trade_name_stops for w in lowers[lo:start]):
            return None  # "Mortgage" alone, or a loan's own name ("Second Mortgage")
        if lo > 0 and lowers[lo - 1] in NAME_BLOCKERS:
            return None  # "the Ironhaven Mortgage", "Open-End Mortgage": a kind of mortgage
        return lo

    def _name_start(self, start: int, text: str, spans: Sequence[tuple[int, int]], floor: int = 0) -> int:
        """Where the run of capitalised words that ends at ``start`` begins (not before ``floor``)."""
        lo = start
        while lo > floor and _title(text[spans[lo - 1][0] : spans[lo - 1][1]]):
            lo -= 1
        return lo

    def _name_ending(self, text: str, spans: Sequence[tuple[int, int]], i: int) -> bool:
        word = text[spans[i][0] : spans[i][1]].lower()
        if word == "," and i + 1 < len(spans):
            word = text[spans[i + 1][0] : spans[i + 1][1]].lower()
        return word in self.vocab.name_endings

    def _analysis(self, doc: Doc, text: str) -> Analysis:
        lowers, norms, char_spans, fuzzy = doc.user_data["ssc"]
        concepts: list[Hit] = []
        actors: list[Hit] = []
        cues: list[Hit] = []
        for match_id, start, end in self.matcher(doc):
            kind, label, window = self._keys[match_id]
            hit = (kind, label, window, start, end)
            (concepts if kind == "C" else actors if kind == "A" else cues).append(hit)
        actors = [h for h in actors if not _enumerator(lowers, h[3], h[4])]  # "The Lender (i) waives": no "I"
        form = read_form(text, char_spans, self.vocab.forms)
        if form is not None:  # "label: value" reads as "label is value": the separator ends nothing
            cues = [h for h in cues if not (h[0] == "T" and h[3] == form.separator)]
        named = [h for h in self._resolve(concepts) if not self._in_a_name(h, text, char_spans, actors)]
        # "Baraboo Ironhaven Mortgage has released us": a lender's trade name, not a mortgage
        traded = [(h, self._trade_name(h, text, char_spans, lowers)) for h in named]
        actors = actors + [("A", "lender", 0, lo, h[4]) for h, lo in traded if lo is not None]
        named = [h for h, lo in traded if lo is None]
        inner = {i for h in named for i in range(h[3] + 1, h[4])}  # "waives all but $8,000 of": no clause break
        cues = [h for h in cues if not (h[0] == "T" and h[3] in inner)]
        return Analysis(
            text=text,
            lowers=lowers,
            norms=norms,
            char_spans=char_spans,
            concepts=tuple(_mention(h, fuzzy) for h in named),
            actors=tuple(_mention(h, fuzzy) for h in _longest(actors)),
            cues=tuple(_mention(h, fuzzy) for h in sorted(cues, key=lambda h: (h[3], -h[4]))),
            clause_of=_clauses(len(lowers), cues),
            borrower_voice=any(w in self.vocab.borrower_voice for w in lowers) or _initialled(lowers, self.vocab),
            form=form,
        )


Hit = tuple[str, str, int, int, int]  # kind, label, window, start, end


def _initialled(lowers: Sequence[str], vocab: Vocabulary) -> bool:
    """Does the sentence open with blanks for initials ("____ / ____ We understand ...", "UKR ____ DKR ____
    The balance is our debt")? Then it speaks for those who initial it."""
    run = words = 0
    for w in lowers:
        if not w.strip("_"):  # the tokenizer may cut a blank into single underscores
            run += len(w)
            if run >= 3:
                return True
            continue
        run = 0
        if w == ":" or len(w) > 4:
            return False  # "Deficiency waived: ____" is a blank to fill, not a line for initials
        words += w not in {"/", "-", "(", ")"}
        if words >= vocab.initial_line_reach:
            return False
    return False


ARTICLES = frozenset({"the", "a", "an"})
# words right before a capitalised run that make it a mortgage's kind, not a lender's name
NAME_BLOCKERS = ARTICLES | {"its", "their", "our", "your", "his", "her", "this", "said", "-", "\u2013", "/"}


def _title(word: str) -> bool:
    """'Reserve', not 'reserve' or 'RESERVE'."""
    return len(word) > 1 and word[0].isupper() and any(c.islower() for c in word[1:])


def _with_bare_forms(terms: Iterable[str]) -> Iterator[str]:
    """Each term, and the term without the articles inside it: term sheets, headings and forms drop
    them ("note for deficiency", "release of lien"). A first or last word is kept ("what is a"). A term
    of two to four words also reads joined by hyphens, as a compound modifier ("a confession-of-judgment
    provision", "short-sale proceeds"). A term with choices in braces stands for each of its choices
    (see `alternatives`) and nothing more."""
    for written in terms:
        if ALTERNATION.search(written):  # a term with choices lists its forms itself: no bare or hyphened ones
            yield from alternatives(written)
            continue
        term = " ".join(written.split())
        yield term
        words = term.split()
        if 2 <= len(words) <= 4 and all(w.isalpha() for w in words):
            yield "-".join(words)
        bare = [w for k, w in enumerate(words) if k in (0, len(words) - 1) or w not in ARTICLES]
        if len(bare) > 1 and len(bare) < len(words):
            yield " ".join(bare)


ROMAN_ITEMS = frozenset({"i", "ii", "iii", "iv", "v", "vi"})


def _enumerator(lowers: Sequence[str], start: int, end: int) -> bool:
    """Is the one-word mention a list item's roman numeral, "(i)" or "i)", not the pronoun "I"?"""
    if end != start + 1 or lowers[start] not in ROMAN_ITEMS:
        return False
    closed = end < len(lowers) and lowers[end] in {")", ")."}
    return closed and (start == 0 or lowers[start - 1] in {"(", ",", ";", ":", "and", "or"})


def _longest(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, longest first (spaCy's filter_spans on plain tuples)."""
    kept: list[Hit] = []
    taken: set[int] = set()
    for h in sorted(hits, key=lambda h: (-(h[4] - h[3]), h[3])):
        if not taken.intersection(range(h[3], h[4])):
            kept.append(h)
            taken.update(range(h[3], h[4]))
    return sorted(kept, key=lambda h: h[3])


def _merge_adjacent(hits: list[Hit]) -> list[Hit]:
    """Touching hits of one concept are one mention: "pursue collection" is one PURSUE."""
    out: list[Hit] = []
    for h in hits:
        if out and out[-1][4] == h[3] and out[-1][:3] == h[:3]:
            out[-1] = (h[0], h[1], h[2], out[-1][3], h[4])
        else:
            out.append(h)
    return out


def _mention(h: Hit, fuzzy: frozenset[int]) -> Mention:
    kind, label, window, start, end = h
    return Mention(kind, label, start, end, window, any(i in fuzzy for i in range(start, end)))


def _clauses(n: int, cues: list[Hit]) -> tuple[int, ...]:
    """Each token's clause: how many termination cues start at or before it."""
    starts = sorted({h[3] for h in cues if h[0] == "T"})
    out: list[int] = []
    for clause, start in enumerate(starts):  # tokens before the cue at ``start`` are in ``clause``
        out += [clause] * (min(start, n) - len(out))
    out += [len(starts)] * (n - len(out))
    return tuple(out)


def _number_forms(term: str) -> list[str]:
    """The term as the matcher reads it: "<num>" stands for any number ("0") or a year ("1999"),
    "<year>" for a year only."""
    term = term.replace(YEAR, "1999")
    return [term] if NUM not in term else [term.replace(NUM, "0"), term.replace(NUM, "1999")]
