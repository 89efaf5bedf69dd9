"""Stage 2: the words of a document -> sentences with positions.

Blocks come from ``layout`` (headers/footers dropped, columns ordered).  A block
that ends mid-sentence at the bottom of a page is joined with the first block
of the next page.  Lines are joined with a space, words hyphenated at a line
end are re-joined, and the text is cut into sentences at terminal punctuation
(not after abbreviations, initials or inside amounts).  Every sentence keeps
the box and page of each of its words.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from shortsale_check.layout import LIST_MARKER, TERMINAL, Block, furniture_keys, group_lines, page_blocks
from shortsale_check.model import ExtractedDocument, PlacedWord, Sentence, Word

MAX_SENTENCE = 700
ABBREVIATIONS = frozenset(
    {
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "no.",
        "nos.",
        "inc.",
        "co.",
        "corp.",
        "ltd.",
        "st.",
        "ave.",
        "sec.",
        "secs.",
        "sect.",
        "§",
        "e.g.",
        "i.e.",
        "etc.",
        "approx.",
        "vs.",
        "v.",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
        "jr.",
        "sr.",
        # settlement-statement shorthand: "def. waived IF seller contrib. rec'd", "Rem. bal. owed by bwr."
        "def.",
        "defic.",
        "prom.",
        "exec.",
        "pt.",
        "cap.",
        "cond.",
        "acct.",
        "bal.",
        "rem.",
        "contrib.",
        "inv.",
        "agmt.",
        "pmt.",
        "mtg.",
        "amt.",
        "bwr.",
        "req.",  # a title commitment's "Req. 3 - Discharge of mortgage ..."
        "reqs.",
        "exc.",
        "sched.",
        "orig.",
        "ltr.",
        "dtd.",
        "atty.",
        "hldr.",
        "mo.",
        "mos.",
        "yrs.",
        "blvd.",
        "rd.",
        "ft.",
        "para.",
        "art.",
        "ch.",
        "cf.",
        "pp.",
        "p.",
        "dept.",
        "assn.",
        "bros.",
        "mt.",
        "esq.",
        "hon.",
        "fig.",
        "vol.",
        "al.",
        "seq.",
        "rev.",
        "ref.",
        "attn.",
        # statute citations ("Cal. Code Civ. Proc. section 580e", "Va. Code Ann.", "Pa. R. Civ. P.")
        "civ.",
        "proc.",
        "stat.",
        "stats.",
        "ann.",
        "gen.",
        "cons.",
        "comp.",
        "admin.",
        "reg.",
        "regs.",
        "cal.",
        "pa.",
        "va.",
        "md.",
        "fla.",
        "ill.",
        "tex.",
        "wis.",
        "ky.",
        "mich.",
        "wash.",
        "nev.",
        "ariz.",
        "colo.",
        "conn.",
        "del.",
        "ga.",
        "ind.",
        "kan.",
        "mass.",
        "minn.",
        "miss.",
        "neb.",
        "okla.",
        "tenn.",
        "wyo.",
    }
)
NUMBER_CUE = frozenset({"§", "§§", "sec.", "section", "no.", "nos.", "article", "art.", "para."})
# A sentence ends before a capital, a number, or a form's blank or box ("... myself. _____ I received").
BOUNDARY = re.compile(r"[.!?][\"')\]\u201d\u2019]*(\s+)(?=[\"'(\[\u201c\u2018]*[A-Z0-9$§(]|_{2,}|\[|[☐☑☒□■])")
INITIALS = re.compile(r"(?:[A-Za-z]{1,3}\.)?(?:[A-Za-z]\.)+")  # "J.", "U.S.", "Pa.C.S."
BOXES_AFTER = re.compile(r"(?:\[[ xX\u2713\u2714]?\]|[\u2610\u2611\u2612\u25a1\u25a0])\s*(?:[Yy]es|YES|[Nn]o|NO)\b")
ANSWER_AFTER = re.compile(
    r"(?:[Nn]o|NO|[Yy]es|YES|[Nn]one|NONE|N/A|[NY]|\$0(?:\.00)?)(?=\s*(?:$|[-–—;,(]|\.\s*$|\s{2,}))"  # "? N"
    r"|(?:[Nn]one|NONE)\s+(?:seen|found|noted|received|located|identified|requested|required)\b"  # "? None seen."
    r"|(?:[Nn]o|NO|[Nn]one|NONE|N/A|\$0(?:\.00)?)(?=\.\s+[^.?!]{3,60}\?)"  # next row asks again: "required? NO. Cash?"
    r"|(?:[Nn]o|NO|[Yy]es|YES|[Nn]one|NONE|N/A|[NY])\.?(?=[ \t]*\n)"  # the answer ends its line: "...)? No.\n"
)
# Form rows run together on one line end at a one-word negative answer when another "Label:" follows
# ("Personal guaranty: No   Affidavit of confession: No" is two rows; after "Yes" the next rows,
# "Amount: $9,900  Term: 84 months", say more about the same thing).
ROW_END = re.compile(
    r"(?<=:\s)(?:[Nn]o|NO|[Nn]one|NONE|N/A|n/a|\$0(?:\.00)?)(?![\w.,])[.;]?(\s+)(?=[A-Z][\w'/ ()-]{2,60}:)"
    r"|(?<=:\s)(?:[Nn]o|NO|[Nn]one|NONE|N/A|n/a|\$0(?:\.00)?)(?![\w.,])(\s+\|\s+)(?=[A-Za-z][\w'/ ()-]{2,60}:)"
    # rows joined by a cell border: "seller contribution: none  |  shortfall note: none"
    # rows joined by ";", their labels in lower case, answered after ":" or " - ": "note - none; balance stays due - no"
    r"|(?<=[:\-\u2013]\s)(?:[Nn]o|NO|[Nn]one|NONE|N/A|n/a|\$0(?:\.00)?)(?![\w.,]);(\s+)"
    r"(?=[A-Za-z][\w'/ ()]{2,60}(?::|\s[-\u2013]\s))"
    # numbered rows run on: "1) Cognovit: N/A 2) Deficiency note: None"; not a number spelled out and then given in
    # figures ("SIXTY (60) MONTHLY INSTALLMENTS", "ten (10) days")
    r"|(?<=\S)(?<![A-Za-z]{3})(\s+)(?=\(?\d{1,2}\)\s+[A-Z])"
    r"|(?<=\d)(\s+)(?=[A-Z][\w'/ (),-]{2,60}?\s*\.{4,})"  # "... $4,200.00 Promissory note ...... not required"
    # one row's answers to several columns: "Seller note / repayment agreement / contribution: NO / NO / NO"
    r"|(?<=:\s)(?:[Nn]o|NO|N/A|[Nn]one|NONE)(?:\s*/\s*(?:[Nn]o|NO|N/A|[Nn]one|NONE))+(\s+)(?=[A-Z0-9][\w'/ ()-]{2,90}:)"
    # a question answered at its line's end: "... outside the closing statement? N\nDid the file contain ...? N"
    r"|\?[ \t]+(?:[Nn]o|NO|[Yy]es|YES|[Nn]one|NONE|N/A|[NY])\.?([ \t]*\n)(?=\S)"
    # questions answered in a row: "Contribution required? NO    Promissory note required? NO"
    r"|\?\s+(?:[Nn]o|NO|[NY]|[Yy]es|YES|[Nn]one|NONE|N/A|n/a)(?![\w.,/])[.;]?(\s+)(?=[A-Z][\w'/ (),-]{2,60}\?)"
)


# A form's row on a line of its own: leader dots, a table's cell border, or a tick box at its start
# ("Deficiency note ........ None", "Cognovit | none", "[X] Lien release"). Lines of running text are joined
# by a newline, and a row line is cut from the lines beside it when the next line starts anew.
ROW_LINE = re.compile(
    r"\.{4,}|\s\|\s|^\s*\||^\s*(?:\[[ xX\u2713\u2714]?\]|[\u2610\u2611\u2612\u25a1\u25a0])"
    # a question answered by tick boxes at the line's end ("... repayment plan?   [ ] Yes   [X] No")
    r"|(?:\[[ xX\u2713\u2714]?\]|[\u2610\u2611\u2612\u25a1\u25a0])\s*(?:[Yy]es|YES|[Nn]o|NO|N/A)\s*$"
)
# A line of two or more fields ("Member: Ann Roe   HELOC ending 9150   Balance: $38,440.17"): a header row, cut
# from the next line when that one starts a sentence or a label ("You asked: ...", "The Bank ..."), not when it
# carries on a field's value (a wrapped address: "Wintergreen Circle, Eugene, Oregon", "18104.").
FIELDS_LINE = re.compile(
    r"^\s*[A-Z][\w'/()&-]*(?:\s[\w'/()&-]+){0,3}:\s+\S.*\s[A-Z][\w'/()&-]*(?:\s[\w'/()&-]+){0,3}:\s+\S"
)
WORD_LINE_START = re.compile(r"[A-Z][a-z']*\s+[a-z]|[A-Z][\w'/()&-]*(?:\s[\w'/()&-]+){0,3}:\s")
NEW_LINE_START = re.compile(r"[A-Z0-9$\[(|\u2610\u2611\u2612\u25a1\u25a0]")  # "|" opens a table's row

_Placed = tuple[int, int, int, Word]  # start, end, page, word of running text


def segment(doc: ExtractedDocument) -> list[Sentence]:
    """The sentences of a document, in reading order, indexed from 0."""
    pages = [(page, group_lines(page.words)) for page in doc.pages if page.readable]
    furniture = furniture_keys(pages)
    blocks = [b for page, lines in pages for b in page_blocks(page, lines, furniture)]
    sentences: list[Sentence] = []
    for unit in join_across_pages(blocks):
        text, placed = running_text(unit)
        ends = [p[1] for p in placed]
        for start, end in sentence_spans(text):
            first = bisect.bisect_right(ends, start)
            words = itertools.islice(placed, first, None)
            sentences.append(_sentence(doc.info.file, text, words, (start, end), len(sentences)))
    return sentences


def join_across_pages(blocks: Sequence[Block]) -> list[list[Block]]:
    """One unit per block, except a block that continues onto the next page joins its continuation."""
    units: list[list[Block]] = []
    for index, block in enumerate(blocks):
        prev = blocks[index - 1] if index else None
        if prev is not None and _continues(prev, block) and units[-1][-1] is prev:
            units[-1].append(block)
        else:
            units.append([block])
    return units


def _continues(prev: Block, block: Block) -> bool:
    """Is ``block`` (first on its page) the rest of ``prev`` (last on the page before)?"""
    if block.page != prev.page + 1 or prev.kind == "heading" or block.kind != "text":
        return False
    return prev.last_char not in TERMINAL


def running_text(blocks: Sequence[Block]) -> tuple[str, list[_Placed]]:
    """The blocks' words as one string: a space between words and lines, hyphenated words re-joined."""
    parts: list[str] = []
    placed: list[_Placed] = []
    pos = 0
    for block in blocks:
        for line in block.lines:
            if placed and _rejoins(parts[-1], line.words[0].text):
                parts[-1] = parts[-1][:-1]
                start, end, page, word = placed[-1]
                placed[-1] = (start, end - 1, page, word)
                pos -= 1
            elif placed:
                parts.append("\n")  # one character, like a space; sentence_spans may cut a form row here
                pos += 1
            parts.append(line.text)
            for word in line.words:
                placed.append((pos, pos + len(word.text), block.page, word))
                pos += len(word.text) + 1
            pos -= 1
    return "".join(parts), placed


