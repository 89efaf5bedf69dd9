#!/usr/bin/env python3
"""Sentence-level precision and recall on the paraphrase sets (tests/fixtures/paraphrases/).

    python bench/eval_paraphrases.py                      # every set
    python bench/eval_paraphrases.py --set heldout --show deficiency_reserved

`sentences.yaml` (436 sentences), `dev2.yaml` (446), `dev3.yaml` (380), `dev4.yaml`
(393, realistic servicer/title/attorney wording), `dev5.yaml` (406, by document type),
`dev6.yaml` (401, one meaning in many grammatical shapes), `dev7.yaml` (424, mostly
hard distractors), `dev8.yaml` (420, forms, Q&A and the adverse categories) and `dev9.yaml`
(420, distractor-heavy: other parties' judgments, glossaries, statutes, history) and
`dev10.yaml`-`dev42.yaml` (420 each: counselling text, negated lists, hearsay, checklists,
program summaries, title requirements, pronoun objects and asides, settlement shorthand, mutual releases,
debt buyers' files, forum posts, title post-closing and servicer QC notes, listing agents' pre-screens,
bankruptcy paralegals' files, legal-aid intake, loss-mitigation underwriting, title closing-desk QA,
consumer attorneys' intake, bank compliance reviews of judgment notes, housing counsellors' client files;
dev33-dev35 and dev37 two-thirds distractors) were
used to develop the rules, each written by someone who had not read them; `heldout.yaml`
(365 sentences, written the same way) was not used to develop them.
Each item is matched on its own, as a paragraph of a lender's letter: cut into sentences the way
the pipeline cuts a page's text (`segment.sentence_spans`: "Q: ...? A: ..." and "[ ] A.  [X] B."
are two sentences), and its categories are those of its sentences together.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from shortsale_check.match import Matcher, is_heading
from shortsale_check.screen import Screen
from shortsale_check.segment import sentence_spans

SETS = {
    "dev": "sentences.yaml",
    "dev2": "dev2.yaml",
    "dev3": "dev3.yaml",
    "dev4": "dev4.yaml",
    "dev5": "dev5.yaml",
    "dev6": "dev6.yaml",
    "dev7": "dev7.yaml",
    "dev8": "dev8.yaml",
    "dev9": "dev9.yaml",
    "dev10": "dev10.yaml",
    "dev11": "dev11.yaml",
    "dev12": "dev12.yaml",
    "dev13": "dev13.yaml",
    "dev14": "dev14.yaml",
    "dev15": "dev15.yaml",
    "dev16": "dev16.yaml",
    "dev17": "dev17.yaml",
    "dev18": "dev18.yaml",
    "dev19": "dev19.yaml",
    "dev20": "dev20.yaml",
    "dev21": "dev21.yaml",
    "dev22": "dev22.yaml",
    "dev23": "dev23.yaml",
    "dev24": "dev24.yaml",
    "dev25": "dev25.yaml",
    "dev26": "dev26.yaml",
    "dev27": "dev27.yaml",
    "dev28": "dev28.yaml",
    "dev29": "dev29.yaml",
    "dev30": "dev30.yaml",
    "dev31": "dev31.yaml",
    "dev32": "dev32.yaml",
    "dev33": "dev33.yaml",
    "dev34": "dev34.yaml",
    "dev35": "dev35.yaml",
    "dev36": "dev36.yaml",
    "dev37": "dev37.yaml",
    "dev38": "dev38.yaml",
    "dev39": "dev39.yaml",
    "dev40": "dev40.yaml",
    "dev41": "dev41.yaml",
    "dev42": "dev42.yaml",
    "dev43": "dev43.yaml",
    "dev44": "dev44.yaml",
    "dev45": "dev45.yaml",
    "dev46": "dev46.yaml",
    "dev47": "dev47.yaml",
    "dev48": "dev48.yaml",
    "dev49": "dev49.yaml",
    "dev50": "dev50.yaml",
    "heldout": "heldout.yaml",
}
FOLDER = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "paraphrases"


@dataclass
class Scores:
    tp: Counter[str]
    fp: Counter[str]
    fn: Counter[str]
    exact: int
    total: int
    misses: list[tuple[str, list[str], str]]

    def micro(self) -> tuple[float, float]:
        t, f, n = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        return (t / (t + f) if t + f else 0.0, t / (t + n) if t + n else 0.0)


def categories(matcher: Matcher, text: str) -> set[str]:
    found: set[str] = set()
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        a = matcher.analyzer.analyze(sentence)
        if not is_heading(sentence, a, matcher.vocab.forms.status_values):
            for hit in matcher.hits(a):
                check = matcher.screen.judge(hit.category, sentence)  # as a scan does: look-alikes set aside
                if not matcher.screen.sets_aside(check):
                    found.add(hit.category)
    return found


def score(matcher: Matcher, entries: list[dict[str, str]]) -> Scores:
    s = Scores(Counter(), Counter(), Counter(), 0, len(entries), [])
    for entry in entries:
        want, got = entry["category"], categories(matcher, entry["text"])
        if want != "none":
            (s.tp if want in got else s.fn)[want] += 1
        for g in got - {want}:
            s.fp[g] += 1
        ok = got == {want} if want != "none" else not got
        s.exact += ok
        if not ok:
            s.misses.append((want, sorted(got), entry["text"]))
    return s


def load(name: str) -> list[dict[str, str]]:
    data = yaml.safe_load((FOLDER / SETS[name]).read_text(encoding="utf-8"))
    return [d for d in data if isinstance(d, dict) and "text" in d]


def report(name: str, s: Scores) -> None:
    p, r = s.micro()
    print(f"\n{name}: {s.total} sentences, micro P {p:.3f} R {r:.3f}, exactly right {s.exact}/{s.total}")
    print(f"{'category':<24}{'P':>7}{'R':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for c in sorted(set(s.tp) | set(s.fp) | set(s.fn)):
        tp, fp, fn = s.tp[c], s.fp[c], s.fn[c]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        print(f"{c:<24}{precision:7.2f}{recall:7.2f}{tp:>5}{fp:>5}{fn:>5}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=[*SETS, "all"], default="all")
    ap.add_argument("--show", default="", help="comma-separated categories whose misses to print (or 'all')")
    ap.add_argument("--no-screen", action="store_true", help="the rules alone, without the look-alike screen")
    args = ap.parse_args()
    matcher = Matcher()
    if args.no_screen:
        matcher.screen = Screen.off()
    for name in SETS if args.set == "all" else [args.set]:
        s = score(matcher, load(name))
        report(name, s)
        show = set(args.show.split(",")) if args.show else set()
        for want, got, text in s.misses:
            if "all" in show or want in show or show & set(got):
                print(f"  [{want} -> {got}] {text}")


if __name__ == "__main__":
    main()
