"""The whole scan: packet files -> extract -> segment -> match -> decide -> ScanResult."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__, decide, jurisdiction, loans, notes
from .extract import extract_document, failed
from .items import DocNumbers, doc_numbers, other_items
from .loan_find import DocFacts, find_facts
from .match import Matcher
from .model import DocumentInfo, ExtractedDocument, Finding, Limits, ScanResult, Sentence
from .ocr import INSTALL_HINT, PageDone, is_image_name, ocr_scanned_pages, read_image
from .packet import PacketFile, is_pdf_name, packet_files, packet_name
from .role import EXPLAINER, REQUIREMENTS, document_role, set_aside_listed
from .screen import set_aside
from .segment import segment

Progress = Callable[[str, int], None]  # (document name, pages read)


def read_file(pf: PacketFile, engine: str, limits: Limits, on_page: PageDone | None = None) -> ExtractedDocument:
    """A packet file's pages: a PDF's text layer (scanned pages by OCR), or an image by OCR."""
    if is_image_name(pf.name):
        return read_image(pf.path, pf.name, limits=limits, on_page=on_page)
    if not is_pdf_name(pf.name) and not _looks_like_pdf(pf.path):
        suffix = pf.path.suffix or "no extension"
        return failed(pf.name, f"not a PDF ({suffix}); only PDF files and page images are read — convert it")
    doc = extract_document(pf.path, pf.name, engine=engine, limits=limits)
    return doc if doc.info.error is not None else ocr_scanned_pages(doc, pf.path, limits=limits, on_page=on_page)


@dataclass(frozen=True, slots=True)
class ReadDocument:
    """A document once segmented: all that matching and deciding need (not the words of its pages)."""

    info: DocumentInfo
    sentences: list[Sentence]
    facts: DocFacts
    places: tuple[jurisdiction.Spot, ...]


def read_document(doc: ExtractedDocument, matcher: Matcher) -> ReadDocument:
    """Segment a read document and find its loans, places and role."""
    if doc.info.error is not None:
        return ReadDocument(doc.info, [], DocFacts(doc.info.file), ())
    sentences = segment(doc)
    facts = find_facts(doc, sentences, matcher.loan_words)
    places = jurisdiction.find_places(doc.info.file, sentences)
    role = document_role(sentences, matcher.role_words)
    return ReadDocument(replace(doc.info, role=role.role), sentences, facts, places)


def page_warnings(doc: ExtractedDocument) -> list[str]:
    """Why scanned pages could not be read, one line per page (the install hint is said once per packet)."""
    return [
        f"{doc.info.file} page {p.page_number}: {p.problem}"
        for p in doc.pages
        if not p.readable and p.problem and (p.source == "ocr" or p.problem == INSTALL_HINT)
    ]


def _looks_like_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return b"%PDF-" in fh.read(1024)
    except OSError:
        return False


def scan_packet(
    path: Path,
    matcher: Matcher,
    *,
    engine: str = "pdfium",
    limits: Limits | None = None,
    progress: Progress | None = None,
    files: Sequence[PacketFile] | None = None,
    ocr_progress: Progress | None = None,
) -> ScanResult:
    """Scan every file of a packet; ``ocr_progress`` is told (document, page) as each page is OCR'd."""
    limits = limits or Limits()
    collecting = gc.isenabled()
    gc.disable()  # the scan makes millions of small acyclic objects; collection only slows it (~15%)
    try:
        return _scan(path, matcher, engine, limits, progress, files, ocr_progress)
    finally:
        if collecting:
            gc.enable()


