"""Load the vocabularies in ``patterns/vocab/``: concepts, actors, negation, conditions.

The files are data; this module only reads and checks them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import yamlio
from .errors import RuleError
from .form import FormWords

VOCAB_FILES = ("concepts", "actors", "negation", "conditions", "lemmas", "fuzzy")


def default_patterns_dir() -> Path:
    """The rule pack shipped in the wheel, or the checkout's ``patterns/`` in development."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "patterns", here.parent.parent / "patterns"):
        if (candidate / "vocab").is_dir():
            return candidate
    raise RuleError("Error: the rule pack (patterns/) is missing from this installation; reinstall shortsale-check")


@dataclass(frozen=True, slots=True)
class Cue:
    text: str
    window: int


@dataclass(frozen=True, slots=True)
class Vocabulary:
    concepts: dict[str, tuple[str, ...]]
    layers: dict[str, frozenset[str]]
    sentence_vetoes: frozenset[str]  # distractor contexts that veto a whole sentence, not only their own clause
    subject_vetoes: frozenset[str]  # distractor contexts naming who acts: they reach a second predicate
    forward_vetoes: frozenset[str]  # distractor contexts that veto only what follows them in the sentence
    applied_law_leads: tuple[str, ...]  # "in accordance with", "pursuant to": a statute applied, not summarised
    applied_law_vetoes: frozenset[str]  # the veto kinds such a lead disarms (STATUTE)
    conditioned_vetoes: frozenset[str]  # veto kinds that do not reach out of a condition ("if the buyer's ...,")
    timed_vetoes: frozenset[str]  # veto kinds that only tell when a lien goes, right after one ("the lien at closing")
    timed_after: frozenset[str]  # ... the kinds they follow (LIEN, RECONVEY)
    settling: frozenset[str]  # predicates that settle a loan named through "of" ("payment in full of the mortgage")
    settling_words: frozenset[str]  # ... holding one of these ("full", "final"), not a bare "satisfaction"
    settled_loans: frozenset[str]  # lien words that, so settled, name the loan (the debt), not the lien
    prospective_vetoes: frozenset[str]  # veto kinds that describe a paper still to be signed, after "shall execute"
    joint_vetoes: frozenset[str]  # veto kinds that name no one else when joined to the borrower ("Buyer and Seller")
    label_vetoes: frozenset[str]  # veto kinds that reach a whole line from its label ("Alternatives considered: ...")
    releasing: frozenset[str]  # predicates that release something ("waive", "forgive", "release", "satisfy")
    actors: dict[str, tuple[str, ...]]  # side -> terms (lender, borrower, third_party, we)
    borrower_voice: frozenset[str]
    initial_line_reach: int  # a blank for initials in a sentence's first N words: its signers' own voice
    joint_voice: tuple[str, ...]  # openers that speak for every signer: "It is acknowledged that", "The parties agree"
    name_endings: frozenset[str]  # a company's legal ending after its name: "Capital Recovery LLC"
    defined_party_words: frozenset[str]  # a lender's kind of name before its defined term: 'Bank ("the Holder")'
    defined_party_aliases: frozenset[str]  # the defined words that may so name the lender: "Owner", "Holder"
    name_objects: frozenset[str]  # object concepts a company's name may hold: "Pinewood Mortgage Corp."
    trade_name_words: frozenset[str]  # a lender's trade word ending its name, no legal ending: "Ironhaven Mortgage"
    trade_name_stops: frozenset[str]  # words of a loan's own name before it: "the Second Mortgage"
    trade_name_verbs: frozenset[str]  # a verb right after such a name: "Ironhaven Mortgage has released us"
    self_pronouns: frozenset[str]  # "Ms. Lee agrees that she remains responsible": she is who agrees
    self_possessives: frozenset[str]  # "Ms. Lee acknowledges that the balance remains her debt": hers
    creditor_voice: tuple[str, ...]  # "I forgive the rest of what you owe": an "I" who is owed (a private lender)
    debtor_voice: tuple[str, ...]  # "I still owe", "release me": an "I" who owes
    debtor_verbs: frozenset[str]  # "We promise to pay": a document whose "we" do these is the borrowers'
    recipient_verbs: frozenset[str]  # "Borrower will receive a satisfaction": the actor is given the release
    mutual_objects: tuple[str, ...]  # "Lender and Borrower release each other": the lender gives it too
    directing_verbs: frozenset[str]  # "You are authorized and requested to enter satisfaction": on another's order
    neg_preceding: tuple[Cue, ...]
    neg_following: tuple[Cue, ...]
    neg_pseudo: tuple[str, ...]
    termination: tuple[str, ...]
    transparent: frozenset[str]
    transparent_concepts: frozenset[str]
    verb_concepts: frozenset[str]  # context concepts that stop a cue like a predicate ("appears in")
    noun_cues: frozenset[str]
    subject_cues: frozenset[str]
    infinitive_nouns: frozenset[str]
    noun_cue_only: frozenset[str]
    verb_cues: frozenset[str]
    correlative: frozenset[str]  # "nor" continues "neither": not a double negation
    absorbing: frozenset[str]  # concepts whose phrases take their negation words ("does not dispute")
    states_after_and: frozenset[str]  # "is not waived and remains payable": the state is affirmed
    keeping_when_negated: frozenset[str]  # "nothing limits the right to have judgment confessed"
    renouncing: frozenset[str]  # concepts that give up a right: "waives its right to collect" negates collect
    cond_markers: tuple[str, ...]
    cond_adverse: tuple[str, ...]
    cond_strong: tuple[str, ...]
    cond_pending: frozenset[str]  # markers of a release not yet given: "until we agree to forgive it"
    cond_limits: frozenset[str]  # markers that deny whom a release binds: "does not bind the insurer"
    cond_consideration: frozenset[str]  # markers of a price: "in exchange for", "in return for"
    cond_from_sale: tuple[str, ...]  # a price paid out of the sale itself: "from the closing"
    cond_takers: frozenset[str]  # "will accept $7,000 in exchange for releasing its lien": the price is taken
    taker_reach: int  # how many words before the price marker a taker may stand
    whole_shortfall: tuple[str, ...]  # "the portion ... that the sale does not pay": the whole shortfall, not a part
    partial_reach: int  # how many words after "portion" such words may stand
    shortfall_parts: frozenset[str]  # the partial words that may name the whole shortfall ("portion", "part of")
    cond_received: frozenset[str]  # "upon receipt of ... the signed note": a paper received, already signed
    cond_bare: frozenset[str]  # "upon receipt you will be released": a marker that is its own whole condition
    lemma_forms: dict[str, str]
    fuzzy_min_length: int
    fuzzy_two_edits_from: int
    fuzzy_penalty: float
    never_correct: frozenset[str]
    forms: FormWords = FormWords()  # form fields (forms.yaml; optional in a custom pack)

    def layer_of(self, concept: str) -> str:
        for name in ("predicate", "object", "context"):
            if concept in self.layers[name]:
                return name
        return "context"


