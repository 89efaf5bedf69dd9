"""Match stage: sentences -> findings, by the rules in ``patterns/rules``.

For every sentence, each rule whose trigger concept occurs is checked (actor,
passive, object, negation, nearby concepts, condition, vetoes).  Passing
triggers become hits; ``patterns/precedence.yaml`` settles two categories
firing on the same clause; what is left becomes one finding per category.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import clause as cl
from . import yamlio
from .errors import RuleError
from .form import (
    FormWords,
    definition_label_end,
    empty_field,
    is_question,
    is_unticked_option,
    subject_line,
    unanswered_choice,
    unticked_continuations,
)
from .loans import LoanWords
from .model import Check, Finding, Sentence
from .nlp import Analysis, Analyzer, Mention
from .parties import lender_aliases, with_aliases
from .role import RoleWords
from .rules import CategoryText, Rule, load_categories, load_rules
from .screen import Screen
from .statement import (
    advice,
    defined_term,
    definition_verb_at,
    disbursement_item,
    generic_statement,
    pointer,
    quoted_spans,
    record_item,
    reported_question,
    requirement_item,
)
from .vocab import default_patterns_dir

DEDUCTIONS = ("DEDUCTION",)  # the context that makes a releasing word a subtraction, as the release rules veto it

SIDES_OK = {
    "any": {"lender", "borrower", "third_party", "unknown"},
    "lender": {"lender", "unknown"},
    "borrower": {"borrower"},
    "not_borrower": {"lender", "third_party", "unknown"},
    "not_lender": {"borrower", "third_party", "unknown"},
    "borrower_or_unknown": {"borrower", "unknown"},
}


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    category: str
    cited: tuple[Mention, ...]
    checks: tuple[Check, ...]
    confidence: float
    clause: int


@dataclass(frozen=True, slots=True)
class Trace:
    """Why a rule did or did not fire on a sentence (explain mode)."""

    rule: str
    outcome: str  # match | rejected | no trigger
    reason: str
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Precedence:
    winner: str
    loser: str
    scope: str  # clause | sentence | document
    loser_limited: bool = False  # only when the loser's condition denies whom it binds (conditions.yaml limits)
    loser_received: bool = False  # only when the loser's paper is one the condition receives (conditions.yaml received)
    loser_subject: bool = False  # only when the loser's trigger is the subject the winner's words speak of
    loser_describes: bool = False  # only when the loser's trigger describes the winner's paper ("a cognovit note")
    loser_conceded: bool = False  # only when the loser's trigger stands in a concession ("even though ... waived")
    loser_unnamed: bool = False  # only when the loser's release names nothing released ("our release will be signed")


class Rejected(Exception):
    pass


def _qualifier(lowers: Sequence[str], end: int) -> set[int]:
    """The words of a short parenthesis ending a glossary label, "Warrant of attorney (Pa.)",
    "Satisfaction piece (N.Y.)": the state or source the term belongs to, not a word of it."""
    closed = lowers[end - 1] == ")" or (end < len(lowers) and lowers[end].startswith(")"))
    opening = next((k for k in range(end - 1, max(end - 4, 1) - 1, -1) if lowers[k] == "("), None)
    return set() if not closed or opening is None else set(range(opening + 1, end))


class Matcher:
    def __init__(self, patterns_dir: Path | None = None, extra_rule_dirs: Sequence[Path] = ()) -> None:
        self.patterns_dir = patterns_dir or default_patterns_dir()
        self.analyzer = Analyzer(self.patterns_dir)
        self.vocab = self.analyzer.vocab
        rules = {r.id: r for r in load_rules(self.patterns_dir)}
        for directory in extra_rule_dirs:
            rules.update({r.id: r for r in load_rules(directory)})
        self.rules = list(rules.values())
        self.by_trigger: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for concept in rule.match.trigger:
                self.by_trigger.setdefault(concept, []).append(rule)
        self.precedence = load_precedence(self.patterns_dir)
        self.categories = load_categories(self.patterns_dir)
        self.loan_words = LoanWords.load(self.patterns_dir)
        self.role_words = RoleWords.load(self.patterns_dir)
        self.calibration = load_calibration(self.patterns_dir)
        self.screen = Screen.load(self.patterns_dir)

    # -- one sentence ---------------------------------------------------
    def hits(
        self, a: Analysis, we_side: str = "lender", only: Rule | None = None, lender_i: bool = False
    ) -> list[Hit]:
        candidates = self._candidates(a, only)  # most sentences with a concept trigger no rule at all
        if not candidates or self._unstated(a) is not None:
            return []
        a = self._creditor_speaking(a, lender_i)
        we_side = "borrower" if cl.we_owe(a, self.vocab) else we_side
        found = []
        for rule in candidates:
            try:
                found.append(self._apply(rule, a, we_side, None))
            except Rejected:
                continue
        return self._settle(found, a)

    def explain(self, a: Analysis, we_side: str = "lender", lender_i: bool = False) -> list[Trace]:
        a = self._creditor_speaking(a, lender_i)
        we_side = "borrower" if cl.we_owe(a, self.vocab) else we_side
        unstated = self._unstated(a)
        traces = []
        for rule in self.rules:
            try:
                hit = self._apply(rule, a, we_side, unstated)
                traces.append(Trace(rule.id, "match", _summary(hit.checks), hit.category))
            except Rejected as exc:
                reason = str(exc)
                traces.append(Trace(rule.id, "no trigger" if reason == "no trigger" else "rejected", reason))
        return traces

    def _candidates(self, a: Analysis, only: Rule | None) -> list[Rule]:
        if only is not None:
            return [only]
        seen: dict[str, Rule] = {}
        for m in a.concepts:
            for rule in self.by_trigger.get(m.label, ()):
                seen.setdefault(rule.id, rule)
        return list(seen.values())

    def _unstated(self, a: Analysis) -> str | None:
        """Why the sentence states nothing whatever rule reads it, once per sentence; else None."""
        boxed = a.form is not None and a.form.boxes  # "Is a promissory note required? [X] Yes [ ] No": answered
        if not boxed and is_question(a.text, a.lowers, self.vocab.forms):
            return "a question, not a statement"  # "Will I owe the rest of the loan?"
        if reported_question(a.lowers, self.vocab.forms):
            return "a question someone asked, reported, not answered"  # "The agent asked if we sign a note"
        form = a.form
        if form is not None and form.negative is not None and any(
            form.label_start <= c.start and c.end <= form.label_end for c in a.of_kind("NP")
        ):
            return "a row that answers no to a denial"  # "Reservation or 'not a release' language: none"
        if subject_line(a.text, self.vocab.forms):
            return "an e-mail's subject line, naming a topic"  # "RE: Loan ending 8851 - waiver amount"
        if is_unticked_option(a.text, self.vocab.forms):
            return "an option the form left unticked"  # "[ ] Release of lien only: ..."
        if unanswered_choice(a.text, self.vocab.forms):
            return "a choice left unanswered"  # "Deficiency waived? ___ Yes ___ No"
        if generic_statement(a.text, self.vocab.forms):
            return "a general statement about the law or lenders, not about this loan"
        if advice(a.text, self.vocab.forms):
            return "advice to the reader, not a term"  # "Ask the servicer whether ...", "Refuse any paper ..."
        if pointer(a.text, self.vocab.forms):
            return "a pointer to terms set out elsewhere, not the terms"  # "The terms ... are set out in Addendum A"
        if quoted_spans(a.text, self.vocab.forms):
            return "wording quoted as an example, not a statement"  # "watch for phrases such as 'we reserve ...'"
        if record_item(a.text, self.vocab.forms):
            return "a recorded paper listed with its recording data, not a release by anyone"
        if disbursement_item(a.text, self.vocab.forms):
            return "money paid to a lien holder for its release, not a release"
        if requirement_item(a.text, self.vocab.forms):
            return "a title requirement (a paper the closing still needs), not a statement"
        if self._bare_term(a, len(a.lowers)):
            return "a term named, nothing said of it"  # a glossary entry "Cognovit or confession of judgment."
        if defined_term(a.text, self.vocab.forms):
            return "a contract's definition of a term, binding no one"  # '"Unpaid Balance" means ...'
        verb_at = definition_verb_at(a.lowers, self.vocab.forms)
        if verb_at is not None and self._bare_term(a, verb_at, verbs=True):
            return "a definition of a term"  # "Confession of judgment means a written consent ..."
        label_end = definition_label_end(a.text, self.vocab.forms)
        if label_end is not None:
            end = sum(1 for _, e in a.char_spans if e <= label_end)
            # "Shortfall note: the Borrowers sign ..." is a term of this deal, not a definition
            party = any(
                m.label != "third_party"
                and end < m.start <= end + 4
                and a.lowers[m.start - 1] not in {"a", "an"}
                and not (m.end < len(a.lowers) and a.lowers[m.end] == "'s")  # "the lender's agreement not to ..."
                and not (m.end < len(a.lowers) and a.lowers[m.end] in {"that", "which", "who"})  # "the company that"
                for m in a.actors
            )  # "a lender" is anyone's lender
            assent = any(m.label == "ACK" and m.end <= end for m in a.concepts)  # "Acknowledged and agreed: ..."
            if not party and not assent and not cl.states_act(a, end) and self._bare_term(a, end, verbs=True):
                return "a glossary entry defining a term"  # "Warrant of attorney: the part of a judgment note ..."
        return empty_field(a.text, self.vocab.forms)  # "Name of attorney: ____", "Waiver: see page 2"

    def _own_voice(self, a: Analysis, we_side: str) -> bool:
        """Is the sentence in the borrower's own voice: "I", "the undersigned", or "we" who
        acknowledge where "we" are the borrowers ("We understand that we will be responsible")?"""
        if a.borrower_voice or cl.joint_voice_end(a, self.vocab) > 0:
            return True
        acknowledging = {c.start for c in a.concepts if c.label == "ACK"}
        if we_side == "borrower" and any(m.label == "we" and m.end in acknowledging for m in a.actors):
            return True
        owing = {c.end for c in a.concepts if c.label in OWING_STATES}
        if we_side == "borrower" and cl.we_after_owing(a, owing):  # "The shortfall stays due from us": the debtors
            return True
        owed_by = {c.start for c in a.concepts if c.label == "OWE"}
        stated = any(  # "a just debt", "still": it is said to be owed, not named ("the amount we owe will be paid")
            c.label in {"OWED_STATUS", "REMAIN"} or (c.label == "OWE" and a.lowers[c.start] == "still")
            for c in a.concepts
        )
        if stated and we_side == "borrower" and any(  # "a just debt that we owe to the Bank", "we will still owe":
            m.label == "we" and bool(_verb_starts(a, m.end) & owed_by)  # the borrowers say so
            for m in a.actors
        ):
            return True
        return any(self._says_of_self(a, c, we_side) for c in a.concepts if c.label == "ACK")

    def _says_of_self(self, a: Analysis, ack: Mention, we_side: str) -> bool:
        """"Ms. Trevino agrees that she will remain responsible", "... that the balance remains her debt": the
        one who acknowledges speaks of herself, unless the lender or an outsider is the one acknowledging
        ("the servicer confirms that he ...")."""
        k = ack.end
        if k + 1 >= len(a.lowers) or a.lowers[k] != "that":
            return False
        if a.lowers[k + 1] not in self.vocab.self_pronouns and not any(  # "... that the balance remains her debt"
            c.label in OWNED_DEBTS and a.lowers[c.start - 1] in self.vocab.self_possessives
            for c in a.concepts
            if k + 1 < c.start and a.clause_of[c.start] == a.clause_of[k]
        ):
            return False
        doer = cl.actor_before(a, ack, we_side)
        return doer.value in {"unknown", "borrower"}

    def _creditor_speaking(self, a: Analysis, lender_i: bool = False) -> Analysis:
        """A private lender writing in the first person ("I forgive the rest of what you owe", "you do not owe
        me another dime", "I'll sign the release of my mortgage"): its "I", "me" and "my" are the lender's, not
        the borrower's, wherever one of actors.yaml's creditor_voice phrases says who is owed, in the sentence
        or (``lender_i``, see ``first_person``) elsewhere in a document whose "I" never speaks as the debtor."""
        speaker = [m for m in a.actors if m.label == "borrower" and a.lowers[m.start] in FIRST_PERSON]
        if not speaker or not self.vocab.creditor_voice:
            return a
        if not lender_i and not _says(a, self.vocab.creditor_voice):
            return a
        relabel = {id(m) for m in speaker}
        actors = tuple(dataclasses.replace(m, label="lender") if id(m) in relabel else m for m in a.actors)
        return dataclasses.replace(a, actors=actors, borrower_voice=False)

    def voice_of(self, analyses: Iterable[Analysis]) -> Voice:
        """Who "we" and "I" are in a document, read from all its sentences (``match_sentences`` does the same as
        it goes, keeping only the sentences it matches)."""
        voice = Voice()
        for a in analyses:
            voice.add_counts(*Voice.counts(a, self.vocab.debtor_verbs), *self.first_person(a))
        return voice

    def first_person(self, a: Analysis) -> tuple[bool, bool]:
        """Does a sentence's "I" speak as the one owed (actors.yaml creditor_voice: "you do not owe me
        another dime") or as the one who owes (debtor_voice: "I still owe", "release me")? A document with the
        first and none of the second is a private lender's own: its "I" is the lender in every sentence."""
        if not any(w in FIRST_PERSON for w in a.lowers):
            return False, False
        return _says(a, self.vocab.creditor_voice), _says(a, self.vocab.debtor_voice)

    def _bare_term(self, a: Analysis, end: int, verbs: bool = False) -> bool:
        """Are the first ``end`` tokens a short run of concept words and the words that join them
        ("or", "of"), with no verb among them (``verbs``: a glossary label may name one, "Release of
        lien: a recorded paper ...")? Such a line (or label) names a term, it states nothing."""
        forms = self.vocab.forms
        if end <= 0 or not forms.term_glue:
            return False
        if sum(1 for w in a.lowers[:end] if w not in forms.term_glue) > forms.max_label_words:
            return False  # the label's own words; glue ("(also called a ...)") does not count
        if end == len(a.lowers) and a.form is not None:
            return False
        inside = [m for m in a.concepts if m.end <= end]
        # a glossary label may name a party: "Servicer: the company that collects payments ..."
        named = [m for m in a.actors if m.end <= end and m.label in {"lender", "third_party"}] if verbs else []
        if not (inside or named) or (not verbs and any(m.label in self.vocab.layers["predicate"] for m in inside)):
            return False
        covered = {i for m in inside for i in range(m.start, m.end)}
        if verbs:  # a glossary label may name an outsider's paper: "Trustee's reconveyance: the ..."
            covered.update(i for m in named for i in range(m.start, m.end))
            covered.update(_qualifier(a.lowers, end))  # "Release of lien (TX): a recorded ..."
        return all(i in covered or a.lowers[i] in forms.term_glue for i in range(end))

    def _apply(self, rule: Rule, a: Analysis, we_side: str, unstated: str | None) -> Hit:
        spec = rule.match
        triggers = [m for m in a.concepts if m.label in spec.trigger]
        if not triggers:
            raise Rejected("no trigger")
        if unstated is not None:
            raise Rejected(unstated)
        if len(a.lowers) < spec.min_tokens and a.form is None:
            raise Rejected(f"too short to be a clause ({len(a.lowers)} words)")
        reasons = []
        for t in triggers:
            try:
                return self._check_trigger(rule, a, t, we_side)
            except Rejected as exc:
                reasons.append(f"{a.words(t.start, t.end)!r}: {exc}")
        raise Rejected("; ".join(reasons))

    def _general_head(self, a: Analysis) -> int:
        """Where a general statement before the sentence's first ";" ends (0 when there is none): "Under Freddie
        Mac's Standard Short Sale, a servicer may require a cash contribution or a promissory note ...; the decision
        in your file is shown below" speaks of servicers in general up to the ";", of this loan after it."""
        if ";" not in a.lowers:
            return 0
        k = a.lowers.index(";")
        return k if generic_statement(a.text[: a.char_spans[k][0]], self.vocab.forms) else 0

    def _check_trigger(self, rule: Rule, a: Analysis, t: Mention, we_side: str) -> Hit:
        spec, vocab = rule.match, self.vocab
        if t.end <= cl.per_sentence(a, "general head", self._general_head):
            raise Rejected("a general statement about the law or lenders (before the ';'), not about this loan")
        if a.form is not None and t.start < a.form.stated_from:
            raise Rejected("in a form row left unanswered")  # "Note term (if any): -- Waiver: No"
        checks: list[Check] = []
        cited = [t]
        veto = cl.veto(a, t, spec.exclude, vocab, spec.exclude_in_phrase)
        if veto is not None:
            raise Rejected(f"distractor context {veto.label} ({a.words(veto.start, veto.end)!r})")
        if cl.is_attributive(a, t):
            raise Rejected("used as an adjective")
        if rule.category in GIVING_CATEGORIES and a.lowers[t.end - 1] in vocab.forms.kind_plurals:
            raise Rejected(f"{a.lowers[t.end - 1]!r}: papers of a kind talked about, not one given")
        if rule.category in GIVING_CATEGORIES and cl.pending(a, t, vocab):  # "... unless VA agrees to waive it"
            raise Rejected(f"a release still to come ({cl.inside_condition(a, t).words!r} ...), not one given")
        if rule.category in FIGURE_CATEGORIES and _figure_row(a, t):
            raise Rejected("a statement's row giving a figure, not a claim kept")  # "Balance owing: $27,604.33"
        if rule.category == "deficiency_reserved" and (other := cl.claim_against_other(a, t)) is not None:
            raise Rejected(f"a claim kept against someone else ({a.words(other.start, other.end)!r} against ...)")
        if spec.released == "no" and (freed := cl.released_by(a, t, vocab)) is not None:
            raise Rejected(f"released by {a.words(freed.start, freed.end)!r}, not signed or owed")
        if spec.negated == "no" and cl.describes_governed_debt(a, t, vocab):  # "released from all sums due"
            raise Rejected("describes the debt before it, which a preposition or a releasing verb governs")
        neg = cl.negation(a, t, vocab)
        if (spec.negated == "yes") != (neg.value == "negated") and spec.negated != "any":
            raise Rejected(f"{neg.value}" + (f" by {neg.words!r}" if neg.words else ""))
        if (
            spec.form_answer == "no"
            and neg.value == "negated"
            and neg.mention is not None
            and neg.mention.label == cl.FORM_ANSWER
        ):
            raise Rejected(f"negated only by a form's answer ({neg.words!r})")
        checks.append(Check("negation", neg.value, neg.words))
        if spec.inside_condition in ("strong", "strong_opening"):
            strong = cl.inside_condition(a, t, vocab, kind="CS")  # "conditioned on that bank's release of you"
            if strong.value == "inside":
                raise Rejected(f"trigger is what a strong condition asks for ({strong.words!r})")
        if spec.inside_condition in ("strong_opening", "opening"):  # "If the bank writes back that it is forgiven,"
            inside = cl.inside_condition(a, t, vocab)
            if inside.value == "inside" and inside.mention is not None and cl.opens_sentence(a, inside.mention):
                raise Rejected(f"trigger inside the condition that opens the sentence ({inside.words!r})")
        elif spec.inside_condition not in ("any", "strong"):
            inside = cl.inside_condition(a, t, vocab)
            if (spec.inside_condition == "yes") != (inside.value == "inside"):
                raise Rejected(f"trigger {inside.value} a condition" + (f" ({inside.words!r})" if inside.words else ""))
        if spec.voice != "any" and (spec.voice == "borrower") != (own := self._own_voice(a, we_side)):
            raise Rejected("borrower's voice" if own else "not in the borrower's voice")
        own_passive = rule.category in GIVING_CATEGORIES and (  # "will not be asked to pay", "will not get a bill for"
            cl.passive_phrase(a, t) or (t.end - t.start > 1 and a.lowers[t.start] in vocab.recipient_verbs)
        )
        passive = own_passive or cl.is_passive(a, t)
        subject = cl.actor_before(a, t, we_side)
        if t.label == "OWE" and cl.owed_passive(a, t):  # "nothing is owed by either of you": the debtor follows
            subject = cl.agent_after(a, t, we_side, cl.DEBTOR_PREPS)
        if t.label in vocab.releasing and cl.receives(a, subject, t, vocab.recipient_verbs):
            subject = cl.Decision("unknown")  # "Borrower will receive a satisfaction": given, not giving
        if t.label in vocab.releasing:
            subject = cl.mutual_giver(a, subject, t, we_side, vocab.mutual_objects)
            if cl.directed(a, subject, t, vocab.directing_verbs):
                subject = cl.Decision("unknown")  # "You are authorized and requested to enter satisfaction"
        agent = cl.agent_after(a, t, we_side) if passive or subject.value == "unknown" else subject
        if agent.value != "borrower" and t.label == "ACK" and t.start < cl.joint_voice_end(a, self.vocab):
            agent = cl.Decision("borrower", "all who sign")  # "It is acknowledged and agreed that ..."
        if agent.value == "unknown" and t.label == "ACK" and self._says_of_self(a, t, we_side):
            agent = cl.Decision("borrower", "who speaks of self")  # "Mrs. Ruiz admits that she ...", "... her debt"
        if agent.value not in SIDES_OK[spec.actor]:
            raise Rejected(f"actor is {agent.value} ({agent.words!r}), rule wants {spec.actor}")
        if spec.stative == "no" and passive and agent.value == "unknown" and cl.stative_passive(a, t):
            raise Rejected(f"a state, not a promise ({a.words(t.start, t.end)!r} with no agent and no modal)")
        if passive:  # what is acted on: the subject, unless an object stands between them
            acted = cl.actor_before(a, t, we_side, subject_only=True)
            near_subject = acted.mention is not None and not any(
                m.label in self.vocab.layers["object"] and acted.mention.end <= m.start and m.end <= t.start
                for m in a.concepts
            )
            patient = acted if near_subject else cl.Decision("unknown")
        else:
            patient = cl.patient_after(a, t, we_side, self.vocab.layers["object"])
        if patient.value not in SIDES_OK[spec.passive] and patient.value != "unknown":
            raise Rejected(f"acts on {patient.value} ({patient.words!r}), rule wants {spec.passive}")
        effect = -0.05 if agent.value == "unknown" and spec.actor == "lender" else 0.0
        checks.append(Check("actor", agent.value + (" (passive)" if passive else ""), agent.words, effect))
        if spec.object:
            obj = cl.object_of(a, t, vocab, spec.object_window, passive and not own_passive, frozenset(spec.object))
            if obj.value == "none" and own_passive and patient.value == "borrower" and "LIABILITY" in spec.object:
                obj = cl.Decision("LIABILITY", patient.words, patient.mention)  # "the members will not be asked to pay"
            if obj.value not in spec.object and not (obj.value == "none" and "none" in spec.object):
                raise Rejected(f"acts on {obj.value} ({obj.words!r}), rule wants {'/'.join(spec.object)}")
            checks.append(Check("object", obj.value, obj.words))
            cited.append(obj.mention) if obj.mention else None
        stative = (lambda m: cl.is_passive(a, m) and cl.stative_passive(a, m)) if spec.stative == "no" else None
        for group in spec.near:
            m = cl.near(a, t, group, spec.window, vocab, skip=stative)
            if m is None:
                raise Rejected(f"no {'/'.join(group)} (not negated) within {spec.window} words")
            cited.append(m)
        if spec.exclude_near:
            veto = cl.near(
                a,
                t,
                spec.exclude_near,
                spec.window,
                vocab,
                given_only=True,
                # a release conceded in passing ("..., even though the bank waived its own") vetoes nothing
                skip=lambda m: self._no_release(a, m, we_side) or (not cl.conceded(a, t) and cl.conceded(a, m)),
                asides=False,  # a veto inside an aside about the subject still counts
            )
            if veto is not None:
                raise Rejected(f"{veto.label} nearby ({a.words(veto.start, veto.end)!r})")
        category, cond_check = self._category(rule, a, t)
        checks.append(cond_check)
        fuzzy = sum(1 for m in cited if m.fuzzy)
        if fuzzy:
            checks.append(
                Check("fuzzy", f"{fuzzy} word(s) read despite OCR-like noise", "", -vocab.fuzzy_penalty * fuzzy)
            )
        confidence = self.base_confidence(rule) + sum(c.effect for c in checks)
        return Hit(
            rule,
            category,
            tuple(cited),
            tuple(checks),
            max(0.05, min(0.99, confidence)),
            a.clause_of[t.start],
        )

    def base_confidence(self, rule: Rule) -> float:
        """The rule's precision measured on the corpus (patterns/calibration.yaml), blended with
        the author's estimate while the rule has fewer than 10 measured findings."""
        measured = self.calibration.get(rule.id)
        if measured is None:
            return rule.confidence
        n, precision = measured
        weight = min(n, 10) / 10
        return weight * precision + (1 - weight) * rule.confidence

    def _category(self, rule: Rule, a: Analysis, t: Mention) -> tuple[str, Check]:
        spec = rule.match
        cond = cl.condition(a, t, self.vocab, spec.window)
        check = Check("condition", cond.value, cond.words)
        if spec.conditional == "yes" and cond.value == "none":
            raise Rejected("no condition found")
        if spec.conditional == "no" and cond.value != "none":
            raise Rejected(f"{cond.value} ({cond.words!r})")
        chosen = {"conditional": spec.when_conditional, "partial": spec.when_partial}.get(cond.value)
        if chosen == "drop":
            raise Rejected(f"{cond.value} ({cond.words!r})")
        return (chosen or rule.category), check

    def _settle(self, hits: list[Hit], a: Analysis) -> list[Hit]:
        """Precedence first, over every hit (any of a winner's hits in a clause beats a loser
        there, whichever rule is the most confident), then the most confident hit per category."""
        kept = list(hits)
        for p in self.precedence:
            winners = [h for h in kept if h.category == p.winner]
            kept = [
                h
                for h in kept
                if not (
                    h.category == p.loser
                    and (not p.loser_limited or self._limited(h))
                    and (not p.loser_received or any(cl.received_paper(a, m, self.vocab) for m in h.cited))
                    and (not p.loser_conceded or cl.conceded(a, h.cited[0]))
                    and (not p.loser_unnamed or _names_nothing(h))
                    and any(
                        (p.scope in ("sentence", "document") or w.clause == h.clause)
                        and (not p.loser_subject or _spoken_of(a, h, w))
                        and (not p.loser_describes or _describes_paper(a, h, w, self.vocab.forms))
                        for w in winners
                    )
                )
            ]
        best: dict[str, Hit] = {}
        for hit in sorted(kept, key=lambda h: -h.confidence):
            best.setdefault(hit.category, hit)
        return list(best.values())

    def _no_release(self, a: Analysis, m: Mention, we_side: str) -> bool:
        """A releasing word that releases nothing of the borrower's debt: the borrower's own waiver
        ("(b) waives any anti-deficiency defense") or a discharge of the lien ("although the Lender
        has agreed to discharge the Mortgage of record"). It does not veto a nearby adverse reading."""
        if m.label not in self.vocab.releasing:
            return False
        if cl.veto(a, m, DEDUCTIONS, self.vocab) is not None:
            return True  # "the balance, less any part the Bank may later agree to forgive, remains payable"
        if cl.is_passive(a, m):
            return False
        if cl.actor_before(a, m, we_side).value == "borrower":
            return True
        return cl.object_of(a, m, self.vocab, 10).value == "LIEN"

    def _limited(self, hit: Hit) -> bool:
        """Is the hit conditional only because its release does not bind someone ("does not bind")?"""
        return any(c.name == "condition" and c.detail.lower() in self.vocab.cond_limits for c in hit.checks)

    # -- a document -----------------------------------------------------
    def match_sentences(self, sentences: Sequence[Sentence]) -> list[Finding]:
        voice = Voice()
        kept = []  # only sentences with a concept can match: the others' analyses are dropped at once
        # A sentence that recurs (a letter's boilerplate, a form's repeated rows) is analysed and
        # matched once: both depend on its text alone (and on the document's "we" and "I").
        seen: dict[str, tuple[Analysis | None, int, int, bool, bool]] = {}
        unticked = unticked_continuations(sentences, self.vocab.forms)
        for k, sentence in enumerate(sentences):
            known = seen.get(sentence.text)
            if known is None:
                a = self.analyzer.analyze(sentence.text)
                keep = bool(a.concepts) and not is_heading(sentence.text, a, self.vocab.forms.status_values)
                counts = Voice.counts(a, self.vocab.debtor_verbs)
                known = seen[sentence.text] = (a if keep else None, *counts, *self.first_person(a))
            analysis, you, mine, owed, owing = known
            voice.add_counts(you, mine, owed, owing)
            if analysis is not None and k not in unticked:  # the rest of an option the form left unticked
                kept.append((sentence, analysis))
        we_side, lender_i = voice.side(), voice.lender_i()
        aliases = lender_aliases((s.text for s in sentences), self.vocab)  # 'Fund III, LLC ("the Owner")'
        findings = []
        matched: dict[str, list[Hit]] = {}
        for sentence, a in kept:
            found = matched.get(sentence.text)
            if found is None:
                found = matched[sentence.text] = self.hits(with_aliases(a, aliases), we_side, lender_i=lender_i)
            for hit in found:
                findings.append(to_finding(sentence, a, hit, self.categories))
        start, dropped = self._note_dropped_at(sentences, kept)
        findings = [
            f for f in findings if not (f.category in LOG_SUPERSEDED and start <= f.sentence_index < dropped)
        ]
        return self._settle_document(findings)

    def _note_dropped_at(
        self, sentences: Sequence[Sentence], kept: Sequence[tuple[Sentence, Analysis]]
    ) -> tuple[int, int]:
        """Where a dated log starts (its first of two or more entries "04/24 TFA: ...") and the last of its
        sentences that drops a note asked for earlier ("CU dropped the note demand", "Counter withdrawn", "agreed to
        $3,500 with no note"): a log's later entry supersedes what the earlier ones record as asked or countered.
        (-1, -1) when there is none."""
        dated = [s.index for s in sentences if _LOG_ENTRY.match(s.text)]
        if len(dated) < 2:
            return -1, -1
        last = -1
        for sentence, a in kept:
            if sentence.index <= dated[0]:
                continue
            notes = [m for m in a.concepts if m.label in {"NOTE", "NEW_NOTE", "REPAYMENT_PLAN"}]
            drops = self.vocab.forms.log_drop_words
            # "Counter withdrawn", "dropped the note demand", "Note requirement dropped"; "agreed to $3,500, no note"
            voided = any(
                m.label == "VOIDED"
                and (drops & set(a.lowers[m.start : m.end]) or any(n.end == m.start for n in notes))
                for m in a.concepts
            )
            if voided or (notes and any(cl.negation(a, m, self.vocab).value == "negated" for m in notes)):
                last = max(last, sentence.index)
        return dated[0], last

    def _settle_document(self, findings: list[Finding]) -> list[Finding]:
        """Precedence with scope ``document``: a release made conditional anywhere in a letter makes
        its unconditional-sounding sentences ("you will owe nothing further") part of that deal."""
        for p in self.precedence:
            if p.scope == "document" and any(f.category == p.winner for f in findings):
                findings = [f for f in findings if f.category != p.loser]
        return findings


def _spoken_of(a: Analysis, loser: Hit, winner: Hit) -> bool:
    """Is the loser's trigger only the subject the winner's words speak of ("This confession of
    judgment is for a debt justly due ...": the affidavit states the debt; it confesses nothing here)?"""
    t = loser.cited[0]
    if t.start == 0 or t.end >= len(a.lowers) or a.lowers[t.start - 1] not in SUBJECT_DEMONSTRATIVES:
        return False
    copula = tuple(a.lowers[t.end : t.end + 2]) in (("is", "for"), ("was", "for"))  # "is for a debt", not "is given"
    return copula and all(m.start > t.end for m in winner.cited)


SUBJECT_DEMONSTRATIVES = frozenset({"this", "the", "said", "such"})
OWING_STATES = frozenset({"OWE", "LIABLE"})
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine"})


def _says(a: Analysis, phrases: tuple[str, ...]) -> bool:
    """Does the sentence contain one of these phrases (lower-case words, space-joined)?"""
    text = " " + " ".join(a.lowers) + " "
    return any(f" {phrase} " in text for phrase in phrases)
OWNED_DEBTS = frozenset({"DEBT", "LIABILITY"})  # "her personal debt", "their obligation": a debt owned
GIVING_CATEGORIES = frozenset({"full_release", "conditional_release", "lien_release_only"})  # what a lender gives
FIGURE_CATEGORIES = frozenset({"deficiency_reserved", "debt_acknowledgment"})  # what a bare figure does not say


def _figure_row(a: Analysis, t: Mention) -> bool:
    """A form row whose label holds the trigger and whose whole value is a sum ("Balance owing: $27,604.33",
    "Balance we say you owe: $2,314.77"): a statement of account gives a figure; it keeps no claim."""
    form = a.form
    if form is None or not form.label_start <= t.start < form.separator:
        return False
    # "Residual Balance: Remains owed by Borrower(s) - $31,055.18" says who owes it; "Deficiency remaining due
    # after closing: $31,560.88" says what stays owed
    label = a.lowers[: form.separator]
    if ":" in label or any(w in {"after", "following", "post-closing", "survives", "survive"} for w in label):
        return False
    amounts = cl.amount_tokens(a)
    value = [i for i in range(form.separator + 1, len(a.lowers)) if a.lowers[i] not in {".", ",", ";"}]
    return bool(value) and all(i in amounts for i in value)


_LOG_ENTRY = re.compile(r"\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\b(?!\s*(?:%|percent))")  # a dated entry: "04/24 TFA: ..."
LOG_SUPERSEDED = frozenset({"deficiency_note"})  # what a later entry's "note dropped" takes back


def _verb_starts(a: Analysis, k: int) -> set[int]:
    """Where the verb after a subject ending at ``k`` may start, past modals and a "still" or "do"
    ("we owe", "we still owe", "we will still owe", "we do owe")."""
    while k < len(a.lowers) and a.lowers[k] in cl.MODALS:
        k += 1
    return {k, k + 1} if k < len(a.lowers) and a.lowers[k] in {"still", "do"} else {k}


def _names_nothing(hit: Hit) -> bool:
    """Did the hit's release name nothing it releases ("Our release will be signed only after ...", "The
    discharge will be sent only after ...")?"""
    return any(c.name == "object" and c.result == "none" for c in hit.checks)


def _describes_paper(a: Analysis, loser: Hit, winner: Hit, forms: FormWords) -> bool:
    """Does the loser's trigger only describe the paper the winner asks for ("sign the unsecured
    confessed-judgment note", "the Repayment Agreement, which contains a confession of judgment",
    "Repayment Agmt. (confessed judgment)", "cognovit form attached")? The sentence asks for the paper;
    the paper's own clauses are where the confession is made."""
    papers = [m for m in winner.cited if m.label in PAPERS]
    t = loser.cited[0]
    if not papers or t.start < min(m.start for m in papers) - 1:
        return False
    tail = a.lowers[t.end : t.end + 5]
    after = tail[:3]
    tied = any(w in SPEAKS_FOR_ITSELF and nxt in forms.paper_relations for w, nxt in zip(tail, tail[1:], strict=False))
    if any(w in SPEAKS_FOR_ITSELF for w in after) and not tied:  # "..., together with the affidavit of
        return False  # confession that secures it" is tied to the note; "... that would let the Bank" speaks
    before = set(a.lowers[max(0, t.start - 3) : t.start])
    named = any(m.label in PAPERS and m.start == t.end for m in a.concepts)  # "confessed-judgment note"
    return (
        named
        or tied
        or bool(set(after[:1]) & forms.paper_marks_after)
        or bool(before & forms.paper_marks_before)
    )


# words after a cognovit term that go on to say what it does: it speaks for itself, it describes no paper
SPEAKS_FOR_ITSELF = frozenset(
    {"that", "which", "who", "whereby", "under", "permitting", "allowing", "authorizing", "letting"}
)


PAPERS = frozenset({"NOTE", "NEW_NOTE", "REPAYMENT_PLAN", "THIS_NOTE"})


def is_heading(text: str, a: Analysis, status: frozenset[str] = frozenset()) -> bool:
    """A title line ("Approval of Short Sale and Waiver of Deficiency", "Section 7. Judgment by
    Confession."): short, no closing punctuation but a full stop, and every content word
    capitalised. Titles name documents; they are not clauses."""
    if a.form is not None and (a.form.negative is not None or a.form.boxes):
        return False  # an answered row: "Deficiency Waived:  [ ] Yes  [X] No"
    if a.form is not None and _states_status(a, a.form.separator, status):
        return False  # a term sheet's row: "Deficiency: Waived", "Debt Forgiven: 100%" (forms.yaml status_values)
    if text.rstrip().endswith(")"):  # "COLLECTION NOTES - MEMBER 100447 (printout)": a title and its note
        bare = _TRAILING_NOTE.sub("", text)
        if bare == text and not any(c.islower() for c in text):  # "RIDER - WARRANT OF ATTORNEY (PENNSYLVANIA)"
            bare = _TRAILING_CAPS.sub("", text)
        text = bare if bare and not any(c.islower() for c in bare) else text
    end = text.rstrip()[-1:]
    shouted = not any(c.islower() for c in text)  # "THIS IS NOT A RELEASE OF LIABILITY." is a sentence
    limit = 14 if end in {".", ","} else 18  # "Judgment Notes, Warrants of Attorney ...: What Sellers Should Know"
    if len(a.lowers) > limit or end in {";", ":", "!", "?", ")", '"'}:
        return False
    if end == "." and (len(a.lowers) > 8 or shouted):
        return False
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]
    if bool(words) and all(w[0].isupper() for w in words):
        return True
    return _sentence_case_title(text, a)