def _scan(
    path: Path,
    matcher: Matcher,
    engine: str,
    limits: Limits,
    progress: Progress | None,
    files: Sequence[PacketFile] | None,
    ocr_progress: Progress | None = None,
) -> ScanResult:
    documents: list[DocumentInfo] = []
    findings: list[Finding] = []
    mentions: list[Finding] = []
    facts: list[DocFacts] = []
    warnings: list[str] = []
    places: list[jurisdiction.Spot] = []
    numbers: dict[str, DocNumbers] = {}
    for pf in files if files is not None else packet_files(path):
        doc = read_file(pf, engine, limits, _page_progress(ocr_progress, pf.name))
        warnings.extend(page_warnings(doc))
        read = read_document(doc, matcher)
        del doc  # the pages' words (most of a long document's memory) are not needed to match
        found = matcher.match_sentences(read.sentences)
        places.extend(read.places)
        facts.append(read.facts)
        documents.append(read.info)
        if read.info.role == REQUIREMENTS:  # a list of the releases a closing needs gives none of them
            found, listed = set_aside_listed(found, matcher.role_words)
            mentions.extend(listed)
        (mentions if read.info.role == EXPLAINER else findings).extend(found)
        numbers[read.info.file] = doc_numbers((s.text for s in read.sentences), matcher.loan_words)
        if progress is not None:
            progress(pf.name, read.info.pages)
    findings, listed = other_items(findings, numbers, matcher.loan_words)  # other borrowers' items in a list
    mentions.extend(listed)
    findings, screened = set_aside(findings, matcher.screen)  # look-alikes the rules let through
    mentions.extend(screened)
    result = with_places(result_for(packet_name(path), documents, findings, engine, facts, matcher.loan_words), places)
    return replace(result, warnings=(*result.warnings, *ocr_warnings(warnings)), mentions=tuple(mentions))


def with_places(result: ScanResult, places: Sequence[jurisdiction.Spot]) -> ScanResult:
    """The result with the property's state, the investor and the notes that apply; the verdict is kept."""
    where = jurisdiction.decide_state(places)
    owner = jurisdiction.decide_investor(places)
    situation = notes.Situation(
        state=where.state,
        investor=owner.name,
        program=owner.program,
        categories=frozenset(f.category for f in result.findings),
        topics=jurisdiction.topics(places) | _loan_topics(result),
    )
    found = notes.notes_for(situation, result.findings, places)
    return replace(result, jurisdiction=where, investor=owner, notes=found)


def _page_progress(progress: Progress | None, name: str) -> PageDone | None:
    return None if progress is None else lambda number: progress(name, number)


def ocr_warnings(lines: list[str]) -> list[str]:
    """The page warnings, with every "install Tesseract" page folded into one line."""
    missing = [line for line in lines if line.endswith(INSTALL_HINT)]
    rest = [line for line in lines if not line.endswith(INSTALL_HINT)]
    if missing:
        rest.insert(0, f"{len(missing)} scanned page(s) not read: {INSTALL_HINT}")
    return rest


def result_for(
    name: str,
    documents: list[DocumentInfo],
    findings: list[Finding],
    engine: str,
    facts: Sequence[DocFacts] = (),
    loan_words: loans.LoanWords | None = None,
) -> ScanResult:
    words = loan_words or loans.LoanWords.load()
    findings, loan_list = loans.assign(findings, facts, decide.release_status, words)
    release = decide.weakest([ln.release for ln in loan_list]) if loan_list else decide.release_status(findings)
    verdict = decide.verdict(findings, documents, release)
    read = sum(d.pages - len(d.unreadable_pages) for d in documents)
    return ScanResult(
        packet=name,
        verdict=verdict,
        release=release,
        summary=decide.summary(verdict, findings, documents),
        documents=tuple(documents),
        findings=tuple(findings),
        pages_read=read,
        engine=engine,
        tool_version=__version__,
        loans=loan_list,
    )


def _loan_topics(result: ScanResult) -> frozenset[str]:
    """``junior_lien`` when the packet shows more than one loan or a second or third lien."""
    junior = len(result.loans) > 1 or any(ln.position in ("second", "third") for ln in result.loans)
    return frozenset({"junior_lien"}) if junior else frozenset()
