"""The upload page's API through FastAPI's TestClient: limits, refusals, privacy, the queue."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fpdf import FPDF

from shortsale_check.match import Matcher
from shortsale_check.pipeline import scan_packet
from shortsale_check.report_json import to_dict
from shortsale_check.web.app import create_app
from shortsale_check.web.limits import WebLimits, safe_name, sniff_kind

PACKETS = Path(__file__).resolve().parent / "fixtures" / "packets"
Files = list[tuple[str, tuple[str, bytes, str]]]


def packet_parts(name: str) -> Files:
    folder = PACKETS / name
    return [("files", (p.name, p.read_bytes(), "application/pdf")) for p in sorted(folder.iterdir())]


def pdf_bytes(pages: int, text: str = "Closing statement page.") -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


@pytest.fixture()
def make_client(matcher: Matcher, tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(factory: Callable[[], Any] | None = None, **limits: Any) -> TestClient:
        app = create_app(
            WebLimits(**{"workers": 1, **limits}), matcher_factory=factory or (lambda: matcher), work_root=tmp_path
        )
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)
    assert list(tmp_path.iterdir()) == [], "an upload folder was left behind"


@pytest.fixture()
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def test_good_packet_answers_the_same_json_as_the_cli(client: TestClient, matcher: Matcher) -> None:
    r = client.post("/api/scan", files=packet_parts("full-release-contradicted"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    got = r.json()
    expected = to_dict(scan_packet(PACKETS / "full-release-contradicted", matcher))
    assert got["schema"] == "shortsale-check/findings@1" and got["verdict"] == "high_risk"
    assert got["findings"] == expected["findings"] and got["documents"] == expected["documents"]
    assert got["release"] == expected["release"] and got["packet"] == "upload"


def test_page_view_links_report_json_and_letter_then_forgets(client: TestClient) -> None:
    r = client.post("/api/scan?view=page", files=packet_parts("full-release-contradicted"))
    assert r.status_code == 200
    data = r.json()
    assert data["findings"]["verdict"] == "high_risk" and data["letter_url"]
    report = client.get(data["report_url"])
    assert report.status_code == 200 and "<script" not in report.text.lower()
    assert "frame-ancestors 'self'" in report.headers["content-security-policy"]
    assert "sandbox" in report.headers["content-security-policy"]
    assert json.loads(client.get(data["json_url"]).text) == data["findings"]
    letter = client.get(data["letter_url"])
    assert "attachment" in letter.headers["content-disposition"] and "Subject:" in letter.text
    assert client.delete(data["delete_url"]).json() == {"deleted": True}
    gone = client.get(data["report_url"])
    assert gone.status_code == 404 and "expired" in gone.json()["detail"]


def test_results_expire(make_client: Callable[..., TestClient]) -> None:
    client = make_client(result_ttl_seconds=0.05)
    data = client.post("/api/scan?view=page", files=packet_parts("single-pdf-clean")).json()
    assert data["findings"]["verdict"] == "low_risk" and data["letter_url"] is None
    time.sleep(0.1)
    assert client.get(data["json_url"]).status_code == 404


def test_page_and_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and 'id="files"' in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "http" not in csp and "unsafe" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer" and r.headers["x-frame-options"] == "DENY"
    for asset in ("upload.js", "upload.css"):
        body = client.get(f"/static/{asset}").text
        assert "http://" not in body and "https://" not in body  # nothing from a CDN
    assert "<script>" not in r.text and "style=" not in r.text  # no inline code for the CSP to allow


def test_file_that_is_not_a_pdf_is_refused_by_its_bytes(client: TestClient) -> None:
    parts: Files = [("files", ("approval-letter.pdf", b"MZ\x90\x00 not really a pdf", "application/pdf"))]
    r = client.post("/api/scan", files=parts)
    assert r.status_code == 422
    assert "not a PDF, PNG or JPG" in r.json()["error"] and "approval-letter" in r.json()["error"]


def test_pdf_named_like_a_text_file_is_read(client: TestClient) -> None:
    data = (PACKETS / "single-pdf-clean" / "approval-letter.pdf").read_bytes()
    r = client.post("/api/scan", files=[("files", ("notes.txt", data, "text/plain"))])
    assert r.status_code == 200 and r.json()["documents"][0]["file"] == "notes.pdf"


def test_oversize_upload_is_refused(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_total_bytes=2000)
    r = client.post("/api/scan", files=packet_parts("full-release-contradicted"))  # 3.2 kB
    assert r.status_code == 413 and "too large" in r.json()["error"]


def test_too_many_pages_is_refused(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_pages=2)
    r = client.post("/api/scan", files=[("files", ("long.pdf", pdf_bytes(3), "application/pdf"))])
    assert r.status_code == 413 and r.json()["error"] == "Too many pages: at most 2 pages per upload."


def test_too_many_files_is_refused(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_files=2)
    parts = packet_parts("full-release-contradicted") + packet_parts("single-pdf-clean")
    r = client.post("/api/scan", files=parts)
    assert r.status_code == 413 and r.json()["error"] == "Too many files: at most 2 per upload."


def test_no_files_is_refused(client: TestClient) -> None:
    r = client.post("/api/scan", data={"other": "x"}, files=[("nothing", ("a.pdf", b"%PDF-1.4", "application/pdf"))])
    assert r.status_code == 422 and "at least one file" in r.json()["error"]


def test_processing_time_limit(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_seconds=0.0)
    r = client.post("/api/scan", files=packet_parts("single-pdf-clean"))
    assert r.status_code == 422 and "longer than" in r.json()["error"]


def test_filenames_are_never_paths(client: TestClient) -> None:
    data = (PACKETS / "single-pdf-clean" / "approval-letter.pdf").read_bytes()
    names = ["../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "/abs/x.pdf", "x.pdf", "<b>.pdf", "\x00\n.pdf"]
    r = client.post("/api/scan", files=[("files", (n, data, "application/pdf")) for n in names])
    assert r.status_code == 200
    files = [d["file"] for d in r.json()["documents"]]
    assert len(set(files)) == len(names)
    assert all("/" not in f and "\\" not in f and ".." not in f and "<" not in f for f in files)
    assert "passwd.pdf" in files and "x.pdf" in files and "x-2.pdf" in files


def test_safe_name_and_sniffing() -> None:
    taken: set[str] = set()
    assert safe_name("C:\\Users\\me\\scan.JPG", "jpeg", taken) == "scan.jpg"
    assert safe_name("scan.png", "jpeg", taken) == "scan-2.jpg"
    assert safe_name("", "pdf", taken) == "document.pdf" and safe_name(None, "pdf", taken) == "document-2.pdf"
    assert sniff_kind(b"%PDF-1.7\n") == "pdf" and sniff_kind(b"\x89PNG\r\n\x1a\n....") == "png"
    assert sniff_kind(b"\xff\xd8\xff\xe0") == "jpeg" and sniff_kind(b"GIF89a") is None and sniff_kind(b"") is None


def test_stale_upload_folders_are_removed_at_start(matcher: Matcher, tmp_path: Path) -> None:
    stale = tmp_path / "scan-999999999-abc"  # no such process
    stale.mkdir()
    (stale / "a.pdf").write_bytes(b"%PDF-")
    mine = tmp_path / f"scan-{os.getppid()}-live"  # a live process (another server) keeps its folder
    mine.mkdir()
    with TestClient(create_app(matcher_factory=lambda: matcher, work_root=tmp_path)):
        assert not stale.exists() and mine.exists()


class GatedMatcher:
    """A Matcher that waits for a gate before matching, so a test can hold the worker (a process) busy."""

    def __init__(self, matcher: Matcher, gate: Any) -> None:
        self._matcher, self._gate = matcher, gate

    def __getattr__(self, name: str) -> Any:
        return getattr(self._matcher, name)

    def match_sentences(self, sentences: Any) -> Any:
        assert self._gate.wait(20)
        return self._matcher.match_sentences(sentences)


def test_concurrent_uploads_queue_with_a_position(make_client: Callable[..., TestClient], matcher: Matcher) -> None:
    gate = multiprocessing.get_context("fork").Event()  # shared with the forked worker
    client = make_client(lambda: GatedMatcher(matcher, gate), workers=1, max_waiting=3)
    parts = packet_parts("full-release-contradicted")
    with ThreadPoolExecutor(5) as ex:
        futures = [ex.submit(client.post, f"/api/scan?ticket=t{i}", files=parts) for i in range(4)]
        deadline = time.monotonic() + 10
        while client.get("/api/queue").json()["waiting"] < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        queue = client.get("/api/queue").json()
        assert queue["running"] == 1 and queue["waiting"] == 3
        positions = sorted(client.get(f"/api/queue?ticket=t{i}").json()["position"] or 0 for i in range(4))
        assert positions == [0, 1, 2, 3]  # the running one has no position
        busy = client.post("/api/scan", files=parts)  # a fifth waiting upload would pass max_waiting
        assert busy.status_code == 503 and "busy" in busy.json()["error"]
        gate.set()
        answers = [f.result(timeout=30) for f in futures]
    assert [a.status_code for a in answers] == [200] * 4
    assert {a.json()["verdict"] for a in answers} == {"high_risk"}
    assert client.get("/api/queue").json() == {"waiting": 0, "running": 0, "workers": 1, "position": None}


def test_serve_command_is_documented() -> None:
    from typer.testing import CliRunner

    from shortsale_check.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "Example: shortsale-check serve" in result.output
    assert "127.0.0.1" in result.output


def test_phone_photo_is_recognised_by_its_bytes_and_read_by_ocr(client: TestClient) -> None:
    if shutil.which("tesseract") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tesseract is not installed in CI; .ci/run must install tesseract-ocr")
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    photo = PACKETS.parent / "scans" / "full-release-lender-waives-scan" / "approval-letter.png"
    r = client.post("/api/scan", files=[("files", ("photo.pdf", photo.read_bytes(), "application/pdf"))])
    assert r.status_code == 200
    data = r.json()
    assert data["documents"][0]["file"] == "photo.png" and data["documents"][0]["ocr_pages"] == [1]
    assert (data["verdict"], data["release"]) == ("low_risk", "full")