def _sentence_case_title(text: str, a: Analysis) -> bool:
    """A section title in sentence case, a noun and its "of"/"from" phrase on a line of its own ("Release of your
    promissory note", "Release from the remaining balance"): no verb, no figure, no closing punctuation."""
    lowers = a.lowers
    return (
        3 <= len(lowers) <= 7
        and text[:1].isupper()
        and text.rstrip()[-1:].isalpha()
        and lowers[1] in {"of", "from"}
        and not any(w in _VERB_WORDS or any(c.isdigit() for c in w) for w in lowers)
    )


_VERB_WORDS = cl.BE_FORMS | cl.MODALS | cl.AUXILIARIES


_TRAILING_NOTE = re.compile(r"\s*\((?=[^)]*[a-z])[\w' -]{1,25}\)\s*$")  # a note in lower case: "(printout)"
# a capitals title's place or kind, one or two words: "(PENNSYLVANIA)", "(NEW YORK)"; not a pointer "(SEE RIDER)"
_TRAILING_CAPS = re.compile(r"\s*\((?!SEE\b|PER\b|AS\b)[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*)?\)\s*$")


def _states_status(a: Analysis, separator: int, status: frozenset[str]) -> bool:
    """Does a form row's value open with a status ("Deficiency: Waived", "Shortfall Note: Required -
    $14,200"), or its label end with one ("Debt Forgiven: 100%")? Such a row states a term."""
    if a.of_kind("NP"):
        return False  # "ACCOUNT SETTLED IN FULL - NO BALANCE OWING - DEFICIENCY WAIVED": a cue would run across rows
    after = a.lowers[separator + 1] if separator + 1 < len(a.lowers) else ""
    then = a.lowers[separator + 2] if separator + 2 < len(a.lowers) else ""
    before = a.lowers[separator - 1] if separator > 0 else ""
    # the status is the whole value or comes before a dash or an amount, not a title's first word
    # ("Short Sale Approval - Partial Waiver of Deficiency" is a title)
    alone = not then or not then[:1].isalpha() or a.lowers[separator + 2 : separator + 4] == ("in", "full")
    return (after in status and alone) or before in status


