"""``shortsale-check explain PACKET --page N``: why each sentence was or was not flagged."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..packet import packet_files
from ..parties import lender_aliases, with_aliases
from .common import build_matcher


def explain(
    packet: Annotated[Path, typer.Argument(help="A PDF or a packet folder.")],
    page: Annotated[int, typer.Option("--page", "-p", help="1-based page to explain.")] = 1,
    document: Annotated[str | None, typer.Option("--document", "-d", help="File name within the packet.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list rules whose trigger words are absent.")] = False,
) -> None:
    """Show, for every sentence on a page, the rules tried, what matched and why others were rejected.

    Example: shortsale-check explain packet/ --document approval.pdf --page 2
    """
    from ..extract import extract_document
    from ..form import unticked_continuations
    from ..role import EXPLAINER, REQUIREMENTS, document_role
    from ..segment import segment

    files = [f for f in packet_files(packet) if document is None or f.name == document]
    if not files:
        raise UsageError(f"Error: no document named {document!r} in {packet}")
    matcher = build_matcher(None)
    for pf in files:
        doc = extract_document(pf.path, pf.name)
        if doc.info.error:
            typer.echo(f"{pf.name}: {doc.info.error}")
            continue
        sentences = segment(doc)
        analyses = list(matcher.analyzer.analyze_many(s.text for s in sentences))
        voice = matcher.voice_of(analyses)  # who "we" and "I" are in this document, as a scan reads it
        we_side, lender_i = voice.side(), voice.lender_i()
        aliases = lender_aliases((s.text for s in sentences), matcher.vocab)  # 'Fund III, LLC ("the Owner")'
        if aliases:
            typer.echo(f"{pf.name}: names the lender {', '.join(repr(w) for w in sorted(aliases))} (a defined party)")
        role = document_role(sentences, matcher.role_words)
        if role.role == EXPLAINER:
            why = ", ".join(role.reasons)
            typer.echo(f"{pf.name}: read as an explanation ({why}); its matches are mentions, outside the verdict")
        elif role.role == REQUIREMENTS:
            listed = ", ".join(sorted(matcher.role_words.listed_categories))
            typer.echo(f"{pf.name}: read as a list of title requirements; its {listed} matches are mentions")
        unticked = unticked_continuations(sentences, matcher.vocab.forms)
        for k, (sentence, analysis) in enumerate(zip(sentences, analyses, strict=True)):
            if not sentence.page <= page <= sentence.end_page:
                continue
            typer.echo(f'\n{pf.name}:{sentence.page}  "{sentence.text}"')
            if k in unticked:
                typer.echo("  (goes on from an option the form left unticked: states nothing, no rule applies)")
                continue
            screened: set[str] = set()
            for trace in matcher.explain(with_aliases(analysis, aliases), we_side, lender_i):
                if trace.outcome == "no trigger" and not show_all:
                    continue
                label = f"MATCH {trace.category}" if trace.outcome == "match" else trace.outcome
                typer.echo(f"  {trace.rule:<34} {label:<30} {trace.reason}")
                if trace.outcome == "match" and trace.category:
                    screened.add(trace.category)
            for category in sorted(screened):  # the statistical second look at what the rules matched
                check = matcher.screen.judge(category, sentence.text)
                if check is not None:
                    outcome = "set aside (mention)" if matcher.screen.sets_aside(check) else "kept"
                    typer.echo(f"  {'screen: ' + category:<34} {outcome:<30} {check.detail}")
