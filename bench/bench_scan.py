"""End-to-end scan benchmark: the CLI and the in-process pipeline, by stage, per engine.

Run: ``make bench`` or ``.venv/bin/python bench/bench_scan.py [--pages 10 100 500] [--engines ...]``.

Generates (fpdf2, once, into ``bench/.cache/``, not committed) text packets of
1, 10, 100 and 500 letter-size pages: a servicer's short-sale approval letter
with a running header, page numbers, realistic filler (different figures and
sentence order on every page, so no sentence repeats) and a few clauses the
rules flag (a reservation, a lien release, a conditional waiver, a buyer's note
distractor). Then, for each engine:

* CLI: wall time of ``shortsale-check scan PDF -q`` in a fresh process (JSON +
  HTML written), and its peak RSS (``ru_maxrss`` of the child, measured in a
  wrapper process so every run has its own figure); the 1-page run is the
  start-up cost (imports + rule pack);
* in-process: ``pipeline`` stages with one Matcher built beforehand:
  extract+segment, match, decide+report writing (JSON + HTML);
* marginal ms/page = (t500 - t10) / 490.

Prints a markdown table (the figures in bench/README.md come from it).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
CLI = Path(sys.executable).with_name("shortsale-check")
LENDER = "Harbor Point Mortgage Servicing, LLC"
# Filler sentences, filled with different figures on every page so that no two pages repeat a
# sentence (a real packet seldom does; a repeated sentence would be read once and flatter the figures).
FILLER = (
    "This letter confirms the terms under which {lender} has reviewed the request for a short sale of "
    "the property at {street} Larkspur Lane, Dayton, Ohio 45402 (loan ending {loan}).",
    "The approval is based on the purchase contract dated {date} with a sale price of ${price}.",
    "We also reviewed the estimated settlement statement received on {date} and the listing history.",
    "The settlement agent must wire the net proceeds of not less than ${net} within {days} business days of "
    "closing and send the final signed settlement statement to the address below.",
    "Any change in the sale price, the closing costs, the commissions or the buyer requires our written "
    "approval at least {days} days before closing.",
    "Real estate taxes of ${tax} must be prorated as of the closing date, and no proceeds may be paid to "
    "the seller.",
    "If closing does not occur by {date}, this approval expires and the file will be returned to the "
    "default servicing team for review.",
    "Please contact your Single Point of Contact at 1-800-555-{phone}, Monday through Friday, with any "
    "question about these terms.",
    "Commissions may not exceed {pct} percent of the sale price, and the broker's invoice of ${fee} must be "
    "itemised on the statement.",
    "The title company must provide a copy of the commitment dated {date} and a payoff of any HOA dues of "
    "${hoa} shown on it.",
    "An interior valuation completed on {date} supports a market value of ${value} for the home.",
    "Our file number for this request is SS-{loan}-{street}; please quote it in every letter and e-mail.",
    "Closing costs of ${fee} were reviewed against the program's allowable limits and accepted as stated.",
    "The hazard insurance policy must stay in force through {date}, and any refund of premium goes to the "
    "servicer.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
CLAUSES = (
    "This approval does not release you from liability for any deficiency remaining after the sale, "
    "and the Lender reserves the right to pursue collection of the deficiency balance.",
    "Upon receipt of the net proceeds, the Lender will release its lien and record a satisfaction of "
    "the mortgage with the county recorder.",
    "The deficiency will be waived only upon receipt of a contribution of $5,000.00 from the borrower "
    "at closing.",
    "The buyer will sign a new purchase-money promissory note in favor of Lakeside Bank for $170,000.00.",
)


def make_pdf(pages: int) -> Path:
    """A letter-size text packet with a running header and page numbers, generated once."""
    from fpdf import FPDF

    path = CACHE / f"scan-varied-{pages}.pdf"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(format="letter", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2024, 1, 2, tzinfo=UTC))
    for number in range(1, pages + 1):
        rng = random.Random(number)
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(60, 30)
        pdf.cell(0, 10, f"{LENDER} | Short Sale Approval | Loan ****7781")
        pdf.set_font("Helvetica", size=10.5)
        pdf.set_xy(60, 64)
        for para in range(4):
            text = _paragraph(rng)
            if number % 5 == 1 and para == 2:  # a clause every fifth page
                text = f"{text} {CLAUSES[(number // 5) % len(CLAUSES)]}"
            pdf.multi_cell(492, 13, text)
            pdf.ln(8)
        pdf.set_xy(280, 750)
        pdf.cell(0, 10, f"Page {number} of {pages}")
    tmp = path.with_suffix(".tmp")
    pdf.output(str(tmp))
    tmp.replace(path)
    return path


def _paragraph(rng: random.Random) -> str:
    """Seven filler sentences in a page's own order, with the page's own figures."""
    def money() -> str:
        return f"{rng.randint(1_000, 400_000):,}.{rng.randint(0, 99):02d}"

    sentences = rng.sample(FILLER, 7)
    return " ".join(
        s.format(
            lender=LENDER,
            street=rng.randint(100, 9999),
            loan=rng.randint(1000, 9999),
            date=f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, 2024",
            price=money(),
            net=money(),
            tax=money(),
            fee=money(),
            hoa=money(),
            value=money(),
            days=rng.randint(2, 30),
            phone=rng.randint(1000, 9999),
            pct=rng.randint(3, 6),
        )
        for s in sentences
    )


# ---------------------------------------------------------------------------------- CLI, fresh process

_WRAPPER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "cpu": u.ru_utime + u.ru_stime, "rss_mb": u.ru_maxrss / 1024}))
"""