class Voice:
    """Who "we" is in a document (the lender in letters to "you", else the borrower) and whether its "I" is a
    private lender's (counted sentence by sentence, so the analyses need not all be kept)."""

    def __init__(self) -> None:
        self.you = self.mine = 0
        self.owed = self.owing = False  # some sentence's "I" is owed / owes (``Matcher.first_person``)

    def add_counts(self, you: int, mine: int, owed: bool, owing: bool) -> None:
        self.you += you
        self.mine += mine
        self.owed, self.owing = self.owed or owed, self.owing or owing

    @staticmethod
    def counts(a: Analysis, debtor_verbs: frozenset[str] = frozenset()) -> tuple[int, int]:
        """A sentence's words for "you" and for "I" (and "we" as debtors: "We promise to pay")."""
        you = sum(1 for w in a.lowers if w in ("you", "your"))
        debtors = sum(1 for w, n in zip(a.lowers, a.lowers[1:], strict=False) if w == "we" and n in debtor_verbs)
        return you, debtors + sum(1 for w in a.lowers if w in ("i", "my", "undersigned"))

    def side(self) -> str:
        return "borrower" if self.mine > self.you else "lender"

    def lender_i(self) -> bool:
        """Is the document's "I" the lender throughout: said to be owed somewhere, never said to owe?"""
        return self.owed and not self.owing