def _read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / f"{name}.yaml"
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"Error: cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"Error: {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RuleError(f"Error: {path} must be a mapping at the top level")
    return data


def read_optional(directory: Path, name: str) -> dict[str, Any]:
    """``directory/name.yaml`` as a mapping, or an empty one when a custom pack leaves the file out."""
    return _read(directory, name) if (directory / f"{name}.yaml").is_file() else {}


def string_list(value: Any, where: str) -> tuple[str, ...]:
    """A YAML list of words or phrases, lower-cased; a clear error naming ``where`` otherwise."""
    return _strings(value, where)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) or type(v) is int for v in value):
        bad = [v for v in value if not isinstance(v, str)] if isinstance(value, list) else value
        raise RuleError(f"Error: {where} must be a list of strings (quote YAML words like no/null/on): {bad!r}")
    return tuple(str(v).strip().lower() for v in value if str(v).strip())


ALTERNATION = re.compile(r"\{([^{}]*)\}")


def alternatives(term: str) -> list[str]:
    """A term with choices in braces stands for every combination: "{whatever|what} the {sale|house}
    {does not|did not} cover" is eight terms. An empty choice ("{the |}") drops the words."""
    found = ALTERNATION.search(term)
    if found is None:
        return [" ".join(term.split())]
    head, tail = term[: found.start()], term[found.end() :]
    return [form for choice in found.group(1).split("|") for form in alternatives(head + choice + tail)]


