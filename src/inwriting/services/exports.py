"""Files made from what is in the database: a version, its consolidated text, the comment
matrix of every party's positions, a party's response, a redline between versions.

Each function checks that ``actor`` may read what it exports (drafts only for their own
party, through the same services as the pages) and returns ``(file name, media type,
bytes)``; the front doors only deliver them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum

from inwriting.domain.documents import ParsedDocument, Provision
from inwriting.domain.languages import language_document
from inwriting.domain.negotiations import slugify
from inwriting.errors import NotFound, ValidationError, missing
from inwriting.formats import render_document
from inwriting.formats.akn.writer import AknMetadata, akn_language
from inwriting.formats.docx.consolidated import write_consolidated_docx
from inwriting.formats.docx.redline import write_redline_docx
from inwriting.formats.docx.response import write_response_docx
from inwriting.formats.parallel import Column, parallel_docx, parallel_pdf
from inwriting.formats.pdf import consolidated_pdf, redline_pdf, version_pdf
from inwriting.formats.responses.comment_matrix import comment_matrix
from inwriting.services import consolidation, documents, languages, responses
from inwriting.services.actors import Actor
from inwriting.services.languages import LanguageText
from inwriting.storage.engine import Database

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
File = tuple[str, str, bytes]


class VersionFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    AKN = "akn"
    MARKDOWN = "markdown"
    CONSOLIDATED_DOCX = "consolidated-docx"
    CONSOLIDATED_PDF = "consolidated-pdf"
    MATRIX_XLSX = "matrix-xlsx"
    MATRIX_CSV = "matrix-csv"


def export_version(
    db: Database,
    actor: Actor,
    negotiation: str,
    version_id: int,
    fmt: VersionFormat,
    *,
    base_url: str = "",
    language: Sequence[str] = (),
) -> File:
    """A version as ``fmt``; with ``language``, in those of its languages: one language
    text alone (any format of the text itself), or two or more side by side (DOCX, PDF)."""
    text = documents.get_version(db, actor, version_id)
    _same(text.negotiation, negotiation, "version")
    v = text.version
    doc = ParsedDocument(v.title, text.provisions)
    stem = f"{slugify(v.document)}-{slugify(v.label, fallback='version')}"
    chosen = _chosen(db, actor, version_id, language)
    if len(chosen) > 1:
        return _parallel(chosen, fmt, stem, title=v.title, label=v.label)
    tag = chosen[0].language if chosen else v.language
    if chosen and not chosen[0].original:
        if fmt not in _OF_THE_TEXT:
            raise ValidationError(
                f"{fmt.value}: in the original language ({v.language}) only; a language text "
                "exports as docx, pdf, akn, markdown, consolidated-docx or consolidated-pdf"
            )
        doc = ParsedDocument(
            chosen[0].title, language_document(text.provisions, chosen[0].provisions)
        )
        stem = f"{stem}-{slugify(tag)}"
    if fmt is VersionFormat.DOCX:
        return f"{stem}.docx", DOCX, render_document(doc, "docx")
    if fmt is VersionFormat.PDF:
        return (
            f"{stem}.pdf",
            "application/pdf",
            version_pdf(doc, title=v.title, version_label=v.label),
        )
    if fmt is VersionFormat.AKN:
        meta = AknMetadata(
            work_date=v.tabled_at.date(),
            expression_date=v.tabled_at.date(),
            author=v.tabled_by,
            language=akn_language(tag),
            work_title=v.title,
        )
        return f"{stem}.akn.xml", "application/xml", render_document(doc, "akn", metadata=meta)
    if fmt is VersionFormat.MARKDOWN:
        return f"{stem}.md", "text/markdown; charset=utf-8", render_document(doc, "markdown")
    found = consolidation.consolidated_text(db, actor, version_id, language=tag)
    title = f"Consolidated text: {found.title} ({v.label})"
    if fmt is VersionFormat.CONSOLIDATED_DOCX:
        return f"{stem}-consolidated.docx", DOCX, write_consolidated_docx(found.text, title=title)
    if fmt is VersionFormat.CONSOLIDATED_PDF:
        data = consolidated_pdf(found.text, title=title, version_label=v.label)
        return f"{stem}-consolidated.pdf", "application/pdf", data
    answers = {
        party: responses.get_response(db, actor, response_id).content
        for party, response_id in found.responses.items()
    }
    if fmt is VersionFormat.MATRIX_CSV:
        data = comment_matrix(text.provisions, answers, fmt="csv", base_url=base_url)
        return f"{stem}-comments.csv", "text/csv; charset=utf-8", data
    data = comment_matrix(text.provisions, answers, fmt="xlsx", base_url=base_url)
    return f"{stem}-comments.xlsx", XLSX, data


def export_response(
    db: Database, actor: Actor, negotiation: str, response_id: int, *, language: str = ""
) -> File:
    """A party's response as the article-by-article written answer (DOCX), the provisions
    quoted in ``language`` (one of the version's languages; default its original)."""
    found = responses.get_response(db, actor, response_id)
    text = documents.get_version(db, actor, found.version_id)
    _same(text.negotiation, negotiation, "response")
    provisions: Sequence[Provision] = text.provisions
    chosen = _chosen(db, actor, found.version_id, [language] if language else [])
    if chosen and not chosen[0].original:
        provisions = language_document(text.provisions, chosen[0].provisions)
    receipt = None
    if found.record_index is not None:
        receipt = f"record entry {found.record_index}, content sha256 {found.content_sha256}"
    data = write_response_docx(
        found.content,
        tuple(provisions),
        version_label=text.version.label,
        title=f"Response of {found.party} to {text.version.label}",
        receipt=receipt,
        languages=found.languages[1:],
    )
    return f"response-{found.id}-{slugify(found.party)}.docx", DOCX, data


def export_redline(
    db: Database,
    actor: Actor,
    negotiation: str,
    old: int,
    new: int,
    fmt: str,
    *,
    author: str = "InWriting",
) -> File:
    """The redline between two versions as DOCX with tracked changes, or PDF."""
    _same(documents.get_version(db, actor, new).negotiation, negotiation, "version")
    old_label, new_label, redline = consolidation.version_redline(db, actor, old, new)
    title = f"Redline: {old_label} → {new_label}"
    stem = f"redline-{old}-{new}"
    if fmt == "pdf":
        return (
            f"{stem}.pdf",
            "application/pdf",
            redline_pdf(redline, title=title, version_label=new_label),
        )
    data = write_redline_docx(redline, title=title, author=author, date=datetime.now(UTC))
    return f"{stem}.docx", DOCX, data


# What a language text exports as, alone: the text itself, and its consolidated text (each
# proposal in its wording in that language).
_OF_THE_TEXT = (
    VersionFormat.DOCX,
    VersionFormat.PDF,
    VersionFormat.AKN,
    VersionFormat.MARKDOWN,
    VersionFormat.CONSOLIDATED_DOCX,
    VersionFormat.CONSOLIDATED_PDF,
)


def _chosen(
    db: Database, actor: Actor, version_id: int, wanted: Sequence[str]
) -> list[LanguageText]:
    """The version's language texts named in ``wanted`` (in that order, each once)."""
    if not wanted:
        return []
    every = {t.language.casefold(): t for t in languages.list_language_texts(db, actor, version_id)}
    chosen: list[LanguageText] = []
    for tag in wanted:
        found = every.get(tag.strip().casefold())
        if found is None:
            raise NotFound(f"version {version_id} has no {tag[:35]} text")
        if found not in chosen:
            chosen.append(found)
    return chosen


def _parallel(
    chosen: Sequence[LanguageText], fmt: VersionFormat, stem: str, *, title: str, label: str
) -> File:
    columns = [Column(t.language, t.title, t.provisions) for t in chosen]
    name = f"{stem}-{'-'.join(slugify(t.language) for t in chosen)}"
    if fmt is VersionFormat.DOCX:
        return f"{name}.docx", DOCX, parallel_docx(columns, title=title)
    if fmt is VersionFormat.PDF:
        data = parallel_pdf(columns, title=title, version_label=label)
        return f"{name}.pdf", "application/pdf", data
    raise ValidationError(
        f"{fmt.value}: side by side only as docx or pdf; export one language at a time"
    )


def _same(actual: str, wanted: str, what: str) -> None:
    if actual != wanted:
        raise missing(what)