def _rejoins(prev: str, nxt: str) -> bool:
    """'defi-' at a line end followed by 'ciency': one word split by a hyphen."""
    return len(prev) > 1 and prev.endswith("-") and prev[-2].isalpha() and nxt[:1].islower()


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, long ones cut at '; ' or ': '."""
    start = 0
    cuts = (*BOUNDARY.finditer(text), *ROW_END.finditer(text), *_row_lines(text))
    for match in sorted(cuts, key=lambda m: _gap(m)[0]):
        if _gap(match)[0] < start:
            continue
        if match.re is ROW_END or match.re is _NEWLINE:
            yield from limit_length(text, start, _gap(match)[0])
            start = _gap(match)[1]
            continue
        head = INITIAL_BLANKS.sub("", text[start : match.start() + 1])  # "____ ____ 2. The shortfall remains ..."
        if _is_abbreviation(text, match.start()) or LIST_MARKER.match(head):
            continue
        if text[max(0, match.start() - 2) : match.start()] == "..":
            continue  # leader dots ("Amount retained ........ $30,000.00") or an ellipsis: no full stop
        answered = ANSWER_AFTER.match(text, match.end(1)) or BOXES_AFTER.match(text, match.end(1))
        if text[match.start()] == "?" and answered:
            continue  # asked and answered: "Seller to sign note for shortfall?   No", "Rider attached? [ ] Yes [X] No"
        yield from limit_length(text, start, match.start(1))
        start = match.end(1)
    if start < len(text):
        yield from limit_length(text, start, len(text))


_NEWLINE = re.compile(r"(\n)")
INITIAL_BLANKS = re.compile(r"^(?:_{2,}|\s|/)+")  # the blanks for initials that open a form's line


def _row_lines(text: str) -> Iterator[re.Match[str]]:
    """The line breaks on either side of a form row, where the next line starts anew (a capital, a
    number, a box), not where a cell's text wraps on in lower case."""
    if "\n" not in text:
        return
    lines = text.split("\n")
    rows = [ROW_LINE.search(line) is not None for line in lines]
    fields = [FIELDS_LINE.search(line) is not None for line in lines]
    pos = 0
    for k in range(len(lines) - 1):
        pos += len(lines[k])
        after = lines[k + 1].lstrip()
        if ((rows[k] or rows[k + 1]) and NEW_LINE_START.match(after)) or (fields[k] and WORD_LINE_START.match(after)):
            found = _NEWLINE.match(text, pos)
            if found:
                yield found
        pos += 1