def cli_run(pdf: Path, engine: str, out: Path) -> dict[str, float]:
    cmd = [str(CLI), "scan", str(pdf), "-q", "--engine", engine, "--out", str(out)]
    res = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=True)
    data: dict[str, float] = json.loads(res.stdout)
    if data["rc"] != 0:
        raise SystemExit(f"Error: {' '.join(cmd)} exited {data['rc']}")
    return data


# ---------------------------------------------------------------------------------- in-process stages


def stages(pdf: Path, engine: str, out: Path) -> dict[str, float]:
    from shortsale_check.extract import extract_document
    from shortsale_check.pipeline import result_for
    from shortsale_check.report_html import write_html
    from shortsale_check.report_json import write_json
    from shortsale_check.segment import segment

    matcher = _matcher()
    t0 = time.perf_counter()
    doc = extract_document(pdf, pdf.name, engine=engine)
    sentences = segment(doc)
    t1 = time.perf_counter()
    findings = matcher.match_sentences(sentences)
    t2 = time.perf_counter()
    result = result_for(pdf.stem, [doc.info], findings, engine)
    write_json(result, out / f"{pdf.stem}.json")
    write_html(result, out / f"{pdf.stem}.html")
    t3 = time.perf_counter()
    return {"extract": t1 - t0, "match": t2 - t1, "report": t3 - t2, "total": t3 - t0,
            "sentences": len(sentences), "findings": len(findings), "unread": len(doc.info.unreadable_pages)}


_MATCHERS: dict[str, object] = {}


def _matcher():  # type: ignore[no-untyped-def]
    from shortsale_check.match import Matcher

    if "m" not in _MATCHERS:
        t = time.perf_counter()
        _MATCHERS["m"] = Matcher()
        _MATCHERS["build_s"] = time.perf_counter() - t  # type: ignore[assignment]
    return _MATCHERS["m"]


# ---------------------------------------------------------------------------------- table


def best(runs: list[dict[str, float]], key: str) -> dict[str, float]:
    return min(runs, key=lambda r: r[key])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 100, 500])
    parser.add_argument("--engines", nargs="+", default=["pdfium", "pdfplumber"])
    parser.add_argument("--repeat", type=int, default=2, help="runs per figure; the fastest is kept")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    if not CLI.exists():
        print(f"Error: {CLI} not found; run `make venv` first", file=sys.stderr)
        return 2
    sizes = sorted(set(args.pages))
    pdfs = {n: make_pdf(n) for n in sorted({1, *sizes})}
    out = Path(tempfile.mkdtemp(prefix="bench-scan-"))
    rows: list[dict[str, object]] = []
    try:
        _matcher()
        for engine in args.engines:
            for n, pdf in pdfs.items():
                repeat = 1 if n >= 500 and engine == "pdfplumber" else args.repeat
                cli = [cli_run(pdf, engine, out) for _ in range(repeat)]
                inproc = [stages(pdf, engine, out) for _ in range(repeat)] if n > 1 else []
                row: dict[str, object] = {"engine": engine, "pages": n, "cli_s": best(cli, "wall")["wall"],
                                          "cli_cpu_s": best(cli, "wall")["cpu"],
                                          "rss_mb": max(r["rss_mb"] for r in cli)}
                if inproc:
                    row.update(best(inproc, "total"))
                rows.append(row)
                print(f"  {engine} {n} pages: CLI {row['cli_s']:.2f} s", file=sys.stderr)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(table(rows, sizes, args.engines))
    if args.json_out:
        figures = {"matcher_build_s": _MATCHERS["build_s"], "rows": rows}
        args.json_out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


def table(rows: list[dict[str, object]], sizes: list[int], engines: list[str]) -> str:
    lines = [
        f"Matcher build (once per process, included in CLI times): {_MATCHERS['build_s']:.2f} s",
        "",
        "| engine | pages | CLI wall s | CLI CPU s | CLI peak RSS MB | extract+segment s | match s "
        "| report s | in-process total s | in-process ms/page |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r["pages"] == 1:
            lines.append(f"| {r['engine']} | 1 (start-up) | {r['cli_s']:.2f} | {r['cli_cpu_s']:.2f} "
                         f"| {r['rss_mb']:.0f} | | | | | |")
            continue
        lines.append(
            f"| {r['engine']} | {r['pages']} | {r['cli_s']:.2f} | {r['cli_cpu_s']:.2f} | {r['rss_mb']:.0f} "
            f"| {r['extract']:.2f} "
            f"| {r['match']:.2f} | {r['report']:.3f} | {r['total']:.2f} "
            f"| {1000 * float(r['total']) / int(r['pages']):.1f} |"  # type: ignore[arg-type]
        )
    lo, hi = min(sizes), max(sizes)
    if lo != hi:
        lines += ["", f"Marginal cost per page, (t{hi} - t{lo}) / {hi - lo}:", ""]
        by = {(r["engine"], r["pages"]): r for r in rows}
        for e in engines:
            a, b = by[(e, lo)], by[(e, hi)]
            cli = 1000 * (float(b["cli_s"]) - float(a["cli_s"])) / (hi - lo)  # type: ignore[arg-type]
            inp = 1000 * (float(b["total"]) - float(a["total"])) / (hi - lo)  # type: ignore[arg-type]
            lines.append(f"- {e}: CLI {cli:.1f} ms/page, in-process {inp:.1f} ms/page")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