def to_finding(sentence: Sentence, a: Analysis, hit: Hit, categories: dict[str, CategoryText]) -> Finding:
    rule = hit.rule
    own = hit.category == rule.category
    text = categories[hit.category]
    spans = sorted({a.char_spans[m.start][0]: a.char_spans[m.end - 1][1] for m in hit.cited}.items())
    ocr_factor = sentence.confidence if sentence.source == "ocr" else 1.0
    checks = hit.checks if ocr_factor == 1.0 else (*hit.checks, Check("ocr", f"{ocr_factor:.2f}", "", 0.0))
    return Finding(
        category=hit.category,
        rule=rule.id,
        severity=rule.severity if own else text.severity,
        document=sentence.document,
        page=sentence.page,
        quote=sentence.text,
        bbox=sentence.bbox(),
        confidence=round(hit.confidence * ocr_factor, 3),
        explanation=rule.explanation if own else text.explanation,
        advice=rule.advice if own else text.advice,
        triggers=tuple(sentence.text[s:e] for s, e in spans),
        trigger_spans=tuple(spans),
        checks=checks,
        end_page=sentence.end_page,
        sentence_index=sentence.index,
    )


def _summary(checks: Iterable[Check]) -> str:
    return "; ".join(f"{c.name}: {c.result}" + (f" ({c.detail!r})" if c.detail else "") for c in checks)


def load_calibration(patterns_dir: Path) -> dict[str, tuple[int, float]]:
    """rule id -> (findings measured, precision); empty when the pack has no calibration."""
    path = patterns_dir / "calibration.yaml"
    if not path.is_file():
        return {}
    try:
        raw = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
        return {k: (int(v["findings"]), float(v["precision"])) for k, v in raw.get("rules", {}).items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise RuleError(f"Error: {path.name} is malformed ({exc}); regenerate it with bench/calibrate.py") from None


def load_precedence(patterns_dir: Path) -> list[Precedence]:
    path = patterns_dir / "precedence.yaml"
    try:
        raw = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"Error: cannot read {path}: {exc}") from None
    out = []
    for item in raw.get("beats", []):
        out.append(
            Precedence(
                str(item["winner"]),
                str(item["loser"]),
                str(item.get("scope", "clause")),
                bool(item.get("loser_limited", False)),
                bool(item.get("loser_received", False)),
                bool(item.get("loser_subject", False)),
                bool(item.get("loser_describes", False)),
                bool(item.get("loser_conceded", False)),
                bool(item.get("loser_unnamed", False)),
            )
        )
    return out
