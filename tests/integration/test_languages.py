"""Language texts of a version: added aligned and put in writing, never changed, read
back, checked for divergences; refused, changing nothing, when they do not line up."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from inwriting.domain.derivation import Action, Choice
from inwriting.domain.divergences import Check
from inwriting.errors import Conflict, ImmutableRecord, NotFound, PermissionDenied, ValidationError
from inwriting.formats import parse_document, read_document
from inwriting.services import derivation, documents, languages, ledger, record
from inwriting.services.verification import verify_record
from inwriting.storage.engine import Database
from inwriting.storage.models import LanguageProvisionRow, LanguageTextRow, RecordEntryRow
from tests.integration.builders import ALICE, AMOS, BEN, CARL, T0, ZED, build

CORPUS = Path(__file__).parents[1] / "data" / "corpus"

RUSSIAN = """# Соглашение об испытаниях

Стороны договорились.

## Часть I Общие положения

## Статья 1 Цель

Один.

## Статья 2

Два.

Ещё.

## Статья 3 Вступление в силу

Три.
"""


def _entries(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(RecordEntryRow)) or 0)


def test_a_translation_in_another_script_is_aligned_and_put_in_writing(db: Database) -> None:
    s = build(db)
    before = _entries(db)
    added = languages.add_language_text(
        db, AMOS, s.version_id, "RU", parse_document(RUSSIAN), source_name="ru.md", now=T0
    )
    assert added.language == "ru" and not added.original
    assert [p.key for p in added.provisions] == ["preamble", "part-1", "art-1", "art-2", "art-3"]
    assert added.provisions[3].label == "Статья 2"
    assert added.provisions[3].text == "Два.\n\nЕщё."
    assert _entries(db) == before + 1
    assert added.record_index == before
    opening = record.open_entry(db, CARL, before)
    assert opening.subject == "language_text" and opening.verified
    assert opening.content_sha256 == added.content_sha256
    texts = languages.list_language_texts(db, CARL, s.version_id)
    assert [(t.language, t.original) for t in texts] == [("en", True), ("ru", False)]
    assert languages.get_language_text(db, CARL, s.version_id, "ru") == added
    check = languages.check_languages(db, CARL, s.version_id)
    assert check.languages == ("en", "ru") and not check.diverges
    assert ledger.check_database(db).ok
    assert verify_record(db, None).ok


def test_a_divergent_translation_is_flagged(db: Database) -> None:
    s = build(db)
    changed = RUSSIAN.replace("Два.\n\nЕщё.", "Два, согласно статье 3.").replace(
        "Три.", "Три, с 1 января 2027 года."
    )
    languages.add_language_text(db, AMOS, s.version_id, "ru", parse_document(changed))
    found = languages.check_languages(db, CARL, s.version_id).divergences
    assert {(d.key, d.check) for d in found} == {
        ("art-2", Check.PARAGRAPHS),
        ("art-2", Check.REFERENCES),
        ("art-3", Check.NUMBERS),
        ("art-3", Check.DATES),
    }
    dates = next(d for d in found if d.check is Check.DATES)
    assert str(dates) == "Article 3: dates differ — only in en: nothing; only in ru: January"


def test_a_translation_that_does_not_line_up_is_refused_and_changes_nothing(
    db: Database,
) -> None:
    s = build(db)
    before = _entries(db)
    short = RUSSIAN.replace("## Статья 2\n\nДва.\n\nЕщё.\n\n", "")
    with pytest.raises(ValidationError) as refused:
        languages.add_language_text(db, AMOS, s.version_id, "ru", parse_document(short))
    assert [str(p) for p in refused.value.problems] == [
        "missing: Article 2 (art-2) of the version has no counterpart in the ru text"
    ]
    extra = RUSSIAN + "\n## Статья 4\n\nЧетыре.\n"
    with pytest.raises(ValidationError, match="does not line up"):
        languages.add_language_text(db, AMOS, s.version_id, "ru", parse_document(extra))
    assert _entries(db) == before
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(LanguageTextRow)) == 0
    # confirmed: the drafter says Article 4 of the translation belongs to Article 3
    mapped = languages.add_language_text(
        db, AMOS, s.version_id, "ru", parse_document(extra), mapping={"Статья 4": "art-3"}
    )
    assert mapped.provisions[-1].text == "Три.\n\nЧетыре."


def test_who_may_add_a_language_text_and_what_is_refused(db: Database) -> None:
    s = build(db)
    ru = parse_document(RUSSIAN)
    with pytest.raises(PermissionDenied):
        languages.add_language_text(db, BEN, s.version_id, "ru", ru)  # not the tabling party
    with pytest.raises(NotFound):
        languages.add_language_text(db, ZED, s.version_id, "ru", ru)  # cannot see it
    with pytest.raises(ValidationError, match="not a language tag"):
        languages.add_language_text(db, AMOS, s.version_id, "russian!", ru)
    with pytest.raises(Conflict, match="itself written in en"):
        languages.add_language_text(db, AMOS, s.version_id, "en", ru)
    languages.add_language_text(db, ALICE, s.version_id, "ru", ru)
    with pytest.raises(Conflict, match="already has a ru text"):
        languages.add_language_text(db, AMOS, s.version_id, "ru", ru)
    with pytest.raises(NotFound):
        languages.get_language_text(db, ZED, s.version_id, "ru")
    with pytest.raises(NotFound, match="no fr text"):
        languages.get_language_text(db, CARL, s.version_id, "fr")


def test_a_language_text_never_changes(db: Database) -> None:
    s = build(db)
    languages.add_language_text(db, AMOS, s.version_id, "ru", parse_document(RUSSIAN))
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        session.scalars(select(LanguageProvisionRow)).first().text = "Другое."  # type: ignore[union-attr]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE language_provisions SET text = 'Ноль.' WHERE key = 'art-1'"))
    report = ledger.check_database(db)
    assert {d.what for d in report.discrepancies} == {"content changed"}
    assert any("the ru text of version" in str(d) for d in report.discrepancies)


def test_the_un_charter_in_english_and_dutch(db: Database) -> None:
    s = build(db)
    english = read_document(CORPUS / "un-charter.en.md")
    version = documents.table_version(db, AMOS, s.negotiation, "Party A", english, language="en")
    dutch = read_document(CORPUS / "un-charter.nl.md")
    added = languages.add_language_text(db, AMOS, version.id, "nl", dutch)
    articles = [p for p in added.provisions if p.key.startswith("art-")]
    assert len(articles) == 111
    check = languages.check_languages(db, CARL, version.id)
    # The real differences between the two texts (see tests/unit/domain/test_languages.py).
    assert {(d.key, d.check) for d in check.divergences} == {
        ("art-53", Check.TERMS),
        ("art-104", Check.NUMBERS),
        ("closing", Check.NUMBERS),
    }
    assert verify_record(db, None).ok


def test_a_derived_version_carries_the_language_texts(
    db: Database,
) -> None:
    s = build(db)
    languages.add_language_text(db, AMOS, s.version_id, "ru", parse_document(RUSSIAN))
    shorter = derivation.derive_version(db, AMOS, s.version_id, [Choice("art-2", Action.DELETE)])
    carried = languages.get_language_text(db, CARL, shorter.id, "ru")
    assert [p.key for p in carried.provisions] == ["preamble", "part-1", "art-1", "art-3"]
    assert carried.provisions[-1].text == "Три."
    # New wording in English only would leave the Russian text without it: refused, naming
    # the provision and the language (tests/integration/test_language_amendments.py)...
    with pytest.raises(ValidationError, match="in every language") as refused:
        derivation.derive_version(
            db, AMOS, s.version_id, [Choice("art-1", Action.COMPROMISE, text="Uno.")]
        )
    assert [(p.where, p.field) for p in refused.value.problems] == [("art-1", "wordings.ru")]
    # ... and carried with the Russian wording the drafters give.
    reworded = derivation.derive_version(
        db,
        AMOS,
        s.version_id,
        [Choice("art-1", Action.COMPROMISE, text="Uno.", wordings={"ru": "Уно."})],
    )
    texts = languages.list_language_texts(db, CARL, reworded.id)
    assert [t.language for t in texts] == ["en", "ru"]
    assert {p.key: p.text for p in texts[1].provisions}["art-1"] == "Уно."
    assert verify_record(db, None).ok