def _gap(match: re.Match[str]) -> tuple[int, int]:
    """The white space a boundary match cuts at: its one group that took part."""
    k = next(k for k in range(1, match.re.groups + 1) if match.group(k) is not None)
    return match.start(k), match.end(k)


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the '.' at ``dot`` part of an abbreviation, initials or a numbered reference ("No. 5.")?"""
    if text[dot] != ".":
        return False
    head = text[: dot + 1].rsplit(None, 2)
    token = head[-1].lstrip("\"'([\u201c\u2018").lower()
    answered = len(head) > 1 and (head[-2].endswith((":", "?")) or set(head[-2]) <= set(".-\u2013\u2014"))
    if token in {"no.", "y.", "n."} and answered:
        return False  # a form's answer ("Note required: No. Confession required: N."), not "No. 5" or initials
    if token in ABBREVIATIONS or INITIALS.fullmatch(token):
        return True
    return token[:-1].isdigit() and len(head) > 1 and head[-2].lower() in NUMBER_CUE


def limit_length(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut text[start:end] into pieces of at most MAX_SENTENCE characters, at '; ', ': ' or a space."""
    while end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE + 1]
        cut = max(window.rfind(mark + gap) for mark in ";:" for gap in " \n")  # lines are joined by "\n"
        if cut < MAX_SENTENCE // 4:
            cut = max(window.rfind(" "), window.rfind("\n")) - 1
        if cut < 0:
            break
        yield start, start + cut + 1
        start = start + cut + 1
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _sentence(document: str, text: str, placed: Iterable[_Placed], span: tuple[int, int], index: int) -> Sentence:
    """The sentence text[start:end]; ``placed`` starts at its first word."""
    start, end = span
    words: list[PlacedWord] = []
    sources: list[Word] = []
    for p_start, p_end, page, w in placed:
        if p_start >= end:
            break
        words.append(_placed_word(p_start - start, p_end - start, page, w.x0, w.top, w.x1, w.bottom))
        sources.append(w)
    for i in (0, -1):  # a word cut by the sentence limit keeps only its part inside the sentence
        if words[i].start < 0 or words[i].end > end - start:
            words[i] = replace(words[i], start=max(words[i].start, 0), end=min(words[i].end, end - start))
    return Sentence(
        document=document,
        page=words[0].page,
        end_page=words[-1].page,
        text=text[start:end].replace("\n", " "),
        words=tuple(words),
        index=index,
        source="ocr" if any(w.source == "ocr" for w in sources) else "text",
        confidence=min(w.confidence for w in sources),
    )


_new = object.__new__
_set_start, _set_end, _set_page, _set_x0, _set_top, _set_x1, _set_bottom = (
    getattr(PlacedWord, name).__set__ for name in ("start", "end", "page", "x0", "top", "x1", "bottom")
)


def _placed_word(start: int, end: int, page: int, x0: float, top: float, x1: float, bottom: float) -> PlacedWord:
    """``PlacedWord(start, end, page, x0, top, x1, bottom)``, made for every word of every sentence: its
    fields are set through their slots, not the frozen dataclass's ``__init__`` (about half the time)."""
    word: PlacedWord = _new(PlacedWord)
    _set_start(word, start)
    _set_end(word, end)
    _set_page(word, page)
    _set_x0(word, x0)
    _set_top(word, top)
    _set_x1(word, x1)
    _set_bottom(word, bottom)
    return word
