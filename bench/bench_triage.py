"""Batch triage benchmark (issue 5): parallel throughput and memory against the packet count.

Run: ``.venv/bin/python bench/bench_triage.py [--packets 50 200] [--single 10] [--jobs 2] [--repeat 2]
[--append-readme]``.

Generates (fpdf2, deterministic, once, into ``bench/.cache/triage-packets/``, not
committed) text packets of 18-22 letter-size pages each, one PDF per packet: a
servicer's short-sale approval letter (the filler and clauses of ``bench_scan.py``)
with its own borrower, address, loan number, page count and clause mix. Then runs
``shortsale-check triage FOLDER --out TMP --jobs J --quiet`` in a fresh process:

* (a) single-packet throughput: ``--jobs 1`` on the first ``--single`` packets;
* (b) parallel throughput: ``--jobs 2`` on N packets; ratio against 2 x (a);
* (c) peak memory of the whole process tree (the CLI and its workers), polled
  from ``/proc`` every 0.2 s: the sum of VmRSS (shared copy-on-write pages of
  the forked workers counted once per process, an upper bound) and the sum of
  Pss (shared pages split between the processes sharing them), for each N.

Throughput is given raw (packets / wall time of the command, start-up included)
and in steady state (the start-up measured on a run with 1 packet per job, i.e.
``(N - k) / (t_N - t_k)`` with k = jobs): the start-up (imports, rule pack, one
Matcher per worker) is paid once per run, so the raw figure depends on N.

Each run is repeated (``--repeat``, 2 by default): the fastest one's times and
the highest peak memory are kept. Prints a markdown table; ``--append-readme`` also appends it to bench/README.md
with the date and the machine load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scan import CLAUSES, CLI, FILLER  # noqa: E402

HERE = Path(__file__).resolve().parent
PACKETS = HERE / ".cache" / "triage-packets"
README = HERE / "README.md"
POLL_S = 0.2
LENDERS = (
    "Harbor Point Mortgage Servicing, LLC",
    "Cedar Ridge Home Loans",
    "Northgate Federal Savings Bank",
    "Prairie State Loan Servicing, Inc.",
)
STREETS = ("Larkspur Lane", "Maple Avenue", "Oak Street", "Birchwood Drive", "Summit Road", "Willow Court")
CITIES = ("Dayton, Ohio 45402", "Tulsa, Oklahoma 74103", "Fresno, California 93721", "Albany, New York 12207")
NAMES = ("Maria Alvarez", "James O'Connor", "Priya Natarajan", "Daniel Brooks", "Grace Kim", "Tomasz Nowak")
PARAGRAPHS = (  # more letter text besides bench_scan's FILLER, so the pages are not all alike
    "Dear {name}: we have completed our review of the short sale package submitted on your behalf for the "
    "property at {addr}. The investor on your loan has approved the sale on the terms set out below, subject "
    "to the conditions in this letter. Please read every page and share it with your listing agent and the "
    "settlement agent handling the closing.",
    "The closing must be handled by a licensed settlement agent. The following items may be paid from the sale "
    "proceeds and no others: real estate commissions not exceeding 6% of the sale price, transfer taxes "
    "customarily paid by the seller, a title search and owner's title insurance, recording fees, and property "
    "taxes due through the closing date. Homeowner association dues may be paid up to $1,500.00.",
    "You may not receive any money from the sale. Any agreement between you and the buyer that is not in the "
    "purchase contract is not allowed, and every party must sign the enclosed affidavit of arm's length "
    "transaction before closing. The buyer may not sell the property back to you or to a relative.",
    "If you have questions, please call {lender} at 1-800-555-0142 and have your loan number (ending {loan}) ready. "
    "Our hours are Monday through Friday from 8 a.m. to 8 p.m. Eastern time. Keep a copy of this letter "
    "for your records.",
)


# ---------------------------------------------------------------------------------- packets


def make_packet(index: int) -> Path:
    """Packet ``index``: one 18-22 page approval letter, its own details and clause mix (seeded by index)."""
    from fpdf import FPDF

    path = PACKETS / f"packet-{index:04d}.pdf"
    if path.exists():
        return path
    rng = random.Random(index)
    lender = LENDERS[index % len(LENDERS)]
    loan = f"{rng.randrange(1000, 10000)}"
    addr = f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}, {rng.choice(CITIES)}"
    fields = {"lender": lender, "loan": loan, "addr": addr, "name": rng.choice(NAMES)}
    filler = FILLER.format(lender=lender).replace("7781", loan).replace("1418 Larkspur Lane, Dayton, Ohio 45402", addr)
    texts = [filler] + [p.format(**fields) for p in PARAGRAPHS]
    clauses = rng.sample(CLAUSES, k=rng.choice((1, 2, 3)))
    pages = rng.randrange(18, 23)
    clause_pages = dict(zip(rng.sample(range(1, pages + 1), k=len(clauses)), clauses, strict=True))
    pdf = FPDF(format="letter", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2024, 1, 2, tzinfo=UTC))
    wrapped: dict[str, list[str]] = {}
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(60, 30)
        pdf.cell(0, 10, f"{lender} | Short Sale Approval | Loan ****{loan}")
        pdf.set_font("Helvetica", size=10.5)
        y = 64.0
        for para in range(4):
            text = texts[(number + para) % len(texts)] if number > 1 or para else texts[1]
            if para == 2 and number in clause_pages:
                text = f"{text} {clause_pages[number]}"
            if text not in wrapped:  # wrap each distinct paragraph once (multi_cell is slow), then draw lines
                wrapped[text] = pdf.multi_cell(492, 13, text, dry_run=True, output="LINES")
            for line in wrapped[text]:
                y += 13
                pdf.text(60, y - 3, line)
            y += 8
        pdf.set_xy(280, 750)
        pdf.cell(0, 10, f"Page {number} of {pages}")
    PACKETS.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    pdf.output(str(tmp))
    tmp.replace(path)
    return path


def packet_folder(count: int) -> Path:
    """A folder holding the first ``count`` packets (hard links into the cache, made once)."""
    folder = PACKETS.parent / f"triage-set-{count}"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        src = make_packet(i)
        dst = folder / src.name
        if not dst.exists():
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
    return folder


# ---------------------------------------------------------------------------------- process tree memory


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(root: int) -> list[int]:
    kids = _children()
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(kids.get(pid, []))
    return pids


def _field_kb(path: str, name: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_memory_mb(root: int) -> tuple[float, float, int]:
    """(sum of VmRSS, sum of Pss, number of processes) of ``root`` and all its descendants."""
    pids = _tree(root)
    rss = sum(_field_kb(f"/proc/{p}/status", "VmRSS:") for p in pids)
    pss = sum(_field_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
    return rss / 1024, pss / 1024, len(pids)


# ---------------------------------------------------------------------------------- one run


def triage_run(folder: Path, jobs: int) -> dict[str, float]:
    """``shortsale-check triage folder --jobs J -q`` in a fresh process: wall, CPU, peak tree memory."""
    out = Path(tempfile.mkdtemp(prefix="bench-triage-"))
    cmd = [str(CLI), "triage", str(folder), "--out", str(out), "--jobs", str(jobs), "--quiet"]
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
        peak_rss = peak_pss = 0.0
        procs = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            rss, pss, n = tree_memory_mb(proc.pid)
            peak_rss, peak_pss, procs = max(peak_rss, rss), max(peak_pss, pss), max(procs, n)
            time.sleep(POLL_S)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"Error: {' '.join(cmd)} exited {proc.returncode}")
        reports = len(list(out.glob("packet-*.html")))
        if reports != len(list(folder.glob("*.pdf"))):
            raise SystemExit(f"Error: {reports} reports written for {folder}")
        return {
            "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": peak_rss,
            "pss_mb": peak_pss,
            "procs": procs,
            "maxrss_mb": usage.ru_maxrss / 1024,
            "load": os.getloadavg()[0],
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, nargs="+", default=[50, 200], help="N for the parallel runs")
    parser.add_argument("--single", type=int, default=10, help="packets for the --jobs 1 run")
    parser.add_argument("--jobs", type=int, default=2, help="jobs for the parallel runs (the cores used)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per figure; the fastest is kept")
    parser.add_argument("--append-readme", action="store_true", help="append the table to bench/README.md")
    args = parser.parse_args()
    if not CLI.exists():
        print(f"Error: {CLI} not found; run `make venv` first", file=sys.stderr)
        return 2
    sizes = sorted(set(args.packets))
    t = time.perf_counter()
    for i in range(max(*sizes, args.single)):
        make_packet(i)
    pages = [page_count(make_packet(i)) for i in range(max(sizes))]
    print(
        f"packets ready in {time.perf_counter() - t:.1f} s; pages per packet {min(pages)}-{max(pages)}, "
        f"mean {sum(pages) / len(pages):.1f}",
        file=sys.stderr,
    )
    jobs = args.jobs
    runs: dict[tuple[int, int], dict[str, float]] = {}
    for n, j in [(1, 1), (args.single, 1), (jobs, jobs), *[(n, jobs) for n in sizes]]:
        if (n, j) in runs:
            continue
        tries = [triage_run(packet_folder(n), j) for _ in range(args.repeat)]
        r = dict(min(tries, key=lambda t: t["wall"]))  # the fastest run's times, the highest peak memory
        r.update(rss_mb=max(t["rss_mb"] for t in tries), pss_mb=max(t["pss_mb"] for t in tries))
        runs[(n, j)] = r
        print(
            f"  --jobs {j}, {n} packets: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, "
            f"peak tree RSS {r['rss_mb']:.0f} MB / PSS {r['pss_mb']:.0f} MB ({r['procs']:.0f} processes)",
            file=sys.stderr,
        )
    (PACKETS.parent / "triage-runs.json").write_text(json.dumps([[*k, v] for k, v in runs.items()], indent=1))
    text = report(runs, args.single, jobs, sizes, sum(pages) / len(pages))
    print(text)
    if args.append_readme:
        with README.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text + "\n")
    return 0


def page_count(pdf: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def report(
    runs: dict[tuple[int, int], dict[str, float]], single: int, jobs: int, sizes: list[int], mean_pages: float
) -> str:
    one, base = runs[(1, 1)], runs[(single, 1)]
    start = runs[(jobs, jobs)]
    single_steady = (single - 1) / (base["wall"] - one["wall"])
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"packets of {mean_pages:.1f} pages on average; `uptime` at the end: `{uptime}`",
        "",
        "| run | packets | wall s | CPU s | cores busy | load after | packets/s raw | packets/s steady "
        "| vs single × jobs | CPU s/packet steady | peak tree RSS MB | peak tree PSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(label: str, n: int, r: dict[str, float], ref: dict[str, float] | None, k: int) -> str:
        head = (
            f"| {label} | {n if ref else f'{n} (start-up)'} | {r['wall']:.1f} | {r['cpu']:.1f} "
            f"| {r['cpu'] / r['wall']:.2f} | {r['load']:.1f} "
        )
        if ref is None:
            return head + f"| | | | | {r['rss_mb']:.0f} | {r['pss_mb']:.0f} |"
        steady = (n - k) / (r["wall"] - ref["wall"])
        ratio = f"{steady / (jobs * single_steady):.0%}" if label != "--jobs 1" else ""
        cpu_pp = (r["cpu"] - ref["cpu"]) / (n - k)
        return head + (
            f"| {n / r['wall']:.2f} | {steady:.2f} | {ratio} | {cpu_pp:.2f} | {r['rss_mb']:.0f} | {r['pss_mb']:.0f} |"
        )

    lines.append(row("--jobs 1", 1, one, None, 1))
    lines.append(row("--jobs 1", single, base, one, 1))
    lines.append(row(f"--jobs {jobs}", jobs, start, None, jobs))
    lines += [row(f"--jobs {jobs}", n, runs[(n, jobs)], start, jobs) for n in sizes]
    lines += [
        "",
        f"Target: {jobs} × single = {jobs * single_steady:.2f} packets/s steady "
        f"({jobs * single / base['wall']:.2f} raw). Steady = (N - k) / (t_N - t_k), the k-packet run "
        "being the start-up; cores busy = CPU s / wall s of the whole tree; load after = 1-minute load average.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
