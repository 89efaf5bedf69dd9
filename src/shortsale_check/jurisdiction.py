"""Where the house is and who owns the loan, from the packet's own words.

Per document, :func:`find_places` reads the sentences for property addresses
("Property: 123 Main St, Reno, NV 89501"), "State of …" in a legal
description of land, investor and program names (not as form numbers),
topics some notes depend on, and the two facts of Nevada's own check.
:func:`decide` merges the documents: the property's state is the one its
property addresses agree on (``None`` when they do not, or when no address is
marked as the property's — a lender's or notary's address never counts).
The words are data: ``patterns/vocab/places.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import yamlio
from .errors import RuleError
from .model import Investor, Jurisdiction, Sentence
from .vocab import default_patterns_dir, phrase_regex

PROPERTY, LAND = "property address", "legal description"
_MONEY = re.compile(r"\$\s?\d[\d,]*(?:\.\d{2})?")
_NEGATED = re.compile(r"\b(?:not|no longer|nothing|never)\b", re.IGNORECASE)


def _words(words: Sequence[str]) -> re.Pattern[str]:
    """Whole words or phrases; a hyphen joins words here ("pre-foreclosure" is not "foreclosure")."""
    return phrase_regex(words, word_chars=r"\w-")


@dataclass(frozen=True, slots=True)
class Named:
    """A group of words with a name: an investor, a program, a topic."""

    name: str
    pattern: re.Pattern[str]
    investor: str | None = None  # programs: the investor they imply


@dataclass(frozen=True, slots=True)
class PlaceWords:
    states: dict[str, str]  # code -> name
    address: re.Pattern[str]
    state_of: re.Pattern[str]
    property_cues: re.Pattern[str]
    other_cues: re.Pattern[str]
    land_cues: re.Pattern[str]
    cue_reach: int
    investors: tuple[Named, ...]
    programs: tuple[Named, ...]
    topics: tuple[Named, ...]
    form_after: tuple[re.Pattern[str], ...]
    form_before: tuple[re.Pattern[str], ...]
    form_reach: int
    owner_excluded: re.Pattern[str]
    trust: re.Pattern[str]
    trust_cues: re.Pattern[str]
    trust_series: re.Pattern[str]
    waiver: re.Pattern[str]
    owed: re.Pattern[str]
    conspicuous_caps: float

    @classmethod
    def load(cls, patterns_dir: Path | None = None) -> PlaceWords:
        path = (patterns_dir or default_patterns_dir()) / "vocab" / "places.yaml"
        try:
            return cls.from_mapping(yamlio.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as exc:
            raise RuleError(f"Error: cannot read {path}: {exc}") from None

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> PlaceWords:
        states = {str(k).upper(): str(v) for k, v in raw["states"].items()}
        names = sorted([*states, *states.values()], key=len, reverse=True)
        where = "|".join(re.escape(n) for n in names)
        city = r"[A-Z][A-Za-z.'-]*(?:[ ][A-Z][A-Za-z.'-]*){0,3}"
        address = re.compile(rf"(?P<city>{city}),\s*(?P<state>{where})\.?,?\s+\d{{5}}(?:-\d{{4}})?\b")
        state_of = re.compile(rf"\bState\s+of\s+(?P<state>{where})\b", re.IGNORECASE)
        nv = raw["nevada"]
        return cls(
            states=states,
            address=address,
            state_of=state_of,
            property_cues=_words(raw["property_cues"]),
            other_cues=_words(raw["other_cues"]),
            land_cues=_words(raw["land_cues"]),
            cue_reach=int(raw["cue_reach"]),
            investors=tuple(Named(str(i["name"]), _words(i["words"])) for i in raw["investors"]),
            programs=tuple(Named(str(p["name"]), _words(p["words"]), p.get("investor")) for p in raw["programs"]),
            topics=tuple(Named(str(k), _words(v)) for k, v in raw["topics"].items()),
            form_after=tuple(re.compile(p, re.IGNORECASE) for p in raw["form_after"]),
            form_before=tuple(re.compile(p, re.IGNORECASE) for p in raw["form_before"]),
            form_reach=int(raw["form_reach"]),
            owner_excluded=_words(raw["owner_excluded"]),
            trust=re.compile(r"(?P<name>(?:[A-Z][A-Za-z0-9&.'-]*[ ]){1,6}Trust(?:[ ](?:Series[ ])?\d{4}-[A-Z0-9]+)?)"),
            trust_cues=_words(raw["trust_cues"]),
            trust_series=re.compile(str(raw["trust_series"])),
            waiver=_words(nv["waiver_words"]),
            owed=_words(nv["owed_words"]),
            conspicuous_caps=float(nv["conspicuous_caps"]),
        )

    def state_code(self, written: str) -> str | None:
        """``"NV"`` or ``"Nevada"`` (any case) -> ``"NV"``."""
        key = written.strip().upper()
        if key in self.states:
            return key
        return next((code for code, name in self.states.items() if name.upper() == key), None)


@lru_cache(maxsize=4)
def place_words(patterns_dir: Path | None = None) -> PlaceWords:
    return PlaceWords.load(patterns_dir)


@dataclass(frozen=True, slots=True)
class Spot:
    """Something a document says, and where: a state, an investor, a program, a topic, a Nevada fact."""

    kind: str  # property address | legal description | investor | program | trust | topic | waiver | owed
    value: str
    document: str
    page: int
    conspicuous: bool = False


# --------------------------------------------------------------------------- per document


def find_places(document: str, sentences: Sequence[Sentence], words: PlaceWords | None = None) -> tuple[Spot, ...]:
    """Everything one document says about the property's state, the loan's owner, and the notes' topics."""
    w = words or place_words()
    spots: list[Spot] = []
    seen: dict[tuple[str, str], list[Spot]] = {}  # a recurring sentence says the same things, on its own page
    for s in sentences:
        known = seen.get((s.text, s.document))
        if known is None:
            known = seen[s.text, s.document] = _sentence_spots(document, s, w)
            spots += known
        else:
            spots += [replace(spot, page=s.page) for spot in known]
    return tuple(spots)