def _phrase_list(section: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """An optional list of phrases under ``key``, lower-cased with single spaces ("pursuant to")."""
    return tuple(" ".join(x.split()) for x in _strings(section.get(key, []), f"{where} {key}"))


def _labels(section: dict[str, Any], key: str, where: str) -> frozenset[str]:
    """An optional list of concept labels ("WAIVE", "FORGIVE") under ``key``, upper-cased."""
    return frozenset(c.upper() for c in _strings(section.get(key, []), f"{where} {key}"))


def _cues(value: Any, where: str) -> tuple[Cue, ...]:
    if not isinstance(value, list):
        raise RuleError(f"Error: {where} must be a list of {{cue, window}}")
    cues = []
    for item in value:
        if not isinstance(item, dict) or "cue" not in item:
            raise RuleError(f"Error: {where}: each entry needs a 'cue' (got {item!r})")
        if not isinstance(item["cue"], str):
            raise RuleError(f"Error: {where}: cue {item['cue']!r} must be a string (quote YAML words like no)")
        cues.append(Cue(item["cue"].lower(), int(item.get("window", 5))))
    return tuple(cues)


def load_vocabulary(patterns_dir: Path | None = None) -> Vocabulary:
    directory = (patterns_dir or default_patterns_dir()) / "vocab"
    raw = {name: _read(directory, name) for name in VOCAB_FILES}
    concepts_raw = raw["concepts"].get("concepts", {})
    concepts = {k: _strings(v, f"concepts.yaml: {k}") for k, v in concepts_raw.items()}
    layers = {k: frozenset(_strings(v, f"concepts.yaml layers.{k}")) for k, v in raw["concepts"]["layers"].items()}
    layers = {k: frozenset(c.upper() for c in v) for k, v in layers.items()}
    unknown = sorted(set().union(*layers.values()) - set(concepts))
    if unknown:
        raise RuleError(f"Error: concepts.yaml layers name concepts that are not defined: {', '.join(unknown)}")
    act, neg, cond, fz = raw["actors"], raw["negation"], raw["conditions"], raw["fuzzy"]
    return Vocabulary(
        concepts=concepts,
        layers=layers,
        sentence_vetoes=_labels(raw["concepts"], "sentence_vetoes", "concepts.yaml"),
        subject_vetoes=_labels(raw["concepts"], "subject_vetoes", "concepts.yaml"),
        forward_vetoes=_labels(raw["concepts"], "forward_vetoes", "concepts.yaml"),
        applied_law_vetoes=_labels(raw["concepts"], "applied_law_vetoes", "concepts.yaml"),
        conditioned_vetoes=_labels(raw["concepts"], "conditioned_vetoes", "concepts.yaml"),
        timed_vetoes=_labels(raw["concepts"], "timed_vetoes", "concepts.yaml"),
        timed_after=_labels(raw["concepts"], "timed_after", "concepts.yaml"),
        settling=_labels(raw["concepts"], "settling", "concepts.yaml"),
        settling_words=frozenset(_strings(raw["concepts"].get("settling_words", []), "concepts.yaml settling_words")),
        settled_loans=frozenset(_strings(raw["concepts"].get("settled_loans", []), "concepts.yaml settled_loans")),
        prospective_vetoes=_labels(raw["concepts"], "prospective_vetoes", "concepts.yaml"),
        joint_vetoes=_labels(raw["concepts"], "joint_vetoes", "concepts.yaml"),
        label_vetoes=_labels(raw["concepts"], "label_vetoes", "concepts.yaml"),
        releasing=_labels(neg, "releasing", "negation.yaml"),
        applied_law_leads=_phrase_list(raw["concepts"], "applied_law_leads", "concepts.yaml"),
        actors={
            "lender": _strings(act["lender"], "actors.yaml lender"),
            "borrower": _strings(act["borrower"], "actors.yaml borrower"),
            "third_party": _strings(act["third_party"], "actors.yaml third_party"),
            "we": _strings(act["ambiguous_we"], "actors.yaml ambiguous_we"),
        },
        borrower_voice=frozenset(_strings(act["borrower_voice"], "actors.yaml borrower_voice")),
        initial_line_reach=int(act.get("initial_line_reach", 0)),
        joint_voice=_phrase_list(act, "joint_voice", "actors.yaml"),
        name_endings=frozenset(_strings(act.get("name_endings", []), "actors.yaml name_endings")),
        defined_party_words=frozenset(_strings(act.get("defined_party_words", []), "actors.yaml defined_party_words")),
        defined_party_aliases=frozenset(
            _strings(act.get("defined_party_aliases", []), "actors.yaml defined_party_aliases")
        ),
        name_objects=_labels(act, "name_objects", "actors.yaml"),
        trade_name_words=frozenset(_strings(act.get("trade_name_words", []), "actors.yaml trade_name_words")),
        trade_name_stops=frozenset(_strings(act.get("trade_name_stops", []), "actors.yaml trade_name_stops")),
        trade_name_verbs=frozenset(_strings(act.get("trade_name_verbs", []), "actors.yaml trade_name_verbs")),
        self_pronouns=frozenset(_strings(act.get("self_pronouns", []), "actors.yaml self_pronouns")),
        self_possessives=frozenset(_strings(act.get("self_possessives", []), "actors.yaml self_possessives")),
        creditor_voice=tuple(
            form for term in _phrase_list(act, "creditor_voice", "actors.yaml") for form in alternatives(term)
        ),
        debtor_voice=tuple(
            form for term in _phrase_list(act, "debtor_voice", "actors.yaml") for form in alternatives(term)
        ),
        debtor_verbs=frozenset(_strings(act.get("debtor_verbs", []), "actors.yaml debtor_verbs")),
        recipient_verbs=frozenset(_strings(act.get("recipient_verbs", []), "actors.yaml recipient_verbs")),
        mutual_objects=_strings(act.get("mutual_objects", []), "actors.yaml mutual_objects"),
        directing_verbs=frozenset(_strings(act.get("directing_verbs", []), "actors.yaml directing_verbs")),
        neg_preceding=_cues(neg["preceding"], "negation.yaml preceding"),
        neg_following=_cues(neg["following"], "negation.yaml following"),
        neg_pseudo=_strings(neg["pseudo"], "negation.yaml pseudo"),
        termination=_strings(neg["termination"], "negation.yaml termination"),
        transparent=frozenset(_strings(neg["transparent"], "negation.yaml transparent")),
        verb_concepts=_labels(neg, "verb_concepts", "negation.yaml"),
        transparent_concepts=_labels(neg, "transparent_concepts", "negation.yaml"),
        noun_cues=frozenset(_strings(neg.get("noun_cues", []), "negation.yaml noun_cues")),
        subject_cues=frozenset(_strings(neg.get("subject_cues", []), "negation.yaml subject_cues")),
        infinitive_nouns=frozenset(_strings(neg.get("infinitive_nouns", []), "negation.yaml infinitive_nouns")),
        noun_cue_only=_labels(neg, "noun_cue_only", "negation.yaml"),
        verb_cues=frozenset(_strings(neg.get("verb_cues", []), "negation.yaml verb_cues")),
        correlative=frozenset(_strings(neg.get("correlative", []), "negation.yaml correlative")),
        absorbing=_labels(neg, "absorbing", "negation.yaml"),
        keeping_when_negated=_labels(neg, "keeping_when_negated", "negation.yaml"),
        states_after_and=_labels(neg, "states_after_and", "negation.yaml"),
        renouncing=_labels(neg, "renouncing", "negation.yaml"),
        cond_markers=_strings(cond["markers"], "conditions.yaml markers"),
        cond_adverse=_strings(cond["adverse"], "conditions.yaml adverse"),
        cond_strong=_strings(cond.get("strong", []), "conditions.yaml strong"),
        cond_pending=frozenset(_strings(cond.get("pending", []), "conditions.yaml pending")),
        cond_limits=frozenset(_strings(cond.get("limits", []), "conditions.yaml limits")),
        cond_consideration=frozenset(_strings(cond.get("consideration", []), "conditions.yaml consideration")),
        cond_from_sale=_strings(cond.get("from_sale", []), "conditions.yaml from_sale"),
        cond_takers=frozenset(_strings(cond.get("takers", []), "conditions.yaml takers")),
        taker_reach=int(cond.get("taker_reach", 6)),
        whole_shortfall=_strings(cond.get("whole_shortfall", []), "conditions.yaml whole_shortfall"),
        partial_reach=int(cond.get("partial_reach", 10)),
        shortfall_parts=frozenset(_strings(cond.get("shortfall_parts", []), "conditions.yaml shortfall_parts")),
        cond_received=frozenset(_strings(cond.get("received", []), "conditions.yaml received")),
        cond_bare=frozenset(_strings(cond.get("bare", []), "conditions.yaml bare")),
        lemma_forms={str(k).lower(): str(v).lower() for k, v in raw["lemmas"]["forms"].items()},
        fuzzy_min_length=int(fz["min_length"]),
        fuzzy_two_edits_from=int(fz["two_edits_from"]),
        fuzzy_penalty=float(fz["confidence_penalty"]),
        never_correct=frozenset(_strings(fz["never_correct"], "fuzzy.yaml never_correct")),
        forms=FormWords.from_raw(read_optional(directory, "forms")),
    )


YEAR = r"(?:19|20)\d\d"


def phrase_alternation(words: Sequence[str]) -> str:
    """Longest first, each word's spaces as any whitespace, "<year>" any year from 1900 to 2099 ("closed in
    <year>"); never empty (matches nothing)."""
    parts = [
        r"\s+".join(YEAR if p == "<year>" else re.escape(p) for p in w.split())
        for w in sorted(set(words), key=len, reverse=True)
        if w
    ]
    return "|".join(parts) or r"(?!x)x"


def phrase_regex(words: Sequence[str], word_chars: str = r"\w'") -> re.Pattern[str]:
    """Whole-phrase, case-insensitive match of any of the phrases; ``word_chars`` may not touch either end."""
    return re.compile(rf"(?<![{word_chars}])(?:{phrase_alternation(words)})(?![{word_chars}])", re.IGNORECASE)
