"""Upload page benchmark: added latency of the web path over the CLI, and 50 concurrent small uploads.

Run: ``.venv/bin/python bench/bench_web.py [--packet DIR] [--runs 10] [--uploads 50]``.

* in-process (what ``scan`` does past its start-up): ``scan_packet`` + findings JSON + HTML report +
  request letter on the packet, Matcher built beforehand; median of ``--runs``;
* web: the real server (``shortsale-check serve``, 2 worker processes, on a free 127.0.0.1 port), the same
  packet by ``POST /api/scan`` (JSON only) and ``POST /api/scan?view=page`` (JSON + report + letter,
  then the report fetched); median of ``--runs``; added latency = web - in-process;
* load: ``--uploads`` small uploads sent all at once (one thread each) on loopback: every answer
  checked, wall time, the peak RSS (VmHWM) of the server and its workers before and after, and the upload folder empty.

Only loopback traffic; every loop is bounded. Prints a markdown table (the figures in bench/README.md).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from shortsale_check.letter import build_letters, letters_text, read_facts
from shortsale_check.match import Matcher
from shortsale_check.packet import packet_files
from shortsale_check.pipeline import scan_packet
from shortsale_check.report_html import render_html
from shortsale_check.report_json import dumps

REPO = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("shortsale-check")
DEFAULT_PACKET = REPO / "tests" / "fixtures" / "packets" / "full-release-contradicted"
SMALL_PACKET = REPO / "tests" / "fixtures" / "packets" / "single-pdf-clean"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def in_process(packet: Path, matcher: Matcher, runs: int, full: bool = True) -> float:
    files = packet_files(packet)
    sources = {pf.name: pf.path for pf in files}
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = scan_packet(packet, matcher, files=files)
        dumps(result)
        if full:
            render_html(result, sources=sources)
            letters_text(build_letters(result, read_facts(sources)))
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def parts(packet: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "application/pdf")) for p in sorted(packet.iterdir())]


def web(client: httpx.Client, packet: Path, runs: int, page: bool) -> float:
    body = parts(packet)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = client.post("/api/scan" + ("?view=page" if page else ""), files=body)
        r.raise_for_status()
        if page:
            client.get(r.json()["report_url"]).raise_for_status()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def rss_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def tree_kb(pid: int, field: str) -> int:
    """The field summed over the server and its worker processes."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return rss_kb(pid, field) + sum(rss_kb(int(c), field) for c in children)


def load(client: httpx.Client, url: str, uploads: int) -> tuple[float, list[tuple[int, str]]]:
    body = parts(SMALL_PACKET)

    def one(i: int) -> tuple[int, str]:
        with httpx.Client(base_url=url, timeout=120) as c:
            r = c.post(f"/api/scan?ticket=bench{i}", files=body)
            return r.status_code, r.json().get("verdict", "")

    t = time.perf_counter()
    with ThreadPoolExecutor(uploads) as ex:
        answers = list(ex.map(one, range(uploads)))
    return time.perf_counter() - t, answers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--packet", type=Path, default=DEFAULT_PACKET)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--uploads", type=int, default=50)
    args = ap.parse_args()
    matcher = Matcher()
    in_process(args.packet, matcher, 2)  # warm caches
    base = in_process(args.packet, matcher, args.runs)
    base_json = in_process(args.packet, matcher, args.runs, full=False)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    env = {**os.environ, "TMPDIR": str(tmp)}
    server = subprocess.Popen([str(CLI), "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/api/limits").raise_for_status()
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            web(client, args.packet, 2, True)  # warm
            api = web(client, args.packet, args.runs, False)
            page = web(client, args.packet, args.runs, True)
            hwm_before = tree_kb(server.pid, "VmHWM")
            wall, answers = load(client, url, args.uploads)
            hwm_after = tree_kb(server.pid, "VmHWM")
            rss_after = tree_kb(server.pid, "VmRSS")
    finally:
        server.terminate()
        server.wait(timeout=30)
    ok = sum(1 for status, verdict in answers if status == 200 and verdict == "low_risk")
    left = [p for p in (tmp / "shortsale-check-web").rglob("*")] if (tmp / "shortsale-check-web").exists() else []
    print(f"packet: {args.packet.name}, {args.runs} runs, medians")
    print("| path | ms | added over in-process |")
    print("|---|---|---|")
    print(f"| in-process scan + JSON | {base_json * 1000:.0f} | — |")
    print(f"| POST /api/scan (JSON) | {api * 1000:.0f} | {(api - base_json) * 1000:+.0f} |")
    print(f"| in-process scan + JSON + HTML + letter | {base * 1000:.0f} | — |")
    print(f"| POST /api/scan?view=page + GET report | {page * 1000:.0f} | {(page - base) * 1000:+.0f} |")
    print()
    print(f"| {args.uploads} concurrent uploads | figure |")
    print("|---|---|")
    print(f"| answered correctly | {ok} / {len(answers)} |")
    print(f"| wall time | {wall:.1f} s ({wall / len(answers) * 1000:.0f} ms per upload) |")
    print(f"| peak RSS before / after, server + workers | {hwm_before / 1024:.0f} / {hwm_after / 1024:.0f} MB |")
    print(f"| RSS after, server + workers | {rss_after / 1024:.0f} MB |")
    print(f"| files left in the upload folder | {len(left)} |")
    subprocess.run(["rm", "-rf", str(tmp)], check=False)


if __name__ == "__main__":
    main()
