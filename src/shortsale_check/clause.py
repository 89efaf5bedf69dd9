"""The small components a rule's checks use: negation, actor, object, condition.

Each takes an ``Analysis`` (one sentence) and a trigger mention and answers
one question, with the words that decided it, so a finding can explain itself.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .nlp import NUM, YEAR, Analysis, Mention
from .vocab import Vocabulary

BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'re", "get", "gets", "got"})
ADVERBS = frozenset(
    {
        "hereby",
        "fully",
        "not",
        "forever",
        "also",
        "completely",
        "further",
        "irrevocably",
        "unconditionally",
        "automatically",
        "then",
        "thereby",
        "entirely",
        "and",
        "or",
        "n't",
        "never",
        "immediately",
        "permanently",
        "expressly",
        "absolutely",
        "herein",
    }
)


RELEASES = frozenset({"FORGIVE", "RELEASE_VERB"})  # "Borrower's release" names who is released
POSSESSIVES = frozenset({"your", "my", "our", "their", "its", "his", "her"})  # own, do not act
POSSESSIVE_MARKS = frozenset({"'", "'s", "\u2019", "\u2019s"})  # "the Buyers' note", "the purchaser's deposit"
JOINING = frozenset({"and", "&"})  # "Buyer and Seller": two parties named as one
PARTICLES = frozenset({"off", "out", "down", "up", "over"})  # "charged off", "written down"
LABEL_REACH = 6  # an opening label's words, up to its colon: "Alternatives considered:"
PREPOSITIONS = frozenset({"from", "of", "for", "to", ",", "and", "or", "by", "with", "under", "on", "in"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "our", "each", "any"})
SUBJECT_VERBS = frozenset({"will", "shall", "may", "must", "can", "would", "should", "is", "are", "has", "have"})
# A condition's words end at a comma or where the main clause's verb begins ("will", "shall" ...).
# ", including the contribution ...": the condition goes on past the comma.
DENIALS = frozenset({"not", "n't", "never"})  # "does not depend on": a condition denied
SCOPE_GOES_ON = frozenset({"including", "includes", "specifically"})
SENDING_VERBS = frozenset({"send", "sends", "mail", "mails", "give", "gives", "issue", "issues", "provide", "provides"})
LENDER_TAKES = frozenset({"accepts", "agrees"})  # a lender's finite verb that opens the main clause
SCOPE_STOPS = frozenset({",", ";", ":", "will", "shall", "may", "must", "can", "would", "should", "agrees"})
MODALS = frozenset({"will", "shall", "may", "must", "can", "could", "would", "should"})
AUXILIARIES = frozenset({"has", "have", "had", "does", "do", "did"})
COORDINATED_GLUE = frozenset({"not", "n't", "never", "also", "further", "thereafter", "then", "otherwise"})
RELATIVES = frozenset({"who", "whom", "whose", "which", "that"})
REQUIREMENT_NOUNS = frozenset({"requirement", "requirements", "condition", "conditions", "prerequisite"})
OBJECT_PRONOUNS = frozenset({"us", "you", "them", "me", "him", "her", "it"})
DEEMED = frozenset({"deemed", "considered", "construed", "treated", "regarded"})  # "shall be deemed forgiven"
# Words that may come before a negated subject in its phrase: "and neither the Bank nor ...".
LABEL_MARKS = frozenset({":", "-", "--"})  # a form's label ends: "Deficiency: waived"
NOT_VERB_LEADS = DETERMINERS | PREPOSITIONS  # "the releases", "of releases": a plural noun, not a verb
SUBJECT_LEADS = frozenset({"and", "but", "or", ",", "further", "furthermore", "also", "moreover", "however"})


@dataclass(frozen=True, slots=True)
class Decision:
    value: str  # e.g. "negated", "lender", "DEBT", "conditional"
    words: str = ""  # the words that decided it
    mention: Mention | None = None


def _pseudo_tokens(a: Analysis, vocab: Vocabulary | None = None) -> set[int]:
    """Tokens whose negation words do not negate: pseudo-negations ("no later than") and words taken
    by a predicate or object phrase ("does not dispute" acknowledges, "not paid at closing" names the
    debt); context phrases ("no part of", "nothing further") keep their negation."""
    pseudo = {i for m in a.of_kind("PS") for i in range(m.start, m.end)}
    if a.form is not None and a.form.negative is not None:
        pseudo.update(range(*a.form.negative))  # a form's answer negates its label only
    if vocab is None:  # condition markers: the pseudo-negation list and denied markers
        denied = [m for m in (*a.of_kind("CM"), *a.of_kind("CS")) if m.start > 0 and a.lowers[m.start - 1] in DENIALS]
        return pseudo | {m.start for m in denied}  # "this waiver does not depend on any payment"
    taken = {i for m in a.concepts if m.end - m.start > 1 and m.label in vocab.absorbing for i in range(m.start, m.end)}
    return pseudo | taken


def _blocking(a: Analysis, vocab: Vocabulary, cue: Mention, end: int) -> bool:
    """Is there a predicate (or negatable object) between a cue and a token position?

    Predicates in ``transparent_concepts`` ("required to") let the cue through;
    a noun cue ("no", "nothing") also reaches through the noun it governs to
    the predicate after it: "no deficiency will be owed".
    """
    noun_cue = cue.label in vocab.noun_cues
    aside_end = cue.end + _aside_after(a, cue.end, end)  # "does not, by accepting the proceeds, waive"
    named = [(x.start, x.end) for x in a.actors if cue.end <= x.start and x.end <= end]
    within = noun_cue and cue.end < len(a.lowers) and a.lowers[cue.end] == "in"  # "nothing in ..."
    for m in a.concepts:
        if not (cue.end <= m.start and m.end <= end) or m.label in vocab.transparent_concepts:
            continue
        if m.start < aside_end or any(lo <= m.start and m.end <= hi for lo, hi in named):
            continue  # inside an aside right after the cue, or part of a name ("the owner of your loan")
        if noun_cue and m.label in vocab.layers["negatable"] and m.label not in vocab.layers["predicate"]:
            continue
        if noun_cue and m.start - cue.end <= 2 and m.end < len(a.lowers) and a.lowers[m.end] == "of":
            continue  # "in no event shall the release of the lien be deemed to discharge": a noun here
        infinitive = m.start > cue.end + 1 and a.lowers[m.start - 1] == "to"
        if noun_cue and infinitive and _takes_infinitive(a, vocab, m.start - 2):
            continue  # "no right to collect the balance is reserved": the verb belongs to the noun the cue governs
        if m.end == end and m.label not in vocab.layers["predicate"]:
            continue  # a noun modifying the trigger: "declined deficiency waiver"
        if noun_cue and m.label == "REMAIN" and end > m.end and a.lowers[end - 1] == "to":
            continue  # "no deficiency remains for us to collect": the noun's being there, then what it is for
        if not noun_cue and end < len(a.lowers) and a.lowers[end] == "to" and m.label not in vocab.layers["predicate"]:
            continue  # what the verb sends where the trigger says: "will not send what is left to a collection agency"
        if is_attributive(a, m):
            continue  # "no part of the waived balance will be sold": an adjective, not a verb
        if m.start > 0 and _possessive(a.lowers[m.start - 1]):
            continue  # "Nothing in ... Fannie Mae's waiver releases you": a noun someone owns, not a verb
        if within and m.start > 0 and a.lowers[m.start - 1] in DETERMINERS and a.lowers[m.end] in {",", "or", "and"}:
            continue  # "nothing in the sale, the reconveyance or the letter waives ...": the papers it is not in
        in_phrase = m.start >= 2 and a.lowers[m.start - 1] in DETERMINERS and a.lowers[m.start - 2] in SUBJECT_PREPS
        if noun_cue and in_phrase:
            continue  # "Nothing in the consent or in the satisfaction of mortgage releases": a noun in the subject
        if m.label in vocab.layers["object"] and _alternative_before(a, m.end, end):
            continue  # "does not contain a warrant of attorney or any confession of judgment": one list
        # a predicate, or a context verb ("No warrant of attorney appears in the waiver agreement")
        if (
            m.label in vocab.layers["predicate"]
            or m.label in vocab.layers["negatable"]
            or m.label in vocab.verb_concepts
        ):
            return True
    return False


SUBJECT_PREPS = frozenset({"in", "of", "by", "under", "from", "with", "on"})
ALTERNATIVE_GAP = frozenset({",", "or", "nor", "any", "a", "an", "the", "other", "another"})
NOT_NOUNS = MODALS | AUXILIARIES | BE_FORMS | RELATIVES | {"and", "but", "to", "of", "for", "in", "on", "by", "with"}


def _alternative_before(a: Analysis, start: int, end: int) -> bool:
    """Do tokens start..end join two alternatives of one list ("X or any Y", "X, Y or Z", "an X clause
    or any Y": up to two plain words may finish the first item)?"""
    gap = a.lowers[start:end]
    head = 0
    while head < min(2, len(gap)) and gap[head].isalpha() and gap[head] not in ALTERNATIVE_GAP | NOT_NOUNS:
        head += 1
    if any(m.start < start + head and start < m.end for m in (*a.concepts, *a.actors, *a.cues)):
        return False  # the words finishing the first item are plain words, not a concept, actor or cue
    gap = gap[head:]
    if not gap or not set(gap) <= ALTERNATIVE_GAP:
        return False
    return bool({"or", "nor"} & set(gap)) or any(w in {"or", "nor"} for w in a.lowers[end : end + 8])


def _list_head(a: Analysis, vocab: Vocabulary, t: Mention) -> int:
    """Where the list that ``t`` closes begins ("a warrant of attorney or any confession"); t.start alone."""
    head = t.start
    if head > 2 and a.lowers[head - 1] == "to" and a.lowers[head - 2] in {"or", "nor"}:  # "to make X or to sign"
        earlier = [k for k in range(max(0, head - 10), head - 2) if a.lowers[k] == "to"]
        head = earlier[-1] if earlier else head
    return _list_start(a, vocab, head)


def _list_start(a: Analysis, vocab: Vocabulary, head: int) -> int:
    """Where the list of objects that ends at token ``head`` begins (``head`` when none comes before)."""
    for m in sorted(a.concepts, key=lambda c: -c.start):
        if m.end <= head and m.label in vocab.layers["object"] and _alternative_before(a, m.end, head):
            head = m.start
    return head


def _infinitive_item(a: Analysis, vocab: Vocabulary, t: Mention) -> Mention | None:
    """The first item of a list whose later item is a noun with this verb as its "to"-complement:
    in "a cognovit clause, a deficiency note, or an agreement to pay the balance" the verb "pay"
    belongs to "an agreement", the list's third item, so the cognovit clause decides its negation."""
    k = t.start - 1
    if k < 2 or a.lowers[k] != "to":
        return None
    noun = next((i for i in range(k - 1, max(k - 4, -1), -1) if _takes_infinitive(a, vocab, i, rights=False)), None)
    if noun is None or any(w in NOT_NOUNS - {"by"} for w in a.lowers[noun + 1 : k]):
        return None
    start = noun
    while start > 0 and a.lowers[start - 1] in DETERMINERS | {"other", "another", "written", "signed"}:
        start -= 1
    head = _list_start(a, vocab, start)
    return next((m for m in a.concepts if m.start == head), None) if head < start else None


_SERIES_GLUE = frozenset({"otherwise", "try", "attempt", "seek", "to", "in", "any", "other", "way", "manner", "also"})
_SERIES_REACH = 14  # tokens from the series' first verb to the "or" before its last


def _verb_series_head(a: Analysis, vocab: Vocabulary, t: Mention) -> Mention | None:
    """The first verb of a series whose last verb is the trigger ("sue for, report as owing, sell,
    assign or otherwise try to collect"): the series shares that verb's negation. Only a series in
    one clause, its items set off by commas, and never a new predicate ("and may collect")."""
    k = t.start - 1
    while k > 0 and a.lowers[k] in _SERIES_GLUE:
        k -= 1
    if k < 1 or a.lowers[k] not in {"or", "and", "nor", ","}:
        return None
    listed = a.lowers[k] == ","  # an inner item ("sue for, report as owing, sell"): the comma sets it off
    predicates = vocab.layers["predicate"]
    head = None
    for m in sorted(a.concepts, key=lambda c: -c.start):
        verb = m.label in predicates or (m.start > 0 and a.lowers[m.start - 1] in DENIALS)  # "not demand, sue for"
        if m.end > k or not verb or m is t:
            continue
        if k - m.start > _SERIES_REACH or a.clause_of[m.start] != a.clause_of[t.start]:
            break
        between = a.lowers[m.end : k]
        if any(m.end <= x.start < k for x in a.actors):
            break  # a new subject: "will not pay the loan in full, VA intends to establish and collect"
        new_predicate = any(w in MODALS | AUXILIARIES | BE_FORMS or w in {";", "."} for w in between)
        if _finite_after_bare(a.lowers[m.start], a.lowers[t.start]):
            break  # "shall not seek any deficiency judgment, and releases Borrower": "releases" has its own tense
        if (listed or "," in between or a.lowers[k] in {"or", "nor"}) and not new_predicate:
            head = m  # walk on: the earliest verb of the series decides
    return head


def _finite_after_bare(head: str, word: str) -> bool:
    """Is ``word`` a finite third-person verb ("releases") after a series head in the bare form a modal
    takes ("seek")? Then it is a new predicate, not an item of the modal's series."""
    return word.endswith("s") and not word.endswith("ss") and not head.endswith("s")


def _takes_infinitive(a: Analysis, vocab: Vocabulary, i: int, rights: bool = True) -> bool:
    """Is token i a noun whose "to"-verb describes it ("agreement to pay"; with ``rights`` also a
    RIGHT word, "right to collect")?"""
    if a.lowers[i] in vocab.infinitive_nouns:
        return True
    return rights and any(m.label == "RIGHT" and m.end == i + 1 for m in a.concepts)


def negation(a: Analysis, t: Mention, vocab: Vocabulary, depth: int = 0) -> Decision:
    """Negated when a cue reaches the trigger: the first predicate after a preceding cue. The cue
    nearest the trigger decides; a cue inside a condition does not reach past it ("provided that
    nothing prohibits it, Lender may pursue" is not negated)."""
    form = a.form
    if form is not None and form.negative is not None and form.label_start <= t.start and t.end <= form.label_end:
        lo, hi = form.negative  # "Deficiency waived: No" - the answer negates the label
        return Decision("negated", a.words(lo, hi), Mention("NF", FORM_ANSWER, lo, hi))
    if form is not None and form.separator < t.start:
        denial = _denying_label(a, vocab, form.label_start, form.label_end)
        if denial is not None:  # "Items NOT in this packet: cognovit note; repayment agreement"
            return Decision("negated", a.words(denial.start, denial.end), denial)
    stressed = {i for m in a.of_kind("PS") for i in range(m.start, m.end)}  # "and not before": no denial
    for marker in (*a.of_kind("CM"), *a.of_kind("CS")):  # "does not depend on your signing a note"
        denied = marker.start > 0 and a.lowers[marker.start - 1] in DENIALS and marker.start - 1 not in stressed
        phrase = per_sentence(a, "phrases", _phrases)
        if denied and marker.end <= t.start and phrase[marker.start] == phrase[t.start]:
            return Decision("negated", a.words(marker.start - 1, marker.end), marker)
    head = _list_head(a, vocab, t)  # where the list the trigger closes begins ("a note, a contribution or a plan")
    first = next((m for m in a.concepts if m.start == head and m is not t), None) if head < t.start else None
    if first is not None and t.label in vocab.layers["object"] and depth < 3:  # the first item decides
        decided = negation(a, first, vocab, depth + 1)
        if decided.value == "negated":
            return decided
    item = _infinitive_item(a, vocab, t) if depth < 3 else None
    if item is not None:  # "does not include a new note or any promise by you to pay the rest"
        decided = negation(a, item, vocab, depth + 1)
        if decided.value == "negated":
            return decided
    series = _verb_series_head(a, vocab, t) if depth < 3 else None
    if series is not None:  # "will not sue for, report as owing, sell, assign or otherwise try to collect"
        decided = negation(a, series, vocab, depth + 1)
        if decided.value == "negated":
            return decided
    renounced = _renounced_right(a, t, vocab, depth)
    if renounced is not None:
        return Decision("negated", a.words(renounced.start, t.start), renounced)
    linked = _linking_verb(a, t) if depth < 3 else None
    if linked is not None:  # "nothing remains owing": the state shares its linking verb's negation
        decided = negation(a, linked, vocab, depth + 1)
        if decided.value == "negated":
            return decided
    pseudo = _pseudo_tokens(a, vocab)
    predicate = t.label in vocab.layers["predicate"]
    scopes = per_sentence(a, "scopes", _condition_scopes)
    for cue in per_sentence(a, "cues_nearest_last", lambda x: sorted(x.of_kind("NP"), key=lambda c: -c.end)):
        if _in_concession(a, cue, t):
            continue  # "Co-borrower, although no longer on title, acknowledges continuing liability"
        aside = _aside_after(a, cue.end, head) if cue.label in vocab.verb_cues else 0
        # a cue taken by a phrase is no cue, unless it runs on past it ("is unaffected" + "unaffected by")
        if pseudo.issuperset(range(cue.start, cue.end)) or cue.end > t.start or head - cue.end - aside > cue.window:
            continue
        if any(lo <= cue.start < hi <= t.start for lo, hi in scopes):
            continue
        if not predicate and t.label in vocab.noun_cue_only and cue.label not in vocab.noun_cues:
            continue  # "not" negates verbs; a noun is negated by "no", "without" ...
        if not predicate and t.label in vocab.noun_cue_only and cue.label in vocab.noun_cues and any(
            w in BE_FORMS or w in AUXILIARIES or w in MODALS for w in a.lowers[cue.end : t.start]
        ):
            continue  # "no foreclosure has been filed on this loan": the cue's noun has its verb; the loan is past it
        if a.clause_of[cue.start] != a.clause_of[t.start] and not _same_clause_cue(a, cue, t):
            continue
        if cue.label in vocab.noun_cues and any(
            a.lowers[i] == "," and a.lowers[i + 1] in {"and", "or", "but"} for i in range(cue.end, t.start - 1)
        ):
            continue  # "will close it with a zero balance, and releases the borrower": the cue's noun is done
        if _blocking(a, vocab, cue, t.start) or _new_subject(a, cue.end, t):
            continue
        # the trigger a place the negated verb sends its object: "will not send what is left of this loan to a
        # collection agency" (no comma or predicate between; _blocking has looked for predicates)
        sent_to = a.lowers[t.start] == "to" and "," not in a.lowers[cue.end : t.start]
        if cue.label in vocab.verb_cues and not _verb_group(a, vocab, cue.end, t.start) and not sent_to:
            continue
        if cue.label == "without" and _required_without(a, cue, t):
            return Decision("not negated", a.words(cue.start, cue.end), cue)  # "will not accept it without a note"
        outer = _negating_cue(a, vocab, cue, pseudo)
        if outer is None and cue.label not in vocab.subject_cues and cue.label not in vocab.correlative:
            outer = _negated_subject(a, cue, vocab, pseudo)  # "neither X nor Y shall be deemed to have waived"
        if outer is not None:  # "nothing herein shall be deemed an agreement not to pursue": two negations
            return Decision("not negated", a.words(outer.start, cue.end), outer)
        return Decision("negated", a.words(cue.start, cue.end), cue)
    for cue in a.of_kind("NF"):
        if cue.start in pseudo or cue.start < t.end:
            continue
        denied = cue.window > 0 and _subject_denied(a, vocab, t, cue)  # a window-0 cue follows its verb at once
        if _gap(a, t.end, cue.start) > cue.window and not denied:
            continue
        if not denied and _blocking(a, vocab, Mention("NF", "", t.end, t.end), cue.start):
            continue
        return Decision("negated", a.words(cue.start, cue.end), cue)
    subject = _negated_subject(a, t, vocab, pseudo)
    if subject is not None:
        return Decision("negated", a.words(subject.start, subject.end), subject)
    return _chained(a, t, vocab, depth)


def _required_without(a: Analysis, cue: Mention, t: Mention) -> bool:
    """Is "without" the other half of a denial, so that what it names is required ("will not accept the
    short payoff without a signed note from you", "cannot close without it")? The denial comes first
    in the same clause, and no comma stands between "without" and the trigger."""
    before = a.lowers[max(0, cue.start - 10) : cue.start]
    same = all(a.clause_of[i] == a.clause_of[cue.start] for i in range(max(0, cue.start - 10), cue.start))
    return same and bool((DENIALS | {"cannot"}) & set(before)) and "," not in a.lowers[cue.end : t.start]


def _denying_label(a: Analysis, vocab: Vocabulary, start: int, end: int) -> Mention | None:
    """The negation cue of a form label that denies what its value lists ("Not included:", "Items NOT
    in this packet:"); a label with a predicate of its own ("Not waived:") denies that predicate only."""
    if any(start <= m.start and m.end <= end and m.label in vocab.layers["predicate"] for m in a.concepts):
        return None
    return next((c for c in a.of_kind("NP") if start <= c.start and c.end <= end), None)


def _new_subject(a: Analysis, start: int, t: Mention) -> bool:
    """Does "and"/"but" and a new subject come between a cue and the trigger? "No contribution is
    required and the Lender waives the deficiency": the "no" stays in the first statement."""
    for x in a.actors:
        if start <= x.start and x.end <= t.start and (x.end == t.start or a.lowers[x.end] in SUBJECT_VERBS):
            k = x.start - 1
            while k >= start and a.lowers[k] in DETERMINERS:
                k -= 1
            if k >= start and a.lowers[k] in {"and", "but"}:
                return True
    # a comma, then a pronoun subject and its verb: "no waiver, they can still come after the balance"
    return any(
        a.lowers[k] == "," and a.lowers[k + 1] in _PRONOUN_SUBJECTS and (a.lowers[k + 2] in MODALS or k + 2 == t.start)
        for k in range(start, t.start - 1)
    )


_PRONOUN_SUBJECTS = frozenset({"they", "he", "she", "it", "we", "i"})


def _negated_subject(a: Analysis, t: Mention, vocab: Vocabulary, pseudo: set[int]) -> Mention | None:
    """A subject opened by a noun cue negates the verb after its modal, however long the subject:
    "Neither the Servicer nor any successor, assignee or investor acting for it will seek to
    collect", "no acceptance by the Bank of proceeds less than the payoff shall be deemed a waiver".
    The predicate must follow the modal closely, with no new actor or other predicate between."""
    phrase = per_sentence(a, "phrases", _phrases)
    for cue in a.of_kind("NP"):
        if cue.label not in vocab.subject_cues or cue.start in pseudo or cue.end > t.start:
            continue
        opening = cue.start
        while opening > 0 and phrase[opening - 1] == phrase[cue.start]:
            opening -= 1
        # list numbering ("10.", "(b)") may stand before the subject
        led = any(_opening_word(w) and w not in SUBJECT_LEADS for w in a.lowers[opening : cue.start])
        if led or _new_subject(a, cue.end, t):
            continue  # the cue is inside a clause, not the opening of its subject; or a new subject follows
        modal = next((k for k in range(cue.end, t.start) if a.lowers[k] in MODALS or _be_to(a, k)), None)
        if modal is None:  # "Neither the Servicer nor any investor ... waives its right to": the verb itself
            if any(w in BE_FORMS or w in AUXILIARIES for w in a.lowers[cue.end : t.start]) or any(
                cue.end <= m.start
                and m.end <= t.start
                and (m.label in vocab.layers["predicate"] or m.label in vocab.verb_concepts)
                and not _nominal(a, m)
                for m in a.concepts
            ):
                continue
            modal = t.start - 1
        if modal - cue.end > 35 or t.start - modal > 12 or phrase[modal] != phrase[t.start]:
            continue
        if any(  # the subject may list its members (", or any investor", "anyone who ..."), not start a new statement
            phrase[k] != phrase[k - 1]
            and not (a.lowers[k - 1] in {"or", "nor"} and a.lowers[k - 2] == ",")
            and a.lowers[k] not in RELATIVES
            for k in range(cue.start + 1, modal + 1)
        ):
            continue
        if any(modal < x.start and x.end <= t.start for x in a.actors):
            continue  # "no contribution will be required and the Lender will waive": a new subject
        if any(modal < m.start and m.end <= t.start and m.label in vocab.verb_concepts for m in a.concepts):
            continue  # "no note will be attached to the waiver": the verb was another
        if any(m.start > modal and m.end <= t.start for m in a.of_kind("NP")):
            continue  # another cue decides
        joined = any(w in COORDINATION for w in a.lowers[modal + 1 : t.start])
        if joined and any(  # "no judgment will be sought and the balance is forgiven": two verbs
            modal < m.start
            and m.end <= t.start
            and m.label in vocab.layers["predicate"]
            and m.label not in vocab.transparent_concepts
            for m in a.concepts
        ):
            continue
        if _second_predicate(a, modal + 1, t.start):
            continue  # "no recovery account will be opened and the loan will not be referred": a new clause
        return cue
    return None


def _be_to(a: Analysis, k: int) -> bool:
    """ "is to be" / "are to be": a modal in all but name ("No provision of this letter ... is to be read as
    relieving the Obligor")."""
    return a.lowers[k] in {"is", "are"} and a.lowers[k + 1 : k + 3] == ("to", "be")


def _nominal(a: Analysis, m: Mention) -> bool:
    """A predicate word used as a noun, after a determiner or a possessive: "the cancellation of the security
    deed", "the credit union's acceptance of the closing funds" (members of a subject, not its verb)."""
    before = a.lowers[m.start - 1] if m.start > 0 else ""
    return bool(before) and (before in DETERMINERS | {"this", "that", "no"} or _possessive(before))


def _gap(a: Analysis, start: int, end: int) -> int:
    """Words between two positions, not counting an indirect object: "owe the Bank nothing further"
    is "owe ... nothing further"."""
    covered = {i for m in a.actors if start <= m.start and m.end <= end for i in range(m.start, m.end)}
    covered.update(i for i in range(start, end) if _named(a, i))  # "owe the Association nothing"
    return sum(
        1
        for i in range(start, end)
        if i not in covered and a.lowers[i] not in OBJECT_PRONOUNS and a.lowers[i] not in DETERMINERS
    )


def _named(a: Analysis, i: int) -> bool:
    """Is token ``i`` a capitalised name's word ("Association", "Larkmoor"), not an all-capitals line's?"""
    word = a.words(i, i + 1)
    return word[:1].isupper() and word[1:].islower() and word.isalpha()


def _closing_comma(a: Analysis, opening: int, end: int, reach: int) -> int | None:
    """The comma that closes an aside opened by the comma at ``opening``: before ``end``, within ``reach``."""
    return next((i for i in range(opening + 1, min(end, opening + reach + 1)) if a.lowers[i] == ","), None)


def _aside_words(a: Analysis, lo: int, hi: int) -> int:
    """How many tokens between lo and hi stand inside one aside set off by two commas (at most 14)."""
    opening = next((i for i in range(lo, hi) if a.lowers[i] == ","), None)
    close = _closing_comma(a, opening, hi, 15) if opening is not None else None
    if opening is None or close is None or a.lowers[opening + 1] not in ASIDE_OPENERS:
        return 0  # a list ("sell it, pass it to a collection agency, or ...") is no aside
    return close - opening + 1


ASIDE_OPENERS = frozenset(
    {"less", "minus", "plus", "including", "excluding", "which", "who", "having", "together"}
    | {"currently", "now", "approximately"}  # "The unpaid balance, currently $27,418.30, stays on the books"
)


def _aside_after(a: Analysis, start: int, end: int) -> int:
    """The length of an aside set off by commas right at ``start`` ("shall not, at any time after closing,
    be held responsible"), when it closes before ``end``; else 0."""
    if start >= end or a.lowers[start] != ",":
        return 0
    close = _closing_comma(a, start, end, 11)
    return 0 if close is None else close - start + 1


CONCESSIVE = frozenset({"although", "though", "while", "whereas", "even", "albeit", "despite", "notwithstanding"})
OPENING_CONCESSIONS = (CONCESSIVE - {"even"}) | {"even though"}


def conceded(a: Analysis, t: Mention) -> bool:
    """Does the trigger stand in a concession after the main clause ("we remain liable to the insurer,
    even though our lender has waived its own deficiency")? What is conceded is granted in passing."""
    k = t.start - 1
    while k > 0 and a.lowers[k] not in {",", ";", "--", "-"} and k > t.start - 10:
        k -= 1
    if k > 0 and a.lowers[k] == "," and any(w in CONCESSIVE for w in a.lowers[k + 1 : k + 3]):
        return True
    # without the comma: "this amount is still owed to the Credit Union even though its deed of trust was cancelled"
    if any(a.lowers[j] in {"though", "although"} for j in range(max(k + 1, 2), t.start)):
        return True
    # an opening concession that closes before the main clause: "Although the deposit agreement allows set-off
    # for a matured debt, the Bank will not apply any funds ..."
    return _opening_aside_end(a, OPENING_CONCESSIONS) >= t.end


def _in_concession(a: Analysis, cue: Mention, t: Mention) -> bool:
    """Is the cue inside an aside that concedes something ("although no longer on title,") and closes
    before the trigger?"""
    opened = next((i for i in range(cue.start - 1, max(cue.start - 5, -1), -1) if a.lowers[i] == ","), None)
    if opened is None or opened + 1 >= cue.start or a.lowers[opened + 1] not in CONCESSIVE:
        return False
    return "," in a.lowers[cue.end : t.start]


def _subject_denied(a: Analysis, vocab: Vocabulary, t: Mention, cue: Mention) -> bool:
    """Is the trigger the noun heading the sentence's subject, and the cue its verb's denial ("The release
    of the Borrower from personal liability is not granted by this approval")?"""
    opening = t.start > 0 and a.lowers[t.start - 1] in {"the", "a", "any", "this", "such"}
    if not opening or any(_opening_word(w) for w in a.lowers[: t.start - 1]):
        return False
    if cue.start < 1 or a.lowers[cue.start - 1] not in BE_FORMS:
        return False
    joined = cue.start > 1 and a.lowers[cue.start - 2] == "but"  # "A waiver ... was requested but was not approved"
    if a.clause_of[cue.start] != a.clause_of[t.start] and not joined:
        return False
    return not any(
        t.end <= m.start < cue.start
        and m.label in vocab.layers["predicate"]
        and not (m.start > 0 and a.lowers[m.start - 1] in BE_FORMS)  # "was requested but was not approved"
        for m in a.concepts
    )


def _linking_verb(a: Analysis, t: Mention) -> Mention | None:
    """The REMAIN verb right before a state ("remains owing", "stays due", "continues to be owed"):
    one predicate, so a cue that reaches the verb reaches the state."""
    if t.label not in LINKED_STATES:
        return None
    return next(
        (
            m
            for m in a.concepts
            if m.label == "REMAIN" and m.end <= t.start and all(w in LINK_GLUE for w in a.lowers[m.end : t.start])
        ),
        None,
    )


LINKED_STATES = frozenset({"OWE", "LIABLE"})
LINK_GLUE = frozenset({"to", "be", "fully", "still", "personally", "so", "and"})


def _renounced_right(a: Analysis, t: Mention, vocab: Vocabulary, depth: int) -> Mention | None:
    """The giving-up of a right that the trigger is the object of: "give up every right to
    collect", "waives its own right, and Fannie Mae's right, to collect"."""
    if not vocab.renouncing or depth > 2:
        return None
    if t.label == "CLAIMS":  # "gives up any claim to the amount": a claim given up is no claim
        return next(
            (
                r
                for r in a.concepts
                if r.label in vocab.renouncing
                and 0 <= t.start - r.end <= 2
                and all(w in DETERMINERS or w == "all" for w in a.lowers[r.end : t.start])
                and negation(a, r, vocab, depth + 1).value != "negated"
            ),
            None,
        )
    # "give up every right to collect"; "waives any right of subrogation or other recovery": one list given up
    if t.start < 3 or a.lowers[t.start - 1] not in {"to", "other"}:
        return None
    duty = next((m for m in a.concepts if m.label == "LIABILITY" and m.end in (t.start - 1, t.start)), None)
    if duty is not None:  # "released from any further obligation to pay the note": the duty is released
        freed = next(
            (
                r
                for r in a.concepts
                if r.label in vocab.releasing
                and 0 < duty.start - r.end <= 5
                and "from" in a.lowers[r.end : duty.start]
                and negation(a, r, vocab, depth + 1).value != "negated"
            ),
            None,
        )
        if freed is not None:
            return freed
    rights = [m for m in a.concepts if m.label == "RIGHT" and m.end < t.start and t.start - 1 - m.end <= 8]
    if not rights:
        return None
    right = rights[-1] if a.lowers[rights[-1].end] == "to" or len(rights) == 1 else rights[0]
    # "waives its right to a deficiency judgment and any other right to recover": one list of rights given up
    listed = [right] + [
        m for m in reversed(rights) if m.end <= right.start and "other" in a.lowers[m.end : right.start]
    ]
    for right in listed:
        for r in a.concepts:
            # "waives, in its own name and for its own account only, any right it may have to collect"
            gap = right.start - r.end - _aside_after(a, r.end, right.start)
            near_right = gap <= 4 or (
                right.start - r.end <= 8  # "waives all of its and Fannie Mae's rights to collect"
                and not any(r.end <= m.start < right.start and m.label in vocab.layers["predicate"] for m in a.concepts)
            )
            if r.label in vocab.renouncing and r.end <= right.start and near_right:
                if negation(a, r, vocab, depth + 1).value == "negated":
                    return None  # "does not waive its right to collect", "nothing herein is a waiver of its right to"
                if a.clause_of[r.start] == a.clause_of[t.start] or "," in a.lowers[r.end : t.start]:
                    return r
    return None


COORDINATION = frozenset({",", "or", "and", "nor", "otherwise", "and/or"})
LIST_JOINS = frozenset({",", "or", "and", "nor"})  # "settle, compromise or forgive"
# An aside that opens a sentence and ends at its first comma: its words are not the main clause's
OPENING_ASIDES = frozenset({"regardless of", "irrespective of", "despite", "in spite", "notwithstanding", "although",
                            "though", "even though", "while", "whereas", "as provided", "as set", "as stated",
                            "as described", "pursuant to", "in accordance"})  # "As provided in Section 6 of ..., you"
PHRASE_JOINS = frozenset({"and", "but", "or", "while", "whether"})
NEW_SUBJECTS = frozenset({"we", "i", "you", "they", "he", "she", "it"})
FORM_ANSWER = "form answer"  # the label of a negation that is a form row's answer ("Waived: No")
PRONOUN_OBJECTS = frozenset({"it", "them", "same"})  # "collect it", "pursue the same"


class _Memo(threading.local):
    """Values derived from one sentence, computed once: every rule asks for them for every trigger."""

    analysis: Analysis | None = None
    values: dict[str, Any]


_memo = _Memo()


def per_sentence(a: Analysis, key: str, make: Callable[[Analysis], Any]) -> Any:
    """``make(a)``, computed once for the sentence under analysis (the last one seen)."""
    if _memo.analysis is not a:
        _memo.analysis, _memo.values = a, {}
    if key not in _memo.values:
        _memo.values[key] = make(a)
    return _memo.values[key]


LIST_MARK = re.compile(r"[a-z][.)]|[ivx]{1,4}[.)]")  # "C.", "b)", "iv." numbering a paragraph


def _opening_word(w: str) -> bool:
    """A sentence's first real word: not numbering ("C.", "iv.") nor a blank; "I" counts."""
    return (w[:1].isalpha() and len(w) > 1 and not LIST_MARK.fullmatch(w)) or w == "i"


def joint_voice_end(a: Analysis, vocab: Vocabulary) -> int:
    """Where an opener that speaks for every signer ends ("It is acknowledged and agreed that",
    "The parties agree that", after any numbering or initials blanks), else 0; once per sentence."""

    def find(a: Analysis) -> int:
        k = next((i for i, w in enumerate(a.lowers) if _opening_word(w)), len(a.lowers))
        head = " ".join(a.lowers[k : k + 8])
        for opener in vocab.joint_voice:
            if head == opener or head.startswith(opener + " "):
                return k + len(opener.split())
        return 0

    return int(per_sentence(a, "joint_voice_end", find))


PERSONS_AGAINST = frozenset({"you", "him", "her", "them", "me", "us", "either", "each", "both", "any", "all"})
CLAIM_WORDS = frozenset({"CLAIMS", "RIGHTS", "RIGHT"})
OWED_WORDS = frozenset({"DEBT", "LIABILITY", "DEFICIENCY_JUDGMENT", "AMOUNT", "NOTE", "ORIGINAL_NOTE"})


def _against_at(a: Analysis, m: Mention) -> int | None:
    """Where "against" follows a claim word, at once or after its holder ("any claim the Lender may have against
    the listing broker"), before any comma."""
    for k in range(m.end, min(len(a.lowers), m.end + 6)):
        if a.lowers[k] == "against":
            return k
        if a.lowers[k] in {",", ";", ":", "and", "or"}:
            return None
    return None


def claim_against_other(a: Analysis, t: Mention) -> Mention | None:
    """A claim kept against someone other than the borrower ("reserves all claims against Dutchess Quarry Savings
    Bank under the purchase agreement", "keeps its claim against the appraisal management company"), with nothing
    owed named in the trigger's phrase: a reservation about another matter. Returns the claim's mention."""
    phrase = per_sentence(a, "phrases", _phrases)
    mine = [m for m in a.concepts if phrase[m.start] == phrase[t.start]]
    if any(m.label in OWED_WORDS for m in mine):
        return None
    against = [(m, k) for m in mine if m.label in CLAIM_WORDS and (k := _against_at(a, m)) is not None]
    for _, k in against:
        whom = k + 1
        if whom < len(a.lowers) and a.lowers[whom] in PERSONS_AGAINST:
            return None
        if any(x.label in {"borrower", "we"} and whom <= x.start <= whom + 3 for x in a.actors):
            return None  # "against the Borrowers", "against any of the Makers"
    if against:
        return against[0][0]
    for m in mine:  # "reserves the right to recover from any insurer the cost of the storm drain"
        if m.label == "PURSUE" and m.end < len(a.lowers) and a.lowers[m.end] == "from":
            named = [x for x in a.actors if m.end < x.start <= m.end + 3]
            if named and all(x.label not in {"borrower", "we"} for x in named):
                return m
    return None


def _predicate_phrases(a: Analysis) -> tuple[int, ...]:
    return _phrases(a, predicates=True)


def _opening_aside_end(a: Analysis, openers: frozenset[str]) -> int:
    """The comma that closes an aside opening the sentence with one of ``openers`` ("Although ..., the Bank",
    "Regardless of what the lender accepts at closing, I agree"), else -1."""
    if a.lowers[:1] and (a.lowers[0] in openers or " ".join(a.lowers[:2]) in openers):
        return next((i for i, w in enumerate(a.lowers) if w == ","), -1)
    return -1


def _phrases(a: Analysis, predicates: bool = False) -> tuple[int, ...]:
    """The phrase each token belongs to: a new one at each clause break, after ", and" / ", but" / ";",
    with ``predicates`` at a second predicate of the same subject ("and will not seek"), and after the comma
    that closes an opening aside ("Regardless of what the lender accepts at closing, I agree that ...")."""
    aside_end = _opening_aside_end(a, OPENING_ASIDES)
    out, phrase = [], 0
    for k in range(len(a.lowers)):
        if k > 0 and (
            a.clause_of[k - 1] != a.clause_of[k]
            or a.lowers[k - 1] == ";"
            or k - 1 == aside_end
            or (k > 1 and a.lowers[k - 2] == "," and a.lowers[k - 1] in PHRASE_JOINS)
            or (predicates and a.lowers[k - 1] in {"and", "but"} and a.lowers[k] in MODALS)  # "... 1099-C and will not"
            or (  # "we still owe the CU the rest and we'll sign the payment thing at closing": a new subject and verb
                a.lowers[k - 1] in {"and", "but"}
                and a.lowers[k] in NEW_SUBJECTS
                and k + 1 < len(a.lowers)
                and a.lowers[k + 1] in MODALS | {"'ll", "'d", "wo"}
            )
        ):
            phrase += 1
        out.append(phrase)
    return tuple(out)


def veto(
    a: Analysis, t: Mention, labels: tuple[str, ...], vocab: Vocabulary, in_phrase: tuple[str, ...] = ()
) -> Mention | None:
    """A distractor context that rules the trigger out: anywhere in the sentence for the
    sentence-wide kinds (tax, debt-collector notices, statute summaries ...), otherwise (and for
    ``in_phrase`` kinds always) only in the trigger's own phrase ("the buyers' offer was reviewed,
    and the sellers must sign a note")."""
    if not labels and not in_phrase:
        return None
    phrase = per_sentence(a, "phrases", _phrases)
    predicate = per_sentence(a, "predicate phrases", _predicate_phrases)
    # what a person did in an aside about them ("Borrower, who has reviewed the payoff figures ..., acknowledges")
    # vetoes nothing outside it; an aside about a thing ("HAFA, which ended in 2016, required ...") still does
    personal = [(lo, hi) for lo, hi in _relative_asides(a, t) if a.lowers[lo + 1] in {"who", "having"}]
    if a.lowers[:1] == ("having",) and "," in a.lowers[: t.start]:  # "Having reviewed the payoff figures, the
        personal.append((-1, a.lowers.index(",")))  # Sellers agree ...": what they did first vetoes nothing
    # a label that names its value's thing ("Note: Real Estate Lien Note dated March 9, 2021, original principal
    # ..."): what the value says of it counts for the label's word too
    labelled = t.end + 1 < len(a.lowers) and a.lowers[t.end] == ":" and opens_sentence(a, t)
    colon = next((k for k, w in enumerate(a.lowers[:LABEL_REACH]) if w == ":"), None)
    for m in a.concepts:
        if m.label in labels and m.label in vocab.label_vetoes and colon is not None and m.end <= colon < t.start:
            return m  # "Alternatives considered: ... (b) asking the borrowers for a note"
        if any(lo < m.start < hi for lo, hi in personal):
            continue
        if m.label in vocab.joint_vetoes and _joined_to_borrower(a, m):
            continue  # "Buyer and Seller acknowledge ...": both sides, not the buyer's own matter
        if m.label in vocab.forward_vetoes:  # "waives any claim that it was discharged": only what follows it
            if m.label in labels and m.end <= t.start:
                return m
            continue
        # a kind that names who acts reaches the subject's second predicate; a topic does not: "The Bank will
        # report the cancelled amount on Form 1099-C and will not seek repayment" (the tax word is the report's)
        split = predicate if m.label not in vocab.subject_vetoes else phrase
        same = split[m.start] == split[t.start] or (labelled and split[m.start] == split[t.end + 1])
        if (m.label in labels and (m.label in vocab.sentence_vetoes or same)) or (m.label in in_phrase and same):
            if m.label in vocab.applied_law_vetoes and _applied_law(a, m, vocab):
                continue  # "reserves its rights ... in accordance with Florida Statutes section 702.06"
            if m.label in vocab.conditioned_vetoes and _in_other_condition(a, m, t):
                continue  # "As long as the buyer's money comes through, you won't owe us anything more"
            if m.label in vocab.prospective_vetoes and m.start >= t.end and _to_be_signed(a, t):
                continue  # "shall execute a promissory note ... in the original principal amount of $18,500"
            timed = m.label in vocab.timed_vetoes
            if timed and any(x.end == m.start and x.label in vocab.timed_after for x in a.concepts):
                continue  # "Release of the lien at closing shall not affect the Lender's right to collect ..."
            return m
    return None


def _to_be_signed(a: Analysis, t: Mention) -> bool:
    """Is the trigger's paper one still to be signed: a modal and a signing verb just before it ("shall execute
    a promissory note", "must sign and deliver to Lender at Settlement a promissory note")?"""
    for c in a.concepts:
        if c.label == "SIGN" and c.end <= t.start and t.start - c.end <= 8:
            return any(w in MODALS for w in a.lowers[max(0, c.start - 3) : c.start])
    return False


def _possessive(word: str) -> bool:
    """A possessive mark or a word that carries one ("'s", "lender's")."""
    return word in POSSESSIVE_MARKS or word.endswith(("'s", "\u2019s"))


def amount_tokens(a: Analysis) -> set[int]:
    """The tokens of the sentence's sums (AMOUNT mentions)."""
    return {i for m in a.concepts if m.label == "AMOUNT" for i in range(m.start, m.end)}


def _joined_to_borrower(a: Analysis, m: Mention) -> bool:
    """Is ``m`` one of a pair with the borrower ("Buyer and Seller", "the Sellers and the Purchaser")? Not
    a pair of owners ("Buyer's and Seller's obligations under Paragraph 14"): that names their matter."""
    if _possessive(a.lowers[m.end - 1]):
        return False
    return any(
        b.label == "borrower"
        and (
            (b.start in (m.end + 1, m.end + 2) and a.lowers[m.end] in JOINING)
            or (m.start in (b.end + 1, b.end + 2) and a.lowers[b.end] in JOINING)
        )
        for b in a.actors
    )


def _in_other_condition(a: Analysis, m: Mention, t: Mention) -> bool:
    """Is ``m`` inside a condition's words that ``t`` is outside of (a context word in the "if"
    clause is the condition's, not the main clause's)?"""
    scopes = per_sentence(a, "scopes", _condition_scopes)
    return any(lo <= m.start < hi and not lo <= t.start < hi for lo, hi in scopes)


def _applied_law(a: Analysis, m: Mention, vocab: Vocabulary) -> bool:
    """Is the statute named within a few words after words that apply it ("pursuant to Florida
    Statutes section 702.06", "in accordance with the Act")?"""
    before = " " + " ".join(a.lowers[max(0, m.start - 16) : m.start]) + " "
    return any(f" {lead} " in before for lead in vocab.applied_law_leads)


def _negating_cue(a: Analysis, vocab: Vocabulary, cue: Mention, pseudo: set[int]) -> Mention | None:
    """A negation cue that itself reaches ``cue`` (same clause, within its window, nothing predicated
    between them): "it should not be assumed that the lender will not seek the balance"."""
    if cue.label in vocab.correlative:
        return None
    phrase = per_sentence(a, "phrases", _phrases)
    for outer in a.of_kind("NP"):
        if outer.start in pseudo or outer.end > cue.start or cue.start - outer.end > outer.window:
            continue
        if (outer.label in vocab.verb_cues and cue.start - outer.end > 1) or a.clause_of[outer.start] != a.clause_of[
            cue.start
        ]:
            continue  # a bare "not" negates its own verb ("does not waive its right to"), not a later cue
        if phrase[outer.start] != phrase[cue.start]:
            continue  # "you will owe nothing ..., and we will not try to collect": two statements
        if outer.label == "without" and cue.label in vocab.verb_cues:
            continue  # "a creditor that sells without appraisal may not obtain ...": "without" takes its own noun
        if outer.label in vocab.noun_cues and cue.label in vocab.noun_cues and a.lowers[cue.start - 1] in LIST_JOINS:
            continue  # "no note and no cognovit": a list of negated nouns, not a double negation
        if outer.label in vocab.noun_cues and _second_predicate(a, outer.end, cue.start):
            continue  # "has no prepayment penalty and does not include a cognovit": two predicates
        if not _blocking(a, vocab, outer, cue.start):
            return outer
    return None


def _second_predicate(a: Analysis, start: int, end: int) -> bool:
    """Does "and"/"or" followed by an auxiliary or modal open a second predicate between start and end, with or
    without a short subject of its own ("no recovery account will be opened and the loan will not be referred")?"""
    verbs = MODALS | AUXILIARIES | BE_FORMS
    for i in range(start, end - 1):
        if a.lowers[i] not in {"and", "or", "but"}:
            continue
        if a.lowers[i + 1] in verbs:
            return True
        if a.lowers[i + 1] in DETERMINERS | NEW_SUBJECTS and any(
            a.lowers[j] in verbs for j in range(i + 2, min(i + 5, end))
        ):
            return True
    return False


def _verb_group(a: Analysis, vocab: Vocabulary, start: int, end: int) -> bool:
    """Only auxiliaries, transparent words ("required to", "agreed to") and actors ("ask you to")
    between a verb cue and its verb."""
    covered = {i for m in a.actors for i in range(m.start, m.end)}
    covered |= {i for m in a.concepts if m.label in vocab.transparent_concepts for i in range(m.start, m.end)}
    for m in a.concepts:  # "does not contain a warrant of attorney or any confession": the list's earlier items
        if start <= m.start and m.label in vocab.layers["object"] and _alternative_before(a, m.end, end):
            covered |= set(range(m.start, end))
    modifiers = per_sentence(a, "noun modifiers", _noun_modifiers)  # "asked for a settlement payment"
    covered |= {i for i in modifiers if start <= i < end}
    alternative = end - start > 3 and a.lowers[end - 1] == "to" and a.lowers[end - 2] in {"or", "nor"}
    if alternative and "to" in a.lowers[start : end - 2]:  # "asked to make a payment or to sign"
        covered |= set(range(a.lowers.index("to", start, end - 2), end))
    aside = False  # ", by this consent," — a parenthetical between commas does not count
    for i in range(start, end):
        w = a.lowers[i]
        if w == "," and i > start and a.lowers[i - 1] in DEEMED | BE_FORMS | {"as", "for", "to", "of", "from", "with"}:
            continue  # "is not, and shall not be treated as, a forgiveness"; "will not ask for, a note": a shared verb
        if w == ",":
            aside = not aside
        elif not (aside or i in covered or w in vocab.transparent or w in ADVERBS or w in BE_FORMS):
            return _coordinated_verbs(a, i, end)
    return not aside


def _noun_modifiers(a: Analysis) -> frozenset[int]:
    """A noun's one plain modifier after its article ("a settlement payment"): a word in no concept or
    actor, between a determiner and a concept."""
    starts = {m.start for m in a.concepts}
    named = {i for m in (*a.concepts, *a.actors) for i in range(m.start, m.end)}
    return frozenset(
        i
        for i in range(1, len(a.lowers))
        if a.lowers[i - 1] in DETERMINERS and i + 1 in starts and a.lowers[i].isalpha() and i not in named
    )


def _coordinated_verbs(a: Analysis, i: int, end: int) -> bool:
    """A list of bare verbs before the trigger, all under one cue: "does not settle, compromise or
    forgive" (at most three words, each followed by "," / "or" / "and"; the last join is "or"/"and")."""
    words = a.lowers[i:end]
    if not words or words[-1] not in LIST_JOINS or words[-1] == "," or len(words) > 6:
        return False
    verbs = [w for w in words if w not in LIST_JOINS]
    return 1 <= len(verbs) <= 3 and len(words) - len(verbs) >= len(verbs) and all(w.isalpha() for w in verbs)


def _chained(a: Analysis, t: Mention, vocab: Vocabulary, depth: int) -> Decision:
    """A negation carried over from an earlier word of the same clause:

    * "will not seek a judgment or refer the balance for collection": a predicate of the same
      concept shortly after a negated one;
    * "does not release, waive or discharge": any predicate coordinated with a negated one;
    * "has not signed any confession of judgment": an object (other than the debt itself, which
      only a noun cue negates) right after a negated predicate.
    """
    if depth > 3:  # "not released, forgiven or discharged": a chain of coordinated predicates
        return Decision("not negated")
    predicate = t.label in vocab.layers["predicate"]
    inherits = not predicate and t.label in vocab.layers["negatable"] and t.label not in vocab.noun_cue_only
    if predicate and (_reduced_relative(a, t, vocab) or _object_participle(a, t, vocab)):
        predicate, inherits = False, True  # "not responsible for any amount owed": "owed" is the object's
    if not (predicate or inherits):
        return Decision("not negated")
    for m in reversed(a.concepts):
        if m.end > t.start or t.start - m.end > 12 or a.clause_of[m.start] != a.clause_of[t.start]:
            continue
        if m.label not in vocab.layers["predicate"]:
            continue
        between = a.lowers[m.end : t.start]
        new_subject = any(  # "..., which is not waived, the Lender waives": a new subject, a new verb
            m.end <= x.start and x.end <= t.start and (x.end == t.start or a.lowers[x.end] in SUBJECT_VERBS)
            for x in a.actors
        )
        same = predicate and m.label == t.label and depth == 0 and not new_subject
        # "will not pursue, assign or report"; "has not agreed to accept the proceeds as payment in full"
        coordinated = predicate and (
            (bool(between) and (all(w in COORDINATION for w in between) or _coordinated_verbs(a, m.end, t.start)))
            or tuple(between) == ("as",)
        )
        if (  # "won't be placed with a collection agency or sold": the trigger opens with its own "or"
            predicate
            and not coordinated
            and a.lowers[t.start] in {"or", "nor"}
            and len(between) <= 5
            and not any(w in {",", ";"} or w in MODALS | AUXILIARIES | BE_FORMS for w in between)
        ):
            coordinated = True
        if coordinated and tuple(between) == ("and",) and t.label in vocab.states_after_and and m.label != t.label:
            coordinated = False  # "is not waived and remains payable": the state is said of its own
        if coordinated and "," in between and _finite_after_bare(a.lowers[m.start], a.lowers[t.start]):
            coordinated = False  # "will not pursue any deficiency, and releases you": its own tense, its own verb
        governs = (
            depth == 0
            and inherits
            and not _new_phrase_subject(a, m, t)
            and not any(
                o.label in vocab.layers["predicate"] and m.end <= o.start and o.end <= t.start for o in a.concepts
            )
        )
        if governs and m.label in vocab.keeping_when_negated:
            break  # "nothing limits the right to have judgment confessed": a negated limit keeps it
        if same or coordinated or governs:
            prior = negation(a, m, vocab, depth + 1)
            if prior.value == "negated":
                return Decision("negated", prior.words, prior.mention)
        if governs:
            break
    return Decision("not negated")


def _new_phrase_subject(a: Analysis, m: Mention, t: Mention) -> bool:
    """Does a new phrase with its own actor begin between m and t (", and the Lender holds a ...")?"""
    phrase = per_sentence(a, "phrases", _phrases)
    if phrase[m.start] == phrase[t.start]:
        return False
    return any(m.end <= x.start and x.end <= t.start and phrase[x.start] == phrase[t.start] for x in a.actors)


def _object_participle(a: Analysis, t: Mention, vocab: Vocabulary) -> bool:
    """A participle after a predicate's one- or two-word object ("will not be asked to sign anything promising
    to pay it", "has not signed a paper agreeing to repay"): it says what the object is; the predicate's
    negation is its own."""
    if not a.lowers[t.start].endswith("ing") or t.start < 2:
        return False
    return any(
        m.label in vocab.layers["predicate"] and 1 <= t.start - m.end <= 2 and a.lowers[m.end] not in COORDINATION
        and not any(w in {",", ";", ":"} for w in a.lowers[m.end : t.start])
        for m in a.concepts
    )


def _reduced_relative(a: Analysis, t: Mention, vocab: Vocabulary) -> bool:
    """A one-word participle or relative verb right after the debt it describes ("any remaining
    amount owed", "the balance owing", "the balance that remains") says what the debt is; whatever
    negates the debt's verb negates it."""
    if t.end - t.start != 1:
        return False
    if t.start > 1 and a.lowers[t.start - 1] == "to" and _takes_infinitive(a, vocab, t.start - 2, rights=False):
        return True  # "will not sign any note or agreement to pay": the paper's verb, under the same negation
    relative = t.start > 1 and a.lowers[t.start - 1] in {"that", "which"}  # "the balance that remains"
    if not (relative or a.lowers[t.start].endswith(("ed", "en", "ing"))):
        return False
    before = t.start - 1 if relative else t.start
    return any(m.end == before and m.label in vocab.layers["object"] for m in a.concepts)


def _same_clause_cue(a: Analysis, cue: Mention, t: Mention) -> bool:
    # A cue that is itself a termination word ("nor") opens the clause it negates.
    return a.clause_of[max(cue.end - 1, 0)] == a.clause_of[t.start]


def is_attributive(a: Analysis, t: Mention) -> bool:
    """ "the waived amount": a participle used as an adjective after a determiner acts on nothing."""
    return (
        t.end - t.start == 1
        and t.start > 0
        and a.lowers[t.start - 1] in DETERMINERS | {"this", "that", "such"}
        and a.lowers[t.start].endswith(("ed", "en"))
        and t.end < len(a.lowers)
        and a.lowers[t.end].isalpha()
    )


def describes_governed_debt(a: Analysis, t: Mention, vocab: Vocabulary) -> bool:
    """ "released from all other sums due under the Loan", "releases ... from every obligation to pay any sum
    still unpaid": a one-word "due" / "owing" / "still" right after a debt that a preposition or a releasing
    verb governs describes that debt; it does not say the debt remains due."""
    releasing = vocab.releasing
    if t.label not in {"OWE", "REMAIN"} or t.end - t.start != 1 or t.start == 0:
        return False
    if t.start >= 4 and a.lowers[t.start - 3 : t.start] in (("or", "to", "become"), ("and", "to", "become")):
        first = next((m for m in a.concepts if m.end == t.start - 3 and m.label == t.label), None)
        return first is not None and describes_governed_debt(a, first, vocab)  # "every sum owed or to become owed"
    gap = 1 if a.lowers[t.start - 1] in {"remaining", "then", "still", "now"} else 0  # "any sums remaining due"
    if a.lowers[t.start - 1] in _RELATIVE_DUE:  # "any sum that was or could become due under it"
        k = t.start
        while k > 0 and t.start - k < 6 and a.lowers[k - 1] in _RELATIVE_DUE:
            k -= 1
        gap = t.start - k if a.lowers[k] in {"that", "which"} else gap
        while gap < 6 and t.start - gap > 0 and (  # "the amount owed on loan ending 6209 that remains after the sale"
            a.lowers[t.start - gap - 1] in _NUMBER_WORDS or a.lowers[t.start - gap - 1].isdigit()
        ):
            gap += 1
        account = next((m for m in a.concepts if m.end == t.start - gap and m.label == "ON_ACCOUNT"), None)
        gap += account.end - account.start if account is not None and gap > 1 else 0
    debt = next((m for m in a.concepts if m.end == t.start - gap and m.label in DEBT_NOUNS), None)
    if debt is None:
        return False
    if t.label == "OWE" and _after_preposition(a, debt.start):
        return True
    return any(  # a releasing verb, not a noun and not negated: "does not release the balance still owed" keeps it
        r.label in releasing
        and r.end <= debt.start
        and a.clause_of[r.start] == a.clause_of[debt.start]
        and not (r.start > 0 and a.lowers[r.start - 1] in DETERMINERS)
        and negation(a, r, vocab).value != "negated"
        for r in a.concepts
    )


DEBT_NOUNS = frozenset({"DEBT", "LIABILITY", "DEFICIENCY_JUDGMENT"})
_NUMBER_WORDS = frozenset({"ending", "no", "no.", "number", "#", "in"})  # a loan's number after its noun
_RELATIVE_DUE = frozenset(
    {"that", "which", "was", "is", "are", "were", "or", "and", "could", "may", "might", "will", "shall", "become",
     "becomes", "be", "been", "has", "have", "hereafter", "ever"}
)
OWING = DEBT_NOUNS | {"OWE", "LIABLE", "REMAIN", "SURVIVE"}  # who owes: said in its own clause
VERBAL = frozenset(
    {"WAIVE", "FORGIVE", "RELEASE_VERB", "PURSUE", "SATISFY", "RECONVEY", "SIGN", "REPAY", "CONFESS", "RESERVE"}
)


def passive_phrase(a: Analysis, t: Mention) -> bool:
    """Is the trigger's own phrase a passive ("will not be asked to pay", "be contacted for")? Its subject is
    the one acted upon."""
    return t.end - t.start > 1 and a.lowers[t.start] in BE_FORMS and a.lowers[t.start + 1].endswith(("ed", "en"))


def is_passive(a: Analysis, t: Mention) -> bool:
    """ "is released", "will be waived": the subject is acted upon. Adjectives ("is liable") are not passives."""
    if t.label not in VERBAL:
        return False
    i = _before_adverbs(a, t)
    if i >= 0 and a.lowers[i] in BE_FORMS and not a.lowers[t.start].endswith("ing"):
        return True
    if not a.lowers[t.end - 1].endswith(("ed", "en")):
        return False
    if i >= 2 and a.lowers[i] in {"but", "and", "or"}:  # "will be charged off but not forgiven": one "be", two verbs
        j = i - 1 - (a.lowers[i - 1] in PARTICLES)
        if j >= 1 and a.lowers[j].endswith(("ed", "en")) and a.lowers[j - 1] in BE_FORMS:
            return True
    # a remark's shorthand: "sellers released from the remaining balance" (the cheap checks first: a hot path)
    if (
        a.form is None
        and t.end < len(a.lowers)
        and a.lowers[t.end] == "from"
        and any(m.end == t.start and m.label == "borrower" for m in a.actors)
    ):
        return True
    # a note's shorthand: "deficiency NOT waived per lender", "balance forgiven in full", a form's
    # "Deficiency: waived in full"
    label = i - 1 if i >= 0 and a.lowers[i] in LABEL_MARKS else i
    return any(m.end == label + 1 and m.label in DEBT_NOUNS for m in a.concepts)


def _before_adverbs(a: Analysis, t: Mention) -> int:
    """The word before the trigger and any adverbs or "deemed" words just before it ("shall be deemed forgiven")."""
    i = t.start - 1
    while i >= 0 and (a.lowers[i] in ADVERBS or a.lowers[i] in DEEMED):
        i -= 1
    return i


def stative_passive(a: Analysis, t: Mention) -> bool:
    """A passive that states what is, not what shall be: "the note is paid", "once that money is paid to me",
    "has been repaid" (no modal or "to" before its "be", as in "shall be repaid", "is to be paid")."""
    i = _before_adverbs(a, t)
    if i < 0 or a.lowers[i] not in BE_FORMS:
        return False
    j = i - 1
    while j >= 0 and a.lowers[j] in ADVERBS:
        j -= 1
    before = a.lowers[j] if j >= 0 else ""
    if a.lowers[i] == "be" or before in MODALS or before == "to":
        return False
    for k in range(i - 1, max(i - 10, -1), -1):  # "... until the deficiency has been repaid"
        if a.lowers[k] in {",", ";", ".", ":"}:
            break
        if a.lowers[k] in {"until", "till"}:
            return False
    return True


def _side(a: Analysis, m: Mention, we_side: str) -> str:
    if m.label == "we":
        return "borrower" if a.borrower_voice else we_side
    return m.label


def _condition_scopes(a: Analysis) -> list[tuple[int, int]]:
    return [(m.end, _scope_end(a, m)) for m in a.of_kind("CM")]


OPENING_PREPOSITIONS = frozenset({"under", "pursuant", "per", "according", "through", "except", "apart", "other"})


def _opening_phrase_end(a: Analysis) -> int:
    """The comma that closes an opening prepositional phrase ("Under this agreement, ...", "Pursuant to the
    Bank's approval, ..."), else 0: what it names is not the subject of the main clause."""
    first = next((k for k, w in enumerate(a.lowers[:3]) if _opening_word(w)), 0)  # after "12.1", "(b)"
    words = a.lowers[first:]
    if not words or (words[0] not in OPENING_PREPOSITIONS and words[:3] not in CONSIDERATION_OPENINGS):
        return 0
    end = next((k for k, w in enumerate(a.lowers[: first + 12]) if w == "," and k > first), 0)
    # the phrase may run on ("For value received, including the Lender's consent to the short sale of ..., Ann
    # Roe promises to pay"): what it includes is part of it
    while end and end + 1 < len(a.lowers) and a.lowers[end + 1] in OPENING_RUN_ONS:
        end = next((k for k in range(end + 2, min(len(a.lowers), end + 26)) if a.lowers[k] == ","), 0)
    return end


OPENING_RUN_ONS = frozenset({"including", "together", "plus", "namely"})
CONSIDERATION_OPENINGS = frozenset({("for", "value", "received"), ("for", "and", "in")})  # a note's opening words


def actor_before(a: Analysis, t: Mention, we_side: str, subject_only: bool = False) -> Decision:
    """The nearest actor before the trigger, in its clause first, then in the sentence.
    ``subject_only``: not one a preposition governs ("remains due to the Credit Union and is not
    forgiven": the Credit Union is not what is forgiven)."""
    inside = next((m for m in a.actors if m.start == t.start and m.end < t.end), None)
    if inside is not None:  # "I know I will still owe ...": the speaker is part of the trigger's words
        return Decision(_side(a, inside, we_side), a.words(inside.start, inside.end), inside)
    scopes = per_sentence(a, "scopes", _condition_scopes)
    before = [
        m
        for m in a.actors
        if m.end <= t.start
        and a.lowers[m.start] not in POSSESSIVES
        and not any(lo <= m.start < hi and not lo <= t.start < hi for lo, hi in scopes)
        and not (m.label == "borrower" and t.label in RELEASES and m.end < len(a.lowers) and a.lowers[m.end] == "'s")
        and not (subject_only and _after_preposition(a, m.start))
        # the one a thing is sent to, not the sender: "The servicer will continue to send you monthly statements"
        and not (m.start > 0 and a.lowers[m.start - 1] in SENDING_VERBS)
    ]
    relative = _relative_asides(a, t)  # "Borrower, who understands that the Lender is accepting ..., acknowledges"
    before = [m for m in before if not any(lo < m.start < hi for lo, hi in relative)] or before
    opening = per_sentence(a, "opening", _opening_phrase_end)  # "Under this agreement, no deficiency ...": no subject
    if opening and opening < t.start:
        before = [m for m in before if m.start >= opening]
    subjects = [m for m in before if not _owner_of_other(a, m, t)]
    if subjects and len(subjects) < len(before):
        before = subjects  # "the Credit Union accepts ... the member's first mortgage and waives the shortfall"
    if _coordinated_predicate(a, t):  # "The Bank waives its right to recover from the Borrower ..., and will not
        heads = [m for m in before if not _after_preposition(a, m.start)]  # seek ...": the Bank, not the Borrower
        before = heads  # "Flatboat reserves its rights against you ..., and may seek": not "you" (no known subject)
        first = max(
            (
                m.start
                for m in a.concepts
                if m.label in VERBAL
                and m.end <= t.start
                and ";" not in a.lowers[m.end : t.start]
                and not any(lo <= m.start < hi and not lo <= t.start < hi for lo, hi in scopes)
            ),
            default=None,
        )
        if first is not None and any(m.end <= first for m in heads):  # "the Lender releases the Borrower ...
            before = [m for m in heads if m.end <= first]  # and agrees": the first verb's subject, not its object
        subjects = [m for m in before if not _verb_object(a, m)]  # "Bank releases the Borrowers from any further
        if subjects:  # obligation to pay the note and agrees": a verb's object is not the subject of "agrees"
            before = subjects
    if before and _named_passive_subject(a, t, before[-1]):
        return Decision("unknown")  # "..., and TULLIA SPARGO IS RELEASED from any further liability"
    pronoun = _it_subject(a, before[-1].end if before else 0, t.start)
    if pronoun is not None:  # "advises the Borrower that it intends to seek": "it" is not the Borrower
        things = [m for m in before if m.end <= pronoun and m.label != "borrower"]
        if not things:
            return Decision("unknown")
        return Decision(_side(a, things[-1], we_side), a.words(things[-1].start, things[-1].end), things[-1])
    same = [m for m in before if a.clause_of[m.start] == a.clause_of[t.start]]
    if not same and t.label in OWING and ";" in a.lowers[: t.start]:  # "...; no further payments are due"
        before = [m for m in before if ";" not in a.lowers[m.end : t.start]]
    for pool in (same, before):
        if pool:
            m = pool[-1]
            return Decision(_side(a, m, we_side), a.words(m.start, m.end), m)
    subject = _subject_after_opening(a, t)
    if subject is not None:  # "For value received, the Credit Union releases ...": the opening phrase's doer
        return Decision(_side(a, subject, we_side), a.words(subject.start, subject.end), subject)
    return Decision("unknown")


IT_VERBS = MODALS | {"intends", "reserves", "expects", "plans", "has", "does", "retains", "keeps"}


def _it_subject(a: Analysis, lo: int, hi: int) -> int | None:
    """Where "it" (a company, never a person) stands as a subject between lo and hi ("that it intends to")."""
    return next(
        (i for i in range(hi - 1, lo - 1, -1) if a.lowers[i] == "it" and i + 1 < hi and a.lowers[i + 1] in IT_VERBS),
        None,
    )


def _named_passive_subject(a: Analysis, t: Mention, nearest: Mention) -> bool:
    """Is the passive trigger's subject a name the actors do not know, joined on after the nearest
    actor's clause (", and Jane Roe is released")? Then that actor is not its subject."""
    k = t.start - 1
    if k < 2 or a.lowers[k] not in {"is", "are"}:
        return False
    j = k - 1
    while j > nearest.end and a.lowers[j].isalpha() and a.lowers[j] != "and" and a.words(j, j + 1)[:1].isupper():
        j -= 1
    return k - j >= 2 and a.lowers[j] == "and" and j > nearest.end


def _verb_object(a: Analysis, m: Mention) -> bool:
    """Is the actor the object of a verb just before it ("releases the Borrowers", "releases you")?"""
    k = m.start - 1
    while k >= 0 and a.lowers[k] in DETERMINERS:
        k -= 1
    return k >= 0 and any(c.end == k + 1 and c.label in VERBAL for c in a.concepts)


def _coordinated_predicate(a: Analysis, t: Mention) -> bool:
    """Does the trigger open a predicate joined to the one before it, with no subject of its own
    ("..., and will not seek", "and shall not pursue")? Only modals, auxiliaries and negations between."""
    k = t.start - 1
    while k >= 0 and (a.lowers[k] in MODALS or a.lowers[k] in AUXILIARIES or a.lowers[k] in COORDINATED_GLUE):
        k -= 1
    word = a.lowers[t.start]
    finite = t.label in VERBAL | {"ACK"} and word.endswith("s") and not word.endswith("ss")  # "... and agrees"
    return (k < t.start - 1 or finite) and k >= 0 and a.lowers[k] in {"and", "or"}


RELATIVE_OPENERS = frozenset({"who", "which", "having"})


def _relative_asides(a: Analysis, t: Mention) -> list[tuple[int, int]]:
    """Asides between a subject and the trigger, set off by commas and opening with "who", "having",
    "being" ...: the actors inside them are not the trigger's subject."""
    commas = [i for i in range(t.start) if a.lowers[i] == ","]
    return [
        (lo, hi)
        for lo, hi in zip(commas, commas[1:], strict=False)
        if lo + 1 < hi and a.lowers[lo + 1] in RELATIVE_OPENERS
    ]


def _owner_of_other(a: Analysis, m: Mention, t: Mention) -> bool:
    """An actor named as the owner of some other thing inside a prepositional phrase ("payment in full
    of the member's first mortgage and waives the shortfall"): its possessive stands more than two words
    before the trigger, so it is not the subject ("the holder's acceptance ... shall not be construed as
    a waiver" keeps the holder)."""
    possessive = m.end < len(a.lowers) and a.lowers[m.end] in POSSESSIVE_MARKS
    return possessive and t.start > m.end + 3 and _after_preposition(a, m.start)


NOUN_OPENERS = frozenset({"the", "a", "an"})  # a definition that opens with a noun phrase
SUBORDINATORS = frozenset({"when", "whenever", "once", "after", "if", "where"})


def states_act(a: Analysis, start: int) -> bool:
    """Does the text from ``start`` state an act rather than define a term: a releasing verb in a
    finite form that no relative word introduces ("Certificate of Discharge: the mortgage held by the
    Bank is discharged", "Full Reconveyance: the trustee reconveys the property"), unlike "Deficiency
    judgment: a judgment that is entered for the balance"?"""
    opener = next((w for w in a.lowers[start : start + 3] if w not in {":", "-", "--", "—", "–"}), "")
    for c in a.concepts:
        if c.start < start or c.label not in VERBAL or c.end - c.start != 1:
            continue
        if any(w in RELATIVES for w in a.lowers[start : c.start]):
            return False
        if opener in NOUN_OPENERS and any(w in SUBORDINATORS for w in a.lowers[start : c.start]):
            return False  # "Reconveyance -- the trustee's return of title when a deed of trust is released"
        word, before = a.lowers[c.start], a.lowers[c.start - 1] if c.start > start else ""
        passive = before in BE_FORMS and word.endswith(("ed", "en"))
        if passive or (word.endswith("s") and not word.endswith("ss") and before not in NOT_VERB_LEADS):
            return True
    return False


def receives(a: Analysis, subject: Decision, t: Mention, verbs: frozenset[str]) -> bool:
    """Is the subject the receiver of what the trigger names ("Borrower will receive a recorded
    satisfaction", "you will get a letter releasing you"): a receiving verb between them, in one clause?"""
    m = subject.mention
    if m is None or m.end > t.start or a.clause_of[m.start] != a.clause_of[t.start]:
        return False
    between = a.lowers[m.end : t.start]  # a receipt to come, not one acknowledged ("I have received a copy")
    return any(w in verbs and k > 0 and between[k - 1] in MODALS for k, w in enumerate(between))


def directed(a: Analysis, subject: Decision, t: Mention, verbs: frozenset[str]) -> bool:
    """Is the subject told to carry out the trigger for someone else ("You are authorized and requested to
    enter satisfaction of the mortgage": the recorder, on the lender's order)? A passive of a directing verb
    between them, in one clause."""
    m = subject.mention
    if m is None or m.end > t.start or a.clause_of[m.start] != a.clause_of[t.start]:
        return False
    between = a.lowers[m.end : t.start]
    return any(w in BE_FORMS and any(v in verbs for v in between[k + 1 : k + 3]) for k, w in enumerate(between))


def released_by(a: Analysis, t: Mention, vocab: Vocabulary) -> Mention | None:
    """The releasing verb whose object the trigger is ("releases Borrower from the Note", "the Note is
    cancelled"): a releasing predicate in the trigger's clause, not negated, acting on it."""
    for r in a.concepts:
        if r.label not in vocab.releasing or a.clause_of[r.start] != a.clause_of[t.start] or r is t:
            continue
        if not (r.end <= t.start <= r.end + 12 or t.end <= r.start <= t.end + 4):
            continue
        if r.start > 0 and a.lowers[r.start - 1] in DETERMINERS | {"its", "our", "their", "his", "her", "your"}:
            continue  # a noun ("Before we sign the release, you must sign a note"): it releases nothing here
        lo, hi = (r.end, t.start) if r.end <= t.start else (t.end, r.start)
        verbs = any(lo <= m.start < hi and m.label in vocab.layers["predicate"] for m in a.concepts)
        if verbs or "," in a.lowers[lo:hi]:
            continue  # another verb or a clause between them
        obj = object_of(a, r, vocab, 12, is_passive(a, r), frozenset({t.label}))
        owed = obj.mention
        # "releases the member from all obligations under the promissory note": the note is where the debt lies
        under = owed is not None and owed.label in DEBT_NOUNS and _under_it(a, owed.end, t.start)
        # "releases the Maker ... from all further liability for the payment of the Note": the liability released
        # governs the trigger, whatever the verb's first object
        under = under or any(
            m.label in DEBT_NOUNS and r.end <= m.start and m.end <= t.start and _under_it(a, m.end, t.start)
            for m in a.concepts
        )
        if (owed is t or under) and negation(a, r, vocab).value != "negated":
            return r
    return None


def _under_it(a: Analysis, end: int, start: int) -> bool:
    """Do only a preposition of source and a determiner stand between a debt and the paper after it ("obligations
    under the promissory note", "the balance evidenced by the Note", "liability for the payment")?"""
    between = a.lowers[end:start]
    sources = {"under", "on", "of", "evidenced", "pursuant", "for"}
    glue = sources | {"by", "to", "the", "this", "that", "your", "their", "its"}
    return 0 < len(between) <= 3 and between[0] in sources and all(w in glue for w in between)


LOAN_WORDS = (OWED_WORDS - {"AMOUNT"}) | {"LIEN", "FORGIVEN_DEBT"}  # a loan named, not just a sum


def mutual_giver(a: Analysis, subject: Decision, t: Mention, we_side: str, objects: tuple[str, ...]) -> Decision:
    """A release the parties give each other ("Lender and Borrower release each other", "each release the
    other"): the lender among the subjects gives it too, though the borrower is the nearer actor."""
    m = subject.mention
    ours = m is not None and m.label == "we"  # "each of us releases the other": the signers, whoever "we" are
    if (subject.value not in {"borrower", "unknown"} and not ours) or t.end >= len(a.lowers):
        return subject
    after = a.lowers[t.end + 1 : t.end + 4] if a.lowers[t.end] == "to" else a.lowers[t.end : t.end + 3]
    rest = " ".join(after)  # "each party releases to the other any claim ..."
    if not any(rest == o or rest.startswith(o + " ") for o in objects):
        return subject
    clause = a.clause_of[t.start]
    opening = per_sentence(a, "opening", _opening_phrase_end)  # "Except for the obligations created by ...,": no giver
    givers = (
        o
        for o in a.actors
        if opening <= o.start and o.end <= t.start and a.clause_of[o.start] == clause and not (ours and o is m)
    )
    giver = next((o for o in givers if _side(a, o, we_side) == "lender"), None)
    if giver is not None:
        return Decision("lender", a.words(giver.start, giver.end), giver)
    if (m is None or ours) and not any(c.label in LOAN_WORDS and c.start >= opening for c in a.concepts):
        # "Each party releases the other from all claims arising out of the marriage": no lender and no loan
        return Decision("third_party", "the parties, to each other")
    return subject


def _subject_after_opening(a: Analysis, t: Mention) -> Mention | None:
    """The subject right after an opening phrase that is the trigger itself ("For value received, the Bank"):
    the first actor within six words after the phrase's comma."""
    if t.start != 0 or t.end >= len(a.lowers) or a.lowers[t.end] != ",":
        return None
    return next((m for m in a.actors if t.end < m.start <= t.end + 7), None)


def patient_after(a: Analysis, t: Mention, we_side: str, objects: frozenset[str] = frozenset()) -> Decision:
    """Who an active trigger acts on: an actor right after it ("released the co-signer"), not one
    after its object ("does not waive any claim the Bank has": the Bank is not waived)."""
    for m in a.actors:
        possessive = m.end < len(a.lowers) and a.lowers[m.end] == "'s"  # "waive the lender's right"
        possessive = possessive or a.lowers[m.start] in POSSESSIVES  # "release both our lien and your obligation"
        between = a.lowers[t.end : m.start]
        object_between = any(c.label in objects and t.end <= c.start and c.end <= m.start for c in a.concepts)
        if (
            t.end <= m.start <= t.end + 3
            and a.clause_of[m.start] == a.clause_of[t.start]
            and not possessive
            and not object_between
            and not any(w in PREPOSITIONS for w in between)
        ):
            return Decision(_side(a, m, we_side), a.words(m.start, m.end), m)
    return Decision("unknown")


def agent_after(a: Analysis, t: Mention, we_side: str, preps: frozenset[str] = frozenset({"by"})) -> Decision:
    """The agent of a passive: "waived by Lender"; with ``preps`` "by"/"from", who owes after an owed word:
    "owed by either of you", "due from Seller"."""
    if t.end < len(a.lowers) and a.lowers[t.end] in preps:
        for m in a.actors:
            if t.end < m.start <= t.end + 3:
                return Decision(_side(a, m, we_side), a.words(m.start, m.end), m)
    return Decision("unknown")


OWED_PARTICIPLES = frozenset({"owed", "due", "owing", "payable", "collectible", "collectable", "recoverable"})
COLLECTED = frozenset({"collectible", "collectable", "recoverable"})  # "collectible by us": the creditor collects
DEBTOR_PREPS = frozenset({"by", "from"})  # "owed by either of you", "due from Seller"


def owed_passive(a: Analysis, t: Mention) -> bool:
    """ "nothing further is owed by either of you", "no balance owed by you", "nothing remains due from you":
    what is owed stands before the word, the one who owes after "by"/"from" (or nobody is named)."""
    if a.lowers[t.end - 1] not in OWED_PARTICIPLES:
        return False
    i = _before_adverbs(a, t)
    return i >= 0 and (a.lowers[i] in BE_FORMS or a.lowers[i] in {"remains", "remain", "stays", "left"}
                       or any(m.end == i + 1 and m.label in DEBT_NOUNS for m in a.concepts))


def object_of(
    a: Analysis,
    t: Mention,
    vocab: Vocabulary,
    window: int,
    passive: bool = False,
    wanted: frozenset[str] = frozenset(),
) -> Decision:
    """What the trigger acts on. Active: the first object concept after it, up to a condition or
    clause break ("waived upon receipt of a contribution" acts on nothing after it), else the
    nearest before it. Passive: its subject first ("the balance ... will not be forgiven")."""
    objects = vocab.layers["object"] | wanted  # a rule may name a context concept as its object ("its right")
    clause = a.clause_of[t.start]
    stop = _object_stop(a, t, window, vocab.layers["predicate"])
    after = next((m for m in a.concepts if m.label in objects and t.end <= m.start < stop), None)
    if after is not None and after.label not in vocab.layers["object"]:
        # a rule's own stand-in ("recover from you the amount it pays") yields to a real object after it
        # ("collect from the Seller any additional fee")
        later = next((m for m in a.concepts if m.label in vocab.layers["object"] and after.end <= m.start < stop), None)
        after = later or after
    start = _phrase_start(a, t)
    if passive and t.start >= 2 and a.lowers[t.start - 1 - (a.lowers[t.start - 1] in DENIALS)] in {"but", "and", "or"}:
        clause = a.clause_of[max(0, t.start - 3)]  # "will be charged off but not forgiven": the first verb's subject
    before = [
        m
        for m in a.concepts
        if m.label in objects and start <= m.start and m.end <= t.start and a.clause_of[m.start] == clause
    ]
    if passive:
        # the subject: the last object before the trigger that is not inside a prepositional phrase
        # ("the debt evidenced by the note is not cancelled": the debt, not the mortgage or the note)
        aside = _aside_before(a, t)  # ", other than the lien on the property, are not released"
        heads = [m for m in before if not _after_preposition(a, m.start) and not aside[0] <= m.start < aside[1]]
        if not heads and t.start > 1 and a.lowers[t.start - 1] in LABEL_MARKS:  # a form's "Deficiency: waived"
            heads = [m for m in a.concepts if m.label in objects and m.end == t.start - 1]
        chosen = heads[-1] if heads else (before[0] if before else after)
    elif before and before[-1].end == t.start:
        chosen = before[-1]  # a noun compound names its object: "a full deficiency waiver"
    else:
        chosen = after or _antecedent(a, t, objects) or (before[-1] if before else None)
        if after is not None and wanted and after.label not in wanted:
            chosen = _coordinated_object(a, after, stop, wanted, vocab) or chosen
        owner = _buyers_possessive(a, t.end, after.start) if after is not None else None
        if owner is not None:
            return Decision(owner.label, a.words(owner.start, owner.end), owner)  # "collect the Buyers' signed note"
        if after is not None and _requirement_between(a, t.end, after.start):
            chosen = None  # "waived its usual requirement of a promissory note": the requirement, not the note
        if chosen is None:
            chosen = _antecedent(a, t, objects)
    if chosen is None and t.start > 0 and a.lowers[t.start - 1] == "such":
        # "Any waiver of the deficiency must be in writing; no such waiver is given": the earlier one's object
        earlier = next((m for m in reversed(a.concepts) if m.label == t.label and m.end <= t.start - 1), None)
        if earlier is not None:
            return object_of(a, earlier, vocab, window, False, wanted)
    if chosen is None and t.label in RELEASES:
        chosen = _released_from(a, t, objects)  # "releases Ann Roe, her heirs and assigns, from all claims"
    if chosen is None and (t.label in RELEASES or t.label == "PURSUE"):
        person = _released_person(a, t)
        if person is not None and t.label == "PURSUE" and person.end < len(a.lowers):
            # "insurer may pursue borrower.", "will not pursue you, your estate or anyone who signed with you",
            # "will not sue the Borrower for, report as owing, or sell ..."
            person = person if a.lowers[person.end] in {".", ";", ",", "or"} or _dangling_for(a, person.end) else None
        if person is not None:  # "shall not operate as a release of the Borrower": the person's liability
            return Decision("LIABILITY", a.words(person.start, person.end), person)
    if chosen is None:
        return Decision("none")
    if _settled_loan(a, t, chosen, vocab):
        return Decision("DEBT", a.words(chosen.start, chosen.end), chosen)  # "payment in full of the mortgage"
    return Decision(chosen.label, a.words(chosen.start, chosen.end), chosen)


SETTLED_LEADS = frozenset({"the", "your", "its", "this", "that", "our", "their", "first", "second", "subject"})


def _settled_loan(a: Analysis, t: Mention, chosen: Mention, vocab: Vocabulary) -> bool:
    """Does a settling word name a loan through "of" ("accepts $4,500 as full settlement of the home equity line",
    "in full satisfaction of your first mortgage")? Then the lien word is the loan settled, the debt; "the mortgage
    is satisfied of record" and "a satisfaction of the mortgage" settle no loan by name and stay the lien."""
    if t.label not in vocab.settling or chosen.label != "LIEN" or chosen.start <= t.end:
        return False
    if not vocab.settling_words.intersection(a.lowers[t.start : t.end]):
        return False  # "a satisfaction of the mortgage" is the lien's release paper, not the loan paid
    if any(m.label == "ACK" and t.start - 2 <= m.end <= t.start for m in a.concepts):
        return False  # "acknowledges full satisfaction of that mortgage": the discharge paper's own formula
    if " ".join(a.lowers[chosen.start : chosen.end]) not in vocab.settled_loans:
        return False
    between = a.lowers[t.end : chosen.start]
    return bool(between) and between[0] in {"of", "on"} and all(w in SETTLED_LEADS for w in between[1:])


PERSON_ENDS = frozenset({".", ",", ";", "or", "and", "personally", "individually"})  # not "the Seller of the duty"


def _released_person(a: Analysis, t: Mention) -> Mention | None:
    """The borrower right after a releasing word ("a release of the Borrower or any guarantor",
    "releases you"), not the borrower's own thing ("the Borrower's lien")."""
    k = t.end
    while k < len(a.lowers) and k < t.end + 3 and a.lowers[k] in {"of", "the", "any", "each", "all"}:
        k += 1
    return next(
        (
            m
            for m in a.actors
            if m.start == k
            and m.label == "borrower"
            and (m.end >= len(a.lowers) or a.lowers[m.end] in PERSON_ENDS or _dangling_for(a, m.end))
        ),
        None,
    )


def _released_from(a: Analysis, t: Mention, objects: frozenset[str]) -> Mention | None:
    """What a release frees its people from, after the people and their asides ("releases and forever discharges
    Ann Roe and Bo Roe, their heirs, executors and administrators, from all claims for ..."): the first object
    within a few words after the "from" that follows, in the same sentence part (no ";" or new verb between)."""
    verbs = {m.start for m in a.concepts if m.label in VERBAL}
    for k in range(t.end, min(len(a.lowers), t.end + 25)):
        w = a.lowers[k]
        if w in {";", ".", ":"} or k in verbs:
            return None
        if w == "from":
            found = next((m for m in a.concepts if k < m.start <= k + 4 and (m.label in objects or _duty(a, m))), None)
            if found is not None and found.label not in objects:  # "from your obligation to Granite Ledger"
                return Mention(found.kind, "LIABILITY", found.start, found.end) if "LIABILITY" in objects else None
            return found
    return None


def _duty(a: Analysis, m: Mention) -> bool:
    """A duty owed to someone ("obligation to Granite Ledger", "obligation to the insurer"), named by REQUIRE:
    after a release's "from" it is the liability released; an "obligation to close" or "to make repairs" is not."""
    if m.label != "REQUIRE" or a.lowers[m.start] not in {"obligation", "obligations"} or m.end >= len(a.lowers):
        return False
    return _named(a, m.end) or a.lowers[m.end] in {"us", "them", "the", "any", "its", "his", "her", "their", "your"}


def _dangling_for(a: Analysis, i: int) -> bool:
    """ "sue the Borrower for, report as owing, or sell ...": a preposition the verbs of a series share."""
    return tuple(a.lowers[i : i + 2]) == ("for", ",")


def _coordinated_object(
    a: Analysis, first: Mention, stop: int, wanted: frozenset[str], vocab: Vocabulary
) -> Mention | None:
    """A second object joined to the first by "both ... and", "as well as" or "together with" ("discharges
    both the lien of the Trust Deed and the Maker's personal obligation on the Note"): the verb acts on it
    too. None when a verb, a negation, a condition or a clause break stands between them."""
    for m in a.concepts:
        if m.start < first.end or m.start >= stop or m.label not in wanted:
            continue
        between = a.lowers[first.end : m.start]
        both = "both" in a.lowers[max(0, first.start - 3) : first.start] and "and" in between
        joined = both or " ".join(between).find("as well as") >= 0 or " ".join(between).find("together with") >= 0
        if any(w in {"not", "n't", "no", "never"} for w in between):
            return None  # "the amount needed to release the lien and not the amount of the debt"
        verbs = any(o.label in vocab.layers["predicate"] and first.end <= o.start < m.start for o in a.concepts)
        if joined and not verbs and not any(w in MODALS | AUXILIARIES | BE_FORMS for w in between):
            return m
        return None
    return None


def _antecedent(a: Analysis, t: Mention, objects: frozenset[str] | set[str]) -> Mention | None:
    """The object a pronoun right after the trigger stands for, earlier in the sentence: "we may
    sell the remaining debt to a third party, who may attempt to collect it" collects the debt."""
    k = t.end + (1 if t.end < len(a.lowers) and a.lowers[t.end] == "the" else 0)
    if k >= len(a.lowers) or a.lowers[k] not in PRONOUN_OBJECTS:
        return None
    earlier = [m for m in a.concepts if m.label in objects and m.end <= t.start]
    # "has purchased the balance on your mortgage and intends to collect it": the head noun of the clause
    clause = a.clause_of[t.start]
    heads = [m for m in earlier if a.clause_of[m.start] == clause and not _after_preposition(a, m.start)]
    pool = heads or earlier
    debts = [m for m in pool if m.label in DEBT_NOUNS]  # "unless you pay the debt, set up a plan, VA may collect it"
    return (debts or pool)[-1] if pool else None


def _buyers_possessive(a: Analysis, start: int, end: int) -> Mention | None:
    """The buyer's side named as the owner of the object between two tokens ("the Buyers' signed FHA
    note", "the purchaser's deposit"): the object is theirs, not the seller's debt."""
    return next(
        (
            m
            for m in a.concepts
            if m.label == "BUYER_SIDE" and start <= m.start and m.end < end and a.lowers[m.end] in POSSESSIVE_MARKS
        ),
        None,
    )


def _requirement_between(a: Analysis, start: int, end: int) -> bool:
    """Is a requirement named between two tokens ("its usual requirement of", "the condition that")?"""
    return any(
        m.label == "REQUIRE" and start <= m.start < end and REQUIREMENT_NOUNS & set(a.lowers[m.start : m.end])
        for m in a.concepts
    )


def _aside_before(a: Analysis, t: Mention) -> tuple[int, int]:
    """The comma-set aside just before a passive verb group, as a token range ((0, 0) if none):
    in "the obligations under the note, other than the lien, are not released" the subject is
    the obligations, not the lien."""
    k = t.start - 1
    while k >= 0 and (
        a.lowers[k] in BE_FORMS or a.lowers[k] in SUBJECT_VERBS or a.lowers[k] in ADVERBS or a.lowers[k] in DEEMED
    ):
        k -= 1
    if k < 1 or a.lowers[k] != ",":
        return (0, 0)
    opening = next((i for i in range(k - 1, max(k - 16, -1), -1) if a.lowers[i] == ","), None)
    return (opening, k) if opening is not None else (0, 0)


def _after_preposition(a: Analysis, i: int, depth: int = 0) -> bool:
    """Does a preposition govern the noun phrase starting at ``i`` ("of the mortgage", "by the note",
    "of your first mortgage", "under the note and mortgage")? Looks back over up to three modifiers."""
    for k in range(i - 1, max(i - 4, -1), -1):
        w = a.lowers[k]
        if w in {"and", "or"} and k - 1 > 0 and a.lowers[k - 1] not in {",", "and", "or"} and depth < 2:
            return _after_preposition(a, k - 1, depth + 1)  # coordinated with a governed noun
        if w in {",", "and", "or", ";", ":"}:
            return False
        if w in PREPOSITIONS:
            return True
    return False


def _phrase_start(a: Analysis, t: Mention) -> int:
    """Where the trigger's own clause begins: after ", and" / ", but" / ", or" before it."""
    for i in range(t.start - 1, 0, -1):
        if a.lowers[i - 1] == "," and a.lowers[i] in PHRASE_JOINS:
            if i + 1 < len(a.lowers) and a.lowers[i + 1] in MODALS:
                continue  # ", and may be enforced by": a second verb of the same subject
            return i + 1
    return 0


def _object_stop(a: Analysis, t: Mention, window: int, predicates: frozenset[str] = frozenset()) -> int:
    """Where the trigger's object may end: a condition, a clause break or ``window`` words on. A series of
    verbs sharing one object ("will not collect, send to an agency, sell or report as unpaid any part of the
    balance") moves the window to its last verb."""
    markers = {m.start for m in a.of_kind("CM")}
    verb_at, named = per_sentence(a, "series words", lambda x: _series_words(x, predicates))
    limit = min(len(a.lowers), t.end + window + 1)
    i, series, last_verb = t.end, False, t.end
    while i < limit:
        if i in markers or a.lowers[i] in {";", ":"} or a.clause_of[i] != a.clause_of[t.start]:
            return i
        # a series opens with a comma ("collect, send to an agency, sell or report"), not "Release and Cancellation"
        bare = not named.intersection(range(last_verb, i))
        if bare and (a.lowers[i] == "," or (series and a.lowers[i] in SERIES_JOINS)) and i + 1 < len(a.lowers):
            k = i + 1
            while k < min(len(a.lowers), i + 5) and a.lowers[k] in SERIES_FILLERS:
                k += 1
            verb = verb_at.get(k)
            if verb is not None and k < limit:  # the next verb of the series: its object is the shared one
                limit = min(len(a.lowers), max(limit, verb.end + window + 1))
                i, series, last_verb = verb.end, True, verb.end
                continue
            series = series or a.lowers[i] == ","  # "collect, send to an agency, sell or report": a list of verbs
        if a.lowers[i] == "," and i + 1 < len(a.lowers) and a.lowers[i + 1] in PHRASE_JOINS:
            close = _inserted_verb_end(a, i)
            if close is None:
                return i
            limit = min(len(a.lowers), limit + close - i)  # the aside does not count against the window
            i = close
        i += 1
    return limit


def _series_words(a: Analysis, predicates: frozenset[str]) -> tuple[dict[int, Mention], set[int]]:
    """Once per sentence: where each verb starts, and the tokens of actors and other concepts (a verb with
    its own object or person before the comma is no part of a series: "sue the Maker, or seek ...")."""
    verb_at = {m.start: m for m in a.concepts if m.label in predicates}
    nouns = (*a.actors, *(c for c in a.concepts if c.label not in predicates))
    return verb_at, {k for m in nouns for k in range(m.start, m.end)}


SERIES_JOINS = frozenset({",", "or", "and"})
SERIES_FILLERS = frozenset({"will", "shall", "would", "not", "n't", "never", "otherwise", "also", "then", "or", "and"})


def _inserted_verb_end(a: Analysis, comma: int) -> int | None:
    """A second verb set between a preposition and its object ("not to sue the Obligor for, or
    otherwise seek to recover, any portion of the deficiency"): the closing comma, else None."""
    if a.lowers[comma - 1] not in {"for", "of", "against", "from", "to"}:
        return None
    return next((k for k in range(comma + 2, min(len(a.lowers), comma + 10)) if a.lowers[k] == ","), None)


def near(
    a: Analysis,
    t: Mention,
    concepts: tuple[str, ...],
    window: int,
    vocab: Vocabulary | None = None,
    given_only: bool = False,
    skip: Callable[[Mention], bool] | None = None,
    asides: bool = True,
) -> Mention | None:
    """The closest mention of one of the concepts; with ``vocab``, negated predicates do not count,
    and with ``given_only`` neither do those inside a pending condition ("until we agree to forgive it")
    nor those whose reach is denied ("our waiver does not bind the USDA, which may seek repayment")."""
    best: Mention | None = None
    best_dist = window + 1
    wanted = {c for c in concepts if not c.startswith("!")}
    negated_only = {c[1:] for c in concepts if c.startswith("!")}
    for m in a.concepts:
        if m is t or (m.label not in wanted and m.label not in negated_only):
            continue
        dist = max(m.start - t.end, t.start - m.end, 0)
        if dist >= best_dist:  # words of an aside between commas do not count: "The balance of the line, less
            lo, hi = (t.end, m.start) if m.start >= t.end else (m.end, t.start)  # any amount ..., remains payable"
            dist -= _aside_words(a, lo, hi) if asides else 0
            if dist >= best_dist:
                continue
        if m.label not in wanted:  # "!CONCEPT": only a negated mention counts
            if vocab is None or negation(a, m, vocab).value != "negated":
                continue
        elif (
            vocab is not None
            and m.label in vocab.layers["predicate"]
            and m.label not in negated_only  # "[OWE, !OWE]": either way
            and negation(a, m, vocab).value == "negated"
        ):
            continue
        if given_only and vocab is not None and (pending(a, m, vocab) or limited(a, m, vocab)):
            continue
        if skip is not None and skip(m):
            continue
        best, best_dist = m, dist
    return best


def limited(a: Analysis, m: Mention, vocab: Vocabulary) -> bool:
    """Is the mention followed at once by words that deny whom it binds ("the waiver does not bind
    the mortgage insurer", "this release is personal to the Borrower")?"""
    return any(
        m.end <= c.start <= m.end + 3 and a.words(c.start, c.end).lower() in vocab.cond_limits for c in a.of_kind("CS")
    )


def condition(a: Analysis, t: Mention, vocab: Vocabulary, window: int) -> Decision:
    """conditional / partial / none, with the words that made it so."""
    for m in a.concepts:
        if m.label == "REVERSION":
            return Decision("conditional", a.words(m.start, m.end), m)
    strong = [
        m
        for m in a.of_kind("CS")
        if m.start not in _pseudo_tokens(a) and not _asked(a, m) and not _paid_from_sale(a, m, vocab)
    ]
    if strong:
        m = strong[0]
        return Decision("conditional", a.words(m.start, m.end), m)
    bare = [m for m in a.of_kind("CM") if _bare_marker(a, m, vocab)]
    for marker in a.of_kind("CM"):
        if marker.start in _pseudo_tokens(a) or _asked(a, marker):
            continue
        if any(b.start <= marker.start and marker.end <= b.end for b in bare):
            continue  # a bare marker, or a shorter marker inside one ("upon" of "upon receipt")
        end = _scope_end(a, marker)
        adverse = [c for c in a.of_kind("CA") if marker.end <= c.start and c.end <= end and not _released_subject(a, c)]
        if adverse:
            c = adverse[0]
            return Decision("conditional", a.words(marker.start, c.end), marker)
    partial = near(a, t, ("PARTIAL",), window)
    if partial is not None and not _whole_shortfall(a, partial, vocab):
        return Decision("partial", a.words(partial.start, partial.end), partial)
    successors = near(a, t, ("SUCCESSORS",), 40)
    neg = negation(a, successors, vocab) if successors is not None else None
    if successors is not None and neg is not None and neg.mention is not None and neg.mention.label in vocab.verb_cues:
        return Decision("partial", a.words(successors.start, successors.end), successors)
    return Decision("none")


def _bare_marker(a: Analysis, marker: Mention, vocab: Vocabulary) -> bool:
    """A marker that is its own whole condition, with the main clause's subject and verb right after it ("we will
    accept the net proceeds ..., and upon receipt you will be released"): it asks nothing the sentence has not named."""
    if a.words(marker.start, marker.end).lower() not in vocab.cond_bare:
        return False
    if marker.end < len(a.lowers) and a.lowers[marker.end] in {"it", "they"}:
        return True  # "after closing it goes to our collections team"
    if marker.start > 0 and a.lowers[marker.start - 1] == "and" and any(
        m.start == marker.end and m.label in vocab.layers["predicate"] for m in a.concepts
    ):
        return True  # "The Owner will accept the net proceeds ..., and upon receipt releases the Borrower": one subject
    return any(
        m.start == marker.end and m.end < len(a.lowers) and a.lowers[m.end] in SUBJECT_VERBS for m in a.actors
    )


def _whole_shortfall(a: Analysis, partial: Mention, vocab: Vocabulary) -> bool:
    """Does the "portion" name the whole shortfall ("the portion of loan ending 4803 that the sale does not
    pay")? Then the release covers all of it."""
    if a.words(partial.start, partial.end).lower() not in vocab.shortfall_parts:
        return False  # "$30,000.00 of the deficiency remaining after the sale" is a part
    after = " " + " ".join(a.lowers[partial.end : partial.end + vocab.partial_reach]) + " "
    return any(f" {words} " in after for words in vocab.whole_shortfall)


def _released_subject(a: Analysis, c: Mention) -> bool:
    """Is the condition word the subject of a releasing passive right after it ("Upon receipt of the Settlement
    Payment the Note is discharged")? It is what is released, not what the condition asks."""
    verb = next((m for m in a.concepts if m.label in RELEASES and m.start >= c.end), None)
    if verb is None or not 0 < verb.start - c.end <= 3:
        return False
    between = a.lowers[c.end : verb.start]
    return all(w in BE_FORMS or w in MODALS for w in between) and any(w in BE_FORMS for w in between)


def received_paper(a: Analysis, m: Mention, vocab: Vocabulary) -> bool:
    """Is ``m`` a paper the condition receives, already signed ("upon receipt of the net proceeds and
    the signed Judgment Note, the Servicer will deliver a satisfaction")? The sentence then does
    what its main clause says; the paper is asked for where it is named, not here."""
    if m.label not in RECEIVED_PAPERS or m.start < 2:
        return False
    before = a.lowers[max(0, m.start - 3) : m.start]
    signed = next((k for k, w in enumerate(before) if w in vocab.cond_received), None)
    if signed is None or signed == 0 or before[signed - 1] not in PAPER_DETERMINERS:
        return False
    return any(
        marker.end <= m.start < _scope_end(a, marker)
        for marker in a.of_kind("CM")
        if marker.start not in _pseudo_tokens(a) and not _asked(a, marker)
    )


RECEIVED_PAPERS = frozenset({"NOTE", "NEW_NOTE", "REPAYMENT_PLAN"})
PAPER_DETERMINERS = frozenset({"the", "your", "their", "its", "our", "a", "an", "both", "all"})


SUBJECT_NOTHING = frozenset({"nothing", "none"})


def _is_price(a: Analysis, marker: Mention, vocab: Vocabulary) -> bool:
    """Is the condition marker a price ("in exchange for", "in return for")?"""
    return a.words(marker.start, marker.end).lower() in vocab.cond_consideration


def _paid_from_sale(a: Analysis, marker: Mention, vocab: Vocabulary) -> bool:
    """Is a price marker's price paid out of the sale itself, asking nothing more ("In exchange for
    $6,500.00 from the closing, the Bank will treat the line as settled in full")?"""
    if not _is_price(a, marker, vocab):
        return False
    end = _scope_end(a, marker)
    if any(marker.end <= c.start < end for c in a.of_kind("CA")):
        return False
    scope = " " + " ".join(a.lowers[marker.end : end]) + " "
    if any(f" {phrase} " in scope for phrase in vocab.cond_from_sale):
        return True
    # "In exchange for $4,000.00, the Credit Union cancels the remaining balance": a bare sum, the agreed price
    amounts = amount_tokens(a)
    inside = [i for i in range(marker.end, end) if a.lowers[i] not in {",", "the", "a", "of"}]
    # a dollar sign or a figure counts whatever concept a longer phrase gave it ("in exchange for the $4,500.00")
    return bool(inside) and all(i in amounts or a.lowers[i] == "$" or a.norms[i] in {NUM, YEAR} for i in inside)


def _asked(a: Analysis, marker: Mention) -> bool:
    """Is the condition part of an open question ("whether the loan is forgiven depends on what the
    letter says")? Then it conditions nothing."""
    phrase = per_sentence(a, "phrases", _phrases)
    return any(
        m.label == "HYPOTHETICAL" and m.end <= marker.start and phrase[m.start] == phrase[marker.start]
        for m in a.concepts
    )


def _np_start(a: Analysis, i: int) -> int:
    """Where the noun phrase of the word at ``i`` starts: on its "the" if it has one."""
    return i - 1 if i > 0 and a.lowers[i - 1] == "the" else i


def _joined_on(a: Analysis, i: int) -> bool:
    """Is the word at ``i`` (after an optional "the") joined on by "and"/"or"?"""
    start = _np_start(a, i)
    return start > 0 and a.lowers[start - 1] in {"and", "or"}


def _scope_end(a: Analysis, marker: Mention) -> int:
    """A condition reaches to the next comma, clause break or 25 tokens, whichever comes first."""
    limit = min(len(a.lowers), marker.end + 25)
    verbs = {m.start for m in a.concepts if m.label in VERBAL}
    # a subject before its verb: "upon receipt of the proceeds the Mortgagor will be released", "On receipt of that
    # payment the Credit Union releases the member ..." (a releasing verb right after the lender)
    releasing = per_sentence(a, "releasing verbs", _releasing_verbs)
    subjects = {
        m.start
        for m in a.actors
        if m.end < len(a.lowers)
        and (
            a.lowers[m.end] in SUBJECT_VERBS
            # not the condition's own subject: "provided that the second mortgagee releases its lien"
            or (
                m.label == "lender"
                and (m.end in releasing or a.lowers[m.end] in LENDER_TAKES)  # "... the Trust accepts it in full"
                and not _own_subject(a, marker, m)
            )
        )
    }
    # "until it is paid or the servicer agrees to forgive it", "unless the lender later agrees to
    # forgive it": the condition's own subject, or one joined on by "or"/"and", belongs to the
    # condition, and so does its verb (one adverb may come between)
    determiner = marker.end < len(a.lowers) and a.lowers[marker.end] in {"the", "that", "this", "each"}
    own = marker.end + (1 if determiner else 0)
    joined = {
        m.end + k
        for m in a.actors
        if m.start in (own, marker.end) or _joined_on(a, m.start)  # "unless the investor agrees": "the" is its own
        for k in (0, 1)
        if m.start >= marker.end
    }
    if marker.end < limit and a.lowers[marker.end] in {"it", "they"}:
        joined |= {marker.end + 1, marker.end + 2}  # "on the condition that it agrees to release you"
    if marker.end < limit and a.lowers[marker.end] in {",", ";"}:
        return marker.end  # "... and, upon receipt, releases": the marker is its own condition
    # a strong condition after the main clause keeps its own second verb: ", so long as that bank releases its
    # mortgage and releases you from the line"
    trailing = marker.kind == "CS" and marker.start > 0 and a.lowers[marker.start - 1] == ","
    for i in range(marker.end + 1, limit):
        listing = a.lowers[i] == "," and i + 1 < len(a.lowers) and a.lowers[i + 1] in SCOPE_GOES_ON
        stop = a.lowers[i] in SCOPE_STOPS and not listing and not (i in joined and a.lowers[i].isalpha())
        if stop or a.clause_of[i] != a.clause_of[marker.end]:
            return i
        if a.lowers[i] == "and" and i + 1 in verbs and not trailing:
            return i  # "waives the deficiency remaining after the sale and releases Borrower": a new verb
        if a.lowers[i] in SUBJECT_NOTHING and i > marker.end + 1:
            return i  # "once the proceeds are applied nothing remains owing": the main clause's subject
        start = _np_start(a, i)
        if i in subjects and start > marker.end and not _joined_on(a, i):
            # "upon receipt of the proceeds the Mortgagor will be released": the subject starts here
            # (but "once the sale closes and we have your note", "until it is paid or the servicer
            # agrees to forgive it" go on)
            return start
    return limit


def _own_subject(a: Analysis, marker: Mention, m: Mention) -> bool:
    """Is the actor the condition's own subject, a few words after its marker ("provided that the second
    mortgagee releases its lien")?"""
    return all(w in _OWN_SUBJECT_LEAD for w in a.lowers[marker.end : m.start])


_OWN_SUBJECT_LEAD = frozenset(
    {"that", "the", "this", "its", "such", "said", "any", "each", "first", "second", "third", "junior", "senior",
     "subordinate", "other"}
)


def _releasing_verbs(a: Analysis) -> set[int]:
    """Where a finite releasing verb starts ("releases", "waives", "forgives"; not "release" or "released")."""
    return {
        m.start
        for m in a.concepts
        if m.label in RELEASES | {"WAIVE"} and m.end - m.start == 1 and a.lowers[m.start].endswith("s")
    }


def pending(a: Analysis, m: Mention, vocab: Vocabulary) -> bool:
    """Does the mention stand in a condition not yet met ("until the servicer agrees to forgive it")?"""
    inside = inside_condition(a, m)
    return inside.mention is not None and inside.words.lower() in vocab.cond_pending


def inside_condition(a: Analysis, t: Mention, vocab: Vocabulary | None = None, kind: str = "CM") -> Decision:
    """Does the trigger stand inside a condition ("in exchange for a release of its lien")? With
    ``vocab``, not in the price a lender names for what it gives: "the second mortgage holder will
    accept $7,000 in exchange for releasing its lien" gives the release. ``kind="CS"``: only inside
    a strong condition ("pays the second lien holder, conditioned on its release of you")."""
    pseudo = _pseudo_tokens(a)
    for marker in a.of_kind(kind):
        if marker.start not in pseudo and marker.end <= t.start < _scope_end(a, marker):
            if vocab is not None and (_price_taken(a, marker, vocab) or _bare_marker(a, marker, vocab)):
                continue  # a price taken; "after closing it goes to our collections team": a time, not a condition
            return Decision("inside", a.words(marker.start, marker.end), marker)
    return Decision("outside")


def _price_taken(a: Analysis, marker: Mention, vocab: Vocabulary) -> bool:
    """Is the marker a price ("in exchange for") that the one who gives takes, a few words before it
    ("will accept $7,000 in exchange for", "agrees to take $3,000 in return for")?"""
    if not _is_price(a, marker, vocab):
        return False
    return any(w in vocab.cond_takers for w in a.lowers[max(0, marker.start - vocab.taker_reach) : marker.start])


def opens_sentence(a: Analysis, m: Mention) -> bool:
    """Does the mention open its sentence (after list numbering, "and", "but" ...)?"""
    return all(not w.isalpha() or w in SUBJECT_LEADS for w in a.lowers[: m.start])


WE_OWING = frozenset({"OWE", "LIABLE", "REMAIN", "PROMISE_TO_PAY", "REPAY"})


def we_after_owing(a: Analysis, owing_ends: set[int]) -> bool:
    """Is "we" named as the debtor right after an owing word ending at one of ``owing_ends``, by "by" or
    "from" ("stays due from us", "is still owed by us")?"""
    return any(
        m.label == "we" and m.start >= 2 and a.lowers[m.start - 1] in {"from", "by"} and m.start - 1 in owing_ends
        for m in a.actors
    )


def we_owe(a: Analysis, vocab: Vocabulary) -> bool:
    """ "we still owe", "our responsibility", "remains ours", "We, Ann Roe and Bo Roe, agree ...":
    here "we" is the borrower."""
    if _we_named_people(a):
        return True
    owed = {m.end for m in a.concepts if m.label in WE_OWING and a.lowers[m.end - 1] in OWED_PARTICIPLES - COLLECTED}
    if we_after_owing(a, owed):
        return True  # "the balance ... is still owed by us", "stays due from us"
    for x in a.actors:
        if x.label != "we" or x.start < 2 or x.end >= len(a.lowers) or a.lowers[x.end] != "from":
            continue
        if any(m.end == x.start and m.label in vocab.releasing for m in a.concepts):
            return True  # "the release of the mortgage does not release us from the loan": who is released owes
    for m in a.concepts:
        if m.label == "PROMISE_TO_PAY" and any(x.label == "we" and 0 <= m.start - x.end <= 3 for x in a.actors):
            return True  # "We promise to pay <lender> ...": a lender does not promise to pay itself
        if m.label == "REMAIN" and any(
            n.label in vocab.layers["predicate"] and n.label not in WE_OWING and m.end <= n.start <= m.end + 1
            for n in a.concepts
        ):
            continue  # "we may still take legal action": an adverb of the verb after it, not owing
        if m.label == "REPAY" and m.start > 0 and a.lowers[m.start - 1] in BE_FORMS:
            continue  # "after we are paid": the lender is paid, "we" are paid
        if m.label in {"LIABLE", "OWE"} and a.lowers[m.end - 1] == "us":
            return True  # "the rest of the line is still on us": a liability that names "us" as its bearer
        ours = m.start > 0 and a.lowers[m.start - 1] in {"our", "my"}
        if m.label == "DEBT" and a.lowers[m.start] in OWN_DEBTS and ours:
            return True  # "the amount left over is still our debt to the credit union"
        if m.label in WE_OWING or m.label == "LIABILITY":
            mine = [
                x
                for x in a.actors
                if x.label == "we"
                and x.end <= m.start
                and m.start - x.end <= 5
                and not _our_other_thing(a, x)
                and not OTHERS_OWN & set(a.lowers[x.end : m.start])  # "our lien and your personal obligation"
                # "we waive any deficiency that remains": what "we" give up, not what "we" owe
                and not any(r.label in vocab.releasing and x.end <= r.start < m.start for r in a.concepts)
            ]
            owned = [
                x for x in a.actors if x.label == "we" and m.end <= x.start <= m.end + 1 and a.lowers[x.start] == "ours"
            ]
            our_liability = m.label == "LIABILITY" and mine and a.lowers[mine[-1].start] == "our"
            if (m.label in WE_OWING and mine) or our_liability or owned:
                return True
    return False


OWN_DEBTS = frozenset({"debt", "debts", "obligation", "obligations", "responsibility"})
OTHERS_OWN = frozenset({"your", "their", "his", "her"})


def _we_named_people(a: Analysis) -> bool:
    """ "We, Ann Roe and Bo Roe, promise ...": "we" opens the sentence and is named, between commas,
    by capitalised words that name no lender or other party: people signing for themselves."""
    we = next((m.start for m in a.actors if m.label == "we"), None)
    if we is None or len(a.lowers) < we + 5 or a.lowers[we] != "we" or a.lowers[we + 1] != ",":
        return False
    if we > 0 and (a.lowers[we - 1] != "," or we > 6):  # "For value received, we, Ann Roe and Bo Roe, ..."
        return False
    close = next((i for i in range(we + 2, min(len(a.lowers), we + 16)) if a.lowers[i] == ","), None)
    if close is None or close < we + 3 or any(we + 2 <= m.start < close for m in a.actors):
        return False
    names = [a.text[a.char_spans[i][0] : a.char_spans[i][1]] for i in range(we + 2, close)]
    return all(w[:1].isupper() or w in {"and", "&", "-"} or not w[:1].isalpha() for w in names)


_DEBT_WORDS = frozenset({"DEBT", "LIABILITY", "LIEN", "NOTE", "ORIGINAL_NOTE"})


def _our_other_thing(a: Analysis, x: Mention) -> bool:
    """ "According to our records $46,118.92 remains unpaid": "our" owns something other than the
    debt, so it says nothing about who owes ("our loan remains unpaid" does)."""
    if a.lowers[x.start] != "our" or x.end >= len(a.lowers):
        return False
    return not any(m.start in (x.end, x.end + 1) and m.label in _DEBT_WORDS for m in a.concepts)