def _sentence_spots(document: str, s: Sentence, w: PlaceWords) -> list[Spot]:
    spots = _states(s, w)
    spots += _owners(s, w)
    spots += [Spot("topic", t.name, document, s.page) for t in w.topics if t.pattern.search(s.text)]
    spots += _nevada(s, w)
    return spots


def _states(s: Sentence, w: PlaceWords) -> list[Spot]:
    out: list[Spot] = []
    previous = 0
    for m in w.address.finditer(s.text):
        before = s.text[max(previous, m.start() - w.cue_reach) : m.start()]
        previous = m.end()
        code = w.state_code(m.group("state"))
        if code is not None and _last(w.property_cues, before) > _last(w.other_cues, before):
            out.append(Spot(PROPERTY, code, s.document, s.page))
    for m in w.state_of.finditer(s.text):
        code = w.state_code(m.group("state"))
        if code is not None and w.land_cues.search(s.text[max(0, m.start() - w.cue_reach) : m.start()]):
            out.append(Spot(LAND, code, s.document, s.page))
    return out


def _last(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of ``pattern`` in ``text`` ends; -1 when none."""
    ends = [m.end() for m in pattern.finditer(text)]
    return ends[-1] if ends else -1


def _owners(s: Sentence, w: PlaceWords) -> list[Spot]:
    out: list[Spot] = []
    if w.owner_excluded.search(s.text):
        return out
    for inv in w.investors:
        if any(not _is_form(s.text, m, w) for m in inv.pattern.finditer(s.text)):
            out.append(Spot("investor", inv.name, s.document, s.page))
    out += [Spot("program", p.name, s.document, s.page) for p in w.programs if p.pattern.search(s.text)]
    for m in w.trust.finditer(s.text):
        name = re.sub(r"^(?:The|THE)\s+", "", m.group("name")).strip()
        before = s.text[max(0, m.start() - 40) : m.start()]
        if "Deed" in name or not (w.trust_cues.search(before) or w.trust_series.search(name)):
            continue
        out.append(Spot("trust", name, s.document, s.page))
    return out


def _is_form(text: str, m: re.Match[str], w: PlaceWords) -> bool:
    """A mention that only names a form or instrument ("Fannie Mae Form 191", "HUD-1")."""
    after = text[m.end() : m.end() + w.form_reach]
    before = text[max(0, m.start() - w.form_reach) : m.start()]
    return any(p.search(after) for p in w.form_after) or any(p.search(before) for p in w.form_before)


def _nevada(s: Sentence, w: PlaceWords) -> list[Spot]:
    if not _MONEY.search(s.text) or _NEGATED.search(s.text):
        return []
    out: list[Spot] = []
    if w.waiver.search(s.text):
        letters = [c for c in s.text if c.isalpha()]
        caps = bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= w.conspicuous_caps
        out.append(Spot("waiver", _MONEY.findall(s.text)[0], s.document, s.page, conspicuous=caps))
    elif w.owed.search(s.text):
        out.append(Spot("owed", _MONEY.findall(s.text)[0], s.document, s.page))
    return out


# --------------------------------------------------------------------------- the packet


def decide_state(spots: Sequence[Spot]) -> Jurisdiction:
    """The state the property addresses agree on (legal descriptions if there is none); else unknown."""
    for kind in (PROPERTY, LAND):
        found = [s for s in spots if s.kind == kind]
        counts = Counter(s.value for s in found).most_common()
        if not counts:
            continue
        if len(counts) > 1 and counts[0][1] == counts[1][1]:
            return Jurisdiction()  # two states, equally often: unclear
        first = next(s for s in found if s.value == counts[0][0])
        evidence = f"{kind} on page {first.page} of {first.document}"
        return Jurisdiction(first.value, evidence, first.document, first.page)
    return Jurisdiction()


def decide_investor(spots: Sequence[Spot], words: PlaceWords | None = None) -> Investor:
    """The investor the letters name most (an agency before a trust), and the program they cite."""
    w = words or place_words()
    programs = [s for s in spots if s.kind == "program"]
    program = _most(programs)
    owners = [s for s in spots if s.kind == "investor"] or [s for s in spots if s.kind == "trust"]
    name = _most(owners)
    if name is None and program is not None:
        name = next((p.investor for p in w.programs if p.name == program and p.investor), None)
        owners = [s for s in programs if s.value == program] if name else []
    if name is None:
        return Investor(program=program, **_evidence(programs, program))
    return Investor(name, program, **_evidence(owners, name))


def _most(spots: Sequence[Spot]) -> str | None:
    counts = Counter(s.value for s in spots)
    return max(counts, key=lambda v: (counts[v], -[s.value for s in spots].index(v))) if counts else None


def _evidence(spots: Sequence[Spot], value: str | None) -> dict[str, Any]:
    first = next((s for s in spots if s.value == value), None)
    if first is None:
        return {}
    return {"evidence": f"{first.document} p.{first.page}", "document": first.document, "page": first.page}


def topics(spots: Sequence[Spot]) -> frozenset[str]:
    return frozenset(s.value for s in spots if s.kind == "topic")
