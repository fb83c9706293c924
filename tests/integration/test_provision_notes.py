"""Footnotes tabled with a version: stored beside the text, read back, covered by the digest.

Issue 12's known failure: ``## Article 1`` with ``This Protocol amends the Convention.[^1]``
and a ``[^1]: ...`` definition made the sentence the heading and left the article no text.
"""

from __future__ import annotations

from sqlalchemy import text

from inwriting.domain.digests import version_digest
from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.services import documents, ledger
from inwriting.storage.engine import Database
from tests.conftest import DATA
from tests.integration.builders import AMOS, CARL, build

SOURCE = DATA / "formats" / "protocol-notes-and-table.md"


def test_a_cited_footnote_is_the_articles_note_on_both_databases(db: Database) -> None:
    s = build(db)
    version = documents.table_file(
        db, AMOS, s.negotiation, "Party A", SOURCE.name, SOURCE.read_bytes()
    )
    found = documents.get_version(db, CARL, version.id)
    article = found.provisions[0]
    assert (article.key, article.heading, article.text, article.notes) == (
        "art-1",
        "",
        "This Protocol amends the Convention.[^1]",
        ("As signed at Strasbourg on 1 May 2020.",),
    )
    assert all(not p.notes for p in found.provisions[1:])
    assert found.version.content_sha256 == version_digest(found.version.title, found.provisions)
    assert not ledger.check_database(db).discrepancies


def test_a_changed_note_is_detected(db: Database) -> None:
    s = build(db)
    documents.table_file(db, AMOS, s.negotiation, "Party A", SOURCE.name, SOURCE.read_bytes())
    with db.engine.begin() as conn:
        conn.execute(
            text("""UPDATE provisions SET notes = '["Signed elsewhere."]' WHERE key = 'art-1'""")
        )
    report = ledger.check_database(db)
    assert {d.what for d in report.discrepancies} == {"content changed"}


def test_a_provision_without_notes_digests_as_before_notes_existed() -> None:
    plain = Provision("art-1", ProvisionKind.ARTICLE, "Article 1", "1", "Scope", "Text.")
    # The digest of this provision computed before the notes field existed (commit 030cb87).
    assert version_digest("T", [plain]) == (
        "e7fca76a2cf5aaaeeb6ed90571bc141faa32891852546eb7ecb5d543c4b9ad2d"
    )
    noted = Provision(
        "art-1", ProvisionKind.ARTICLE, "Article 1", "1", "Scope", "Text.", notes=("N.",)
    )
    assert version_digest("T", [noted]) != version_digest("T", [plain])
