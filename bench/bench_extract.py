"""Time extract + segment per engine on generated text PDFs (100 and 500 pages).

Run: ``.venv/bin/python bench/bench_extract.py [--pages 100 500] [--engines pdfium pdfplumber]``.
The PDFs are generated with fpdf2 into ``bench/.cache/`` (not committed).  Each
engine runs in a fresh process so its peak RSS (``ru_maxrss``) is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(__file__).parent / ".cache"
PARAGRAPH = (
    "Upon closing of the short sale, the Lender agrees to accept the net proceeds in full satisfaction "
    "of the loan secured by the Deed of Trust recorded on Jan. 5, 2019, as instrument No. 2019-00123. "
    "Borrower acknowledges that the remaining balance of $48,312.55 at 4.25% interest shall not be "
    "waived; Lender reserves the right to pursue any deficiency permitted by applicable law. "
)


def make_pdf(pages: int) -> Path:
    """A letter-size text PDF with a running header and page numbers, generated once."""
    from fpdf import FPDF

    path = CACHE / f"text-{pages}.pdf"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(False)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(20, 8)
        pdf.cell(0, 5, f"Harbor Bank, N.A. - Short Sale Approval - Loan 55{number:04d}")
        pdf.set_font("Helvetica", size=10.5)
        pdf.set_xy(20, 25)
        for _ in range(5):
            pdf.multi_cell(175, 5.2, PARAGRAPH * 2)
            pdf.ln(3)
        pdf.set_xy(100, 268)
        pdf.cell(0, 5, f"Page {number} of {pages}")
    pdf.output(str(path))
    return path


def measure(path: Path, engine: str, gc_off: bool) -> dict[str, float]:
    """Extract and segment ``path`` once in this process; time, pages, sentences, peak RSS."""
    import gc

    from shortsale_check.extract import extract_document
    from shortsale_check.model import Limits
    from shortsale_check.segment import segment

    if gc_off:
        gc.disable()
    started = time.perf_counter()
    doc = extract_document(path, path.name, engine=engine, limits=Limits(max_seconds_per_document=3600))
    extracted = time.perf_counter()
    sentences = segment(doc)
    done = time.perf_counter()
    pages = max(1, doc.info.pages)
    return {
        "pages": doc.info.pages,
        "words_per_page": sum(len(p.words) for p in doc.pages) / pages,
        "sentences": len(sentences),
        "unreadable": len(doc.info.unreadable_pages),
        "extract_s": extracted - started,
        "segment_s": done - extracted,
        "total_s": done - started,
        "ms_per_page": 1000 * (done - started) / pages,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--engines", nargs="+", default=["pdfium", "pdfplumber"])
    parser.add_argument("--no-gc", action="store_true", help="disable the cyclic garbage collector")
    parser.add_argument("--child", nargs=2, metavar=("PDF", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), args.child[1], args.no_gc)))
        return
    print(f"{'engine':<11}{'pages':>6}{'total s':>9}{'ms/page':>9}{'extract':>9}{'segment':>9}", end="")
    print(f"{'RSS MB':>8}{'words/p':>8}{'unread':>7}")
    for pages in args.pages:
        path = make_pdf(pages)
        for engine in args.engines:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(path),
                    engine,
                    *(["--no-gc"] if args.no_gc else []),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out)
            print(
                f"{engine:<11}{r['pages']:>6}{r['total_s']:>9.2f}{r['ms_per_page']:>9.1f}"
                f"{r['extract_s']:>9.2f}{r['segment_s']:>9.2f}{r['peak_rss_mb']:>8.0f}{r['words_per_page']:>8.0f}{r['unreadable']:>7}"
            )


if __name__ == "__main__":
    main()
