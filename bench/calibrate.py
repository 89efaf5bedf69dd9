#!/usr/bin/env python3
"""Calibrate finding confidence on the corpus, and report precision at fixed recall (the CUAD way).

    python bench/calibrate.py --corpus tests/fixtures/corpus --split dev --write patterns/calibration.yaml
    python bench/calibrate.py --corpus tests/fixtures/corpus --split heldout

Runs the pipeline in-process on every packet of the split, matches each scored
finding to the labels with the shared scorer's rule (category, file, page,
partial_ratio >= 80), and reports:
  - per rule: findings, true positives, precision (Laplace-smoothed) -> the
    calibration table the matcher reads (patterns/calibration.yaml);
  - per category and overall: precision at 90% and 95% recall when the
    findings are ranked by confidence ("n/a" when recall never reaches it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def load_scorer(shared: Path):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(shared))
    import score  # type: ignore[import-not-found]

    return score


def run(corpus: Path, split: str | None):  # type: ignore[no-untyped-def]
    from shortsale_check.match import Matcher
    from shortsale_check.pipeline import scan_packet

    matcher = Matcher()
    labels = [json.loads(line) for line in (corpus / "labels.jsonl").read_text().splitlines() if line.strip()]
    labels = [lab for lab in labels if split is None or lab.get("split") == split]
    return labels, [scan_packet(corpus / lab["packet"], matcher) for lab in labels]


def judge(score, labels, results):  # type: ignore[no-untyped-def]
    """[(category, rule, confidence, is_tp)] and the number of labelled clauses per category."""
    rows, support = [], defaultdict(int)
    for lab, res in zip(labels, results, strict=True):
        for clause in lab["clauses"]:
            support[clause["category"]] += 1
        found = set()
        for f in res.findings:
            ff = score.finding_fields(
                {"category": f.category, "document": f.document, "page": f.page, "quote": f.quote}
            )
            hits = [i for i, c in enumerate(lab["clauses"]) if score.label_matches(c, ff)]
            rows.append((f.category, f.rule, f.confidence, bool(hits), tuple((lab["packet"], i) for i in hits)))
            found.update((lab["packet"], i) for i in hits)
    return rows, support


def precision_at_recall(rows, total: int, target: float) -> float | None:  # type: ignore[no-untyped-def]
    tp = fp = 0
    seen: set[tuple[str, int]] = set()
    for _cat, _rule, _conf, ok, keys in sorted(rows, key=lambda r: -r[2]):
        new = [k for k in keys if k not in seen]
        seen.update(new)
        if ok:
            tp += 1
        else:
            fp += 1
        if total and len(seen) / total >= target:
            return tp / (tp + fp)
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("tests/fixtures/corpus"))
    ap.add_argument("--split", default=None, help="dev | heldout (default: all)")
    ap.add_argument("--shared", type=Path, default=SHARED, help="folder of the shared score.py")
    ap.add_argument("--write", type=Path, default=None, help="write the calibration table here")
    args = ap.parse_args()
    score = load_scorer(args.shared)
    labels, results = run(args.corpus, args.split)
    rows, support = judge(score, labels, results)
    rows = [r for r in rows if r[0] in score.SCORED]
    by_rule: dict[str, list[bool]] = defaultdict(list)
    for _cat, rule, _conf, ok, _keys in rows:
        by_rule[rule].append(ok)
    print(f"{'rule':<34}{'n':>5}{'tp':>5}{'precision':>11}")
    table = {}
    for rule, oks in sorted(by_rule.items()):
        smoothed = (sum(oks) + 1) / (len(oks) + 2)
        table[rule] = {"findings": len(oks), "true_positives": sum(oks), "precision": round(smoothed, 3)}
        print(f"{rule:<34}{len(oks):>5}{sum(oks):>5}{smoothed:>11.3f}")
    print(f"\n{'category':<24}{'P@90%R':>9}{'P@95%R':>9}")
    for cat in [*score.SCORED, "all"]:
        sub = [r for r in rows if cat == "all" or r[0] == cat]
        total = sum(support.values()) if cat == "all" else support[cat]
        p90, p95 = (precision_at_recall(sub, total, t) for t in (0.90, 0.95))
        print(f"{cat:<24}{score.fmt(p90):>9}{score.fmt(p95):>9}")
    if args.write:
        header = (
            "# Per-rule precision on the corpus (Laplace-smoothed), written by bench/calibrate.py.\n"
            f"# Split: {args.split or 'all'}. The matcher uses it as each rule's base confidence.\n"
        )
        args.write.write_text(header + yaml.safe_dump({"rules": table}, sort_keys=True), encoding="utf-8")
        print(f"\nwrote {args.write}")


if __name__ == "__main__":
    main()
